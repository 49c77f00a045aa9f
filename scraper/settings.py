"""Every default in one frozen object.

CLI flags and environment variables make changed copies with ``attrs.evolve``; nothing reads the
environment at import time.
"""

from __future__ import annotations

import attrs

from scraper import __version__

PROJECT_URL = "https://github.com/scraper-news/scraper"


@attrs.frozen(kw_only=True)
class Settings:
    # Seconds one request attempt may take in all: connecting, sending, headers and the whole body.
    timeout: float = 20.0
    # Seconds to wait for a connection or for the next bytes of a response (never past `timeout`).
    read_timeout: float = 10.0
    # Retries after the first attempt for timeouts, resets, 408, 429 and 5xx (so 4 attempts in all).
    retries: int = 3
    # First backoff delay in seconds; doubles each retry, with full jitter.
    backoff_base: float = 0.5
    # Longest backoff delay in seconds between two attempts.
    backoff_max: float = 30.0
    # Longest Retry-After we honour, in seconds; longer values are capped, not obeyed.
    retry_after_cap: float = 120.0
    # Redirects followed before failing with too_many_redirects.
    max_redirects: int = 10
    # Largest body accepted, counted after decompression (10 MiB).
    max_bytes: int = 10 * 1024 * 1024
    # The User-Agent sent with every request; names the project so site owners can reach us.
    user_agent: str = f"scraper/{__version__} (+{PROJECT_URL})"
    # Pages `scrape` works on at once (fetching and extracting), over all hosts.
    concurrency: int = 4
    # Requests `scrape` sends to one host at once.
    per_host: int = 2
    # Minimum seconds between two request starts to one host.
    delay: float = 0.0
    # Processes that extract pages (parse HTML, build records); None: one per usable core.
    workers: int | None = None
    # Finished pages `scrape` holds back while an earlier source is still in flight; past that, the
    # oldest is written out of source order, so one slow source never holds back the whole run.
    reorder_window: int = 16
    # Seconds `scrape` still waits for pages in flight after SIGINT / SIGTERM before it stops.
    stop_grace: float = 1.0
    # Content types accepted as pages; anything else fails as not_html.
    html_types: tuple[str, ...] = ("text/html", "application/xhtml+xml")


DEFAULT = Settings()
