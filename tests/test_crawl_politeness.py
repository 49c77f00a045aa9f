import asyncio

import pytest
from protego import Protego

from scraper.crawling.politeness import HostGate, Job, Scheduler
from scraper.crawling.robots import RobotsCache, Rules
from scraper.crawling.state import State


class FakeClock:
    """Time that moves only when someone sleeps."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def __call__(self):
        return self.now

    async def sleep(self, seconds):
        self.sleeps.append(round(seconds, 6))
        self.now += seconds
        await asyncio.sleep(0)


def gate(per_host=2, delay=1.0, budget=1e9, clock=None):
    clock = clock or FakeClock()
    return HostGate("h", per_host, delay, budget=budget, clock=clock, sleep=clock.sleep), clock


async def started(run):
    """``run`` as a task, once every job it can start has started: the event loop turned a bounded
    number of times (no job here waits on anything but the test's own events)."""
    task = asyncio.ensure_future(run)
    for _ in range(20):
        await asyncio.sleep(0)
    return task


def test_request_starts_are_spaced_by_the_delay():
    async def main():
        g, clock = gate(delay=2.0)
        for _ in range(3):
            await g.turn()
        return clock.sleeps

    assert asyncio.run(main()) == [2.0, 2.0]


def test_crawl_delay_raises_the_delay_and_moves_the_reserved_start():
    async def main():
        g, clock = gate(delay=0.5)
        await g.turn()
        g.slow_down(3.0)
        g.slow_down(1.0)  # never lowers
        await g.turn()
        return g.delay, clock.sleeps

    assert asyncio.run(main()) == (3.0, [3.0])


def test_gate_is_closed_while_every_slot_is_taken():
    g, _ = gate(per_host=1, delay=0)
    assert g.opens_in() == 0.0
    g.in_flight = 1
    assert g.opens_in() is None


def test_scheduler_keeps_per_host_and_global_limits():
    async def main():
        peak = {"all": 0, "a": 0, "b": 0}
        now = {"all": 0, "a": 0, "b": 0}
        release = asyncio.Event()

        def job(g, host):
            async def run():
                for key in ("all", host):
                    now[key] += 1
                    peak[key] = max(peak[key], now[key])
                await release.wait()
                for key in ("all", host):
                    now[key] -= 1

            return Job(gate=g, run=run, skip=lambda: None)

        clock = FakeClock()
        a = HostGate("a", 2, 0, budget=1e9, clock=clock, sleep=clock.sleep)
        b = HostGate("b", 1, 0, budget=1e9, clock=clock, sleep=clock.sleep)
        scheduler = Scheduler(3, sleep=clock.sleep)
        jobs = [job(a, "a") for _ in range(10)] + [job(b, "b") for _ in range(5)]
        runner = await started(scheduler.run(jobs))
        first_wave = dict(now)
        release.set()
        await runner
        return first_wave, peak

    first_wave, peak = asyncio.run(main())
    assert first_wave == {"all": 3, "a": 2, "b": 1}  # a's third job does not hold b's slot
    assert peak == {"all": 3, "a": 2, "b": 1}


def test_scheduler_skips_the_jobs_of_a_host_past_its_budget():
    async def main():
        clock = FakeClock()
        g = HostGate("slow", 1, 10.0, budget=25.0, clock=clock, sleep=clock.sleep)
        ran, skipped = [], []

        def job(i):
            async def run():
                await g.turn()
                ran.append(i)

            return Job(gate=g, run=run, skip=lambda: skipped.append(i))

        await Scheduler(4, sleep=clock.sleep).run([job(i) for i in range(10)])
        return ran, skipped

    ran, skipped = asyncio.run(main())
    assert ran == [0, 1, 2]
    assert skipped == list(range(3, 10))


def test_scheduler_stop_starts_nothing_more_and_abandon_cancels_in_flight():
    async def main():
        clock = FakeClock()
        g = HostGate("h", 5, 0, budget=1e9, clock=clock, sleep=clock.sleep)
        started = []
        forever = asyncio.Event()

        def job(i):
            async def run():
                started.append(i)
                await forever.wait()

            return Job(gate=g, run=run, skip=lambda: None)

        scheduler = Scheduler(2, sleep=clock.sleep)
        runner = asyncio.ensure_future(scheduler.run(job(i) for i in range(100)))
        for _ in range(5):
            await asyncio.sleep(0)
        scheduler.stop()
        assert scheduler.abandon() == 2
        await runner
        return started

    assert asyncio.run(main()) == [0, 1]


def test_a_job_that_raises_stops_the_run_and_the_error_comes_out():
    async def main():
        clock = FakeClock()
        g = HostGate("h", 1, 0, budget=1e9, clock=clock, sleep=clock.sleep)

        async def boom():
            raise OSError("disk full")

        async def fine():
            return None

        await Scheduler(1, sleep=clock.sleep).run([Job(gate=g, run=boom, skip=lambda: None)] + [Job(gate=g, run=fine, skip=lambda: None)] * 5)

    with pytest.raises(OSError, match="disk full"):
        asyncio.run(main())


def follow_up_jobs(g, count, release, log):
    """Jobs whose request is instant and whose follow-up (extracting, writing) waits for ``release``."""

    def job(i):
        async def run():
            log.append(("request", i))

            async def follow_up():
                log.append(("follow-up", i))
                await release.wait()
                log.append(("written", i))

            return follow_up

        return Job(gate=g, run=run, skip=lambda: None)

    return [job(i) for i in range(count)]


def run_follow_ups(per_host, count, max_follow_ups):
    """Run ``count`` follow_up_jobs on one slot; the log when everything that can start has started
    (every follow-up still waiting), and the whole log once they are released."""

    async def main():
        clock = FakeClock()
        g = HostGate("h", per_host, 0, budget=1e9, clock=clock, sleep=clock.sleep)
        release, log = asyncio.Event(), []
        runner = await started(Scheduler(1, sleep=clock.sleep, max_follow_ups=max_follow_ups).run(follow_up_jobs(g, count, release, log)))
        before = list(log)
        release.set()
        await runner
        return before, log

    return asyncio.run(main())


def test_a_follow_up_runs_outside_the_request_slots_and_the_run_waits_for_it():
    before, log = run_follow_ups(per_host=1, count=3, max_follow_ups=3)
    # One slot, yet all three requests went out while page 0 was still being written.
    assert [entry for entry in before if entry[0] == "request"] == [("request", 0), ("request", 1), ("request", 2)]
    assert not [entry for entry in before if entry[0] == "written"]
    assert sorted(entry for entry in log if entry[0] == "written") == [("written", 0), ("written", 1), ("written", 2)]


def test_follow_ups_are_bounded_no_request_starts_while_the_bound_is_reached():
    before, log = run_follow_ups(per_host=4, count=10, max_follow_ups=2)
    assert [entry for entry in before if entry[0] == "request"] == [("request", 0), ("request", 1)]
    assert len([entry for entry in log if entry[0] == "written"]) == 10


def test_a_follow_up_that_raises_stops_the_run_and_abandon_cancels_follow_ups():
    async def failing():
        clock = FakeClock()
        g = HostGate("h", 1, 0, budget=1e9, clock=clock, sleep=clock.sleep)

        async def fetched():
            async def write():
                raise OSError("disk full")

            return write

        await Scheduler(1, sleep=clock.sleep).run([Job(gate=g, run=fetched, skip=lambda: None)] * 5)

    with pytest.raises(OSError, match="disk full"):
        asyncio.run(failing())

    async def abandoned():
        clock = FakeClock()
        g = HostGate("h", 2, 0, budget=1e9, clock=clock, sleep=clock.sleep)
        release, log = asyncio.Event(), []  # never set
        scheduler = Scheduler(2, sleep=clock.sleep, max_follow_ups=2)
        runner = await started(scheduler.run(follow_up_jobs(g, 10, release, log)))
        scheduler.stop()
        cancelled = scheduler.abandon()
        await runner
        return cancelled, log

    cancelled, log = asyncio.run(abandoned())
    assert cancelled == 2
    assert not [entry for entry in log if entry[0] == "written"]


UA = "scraper/0.1.0 (+https://github.com/scraper-news/scraper)"


@pytest.mark.parametrize(
    ("robots", "allowed", "delay"),
    [
        ("User-agent: *\nDisallow: /private/\nCrawl-delay: 4\n", {"/a": True, "/private/x": False}, 4.0),
        ("User-agent: scraper\nDisallow: /\n\nUser-agent: *\nAllow: /\n", {"/a": False}, None),
        ("User-agent: *\nRequest-rate: 1/10s\n", {"/a": True}, 10.0),
        ("User-agent: *\nCrawl-delay: 2\nRequest-rate: 1/5\n", {"/a": True}, 5.0),
    ],
)
def test_robots_rules_for_our_user_agent(robots, allowed, delay):
    rules = Rules(Protego.parse(robots))
    assert {path: rules.allowed("https://x.example" + path, UA) for path in allowed} == allowed
    assert rules.delay(UA) == delay


def test_unreachable_robots_disallows_everything_and_missing_allows_everything():
    assert not Rules(unreachable=True).allowed("https://x.example/a", UA)
    assert Rules().allowed("https://x.example/a", UA)


def test_robots_are_fetched_once_per_origin_and_cached_in_the_state(tmp_path):
    calls = []

    async def fetch(url, ua):
        calls.append(url)
        await asyncio.sleep(0)
        return 200, b"User-agent: *\nDisallow: /no\n"

    async def main(now):
        state = State.open(tmp_path / "s.sqlite")
        try:
            cache = RobotsCache(state, fetch, now=lambda: now, ttl=100)
            rules = await asyncio.gather(*(cache.rules(f"https://x.example/{p}", UA) for p in ("a", "no", "b")))
            return [r.allowed(f"https://x.example/{p}", UA) for r, p in zip(rules, ("a", "no", "b"))]
        finally:
            state.close()

    assert asyncio.run(main(1000.0)) == [True, False, True]
    assert calls == ["https://x.example/robots.txt"]
    asyncio.run(main(1050.0))  # fresh in the state: not fetched again
    assert len(calls) == 1
    asyncio.run(main(1200.0))  # older than the TTL
    assert len(calls) == 2


def test_unreachable_robots_is_not_cached(tmp_path):
    calls = []

    async def fetch(url, ua):
        calls.append(url)
        return None, None

    async def main():
        state = State.open(tmp_path / "s.sqlite")
        try:
            rules = await RobotsCache(state, fetch, now=lambda: 0.0, ttl=100).rules("https://x.example/a", UA)
            return rules.unreachable, state.robots("https://x.example")
        finally:
            state.close()

    assert asyncio.run(main()) == (True, None)
