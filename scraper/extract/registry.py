"""Host -> extractor lookup, and the pure ``extract_page`` entry point.

``@register("example.com", "www.example.com")`` records a site class. Every module under
``scraper/sites/`` is imported explicitly by :func:`load_sites`, so no site depends on another
module happening to import it. Lookup uses the lower-cased host without the port; when no site
matches, the generic extractor runs and the record's ``extractor`` field says so.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from datetime import datetime

import attrs

from scraper.fetch.encoding import decode_html
from scraper.errors import ExtractionError
from scraper.extract.base import ArticleExtractor, Document
from scraper.records import Article, Result
from scraper.normalize import hostname

_BY_HOST: dict[str, type[ArticleExtractor]] = {}
# Article fields a site extractor may leave empty, taken from the generic extractor when it does; fields
# in one group (a date and its raw text) are taken together.
FALLBACK_FIELDS: tuple[tuple[str, ...], ...] = (
    ("title",), ("description",), ("authors",), ("published_at", "published_raw"), ("modified_at",),
    ("section",), ("tags",), ("language",), ("site_name",), ("lead_image",), ("body", "images"),
    ("related",), ("comment_count",),
)
_loaded = False


def register(*hosts: str) -> Callable[[type[ArticleExtractor]], type[ArticleExtractor]]:
    """Class decorator: serve ``hosts`` with the decorated extractor. A host taken twice fails."""

    def decorate(cls: type[ArticleExtractor]) -> type[ArticleExtractor]:
        if not hosts:
            raise ValueError(f"{cls.__name__}: register() needs at least one host")
        for host in hosts:
            key = host.lower()
            other = _BY_HOST.get(key)
            if other is not None and other is not cls:
                raise ValueError(f"host {key!r} is registered twice: {other.__name__} and {cls.__name__}")
            _BY_HOST[key] = cls
        return cls

    return decorate


def load_sites() -> None:
    """Import every module in ``scraper.sites`` once, so each registers its hosts."""
    global _loaded
    if _loaded:
        return
    import scraper.sites as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        importlib.import_module(f"{package.__name__}.{info.name}")
    _loaded = True


def extractors() -> dict[str, list[str]]:
    """Extractor name -> the hosts it serves, sorted; the generic fallback serves ``*``."""
    load_sites()
    from scraper.extract.generic import GenericExtractor

    table: dict[str, list[str]] = {}
    for host, cls in sorted(_BY_HOST.items()):
        table.setdefault(cls.name, []).append(host)
    table[GenericExtractor.name] = ["*"]
    return table


def extractor_classes() -> dict[str, type[ArticleExtractor]]:
    """Extractor name -> class, for every registered extractor and the generic fallback."""
    load_sites()
    from scraper.extract.generic import GenericExtractor

    table = {cls.name: cls for cls in _BY_HOST.values()}
    table[GenericExtractor.name] = GenericExtractor
    return dict(sorted(table.items()))


def extractor_for(url: str) -> type[ArticleExtractor]:
    """The site extractor for ``url``'s host (``www.`` optional), else the generic one."""
    load_sites()
    from scraper.extract.generic import GenericExtractor

    host = hostname(url)
    return _BY_HOST.get(host) or _BY_HOST.get(host.removeprefix("www.")) or GenericExtractor


def extract_page(
    body: bytes | str,
    url: str,
    *,
    fetched_at: datetime,
    source: str | None = None,
    charset: str | None = None,
    extractor: type[ArticleExtractor] | None = None,
) -> Result:
    """Page bytes (or text) + URL in, records out. Pure: no network, clock, file or environment.

    ``url`` is where the page came from (final URL, or a ``file://`` URI for a local file). The
    extractor is chosen from the host of ``url``; for a local file, from the page's own canonical
    URL, so a saved page is handled by its site's extractor. (A fetched page is never routed by its
    canonical URL: a syndicated copy on another site has that site's markup.)
    """
    html = body if isinstance(body, str) else decode_html(body, charset)
    doc = Document(html, url)
    route = doc.canonical if url.startswith("file:") and doc.canonical else url
    cls = extractor or extractor_for(route)
    extraction = cls(doc).extract(source=source or url, fetched_at=fetched_at)
    return with_generic_fallback(extraction, cls, html, url, source=source or url, fetched_at=fetched_at)


def with_generic_fallback(
    extraction: Result, cls: type[ArticleExtractor], html: str, url: str, *, source: str, fetched_at: datetime
) -> Result:
    """A site extractor's records with every field its markup left empty filled by the generic extractor.

    A site extractor is never worse than the generic one on a field it cannot read: the generic
    extractor runs on a fresh parse of the same page, and each empty field group of
    ``FALLBACK_FIELDS`` (and the comments, when the site found none) takes its value. When the generic
    extractor finds no article there, the site's records stand as they are. A site class names the
    fields it leaves empty on purpose in ``keep_empty`` (a class attribute, e.g. ``{"description"}``).
    """
    from scraper.extract.generic import GenericExtractor

    article = extraction.article
    if article.extractor == GenericExtractor.name:
        return extraction
    deliberate = getattr(cls, "keep_empty", frozenset())
    empty = [
        group for group in FALLBACK_FIELDS
        if not deliberate & set(group) and all(_is_empty(getattr(article, name)) for name in group)
    ]
    if not empty and extraction.comments:
        return extraction
    try:
        generic = GenericExtractor(Document(html, url)).extract(source=source, fetched_at=fetched_at)
    except ExtractionError:
        return extraction
    changes = {name: getattr(generic.article, name) for group in empty for name in group}
    if changes:
        # text, word_count and content_hash follow from the fields, so they are computed afresh.
        kept = {f.name: getattr(article, f.name) for f in attrs.fields(Article) if f.name not in _DERIVED}
        article = Article(**{**kept, **changes})
    comments = extraction.comments or generic.comments
    return Result(source=extraction.source, article=article, comments=comments)


_DERIVED = ("text", "word_count", "content_hash")


def _is_empty(value: object) -> bool:
    return value is None or value == () or value == [] or value == ""
