"""Worker processes driven from the event loop (scraper.procpool): order, big jobs, deaths, closing."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures.process import BrokenProcessPool

import pytest
from servers import gone

from scraper.procpool import Displaced, LoopPool


def double(job):
    if job == "die":
        os._exit(9)
    return job * 2


def nothing() -> None:
    pass


def die_at_start() -> None:
    os._exit(3)


@pytest.fixture(params=["fork", "forkserver"])
def context(request):
    return multiprocessing.get_context(request.param)


def test_results_come_back_to_their_jobs_and_big_jobs_pass_whole(context):
    big = b"x" * 3_000_000  # far beyond a pipe's buffer: written as the pipe takes it

    async def run(pool: LoopPool) -> list:
        return await asyncio.gather(*(pool.run(i) for i in range(20)), pool.run(big))

    pool = LoopPool(2, double, context=context, setup=nothing)
    try:
        results = asyncio.run(run(pool))
    finally:
        pids = pool.pids()
        pool.close()  # after the loop has ended
    assert results[:20] == [i * 2 for i in range(20)] and results[20] == big * 2
    assert len(pids) == 2 and all(gone(pid) for pid in pids)


def test_a_worker_that_dies_fails_its_job_displaces_the_next_and_is_replaced(context):
    async def run(pool: LoopPool) -> list:
        return await asyncio.gather(*(pool.run("die" if i == 2 else i) for i in range(12)), return_exceptions=True)

    pool = LoopPool(2, double, context=context, setup=nothing)
    try:
        results = asyncio.run(run(pool))
        assert len(pool.pids()) == 2
    finally:
        pool.close()
    failed = [i for i, r in enumerate(results) if isinstance(r, BaseException)]
    assert type(results[2]) is BrokenProcessPool
    assert all(isinstance(results[i], Displaced) for i in failed if i != 2) and len(failed) <= 2
    assert all(results[i] == i * 2 for i in range(12) if i not in failed)


def test_workers_that_die_while_starting_break_the_pool_instead_of_hanging(context):
    async def run(pool: LoopPool) -> list:
        return await asyncio.gather(*(pool.run(i) for i in range(5)), return_exceptions=True)

    pool = LoopPool(2, double, context=context, setup=die_at_start)
    try:
        results = asyncio.run(run(pool))
    finally:
        pool.close()
    assert all(isinstance(r, BrokenProcessPool) for r in results)


def parent_pid(_job):
    return os.getppid()


def test_workers_started_before_the_loop_are_forked_from_here_and_taken_on_by_it():
    pool = LoopPool(2, parent_pid, context=multiprocessing.get_context("fork"), setup=nothing)
    try:
        pool.start()  # no event loop runs yet
        started = pool.pids()

        async def run() -> list:
            return await asyncio.gather(*(pool.run(i) for i in range(6)))

        results = asyncio.run(run())
        assert sorted(pool.pids()) == sorted(started)  # the same processes, none started anew
    finally:
        pool.close()
    assert len(started) == 2 and results == [os.getpid()] * 6  # children of this process: no fork server between
    assert all(gone(pid) for pid in started)


def test_workers_started_but_never_used_are_ended_by_close():
    pool = LoopPool(2, double, context=multiprocessing.get_context("fork"), setup=nothing)
    pool.start()
    pids = pool.pids()
    pool.close()
    assert len(pids) == 2 and all(gone(pid) for pid in pids)


def frozen_objects(_job):
    import gc

    return gc.get_freeze_count()


def test_pipeline_workers_freeze_what_they_inherit():
    from functools import partial

    from scraper.pipeline import _setup_worker

    pool = LoopPool(1, frozen_objects, context=multiprocessing.get_context("fork"), setup=partial(_setup_worker, os.getpid(), None))
    try:
        [frozen] = asyncio.run(_gather(pool, 1))
    finally:
        pool.close()
    assert frozen > 1000  # the modules this process had imported


async def _gather(pool: LoopPool, count: int) -> list:
    return await asyncio.gather(*(pool.run(i) for i in range(count)))
