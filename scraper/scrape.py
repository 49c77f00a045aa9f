"""The one scrape loop: sources in, records out. The CLI and cron jobs both call :func:`scrape`."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import attrs

from scraper.errors import ExtractionError, InputError, ScraperError
from scraper.export import ErrorRecord, JsonlExporter
from scraper.extract import Extraction
from scraper.fetch import Fetcher
from scraper.registry import extract_page
from scraper.settings import DEFAULT, Settings

log = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
URL_SCHEMES = ("http", "https")


@attrs.define
class Summary:
    """Counts of one run, for the summary line and the exit code."""

    sources: int = 0
    articles: int = 0
    comments: int = 0
    failed: int = 0
    duplicates: int = 0

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def line(self) -> str:
        dup = f", {self.duplicates} already in output" if self.duplicates else ""
        return (
            f"{self.sources} sources: {self.articles} articles, {self.comments} comments, "
            f"{self.failed} failed{dup}"
        )


def check_source(source: str) -> None:
    """Raise InputError for a SOURCE that is a URL with a scheme we do not fetch (ftp://...)."""
    if "://" in source:
        scheme = urlsplit(source).scheme.lower()
        if scheme not in URL_SCHEMES:
            raise InputError(f"{source}: unsupported URL scheme {scheme!r}; give an http(s) URL, an .html file or a directory", source=source)
        if not urlsplit(source).hostname:
            raise InputError(f"{source}: URL has no host", source=source)


def expand(sources: Iterable[str]) -> Iterator[tuple[str, InputError | None]]:
    """Each page to scrape: URLs as given, files as given, directories as their HTML files, sorted.

    A source that cannot be read comes out with the error to record for it.
    """
    for source in sources:
        if "://" in source:
            yield source, None
            continue
        path = Path(source)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix.lower() in HTML_SUFFIXES and p.is_file())
            if not files:
                yield source, InputError(f"{source}: directory has no .html files", source=source)
            for file in files:
                yield str(file), None
        elif path.is_file():
            yield source, None
        elif path.exists():
            yield source, InputError(f"{source}: not a regular file or directory", source=source)
        else:
            yield source, InputError(f"{source}: no such file or directory", source=source)


def read_file(source: str, settings: Settings) -> bytes:
    path = Path(source)
    try:
        with open(path, "rb") as handle:
            data = handle.read(settings.max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{source}: cannot read file: {exc.strerror or exc}", source=source) from exc
    if len(data) > settings.max_bytes:
        raise InputError(f"{source}: file is larger than --max-bytes ({settings.max_bytes} bytes)", source=source, kind="too_large")
    if not data.strip():
        raise InputError(f"{source}: file is empty", source=source)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{source}: file is binary, not HTML", source=source)
    return data


def scrape_one(source: str, fetcher: Fetcher | None, settings: Settings, now: Callable[[], datetime]) -> Extraction:
    """Fetch or read one source and extract it; raises a ScraperError on failure."""
    if "://" in source:
        check_source(source)
        assert fetcher is not None
        page = fetcher.fetch(source)
        return extract_page(page.body, page.url, charset=page.charset, source=source, fetched_at=page.fetched_at)
    data = read_file(source, settings)
    return extract_page(data, Path(source).resolve().as_uri(), source=source, fetched_at=now())


def guarded(step: Callable[..., Extraction], source: str, *args: object) -> Extraction:
    """Run one page; a bug on one page becomes that page's error, not the end of the batch."""
    try:
        return step(source, *args)
    except ScraperError:
        raise
    except Exception as exc:  # noqa: BLE001 - recorded in errors.jsonl and logged with its traceback
        log.debug("unexpected failure on %s", source, exc_info=True)
        raise ExtractionError(
            f"{source}: unexpected {type(exc).__name__} while scraping ({exc}); please report this page",
            url=source,
        ) from exc


class HostGates:
    """At most ``per_host`` pages of one host in flight at once; local files are not limited."""

    def __init__(self, per_host: int) -> None:
        self.per_host = per_host
        self._lock = threading.Lock()
        self._gates: dict[str, threading.BoundedSemaphore] = {}

    @contextmanager
    def slot(self, source: str) -> Iterator[None]:
        host = (urlsplit(source).hostname or "").lower() if "://" in source else ""
        if not host:
            yield
            return
        with self._lock:
            gate = self._gates.setdefault(host, threading.BoundedSemaphore(self.per_host))
        with gate:
            yield


def scrape(
    sources: Iterable[str],
    output: str | Path,
    settings: Settings = DEFAULT,
    *,
    fetcher: Fetcher | None = None,
    on_progress: Callable[[str, int], None] | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
) -> Summary:
    """Scrape every source into the JSONL files of ``output``; failures go to errors.jsonl.

    Up to ``settings.concurrency`` pages are fetched and extracted at once (``settings.per_host``
    per host); records are written in the order the sources were given, so the same sources give
    the same files. ``on_progress(source, total)`` is called once per page written.
    """
    pages = list(expand(sources))
    summary = Summary()
    own_fetcher = fetcher is None and any("://" in s for s, _ in pages)
    if own_fetcher:
        fetcher = Fetcher(settings)
    gates = HostGates(settings.per_host)

    def attempt(item: tuple[str, InputError | None]) -> Extraction | ScraperError:
        source, problem = item
        if problem is not None:
            return problem
        try:
            with gates.slot(source):
                return guarded(scrape_one, source, fetcher, settings, now)
        except ScraperError as exc:
            return exc

    pool = ThreadPoolExecutor(max_workers=max(1, settings.concurrency), thread_name_prefix="scrape")
    try:
        with JsonlExporter(output) as exporter:
            for (source, _), outcome in zip(pages, pool.map(attempt, pages)):
                summary.sources += 1
                if isinstance(outcome, ScraperError):
                    log.warning("%s", outcome.message)
                    summary.failed += 1
                    exporter.write(ErrorRecord.from_error(source, outcome, now().isoformat()))
                else:
                    summary.articles += exporter.write(outcome.article)
                    summary.comments += sum(exporter.write(c) for c in outcome.comments)
                if on_progress:
                    on_progress(source, len(pages))
            summary.duplicates = exporter.skipped
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if own_fetcher and fetcher is not None:
            fetcher.close()
    return summary
