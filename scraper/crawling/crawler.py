"""One crawl run: read the listings, then fetch the pages that are due, politely, in one event loop.

Phase 1 fetches every feed and sitemap (conditional requests; child sitemaps of an index when
new or their lastmod moved) and upserts their entries into the state. Phase 2 builds the run's
work list in the state (new and changed pages, due retries, refreshes), and fetches it through
the :class:`~scraper.crawling.politeness.Scheduler`. Each finished page is one transaction: records
written to every output format, then page row + emitted keys + the exporter's mark committed.
SIGTERM / SIGINT stop the scheduling, give in-flight requests ``grace`` seconds, then cancel them.

Listings, robots.txt and pages are outside input: a bad entry, date or directive costs that entry
(counted, reported in errors.jsonl), never the run. Result runs in a worker thread so that a
large page does not stall the network I/O of the other requests.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import partial

import attrs

from scraper.crawling.config import CrawlConfig, Site
from scraper.crawling.discover import LISTING_TYPES, Entry, Listing, lists_archives
from scraper.crawling.politeness import FollowUp, HostGate, Job, Scheduler
from scraper.crawling.robots import MAX_ROBOTS_BYTES, RobotsCache, Rules
from scraper.crawling.state import QueuedPage, State
from scraper.errors import (
    ExtractionError,
    FetchError,
    InputError,
    PermanentFetchError,
    ScraperError,
)
from scraper.export import ErrorRecord, Exporters, record_key
from scraper.records import Result
from scraper.fetch import AsyncFetcher, Page
from scraper.normalize import canonical_url, host_key, listing_kind
from scraper.pipeline import Extractors, PageJob, WarcLog
from scraper.settings import Settings

log = logging.getLogger(__name__)

# Permanent failures that another try cannot fix; the page is given up at once.
FINAL_KINDS = frozenset({"not_html", "too_large", "bad_input", "too_many_redirects", "not_an_article"})
FINAL_STATUSES = frozenset({410})
# Listing dates more than this many seconds after the run's start are ignored (clock skew allowed).
FUTURE_SLACK = 86400.0


@attrs.define
class CrawlSummary:
    """Counts of one crawl run, for the summary line, the runs table and the exit code."""

    listings: int = 0  # feeds and sitemaps fetched (200)
    listings_unchanged: int = 0  # feeds and sitemaps answered 304
    urls: int = 0  # entries read from listings
    skipped: int = 0  # listing entries whose link is not a usable URL (one errors.jsonl line per listing)
    queued: int = 0  # pages due this run
    fetched: int = 0  # pages fetched (200)
    unchanged: int = 0  # pages answered 304, or whose article was already in the output
    articles: int = 0  # article lines written
    comments: int = 0  # comment lines written
    failed: int = 0  # pages and listings that failed (written to errors.jsonl)
    # Pages that proved no article (a listing, a gallery, a video page): written to errors.jsonl so a wrong
    # call can be found, not fetched again until a listing dates them anew, and no failure of the run.
    not_articles: int = 0
    blocked: int = 0  # pages and listings robots.txt disallows
    deferred: int = 0  # left for a later run: robots.txt unreachable, listing backing off, host budget used
    interrupted: str | None = None  # SIGTERM / SIGINT when the run was stopped by a signal

    @property
    def exit_code(self) -> int:
        """128 + signal number when interrupted (130 Ctrl-C, 143 SIGTERM), else 1 if anything failed."""
        if self.interrupted is not None:
            return 128 + signal.Signals[self.interrupted].value
        return 1 if self.failed else 0

    @property
    def outcome(self) -> str:
        return "interrupted" if self.interrupted else ("failures" if self.failed else "ok")

    def counts(self) -> dict[str, int]:
        return {k: v for k, v in attrs.asdict(self).items() if isinstance(v, int)}

    def line(self) -> str:
        """One ``key=value`` line, easy to read and to grep from cron mail or logs."""
        text = "crawl " + " ".join(f"{key}={value}" for key, value in self.counts().items())
        return f"{text} interrupted={self.interrupted}" if self.interrupted else text


class Crawler:
    """Everything one run needs, wired once; :meth:`run` is the run."""

    def __init__(
        self,
        config: CrawlConfig,
        settings: Settings,
        state: State,
        exporter: Exporters,
        fetcher: AsyncFetcher,
        *,
        now: Callable[[], float],
        on_progress: Callable[[str, int], None] | None = None,
        extractors: Extractors | None = None,
        archive: WarcLog | None = None,
    ) -> None:
        self.config = config
        self.options = settings  # the run's settings: the defaults with the config's [crawl] table and flags
        self.settings = settings
        self.extractors = extractors or Extractors(1)
        self.archive = archive
        self.state = state
        self.exporter = exporter
        self.fetcher = fetcher
        self.now = now
        self.on_progress = on_progress
        self.summary = CrawlSummary()
        self.sites = {site.name: site for site in config.sites}
        self.robots = RobotsCache(state, self._fetch_robots, now=now, ttl=self.options.robots_ttl,
                                  give_up=self.options.robots_give_up, on_give_up=self._robots_given_up)  # fmt: skip
        self._gates: dict[str, HostGate] = {}
        self._capped: set[str] = set()  # hosts whose robots.txt delay was cut to max_crawl_delay
        self._scheduler: Scheduler | None = None
        self._seen_listings: set[str] = set()
        self._url_budget = self.options.max_urls_per_run
        self._sitemap_budget = self.options.max_sitemaps_per_run
        self._cut_short = False
        self._loop: asyncio.AbstractEventLoop | None = None

    # -- the run ---------------------------------------------------------------------------

    async def run(self) -> CrawlSummary:
        self._loop = asyncio.get_running_loop()
        handled = self._install_signal_handlers()
        try:
            await self._discover()
            if self.summary.interrupted is None:
                await self._fetch_pages()
        finally:
            for signum in handled:
                self._loop.remove_signal_handler(signum)
        return self.summary

    def _install_signal_handlers(self) -> list[int]:
        handled = []
        for signum in (signal.SIGTERM, signal.SIGINT):
            try:
                self._loop.add_signal_handler(signum, self._on_signal, signum)  # type: ignore[union-attr]
            except (RuntimeError, ValueError):  # not the main thread: the caller handles signals
                continue
            handled.append(signum)
        return handled

    def _on_signal(self, signum: int) -> None:
        name = signal.Signals(signum).name
        if self.summary.interrupted is None:
            self.summary.interrupted = name
            log.warning("%s received: no new requests; in-flight ones get %.1fs, then the run stops", name, self.options.stop_grace)
            if self._scheduler is not None:
                self._scheduler.stop()
                self._loop.call_later(self.options.stop_grace, self._abandon)  # type: ignore[union-attr]
        else:
            log.warning("%s received again: abandoning in-flight requests now", name)
            self._abandon()

    def _new_scheduler(self) -> Scheduler:
        self._scheduler = Scheduler(self.options.concurrency)
        if self.summary.interrupted is not None:
            self._scheduler.stop()
        return self._scheduler

    def _abandon(self) -> None:
        if self._scheduler is not None:
            count = self._scheduler.abandon()
            if count:
                log.warning("abandoned %d page(s) in flight (being fetched or extracted); they stay due for the next run", count)

    # -- phase 1: feeds and sitemaps ---------------------------------------------------------

    async def _discover(self) -> None:
        roots: dict[str, Site] = {}  # a listing two sites share is fetched once, for the first
        for site in self.config.sites:
            for url in site.listings:
                roots.setdefault(url, site)
        for url, site in roots.items():
            self.state.add_root(url, site.name)
            self._seen_listings.add(url)
        await self._new_scheduler().run(self._listing_job(site, url) for url, site in roots.items())

    def _listing_job(self, site: Site, url: str) -> Job:
        return Job(gate=self._gate(url, site), run=lambda: self._listing(site, url), skip=lambda: None)

    async def _listing(self, site: Site, url: str) -> None:
        row = self.state.source(url)
        if row is not None and row.next_try_at is not None and row.next_try_at > self.now():
            log.info("%s: failed recently; next try after %s", url, _iso(row.next_try_at))
            self.summary.deferred += 1
            return
        ua = site.user_agent or self.config.user_agent or self.settings.user_agent
        rules = await self.robots.rules(url, ua)
        self._gate(url, site, rules, ua)
        if rules.unreachable:
            self.summary.deferred += 1
            return
        if not rules.allowed(url, ua):
            log.warning("%s: disallowed by robots.txt; not fetched", url)
            self.summary.blocked += 1
            return
        headers = {"User-Agent": ua, **_conditional(row.etag if row else None, row.last_modified if row else None)}
        try:
            if not await self._gate(url, site).turn():
                self.summary.deferred += 1
                return
            page = await self.fetcher.fetch(url, headers=headers, accept=LISTING_TYPES, max_bytes=self.options.max_listing_bytes)
        except FetchError as exc:
            self._listing_failed(url, row.failures if row else 0, exc)
            return
        if page.status == 304:
            self.summary.listings_unchanged += 1
            with self.state.transaction() as db:
                self.state.source_fetched(db, url, None, row.etag if row else None, row.last_modified if row else None, self.now())
            if row is not None and row.kind == "sitemapindex":
                self._queue_children(site, url)
            return
        self.summary.listings += 1
        failures = row.failures if row else 0
        try:
            self._read_listing(site, url, page, failures)
        except InputError as exc:
            self._listing_failed(url, failures, exc)
        except (ScraperError, sqlite3.Error, OSError):
            raise  # the state or the output failed: the run cannot go on
        except Exception as exc:  # a bug met by outside input must not stop this and every later run
            log.exception("%s: reading the listing crashed", url)
            self._listing_failed(url, failures, InputError(f"{url}: reading the listing crashed ({exc!r}); please report it", source=url))

    def _read_listing(self, site: Site, url: str, page: Page, failures: int) -> None:
        """Parse one feed or sitemap and record what it lists, in one transaction.

        A document that breaks off (truncated, bytes that are not its encoding) keeps the entries
        before the break and fails like an unreadable listing: errors.jsonl, exit 1, read again
        in full by a later run. Entries with unusable links are skipped and reported in one line.
        """
        listing = Listing(page.body, page.url, max_entries=self.options.max_urls_per_sitemap,
                          max_bytes=self.options.max_listing_bytes, not_after=self.now() + FUTURE_SLACK)  # fmt: skip
        etag, last_modified = page.headers.get("etag"), page.headers.get("last-modified")
        before = self._url_budget
        self._cut_short = False
        with self.state.output_transaction(self.exporter) as db:
            left_out: list[str] = []
            if listing.kind == "sitemapindex":
                children = self._kept(listing, lists_archives, left_out)
                self.state.add_children(db, url, site.name, ((e.url, e.lastmod) for e in children))
            else:
                stories = self._kept(listing, _lists_stories, left_out)
                self.state.discover(db, (self._page_row(site, url, e) for e in stories))
            if left_out:
                log.info("%s: %d entries list stories rather than tell one (archive sitemaps, front or archive pages), "
                         "left out: %s", url, len(left_out), left_out[0])  # fmt: skip
            if listing.broken is None:
                # a listing cut short by the run's budget must be read again next run, not answered 304
                self.state.source_fetched(db, url, listing.kind, etag, last_modified, self.now(),
                                          keep_validators=not self._cut_short)  # fmt: skip
            else:
                broken = InputError(f"{url}: document breaks off after {listing.count} entries ({listing.broken}); "
                                    f"the entries before the break are kept", source=url)  # fmt: skip
                self._record_listing_failure(db, url, failures, broken)
            if listing.skipped:
                self._report_skipped(url, listing)
        count = before - self._url_budget
        self.summary.urls += count
        if listing.truncated:
            log.warning("%s: more than %d entries; the rest is not read", url, self.options.max_urls_per_sitemap)
        log.info("%s: %s with %d entries", url, listing.kind, count)
        if listing.kind == "sitemapindex":
            self._queue_children(site, url)

    def _kept(self, listing: Listing, lists: Callable[[str], bool], left_out: list[str]) -> Iterator[Entry]:
        """The listing's entries within the run's budget but those whose URL ``lists`` says lists stories rather
        than tells one: a child sitemap of archives (:func:`~scraper.crawling.discover.lists_archives`), a front
        or archive page (:func:`_lists_stories`); their URLs go to ``left_out``. Sitemaps often list the root,
        with a lastmod that moves on every change of it: fetched, it would fail as "not an article" again and
        again."""
        for entry in self._budgeted(listing):
            if lists(entry.url):
                left_out.append(entry.url)
            else:
                yield entry

    def _budgeted(self, listing: Listing) -> Iterator[Entry]:
        for entry in listing:
            if self._url_budget <= 0:
                self._cut_short = True
                log.warning("%s: max_urls_per_run (%d) reached; remaining entries wait for the next run",
                            listing.url, self.options.max_urls_per_run)  # fmt: skip
                return
            self._url_budget -= 1
            yield entry

    def _page_row(self, site: Site, source: str, entry: Entry) -> dict[str, object]:
        url = canonical_url(entry.url)
        return {"url": url, "site": site.name, "host": host_key(url), "source": source, "now": self.now(),
                "lastmod": entry.lastmod, "published": entry.published}  # fmt: skip

    def _queue_children(self, site: Site, index: str) -> None:
        if self._sitemap_budget <= 0 or self._scheduler is None or self._scheduler.stopping:
            return
        now = self.now()
        children = self.state.due_children(index, now, now - self.options.sitemap_recheck, self._sitemap_budget)
        for child in children:
            if child in self._seen_listings:
                continue
            self._seen_listings.add(child)
            self._sitemap_budget -= 1
            self._scheduler.add(self._listing_job(site, child))
        if self._sitemap_budget <= 0:
            log.warning("max_sitemaps_per_run (%d) reached; other child sitemaps wait for the next run",
                        self.options.max_sitemaps_per_run)  # fmt: skip

    def _report_skipped(self, url: str, listing: Listing) -> None:
        """One log line and one errors.jsonl line for the entries of a listing that were skipped."""
        examples = ", ".join(repr(e) for e in listing.examples)
        more = f" and {listing.skipped - len(listing.examples)} more" if listing.skipped > len(listing.examples) else ""
        problem = InputError(f"{url}: skipped {listing.skipped} entries whose link is not an absolute http(s) URL: "
                             f"{examples}{more}", source=url)  # fmt: skip
        log.warning("%s", problem.message)
        self.summary.skipped += listing.skipped
        self.exporter.write(ErrorRecord.from_error(url, problem, _iso(self.now())))

    def _listing_failed(self, url: str, failures: int, exc: ScraperError) -> None:
        with self.state.output_transaction(self.exporter) as db:
            self._record_listing_failure(db, url, failures, exc)

    def _record_listing_failure(self, db: sqlite3.Connection, url: str, failures: int, exc: ScraperError) -> None:
        wait = self._backoff(failures + 1)
        log.warning("%s (a later run tries again after %s)", exc.message, _duration(wait))
        self.summary.failed += 1
        self.state.source_failed(db, url, exc.message, self.now() + wait)
        self.exporter.write(ErrorRecord.from_error(url, exc, _iso(self.now())))

    # -- phase 2: pages ----------------------------------------------------------------------

    async def _fetch_pages(self) -> None:
        now = self.now()
        since = now - self.options.refresh_days * 86400 if self.options.refresh_days else None
        self.summary.queued = self.state.build_queue(now, since, self.options.max_articles, self.sites)
        log.info("%d pages due", self.summary.queued)
        await self._new_scheduler().run(self._page_jobs())

    def _page_jobs(self) -> Iterator[Job]:
        for batch in self.state.queued():
            for item in batch:
                site = self.sites[item.site]
                yield Job(gate=self._gate(item.url, site), run=lambda i=item, s=site: self._page(i, s),
                          skip=self._deferred)  # fmt: skip

    def _deferred(self) -> None:
        self.summary.deferred += 1

    async def _page(self, item: QueuedPage, site: Site) -> FollowUp | None:
        """Fetch one page; what is left (extracting and writing it) is handed back to run outside the
        request slots (see :mod:`scraper.crawling.politeness`)."""
        ua = site.user_agent or self.config.user_agent or self.settings.user_agent
        rules = await self.robots.rules(item.url, ua)
        if rules.unreachable:
            self.summary.deferred += 1
        elif not rules.allowed(item.url, ua):
            log.info("%s: disallowed by robots.txt", item.url)
            self.summary.blocked += 1
            with self.state.transaction() as db:
                self.state.page_blocked(db, item.url, self.now() + self.options.robots_ttl)
        else:
            self._gate(item.url, site, rules, ua)
            page = await self._fetch_page(item, site, ua)
            if page is not None:
                return partial(self._finish_page, item, page, site)
        self._progress(item)
        return None

    def _progress(self, item: QueuedPage) -> None:
        if self.on_progress is not None:
            self.on_progress(item.url, self.summary.queued)

    async def _fetch_page(self, item: QueuedPage, site: Site, ua: str) -> Page | None:
        """The page, or None when there is nothing to extract (deferred, failed, not modified)."""
        headers = {"User-Agent": ua, **_conditional(item.etag, item.last_modified)}
        try:
            if not await self._gate(item.url, site).turn():
                self.summary.deferred += 1
                return None
            page = await self.fetcher.fetch(item.url, headers=headers)
        except FetchError as exc:
            self._page_failed(item, exc)
            return None
        if page.status == 304:
            self.summary.unchanged += 1
            with self.state.transaction() as db:
                self.state.page_fetched(db, item.url, self.now(), etag=page.headers.get("etag"),
                                        last_modified=page.headers.get("last-modified"))  # fmt: skip
            return None
        self.summary.fetched += 1
        return page

    async def _finish_page(self, item: QueuedPage, page: Page, site: Site) -> None:
        """Extract and write a fetched page: the follow-up :meth:`_page` hands back."""
        try:
            result = await self._extract(page, item, site)
        except ScraperError as exc:
            self._page_failed(item, exc)
        except Exception as exc:
            log.exception("%s: extractor crashed", item.url)
            self._page_failed(item, ExtractionError(f"{page.url}: extractor crashed ({exc!r}); please report it", url=page.url))
        else:
            self._emit(item, page, result)
        finally:
            self._progress(item)

    async def _extract(self, page: Page, item: QueuedPage, site: Site) -> Result:
        """Pages are extracted by the pipeline's extractors (a worker thread, or ``settings.workers``
        processes), so the event loop keeps serving the other requests while a page is parsed.
        Extraction is pure, so the records are the same wherever it runs; writing and committing
        them stays on the loop (_emit). A failure is raised as the page's error."""
        if self.archive is not None:
            await asyncio.to_thread(self.archive.keep, item.url, page)
        job = PageJob(item.source, page.url, page.body, page.fetched_at, page.charset, site.extractor, any_page=site.any_page)
        result = await self.extractors.extract(job)
        if result.error is not None:
            raise result.error
        if result.article is not None and result.article.not_an_article is not None:
            log.warning("%s: written although not an article (any_page = true for site %s): %s", page.url, site.name,
                        result.article.not_an_article)
        return result

    def _emit(self, item: QueuedPage, page: Page, result: Result) -> None:
        """Write what is new on this page and commit the page: one transaction."""
        article = result.article
        articles = comments = 0
        with self.state.output_transaction(self.exporter) as db:
            targets = self.state.claim(db, record_key("article", {"id": article.id, "content_hash": article.content_hash}), item.url)
            if targets:
                self.exporter.write(article, only=targets)
                articles += 1
            for comment in result.comments:
                key = record_key("comment", {"id": comment.id, "quote": comment.quote, "text": comment.text})
                targets = self.state.claim(db, key, item.url)
                if targets:
                    self.exporter.write(comment, only=targets)
                    comments += 1
            self.state.page_written(db, item.url)
            published = article.published_at.timestamp() if article.published_at else None
            self.state.page_fetched(db, item.url, self.now(), etag=page.headers.get("etag"),
                                    last_modified=page.headers.get("last-modified"), article_id=article.id,
                                    content_hash=article.content_hash, published_at=published)  # fmt: skip
        self.summary.articles += articles
        self.summary.comments += comments
        self.summary.unchanged += not articles
        if self.archive is not None:
            self.archive.written(item.url, result)

    def _page_failed(self, item: QueuedPage, exc: ScraperError) -> None:
        failures = item.failures + 1
        final = exc.kind in FINAL_KINDS or (isinstance(exc, PermanentFetchError) and exc.status in FINAL_STATUSES)
        if final or failures >= self.options.max_failures:
            next_try, note = None, "given up until a feed or sitemap shows a newer date for it"
        else:
            wait = self._backoff(failures)
            next_try = self.now() + wait
            note = f"a later run tries again after {_duration(wait)}, try {failures + 1} of {self.options.max_failures}"
        if exc.kind == "not_an_article":
            log.info("%s (%s)", exc.message, note)
            self.summary.not_articles += 1
        else:
            log.warning("%s (%s)", exc.message, note)
            self.summary.failed += 1
        with self.state.output_transaction(self.exporter) as db:
            self.state.page_failed(db, item.url, exc.message, failures=failures, next_try_at=next_try)
            self.exporter.write(ErrorRecord.from_error(item.url, exc, _iso(self.now())))

    # -- shared ------------------------------------------------------------------------------

    def _gate(self, url: str, site: Site, rules: Rules | None = None, ua: str = "") -> HostGate:
        host = host_key(url)
        gate = self._gates.get(host)
        if gate is None:
            owner = self.config.site_for_host(host) or site
            per_host = owner.per_host or self.options.per_host
            delay = owner.delay if owner.delay is not None else self.options.delay
            gate = self._gates[host] = HostGate(
                host, per_host, delay, budget=self.options.host_budget, clock=asyncio.get_running_loop().time, sleep=asyncio.sleep
            )
        if rules is not None:
            gate.slow_down(self._robots_delay(host, rules.delay(ua)))
        return gate

    def _robots_delay(self, host: str, asked: float | None) -> float | None:
        """The robots.txt delay we honour: at most max_crawl_delay, so one host cannot stall a run."""
        cap = self.options.max_crawl_delay
        if asked is None or asked <= cap:
            return asked
        if host not in self._capped:
            self._capped.add(host)
            log.warning("%s: robots.txt asks for %.0fs between requests; waiting max_crawl_delay=%.0fs instead",
                        host, asked, cap)  # fmt: skip
        return cap

    async def _fetch_robots(self, url: str, ua: str) -> tuple[int | None, bytes | None]:
        try:
            await self._gate(url, Site(name=host_key(url))).turn(may_defer=False)
            page = await self.fetcher.fetch(url, headers={"User-Agent": ua}, accept=("*/*",),
                                            max_bytes=MAX_ROBOTS_BYTES, truncate=True)  # fmt: skip
        except PermanentFetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                return exc.status, None  # no robots.txt: everything is allowed
            return None, None
        except FetchError:
            return None, None
        if len(page.body) >= MAX_ROBOTS_BYTES:
            log.warning("%s is %d KiB or more; obeying its first %d KiB up to the last whole line (RFC 9309)",
                        url, MAX_ROBOTS_BYTES // 1024, MAX_ROBOTS_BYTES // 1024)  # fmt: skip
        return page.status, page.body

    def _robots_given_up(self, origin: str, since: float) -> None:
        """An origin whose robots.txt failed for robots_give_up is crawled again: one errors.jsonl line."""
        url = f"{origin}/robots.txt"
        problem = FetchError(f"{url} has been unreachable since {_iso(since)}; after {_duration(self.options.robots_give_up)} "
                             f"the crawl goes on as RFC 9309 allows, with the robots.txt last read or none",
                             url=url, kind="robots")  # fmt: skip
        self.summary.failed += 1
        with self.state.output_transaction(self.exporter) as db:
            self.state.robots_reported(db, origin)
            self.exporter.write(ErrorRecord.from_error(url, problem, _iso(self.now())))

    def _backoff(self, failures: int) -> float:
        return min(self.options.retry_max, self.options.retry_base * 4.0 ** (failures - 1))


def _conditional(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f}s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _lists_stories(url: str) -> bool:
    """Whether a page URL is a site's front page or an archive page's (:func:`~scraper.normalize.listing_kind`)."""
    return listing_kind(url) is not None
