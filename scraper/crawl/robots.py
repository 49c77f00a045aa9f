"""robots.txt, as RFC 9309 reads it, parsed by protego (the parser Scrapy uses).

One fetch per origin per ``robots_ttl``, cached in the state. A 2xx body is obeyed, including
``Crawl-delay`` and ``Request-rate``; a 4xx (no robots.txt) allows everything; a 5xx or a network
failure means "unreachable", which disallows the whole origin for this run and is tried again next
run. Only the first 512 KiB of a robots.txt are read.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

import attrs
from protego import Protego

from scraper.crawl.state import State

log = logging.getLogger(__name__)

MAX_ROBOTS_BYTES = 512 * 1024

# fetch(robots_url, user_agent) -> (status, body): status None when the origin was unreachable.
RobotsFetch = Callable[[str, str], Awaitable[tuple[int | None, bytes | None]]]


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
        """Seconds to leave between two requests: Crawl-delay, or the interval of Request-rate."""
        if self.parser is None:
            return None
        delays = []
        crawl_delay = self.parser.crawl_delay(user_agent)
        if crawl_delay is not None:
            delays.append(float(crawl_delay))
        rate = self.parser.request_rate(user_agent)
        if rate is not None and rate.requests:
            delays.append(rate.seconds / rate.requests)
        return max(delays) if delays else None


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class RobotsCache:
    """Rules per origin for the run, from the state when fresh, else fetched once (shared by waiters)."""

    def __init__(self, state: State, fetch: RobotsFetch, *, now: Callable[[], float], ttl: float) -> None:
        self._state = state
        self._fetch = fetch
        self._now = now
        self._ttl = ttl
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
                status, body = cached[0], cached[1]
            else:
                status, raw = await self._fetch(f"{origin}/robots.txt", user_agent)
                body = raw[:MAX_ROBOTS_BYTES].decode("utf-8", "replace") if raw is not None else None
                if status is not None:
                    self._state.save_robots(origin, status, body, self._now())
            rules = _rules(origin, status, body)
            self._rules[origin] = rules
            return rules
        finally:
            self._pending.pop(origin, None)


def _rules(origin: str, status: int | None, body: str | None) -> Rules:
    if status is None:
        log.warning("%s/robots.txt is unreachable; no page of %s is fetched this run", origin, origin)
        return Rules(unreachable=True)
    if 200 <= status < 300 and body:
        return Rules(Protego.parse(body))
    return Rules()
