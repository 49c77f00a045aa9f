"""The generic extractor: any host without a site module.

Every field comes from the most trusted source the page offers (see :mod:`scraper.metadata` for
the order): JSON-LD, then OpenGraph/Twitter tags, then plain ``<meta>``, then visible markup.
The body comes from content scoring (:mod:`scraper.scoring`), dates from :mod:`scraper.dates`,
comments from common comment-list markup (WordPress and alike).

A page whose body holds no prose raises :class:`~scraper.errors.NotAnArticle`: empty and frameset
pages, link lists and index pages, consent walls.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cached_property

from selectolax.lexbor import LexborNode

from scraper import dates, metadata
from scraper.extract import ArticleExtractor, RawComment, own_match, text_of
from scraper.normalize import clean_multiline, clean_text
from scraper.records import Author, Block, Image
from scraper.scoring import MIN_UNIT, Content, find_content

_EMPTY = Content(blocks=(), images=(), text_length=0, link_density=0.0, score=0.0)
# Less prose than this (characters), on a page that does not declare itself an article, is no article.
MIN_ARTICLE_CHARS = 140
# A body whose chosen container is mostly link text is an index or a link list.
MAX_LINK_DENSITY = 0.6

TITLE_META = (
    "og:title", "twitter:title", "dc.title", "dc:title", "dcterms.title", "dcterm:title", "dcterms:title",
    "parsely-title", "sailthru.title", "title", "headline",
)
AUTHOR_META = (
    "author", "article:author", "og:article:author", "article:author_name", "byl", "parsely-author",
    "sailthru.author", "dc.creator", "dc:creator", "dcterms.creator", "dcterm:creator", "citation_author",
    "creator", "authors",
)
# Visible bylines, most specific first.
BYLINE_CSS = (
    '[itemprop~="author"] [itemprop="name"]', '[itemprop~="author"]', 'a[rel="author"]', '[rel="author"]',
    '[class*="byline" i] [class*="name" i], [class*="byline" i] a, [class*="byline" i] .fn', '[class*="byline" i]',
    '[class*="author" i] [class*="name" i], .vcard .fn', '[class*="author-name" i], [class*="authorname" i]',
)
_BY = re.compile(r"^\s*(?:by|von|par|por|di|de|door|av|af|przez|tekst|text|written by|posted by|words by)[:\s]+", re.I)
_NOT_A_NAME = re.compile(r"https?://|www\.|^@|\d{3,}|^\W*$|\.(?:php|html?|aspx?)\b", re.I)
# A date or time printed after the names in a byline ("By Jane Roe March 11, 2015 3:46 PM").
_DATE_TAIL = re.compile(r"\s*(?:[-|–—,]\s*)?(?:updated|published|posted|on|am|le)?\s*[\w.]*\s*\d.*$", re.I)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|\bund\b|\bet\b|\by\b|&|\+|\|)\s*")
_ARTICLE_OG_TYPES = ("article", "blog", "news")
_COMMENT_LISTS = "ol.commentlist, ol.comment-list, ul.commentlist, ul.comment-list, .comments-list, #comments ol, #comments ul"


class GenericExtractor(ArticleExtractor):
    name = "generic"

    def is_article(self, title: str | None, body: list[Block]) -> bool:
        """Whether the page holds an article: some prose, and either says so or has enough of it.

        A page says so with a JSON-LD article object, ``og:type`` article, or one ``<article>``
        element (then 25 characters of prose do). Otherwise it needs ``MIN_ARTICLE_CHARS`` of prose
        that is not mostly link text (index pages and link lists are not articles).
        """
        if type(self).body is not GenericExtractor.body:
            return super().is_article(title, body)  # a subclass reads the body its own way
        content = self.content
        prose = content.text_length
        if prose == 0:
            return False
        if self.ld or any(kind in (self.meta("og:type") or "").lower() for kind in _ARTICLE_OG_TYPES):
            return True
        if prose >= MIN_UNIT and len(self.tree.css("article")) == 1 and content.link_density <= MAX_LINK_DENSITY:
            return True
        return prose >= MIN_ARTICLE_CHARS and content.link_density <= MAX_LINK_DENSITY

    # -- body ------------------------------------------------------------------------------

    @cached_property
    def content(self) -> Content:
        body = self.tree.body
        if body is None:
            return self._ld_body() or _EMPTY
        found = find_content(body, self.doc.url, title=self.title())
        if found.text_length < MIN_ARTICLE_CHARS:
            return self._ld_body() or found
        return found

    def _ld_body(self) -> Content | None:
        """The JSON-LD ``articleBody``, as paragraphs, for pages whose markup has no readable body."""
        text = self.ld.get("articleBody")
        if not isinstance(text, str) or len(text.strip()) < MIN_ARTICLE_CHARS:
            return None
        paragraphs = [p for p in (clean_multiline(part) for part in re.split(r"\n\s*\n|\r\n\r\n", text)) if p]
        blocks = tuple(Block(type="paragraph", text=p) for p in paragraphs)
        return Content(blocks=blocks, images=(), text_length=sum(len(p) for p in paragraphs), link_density=0.0, score=0.0)

    def body(self) -> list[Block]:
        return list(self.content.blocks)

    def images(self) -> list[Image]:
        return list(self.content.images)

    # -- title -----------------------------------------------------------------------------

    def title(self) -> str | None:
        return self._title

    @cached_property
    def _title(self) -> str | None:
        document_title = text_of(self.tree.css_first("head title")) or text_of(self.tree.css_first("title"))
        candidates = [self._ld_headline(document_title), *(self.meta(key) for key in TITLE_META), document_title]
        for candidate in candidates:
            title = clean_text(candidate)
            if title:
                return self.strip_site(title)
        h1 = self.tree.css_first("h1")
        return clean_text(text_of(h1)) if h1 is not None else None

    def _ld_headline(self, document_title: str | None) -> str | None:
        """``headline``, unless ``name`` matches the page title better (some sites swap them)."""
        headline = clean_text(metadata.ld_text(self.ld.get("headline")))
        name = clean_text(metadata.ld_text(self.ld.get("name")))
        if headline and name and headline != name and document_title:
            key = _words(document_title)
            if _overlap(_words(name), key) > _overlap(_words(headline), key):
                return name
        return headline or name

    # -- people ----------------------------------------------------------------------------

    def authors(self) -> list[Author]:
        names = metadata.ld_names(self.ld.get("author")) or metadata.ld_names(self.ld.get("creator"))
        found = self._authors_from(names, ld=True)
        if found:
            return found
        for key in AUTHOR_META:
            value = self.meta(key)
            if value and not _NOT_A_NAME.search(value):
                found = self._authors_from(_NAME_SPLIT.split(_BY.sub("", value)))
                if found:
                    return found
        return self._byline_authors()

    def _authors_from(self, names: list[str], *, ld: bool = False) -> list[Author]:
        authors: list[Author] = []
        seen: set[str] = set()
        people = ld and self.ld.get("author")
        urls = {}
        if people:
            for person in metadata.ld_list(people):
                if isinstance(person, dict) and isinstance(person.get("url"), str):
                    urls[clean_text(metadata.ld_text(person)) or ""] = self.absolute(person["url"])
        for raw in names:
            name = clean_text(_BY.sub("", raw or ""))
            if not name or _NOT_A_NAME.search(name) or len(name) > 80 or name.casefold() in seen:
                continue
            seen.add(name.casefold())
            authors.append(Author(name=name, url=urls.get(name)))
        return authors[:10]

    def _byline_authors(self) -> list[Author]:
        """Names printed in a byline: ``itemprop=author``, ``rel=author``, ``.byline``, ``.author``."""
        noise = self._date_finder.noise
        for css in BYLINE_CSS:
            for node in self.tree.css(css)[:5]:
                text = text_of(node)
                if not text or len(text) > 120 or noise.in_noise(node):
                    continue
                text = _DATE_TAIL.sub("", _BY.sub("", text))
                names = [n for n in _NAME_SPLIT.split(text) if _looks_like_name(n)]
                found = self._authors_from(names)
                if found:
                    href = node.attributes.get("href") if node.tag == "a" else None
                    if href and len(found) == 1:
                        found = [Author(name=found[0].name, url=self.absolute(href))]
                    return found
        return []

    # -- dates -----------------------------------------------------------------------------

    @cached_property
    def _date_finder(self) -> dates.DateFinder:
        return dates.DateFinder(
            self.tree,
            self.url(),
            meta=self.doc.meta,
            jsonld=self.doc.jsonld,
            article=self.ld,
            language=self.language(),
            not_after=self.fetched_at,
            content=list(self.content.containers),
        )

    @cached_property
    def _published(self) -> dates.FoundDate | None:
        return self._date_finder.published()

    @cached_property
    def _modified(self) -> dates.FoundDate | None:
        return self._date_finder.modified()

    def published_raw(self) -> str | None:
        return self._published.raw if self._published else None

    def modified_raw(self) -> str | None:
        return self._modified.raw if self._modified else None

    def published_at(self) -> datetime | None:
        """The publication date, parsed in any supported language."""
        return self._parsed(self.published_raw(), self._published)

    def modified_at(self) -> datetime | None:
        return self._parsed(self.modified_raw(), self._modified)

    def _parsed(self, raw: str | None, found: dates.FoundDate | None) -> datetime | None:
        if found is not None and raw == found.raw:
            return found.value
        return dates.parse_date(raw, month_first=self._date_finder.month_first)

    # -- comments --------------------------------------------------------------------------

    def comments(self) -> list[RawComment]:
        """Comments in WordPress-style lists: ``li.comment`` items, replies nested in ``.children``."""
        container = self.tree.css_first(_COMMENT_LISTS)
        if container is None:
            return []
        out: list[RawComment] = []
        self._comment_items(container, None, out, 0)
        return out

    def _comment_items(self, container: LexborNode, parent_key: str | None, out: list[RawComment], depth: int) -> None:
        if depth > 30 or len(out) >= 5000:
            return
        for item in container.iter():
            if item.tag not in ("li", "article", "div"):
                continue
            classes = item.attributes.get("class") or ""
            if "comment" not in classes and "pingback" not in classes and "trackback" not in classes:
                continue
            raw = self._comment(item, parent_key, len(out))
            if raw is not None:
                out.append(raw)
            for children in item.iter():
                if _is_replies(children):
                    self._comment_items(children, raw.key if raw else parent_key, out, depth + 1)

    def _comment(self, item: LexborNode, parent_key: str | None, position: int) -> RawComment | None:
        body = _own(item, ".comment-content, .comment-body > p, .comment-text, .comment_text, [itemprop=text], .text")
        author = _own(item, ".comment-author .fn, .comment-author cite, .fn, .comment-author, [itemprop=author], .author")
        when = _own(item, "time[datetime], .comment-meta time, .comment-metadata time, .comment-date, .comment-meta a, .comment-metadata a")
        published = None
        if when is not None:
            published = clean_text(when.attributes.get("datetime")) or clean_text(when.text())
        text = clean_multiline(_text_with_breaks(body)) if body is not None else None
        if not text:
            return None
        key = item.attributes.get("id") or None
        name = clean_text(_BY.sub("", text_of(author) or "")) if author is not None else None
        if name:
            name = re.sub(r"\s+(?:says|sagt|dit|dice|scrive|schreef|skriver):?$", "", name, flags=re.I) or None
        return RawComment(key=key, parent_key=parent_key, author=name, published_raw=published, text=text)


# -- helpers -----------------------------------------------------------------------------------


def _looks_like_name(text: str) -> bool:
    """A person's or desk's name: a few words, no digits, not a sentence."""
    words = text.split()
    return 0 < len(words) <= 6 and not any(c.isdigit() for c in text) and not text.endswith((".", ":", "?", "!"))


def _own(item: LexborNode, css: str) -> LexborNode | None:
    """The first match of ``css`` inside a comment but not inside one of its replies."""
    return own_match(item, css, _is_replies)


def _is_replies(node: LexborNode) -> bool:
    return node.tag in ("ul", "ol", "div") and "children" in (node.attributes.get("class") or "")


def _text_with_breaks(node: LexborNode) -> str:
    parts = []
    for child in node.iter(include_text=True):
        if child.tag in ("p", "div", "blockquote", "ul", "ol", "pre"):
            parts.append("\n" + (child.text(deep=True) or "") + "\n")
        elif child.tag == "-text":
            parts.append(child.text_content or "")
        elif child.tag and child.tag[0] != "-" and child.tag not in ("script", "style", "noscript", "button", "form"):
            parts.append(child.text(deep=True) or "")
    return "".join(parts).replace("\u2028", "\n")


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
