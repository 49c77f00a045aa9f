"""The one engine that moves a page from its source through fetch and extract to a Result.

``scrape`` and ``crawl`` both run on it, and so does anything that wants records in memory
(:func:`iter_scrape`). Each rule lives here once:

- **Sources** (:func:`expand`, :func:`check_source`, :func:`read_file`): http(s) URLs, HTML files
  and directories of them. A source that cannot be used becomes that source's error, never the run's.
- **Extraction** (:func:`extract_page`, :class:`Extractors`): pure, page bytes + URL in, records
  out. It runs in one worker thread, or in a pool of ``settings.workers`` processes, so that the
  asyncio loop that fetches never waits on a parse and every core can parse.
- **Concurrency** (:class:`~scraper.crawling.politeness.Scheduler`, one
  :class:`~scraper.crawling.politeness.HostGate` per host): ``settings.concurrency`` pages in flight
  over all hosts, ``settings.per_host`` per host, request starts ``settings.delay`` apart, first
  come first served per host. The crawl adds robots.txt delays and run budgets to the same gates.
- **Order** (:class:`InOrder`): results come out in source order, except that at most
  ``settings.reorder_window`` later ones wait for a slow source; then the oldest goes through.
- **Output** (:func:`scrape`): records appended to the output directory in each format, errors
  included, and a :class:`Summary` with the exit code; the crawl writes through its state instead.
- **Stopping** (:class:`Stop`): no new page starts, pages in flight get ``settings.stop_grace``
  seconds, then they are abandoned; a second signal abandons them at once.

Memory stays bounded: at most ``concurrency`` pages are fetched and ``concurrency`` extracted at once
(a request slot is free again once its page is in; see :mod:`scraper.crawling.politeness`), at most
``reorder_window`` finished results wait, and nothing is kept once it is handed on.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import queue
import gc
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Generic, TypeVar

import attrs

from scraper.errors import ExtractionError, InputError, ScraperError
from scraper.procpool import Displaced, LoopPool
from scraper.records import ErrorRecord, Result
from scraper.settings import DEFAULT, Settings

if TYPE_CHECKING:
    from scraper.crawling.politeness import FollowUp, HostGate
    from scraper.export import Exporters
    from scraper.extract.base import ArticleExtractor
    from scraper.fetch.http import AsyncFetcher, Page
    from scraper.warc import WarcProblem, WarcSpan

log = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
URL_SCHEMES = ("http", "https")
# How often the engine looks at the stop flag, in seconds.
_POLL_SECONDS = 0.05
# How often a worker process checks that the process that started it is still there, in seconds.
_PARENT_POLL_SECONDS = 0.5
# Most sends of one page to worker processes: two deaths on it end it, and a page that only waited
# behind one that killed its worker goes again (each such time another page used up a try).
_MAX_SENDS = 50

T = TypeVar("T")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


# -- extraction ----------------------------------------------------------------------------------


def extract_page(
    body: bytes | str,
    url: str,
    *,
    fetched_at: datetime | None = None,
    source: str | None = None,
    charset: str | None = None,
    extractor: type[ArticleExtractor] | None = None,
    any_page: bool = False,
) -> Result:
    """Page bytes (or text) + URL in, records out; raises a ScraperError when there is no article.

    Pure apart from ``fetched_at``, which defaults to now. ``url`` is where the page came from
    (its final URL, or a ``file://`` URI); ``charset`` is the one the HTTP headers gave, if any;
    ``extractor`` overrides the registry's choice by host. ``any_page``: a page that does not read as
    an article (a listing, shop, forum or service page) gives its records too, with the reason in
    ``Article.not_an_article``; a bot check still raises.
    """
    from scraper.extract.registry import extract_text
    from scraper.fetch.encoding import decode_page

    html, utf8 = (body, None) if isinstance(body, str) else decode_page(body, charset)
    return extract_text(html, url, fetched_at=fetched_at or utc_now(), source=source, extractor=extractor, utf8=utf8,
                        any_page=any_page)


@attrs.frozen
class PageJob:
    """One page to extract; plain data, so it can be sent to a worker process.

    A local file goes as its path (``file``; ``body`` empty): the job reads it where it runs, so a
    page's bytes never pass through the main process and the pipe to a worker (on 600 real pages with
    2 workers that was 0.4 s of the main process's 0.9 s of CPU).
    """

    source: str
    url: str
    body: bytes
    fetched_at: datetime
    charset: str | None = None
    extractor: type[ArticleExtractor] | None = None
    file: str | None = None  # absolute path of a local file to read (see above)
    max_bytes: int = 0  # a file's size limit (--max-bytes)
    any_page: bool = False  # records of a page that does not read as an article too (--any-page)


def run_job(job: PageJob) -> Result:
    """Extract one page; every failure becomes the Result's error (a bug on one page is that page's error)."""
    try:
        body = job.body if job.file is None else read_file(job.source, job.max_bytes, path=job.file)
        return extract_page(body, job.url, fetched_at=job.fetched_at, source=job.source,
                            charset=job.charset, extractor=job.extractor, any_page=job.any_page)  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - recorded in errors.jsonl and logged with its traceback
        return _failed(job.source, exc, url=job.url)


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _pool_context() -> multiprocessing.context.BaseContext:
    """How worker processes start: forked from this process while it has no other thread, else from a fork server.

    Forking a process with one thread is safe and instant, and the workers have the extractors
    imported already (a fork server takes about 0.3 s to start and import them, time in which no
    page is extracted: a tenth of a 2-worker run over 600 pages, and ~0.15 s of CPU). Once the engine
    runs threads (scrape, crawl), forking would copy their locks mid-use, so workers come from a fork
    server that has the extractors imported. A scrape starts its workers before its engine thread
    (:meth:`Extractors.start`); the executor pool starts all its workers before its own manager thread.
    """
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    try:
        context = multiprocessing.get_context("forkserver")
    except ValueError:  # Windows
        return multiprocessing.get_context("spawn")
    context.set_forkserver_preload(["scraper.pipeline", "scraper.extract.generic", "scraper.extract.registry"])
    return context


def preload_extraction() -> None:
    """Import the extractors and load the site plugins in this process, once.

    Called before worker processes are forked from here, so they start with all of it in place:
    each worker would otherwise import the extraction modules and scan the installed packages for
    site plugins itself after the fork (about 0.1 s of CPU each, paid again by every worker).
    """
    from scraper.extract import generic, registry  # noqa: F401 - imported for the workers
    from scraper.fetch import encoding  # noqa: F401

    registry.load_sites()


def _started() -> bytes | None:
    state = _process_state(os.getpid())
    return state[1] if state else None


def _process_state(pid: int) -> tuple[bytes, bytes] | None:
    """(state, start time) of a process from /proc; None when it is gone or /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        return fields[0], fields[19]
    except (OSError, IndexError):
        return None


def _setup_worker(pid: int, started: bytes | None) -> None:
    """First thing in a worker process: SIGINT and SIGTERM are ignored, the objects it inherited are frozen
    (``gc.freeze``: the collector never walks the parent's modules again, nor copies their pages by
    writing to them; about 1 % of a 2-worker run's CPU), and the worker watches its parent.

    The process that started the pool decides when its workers stop: on a signal it lets them finish
    the pages they hold and closes their pipes, or kills them when told to hurry. A Ctrl-C reaches the
    whole process group; a worker that died of it would cost its page. (A forked worker would otherwise
    run the parent's own handlers, on its copy of the parent's state.)
    """
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)
    gc.freeze()
    _watch_parent(pid, started)


def _watch_parent(pid: int, started: bytes | None) -> None:
    """In a worker process: exit as soon as the process that started the pool is gone.

    A parent killed outright (SIGKILL, the OOM killer) cannot shut its pool down, and the workers
    never see their queue close (they hold both ends), so without this they would live on, holding
    the parent's stdout and stderr open. A dead parent not yet reaped (a zombie) counts as gone, and
    so does its pid taken by a new process (another start time).
    """

    def gone() -> bool:
        try:
            os.kill(pid, 0)
        except (ProcessLookupError, PermissionError):
            return True
        state = _process_state(pid)
        if started is None or state is None:
            return False  # no /proc: signal 0 is all we can ask
        return state[0] == b"Z" or state[1] != started

    def watch() -> None:
        while not gone():
            threading.Event().wait(_PARENT_POLL_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _died_twice(job: PageJob) -> Result:
    return Result(source=job.source, error=ExtractionError(
        f"{shown(job.source)}: the extraction worker process died twice on this page (out of memory?)", url=job.url))


class Extractors:
    """Where pages are extracted: one worker thread (``workers=1``) or a pool of worker processes.

    Records do not depend on where a page was extracted: extraction is pure. A worker process that
    dies (a crash in the parser, the kernel's OOM killer) costs its page one retry in a fresh pool,
    then that page's error; the run goes on.
    """

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._pool: Executor | None = None
        self._loop_pool: LoopPool | None = None  # the processes :meth:`extract` uses, driven by its event loop
        self._lock = threading.Lock()

    def __enter__(self) -> Extractors:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _executor(self) -> Executor:
        with self._lock:
            if self._pool is None:
                if self.workers == 1:
                    self._pool = ThreadPoolExecutor(1, thread_name_prefix="extract")
                else:
                    self._pool = ProcessPoolExecutor(self.workers, mp_context=_pool_context(),
                                                     initializer=_setup_worker, initargs=(os.getpid(), _started()))
            return self._pool

    def _renew(self, broken: Executor) -> None:
        with self._lock:
            if self._pool is broken:
                broken.shutdown(wait=False, cancel_futures=True)
                self._pool = None

    async def extract(self, job: PageJob) -> Result:
        """Extract ``job`` from an event loop: in the worker thread, or in processes the loop drives itself
        (:class:`scraper.procpool.LoopPool`: no pool threads competing with the loop for the GIL)."""
        if self.workers == 1:
            return await asyncio.get_running_loop().run_in_executor(self._executor(), run_job, job)
        if self._loop_pool is None:
            self._loop_pool = self._new_loop_pool()
        deaths = 0
        for _ in range(_MAX_SENDS):
            try:
                return await self._loop_pool.run(job)
            except Displaced:
                continue  # its worker died on the page before it: it goes again
            except BrokenProcessPool:
                deaths += 1  # its worker died on it: once more, in a fresh worker
                if deaths == 2:
                    break
        return _died_twice(job)

    def start(self) -> None:
        """Start the worker processes of :meth:`extract` now: before a run starts its threads, they are
        forked from this process at once, with the extractors imported (a fork server costs ~0.15 s of CPU)."""
        if self.workers > 1 and self._loop_pool is None:
            self._loop_pool = self._new_loop_pool()
            if self._loop_pool.context.get_start_method() == "fork":
                preload_extraction()
            self._loop_pool.start()

    def _new_loop_pool(self) -> LoopPool:
        return LoopPool(self.workers, run_job, context=_pool_context(), setup=partial(_setup_worker, os.getpid(), _started()))

    def call(self, function: Callable[..., T], *args: object) -> Future[T]:
        """Run ``function(*args)`` in the pool (a module-level function, for worker processes)."""
        return self._executor().submit(function, *args)

    def renew(self) -> None:
        """After a worker died: the next call starts a fresh pool."""
        with self._lock:
            broken = self._pool
        if broken is not None:
            self._renew(broken)

    def submit(self, job: PageJob) -> Future[Result]:
        """Start extracting ``job``; :meth:`result` waits for it (from a thread without an event loop)."""
        return self.call(run_job, job)

    def result(self, future: Future[Result], job: PageJob) -> Result:
        """The Result of a :meth:`submit`; a dead worker process gets the page one retry in a fresh pool."""
        try:
            return future.result()
        except BrokenProcessPool:
            self.renew()
        try:
            return self.submit(job).result()
        except BrokenProcessPool:
            return _died_twice(job)

    def pids(self) -> list[int]:
        """Process ids of the worker processes started so far (none while extraction runs in a thread)."""
        found = list(getattr(self._pool, "_processes", None) or ())
        return found + (self._loop_pool.pids() if self._loop_pool is not None else [])

    def close(self, *, wait: bool = True) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
            loop_pool, self._loop_pool = self._loop_pool, None
        if pool is not None:
            pool.shutdown(wait=wait, cancel_futures=True)
        if loop_pool is not None:
            loop_pool.close(timeout=5.0 if wait else 0.0)


# -- sources -------------------------------------------------------------------------------------


def is_url(source: str) -> bool:
    return "://" in source


def shown(source: str) -> str:
    """A source as it can be printed on one line."""
    return source if source.isprintable() else repr(source)


def check_source(source: str) -> None:
    """Raise InputError for a URL SOURCE we cannot fetch: InvalidURL when it cannot be split at all,
    a plain InputError for a scheme we do not fetch (ftp://...) or a missing host."""
    from scraper.normalize import split_url

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


def read_file(source: str, max_bytes: int, *, path: str | None = None) -> bytes:
    """The bytes of an HTML file SOURCE (read from ``path``, SOURCE made absolute, when given); InputError
    when it is unreadable, larger than ``max_bytes``, empty or binary."""
    from scraper.fetch.encoding import binary_kind

    try:
        with open(path or source, "rb") as handle:
            # A buffer of the file's size, not of --max-bytes (a read allocates what it may return first);
            # a file that grew meanwhile, or one without a size (a pipe), is read on to the limit.
            size = min(os.fstat(handle.fileno()).st_size, max_bytes)
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(max_bytes - len(data) + 1)
    except OSError as exc:
        raise InputError(f"{shown(source)}: cannot read file: {exc.strerror or exc}", source=source) from exc
    if len(data) > max_bytes:
        raise InputError(f"{shown(source)}: file is larger than --max-bytes ({max_bytes} bytes)", source=source, kind="too_large")
    if not data or data.isspace():  # (not data.strip(): a copy of the whole file)
        raise InputError(f"{shown(source)}: file is empty", source=source)
    kind = binary_kind(data)
    if kind is not None:
        raise InputError(f"{shown(source)}: file is {kind}, not HTML", source=source, kind="not_html")
    return data


# -- order and stopping --------------------------------------------------------------------------


class InOrder(Generic[T]):
    """Hands results on in source order; past ``window`` waiting results, the oldest goes through.

    So one slow source never holds back the whole run, and a reader sees records as soon as every
    earlier source is done.
    """

    def __init__(self, window: int) -> None:
        self.window = max(1, window)
        self._waiting: dict[int, T] = {}
        self._early: set[int] = set()  # handed on ahead of a slow earlier source
        self._next = 0  # the first index not yet handed on

    def add(self, index: int, item: T) -> list[tuple[int, T]]:
        """What may be handed on now that ``index`` is done, in order."""
        self._waiting[index] = item
        ready = []
        while self._next in self._waiting or self._next in self._early:
            if self._next in self._waiting:
                ready.append((self._next, self._waiting.pop(self._next)))
            self._early.discard(self._next)
            self._next += 1
        if len(self._waiting) >= self.window:  # an earlier source is slow
            oldest = min(self._waiting)
            ready.append((oldest, self._waiting.pop(oldest)))
            self._early.add(oldest)
        return ready

    def rest(self) -> list[tuple[int, T]]:
        """Everything still waiting, in order (the run is over or stopped)."""
        ready = sorted(self._waiting.items())
        self._waiting.clear()
        return ready


class Stop:
    """Set by SIGINT / SIGTERM (or by the caller's event); remembers which signal."""

    def __init__(self, event: threading.Event | None = None) -> None:
        self.event = event or threading.Event()
        self.signal: str | None = None
        self.hurry = False  # a second signal, or a reader that went away: do not wait for pages in flight

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


# -- the engine ----------------------------------------------------------------------------------


class Engine:
    """Fetches and extracts ``pages`` in one asyncio loop; ``emit(index, result)`` gets each result.

    A page that is stopped before it is done gives no result. ``on_page(index, page)`` sees every
    fetched response (a WARC writer keeps them).
    """

    def __init__(
        self,
        pages: list[tuple[str, InputError | None]],
        settings: Settings,
        emit: Callable[[int, Result], None],
        *,
        fetcher: AsyncFetcher | None,
        extractors: Extractors,
        stop: Stop,
        now: Callable[[], datetime] = utc_now,
        on_page: Callable[[int, Page], None] | None = None,
    ) -> None:
        self.pages = pages
        self.settings = settings
        self.emit = emit
        self.fetcher = fetcher
        self.extractors = extractors
        self.stop = stop
        self.now = now
        self.on_page = on_page
        self._gates: dict[str, HostGate] = {}

    async def run(self) -> None:
        from scraper.crawling.politeness import Scheduler

        own_fetcher = self.fetcher is None and any(is_url(s) and p is None for s, p in self.pages)
        if own_fetcher:  # httpx is only imported when a URL is fetched
            from scraper.fetch.http import AsyncFetcher

            self.fetcher = AsyncFetcher(self.settings)
        scheduler = Scheduler(self.settings.concurrency)
        watcher = asyncio.ensure_future(self._watch(scheduler))
        try:
            await scheduler.run(self._jobs())
        finally:
            watcher.cancel()
            if own_fetcher and self.fetcher is not None:
                await self.fetcher.aclose()

    def _jobs(self) -> Iterator[object]:
        from scraper.crawling.politeness import Job

        for index, (source, problem) in enumerate(self.pages):
            if problem is not None:
                self.emit(index, Result(source=source, error=problem))
                continue
            yield Job(gate=self._gate(source), run=lambda i=index, s=source: self._one(i, s), skip=lambda: None)

    def _gate(self, source: str) -> HostGate:
        from scraper.crawling.politeness import HostGate
        from scraper.normalize import host_key

        host = host_key(source) if is_url(source) else ""
        gate = self._gates.get(host)
        if gate is None:
            loop = asyncio.get_running_loop()
            # Local files and unusable URLs share one gate as wide as the run: nothing to be polite to.
            per_host, delay = (self.settings.per_host, self.settings.delay) if host else (self.settings.concurrency, 0.0)
            gate = self._gates[host] = HostGate(host or "(files)", per_host, delay, budget=float("inf"),
                                                clock=loop.time, sleep=asyncio.sleep)  # fmt: skip
        return gate

    async def _one(self, index: int, source: str) -> FollowUp | None:
        """Fetch or locate one page; its extraction is handed back to run outside the request slots
        (see :mod:`scraper.crawling.politeness`), so the next request starts while it is parsed."""
        try:
            job = await self._job(index, source)
        except Exception as exc:  # noqa: BLE001 - one page's bug is that page's error
            self.emit(index, _failed(source, exc))
            return None
        return partial(self._extract, index, source, job)

    async def _extract(self, index: int, source: str, job: PageJob) -> None:
        try:
            result = await self.extractors.extract(job)
        except Exception as exc:  # noqa: BLE001 - one page's bug is that page's error
            result = _failed(source, exc)
        self.emit(index, result)

    async def _job(self, index: int, source: str) -> PageJob:
        if is_url(source):
            check_source(source)
            assert self.fetcher is not None
            await self._gate(source).turn(may_defer=False)
            page = await self.fetcher.fetch(source)
            if self.on_page is not None:
                self.on_page(index, page)
            job = PageJob(source, page.url, page.body, page.fetched_at, page.charset, any_page=self.settings.any_page)
        else:
            path = Path(source).resolve()  # a worker process need not share this one's working directory
            job = PageJob(source, path.as_uri(), b"", self.now(), file=str(path), max_bytes=self.settings.max_bytes,
                          any_page=self.settings.any_page)
        return job

    async def _watch(self, scheduler: object) -> None:
        """On stop: start nothing new, give pages in flight ``stop_grace`` seconds, then abandon them."""
        loop = asyncio.get_running_loop()
        while not self.stop.event.is_set():
            await asyncio.sleep(_POLL_SECONDS)
        scheduler.stop()  # type: ignore[attr-defined]
        log.warning("%s: no new pages; pages in flight get %.1fs", self.stop.reason, self.settings.stop_grace)
        deadline = loop.time() + self.settings.stop_grace
        while loop.time() < deadline and not self.stop.hurry:
            await asyncio.sleep(_POLL_SECONDS)
        scheduler.abandon()  # type: ignore[attr-defined]


def _failed(source: str, exc: Exception, *, url: str | None = None) -> Result:
    """A page's error as its result: ours as raised, anything else as a bug to report (``url``: the
    page's, when it is not ``source``, a local file's ``file://`` URI)."""
    if isinstance(exc, ScraperError):
        return Result(source=source, error=exc)
    log.debug("unexpected failure on %s", source, exc_info=True)
    return Result(source=source, error=ExtractionError(
        f"{shown(source)}: unexpected {type(exc).__name__} while scraping ({exc}); please report this page", url=url or source))


_DONE = object()


class Stream:
    """One run's results, in source order, while a thread runs the :class:`Engine`.

    Iterating gives ``(index, result)``; ``pages`` is every source with its index. Leaving the loop
    early stops the run at once.
    """

    def __init__(
        self,
        sources: Iterable[str],
        settings: Settings = DEFAULT,
        *,
        fetcher: AsyncFetcher | None = None,
        now: Callable[[], datetime] = utc_now,
        stop: Stop | None = None,
        on_page: Callable[[int, Page], None] | None = None,
    ) -> None:
        self.settings = settings
        self.stop = stop or Stop()
        self.pages = list(expand(sources))
        self._fetcher = fetcher
        self._now = now
        self._on_page = on_page

    def workers(self) -> int:
        """Extraction processes: ``settings.workers`` (default: the usable cores), never more than pages."""
        wanted = self.settings.workers or usable_cores()
        return max(1, min(wanted, len(self.pages)))

    def __iter__(self) -> Iterator[tuple[int, Result]]:
        results: queue.SimpleQueue[object] = queue.SimpleQueue()
        extractors = Extractors(self.workers())
        engine = Engine(self.pages, self.settings, lambda index, result: results.put((index, result)),
                        fetcher=self._fetcher, extractors=extractors, stop=self.stop, now=self._now,
                        on_page=self._on_page)  # fmt: skip
        failure: list[BaseException] = []

        def work() -> None:
            try:
                asyncio.run(engine.run())
            except BaseException as exc:  # noqa: BLE001 - handed to the reading thread, which raises it
                failure.append(exc)
            finally:
                extractors.close(wait=not self.stop.hurry)
                results.put(_DONE)

        extractors.start()  # (while this is the only thread: forked)
        thread = threading.Thread(target=work, name="scrape-engine", daemon=True)
        thread.start()
        order: InOrder[Result] = InOrder(self.settings.reorder_window)
        finished = False
        try:
            while True:
                try:
                    item = results.get(timeout=0.1)  # a timeout, so signal handlers run on time
                except queue.Empty:
                    continue
                if item is _DONE:
                    break
                index, result = item  # type: ignore[misc]
                yield from order.add(index, result)
            yield from order.rest()
            finished = True
        finally:
            if not finished:  # the reader went away, or raised: stop now
                self.stop.hurry = True
                self.stop.event.set()
            thread.join()
        if failure:
            raise failure[0]


def iter_scrape(
    sources: Iterable[str],
    settings: Settings = DEFAULT,
    *,
    fetcher: AsyncFetcher | None = None,
    stop: threading.Event | None = None,
) -> Iterator[Result]:
    """Scrape ``sources`` (URLs, HTML files, directories) and yield one Result per page, in source order.

    Nothing is written. A failed source gives a Result whose ``error`` says why; the run goes on.
    Setting ``stop`` ends the run early; breaking out of the loop does too.
    """
    for _, result in Stream(sources, settings, fetcher=fetcher, stop=Stop(stop)):
        yield result


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


def scrape(
    sources: Iterable[str],
    output: str | Path,
    settings: Settings = DEFAULT,
    *,
    formats: Sequence[str] = ("jsonl",),
    fetcher: AsyncFetcher | None = None,
    on_progress: Callable[[str, int], None] | None = None,
    warc: str | Path | None = None,
    warc_prefix: str = "scraper",
    now: Callable[[], datetime] = utc_now,
    stop: threading.Event | None = None,
) -> Summary:
    """Scrape every source into the files of ``output`` (one set per format); failures go to errors.

    Up to ``settings.concurrency`` pages are fetched at once (``settings.per_host`` per host, in
    source order) and extracted in ``settings.workers`` processes. ``on_progress(source, total)`` is
    called once per source written. With ``warc``, every fetched response is also written to
    rotating ``.warc.gz`` files there, and ``warc-index.jsonl`` ties each article to its WARC
    record (see :class:`WarcLog`); the files are named ``<warc_prefix>-<UTC time>-<serial>.warc.gz``. Setting ``stop``,
    SIGINT or SIGTERM (caught when called from the main thread) ends the run early with what is done
    written.
    """
    from scraper.export import open_exporters

    stopping = Stop(stop)
    summary = Summary()
    with stopping.handling_signals(), WarcLog.open(warc, prefix=warc_prefix) as archive:
        stream = Stream(sources, settings, fetcher=fetcher, now=now, stop=stopping, on_page=archive.keep if archive else None)
        total = len(stream.pages)
        with open_exporters(formats, output) as exporter:
            for index, result in stream:
                _write(exporter, result, summary, now)
                if archive:
                    archive.written(index, result)
                if on_progress:
                    on_progress(result.source, total)
            summary.duplicates = exporter.skipped
    summary.interrupted = stopping.signal
    summary.left = total - summary.sources
    return summary


# -- WARC archives -------------------------------------------------------------------------------


class WarcLog:
    """Fetched responses to WARC files, and ``warc-index.jsonl``: which record each article came from.

    One index line per article written: its ``id`` and ``content_hash``, the page URL and
    ``fetched_at`` (the record's WARC-Date), and the WARC file, record id, offset and length, so
    the record can be read again without a scan and the page re-extracted without refetching. The
    archive itself says the same in a ``metadata`` record with ``WARC-Refers-To`` the response.
    """

    INDEX = "warc-index.jsonl"

    def __init__(self, directory: str | Path, *, prefix: str = "scraper") -> None:
        from scraper.warc import WarcRef, WarcWriter

        self.directory = Path(directory)
        self.writer = WarcWriter(self.directory, prefix=prefix)
        self._refs: dict[Hashable, WarcRef] = {}
        self._lock = threading.Lock()
        self._index = None

    @classmethod
    @contextmanager
    def open(cls, directory: str | Path | None, *, prefix: str = "scraper") -> Iterator[WarcLog | None]:
        if directory is None:
            yield None
            return
        log_ = cls(directory, prefix=prefix)
        try:
            with log_.writer:
                yield log_
        finally:
            if log_._index is not None:
                log_._index.close()

    def keep(self, key: Hashable, page: Page) -> None:
        """Write ``page``'s records; ``key`` (a source index, a URL) names it for :meth:`written`."""
        ref = self.writer.write(page)
        with self._lock:
            self._refs[key] = ref

    def written(self, key: Hashable, result: Result) -> None:
        """``result`` (of the page kept as ``key``) is written: index its article."""
        import orjson

        with self._lock:
            ref = self._refs.pop(key, None)
        if ref is None or result.article is None:
            return
        if self._index is None:
            self._index = open(self.directory / self.INDEX, "ab")  # noqa: SIM115 - closed by open()
        line = {"id": result.article.id, "content_hash": result.article.content_hash, "url": result.article.url,
                "fetched_at": result.article.fetched_at, "warc_file": ref.file, "warc_record_id": ref.record_id,
                "warc_offset": ref.offset, "warc_length": ref.length}  # fmt: skip
        self._index.write(orjson.dumps(line, option=orjson.OPT_APPEND_NEWLINE))
        self._index.flush()
        # The same link inside the archive: a metadata record that refers to the response.
        self.writer.write_metadata(ref, {"article-id": result.article.id, "content-hash": result.article.content_hash})


@attrs.frozen
class ArchiveFilter:
    """Which pages of a WARC file to extract: hosts (and their subdomains), ``since <= WARC-Date < until``."""

    hosts: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None


# Problems of the WARC reader, as errors.jsonl kinds.
_ARCHIVE_KINDS = {"too_large": "too_large"}


def iter_archives(
    archives: Iterable[str],
    settings: Settings = DEFAULT,
    *,
    only: ArchiveFilter = ArchiveFilter(),
    stop: threading.Event | None = None,
) -> Iterator[Result]:
    """Extract the HTML response records of WARC files (``.warc`` or ``.warc.gz``), in file order.

    A page from a WARC gives the records the same page gives fetched live (same ``id`` and
    ``content_hash``); its ``source`` is ``<file>#<offset>``. A corrupt or truncated record, or a
    file that cannot be read, is that source's error, and the run goes on. Streaming: records are
    read as they are extracted, and at most a few per worker are held at once, whatever the size of
    the archive.

    With several workers, the archives are cut into spans of records (:func:`~scraper.warc.warc_spans`,
    several per worker, so that workers finish together) and each worker reads and extracts whole
    spans into a temporary file of records that this process hands on in order: pages never cross a
    process boundary, only their records, so this process is not the bottleneck. What cannot be cut
    (one plain ``.warc``) has its pages sent to the workers one by one. With one worker, this thread
    reads and extracts.
    """
    from scraper.warc import WarcSpan

    archives = list(archives)
    workers = settings.workers or usable_cores()
    if workers == 1:  # read and extract in this thread: a second thread would only contend for the GIL
        for archive in archives:
            for result in _span_results(archive, WarcSpan(), settings, only):
                yield result
                if stop is not None and stop.is_set():
                    return
        return
    spans = _spans(archives, workers)
    if len(spans) > 1:
        yield from _spans_per_worker(spans, settings, workers, only, stop)
        return
    yield from _archive_pages(archives, settings, workers, only, stop)


# Spans per worker: enough that the last one to finish keeps the others waiting only a little.
_SPANS_PER_WORKER = 8
# Bounds of a span's compressed size: start-up per span against balance, and spool size.
_SPAN_BYTES = (1 << 20, 64 << 20)


def _spans(archives: list[str], workers: int) -> list[tuple[str, WarcSpan]]:
    """Every archive's spans, in file order; each about the total size over ``8 x workers``."""
    from scraper.warc import WarcSpan, warc_spans

    sizes = {}
    for archive in archives:
        try:
            sizes[archive] = os.stat(archive).st_size
        except OSError:
            sizes[archive] = 0  # its one span reports why it cannot be read
    low, high = _SPAN_BYTES
    size = min(high, max(low, sum(sizes.values()) // (workers * _SPANS_PER_WORKER)))
    return [(archive, span) for archive in archives
            for span in (warc_spans(archive, size) if sizes[archive] > size else [WarcSpan()])]  # fmt: skip


def _archive_pages(
    archives: list[str], settings: Settings, workers: int, only: ArchiveFilter, stop: threading.Event | None
) -> Iterator[Result]:
    from scraper.warc import WarcSpan

    ahead = 2 * workers + 2  # pages read ahead of the writer: enough to keep every worker busy
    with Extractors(workers) as pool:
        window: deque[tuple[Future[Result] | None, PageJob | Result]] = deque()
        for archive in archives:
            if stop is not None and stop.is_set():
                break
            for item in _span_items(archive, WarcSpan(), settings, only):
                window.append((pool.submit(item), item) if isinstance(item, PageJob) else (None, item))
                while len(window) > ahead:
                    yield _settled(pool, *window.popleft())
                if stop is not None and stop.is_set():
                    break
        while window:
            yield _settled(pool, *window.popleft())


def _problem(record: WarcProblem) -> Result:
    kind = _ARCHIVE_KINDS.get(record.kind, "bad_input")
    return Result(source=record.source, error=InputError(record.message, source=record.source, kind=kind))


def _span_items(archive: str, span: WarcSpan, settings: Settings, only: ArchiveFilter) -> Iterator[PageJob | Result]:
    """One span's pages as jobs to extract, and its bad records (or the unreadable file) as Results."""
    from scraper.warc import WarcProblem, iter_warc

    try:
        for record in iter_warc(archive, hosts=only.hosts, since=only.since, until=only.until,
                                max_bytes=settings.max_bytes, span=span):  # fmt: skip
            if isinstance(record, WarcProblem):
                yield _problem(record)
            else:
                yield PageJob(record.source, record.url, record.body, record.fetched_at, record.charset, any_page=settings.any_page)
    except InputError as exc:
        yield Result(source=archive, error=exc)


def _span_results(archive: str, span: WarcSpan, settings: Settings, only: ArchiveFilter) -> Iterator[Result]:
    """The Results of one span, extracted in this thread (a worker process's own loop)."""
    for item in _span_items(archive, span, settings, only):
        yield run_job(item) if isinstance(item, PageJob) else item


def _spans_per_worker(
    spans: list[tuple[str, WarcSpan]], settings: Settings, workers: int, only: ArchiveFilter, stop: threading.Event | None
) -> Iterator[Result]:
    import tempfile

    from scraper.warc import WarcSpan

    with tempfile.TemporaryDirectory(prefix="scraper-warc-") as spool, Extractors(workers) as pool:
        # At most 2 spans per worker wait ahead of the one being handed on: bounded disk and memory.
        pending: deque[tuple[str, WarcSpan, Future[tuple[str, int | None]]]] = deque()
        todo = iter(spans)
        reached: dict[str, int] = {}  # per archive, where the next span must start
        for archive, span in todo:
            pending.append((archive, span, pool.call(_span_to_file, archive, span, settings, only, spool)))
            if len(pending) >= 2 * workers:
                break
        while pending:
            archive, span, future = pending.popleft()
            following = next(todo, None) if stop is None or not stop.is_set() else None
            if following is not None:
                pending.append((*following, pool.call(_span_to_file, *following, settings, only, spool)))
            try:
                path, span.stop = future.result()
            except BrokenProcessPool:
                pool.renew()
                reached[archive] = span.end or 0
                yield Result(source=f"{archive}#{span.start}", error=ExtractionError(
                    f"{shown(archive)}#{span.start}: the extraction worker process died on this part of the archive "
                    "(out of memory?)", url=archive))  # fmt: skip
                continue
            except Exception as exc:  # noqa: BLE001 - a bug on one archive is that archive's error
                reached[archive] = span.end or 0
                yield Result(source=f"{archive}#{span.start}", error=ExtractionError(
                    f"{shown(archive)}#{span.start}: unexpected {type(exc).__name__} while extracting ({exc}); "
                    "please report this archive", url=archive))  # fmt: skip
                continue
            if span.start != reached.get(archive, 0):
                # The span did not start where the one before it stopped: its cut was inside a record (a
                # stored .warc.gz inside a response looks like a record start). Read it again from there.
                os.unlink(path)
                span = WarcSpan(reached[archive], span.end)
                path, span.stop = _span_to_file(archive, span, settings, only, spool)
            reached[archive] = span.stop if span.stop is not None else span.end or 0
            yield from _read_spooled(path)
            if stop is not None and stop.is_set():
                break


def _span_to_file(archive: str, span: WarcSpan, settings: Settings, only: ArchiveFilter, spool: str) -> tuple[str, int | None]:
    """In a worker process: one span's Results pickled one after another into a spool file; (file, span stop)."""
    import pickle
    import tempfile

    handle = tempfile.NamedTemporaryFile(dir=spool, suffix=".results", delete=False)  # noqa: SIM115 - closed below
    with handle:
        for result in _span_results(archive, span, settings, only):
            pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return handle.name, span.stop


def _read_spooled(path: str) -> Iterator[Result]:
    """The Results a worker spooled (our own file, written just now), one at a time; the file goes after."""
    import pickle

    try:
        with open(path, "rb") as handle:
            while True:
                try:
                    yield pickle.load(handle)
                except EOFError:
                    break
    finally:
        os.unlink(path)


def _settled(pool: Extractors, future: Future[Result] | None, item: PageJob | Result) -> Result:
    if future is None:
        assert isinstance(item, Result)
        return item
    assert isinstance(item, PageJob)
    return pool.result(future, item)


def extract_archives(
    archives: Iterable[str],
    output: str | Path,
    settings: Settings = DEFAULT,
    *,
    formats: Sequence[str] = ("jsonl",),
    only: ArchiveFilter = ArchiveFilter(),
    on_progress: Callable[[str, int], None] | None = None,
    now: Callable[[], datetime] = utc_now,
    stop: threading.Event | None = None,
) -> Summary:
    """Extract WARC files into the files of ``output``, as :func:`scrape` does for pages.

    ``on_progress(source, 0)`` is called per record written (the total is not known in advance).
    """
    from scraper.export import open_exporters

    stopping = Stop(stop)
    summary = Summary()
    with stopping.handling_signals(), open_exporters(formats, output) as exporter:
        for result in iter_archives(archives, settings, only=only, stop=stopping.event):
            _write(exporter, result, summary, now)
            if on_progress:
                on_progress(result.source, 0)
        summary.duplicates = exporter.skipped
    summary.interrupted = stopping.signal
    return summary


def _write(exporter: Exporters, result: Result, summary: Summary, now: Callable[[], datetime]) -> None:
    """One source's records (or its error) to every format; counted in ``summary``."""
    summary.sources += 1
    if result.error is not None:
        log.warning("%s", result.error.message)
        summary.failed += 1
        exporter.write(ErrorRecord.from_error(result.source, result.error, now().isoformat()))
    else:
        if result.article is not None and result.article.not_an_article is not None:
            log.warning("%s: written although not an article (--any-page): %s", result.article.url, result.article.not_an_article)
        summary.articles += exporter.write(result.article)
        summary.comments += sum(exporter.write(c) for c in result.comments)
    exporter.flush()
