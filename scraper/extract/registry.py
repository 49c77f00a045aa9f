"""Host -> extractor lookup, and the pure ``extract_page`` entry point.

``@register("example.com", "www.example.com")`` records a site class. :func:`load_sites` imports
every module under ``scraper/sites/`` explicitly, so no site depends on another module happening to
import it; then it loads the site plugins: every entry point of the group ``scraper.sites``, sorted
by name, each naming a module (or a class) that registers its hosts when imported::

    [project.entry-points."scraper.sites"]
    mysite = "mypkg.mysite"

Built-in sites win: they are loaded first (also when a plugin module is imported before
:func:`load_sites` runs), and a plugin that fails to import, registers no host, reuses an extractor
name, or claims a host already served is skipped whole, with one warning naming the entry point, its
package and the error; the other sites run as usual. Between two plugins, the one whose entry point
name sorts first wins.

Hosts are keyed the way :func:`scraper.normalize.hostname` keys a URL at lookup (lower-cased, port
dropped), so a registered host and a URL's host always compare alike; ``www.`` is optional at
lookup. When no site matches, the generic extractor runs and the record's ``extractor`` field says so.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import threading
from collections.abc import Callable
from datetime import datetime
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType

import attrs

from scraper.errors import ExtractionError
from scraper.extract.base import ArticleExtractor, Document, collector_paused
from scraper.records import Article, Comment, Result
from scraper.normalize import hostname

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "scraper.sites"
BUILTIN_PACKAGE = "scraper"

_BY_HOST: dict[str, type[ArticleExtractor]] = {}
_PACKAGE: dict[type[ArticleExtractor], str] = {}  # extractor class -> the package that provides it
# Article fields a site extractor may leave empty, taken from the generic extractor when it does; fields
# in one group (a date and its raw text) are taken together.
FALLBACK_FIELDS: tuple[tuple[str, ...], ...] = (
    ("title",), ("description",), ("authors",), ("published_at", "published_raw"), ("modified_at",),
    ("section",), ("tags",), ("language",), ("site_name",), ("lead_image",), ("body", "images"),
    ("related",), ("comment_count",),
)
# Loading happens once, under this lock: the crawler extracts pages in worker threads.
_lock = threading.RLock()
_builtin_loaded = False
_loaded = False
_loading = False
_plugin_package: str | None = None  # while a plugin loads: its package, recorded by register()


@attrs.frozen
class ExtractorInfo:
    """One extractor as ``scraper extractors`` shows it."""

    name: str  # what records carry in ``extractor`` and sites.toml names
    hosts: tuple[str, ...]  # sorted; ``("*",)`` for the generic fallback
    package: str  # distribution providing it: "scraper" for the built-in ones
    module: str  # where the class is defined


def register(*hosts: str) -> Callable[[type[ArticleExtractor]], type[ArticleExtractor]]:
    """Class decorator: serve ``hosts`` with the decorated extractor.

    A host taken by another class, or an extractor name another class uses, fails at once and
    registers nothing.
    """

    def decorate(cls: type[ArticleExtractor]) -> type[ArticleExtractor]:
        if not (isinstance(cls, type) and issubclass(cls, ArticleExtractor)):
            raise TypeError(f"register() decorates ArticleExtractor subclasses, not {cls!r}")
        if not hosts:
            raise ValueError(f"{cls.__name__}: register() needs at least one host")
        if not _is_builtin(cls.__module__):
            _load_builtin()  # so a built-in site keeps its hosts whatever was imported first
        keys = [_host_key(cls, host) for host in hosts]
        for key in keys:
            other = _BY_HOST.get(key)
            if other is not None and other is not cls:
                raise ValueError(f"host {key!r} is registered twice: {other.__name__} and {cls.__name__}")
        _check_name(cls)
        for key in keys:
            _BY_HOST[key] = cls
        _PACKAGE.setdefault(cls, _package_of(cls))
        return cls

    return decorate


def _host_key(cls: type, host: object) -> str:
    """``host`` keyed by the same normalizer lookup uses, so both sides agree on case and port."""
    key = hostname(f"//{host}") if isinstance(host, str) and not set(host) & set("/?#@ \t\r\n") else ""
    if not key:
        raise ValueError(f"{cls.__name__}: {host!r} is not a host name; write it like 'example.com'")
    return key


def _check_name(cls: type[ArticleExtractor]) -> None:
    """Records and sites.toml name extractors, so one name must mean one class."""
    from scraper.extract.generic import GenericExtractor

    taken = {c.name: c for c in _BY_HOST.values()}
    taken.update({ArticleExtractor.name: ArticleExtractor, GenericExtractor.name: GenericExtractor})
    other = taken.get(cls.name)
    if other is not None and other is not cls:
        raise ValueError(
            f"extractor name {cls.name!r} of {cls.__name__} is taken by {other.__name__}; "
            f"give {cls.__name__} a name of its own (name = \"...\")"
        )


def _package_of(cls: type) -> str:
    """Who provides ``cls``, as far as its registration can tell (see :func:`_load_plugin`)."""
    if _is_builtin(cls.__module__):
        return BUILTIN_PACKAGE
    return _plugin_package or _top_package(cls.__module__)


def _is_builtin(module: str) -> bool:
    return _top_package(module) == BUILTIN_PACKAGE


def _top_package(module: str) -> str:
    return module.partition(".")[0]


def load_sites() -> None:
    """Load the built-in sites, then the ``scraper.sites`` plugins; once, on first use."""
    global _loaded, _loading
    if _loaded:
        return
    with _lock:
        if _loaded or _loading:  # _loading: a plugin looked something up while being imported
            return
        _loading = True
        try:
            _load_builtin()
            for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: (e.name, e.value)):
                _load_plugin(ep)
            _loaded = True
        finally:
            _loading = False


def _load_builtin() -> None:
    """Import every module in ``scraper.sites``, so each registers its hosts."""
    global _builtin_loaded
    if _builtin_loaded:
        return
    with _lock:
        if _builtin_loaded:
            return
        import scraper.sites as package

        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            importlib.import_module(f"{package.__name__}.{info.name}")
        _builtin_loaded = True


def _load_plugin(ep: EntryPoint) -> None:
    """Import one entry point; all its registrations or none of them, and a warning when none."""
    global _plugin_package
    package = plugin_package(ep)
    hosts, packages = dict(_BY_HOST), dict(_PACKAGE)
    _plugin_package = package
    try:
        served = _served_by(ep.load(), hosts)
        problem = None if served else f"{ep.value} registers no host; decorate its extractor class with @register(...)"
    except Exception as exc:  # noqa: BLE001 - a plugin's import may raise anything; it must not stop the run
        served, problem = set(), f"{type(exc).__name__}: {exc}"
    finally:
        _plugin_package = None
    for cls in served:  # imported before load_sites() ran: credit the distribution, not just its package
        if not _is_builtin(cls.__module__) and _PACKAGE.get(cls) == _top_package(cls.__module__):
            _PACKAGE[cls] = package
    if problem is None:
        return
    _BY_HOST.clear()
    _BY_HOST.update(hosts)
    _PACKAGE.clear()
    _PACKAGE.update(packages)
    log.warning(
        "site plugin %r from package %s not loaded (%s); fix or uninstall %s, the other sites run as usual",
        f"{ep.name} = {ep.value}", package, " ".join(problem.split()), package,
    )


def plugin_package(ep: EntryPoint) -> str:
    """The distribution that declares ``ep``, else the top-level package of the module it names."""
    dist = getattr(ep, "dist", None)
    return (dist.name if dist is not None else None) or _top_package(ep.value.partition(":")[0].strip())


def _served_by(loaded: object, before: dict[str, type[ArticleExtractor]]) -> set[type[ArticleExtractor]]:
    """The classes a loaded entry point serves hosts with, also when it was imported earlier."""
    if isinstance(loaded, ModuleType):
        inside = (loaded.__name__, f"{loaded.__name__}.")
        ours = {cls for cls in _BY_HOST.values() if cls.__module__ == inside[0] or cls.__module__.startswith(inside[1])}
    else:
        ours = {loaded} & set(_BY_HOST.values())
    return ours | {cls for host, cls in _BY_HOST.items() if host not in before}


def describe() -> list[ExtractorInfo]:
    """Every extractor with its hosts and package, sorted by name; the generic fallback last."""
    load_sites()
    from scraper.extract.generic import GenericExtractor

    served: dict[type[ArticleExtractor], list[str]] = {}
    for host, cls in sorted(_BY_HOST.items()):
        served.setdefault(cls, []).append(host)
    rows = [
        ExtractorInfo(cls.name, tuple(hosts), _PACKAGE.get(cls, _top_package(cls.__module__)), cls.__module__)
        for cls, hosts in served.items()
    ]
    generic = ExtractorInfo(GenericExtractor.name, ("*",), BUILTIN_PACKAGE, GenericExtractor.__module__)
    return [*sorted(rows, key=lambda row: row.name), generic]


def extractors() -> dict[str, list[str]]:
    """Extractor name -> the hosts it serves, sorted; the generic fallback serves ``*``."""
    return {row.name: list(row.hosts) for row in describe()}


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


def extract_text(
    html: str,
    url: str,
    *,
    fetched_at: datetime,
    source: str | None = None,
    extractor: type[ArticleExtractor] | None = None,
    utf8: bytes | None = None,
    any_page: bool = False,
) -> Result:
    """Page text + URL in, records out. Pure: no network, clock, file or environment. (Bytes are
    decoded by :func:`scraper.pipeline.extract_page`, the public entry point.) ``utf8``: the text's
    UTF-8 bytes when the caller has them (the page as fetched), so the parser need not encode it again.
    ``any_page``: records of a page that does not read as an article too (see :meth:`ArticleExtractor.extract`).

    ``url`` is where the page came from (final URL, or a ``file://`` URI for a local file). The
    extractor is chosen from the host of ``url``; for a local file, from the page's own canonical
    URL, so a saved page is handled by its site's extractor. (A fetched page is never routed by its
    canonical URL: a syndicated copy on another site has that site's markup.)
    """
    doc = Document(html, url, utf8=utf8)
    route = doc.canonical if url.startswith("file:") and doc.canonical else url
    cls = extractor or extractor_for(route)
    # any_page only when asked for: a site class overriding extract(source=, fetched_at=) keeps working.
    extraction = cls(doc).extract(source=source or url, fetched_at=fetched_at, **({"any_page": True} if any_page else {}))
    return with_generic_fallback(extraction, cls, html, url, source=source or url, fetched_at=fetched_at, utf8=utf8,
                                 any_page=any_page)


def with_generic_fallback(
    extraction: Result, cls: type[ArticleExtractor], html: str, url: str, *, source: str, fetched_at: datetime,
    utf8: bytes | None = None, any_page: bool = False,
) -> Result:
    """A site extractor's records with every field its markup left empty filled by the generic extractor.

    A site extractor is never worse than the generic one on a field it cannot read: the generic
    extractor reads a fresh parse of the same page, and each empty field group of ``FALLBACK_FIELDS``
    (and the comments, when the site found none) takes its value. When the site read a body, the page
    is an article and only those fields are read; when it read none, the generic extractor extracts the
    whole page, and when it finds no article there the site's records stand as they are (with ``any_page``,
    the caller asked for any page: its body is taken all the same, and its ``not_an_article``). A site class
    names the fields it leaves empty on purpose in ``keep_empty`` (a class attribute, e.g. ``{"description"}``).
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
    if ("body", "images") in empty:
        # No body of its own: the generic body only if the generic extractor calls the page an article
        # (or any page is asked for).
        try:
            generic = GenericExtractor(Document(html, url, utf8=utf8)).extract(source=source, fetched_at=fetched_at,
                                                                                 any_page=any_page)
        except ExtractionError:
            return extraction
        changes = {name: getattr(generic.article, name) for group in empty for name in group}
        if any_page:  # the page is as much an article as the generic body makes it
            changes["not_an_article"] = generic.article.not_an_article
        comments = extraction.comments or generic.comments
    else:
        # The site read a body, so the page is an article: only the missing fields are asked of the
        # generic extractor (most often the modified date, related links or comments), not a whole
        # extraction, which would cost twice the site's own (content scoring, dates, authors).
        with collector_paused():
            try:
                changes, comments = _generic_fields(GenericExtractor(Document(html, url, utf8=utf8)), empty, extraction, fetched_at)
            except ExtractionError:
                return extraction
    if changes:
        # text, word_count and content_hash follow from the fields, so they are computed afresh.
        kept = {f.name: getattr(article, f.name) for f in attrs.fields(Article) if f.name not in _DERIVED}
        article = Article(**{**kept, **changes})
    return Result(source=extraction.source, article=article, comments=comments)


def _generic_fields(
    generic: ArticleExtractor, empty: list[tuple[str, ...]], extraction: Result, fetched_at: datetime
) -> tuple[dict[str, object], tuple[Comment, ...]]:
    """The fields of the groups ``empty`` as the generic extractor reads them, and its comments when the
    site found none; each as :meth:`ArticleExtractor.extract` reads it."""
    generic.fetched_at = fetched_at
    changes = {name: generic.read_field(name) for group in empty for name in group}
    return changes, extraction.comments or generic.comment_records(fetched_at)


_DERIVED = ("text", "word_count", "content_hash")


def _is_empty(value: object) -> bool:
    return value is None or value == () or value == [] or value == ""
