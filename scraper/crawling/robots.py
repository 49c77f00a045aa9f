"""robots.txt, as RFC 9309 reads it, parsed by protego (the parser Scrapy uses).

One fetch per origin per ``robots_ttl``, cached in the state. A 2xx body is obeyed, including
``Crawl-delay`` and ``Request-rate``; a 4xx (no robots.txt) allows everything. Only the first
512 KiB are read and parsed (RFC 9309 asks for at least 500 KiB), up to the last whole line, so a
huge robots.txt is obeyed as far as it was read instead of failing. A 5xx, a redirect loop or a
network failure means "unreachable", which disallows the whole origin for this run and is tried
again next run; once an origin has been unreachable for ``give_up`` seconds (RFC 9309: "a reasonably
long period") it is crawled with the last robots.txt read from it, or as having none, and
``on_give_up`` reports it once (the crawl writes it to errors.jsonl).
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable

import attrs
from protego import Protego

from scraper.crawling.state import State
from scraper.normalize import host_key, split_url

log = logging.getLogger(__name__)

# Bytes of a robots.txt read and parsed; the rest is ignored (RFC 9309 2.5: at least 500 KiB).
MAX_ROBOTS_BYTES = 512 * 1024

# fetch(robots_url, user_agent) -> (status, body): status None when the origin was unreachable.
RobotsFetch = Callable[[str, str], Awaitable[tuple[int | None, bytes | None]]]
# on_give_up(origin, unreachable_since): the origin is crawled again although robots.txt still
# fails; reports it and calls State.robots_reported in the same transaction.
GiveUp = Callable[[str, float], None]


@attrs.frozen
class Rules:
    """What one origin's robots.txt says; ``unreachable`` when it could not be fetched this run."""

    parser: Protego | None = None  # None: no robots.txt, everything allowed
    unreachable: bool = False

    def allowed(self, url: str, user_agent: str) -> bool:
        if self.unreachable:
            return False
        return self.parser is None or bool(self.parser.can_fetch(url, user_agent))

    def delay(self, user_agent: str) -> float | None:
        """Seconds asked between two requests: Crawl-delay, or the interval of Request-rate.

        Values that are not finite, non-negative numbers (``Crawl-delay: nan``) are ignored; the
        caller caps the rest.
        """
        if self.parser is None:
            return None
        delays = []
        crawl_delay = self.parser.crawl_delay(user_agent)
        if crawl_delay is not None:
            delays.append(float(crawl_delay))
        rate = self.parser.request_rate(user_agent)
        if rate is not None and rate.requests and rate.seconds is not None:
            delays.append(rate.seconds / rate.requests)
        delays = [d for d in delays if math.isfinite(d) and d >= 0]
        return max(delays) if delays else None


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL, with the host as :func:`scraper.normalize.host_key` writes it."""
    return f"{split_url(url).scheme.lower()}://{host_key(url)}"


def parse_robots(raw: bytes) -> Rules:
    """The rules of a robots.txt body: its first MAX_ROBOTS_BYTES, up to the last whole line."""
    return _rules(200, _readable_part(raw))


class RobotsCache:
    """Rules per origin for the run, from the state when fresh, else fetched once (shared by waiters)."""

    def __init__(
        self,
        state: State,
        fetch: RobotsFetch,
        *,
        now: Callable[[], float],
        ttl: float,
        give_up: float = math.inf,
        on_give_up: GiveUp | None = None,
    ) -> None:
        self._state = state
        self._fetch = fetch
        self._now = now
        self._ttl = ttl
        self._give_up = give_up
        self._on_give_up = on_give_up
        self._rules: dict[str, Rules] = {}
        self._pending: dict[str, asyncio.Task[Rules]] = {}

    async def rules(self, url: str, user_agent: str) -> Rules:
        origin = origin_of(url)
        rules = self._rules.get(origin)
        if rules is not None:
            return rules
        task = self._pending.get(origin)
        if task is None:
            task = asyncio.ensure_future(self._load(origin, user_agent))
            self._pending[origin] = task
        # shield: a waiter that is cancelled must not cancel the fetch other waiters share
        return await asyncio.shield(task)

    async def _load(self, origin: str, user_agent: str) -> Rules:
        try:
            cached = self._state.robots(origin)
            if cached is not None and self._now() - cached[2] < self._ttl:
                rules = _rules(cached[0], cached[1])
            else:
                status, raw = await self._fetch(f"{origin}/robots.txt", user_agent)
                if status is None:
                    rules = self._unreachable(origin, cached)
                else:
                    body = _readable_part(raw) if raw is not None else None
                    self._state.save_robots(origin, status, body, self._now())
                    rules = _rules(status, body)
            self._rules[origin] = rules
            return rules
        finally:
            self._pending.pop(origin, None)

    def _unreachable(self, origin: str, cached: tuple[int | None, str | None, float] | None) -> Rules:
        now = self._now()
        since, reported = self._state.robots_unreachable(origin, now)
        if now - since < self._give_up:
            log.warning("%s/robots.txt is unreachable; no page of %s is fetched this run", origin, origin)
            return Rules(unreachable=True)
        what = "the robots.txt last read" if cached is not None else "no robots.txt"
        log.warning("%s/robots.txt has been unreachable for %.1f days; crawling %s with %s", origin,
                    (now - since) / 86400, origin, what)  # fmt: skip
        if not reported and self._on_give_up is not None:
            self._on_give_up(origin, since)  # writes the report and marks it reported, in one transaction
        return _rules(cached[0], cached[1]) if cached is not None else Rules()


def _readable_part(raw: bytes) -> str:
    """The first MAX_ROBOTS_BYTES, without a last line that was cut in the middle, as text."""
    if len(raw) >= MAX_ROBOTS_BYTES:
        cut = raw[:MAX_ROBOTS_BYTES]
        raw = cut[: cut.rfind(b"\n") + 1] if b"\n" in cut else b""
    return raw.decode("utf-8", "replace")


def _rules(status: int | None, body: str | None) -> Rules:
    if status is not None and 200 <= status < 300 and body:
        return Rules(Protego.parse(body))
    return Rules()
