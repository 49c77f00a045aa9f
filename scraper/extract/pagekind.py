"""Is a page an article? Evidence from the page, weighed by a small fitted linear model.

A news scraper must not emit a product grid, a category listing, a forum thread or a service page
as an article. Each page gives a few measurable signals (:func:`signals`), each a number from 0 to about 1:

- what it says it is: JSON-LD types (article, shop, forum, index kinds), microdata forum types,
  ``og:type``; whether it states a date and an author;
- its URL: a date in the path, a forum folder (``/forum/``, ``/t/``...) or a manual's (``/docs/``,
  ``/api/``, ``/help/``...; or a manual's or wiki's host, ``docs.``, ``wiki.``). Not the slug: nearly every wcxb-dev article has a many-word slug, so the
  model leaned on it and then rejected slug-less stories elsewhere (5 of 122 readability-test-pages);
- its body: how much prose (log scale), how many long paragraphs, how much of it is link text,
  what share of the page's whole text it is (a story is most of its page; a product box or a
  thread list is a small part of a large one), what share of its paragraphs quote someone (news
  reports what people said) and how often it says "we", "our", "us" (a firm presenting its services
  speaks for itself; a report speaks of others). That last one counts English words only: in German
  pages "wir", "unser" are as common in press releases and club news as on service pages;
- its markup: exactly one ``<article>`` element, marks of shops (prices, add-to-cart buttons), of
  teaser lists (headlines that are links; five or more, nearly all linked), of forums (post and
  thread class names) and of manuals (``<pre>``/``<code>`` elements; links to edit the page's source,
  "Edit this page" on GitHub or GitLab; previous/next links of a page in a sequence, as manual
  chapters and paged lists have); how many buttons it shows (landing, service and shop pages call
  to action again and again; a story has a few, to share it).

:func:`article_score` adds them up with ``WEIGHTS``; a page scoring below ``THRESHOLD`` is not an article.

``WEIGHTS`` is a logistic regression fitted by ``benchmarks/fit_article.py`` on the page types of
wcxb-dev (711 articles against 647 service, forum, listing, product, collection and documentation
pages); the threshold is set for a very high article recall (98.5%), since a page wrongly called "not an
article" loses its story for good. The comment above the table gives the run and its figures.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extract import metadata
from scraper.extract.base import PageShare, distinct, elements_by_tag
from scraper.normalize import word_list

# JSON-LD types of pages that are not articles, by kind.
SHOP_TYPES = frozenset(("Product", "ProductGroup", "Offer", "AggregateOffer", "OfferCatalog", "IndividualProduct", "ProductModel"))
FORUM_TYPES = frozenset(("DiscussionForumPosting", "QAPage"))
INDEX_TYPES = frozenset(("CollectionPage", "ItemPage", "SearchResultsPage", "ContactPage", "Service", "SoftwareApplication", "Course", "Event"))
_ARTICLE_OG = ("article", "blog", "news")
_URL_DATE = re.compile(r"/(?:19|20)\d\d/(?:[01]?\d/)?")
# Quotation marks: straight, curly, low-9, guillemets, corner brackets.
_QUOTE_MARKS = re.compile('["\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a\u300c\u300d\u300e\u300f]')
_WE = frozenset((b"we", b"our", b"ours", b"us"))
# Share of the words that counts as speaking for oneself throughout (signal 1.0); wcxb-dev means:
# article 0.5%, service page 1.6%.
WE_SHARE = 0.02
WE_SAMPLE = 20_000  # characters of the body read for it: a share needs no more, and a huge body stays cheap
# Headings that are links to another page (teasers); in-page anchors and named targets are not.
_LINK = 'a[href]:not([href^="#"])'
_LINKED_HEADINGS_CSS = ", ".join([f"{h} > {_LINK}" for h in ("h2", "h3", "h4")] + [f"{_LINK} > {h}" for h in ("h2", "h3", "h4")])
TEASERS = 5  # linked headings that make a teaser list
BUTTONS = 50  # buttons that count as "many" (wcxb-dev medians: article 11, service 21, product 59)
# URL folders of discussion boards ("/t/" is Discourse's topic path) and of manuals and help centres.
_FORUM_PATH = re.compile(r"/(?:forums?|threads?|topics?|community|questions|t|discussions?)(?:/|$)", re.I)
_DOCS_PATH = re.compile(r"/(?:docs?|documentation|api|reference|manual|guide|wiki|kb|help|support)(?:/|$)", re.I)
# Hosts of manuals and wikis: their first label ("docs.python.org", "wiki.archlinux.org"). Not "developer(s)" or
# "help": news sites name sections so ("developers.slashdot.org" runs stories).
_DOCS_HOST_LABELS = frozenset(("docs", "doc", "documentation", "devdocs", "wiki", "manual", "kb"))
# Board software marks its posts and threads in class names (phpBB "postbody", vBulletin "postbit",
# XenForo "message-body", Discourse "topic-post"); a story's comment section rarely uses these words.
_FORUM_CLASSES = ("forum", "thread", "topic", "postb", "message-body")
_FORUM_ITEMTYPES = ("DiscussionForumPosting", "Question", "Answer")
_CART_CLASSES = ("add-to-cart", "addtocart", "add_to_cart")
_HIDDEN_TAGS = frozenset(("script", "style", "template"))
# One walk over the body finds all the markup _page_marks counts: scripts and styles (text no reader
# sees), code blocks, microdata types, prices and carts, buttons, links to edit a source or to the
# previous/next page, forum classes (lowercase, as boards write them). Split by cost: for each "[class*=...]"
# part lexbor scans every class value of the body, so those few cost twice the plain rest.
_PLAIN_MARKS_CSS = ", ".join(
    [
        "script, style, template, pre, code, [itemtype]",
        '[itemprop="price"], [itemprop="offers"], [name="add-to-cart"]',
        'button, [role="button"]',
        'a[href*="/edit/"], a[href*="/blob/"], a[rel~="next"], a[rel~="prev"]',
    ]
)
_SHOP_MARKS_CSS = '[class*="price" i], [class*="cart" i], a[class*="btn" i], a[class*="button" i]'
_FORUM_MARKS_CSS = ", ".join(f'[class*="{word}"]' for word in _FORUM_CLASSES)
_MARKS_CSS = f"{_PLAIN_MARKS_CSS}, {_SHOP_MARKS_CSS}, {_FORUM_MARKS_CSS}"
# The class-name parts of the walk as pagekind.judge reads them, one after the other, each with the signals
# an element it finds, and no part read before, can add to (all weigh negatively). Every other signal reads a
# tag or an attribute that an earlier part finds the element by: a _PLAIN_MARKS_CSS one (lexbor's type
# selectors, as the tag names here, ignore the namespace), or for prices, carts and buttons a
# _SHOP_MARKS_CSS one (each word's ASCII letters, which lexbor folds; Python's lower() folds no other letter
# to them). "in_sequence" to the end: Python's split and lower and lexbor's "~=" may read a rel value apart.
_CLASS_STEPS = (
    (_SHOP_MARKS_CSS, ("prices", "cart", "buttons", "forum_marks", "in_sequence")),
    (_FORUM_MARKS_CSS, ("forum_marks", "in_sequence")),
)
# How far a bound on the score must clear the threshold to decide (see judge): far above what rounding
# changes in a sum of some 30 terms of order 1, so the decision holds however the sums are rounded.
_BOUND_MARGIN = 1e-9


def signals(
    tree: LexborHTMLParser,
    url: str,
    *,
    prose: int,
    share: PageShare | None = None,
    **evidence: Any,
) -> dict[str, float]:
    """The page's evidence, each signal a number between 0 and 1 (see the module docstring).

    Keywords: ``jsonld``, ``article_ld``, ``og_type``, ``prose``, ``link_density``, ``paragraphs`` (the texts
    of the body's paragraphs), ``text`` (the body's whole text: lists and headings too), ``dated``, ``signed``;
    ``elements``: the page's ``h2``-``h4`` and ``article`` elements by tag, when already found
    (:attr:`scraper.extract.base.Document.elements`); ``share``: the body's PageShare, when other readers
    measured its text already (:attr:`scraper.extract.base.Document.body_share`).
    """
    return {**_plain_signals(tree, url, prose=prose, **evidence), **_page_marks(tree, prose, share)}


def judge(
    tree: LexborHTMLParser,
    url: str,
    *,
    prose: int,
    share: PageShare | None = None,
    **evidence: Any,
) -> bool:
    """``is_article(signals(tree, url, ...))``, reading the body's class names only where they can change
    the answer (the same keywords as :func:`signals`).

    The marks only the class-name parts find raise signals whose weights are all negative (_CLASS_STEPS): they
    can only lower the score, and by no more than those signals at 1. So a page scoring below the threshold
    without them is no article, and one that stays above it with all of them at 1 is one, whatever the class
    names say. A bound decides only when it clears the threshold by _BOUND_MARGIN, which no rounding of the
    sums reaches. Most articles are clear of the threshold by that much: their walk leaves out the costly
    parts. Others are after the prices, carts and buttons: then the forum classes are not read.
    """
    plain = _plain_signals(tree, url, prose=prose, **evidence)
    marks = _MarkCount(tree)
    marks.read(_PLAIN_MARKS_CSS)
    for css, unread in _CLASS_STEPS:
        found = {**plain, **marks.signals(prose, share)}
        if article_score(found) < THRESHOLD - _BOUND_MARGIN:
            return False
        if article_score(dict(found, **dict.fromkeys(unread, 1.0))) >= THRESHOLD + _BOUND_MARGIN:
            return True
        marks.read(css)
    return is_article({**plain, **marks.signals(prose, share)})


def _plain_signals(
    tree: LexborHTMLParser,
    url: str,
    *,
    jsonld: Iterable[dict[str, Any]],
    article_ld: dict[str, Any],
    og_type: str | None,
    prose: int,
    link_density: float,
    paragraphs: Iterable[str],
    text: str = "",
    dated: bool,
    signed: bool,
    elements: dict[str, list[LexborNode]] | None = None,
) -> dict[str, float]:
    """The evidence of :func:`signals` but the body's markup (see _page_marks)."""
    if elements is None:
        elements = elements_by_tag(tree, ("h2", "h3", "h4", "article"))
    types: set[str] = set()
    for obj in jsonld:
        types |= metadata.types_of(obj)
    try:
        parts = urlsplit(url)
        path, host = parts.path.rstrip("/"), (parts.hostname or "")
    except ValueError:  # a malformed URL ("http://[::1") says nothing about the page
        path = host = ""
    texts = list(paragraphs)
    long_paragraphs = sum(1 for text in texts if len(text) >= 150)
    quoting = sum(1 for text in texts if _QUOTE_MARKS.search(text))
    sample = text[:WE_SAMPLE].lower()
    words = word_list(sample)
    we = sum(map(_WE.__contains__, words)) / len(words) if words else 0.0
    headings = len(elements["h2"]) + len(elements["h3"]) + len(elements["h4"])
    linked = _linked_headings(elements) if headings else 0  # no h2-h4, no linked one
    return {
        "ld_article": float(bool(article_ld) and not metadata.types_of(article_ld) & FORUM_TYPES),
        "ld_shop": float(bool(types & SHOP_TYPES)),
        "ld_forum": float(bool(types & FORUM_TYPES)),
        "ld_index": float(bool(types & INDEX_TYPES)),
        "og_article": float(any(kind in (og_type or "").lower() for kind in _ARTICLE_OG)),
        "dated": float(dated),
        "signed": float(signed),
        "url_date": float(bool(_URL_DATE.search(path))),
        "prose": min(math.log10(1 + prose) / 4, 1.25),
        "long_paragraphs": min(long_paragraphs, 10) / 10,
        "quotes": quoting / len(texts) if texts else 0.0,
        "we": min(we / WE_SHARE, 1.0),
        "link_density": link_density,
        "linked_headings": min(linked, 20) / 20,
        "linked_share": min(linked / headings, 1.0) if headings else 0.0,
        # A list of teasers: five or more headings, nearly all of them links to other pages.
        "teaser_list": float(linked >= TEASERS and linked >= 0.8 * headings),
        "one_article_element": float(len(elements["article"]) == 1),
        "forum_url": float(bool(_FORUM_PATH.search(path + "/"))),
        "docs_url": float(bool(_DOCS_PATH.search(path + "/")) or host.split(".", 1)[0] in _DOCS_HOST_LABELS),
    }


def _linked_headings(elements: dict[str, list[LexborNode]]) -> int:
    """What ``len(tree.css(_LINKED_HEADINGS_CSS))`` counts: the links (not in-page ones) that are children of
    an ``h2``-``h4``, and the ``h2``-``h4`` that are children of such a link; read from the headings found
    already, not by another walk of the whole page."""
    count = 0
    for tag in ("h2", "h3", "h4"):
        for heading in elements[tag]:
            parent = heading.parent
            count += parent is not None and parent.tag == "a" and _is_link(parent)
            child = heading.child
            while child is not None:
                count += child.tag == "a" and _is_link(child)
                child = child.next
    return count


def _is_link(node: LexborNode) -> bool:
    """``a[href]:not([href^="#"])`` for an ``a`` element."""
    attributes = node.attributes
    return "href" in attributes and not (attributes["href"] or "").startswith("#")


def _page_marks(tree: LexborHTMLParser, prose: int, share: PageShare | None = None) -> dict[str, float]:
    """Signals from the body's markup, found in one walk: prices and add-to-cart buttons (shops), code
    blocks, links to edit the source and previous/next links (manuals), forum classes and microdata,
    buttons (links styled as buttons too), and how much of the page's visible text the body holds (a
    story is most of its page; a product box or a thread list is a small part of a large one)."""
    marks = _MarkCount(tree)
    marks.read(_MARKS_CSS)
    return marks.signals(prose, share)


class _MarkCount:
    """What _page_marks counts, read from the elements one or more walks of the body find. Each element
    counts once, however many parts or walks find it, so reading two selectors one after the other counts
    what one walk of their union would."""

    def __init__(self, tree: LexborHTMLParser) -> None:
        self.body = tree.body
        self.prices = self.code = self.forum = self.buttons = self.hidden = 0
        self.cart = self.forum_item = self.source = False
        head = tree.head
        self.sequence = head is not None and head.css_first('link[rel="next"], link[rel="prev"]') is not None
        self.seen: set[int] = set()

    def read(self, css: str) -> None:
        if self.body is None:
            return
        for node in distinct(self.body.css(css), self.seen):
            tag = node.tag
            if tag in _HIDDEN_TAGS:
                self.hidden += len(node.text(deep=True))  # inline scripts and styles are no text a reader sees
                continue
            self.code += tag in ("pre", "code")
            attributes = node.attributes
            itemtype = attributes.get("itemtype") or ""
            self.forum_item = self.forum_item or any(kind in itemtype for kind in _FORUM_ITEMTYPES)
            classes = attributes.get("class") or ""
            folded = classes.lower()
            self.prices += attributes.get("itemprop") in ("price", "offers") or "price" in folded
            self.cart = self.cart or attributes.get("name") == "add-to-cart" or any(word in folded for word in _CART_CLASSES)
            if tag == "a":
                href, rel = attributes.get("href") or "", (attributes.get("rel") or "").lower().split()
                self.source = self.source or "/edit/" in href or "/blob/" in href
                self.sequence = self.sequence or "next" in rel or "prev" in rel
            self.buttons += tag == "button" or attributes.get("role") == "button" or (tag == "a" and ("btn" in folded or "button" in folded))
            # WordPress marks a story's comments "thread-even", "comment-thread": replies, not a board.
            self.forum += "comment" not in folded and any(word in classes for word in _FORUM_CLASSES)

    def signals(self, prose: int, share: PageShare | None) -> dict[str, float]:
        if self.body is None:
            return dict.fromkeys(("prices", "cart", "code", "source_links", "in_sequence", "forum_marks", "md_forum", "buttons", "prose_share"), 0.0)
        page = (share.chars if share is not None else len(self.body.text(deep=True))) - self.hidden
        return {
            "prices": min(self.prices, 20) / 20,
            "cart": float(self.cart),
            "code": min(self.code, 40) / 40,
            "source_links": float(self.source),
            "in_sequence": float(self.sequence),
            "forum_marks": min(self.forum, 20) / 20,
            "md_forum": float(self.forum_item),
            "buttons": min(self.buttons, BUTTONS) / BUTTONS,
            "prose_share": min(prose / page, 1.0) if page > 0 else 0.0,
        }


def article_score(evidence: dict[str, float]) -> float:
    """The model's log-odds that the page is an article."""
    return WEIGHTS["bias"] + sum(WEIGHTS.get(name, 0.0) * value for name, value in evidence.items())


def is_article(evidence: dict[str, float]) -> bool:
    return article_score(evidence) >= THRESHOLD


# What each signal against an article says, for the error of a page that is none (see :func:`why_not`).
_SIGNS_AGAINST = {
    "buttons": "many buttons", "cart": "an add-to-cart button", "code": "code blocks", "docs_url": "a manual's URL",
    "forum_marks": "forum post markup", "forum_url": "a forum's URL", "in_sequence": "previous/next page links",
    "ld_forum": "forum JSON-LD", "ld_index": "collection or service JSON-LD", "ld_shop": "product JSON-LD",
    "link_density": "mostly link text", "md_forum": "forum microdata", "prices": "prices",
    "source_links": "links to edit its source", "teaser_list": "a list of linked headlines", "we": "speaks as \"we\"",
}
SIGN_POINTS = 0.25  # the least a signal must take off the score to be named


def why_not(evidence: dict[str, float]) -> str:
    """Why a page is no article, in words: its score, and the signals that took most off it (up to three)."""
    against = sorted(
        (WEIGHTS.get(name, 0.0) * value, name) for name, value in evidence.items() if name in _SIGNS_AGAINST
    )
    named = [_SIGNS_AGAINST[name] for points, name in against[:3] if points <= -SIGN_POINTS]
    signs = ", ".join(named) if named else "little that marks a story: no date, byline or article markup"
    return f"it reads as a listing, shop, forum or service page ({signs}; article score {article_score(evidence):.2f}, below {THRESHOLD})"


# Fitted by benchmarks/fit_article.py on wcxb-dev (1,358 pages; L2 0.001; --recall 0.985). THRESHOLD keeps 98.5% of
# the articles in 5 host-grouped folds: there, article precision 0.739, recall 0.986, F1 0.845. At 99% (-2.53):
# 0.720, 0.99, 0.834; earlier models at 99%: without the source-link and sequence signals 0.711, 0.99, 0.828;
# without quotes and "we" too 0.652, 0.99, 0.786; without buttons too 0.667, 0.99, 0.797.
# Pages kept per type: article 701/711, collection 19/91, documentation 37/89, forum 27/112, listing 46/98, product 9/92, service 110/165.
# Trade-off (cross-validated): 98% of articles kept gives F1 0.852, 97% gives 0.864, 95% gives 0.891.
# Out of corpus (pages that are all articles or article-like), this model rejects readability-test-pages
# (readerable) 2/122, trafilatura-eval 12/949, htmldate-dev 2/300 (at 99%: 2/122, 11/949, 1/300); most of them
# are shops, forum threads, manuals, social-media pages. 98.5% rather than 99%: a plain teaser listing
# (tests/test_generic.py) scores between the two.
# Out-of-corpus recall is what binds: fit_article.py --keep-checks (reject no page elsewhere that this model
# keeps) allows no higher threshold. Signals tried and left out for that reason (host-grouped CV F1 at 98.5%
# recall ~0.865 -> up to 0.878, but each costs pages there, a dpa brief, a blog home page, recipes among them):
# a home-page URL, <time> count, days printed, a printed date line, og:type product, versioned doc URLs,
# forms, tel: links, class words (hero, cta, accordion, tab, avatar, user...), heading and list shares,
# paragraph length, "you"; boosted trees over all of them did worse out of corpus (0.79 at equal losses).
# docs_url reads a manual's or wiki's host too since this fit (wcxb-dev: 14 more manuals rejected, no article;
# trafilatura-eval: a Docker manual page and a party wiki's page).
# (A site's front page is settled before the model, by its URL alone: ArticleExtractor.listing_url. The home-page
# URL signal above cost blog front pages showing their latest post, which are front pages all the same.)
THRESHOLD = -2.31
WEIGHTS: dict[str, float] = {
    "bias": -2.44,
    "buttons": -1.33,
    "cart": -0.84,
    "code": -1.86,
    "dated": 0.87,
    "docs_url": -2.4,
    "forum_marks": -2.12,
    "forum_url": -1.16,
    "in_sequence": -0.56,
    "ld_article": 1.09,
    "ld_forum": -0.99,
    "ld_index": -1.24,
    "ld_shop": -1.66,
    "link_density": -2.03,
    "linked_headings": 0.28,
    "linked_share": 0.08,
    "long_paragraphs": 1.81,
    "md_forum": -0.82,
    "og_article": 1.17,
    "one_article_element": 1.11,
    "prices": -0.83,
    "prose": 0.72,
    "prose_share": 1.15,
    "quotes": 1.49,
    "signed": 1.08,
    "source_links": -1.37,
    "teaser_list": -1.19,
    "url_date": 1.08,
    "we": -1.58,
}
