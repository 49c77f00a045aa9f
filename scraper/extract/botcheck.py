"""Pages a bot check serves instead of the page asked for: a challenge, a CAPTCHA, an "Access denied".

A site behind a bot-management service may answer a scraper with a page of its own, often with
status 200: "Just a moment..." while a script checks the browser, "Press & Hold", an "Access
Denied" with a reference number. Read as a page, that is "not an article", which a crawl gives up
for good: the story is lost. Called a bot check instead (:class:`~scraper.errors.BotCheck`), the page
is tried again by a later run, when the check may let it through.

A page is a bot check when it shows almost no text (``MAX_VISIBLE`` characters at most: a check
says one or two sentences) and either carries the marks of a known service (``_SERVICES``, in its
markup or scripts) or says so in its title (``_TITLE_WORDS``). Both together: a short page that merely
loads such a service's script for a form is not one, nor is a long one that does. Only pages that
already read as no article are asked (see :meth:`scraper.extract.base.ArticleExtractor._extract`).
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

# Characters of visible text a bot check shows at most (the longest, Cloudflare's, ~300).
MAX_VISIBLE = 1000
# Elements whose text no reader sees.
_UNSEEN = frozenset(("script", "style", "noscript", "template", "head", "title"))
# Marks of bot-management services in a page's markup (lower case), with what the error calls them.
# Each names the check's own page, not a script the service adds to every page it serves (Cloudflare's
# "/cdn-cgi/challenge-platform/scripts/jsd/" beacon is on ordinary pages: only "/h/" paths are challenges).
_SERVICES = (
    (("_cf_chl_opt", "cf-browser-verification", "/cdn-cgi/challenge-platform/h/", "cf-challenge"), "a Cloudflare challenge"),
    (("ddos-shield.appspot.com",), "a Project Shield check"),
    (("sucuri_cloudproxy", "sucuri website firewall"), "a Sucuri firewall check"),
    (("_incapsula_resource", "incapsula incident id"), "an Imperva (Incapsula) check"),
    (("captcha-delivery.com",), "a DataDome check"),
    (("px-captcha", "_pxcaptcha", "perimeterx"), "a HUMAN (PerimeterX) check"),
    (("awswaf", "aws-waf-token"), "an AWS WAF challenge"),
    (("errors.edgesuite.net",), "an Akamai access-denied page"),
    (("ddos-guard",), "a DDoS-Guard check"),
)
# Words of the titles bot checks and refusals give themselves (lower case; English, German, French, Spanish).
_TITLE_WORDS = (
    "just a moment", "attention required", "access denied", "pardon our interruption", "are you a robot",
    "checking your browser", "security check", "robot check", "human verification", "verify you are human",
    "verifying you are human", "request unsuccessful", "request rejected", "bot verification", "ddos protection",
    "zugriff verweigert", "sicherheitsüberprüfung", "accès refusé", "vérification de sécurité", "acceso denegado",
)


def bot_check(tree: LexborHTMLParser) -> str | None:
    """What stands in the page's place ("a Cloudflare challenge", 'a page titled "Access Denied"'), or None."""
    if shows_more_than(tree, MAX_VISIBLE):
        return None
    markup = (tree.html or "").lower()
    for marks, name in _SERVICES:
        if any(mark in markup for mark in marks):
            return name
    title_node = tree.css_first("title")
    title = " ".join((title_node.text() if title_node is not None else "").split())
    if title and any(words in title.lower() for words in _TITLE_WORDS):
        return f'a page titled "{title[:80]}"'
    return None


def shows_more_than(tree: LexborHTMLParser, limit: int) -> bool:
    """Whether the page's visible text (outside ``_UNSEEN`` elements) passes ``limit`` characters; the walk
    stops there. (The meta-refresh stubs of :mod:`scraper.fetch.refresh` are measured so too.)"""
    root = tree.body
    if root is None:
        return False
    shown = 0
    for node in root.traverse(include_text=True, skip_empty=True):
        if node.tag != "-text":
            continue
        parent = node.parent
        if parent is not None and parent.tag in _UNSEEN:
            continue
        shown += len((node.text_content or "").strip())
        if shown > limit:
            return True
    return False
