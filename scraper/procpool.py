"""Worker processes driven from an asyncio event loop over pipes, with no helper thread here.

``concurrent.futures.ProcessPoolExecutor`` runs two threads in the calling process (one manages
the pool, one feeds the job queue) and wakes them through a pipe on every submit. Under an event
loop that is also busy with HTTP, every page then costs several hand-overs of the GIL between
those threads and the loop: on the crawl benchmark the loop thread spent about a fifth of its time
blocked in those wake-up writes. Here the loop itself writes each job to a worker's pipe and reads
the results when they come (``add_reader`` / ``add_writer`` on non-blocking pipes), so nothing else
in this process competes for the GIL.

Each worker reads length-prefixed pickled jobs from its pipe, runs them in order and writes back
length-prefixed pickled results. A worker holds up to ``DEPTH`` jobs, so it never waits for the
loop between two pages. A worker that dies (the OOM killer, a crash in a parser) fails the jobs it
held with ``BrokenProcessPool`` and a fresh one takes its place on the next job; the caller decides
whether to retry. A worker whose parent is gone exits (the ``setup`` the pipeline gives it).
"""

from __future__ import annotations

import asyncio
import errno
import os
import pickle
import struct
from collections import deque
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["Displaced", "LoopPool"]


class Displaced(BrokenProcessPool):
    """The job waited behind another in a worker that died running that other one: not its fault."""

# Jobs a worker holds at once: one running, one waiting, so it goes on to the next page at once.
DEPTH = 2
# Workers in a row that die while starting: something kills every worker; the pool gives up.
_STILLBORN_LIMIT = 3
_HEADER = struct.Struct("!Q")
_READ = 1 << 20


# -- the worker process ----------------------------------------------------------------------------


def _read_exactly(fd: int, size: int) -> bytes | None:
    """``size`` bytes from a blocking pipe; None at its end."""
    parts, left = [], size
    while left:
        chunk = os.read(fd, min(left, _READ))
        if not chunk:
            return None
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _serve(
    jobs: Connection, results: Connection, ours: tuple[Connection, ...], function: Callable[[Any], Any], setup: Callable[[], None]
) -> None:
    """A worker process: run ``function`` on every job of the ``jobs`` pipe, in order, until it ends.

    ``ours`` are the pool's ends of this worker's pipes: a forked worker holds copies of them, which
    would keep its job pipe from ever ending.
    """
    for end in ours:
        end.close()
    setup()
    jobs_fd, results_fd = jobs.fileno(), results.fileno()
    try:
        _write_all(results_fd, _HEADER.pack(0))  # ready: an empty frame (a result is never empty)
        while True:
            header = _read_exactly(jobs_fd, _HEADER.size)
            payload = _read_exactly(jobs_fd, _HEADER.unpack(header)[0]) if header is not None else None
            if payload is None:
                return  # the pool closed its end: done
            result = pickle.dumps(function(pickle.loads(payload)), protocol=pickle.HIGHEST_PROTOCOL)
            _write_all(results_fd, _HEADER.pack(len(result)) + result)
    except BrokenPipeError:
        return  # the pool is gone or gave up on this worker: nobody reads the result


# -- the pool, in the event loop -------------------------------------------------------------------


class _Worker:
    """One worker process and this process's non-blocking ends of its two pipes."""

    def __init__(
        self, process: Any, jobs_fd: int, results_fd: int, loop: asyncio.AbstractEventLoop, on_lost: Callable[[_Worker], None]
    ) -> None:
        self.process = process
        self.on_lost = on_lost
        self.ready = False  # it started and said so
        self.jobs_fd = jobs_fd
        self.results_fd = results_fd
        self.loop = loop
        self.waiting: deque[asyncio.Future[Any]] = deque()  # one per job sent, in order
        self.alive = True
        self._out = bytearray()  # job bytes the pipe did not take yet
        self._in = bytearray()  # result bytes not yet a whole frame
        os.set_blocking(jobs_fd, False)
        os.set_blocking(results_fd, False)
        loop.add_reader(results_fd, self._readable)

    def send(self, data: bytes) -> None:
        if self._out:
            self._out += data
            return
        try:
            written = os.write(self.jobs_fd, data)
        except BlockingIOError:
            written = 0
        except OSError:  # EPIPE: the worker is gone
            self.lost()
            return
        if written < len(data):
            self._out += data[written:]
            self.loop.add_writer(self.jobs_fd, self._writable)

    def _writable(self) -> None:
        try:
            written = os.write(self.jobs_fd, self._out)
        except BlockingIOError:
            return
        except OSError:
            self.lost()
            return
        del self._out[:written]
        if not self._out:
            self.loop.remove_writer(self.jobs_fd)

    def _readable(self) -> None:
        try:
            data = os.read(self.results_fd, _READ)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self.lost()
            return
        self._in += data
        while len(self._in) >= _HEADER.size:
            size = _HEADER.unpack_from(self._in)[0]
            if len(self._in) < _HEADER.size + size:
                break
            payload = bytes(self._in[_HEADER.size : _HEADER.size + size])
            del self._in[: _HEADER.size + size]
            if not size:
                self.ready = True
                continue
            future = self.waiting.popleft() if self.waiting else None
            if future is not None and not future.done():
                future.set_result(pickle.loads(payload))

    def lost(self) -> None:
        """The worker's pipes ended: it died (or was closed); the jobs it held fail."""
        if not self.alive:
            return
        self.alive = False
        self.stop_watching()
        running = True  # the oldest job is the one the worker was running
        while self.waiting:
            future = self.waiting.popleft()
            if not future.done():
                problem = BrokenProcessPool if running else Displaced
                future.set_exception(problem("a worker process ended while it held this job"))
            running = False
        self.on_lost(self)

    def stop_watching(self) -> None:
        if not self.loop.is_closed():
            self.loop.remove_reader(self.results_fd)
            self.loop.remove_writer(self.jobs_fd)

    def close(self) -> None:
        """Close this process's ends: the worker finishes the job it runs, sees its pipe end and exits."""
        self.alive = False
        self.stop_watching()
        for fd in (self.jobs_fd, self.results_fd):
            try:
                os.close(fd)
            except OSError as exc:
                if exc.errno != errno.EBADF:
                    raise


class LoopPool:
    """``workers`` processes that run ``function`` on jobs sent from one event loop.

    ``context`` is a multiprocessing context (fork, forkserver); ``setup`` runs first in each worker.
    :meth:`run` returns the result of one job, or raises ``BrokenProcessPool`` when its worker died
    running it (``Displaced`` when it only waited behind the job that did). :meth:`close` may be
    called once the loop has ended.
    """

    def __init__(self, workers: int, function: Callable[[Any], Any], *, context: Any, setup: Callable[[], None]) -> None:
        self.size = max(1, workers)
        self.function = function
        self.context = context
        self.setup = setup
        self._workers: list[_Worker] = []
        self._replaced: list[_Worker] = []  # dead workers, reaped on close
        self._slots: asyncio.Queue[_Worker] | None = None
        self._stillborn = 0  # workers in a row that died while starting (before saying they were ready)
        self._broken: str | None = None  # why no worker can be started any more
        self._started: list[tuple[Any, int, int]] = []  # (process, jobs fd, results fd) of :meth:`start`, not yet in a loop

    def start(self) -> None:
        """Start the worker processes now, before any event loop runs (:meth:`run` takes them on).

        From a process with one thread, a fork context forks them from here at once: no fork server to
        start and import the workers' modules. An OSError (out of processes) is left for :meth:`run`.
        """
        try:
            while len(self._started) < self.size:
                self._started.append(self._spawn())
        except OSError:
            return

    async def run(self, job: Any) -> Any:
        """Send ``job`` to a worker with a free slot (starting the workers on first use); its result."""
        if self._slots is None:
            self._slots = asyncio.Queue()
            try:
                started, self._started = self._started, []
                for spawned in started:
                    self._attach(*spawned)
                for _ in range(self.size - len(started)):
                    self._start()
            except BaseException:
                self.close(timeout=0.0)
                self._slots = None  # the next job tries again (and fails the same way) instead of waiting for ever
                raise
        while True:
            if self._broken is not None:
                raise BrokenProcessPool(self._broken)
            worker = await self._slots.get()
            if worker.alive:
                break  # (a dead worker's slot is dropped: a fresh worker brought its own)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        worker.waiting.append(future)
        data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        worker.send(_HEADER.pack(len(data)) + data)
        try:
            return await future
        finally:
            if worker.alive:
                self._slots.put_nowait(worker)

    def _start(self) -> None:
        self._attach(*self._spawn())

    def _spawn(self) -> tuple[Any, int, int]:
        """A new worker process, and this process's ends of its job and result pipes."""
        jobs_read, jobs_write = self.context.Pipe(duplex=False)
        results_read, results_write = self.context.Pipe(duplex=False)
        process = self.context.Process(target=_serve, args=(jobs_read, results_write, (jobs_write, results_read),
                                                            self.function, self.setup), daemon=True, name="scraper-extract")  # fmt: skip
        try:
            process.start()
        finally:
            jobs_read.close()
            results_write.close()
        jobs_fd, results_fd = os.dup(jobs_write.fileno()), os.dup(results_read.fileno())
        jobs_write.close()
        results_read.close()
        return process, jobs_fd, results_fd

    def _attach(self, process: Any, jobs_fd: int, results_fd: int) -> None:
        worker = _Worker(process, jobs_fd, results_fd, asyncio.get_running_loop(), self._replace)
        self._workers.append(worker)
        assert self._slots is not None
        for _ in range(DEPTH):
            self._slots.put_nowait(worker)

    def _replace(self, dead: _Worker) -> None:
        """A worker died: a fresh one takes its place, unless workers keep dying before any result."""
        if dead not in self._workers:
            return  # closed, or replaced already
        self._workers.remove(dead)
        self._replaced.append(dead)
        dead.close()
        self._stillborn = 0 if dead.ready else self._stillborn + 1
        if self._stillborn >= _STILLBORN_LIMIT:
            self._broken = f"{self._stillborn} worker processes in a row died while starting"
        else:
            try:
                self._start()
                return
            except OSError as exc:  # out of processes or memory
                self._broken = f"cannot start a worker process: {exc}"
        assert self._slots is not None
        for _ in range(self.size * DEPTH):  # wake whoever waits for a slot: they see the pool is broken
            self._slots.put_nowait(dead)

    def pids(self) -> list[int]:
        processes = [worker.process for worker in self._workers] + [process for process, _, _ in self._started]
        return [process.pid for process in processes if process.pid is not None]

    def close(self, timeout: float = 5.0) -> None:
        """End every worker (its job pipe closes; it exits after the job it runs) and wait for it."""
        workers, self._workers = self._workers, []
        for worker in workers:
            worker.close()
        processes = [worker.process for worker in (*workers, *self._replaced)]
        self._replaced = []
        started, self._started = self._started, []  # (no loop ever took them on)
        for process, jobs_fd, results_fd in started:
            os.close(jobs_fd)
            os.close(results_fd)
            processes.append(process)
        for process in processes:
            process.join(timeout)
            if process.is_alive():
                process.kill()
                process.join()
