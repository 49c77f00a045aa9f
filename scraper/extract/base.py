"""The extractor base class: one parse, small helpers, one method per record field.

A site module subclasses :class:`ArticleExtractor` and overrides only the fields it knows; every
other field falls back to the page's structured metadata (see :mod:`scraper.extract.metadata` for the order
of trust). Result is pure: a :class:`Document` (page text + URL) in, records out.
"""

from __future__ import annotations

import functools
import gc
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

import attrs
from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extract import metadata, names
from scraper.extract.botcheck import bot_check
from scraper.errors import BotCheck, InvalidRecord, NotAnArticle, ScraperError
from scraper.normalize import (
    absolute_url,
    archived_url,
    article_id,
    clean_multiline,
    clean_text,
    host_of,
    listing_kind,
    parse_date,
    stable_id,
)
from scraper.records import Article, Author, Block, Comment, Image, Link, Result

class cached_property(functools.cached_property):  # noqa: N801 - a drop-in for functools' own
    """functools.cached_property without its lock: an extractor serves one thread, and Python 3.11 takes
    the lock on every first read (a dozen or more a page). Called only while the instance's ``__dict__``
    lacks the value (a non-data descriptor), so it computes and stores it at once."""

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.attrname] = self.func(instance)
        return value


# <br> becomes this character at parse time, so text() keeps line breaks apart from source newlines.
logger = logging.getLogger(__name__)

# Bounds that keep a hostile page within memory (a 10 MB page must stay under ~200 MB peak). The
# largest pages of the development sets have ~22,000 tags and no paragraph near these sizes.
# Markup past the MAX_TAGS-th "<" is not parsed (a tree of a million nodes alone takes 200+ MB).
MAX_TAGS = 200_000
# A body of this many characters at most may be a bot check's page (see scraper.extract.botcheck).
BOT_CHECK_BODY = 300
# Why a page without a title or any text holds no article (NotAnArticle's words).
NO_PROSE = "no prose body found (an index, consent or empty page?)"
# Why a page whose URL is a list of stories holds none (see ArticleExtractor.listing_url).
FRONT_PAGE = "it is its site's front page, which shows other pages' stories (each has a URL of its own)"
ARCHIVE_PAGE = "it is an archive page (a tag's, an author's, a category's or the latest stories'), which lists other pages' stories"
# Characters kept of one block (a paragraph, a table); the rest of a longer one is cut.
MAX_BLOCK_CHARS = 100_000
# Rows kept of one table.
MAX_TABLE_ROWS = 5_000

BREAK = "\u2028"
HOME_LINK_CHARS = 40  # the longest link text read as a site's name (see ArticleExtractor._home_link_texts)
# What stands between a headline and a site name in <title>: " | ", " - ", " :: ", "|"...
_TITLE_SEPARATORS = re.compile(r"\s+[|│｜–—·•»\-/:_]{1,2}\s+|\s+::\s+|\s*[|│｜]\s*")
# Titles in Chinese and Japanese set "-" or "_" before the site's name without spaces ("新闻标题-新华网"); only a
# last segment naming the site is cut there (a blog's own title may hold one: "新竹尖石_美樹營地賞楓").
_CJK = "\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_TAIL = re.compile(rf"(?<=[{_CJK}])[-_－—]([{_CJK}][^-_－—\s]{{0,30}})$")
_NOT_WORD = re.compile(r"[\W_]+")
_WORD_BREAKS = re.compile(r"[\s\-–]+")  # between a phrase's words, hyphens included
# A bare host name as a title's closing segment ("SZ.de", "t-online.de"): its top-level domain, lower case.
_BARE_HOST = re.compile(r"[\w-]+(?:\.[\w-]+)*\.([a-z]{2,6})", re.I)
# A separator left at either end of a title once a site name went, or printed there ("» Jens Weber").
# Not "»" at the end: there it closes a French quotation ("« ... »").
_DANGLING = re.compile(r"^(?:[|–—·•»:_]+|-{1,2})\s+|\s+(?:[|–—·•:_]+|-{1,2})$")
# Second-level labels under which a country's domains are registered (example.co.uk, example.com.au).
_SECOND_LEVEL = frozenset(("co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "go", "gv", "nic"))
# Words of a title segment that holds the site's domain name and is still only the site's name.
_SITE_PHRASE_WORDS = 5
# Words by which a short title segment calls itself a site, not a headline: "Headline – My website".
_SITE_WORDS = frozenset(("website", "homepage", "weblog", "blog", "webseite", "webblog"))
_SITE_WORDS_MAX = 3
# How a host name spells the letters it cannot hold ("Löwenseiten" on loewenseiten.info).
_HOST_SPELLING = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# Once the site's name went, a segment of this many words or fewer beside it is a section or board label
# ("Headline | iPhone | Forum | Site", "Site » Blog Archive » Headline"), if a headline of _HEADLINE_WORDS remains.
_LABEL_WORDS = 2
_HEADLINE_WORDS = 4
# A home-link heading's text this short is the site's name as its logo prints it.
_LOGO_WORDS = 5
_LOGO_CHARS = 50

# Never article text, wherever it stands: code, controls, navigation, the document head.
NEVER_CONTENT = frozenset(
    (
        "script", "style", "noscript", "template", "svg", "button", "input", "select", "textarea",
        "nav", "head", "link", "meta", "object", "canvas", "dialog", "menu", "option", "label",
    )
)
# What the block walker never descends into: the above, and forms (a site's own markup is trusted
# for the rest; content scoring, reading any page, skips more: scoring.SKIP_TAGS).
SKIP_TAGS = NEVER_CONTENT | {"form"}
INLINE_TAGS = frozenset(
    (
        "a", "b", "strong", "i", "em", "span", "small", "sup", "sub", "u", "mark", "code", "abbr",
        "cite", "q", "time", "s", "del", "ins", "font", "big", "tt", "var", "kbd", "samp", "dfn",
        "bdi", "bdo", "data", "wbr", "-text", "br",
    )
)
HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
EMBED_HOSTS = ("youtube.com", "youtube-nocookie.com", "youtu.be", "vimeo.com", "twitter.com", "x.com",
               "instagram.com", "facebook.com", "tiktok.com", "dailymotion.com", "soundcloud.com",
               "spotify.com", "jwplayer.com", "jwplatform.com", "reddit.com", "bsky.app")
# Where an <img> keeps its URL, best first: lazy loaders put the real one in data-* attributes.
_SRC_ATTRS = ("data-srcset", "data-lazy-srcset", "srcset", "data-src", "data-lazy-src", "data-original", "src")


# Elements that start a new line of text; text on either side of one never runs together.
BLOCK_LEVEL = frozenset(
    (
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
        "pre", "table", "tr", "section", "article", "header", "footer", "aside", "figure", "figcaption",
        "address", "hr", "main", "details", "summary",
    )
)
_BLOCK_CSS = ", ".join(sorted(BLOCK_LEVEL))
_BLOCK_BUDGET = 64  # nodes read in Python before _BLOCK_CSS (30 tags: a costly parse) is asked instead
# Elements several fields look for (the headline, article-or-not, dates): found in one walk, see Document.elements.
INDEXED_TAGS = ("h1", "h2", "h3", "h4", "article", "time")
# Elements one of which holds any comment list a generic page has (see generic._COMMENT_LISTS).
COMMENT_BOXES_CSS = "#comments, .commentlist, .comment-list, .comments-list"
# What Document's one walk finds: <br> (marked as BREAK), <meta content>, the INDEXED_TAGS elements,
# itemprop headlines, the canonical link, the JSON-LD scripts and the COMMENT_BOXES_CSS elements.
_PAGE_CSS = ", ".join(
    ("br", "meta[content]", *INDEXED_TAGS, '[itemprop="headline"]', 'link[rel="canonical"][href]', metadata.JSONLD_CSS,
     COMMENT_BOXES_CSS)
)


_TEXT_ONLY = frozenset(("-text", "-comment"))
_IMG, _FIGCAPTION = frozenset(("img",)), frozenset(("figcaption",))


def text_only(node: LexborNode) -> bool:
    """Whether ``node`` has no child element (only text and comments): then no selector can match below it,
    and a check costs less than a selector's (each ``css_first`` parses its selector anew)."""
    child = node.child
    while child is not None and child.tag in _TEXT_ONLY:
        child = child.next
    return child is None


def first_tagged(node: LexborNode, tags: frozenset[str], css: str, budget: int = 16) -> LexborNode | None:
    """``node.css_first(css)`` where ``css`` names just the tags ``tags``: the node itself or its first descendant
    of one of them, in page order. A small subtree is read here, as a selector's parse alone (each call parses
    it anew) costs as much as reading a dozen nodes, or five dozen for a long list of tags; past ``budget``
    nodes the rest is left to the selector."""
    for seen, child in enumerate(node.traverse()):
        if child.tag in tags:
            return child
        if seen == budget:
            return node.css_first(css)
    return None


def raw_text(node: LexborNode) -> str:
    """A node's text, with a line break (as BREAK) wherever a block element starts or ends.

    ``node.text()`` alone would glue ``<p>One.</p><p>Two.</p>`` into ``One.Two.``. Subtrees without
    block elements take the fast path; script and style text is left out on the slow one. So does a node
    holding only text (and comments): both paths read the same text there, without the selector's cost.
    """
    if text_only(node) or first_tagged(node, BLOCK_LEVEL, _BLOCK_CSS, _BLOCK_BUDGET) is None:
        return node.text(deep=True)
    parts: list[str] = []
    _collect_text(node, parts, 0)
    return "".join(parts)


def _collect_text(node: LexborNode, parts: list[str], depth: int) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            parts.append(child.text_content or "")
        elif tag in SKIP_TAGS or tag == "-comment":
            continue
        elif depth > 60 or tag not in BLOCK_LEVEL and (text_only(child) or first_tagged(child, BLOCK_LEVEL, _BLOCK_CSS, _BLOCK_BUDGET) is None):
            parts.append(child.text(deep=True))
        else:
            block = tag in BLOCK_LEVEL
            if block:
                parts.append(BREAK)
            _collect_text(child, parts, depth + 1)
            if block:
                parts.append(BREAK)


def text_of(node: LexborNode | None, *, breaks: bool = False, verbatim: bool = False) -> str | None:
    """Cleaned text of a node; ``breaks=True`` keeps ``<br>`` and block boundaries as ``\\n``.

    Line breaks of the HTML source are spaces, as a browser shows them; ``verbatim=True`` (code,
    ``<pre>``) keeps them too.
    """
    if node is None:
        return None
    raw = raw_text(node)[:MAX_BLOCK_CHARS]
    if verbatim:
        return clean_multiline(raw.replace(BREAK, "\n"))
    if breaks:
        return break_lines(raw)
    return clean_text(raw.replace(BREAK, " "))


def break_lines(raw: str) -> str | None:
    """Text as a browser lays it out: every source whitespace run is one space, and only BREAK
    (``<br>``, a block boundary) starts a new line."""
    return clean_multiline(laid_out(raw))


def laid_out(raw: str) -> str:
    """:func:`break_lines` before cleaning: for ``Block(text=...)``, whose converter cleans it once.

    One line per BREAK-separated piece, its whitespace runs one space and its ends cut (empty lines
    stay: the cleaning drops them). str.split, not a regex: the same whitespace, several times faster.
    """
    if BREAK not in raw:
        return " ".join(raw.split())
    return "\n".join(" ".join(line.split()) for line in raw.split(BREAK))


# Field methods that return lists (their default when a method fails); the others return one value or None.
_LIST_FIELDS = frozenset(("authors", "tags", "images", "body", "related", "comments"))


def _bounded(html: str, url: str, utf8: bytes | None = None) -> bytes:
    """``html`` up to its MAX_TAGS-th tag: what a real page never reaches is not parsed.

    Returned as the UTF-8 bytes selectolax would make of the text itself (lone surrogates dropped), so
    the parse is the same; ``utf8``, when given, is those bytes already (a page that came as UTF-8).
    "<" is one byte in UTF-8, so the bytes hold as many as the text, and counting them there is ~10x
    faster than ``str.count`` on a page with any non-ASCII character.
    """
    raw = utf8 if utf8 is not None else html.encode("utf-8", "ignore")
    if len(raw) <= MAX_TAGS or raw.count(b"<") <= MAX_TAGS:  # a page of fewer bytes needs no count (~50 us a 200 KB page)
        return raw
    cut = -1
    for _ in range(MAX_TAGS):
        cut = raw.find(b"<", cut + 1)
    logger.warning("%s: page has more than %d tags; only the first %d are read", url, MAX_TAGS, MAX_TAGS)
    return raw[:cut]


def distinct(nodes: Iterable[LexborNode], seen: set[int]) -> Iterator[LexborNode]:
    """The nodes not in ``seen`` (element ids), each once: lexbor lists an element once for each part of a
    selector it matches. ``seen`` is updated, so reading several selectors one after the other with one
    set yields what one walk of their union would."""
    for node in nodes:
        if node.mem_id not in seen:
            seen.add(node.mem_id)
            yield node


def elements_by_tag(tree: LexborHTMLParser, tags: Iterable[str]) -> dict[str, list[LexborNode]]:
    """Every element of each of ``tags``, in page order: one walk of the tree for all of them."""
    found: dict[str, list[LexborNode]] = {tag: [] for tag in tags}
    for node in tree.css(", ".join(found)):
        found.setdefault(node.tag or "", []).append(node)
    return found


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a page's extraction, then restore its state.

    Extraction makes an object per element it visits (selectolax nodes, content boxes), nearly all
    freed together when the page is done, without cycles among them: collections run on their
    account only cost time (about a tenth of the extraction). Nested pauses leave it to the outermost.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class PageShare:
    """Whether an element holds most of the page's text: a layout wrapper that happens to carry a
    class like "footer" or "box". The page's text is measured once, on first use; one instance serves
    every reader of a page (Document.body_share), as reading a news page's text costs ~0.3 ms."""

    def __init__(self, root: LexborNode | None) -> None:
        self.root = root
        self._chars: int | None = None

    @property
    def chars(self) -> int:
        """Characters of the root's text (``len(root.text(deep=True))``), scripts and styles included."""
        if self._chars is None:
            self._chars = len(self.root.text(deep=True)) if self.root is not None else 0
        return self._chars

    def wraps_page(self, node: LexborNode) -> bool:
        return len(node.text(deep=True)) > 0.5 * self.chars


class Document:
    """A parsed page: the selectolax tree, the URL it came from, and cached metadata."""

    def __init__(self, html: str, url: str, *, utf8: bytes | None = None) -> None:
        """``utf8``: ``html``'s UTF-8 bytes, when the caller has them (see :func:`scraper.fetch.encoding.decode_page`)."""
        self.url = url
        self.tree = LexborHTMLParser(_bounded(html, url, utf8))
        # The page's INDEXED_TAGS elements by tag, in page order, shared by every field.
        self.elements: dict[str, list[LexborNode]] = {tag: [] for tag in INDEXED_TAGS}
        self.headline_nodes: list[LexborNode] = []  # [itemprop="headline"], in page order
        self._meta_attributes: list[dict[str, str | None]] = []  # those of every <meta content>, in page order
        self._jsonld_scripts: list[LexborNode] = []
        self._canonical_link: LexborNode | None = None
        # Elements with "comment" in their class or id, page order: the COMMENT_BOXES_CSS ones among them.
        self.comment_boxes: list[LexborNode] = []
        self._meta_texts: dict[str, str | None] = {}  # meta_text's answers
        self._walk()

    def _walk(self) -> None:
        """One walk of the page for what every extraction reads (see ``_PAGE_CSS``); each ``<br>`` is marked
        with BREAK at once, before any text is read. A walk of the whole tree costs about as much as a
        parse of its selector finds: one for all of them, not one each (~0.2 ms a walk on a news page)."""
        elements = self.elements
        for node in distinct(self.tree.css(_PAGE_CSS), set()):
            tag = node.tag
            if tag == "br":
                node.insert_before(BREAK)
                continue
            if tag in elements:
                elements[tag].append(node)
            attributes = node.attributes
            if tag == "meta" and "content" in attributes:
                self._meta_attributes.append(attributes)
            if attributes.get("itemprop") == "headline":
                self.headline_nodes.append(node)
            class_, id_ = attributes.get("class"), attributes.get("id")
            if class_ and "comment" in class_.lower() or id_ and "comment" in id_.lower():
                self.comment_boxes.append(node)  # looser than the selector (case-blind, any class word), never stricter
            if metadata.is_jsonld_script(tag, attributes):
                self._jsonld_scripts.append(node)
            if (
                self._canonical_link is None and tag == "link" and "href" in attributes
                and (attributes.get("rel") or "").lower() == "canonical"  # lexbor compares rel's value case-blind
            ):
                self._canonical_link = node

    @cached_property
    def meta(self) -> dict[str, str]:
        return metadata.meta_tags(self.tree, self._meta_attributes)

    @cached_property
    def body_share(self) -> PageShare:
        """The share of the body's text an element holds, for content scoring, dates and the page kind alike."""
        return PageShare(self.tree.body)

    def meta_text(self, key: str) -> str | None:
        """``meta[key]`` cleaned (:func:`~scraper.normalize.clean_text`); remembered, as fields ask for the same keys."""
        cleaned = self._meta_texts
        if key in cleaned:
            return cleaned[key]
        value = cleaned[key] = clean_text(self.meta.get(key))
        return value

    def meta_all(self, key: str) -> list[str]:
        """Every ``content`` of ``<meta property|name=key>``, in page order."""
        key = key.lower()
        out = []
        for attrs_ in self._meta_attributes:
            if key in ((attrs_.get("property") or "").lower(), (attrs_.get("name") or "").lower()):
                out.append(attrs_["content"])
        return out

    @cached_property
    def jsonld(self) -> list[dict[str, Any]]:
        return metadata.jsonld_objects(self.tree, self._jsonld_scripts)

    @cached_property
    def article_ld(self) -> dict[str, Any]:
        return metadata.article_object(self.jsonld) or {}

    @cached_property
    def canonical(self) -> str | None:
        """The page's own URL: ``rel=canonical``, else ``og:url``, resolved against the page URL."""
        node = self._canonical_link
        href = node.attributes.get("href") if node else None
        return absolute_url(href, self.url) or absolute_url(self.meta.get("og:url"), self.url)


@attrs.frozen(kw_only=True)
class RawComment:
    """A comment as a site extractor reads it; the base class turns these into Comment records."""

    key: str | None = None  # the page's own comment id, if it shows one
    parent_key: str | None = None  # key of the comment this one replies to
    author: str | None = None
    published_raw: str | None = None
    text: str | None = None
    quote: str | None = None
    likes: int | None = None


class ArticleExtractor:
    """Base class of every extractor; also a usable metadata-only extractor by itself."""

    name: ClassVar[str] = "base"
    # The publication's name, when a site class knows it better than the page says it.
    publication: ClassVar[str | None] = None

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.tree = doc.tree
        self.ld = doc.article_ld
        self._stripped: dict[str, str] = {}  # strip_site per title: the title and the headline ask it of the same few texts
        self._site_texts: dict[str, bool] = {}  # is_site_name per text
        # When the page was fetched; set by extract(), so field methods can reject future dates.
        self.fetched_at: datetime | None = None

    # -- helpers ---------------------------------------------------------------------------

    def node(self, css: str, within: LexborNode | None = None) -> LexborNode | None:
        return (within or self.tree).css_first(css)

    def nodes(self, css: str, within: LexborNode | None = None) -> list[LexborNode]:
        return (within or self.tree).css(css)

    def text(self, css: str, within: LexborNode | None = None) -> str | None:
        return text_of(self.node(css, within))

    def attr(self, css: str, name: str, within: LexborNode | None = None) -> str | None:
        node = self.node(css, within)
        return clean_text(node.attributes.get(name)) if node is not None else None

    def absolute(self, href: str | None) -> str | None:
        return absolute_url(href, self.doc.url)

    def byline_authors(self, links: str, boxes: str, box_name: str, box_bio: str) -> list[Author]:
        """Authors from byline links (``links``), each with the bio of the author box that names them.

        ``boxes`` selects the author boxes; inside one, ``box_name`` is the name and ``box_bio`` the bio.
        A role after a name ("Jane Roe - Staff Writer") is dropped; repeated names count once. Empty
        when the byline has no link: the registry then takes the generic extractor's authors.
        """
        bios = {names.clean_name(text_of(box.css_first(box_name)), whole=self.is_site_name): box for box in self.nodes(boxes)}
        authors: list[Author] = []
        for link in self.nodes(links):
            name = names.clean_name(text_of(link.css_first("[itemprop=name]") or link), whole=self.is_site_name)
            if not name or any(a.name == name for a in authors):
                continue
            box = bios.get(name)
            bio = self.text(box_bio, box) if box is not None else None
            authors.append(Author(name=name, url=self.absolute(link.attributes.get("href")), bio=bio))
        return authors

    def meta(self, *keys: str) -> str | None:
        """The first of the given meta keys the page has (``og:title``, ``description``...)."""
        meta_text = self.doc.meta_text
        for key in keys:
            value = meta_text(key)
            if value:
                return value
        return None

    # -- fields ----------------------------------------------------------------------------

    def url(self) -> str:
        return self.doc.canonical or self.doc.url

    def title(self) -> str | None:
        """The first declared or printed title, its site name cut off.

        Printed text is unescaped too: a CMS that escapes twice shows ``&#8217;`` in ``<title>`` and ``<h1>``.
        """
        for candidate in (
            metadata.ld_text(self.ld.get("headline")),
            self.meta("og:title", "twitter:title"),
            self.text("h1"),
            self.text("title"),
        ):
            title = clean_text(metadata.unescape(candidate)) if candidate else None
            if title:
                return self.strip_site(title)
        return None

    def description(self) -> str | None:
        return clean_text(metadata.ld_text(self.ld.get("description"))) or self.meta(
            "og:description", "description", "twitter:description"
        )

    def authors(self) -> list[Author]:
        authors = [self._ld_author(a) for a in metadata.ld_list(self.ld.get("author"))]
        found = [a for a in authors if a is not None]
        if found:
            return found
        name = self.meta("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")
        if name and not name.startswith(("http://", "https://")):
            return [Author(name=n) for n in names.byline_names(name, whole=self.is_site_name)]
        return [
            Author(name=text_of(a), url=self.absolute(a.attributes.get("href")))
            for a in self.nodes('a[rel="author"]')
            if text_of(a)
        ][:5]

    def _ld_author(self, value: Any) -> Author | None:
        name = clean_text(metadata.ld_text(value))
        if not name or name.startswith(("http://", "https://")):
            return None
        url = self.absolute(value.get("url")) if isinstance(value, dict) and isinstance(value.get("url"), str) else None
        bio = clean_text(value.get("description")) if isinstance(value, dict) and isinstance(value.get("description"), str) else None
        return Author(name=name, url=url, bio=bio)

    def published_raw(self) -> str | None:
        return clean_text(metadata.ld_text(self.ld.get("datePublished"))) or self.meta(
            "article:published_time", "og:article:published_time", "datepublished", "pubdate",
            "publishdate", "date", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date",
        ) or self.attr("article time[datetime], time[pubdate][datetime]", "datetime")

    def modified_raw(self) -> str | None:
        return clean_text(metadata.ld_text(self.ld.get("dateModified"))) or self.meta(
            "article:modified_time", "og:updated_time", "datemodified", "last-modified"
        )

    def published_at(self) -> datetime | None:
        """The publication time: ``published_raw`` parsed, keeping the offset it gives."""
        return parse_date(self.published_raw())

    def modified_at(self) -> datetime | None:
        return parse_date(self.modified_raw())

    def section(self) -> str | None:
        return clean_text(metadata.ld_text(self.ld.get("articleSection"))) or self.meta("article:section")

    def tags(self) -> list[str]:
        keywords = self.ld.get("keywords")
        if isinstance(keywords, str):
            return keywords.split(",")
        if isinstance(keywords, list):
            return [k for k in keywords if isinstance(k, str)]
        tags = self.doc.meta_all("article:tag")
        if tags:
            return tags
        words = self.meta("news_keywords", "keywords")
        return words.split(",") if words else []

    def language(self) -> str | None:
        html = self.tree.root  # the <html> element (a parser makes one for every page)
        lang = html.attributes.get("lang") if html is not None else None
        lang = clean_text(lang) or clean_text(metadata.ld_text(self.ld.get("inLanguage")))
        lang = lang or self.meta("og:locale", "content-language", "language", "dc.language")
        return lang.replace("_", "-") if lang else None

    def site_name(self) -> str | None:
        publisher = self.ld.get("publisher")
        return self.publication or self.meta("og:site_name", "application-name") or clean_text(
            metadata.ld_text(publisher) if isinstance(publisher, (dict, list)) else None
        )

    def lead_image(self) -> Image | None:
        url = self.absolute(self.meta("og:image", "og:image:url", "twitter:image", "twitter:image:src"))
        url = url or self.absolute(metadata.ld_url(self.ld.get("image")))
        return Image(url=url, alt=self.meta("og:image:alt", "twitter:image:alt")) if url else None

    def images(self) -> list[Image]:
        return []

    def body(self) -> list[Block]:
        return []

    def related(self) -> list[Link]:
        return []

    def comments(self) -> list[RawComment]:
        return []

    def comment_count(self) -> int | None:
        count = self.ld.get("commentCount")
        if isinstance(count, int):
            return count
        if isinstance(count, str) and count.strip().isdigit():
            return int(count)
        return None

    def strip_site(self, title: str) -> str:
        """Drop the `` | Site Name`` segments of a title naming the site (by its name or its host).

        Once the site's name is gone, a segment naming the page's section (declared, or a folder of its
        URL) or a label of a word or two beside it goes too ("Headline | Opinion | The Daily Journal" ->
        "Headline"); so does whatever follows the site's name (a tagline: "Headline : Site | Since 2005 |
        Issue 6" -> "Headline"), a host name opening the title as a bare word, and a separator left at
        either end. A Chinese or Japanese title's last segment after an unspaced "-" or "_" goes when it names
        the site ("新闻标题-新华网", see ``_CJK_TAIL``).
        """
        known = self._stripped.get(title)
        if known is None:
            tail = _CJK_TAIL.search(title)
            cut = title[: tail.start()] if tail is not None and self._names_site(tail.group(1), trailing=True) else title
            known = self._stripped[title] = _DANGLING.sub("", self._strip_host_word(self._strip_site(cut, sections=False, depth=0))) or title
        return known

    def _strip_host_word(self, title: str) -> str:
        """``title`` without the site's host name opening it as a bare word ("davidbau.com Vibe Coding").

        Not at the end: there it is most often part of the sentence ("15 Jahre example.net").
        """
        first, _, rest = title.partition(" ")
        return rest.strip() if rest.strip() and "." in first and self.is_site_name(first) else title

    def _strip_site(self, title: str, *, sections: bool, depth: int) -> str:
        matches = list(_TITLE_SEPARATORS.finditer(title))
        if not matches or depth > 6:
            return title
        last, first = matches[-1], matches[0]
        tail, head = title[last.end():], title[: first.start()]
        before, after = title[: last.start()].strip(), title[first.end():].strip()
        # A trailing folder name of the URL is a section label even before any site name went.
        if before and (self._names_site(tail, trailing=True) or sections and self._is_label(tail, before) or squash(tail) in self._url_folders):
            return self._strip_site(before, sections=True, depth=depth + 1)
        if after and (self._names_site(head) or sections and self._is_label(head, after)):
            return self._strip_site(after, sections=True, depth=depth + 1)
        # The site's name inside: what follows it is a tagline or a section path.
        for previous, match in zip(matches, matches[1:]):
            kept = title[: previous.start()].strip()
            if kept and self._names_site(title[previous.end(): match.start()]):
                return self._strip_site(kept, sections=True, depth=depth + 1)
        return title

    def _names_site(self, segment: str, *, trailing: bool = False) -> bool:
        """Whether a title segment names the site: :meth:`is_site_name`, or a short phrase that opens with
        the name its domain was registered under ("MyOOS Community Forum" on foren.myoos.de); closing the
        title (``trailing``), also one ending with that name or whose initials spell a domain of three letters, or the
        text of one of the page's links to its home page (:attr:`_home_link_texts`)."""
        if self.is_site_name(segment) or _is_site_phrase(segment) or trailing and segment.strip() in self._home_link_texts:
            return True
        domain = self._domain_key
        if len(domain) < 3 or len(segment.split()) > _SITE_PHRASE_WORDS:
            return False
        # Closing the title only, where site names stand ("Advertising on Jodel | Overview" opens with its topic):
        if trailing and (_names_domain(segment, domain) or self._own_host_name(segment)):
            return True
        if len(domain) == 3:  # its words' initials, "Deutscher Schwimm-Verband e.V." on dsv.de
            words = _squash_words(segment) if trailing else []
            return len(words) > 2 and "".join(word[0] for word in words).startswith(domain)
        key = squash(segment)  # or a name ending with it, "St. Georgs Chorknaben Ulm" on chorknaben-ulm.de
        if key.startswith(domain) or trailing and key.endswith(domain) and _is_proper_name(segment):
            return True
        # A long registered name inside a name of capitalised words: "EFC Bayrische Bembel Regensburg" on bayrische-bembel.de.
        return len(domain) >= _INNER_DOMAIN and domain in key and _is_proper_name(segment)

    def _own_host_name(self, segment: str) -> bool:
        """Whether a segment is a bare host name under the page's own top-level domain: the site's short name
        written as a host ("SZ.de" on sueddeutsche.de). A host elsewhere ("Amazon.com" on a .de page) may be the
        headline's subject."""
        host = _BARE_HOST.fullmatch(segment.strip())
        return host is not None and host[1].casefold() == self._site_host.rpartition(".")[2]

    def names_site_desk(self, name: str) -> bool:
        """Whether a name opens with the site's registered name and goes on: one of its desks or editions ("Global
        Voices Latin America" on globalvoices.org). Not the name alone: a personal site may be named after its owner."""
        key, domain = squash(name), self._domain_key
        return len(domain) > 3 and len(key) > len(domain) and key.startswith(domain) and len(name.split()) <= _SITE_PHRASE_WORDS

    @cached_property
    def _site_host(self) -> str:
        """The host of the page's own site: its URL's, or for a Wayback Machine snapshot the archived page's."""
        return host_of(archived_url(self.url()))

    @cached_property
    def _domain_key(self) -> str:
        """The registered name of the host, squashed: "ucdavis" for health.ucdavis.edu, "bbc" for bbc.co.uk."""
        labels = self._site_host.split(".")
        if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
            return squash(labels[-3])
        return squash(labels[-2]) if len(labels) >= 2 else ""

    @cached_property
    def _home_link_texts(self) -> frozenset[str]:
        """Texts of the page's links to its site's home page ("<a href="/">Harbor Times</a>", a breadcrumb's first
        step): the site's name as the page prints it, in any script (one its host does not spell). "Home" too."""
        host = self._site_host
        if not host or '"' in host or "\\" in host:
            return frozenset()
        hosts = {host, host.removeprefix("www."), "www." + host.removeprefix("www.")}
        # The addresses a link to the home page is written as, matched whole: a selector of a few exact values
        # costs one walk in lexbor, where reading every link's address in Python cost a millisecond a page.
        hrefs = ["/", *(f"{scheme}{name}{end}" for scheme in ("https://", "http://", "//") for name in hosts for end in ("/", ""))]
        css = ", ".join(f'a[href="{href}"]' for href in hrefs)
        return frozenset(text for text in map(text_of, self.tree.css(css)) if text and len(text) <= HOME_LINK_CHARS)

    @cached_property
    def _site_keys(self) -> frozenset[str]:
        declared = (self.site_name(), self.meta("application-name"), self.meta("og:site_name"), self._logo_text())
        names = {squash(n) for n in declared if n}
        host = self._site_host
        labels = {squash(label) for label in host.split(".")[:-1] if len(label) > 2}
        return frozenset(n for n in names | labels | {squash(host)} if n)

    def _logo_text(self) -> str | None:
        """The text of a top heading that is one link to the home page: the site's name as its logo
        prints it ("<h1><a href="/">Site Name</a></h1>"), when a name of a few words."""
        for heading in [*self.doc.elements["h1"][:3], *self.doc.elements["h2"][:3]]:
            link = None if text_only(heading) else heading.css_first("a[href]")
            if link is None:
                continue
            text = clean_text(heading.text(deep=True))
            if not text or clean_text(link.text(deep=True)) != text:
                continue
            href = archived_url(self.absolute(link.attributes.get("href")) or "")
            if urlsplit(href).path in ("", "/") and host_of(href) == self._site_host:
                return text if len(text) <= _LOGO_CHARS and len(text.split()) <= _LOGO_WORDS else None
        return None

    def is_site_name(self, text: str | None) -> bool:
        """Whether ``text`` names the site: its declared name or host, or one spelled a little differently
        (umlauts as a host spells them: "Löwenseiten" for loewenseiten.info). Remembered per text: titles
        and bylines ask it of the same few texts many times."""
        known = self._site_texts.get(text or "")
        if known is None:
            known = self._site_texts[text or ""] = self._site_text(text)
        return known

    def _site_text(self, text: str | None) -> bool:
        key = squash(text or "")
        if not key:
            return False
        if not (text or "").isascii() and self._is_site_key(squash((text or "").casefold().translate(_HOST_SPELLING))):
            return True
        return self._is_site_key(key)

    def _is_site_key(self, key: str) -> bool:
        names = self._site_keys
        # "LWN.net" / lwn, "The Verge" / theverge: one contains the other, give or take a few letters.
        return key in names or len(key) > 3 and any(len(n) > 3 and (key in n or n in key and len(key) <= len(n) + 6) for n in names)

    def _is_label(self, segment: str, rest: str) -> bool:
        """Whether a segment left beside the site's name is a section or board label, not part of the headline."""
        return self._is_section(segment) or len(segment.split()) <= _LABEL_WORDS and len(rest.split()) >= _HEADLINE_WORDS

    def _is_section(self, text: str) -> bool:
        """Whether a title segment names the page's section: the declared one, or a folder of its URL."""
        key = squash(text)
        return bool(key) and (key == squash(metadata.unescape(self.section() or "")) or key in self._url_folders)

    @cached_property
    def _url_folders(self) -> frozenset[str]:
        """The URL's folder names, squashed ("/patient-education/sleep" -> {"patienteducation"})."""
        path = urlsplit_path(archived_url(self.url()))
        folders = [part for part in path.split("/") if part][:-1]
        return frozenset(k for k in (squash(f) for f in folders[:8]) if len(k) > 2)

    def not_an_article(self, title: str | None, body: list[Block]) -> str | None:
        """Why the page holds no article (the error's words), or None when it holds one; the base class
        asks for a title or body text, on a page whose URL is no list of stories (:meth:`listing_url`)."""
        if not title and not any(b.text for b in body):
            return NO_PROSE
        return self.listing_url()

    def listing_url(self) -> str | None:
        """Why the page's URL says it lists stories rather than tells one, or None: the URL it was read from is
        its site's front page or an archive page's (:func:`~scraper.normalize.listing_kind`), and so is its
        canonical URL when it declares one. A front page shows teasers of stories, or the latest one in full,
        whose own URL is elsewhere: a crawl reaches the story there. (Both must say so: a page read at the root
        whose canonical URL is a story's is that story, and some sites declare their root as every page's
        canonical URL.)"""
        kind = listing_kind(self.doc.url)
        canonical = self.doc.canonical
        if kind is None or canonical is not None and listing_kind(canonical) != kind:
            return None
        return FRONT_PAGE if kind == "front" else ARCHIVE_PAGE

    # -- assembly --------------------------------------------------------------------------

    def extract(self, *, source: str, fetched_at: datetime, any_page: bool = False) -> Result:
        """Build the article and comment records, or raise NotAnArticle / InvalidRecord.

        ``any_page``: a page that does not read as an article gives its records all the same, with the
        reason in ``Article.not_an_article`` (a bot check still raises BotCheck: it is not the page at all).
        A bug in one field method loses that field (logged once, one line), never the page.
        """
        with collector_paused():
            return self._extract(source=source, fetched_at=fetched_at, any_page=any_page)

    def _extract(self, *, source: str, fetched_at: datetime, any_page: bool = False) -> Result:
        self.fetched_at = fetched_at
        url = self.url()
        aid = article_id(url)
        read = self.read_field
        body = read("body")
        title = read("title")
        if sum(len(b.text or "") for b in body) <= BOT_CHECK_BODY and (check := bot_check(self.tree)) is not None:
            raise BotCheck(
                f"{url}: the site answered with {check} instead of the page; a later try may get through",
                url=url,
                extractor=self.name,
            )
        reason = self.not_an_article(title, body)
        if reason is not None and not any_page:
            raise NotAnArticle(
                f"{url}: not an article: {reason}; if it is one, ask for any page (scrape --any-page, a crawl "
                "site's any_page = true), or a site extractor for its host can read it",
                url=url,
                extractor=self.name,
            )
        comments = self.comment_records(fetched_at)
        fields = dict(
            id=aid,
            url=url,
            source=source,
            site=host_of(url) or None,
            site_name=read("site_name"),
            extractor=self.name,
            title=title,
            description=read("description"),
            authors=read("authors"),
            published_at=read("published_at"),
            published_raw=read("published_raw"),
            modified_at=read("modified_at"),
            section=read("section"),
            tags=read("tags"),
            language=read("language"),
            lead_image=read("lead_image"),
            images=read("images"),
            body=body,
            comment_count=read("comment_count"),
            related=read("related"),
            fetched_at=fetched_at,
            not_an_article=reason,
        )
        try:
            article = Article(**fields)
        except (ValueError, TypeError) as exc:
            raise InvalidRecord(f"{url}: {exc}", url=url, field=_field_in(str(exc)), value=None, extractor=self.name) from exc
        return Result(source=source, article=article, comments=comments)

    def read_field(self, name: str) -> Any:
        """The field method ``name``'s value, as :meth:`extract` reads it (see :meth:`_field`); a list
        field's default is an empty list, any other's None. Call after setting ``fetched_at``."""
        return self._field(name, getattr(self, name), [] if name in _LIST_FIELDS else None)

    def comment_records(self, fetched_at: datetime) -> tuple[Comment, ...]:
        """The page's comments as records of its article, as :meth:`extract` makes them."""
        return self._comment_records(self.read_field("comments"), article_id(self.url()), fetched_at)

    def _field(self, name: str, method: Callable[[], Any], default: Any) -> Any:
        """``method()``, or ``default`` when it fails with a bug (not one of our own errors)."""
        try:
            return method()
        except ScraperError:
            raise
        except Exception as exc:  # noqa: BLE001 - one field's bug must not lose the page
            logger.warning("%s: %s.%s failed, field left empty: %s: %s", self.doc.url, self.name, name, type(exc).__name__, exc)
            return default

    def _comment_records(self, raw: list[RawComment], aid: str, fetched_at: datetime) -> tuple[Comment, ...]:
        ids: dict[str, str] = {}
        records = []
        for position, item in enumerate(raw):
            if item.key:
                cid = stable_id(aid, "key", item.key)
            else:
                cid = stable_id(aid, item.author or "", item.published_raw or "", item.quote or "", item.text or "")
            if item.key:
                ids[item.key] = cid
            records.append(
                Comment(
                    id=cid,
                    article_id=aid,
                    position=position,
                    parent_id=ids.get(item.parent_key) if item.parent_key else None,
                    author=item.author,
                    published_at=parse_date(item.published_raw),
                    published_raw=item.published_raw,
                    text=item.text,
                    quote=item.quote,
                    likes=item.likes,
                    fetched_at=fetched_at,
                )
            )
        return tuple(records)


def own_match(item: LexborNode, css: str, nested: Callable[[LexborNode], bool]) -> LexborNode | None:
    """The first match of ``css`` inside ``item`` that is not inside a nested reply.

    ``nested`` tells the nodes that start a nested reply (a reply's ``li.comment``, a ``.children``
    list); a match with such a node between it and ``item`` belongs to the reply, not to ``item``.
    """
    for node in item.css(css):
        parent = node.parent
        while parent is not None and parent.mem_id != item.mem_id and not nested(parent):
            parent = parent.parent
        if parent is not None and parent.mem_id == item.mem_id:
            return node
    return None


def _field_in(message: str) -> str:
    match = re.search(r"\w+\.(\w+) must", message)
    return match.group(1) if match else "unknown"


def urlsplit_path(url: str) -> str:
    """The path of ``url``; empty for a URL that does not parse."""
    try:
        return urlsplit(url).path
    except ValueError:
        return ""


def title_sides(title: str) -> list[str]:
    """What stands before and after each separator of a title ("A | B | C" -> "A", "B | C", "A | B", "C")."""
    sides = []
    for match in _TITLE_SEPARATORS.finditer(title):
        sides += [title[: match.start()].strip(), title[match.end():].strip()]
    return [side for side in sides if side]


def _is_site_phrase(segment: str) -> bool:
    """Whether a title segment of a few words calls itself a site ("My website", "Jane's Blog")."""
    words = _NOT_WORD.sub(" ", segment.casefold()).split()
    return 0 < len(words) <= _SITE_WORDS_MAX and any(w in _SITE_WORDS for w in words)


def _names_domain(segment: str, domain: str) -> bool:
    """Whether a title's closing segment spells the name its domain was registered under in a way
    :meth:`ArticleExtractor.is_site_name` does not: as its first word, a desk following ("CNN Politics" on
    cnn.com, "BBC News" on bbc.co.uk); or as the initials of its words before a last one written out ("The New
    York Times" on nytimes.com, "Los Angeles Times" on latimes.com). Proper names only, a few words."""
    words = _squash_words(segment)
    if not words or not _is_proper_name(segment):
        return False
    if words[0] == domain:
        return len(words) > 1  # (the name alone is is_site_name's)
    if words[0] == "the":
        words = words[1:]
    # k initials, then the rest spelled out: at least two initials and one word written in full
    return any("".join(w[0] for w in words[:k]) + "".join(words[k:]) == domain for k in range(2, len(words)))


_INNER_DOMAIN = 8  # letters of a registered name found inside a segment's words; a short one ("acme") is found by chance


def _is_proper_name(text: str) -> bool:
    """Every word capitalised or a number: a name ("European Championships Munich 2022"), not a sentence
    ("New maps arrive on Harbourtimes")."""
    words = text.split()
    return bool(words) and all(w[0].isupper() or w[0].isdigit() for w in words)


def _squash_words(text: str) -> list[str]:
    """A phrase's words squashed, hyphenated parts each a word: "Deutscher Schwimm-Verband" -> deutscher, schwimm, verband."""
    return [w for w in (squash(part) for part in _WORD_BREAKS.split(text)) if w]


def squash(text: str) -> str:
    """Letters and digits of a text, case and accents folded: "Nestlé Marktplatz" -> "nestlemarktplatz"."""
    folded = text.casefold()
    if not folded.isascii():
        folded = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return _NOT_WORD.sub("", folded)


# -- body blocks -----------------------------------------------------------------------------

ImageReader = Callable[[LexborNode], "Image | None"]


def best_src(img: LexborNode, base: str) -> str | None:
    """The image URL worth keeping: the widest srcset entry, lazy-load attributes over placeholders."""
    attrs_ = img.attributes
    for name in _SRC_ATTRS:
        value = attrs_.get(name)
        if not value or value.startswith("data:"):
            continue
        url = absolute_url(_widest(value) if "srcset" in name else value, base)
        if url:
            return url
    return None


def _widest(srcset: str) -> str:
    best, best_w = "", -1.0
    for part in srcset.split(","):
        bits = part.strip().split()
        if not bits:
            continue
        width = 0.0
        if len(bits) > 1 and bits[1][:-1].replace(".", "", 1).isdigit():
            width = float(bits[1][:-1])
        if width > best_w:
            best, best_w = bits[0], width
    return best


def figure_image(node: LexborNode, base: str) -> Image | None:
    """An Image from a ``<figure>``/``<img>``: credit from ``*credit*``/``*copyright*`` elements."""
    img = node if node.tag == "img" else first_tagged(node, _IMG, "img")
    if img is None:
        return None
    url = best_src(img, base)
    if not url:
        return None
    caption_node = first_tagged(node, _FIGCAPTION, "figcaption") if node.tag != "img" else None
    credit = caption = None
    if caption_node is not None:
        credit_node = caption_node.css_first('[class*="credit"], [class*="copyright"], [class*="source"]')
        credit = text_of(credit_node)
        caption = text_of(caption_node)
        if credit and caption:
            caption = clean_text(caption.replace(credit, "")) if caption != credit else None
    return Image(url=url, caption=caption, credit=credit, alt=img.attributes.get("alt"))


def embed_url(node: LexborNode, base: str) -> str | None:
    """URL of an embedded post or player (tweet link, iframe src) when it is a known embed host."""
    candidates = [node.attributes.get("data-embed-url")]
    if node.tag in ("iframe", "video", "embed"):
        candidates.append(node.attributes.get("src") or node.attributes.get("data-src"))
    candidates.extend(a.attributes.get("href") for a in reversed(node.css("a[href]")))
    candidates.extend(f.attributes.get("src") or f.attributes.get("data-src") for f in node.css("iframe"))
    for href in candidates:
        url = absolute_url(href, base)
        if url and host_of(url).endswith(EMBED_HOSTS):
            return url
    return None


# Class names that embed scripts (Twitter, Instagram, TikTok, Facebook, Reddit) and CMS wrappers use.
_EMBED_CLASSES = ("twitter-tweet", "instagram-media", "tiktok-embed", "fb-post", "reddit-embed", "social-embed")


# More paragraphs than a social post's caption holds: a story's container, whatever its class says.
_EMBED_MAX_PARAGRAPHS = 4


def is_embed(node: LexborNode) -> bool:
    """A social post or player wrapper: a known embed class, or a ``data-embed-url`` attribute.

    A theme may give the story's own container an embed class (``instagram-media`` on a blog's text
    column): an element with more paragraphs than a post's caption is no embed.
    """
    attrs_ = node.attributes
    if "data-embed-url" in attrs_:
        return True
    classes = attrs_.get("class") or ""
    return any(k in classes for k in _EMBED_CLASSES) and len(node.css("p")) <= _EMBED_MAX_PARAGRAPHS


def embed_block(node: LexborNode, base: str) -> Block | None:
    """An embed block for a social post or player, or None when it points at no known embed host."""
    url = embed_url(node, base)
    return Block(type="embed", text=text_of(node, breaks=True), url=url) if url else None


def table_block(node: LexborNode) -> Block | None:
    """A table as one block: a line per row, cells joined by `` | ``; None when it has no text."""
    rows = []
    for tr in node.css("tr")[:MAX_TABLE_ROWS]:
        cells = [text_of(c) or "" for c in tr.iter() if c.tag in ("td", "th")]
        if any(cells):
            rows.append(" | ".join(cells))
    return Block(type="table", text="\n".join(rows)) if rows else None


class BlockWalker:
    """Turns a container's markup into body blocks and images, in page order.

    ``skip`` holds CSS selectors of noise inside the container (ads, share bars, promos); matching
    elements and everything below them are ignored. ``image`` reads an Image from a figure or img.
    """

    def __init__(self, base: str, *, skip: Iterable[str] = (), image: ImageReader | None = None) -> None:
        self.base = base
        self.skip = tuple(skip)
        self.image = image or (lambda node: figure_image(node, base))
        self.blocks: list[Block] = []
        self.images: list[Image] = []
        self._inline: list[str] = []
        self._skip_ids: set[int] = set()

    def walk(self, container: LexborNode) -> BlockWalker:
        for selector in self.skip:
            self._skip_ids.update(n.mem_id for n in container.css(selector))
        self._walk(container)
        self._flush()
        return self

    def _walk(self, node: LexborNode) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                self._inline.append(child.text_content or "")
                continue
            if tag in SKIP_TAGS or child.mem_id in self._skip_ids or tag == "-comment":
                continue
            if tag in INLINE_TAGS and not child.css_first("img, p, div, figure, iframe, blockquote"):
                self._inline.append(child.text(deep=True))
                continue
            self._flush()
            self._element(child, tag)

    def _element(self, node: LexborNode, tag: str) -> None:
        if tag == "p":
            for img in node.css("img"):
                self._add_image(img)
            self._add("paragraph", node)
        elif tag in HEADING_TAGS:
            self._add("heading", node)
        elif tag == "blockquote":
            if is_embed(node):
                self._add_embed(node)
            else:
                self._add("quote", node)
        elif tag in ("ul", "ol"):
            self._list(node)
        elif tag == "table":
            self._table(node)
        elif tag == "pre":
            self._add("code", node, verbatim=True)
        elif tag in ("figure", "img", "picture"):
            if tag == "figure" and node.css_first("table, pre, blockquote, iframe") is not None:
                self._figure_content(node)
            else:
                self._add_image(node)
        elif tag in ("iframe", "video", "embed"):
            self._add_embed(node)
        elif tag == "hr":
            return
        elif is_embed(node):
            self._add_embed(node)
        else:
            self._walk(node)
            self._flush()

    def _figure_content(self, node: LexborNode) -> None:
        """A figure that holds a table, code, a quote or an embed: its content, then its caption."""
        if is_embed_container(node):
            self._add_embed(node)
            return
        for child in node.iter():
            if child.tag == "figcaption":
                self._add("paragraph", child)
            elif child.mem_id not in self._skip_ids:
                self._element(child, child.tag)

    def _add(self, kind: str, node: LexborNode, *, verbatim: bool = False) -> None:
        text = text_of(node, breaks=True, verbatim=verbatim)
        if text:
            self.blocks.append(Block(type=kind, text=text))

    def _add_image(self, node: LexborNode) -> None:
        image = self.image(node)
        if image is not None and all(image.url != i.url for i in self.images):
            self.images.append(image)

    def _add_embed(self, node: LexborNode) -> None:
        block = embed_block(node, self.base)
        if block is not None:
            self.blocks.append(block)

    def _list(self, node: LexborNode) -> None:
        for li in node.iter():
            if li.tag != "li" or li.mem_id in self._skip_ids:
                continue
            nested = [n for n in li.iter() if n.tag in ("ul", "ol")]
            own = "".join(
                (c.text_content or "") if c.tag == "-text" else BREAK + raw_text(c) + BREAK if c.tag in BLOCK_LEVEL else raw_text(c)
                for c in li.iter(include_text=True)
                if c.tag not in ("ul", "ol", "-comment") and c.tag not in SKIP_TAGS
            )
            block = Block(type="list_item", text=laid_out(own))
            if block.text:
                self.blocks.append(block)
            for sub in nested:
                self._list(sub)

    def _table(self, node: LexborNode) -> None:
        block = table_block(node)
        if block is not None:
            self.blocks.append(block)

    def _flush(self) -> None:
        if self._inline:
            block = Block(type="paragraph", text=laid_out("".join(self._inline)))
            self._inline.clear()
            if block.text:
                self.blocks.append(block)


def is_embed_container(node: LexborNode) -> bool:
    return any(is_embed(n) for n in node.css("blockquote")) or any(
        host_of(absolute_url(f.attributes.get("src"), "https://x.invalid/") or "").endswith(EMBED_HOSTS)
        for f in node.css("iframe")
    )


def iter_text_blocks(blocks: Iterable[Block]) -> Iterator[str]:
    return (b.text for b in blocks if b.text)
