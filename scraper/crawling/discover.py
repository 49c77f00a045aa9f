"""Article URLs from feeds and sitemaps: RSS 2.0, RSS 1.0, Atom, sitemaps, sitemap indexes, Google News.

Documents are parsed with defusedxml, which refuses entity declarations (billion laughs) and
external entities / DTDs fetched from elsewhere, and streamed with ``iterparse``: each entry is
yielded and dropped as soon as it is complete, so a 50,000-URL sitemap never sits in memory as a
tree. A gzip body (``sitemap.xml.gz``) is inflated with a cap on the inflated size. Pure: bytes and
the document's URL in, entries out; no network, clock or files.

Everything in a listing is outside text. An entry whose link is not a usable http(s) URL
(``http://[::1``, a port out of range, ``javascript:``) is skipped and counted in
``Listing.skipped``; a date that cannot be read (an offset of 24 h or more, year 0001) is no date,
and so is one later than ``not_after`` (the caller passes "a day after now"), so that a lastmod in
year 9999 never becomes the newest date a page is compared with.
"""

from __future__ import annotations

import gzip
import io
import math
import zlib
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import attrs
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from scraper.errors import InputError, InvalidURL
from scraper.normalize import absolute_url, clean_text, parse_date

# Root element (local name) -> kind of listing.
ROOT_KINDS = {"rss": "rss", "RDF": "rss", "feed": "atom", "urlset": "sitemap", "sitemapindex": "sitemapindex"}
# Element (local name) that holds one entry, per kind of listing.
ENTRY_TAGS = {"rss": "item", "atom": "entry", "sitemap": "url", "sitemapindex": "sitemap"}
# Content types a feed or sitemap may be served with (gzip ones for sitemap.xml.gz).
LISTING_TYPES = (
    "application/xml", "text/xml", "application/rss+xml", "application/atom+xml", "application/rdf+xml",
    "application/x-gzip", "application/gzip", "application/octet-stream", "text/plain", "text/html",
)  # fmt: skip
_GZIP_MAGIC = b"\x1f\x8b"
# Bad entries whose link is quoted in the listing's error message; the rest are only counted.
MAX_EXAMPLES = 3
# Years a listing date may have: the web's, as normalize.parse_date accepts them.


# Child sitemaps that list archive pages (a category's, a tag's, an author's) or a site's fixed pages, not its
# stories, by the names site software gives them: Yoast and Rank Math ("category-sitemap.xml", "post_tag-sitemap.xml",
# "author-sitemap.xml", "page-sitemap.xml"), WordPress itself ("wp-sitemap-taxonomies-category-1.xml",
# "wp-sitemap-users-1.xml", "wp-sitemap-posts-page-1.xml"), a shop's (Shopify's "sitemap_collections_1.xml",
# "sitemap_products_1.xml") and the like ("sitemap-tags.xml", "sitemap-authors.xml", "sitemap-sections.xml").
# Words of the file name, split at anything but letters; "page" alone is not one ("sitemap-page-2.xml" is a page
# of a long list of stories).
ARCHIVE_SITEMAP_WORDS = frozenset(
    ("category", "categories", "tag", "tags", "author", "authors", "user", "users", "taxonomy", "taxonomies", "attachment",
     "section", "sections", "topic", "topics", "collections", "products")
)
_ARCHIVE_SITEMAP_NAMES = ("page-sitemap", "wp-sitemap-posts-page-")


def lists_archives(url: str) -> bool:
    """Whether a child sitemap of an index lists archive pages or fixed pages, not stories (see
    ``ARCHIVE_SITEMAP_WORDS``): its file name tells. A crawl leaves such children out; a sitemap given as a
    source is read whatever its name."""
    name = url.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1].lower()
    if name.startswith(_ARCHIVE_SITEMAP_NAMES):
        return True
    words = "".join(c if c.isalpha() else " " for c in name).split()
    return not ARCHIVE_SITEMAP_WORDS.isdisjoint(words)


@attrs.frozen
class Entry:
    """One URL a listing gives: an article page, or (in a sitemap index) another sitemap."""

    url: str  # absolute http(s) URL
    is_sitemap: bool = False  # True for the children of a sitemap index
    lastmod: float | None = None  # sitemap <lastmod>, feed updated date: epoch seconds, UTC
    published: float | None = None  # feed published date or <news:publication_date>: epoch seconds


class Listing:
    """The entries of one feed or sitemap, read lazily; iterate once.

    ``kind`` is known after construction (the root element is read then) and is one of ``rss``,
    ``atom``, ``sitemap`` or ``sitemapindex``. After iteration, ``truncated`` says whether entries
    beyond ``max_entries`` were left unread, ``broken`` holds the parse error that ended the
    document early, if any (entries before it are kept), ``skipped`` counts the entries whose link
    is not a usable URL and ``examples`` quotes the first few. Dates after ``not_after`` (epoch
    seconds) are dropped.
    """

    def __init__(self, body: bytes, url: str, *, max_entries: int, max_bytes: int, not_after: float = math.inf) -> None:
        self.url = url
        self.max_entries = max_entries
        self.not_after = not_after
        self.truncated = False
        self.broken: str | None = None
        self.count = 0
        self.skipped = 0
        self.examples: list[str] = []
        data = _inflate(body, url, max_bytes) if body[:2] == _GZIP_MAGIC else body
        if len(data) > max_bytes:
            raise InputError(f"{url}: feed or sitemap is larger than {max_bytes} bytes; not read", source=url)
        self._events = iterparse(io.BytesIO(data.lstrip()), events=("start", "end"))
        self._stack: list[Element] = []
        self.kind = self._read_root()

    def _read_root(self) -> str:
        try:
            for event, element in self._events:
                if event == "start":
                    self._stack.append(element)
                    name = _local(element.tag)
                    kind = ROOT_KINDS.get(name)
                    if kind is None:
                        raise InputError(
                            f"{self.url}: <{name}> document is neither an RSS/Atom feed nor an XML sitemap",
                            source=self.url,
                        )
                    return kind
        except (ParseError, DefusedXmlException) as exc:
            raise InputError(f"{self.url}: not a well-formed feed or sitemap ({_why(exc)})", source=self.url) from exc
        raise InputError(f"{self.url}: empty document; expected a feed or sitemap", source=self.url)

    def __iter__(self) -> Iterator[Entry]:
        entry_tag = ENTRY_TAGS[self.kind]
        count = 0
        try:
            for event, element in self._events:
                if event == "start":
                    self._stack.append(element)
                    continue
                self._stack.pop()
                if _local(element.tag) != entry_tag:
                    continue
                try:
                    entry = self._entry(element)
                except InvalidURL as exc:
                    entry = None
                    self._skip(exc.url)
                if self._stack:
                    del self._stack[-1][:]  # drop finished entries: memory stays flat
                if entry is None:
                    continue
                if count >= self.max_entries:
                    self.truncated = True
                    return
                count += 1
                self.count = count
                yield self._dated(entry)
        except (ParseError, DefusedXmlException) as exc:
            self.broken = _why(exc)
            if count == 0 and not self.skipped:
                raise InputError(f"{self.url}: not a well-formed feed or sitemap ({self.broken})", source=self.url) from exc

    def _entry(self, element: Element) -> Entry | None:
        reader = {"rss": _rss_item, "atom": _atom_entry, "sitemap": _sitemap_url, "sitemapindex": _sitemap_url}[self.kind]
        return reader(element, self.url, self.kind == "sitemapindex")

    def _skip(self, raw: str) -> None:
        self.skipped += 1
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append(raw[:200])

    def _dated(self, entry: Entry) -> Entry:
        """The entry without dates from the future: they would block every later change."""
        lastmod = entry.lastmod if entry.lastmod is None or entry.lastmod <= self.not_after else None
        published = entry.published if entry.published is None or entry.published <= self.not_after else None
        if (lastmod, published) == (entry.lastmod, entry.published):
            return entry
        return attrs.evolve(entry, lastmod=lastmod, published=published)


def _link(raw: str | None, base: str) -> str | None:
    """``raw`` resolved against ``base``; None when absent, InvalidURL when given but unusable."""
    text = clean_text(raw)
    if not text:
        return None
    url = absolute_url(text, base)
    if url is None:
        raise InvalidURL(f"{base}: entry link {text[:200]!r} is not an absolute http(s) URL; skipped", url=text, source=base)
    return url


def _first_link(candidates: list[str | None], base: str) -> str | None:
    """The first usable link; InvalidURL for the first bad one when none is usable."""
    bad: InvalidURL | None = None
    for raw in candidates:
        try:
            link = _link(raw, base)
        except InvalidURL as exc:
            bad = bad or exc
            continue
        if link is not None:
            return link
    if bad is not None:
        raise bad
    return None


def _rss_item(item: Element, base: str, _is_index: bool) -> Entry | None:
    fields = _children(item)
    guid = item.find("guid")
    permalink = guid.text if guid is not None and guid.get("isPermaLink", "true").lower() != "false" else None
    # RSS 1.0 items name their link in rdf:about
    link = _first_link([fields.get("link"), permalink, _attribute(item, "about")], base)
    if link is None:
        return None
    published = parse_feed_date(fields.get("pubDate") or fields.get("date") or fields.get("published"))
    updated = parse_feed_date(fields.get("updated") or fields.get("modified")) or published
    return Entry(link, lastmod=updated, published=published)


def _atom_entry(entry: Element, base: str, _is_index: bool) -> Entry | None:
    hrefs = [child.get("href") for child in entry if _local(child.tag) == "link" and child.get("rel", "alternate") == "alternate"]
    link = _first_link(hrefs, base)
    if link is None:
        return None
    fields = _children(entry)
    published = parse_feed_date(fields.get("published") or fields.get("issued"))
    updated = parse_feed_date(fields.get("updated") or fields.get("modified")) or published
    return Entry(link, lastmod=updated, published=published)


def _sitemap_url(element: Element, base: str, is_index: bool) -> Entry | None:
    fields = _children(element)
    url = _link(fields.get("loc"), base)
    if url is None:
        return None
    published = None
    for node in element.iter():
        if _local(node.tag) == "publication_date":  # Google News: <news:news><news:publication_date>
            published = parse_feed_date(node.text)
            break
    return Entry(url, is_sitemap=is_index, lastmod=parse_feed_date(fields.get("lastmod")), published=published)


def parse_feed_date(raw: str | None) -> float | None:
    """Epoch seconds from a W3C/ISO 8601 date (sitemaps, Atom) or an RFC 822 date (RSS).

    ``normalize.parse_date``, the project's one date parser, reads it: None for anything that is not
    a plain date of the web's years (an offset of 24 h or more, a year written ``0001``, garbage).
    """
    value = parse_date(raw)
    return value.timestamp() if value is not None else None


def _children(element: Element) -> dict[str, str]:
    """Local name -> text of the direct children (first one wins)."""
    fields: dict[str, str] = {}
    for child in element:
        name = _local(child.tag)
        if name not in fields and child.text and child.text.strip():
            fields[name] = child.text.strip()
    return fields


def _attribute(element: Element, local_name: str) -> str | None:
    for key, value in element.attrib.items():
        if _local(key) == local_name:
            return value
    return None


def _local(tag: Any) -> str:
    """``{namespace}name`` -> ``name``; sitemaps and feeds in the wild get namespaces wrong."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _why(exc: Exception) -> str:
    if isinstance(exc, DefusedXmlException):
        return f"refused: {type(exc).__name__}, the document declares entities or a DTD"
    return str(exc) or type(exc).__name__


def _inflate(body: bytes, url: str, max_bytes: int) -> bytes:
    """Gunzip ``body`` in bounded steps; fail once the output passes ``max_bytes``."""
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    pieces: list[bytes] = []
    size = 0
    data = body
    try:
        while data and not inflater.eof:
            piece = inflater.decompress(data, 1024 * 1024)
            size += len(piece)
            if size > max_bytes:
                raise InputError(f"{url}: gzip sitemap inflates to more than {max_bytes} bytes; not read", source=url)
            pieces.append(piece)
            data = inflater.unconsumed_tail
        pieces.append(inflater.flush())
    except (zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(f"{url}: gzip body cannot be inflated ({exc})", source=url) from exc
    return b"".join(pieces)
