"""``<meta http-equiv="refresh" content="0; url=...">``: a redirect a page makes in the browser.

Some pages answer 200 with a stub that sends the browser on at once: a moved story, a consent or
tracking hop, a link shortener. Read as it is, the stub is "not an article" and the story is lost,
so the fetchers follow it like an HTTP redirect (see :meth:`scraper.fetch.http.Fetcher.fetch`) when it
leaves within ``MAX_REFRESH_DELAY`` seconds for another URL and shows little of its own (``STUB_TEXT``).
A page that reloads itself every few minutes (a live blog) names no other URL, or waits longer, and
stays as it is; so does a whole story whose ``<noscript>`` sends browsers without JavaScript to a
"please enable JavaScript" page: a scraper wants the story it already has.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from scraper.extract.botcheck import shows_more_than

# A refresh waiting longer than this is a page reloading itself or a slide show, not a redirect.
MAX_REFRESH_DELAY = 10.0
# Characters of visible text a stub shows at most ("This story has moved. Continue to ..."); a page showing
# more is read as it is.
STUB_TEXT = 1000
# Only the head is read: the bytes of a page a <meta> may stand in (a refresh tag below them moves no browser first).
HEAD_BYTES = 32 * 1024
_META = re.compile(rb"<meta\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
# "5; url=/next", "0;URL='https://example.org/b'", "0, /next", "3 url=/next" (browsers accept them all).
_CONTENT = re.compile(r"""^\s*(\d+(?:\.\d*)?)\s*(?:[;,]\s*|\s+)(?:url\s*=\s*)?(.*?)\s*$""", re.I | re.S)


def refresh_target(body: bytes, base: str) -> str | None:
    """The http(s) URL, resolved against ``base``, that ``body``'s refresh sends a browser to within
    ``MAX_REFRESH_DELAY`` seconds; None when it has none, waits longer, or names ``base`` itself."""
    head = body[:HEAD_BYTES]
    if b"refresh" not in head.lower():
        return None
    for tag in _META.findall(head):
        attributes = {name.lower(): value.strip("\"'") for name, value in _ATTRIBUTE.findall(tag.decode("utf-8", "replace"))}
        if attributes.get("http-equiv", "").strip().lower() == "refresh":
            target = _target(html.unescape(attributes.get("content", "")), base)
            return target if target is not None and _stub(body) else None
    return None


def _stub(body: bytes) -> bool:
    """Whether the page shows at most ``STUB_TEXT`` characters of text (scripts, styles and noscript left out)."""
    return not shows_more_than(LexborHTMLParser(body), STUB_TEXT)


def _target(content: str, base: str) -> str | None:
    match = _CONTENT.match(content)
    if match is None or float(match.group(1)) > MAX_REFRESH_DELAY:
        return None
    address = match.group(2).strip().strip("\"'").strip()
    if not address:
        return None  # a reload of the page itself
    try:
        target = urldefrag(urljoin(base, address))[0]
        parts = urlsplit(target)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
        itself = target == urldefrag(base)[0]
    except ValueError:
        return None  # a malformed address ("http://[::1") leads nowhere
    if parts.scheme not in ("http", "https") or not parts.hostname or itself:
        return None
    return target
