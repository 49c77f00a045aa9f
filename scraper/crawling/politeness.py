"""Polite concurrency: a global limit, a per-host limit, and request starts ``delay`` apart per host.

:class:`Scheduler` runs jobs (one page, one feed, one sitemap each) as asyncio tasks. A job waits,
parked in its host's queue, until its host has a free slot and its next start time has come, so
a slow host never holds the global slots that other hosts could use. Inside a job every request
first awaits :meth:`HostGate.turn`, which reserves the next start time; the delay is the largest
of the configured one and the host's robots.txt ``Crawl-delay`` / ``Request-rate``.

A job's request is what holds a slot: a page job may hand back a follow-up (extracting the page and
writing its records), which runs outside the slots, so the next request starts while the page is
parsed. Follow-ups are bounded too (``max_follow_ups``, by default ``concurrency``): while that many
run, no job starts, so pages fetched but not yet written stay bounded in memory.

A host also has a time budget per run: once its schedule runs past it (a big backlog, a large
Crawl-delay), its remaining jobs are skipped and left due for the next run, and a job already in
flight whose next start would fall past it is told so by :meth:`HostGate.turn` instead of
waiting. So a cron run ends in bounded time and never sleeps past a host's budget. Clock and
sleep are injected; tests never wait.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Iterator

import attrs

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]
# What a job may hand back once its requests are done: the rest of its work, run outside the slots.
FollowUp = Callable[[], Awaitable[None]]


class HostGate:
    """One host's slots, next start time and run budget."""

    def __init__(self, host: str, per_host: int, delay: float, *, budget: float, clock: Clock, sleep: Sleep) -> None:
        self.host = host
        self.per_host = per_host
        self.delay = delay
        self.in_flight = 0
        self._clock = clock
        self._sleep = sleep
        self._next_start = float("-inf")
        self._deadline = clock() + budget
        self._told = False  # the "left for the next run" line is logged once per host

    def slow_down(self, delay: float | None) -> None:
        """Raise the delay (robots.txt asks for more); the start already reserved moves too."""
        if delay is not None and delay > self.delay:
            if self._next_start != float("-inf"):
                self._next_start += delay - self.delay
            self.delay = delay

    def opens_in(self) -> float | None:
        """Seconds until a job may start here; None while every slot is taken."""
        if self.in_flight >= self.per_host:
            return None
        return max(0.0, self._next_start - self._clock())

    def over_budget(self) -> bool:
        return self._next_start > self._deadline

    async def turn(self, *, may_defer: bool = True) -> bool:
        """Wait for this host's next start time and reserve it; call right before each request.

        Returns False at once, reserving nothing, when that start lies past the host's run budget
        (the request is left for a later run); ``may_defer=False`` waits anyway (robots.txt, whose
        answer the other requests need).
        """
        now = self._clock()
        start = max(now, self._next_start)
        if may_defer and start > now and start > self._deadline:
            if not self._told:
                self._told = True
                log.warning("%s: next request would start in %.0fs, past this run's budget for the host "
                            "(delay %.0fs); left for the next run", self.host, start - now, self.delay)  # fmt: skip
            return False
        self._next_start = start + self.delay  # reserved before sleeping, so no two requests share it
        if start > now:
            await self._sleep(start - now)
        return True


@attrs.frozen(eq=False)
class Job:
    """One unit of work for one host; ``skip`` is called instead of ``run`` when it is left for later.

    ``run`` may return a :data:`FollowUp`: the work left once its requests are done (see the module docstring).
    """

    gate: HostGate
    run: Callable[[], Awaitable[FollowUp | None]]
    skip: Callable[[], None]


class Scheduler:
    """Runs jobs with at most ``concurrency`` in flight, each only when its host's gate is open, and
    their follow-ups, at most ``max_follow_ups`` at once (``concurrency`` by default).

    Jobs come from an iterator that is read lazily (at most ``max_parked`` jobs wait in memory)
    and from :meth:`add` while running. :meth:`stop` stops starting jobs; :meth:`abandon` cancels
    the ones in flight and their follow-ups. A job or follow-up that raises stops the run, and
    :meth:`run` re-raises its error.
    """

    def __init__(self, concurrency: int, *, sleep: Sleep = asyncio.sleep, max_parked: int = 2048,
                 max_follow_ups: int | None = None) -> None:
        self.concurrency = concurrency
        self.max_follow_ups = max(1, concurrency if max_follow_ups is None else max_follow_ups)
        self._sleep = sleep
        self._max_parked = max_parked
        self._parked: dict[HostGate, deque[Job]] = {}
        self._count = 0
        self._tasks: set[asyncio.Task[FollowUp | None]] = set()
        self._follow_ups: set[asyncio.Future[None]] = set()
        self._stopping = False
        self._wakeup: asyncio.Future[None] | None = None  # what run() awaits in _wait, if it waits
        self._failure: BaseException | None = None

    @property
    def stopping(self) -> bool:
        return self._stopping

    def stop(self) -> None:
        self._stopping = True
        self._wake()

    def abandon(self) -> int:
        """Cancel the jobs in flight and their follow-ups; returns how many."""
        for task in (*self._tasks, *self._follow_ups):
            task.cancel()
        return len(self._tasks) + len(self._follow_ups)

    def add(self, job: Job) -> None:
        self._parked.setdefault(job.gate, deque()).append(job)
        self._count += 1

    async def run(self, jobs: Iterable[Job] = ()) -> None:
        source: Iterator[Job] | None = iter(jobs)
        while not self.stopping:
            while source is not None and self._count < self._max_parked:
                job = next(source, None)
                if job is None:
                    source = None
                else:
                    self.add(job)
            self._skip_over_budget()
            self._launch_ready()
            if source is None and not self._count and not self._tasks and not self._follow_ups:
                break
            await self._wait()
        while self._tasks or self._follow_ups:  # a job ending now may still start its follow-up
            await asyncio.wait(self._tasks | self._follow_ups)
        if self._failure is not None:
            raise self._failure

    def _launch_ready(self) -> None:
        """Start ready jobs, one per host per pass, so hosts share the global slots fairly."""
        launched = True
        while launched and self._has_room():
            launched = False
            for gate, queue in list(self._parked.items()):
                if not self._has_room():
                    break
                if queue and gate.opens_in() == 0.0:
                    self._start(queue.popleft())
                    launched = True
                if not queue:
                    del self._parked[gate]

    def _has_room(self) -> bool:
        return len(self._tasks) < self.concurrency and len(self._follow_ups) < self.max_follow_ups

    def _start(self, job: Job) -> None:
        self._count -= 1
        job.gate.in_flight += 1
        task = asyncio.ensure_future(job.run())
        self._tasks.add(task)
        task.add_done_callback(lambda done: self._finished(job, done))

    def _finished(self, job: Job, task: asyncio.Task[FollowUp | None]) -> None:
        job.gate.in_flight -= 1
        self._tasks.discard(task)
        if not self._failed(task) and (follow_up := task.result()) is not None:
            future = asyncio.ensure_future(follow_up())
            self._follow_ups.add(future)
            future.add_done_callback(self._followed)
        self._wake()

    def _followed(self, future: asyncio.Future[None]) -> None:
        self._follow_ups.discard(future)
        self._failed(future)
        self._wake()

    def _failed(self, done: asyncio.Future[object]) -> bool:
        """Whether a job or follow-up ended without a result; the first error stops the run."""
        if done.cancelled():
            return True
        if done.exception() is None:
            return False
        if self._failure is None:
            self._failure = done.exception()
            self.stop()
        return True

    def _wake(self) -> None:
        if self._wakeup is not None:
            _resolve(self._wakeup)

    def _skip_over_budget(self) -> None:
        for gate, queue in list(self._parked.items()):
            if gate.over_budget() and queue:
                log.warning("%s: run time budget used; %d pages left for the next run", gate.host, len(queue))
                while queue:
                    queue.popleft().skip()
                    self._count -= 1
                del self._parked[gate]

    async def _wait(self) -> None:
        """Until a job ends, the earliest gate with waiting jobs opens, or stop is asked.

        One future, resolved by whichever comes first (a job's done callback, the timer, stop()):
        ``asyncio.wait`` on every task in flight instead added and removed a callback on each of
        them at every wake-up, about 25 us a page.
        """
        if self._has_room():
            opens = [gate.opens_in() for gate, queue in self._parked.items() if queue]
            timeout = min((t for t in opens if t is not None), default=None)
        else:
            timeout = None
        wakeup = self._wakeup = asyncio.get_running_loop().create_future()
        timer = asyncio.ensure_future(self._sleep(timeout)) if timeout is not None else None
        if timer is not None:
            timer.add_done_callback(lambda _: _resolve(wakeup))
        try:
            await wakeup
        finally:
            self._wakeup = None
            if timer is not None:
                timer.cancel()


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
