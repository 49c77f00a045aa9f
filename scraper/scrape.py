"""The one scrape loop: sources in, records out. The CLI and cron jobs both call :func:`scrape`.

Worker threads fetch and extract; only the calling thread writes. Pages start in source order,
first come first served per host (``_Schedule``), and each result is written as soon as every
earlier source is written. A source slower than the next ``settings.reorder_window`` sources does
not hold the run back: once that many later results wait, the oldest of them is written, and the
slow one follows when it is done. On SIGINT or SIGTERM no new page starts, pages in flight get
``settings.stop_grace`` seconds, everything finished is written (whole lines), and the summary
says how many sources were left.
"""

from __future__ import annotations

import heapq
import logging
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import attrs

from scraper.fetch.encoding import binary_kind
from scraper.errors import ExtractionError, InputError, ScraperError
from scraper.export import ErrorRecord, JsonlExporter
from scraper.records import Result
from scraper.normalize import host_key, split_url
from scraper.extract.registry import extract_page
from scraper.settings import DEFAULT, Settings

if TYPE_CHECKING:
    from scraper.fetch import Fetcher

log = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
URL_SCHEMES = ("http", "https")
# How often the writing thread looks at the stop flag while it waits for results, in seconds.
_POLL_SECONDS = 0.1

Outcome = Result | ScraperError


@attrs.define
class Summary:
    """Counts of one run, for the summary line and the exit code."""

    sources: int = 0  # sources written (records or errors)
    articles: int = 0
    comments: int = 0
    failed: int = 0
    duplicates: int = 0
    interrupted: str | None = None  # "SIGINT" / "SIGTERM" when a signal stopped the run
    left: int = 0  # sources not scraped because the run was stopped

    @property
    def exit_code(self) -> int:
        """128 + signal number when stopped by a signal (130 Ctrl-C, 143 SIGTERM), else 1 if any failed."""
        if self.interrupted is not None:
            return 128 + signal.Signals[self.interrupted].value
        return 1 if self.failed else 0

    def line(self) -> str:
        dup = f", {self.duplicates} already in output" if self.duplicates else ""
        by = f" by {self.interrupted}" if self.interrupted else ""
        stop = f"; stopped{by}, {self.left} sources not scraped" if self.interrupted or self.left else ""
        return (
            f"{self.sources} sources: {self.articles} articles, {self.comments} comments, "
            f"{self.failed} failed{dup}{stop}"
        )


def is_url(source: str) -> bool:
    return "://" in source


def shown(source: str) -> str:
    """A source as it can be printed on one line."""
    return source if source.isprintable() else repr(source)


def check_source(source: str) -> None:
    """Raise InputError for a URL SOURCE we cannot fetch: InvalidURL when it cannot be split at all,
    a plain InputError for a scheme we do not fetch (ftp://...) or a missing host."""
    if not is_url(source):
        return
    parts = split_url(source)
    scheme = parts.scheme.lower()
    if scheme not in URL_SCHEMES:
        raise InputError(f"{shown(source)}: unsupported URL scheme {scheme!r}; give an http(s) URL, an .html file or a directory", source=source)
    if not parts.hostname:
        raise InputError(f"{shown(source)}: URL has no host", source=source)


def expand(sources: Iterable[str]) -> Iterator[tuple[str, InputError | None]]:
    """Each page to scrape: URLs as given, files as given, directories as their HTML files, sorted.

    A source that cannot be read comes out with the error to record for it; any string is safe here.
    """
    for source in sources:
        if is_url(source):
            yield source, None
            continue
        if not source.strip():  # Path("") is the current directory: never what was meant
            yield source, InputError(f"{source!r}: empty SOURCE; give an http(s) URL, an .html file or a directory", source=source)
            continue
        try:
            yield from _expand_path(source)
        except (OSError, ValueError) as exc:  # a name too long, a NUL byte, a lone surrogate, an unreadable tree
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            yield source, InputError(f"{shown(source)}: cannot read: {reason}", source=source)


def _expand_path(source: str) -> Iterator[tuple[str, InputError | None]]:
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in HTML_SUFFIXES and p.is_file())
        if not files:
            yield source, InputError(f"{shown(source)}: directory has no .html files", source=source)
        for file in files:
            yield str(file), None
    elif path.is_file():
        yield source, None
    elif path.exists():
        yield source, InputError(f"{shown(source)}: not a regular file or directory", source=source)
    else:
        yield source, InputError(f"{shown(source)}: no such file or directory", source=source)


def read_file(source: str, settings: Settings) -> bytes:
    path = Path(source)
    try:
        with open(path, "rb") as handle:
            data = handle.read(settings.max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{shown(source)}: cannot read file: {exc.strerror or exc}", source=source) from exc
    if len(data) > settings.max_bytes:
        raise InputError(f"{shown(source)}: file is larger than --max-bytes ({settings.max_bytes} bytes)", source=source, kind="too_large")
    if not data.strip():
        raise InputError(f"{shown(source)}: file is empty", source=source)
    kind = binary_kind(data)
    if kind is not None:
        raise InputError(f"{shown(source)}: file is {kind}, not HTML", source=source, kind="not_html")
    return data


def scrape_one(source: str, fetcher: Fetcher | None, settings: Settings, now: Callable[[], datetime]) -> Result:
    """Fetch or read one source and extract it; raises a ScraperError on failure."""
    if is_url(source):
        check_source(source)
        assert fetcher is not None
        page = fetcher.fetch(source)
        return extract_page(page.body, page.url, charset=page.charset, source=source, fetched_at=page.fetched_at)
    data = read_file(source, settings)
    return extract_page(data, Path(source).resolve().as_uri(), source=source, fetched_at=now())


def guarded(step: Callable[..., Result], source: str, *args: object) -> Result:
    """Run one page; a bug on one page becomes that page's error, not the end of the batch."""
    try:
        return step(source, *args)
    except ScraperError:
        raise
    except Exception as exc:  # noqa: BLE001 - recorded in errors.jsonl and logged with its traceback
        log.debug("unexpected failure on %s", source, exc_info=True)
        raise ExtractionError(
            f"{shown(source)}: unexpected {type(exc).__name__} while scraping ({exc}); please report this page",
            url=source,
        ) from exc


class _Schedule:
    """Hands out page indexes in source order, at most ``per_host`` of one host at once.

    Each host has a FIFO of its pages; a heap holds the first waiting page of every host with a free
    slot, so the next page handed out is always the earliest one allowed to start. Local files and
    malformed URLs (host '') are not limited.
    """

    def __init__(self, hosts: list[str], per_host: int) -> None:
        self._hosts = hosts
        self._per_host = per_host
        self._cond = threading.Condition()
        self._waiting: dict[str, deque[int]] = {}
        for index, host in enumerate(hosts):
            self._waiting.setdefault(host, deque()).append(index)
        self._ready = [(pages[0], host) for host, pages in self._waiting.items()]
        heapq.heapify(self._ready)
        self._busy = dict.fromkeys(self._waiting, 0)
        self._left = len(hosts)
        self._stopped = False

    def take(self) -> int | None:
        """The next page to start, waiting for a free slot; None when nothing is left or after stop()."""
        with self._cond:
            while not self._stopped:
                if self._ready:
                    index, host = heapq.heappop(self._ready)
                    pages = self._waiting[host]
                    pages.popleft()
                    self._busy[host] += 1
                    if pages and self._has_room(host):
                        heapq.heappush(self._ready, (pages[0], host))
                    self._left -= 1
                    if self._left == 0:
                        self._cond.notify_all()  # idle workers can end
                    return index
                if self._left == 0:
                    return None
                self._cond.wait()
            return None

    def done(self, index: int) -> None:
        """Page ``index`` finished: its host's slot is free for the host's next page."""
        host = self._hosts[index]
        with self._cond:
            self._busy[host] -= 1
            pages = self._waiting[host]
            if host and pages and self._busy[host] == self._per_host - 1:  # the host was full: wake it
                heapq.heappush(self._ready, (pages[0], host))
                self._cond.notify()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def _has_room(self, host: str) -> bool:
        return not host or self._busy[host] < self._per_host


class _Stop:
    """Set by SIGINT / SIGTERM (or by the caller's event); remembers which signal."""

    def __init__(self, event: threading.Event | None) -> None:
        self.event = event or threading.Event()
        self.signal: str | None = None
        self.hurry = False  # a second signal: do not wait for pages in flight

    @property
    def reason(self) -> str:
        return f"{self.signal} received" if self.signal else "stop requested"

    def on_signal(self, signum: int, _frame: FrameType | None) -> None:
        if self.event.is_set():
            self.hurry = True
        self.signal = self.signal or signal.Signals(signum).name
        self.event.set()

    @contextmanager
    def handling_signals(self) -> Iterator[None]:
        """Catch SIGINT and SIGTERM while the run lasts (only the main thread can)."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {signum: signal.signal(signum, self.on_signal) for signum in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for signum, handler in previous.items():
                if handler is not None:  # None: set outside Python, cannot be put back
                    signal.signal(signum, handler)


class _Run:
    """One scrape run: worker threads fetch and extract, the calling thread writes in source order."""

    def __init__(
        self,
        pages: list[tuple[str, InputError | None]],
        exporter: JsonlExporter,
        settings: Settings,
        fetcher: Fetcher | None,
        stopping: _Stop,
        *,
        now: Callable[[], datetime],
        on_progress: Callable[[str, int], None] | None,
    ) -> None:
        self.pages = pages
        self.exporter = exporter
        self.settings = settings
        self.fetcher = fetcher
        self.stopping = stopping
        self.now = now
        self.on_progress = on_progress
        self.summary = Summary()
        hosts = [host_key(source) if is_url(source) and problem is None else "" for source, problem in pages]
        self.schedule = _Schedule(hosts, settings.per_host)
        self.results: queue.SimpleQueue[tuple[int, Outcome]] = queue.SimpleQueue()
        self.waiting: dict[int, Outcome] = {}  # finished, not yet written
        self.written_early: set[int] = set()  # written ahead of a slow earlier source
        self.next_index = 0  # the first source not yet written

    def go(self) -> Summary:
        # Threads overlap network waits; pages read from files only need the CPU, which one thread
        # uses best (more would only take turns at the interpreter lock).
        count = self.settings.concurrency if self.fetcher is not None else 1
        workers = [
            threading.Thread(target=self._work, name=f"scrape-{n}", daemon=True)  # a stopped run does not wait for them
            for n in range(max(1, min(count, len(self.pages))))
        ]
        for worker in workers:
            worker.start()
        try:
            stopped_at: float | None = None
            while self.summary.sources < len(self.pages):
                if self.stopping.event.is_set():
                    if stopped_at is None:
                        stopped_at = time.monotonic()
                        self.schedule.stop()
                        log.warning("%s: no new pages; pages in flight get %.1fs", self.stopping.reason, self.settings.stop_grace)
                    late = time.monotonic() - stopped_at > self.settings.stop_grace
                    if self.stopping.hurry or late or not any(w.is_alive() for w in workers):
                        break
                try:
                    index, outcome = self.results.get(timeout=_POLL_SECONDS)
                except queue.Empty:
                    continue
                self._collect(index, outcome)
            self._write_the_rest()
        finally:
            self.schedule.stop()
        self.summary.duplicates = self.exporter.skipped
        self.summary.interrupted = self.stopping.signal
        self.summary.left = len(self.pages) - self.summary.sources
        return self.summary

    def _work(self) -> None:
        while (index := self.schedule.take()) is not None:
            source, problem = self.pages[index]
            try:
                outcome: Outcome = problem or guarded(scrape_one, source, self.fetcher, self.settings, self.now)
            except ScraperError as exc:
                outcome = exc
            finally:
                self.schedule.done(index)
            self.results.put((index, outcome))

    def _collect(self, index: int, outcome: Outcome) -> None:
        """Write every result whose earlier sources are all written; let the oldest through past the window."""
        self.waiting[index] = outcome
        while self.next_index in self.waiting or self.next_index in self.written_early:
            if self.next_index in self.waiting:
                self._write(self.next_index, self.waiting.pop(self.next_index))
            self.written_early.discard(self.next_index)
            self.next_index += 1
        if len(self.waiting) >= max(1, self.settings.reorder_window):  # an earlier source is slow
            oldest = min(self.waiting)
            self._write(oldest, self.waiting.pop(oldest))
            self.written_early.add(oldest)

    def _write_the_rest(self) -> None:
        """After a stop: whatever finished meanwhile is kept too, in source order."""
        while True:
            try:
                index, outcome = self.results.get_nowait()
            except queue.Empty:
                break
            self.waiting[index] = outcome
        for index in sorted(self.waiting):
            self._write(index, self.waiting.pop(index))

    def _write(self, index: int, outcome: Outcome) -> None:
        source = self.pages[index][0]
        self.summary.sources += 1
        if isinstance(outcome, ScraperError):
            log.warning("%s", outcome.message)
            self.summary.failed += 1
            self.exporter.write(ErrorRecord.from_error(source, outcome, self.now().isoformat()))
        else:
            self.summary.articles += self.exporter.write(outcome.article)
            self.summary.comments += sum(self.exporter.write(c) for c in outcome.comments)
        if self.on_progress:
            self.on_progress(source, len(self.pages))


def scrape(
    sources: Iterable[str],
    output: str | Path,
    settings: Settings = DEFAULT,
    *,
    fetcher: Fetcher | None = None,
    on_progress: Callable[[str, int], None] | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    stop: threading.Event | None = None,
) -> Summary:
    """Scrape every source into the JSONL files of ``output``; failures go to errors.jsonl.

    Up to ``settings.concurrency`` pages are fetched and extracted at once (``settings.per_host``
    per host, in source order). Records are written in source order as soon as every earlier source
    is done, except that at most ``settings.reorder_window`` later results wait for a slow one.
    ``on_progress(source, total)`` is called once per source written. Setting ``stop``, SIGINT or
    SIGTERM (caught when called from the main thread) ends the run early with what is done written.
    """
    stopping = _Stop(stop)
    with stopping.handling_signals():
        pages = list(expand(sources))
        own_fetcher = fetcher is None and any(is_url(s) for s, _ in pages)
        if own_fetcher:  # httpx is only imported when a URL is fetched
            from scraper.fetch import Fetcher

            fetcher = Fetcher(settings)
        try:
            with JsonlExporter(output) as exporter:
                return _Run(pages, exporter, settings, fetcher, stopping, now=now, on_progress=on_progress).go()
        finally:
            if own_fetcher and fetcher is not None:
                fetcher.close()  # a worker abandoned after a stop fails its page, which is not written
