"""Every default in one frozen object: fetching, the pipeline, and the crawl.

CLI flags, the ``[crawl]`` table of a crawl config and callers make changed copies with
``attrs.evolve``; the CLI's ``--help`` shows these values. Nothing reads the environment at import
time.
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
    # Content types accepted as pages; anything else fails as not_html.
    html_types: tuple[str, ...] = ("text/html", "application/xhtml+xml")

    # -- the pipeline (scrape and crawl) --
    # Requests in flight at once, over all hosts.
    concurrency: int = 8
    # Requests in flight at once to one host (a crawl site's ``per_host`` overrides it).
    per_host: int = 2
    # Minimum seconds between two request starts to one host; robots.txt Crawl-delay can raise it in a crawl.
    delay: float = 0.5
    # Processes that extract pages (parse HTML, build records); None: one per usable core.
    workers: int | None = None
    # Finished pages `scrape` holds back while an earlier source is still in flight; past that, the
    # oldest is written out of source order, so one slow source never holds back the whole run.
    reorder_window: int = 16
    # Seconds pages in flight get after SIGINT / SIGTERM before they are abandoned (a second signal: none).
    stop_grace: float = 2.0
    # Write the records of a page that does not read as an article too (a listing, shop, forum or service
    # page, or one with too little prose), with a warning naming why; a bot check stays an error.
    any_page: bool = False

    # -- the crawl --
    # Article pages fetched in one run at most; None for no limit. New articles come first.
    max_articles: int | None = None
    # Re-fetch articles published in the last this many days (comments grow); 0 turns it off.
    refresh_days: int = 0
    # Entries read from one feed or sitemap at most (the sitemap protocol's own limit).
    max_urls_per_sitemap: int = 50_000
    # Entries read from all feeds and sitemaps in one run at most.
    max_urls_per_run: int = 200_000
    # Child sitemaps of sitemap indexes fetched in one run at most (newest lastmod first).
    max_sitemaps_per_run: int = 500
    # Largest feed or sitemap accepted after gunzip (the sitemap protocol's limit is 50 MiB).
    max_listing_bytes: int = 50 * 1024 * 1024
    # Seconds before a failed page is tried again in a later run; multiplied by 4 per failure.
    retry_base: float = 15 * 60.0
    # Longest wait, in seconds, between two tries of a failed page or feed.
    retry_max: float = 24 * 3600.0
    # A page that failed this many runs is given up, until its sitemap lastmod or feed date moves.
    max_failures: int = 5
    # Seconds a robots.txt answer is reused before it is fetched again (RFC 9309 allows 24 h).
    robots_ttl: float = 24 * 3600.0
    # Seconds a robots.txt may stay unreachable (5xx, network) before the origin is crawled with
    # the last robots.txt read, or none (RFC 9309 allows giving up after "a reasonably long period").
    robots_give_up: float = 7 * 24 * 3600.0
    # Largest robots.txt Crawl-delay / Request-rate interval honoured, in seconds; a larger one is cut to it.
    max_crawl_delay: float = 60.0
    # Seconds a child sitemap whose index gives no lastmod is trusted before it is fetched again.
    sitemap_recheck: float = 6 * 3600.0
    # Seconds of one host's request schedule a run may use; its other pages wait for the next run.
    host_budget: float = 30 * 60.0


DEFAULT = Settings()
