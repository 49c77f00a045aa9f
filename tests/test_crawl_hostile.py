"""Hostile listings, dates and robots.txt cost an entry, never the crawl (issue 8).

Each defect has a unit test on the parser and a crawl against a fake site on 127.0.0.1. The
property tests feed arbitrary text to every parser of outside input in crawl: nothing but our own
typed errors may come out.
"""

from __future__ import annotations

import asyncio
import gzip
import logging
import threading
import time
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.crawling import CrawlConfig, Site, crawl
from scraper.crawling import crawler as crawler_module
from scraper.crawling.config import parse_config
from scraper.crawling.discover import Listing, parse_feed_date
from scraper.crawling.politeness import HostGate
from scraper.crawling.robots import MAX_ROBOTS_BYTES, parse_robots
from scraper.errors import InputError, ScraperError
from scraper.settings import Settings
from tests.fakesite import FakeNewsExtractor, FakeSite
from tests.servers import Reply, raw, serve, status
from tests.test_crawl import records
from tests.test_crawl_politeness import FakeClock

SETTINGS = Settings(retries=1, backoff_base=0.0, timeout=5.0)
BASE = "https://news.example/sitemap.xml"
MiB = 1024 * 1024
DAY = 86400.0
BAD_URLS = ("http://[::1", "http://127.0.0.1:99999/", "http://host:-1/")


def read(body: str | bytes, *, not_after: float = float("inf"), url: str = BASE) -> tuple[Listing, list]:
    listing = Listing(body.encode() if isinstance(body, str) else body, url, max_entries=1000, max_bytes=MiB,
                      not_after=not_after)  # fmt: skip
    return listing, list(listing)


def sitemap(*entries: tuple[str, str | None]) -> str:
    urls = "".join(f"<url><loc>{loc}</loc>{f'<lastmod>{mod}</lastmod>' if mod else ''}</url>" for loc, mod in entries)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


def rss(*items: tuple[str, str | None]) -> str:
    body = "".join(f"<item><link>{link}</link>{f'<pubDate>{date}</pubDate>' if date else ''}</item>" for link, date in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{body}</channel></rss>'


# -- 1. malformed URLs in listings ------------------------------------------------------------


@pytest.mark.parametrize("bad", BAD_URLS)
def test_a_malformed_sitemap_loc_is_skipped_counted_and_quoted(bad):
    listing, entries = read(sitemap(("https://news.example/a", None), (bad, None), ("https://news.example/b", None)))
    assert [e.url for e in entries] == ["https://news.example/a", "https://news.example/b"]
    assert (listing.skipped, listing.examples) == (1, [bad])


@pytest.mark.parametrize("bad", BAD_URLS)
def test_a_malformed_feed_link_is_skipped_and_counted(bad):
    atom = (f'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="{bad}"/></entry>'
            f'<entry><link href="https://news.example/ok"/></entry></feed>')  # fmt: skip
    for body in (rss((bad, None), ("https://news.example/ok", None)), atom):
        listing, entries = read(body)
        assert [e.url for e in entries] == ["https://news.example/ok"]
        assert listing.skipped == 1


def test_a_feed_item_with_a_bad_link_but_a_good_permalink_guid_is_kept():
    body = ('<rss version="2.0"><channel><item><link>http://[::1</link><guid>https://news.example/g</guid></item>'
            "</channel></rss>")  # fmt: skip
    listing, entries = read(body)
    assert [e.url for e in entries] == ["https://news.example/g"] and listing.skipped == 0


def test_only_bad_entries_then_a_break_is_not_an_unreadable_document():
    listing, entries = read(sitemap(("http://[::1", None)).encode()[: -len("</urlset>")])
    assert entries == [] and listing.skipped == 1 and listing.broken


# -- 2. dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Mon, 01 Jan 2024 10:00:00 +2400",
        "Mon, 01 Jan 2024 10:00:00 -2500",
        "2024-01-01T00:00:00+25:00",
        "2024-01-01T00:00:00+01:60",
        "Mon, 01 Jan 0001 00:00:00 GMT",
        "Sat, 01 Jan 0099 00:00:00 GMT",
        "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00Z",
    ],
)
def test_an_impossible_date_is_no_date(text):
    assert parse_feed_date(text) is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Mon, 01 Jan 2024 10:00:00 +2359", "2024-01-01T10:00:00+23:59"),
        ("Mon, 01 Jan 24 10:00:00 GMT", "2024-01-01T10:00:00+00:00"),  # RFC 822 two-digit year
        ("2024-03-01T10:00:00-05:00", "2024-03-01T10:00:00-05:00"),
    ],
)
def test_plain_dates_still_parse(text, iso):
    assert parse_feed_date(text) == datetime.fromisoformat(iso).timestamp()


def test_dates_more_than_not_after_are_dropped_from_entries():
    now = datetime(2024, 6, 1, tzinfo=UTC).timestamp()
    body = sitemap(("https://news.example/a", "2050-01-01"), ("https://news.example/b", "2024-05-31T00:00:00Z"))
    _, entries = read(body, not_after=now + DAY)
    assert [(e.url, e.lastmod) for e in entries] == [
        ("https://news.example/a", None),
        ("https://news.example/b", datetime(2024, 5, 31, tzinfo=UTC).timestamp()),
    ]


def test_a_future_lastmod_does_not_block_a_later_change(tmp_path):
    with serve() as server:
        site = FakeSite(server)
        site.add_articles(1)
        url = site.article_url("story-00000")
        server.route("/hostile.xml", raw("application/xml", sitemap((url, "2050-01-01T00:00:00Z")).encode()))
        cfg = CrawlConfig(sites=[Site(name="h", sitemaps=[server.url("/hostile.xml")])], options=dict(delay=0))
        assert crawl([], tmp_path, SETTINGS, config=cfg).articles == 1
        site.edit("story-00000", paragraph="Corrected.")
        server.route("/hostile.xml", raw("application/xml", sitemap((url, datetime.now(UTC).isoformat())).encode()))
        assert crawl([], tmp_path, SETTINGS, config=cfg).articles == 1  # the real date moved: fetched again


def test_bad_urls_and_bad_dates_in_listings_cost_the_entry_not_the_crawl(tmp_path):
    with serve() as server:
        site = FakeSite(server)
        site.add_articles(3)
        good = [site.article_url(s) for s in site.slugs]
        feed = rss((good[0], "Mon, 01 Jan 2024 10:00:00 +2400"), (BAD_URLS[0], None), (good[1], "Mon, 01 Jan 0001 00:00:00 GMT"))
        smap = sitemap((BAD_URLS[1], None), (good[2], "2024-01-01T00:00:00+25:00"), (BAD_URLS[2], "9999-12-31"))
        server.route("/bad-feed.xml", raw("application/rss+xml", feed.encode()))
        server.route("/bad-sitemap.xml", raw("application/xml", smap.encode()))
        cfg = CrawlConfig(sites=[Site(name="h", feeds=[server.url("/bad-feed.xml")], sitemaps=[server.url("/bad-sitemap.xml")],
                                      extractor=FakeNewsExtractor)], options=dict(delay=0))  # fmt: skip
        for run in range(2):
            summary = crawl([], tmp_path, SETTINGS, config=cfg)
            assert (summary.exit_code, summary.skipped) == (0, 3)
            assert summary.articles == (3 if run == 0 else 0)
        assert sorted(a["url"] for a in records(tmp_path)) == sorted(good)
        errors = records(tmp_path, "errors.jsonl")
        assert {(e["source"], e["error"]) for e in errors} == {(server.url("/bad-feed.xml"), "bad_input"),
                                                                 (server.url("/bad-sitemap.xml"), "bad_input")}  # fmt: skip
        assert len(errors) == 4  # one line per listing and run
        assert "http://127.0.0.1:99999/" in next(e["message"] for e in errors if e["source"].endswith("sitemap.xml"))


# -- 3. Crawl-delay -----------------------------------------------------------------------------


def test_a_turn_past_the_host_budget_is_refused_without_waiting():
    async def main():
        clock = FakeClock()
        gate = HostGate("h", 2, 0.0, budget=1800, clock=clock, sleep=clock.sleep)
        first = await gate.turn()
        gate.slow_down(100_000)
        second = await gate.turn()
        forced = await gate.turn(may_defer=False)
        return first, second, forced, clock.sleeps

    assert asyncio.run(main()) == (True, False, True, [100_000])


def test_crawl_delay_is_capped_and_a_host_it_does_not_fit_is_left_for_the_next_run(tmp_path, caplog):
    with serve() as slow_server, serve() as server:
        slow = FakeSite(slow_server, robots="User-agent: *\nCrawl-delay: 100000\n")
        slow.add_articles(3)
        good = FakeSite(server)
        good.add_articles(2)
        cfg = CrawlConfig(sites=[Site(name="slow", feeds=[slow.feed_url]), Site(name="good", feeds=[good.feed_url])],
                          options=dict(delay=0, host_budget=30))  # fmt: skip
        with caplog.at_level(logging.WARNING):
            summary = crawl([], tmp_path, SETTINGS, config=cfg)
        assert (summary.exit_code, summary.articles, summary.deferred) == (0, 2, 1)
        assert [r.path for r in slow_server.requests] == ["/robots.txt"]
        assert "waiting max_crawl_delay=60s instead" in caplog.text
        assert "left for the next run" in caplog.text
        # with a cap that fits the budget, the host is crawled at the capped pace
        cfg = CrawlConfig(sites=cfg.sites, options=dict(delay=0, max_crawl_delay=0))
        assert crawl([], tmp_path, SETTINGS, config=cfg).articles == 3


@pytest.mark.parametrize("value", ["nan", "inf", "-5", "1e999"])
def test_a_crawl_delay_that_is_not_a_duration_is_ignored(value):
    assert parse_robots(f"User-agent: *\nCrawl-delay: {value}\n".encode()).delay("bot") is None


# -- 4. robots.txt -----------------------------------------------------------------------------


def test_a_robots_txt_over_max_bytes_is_obeyed_as_far_as_it_is_read(tmp_path):
    with serve() as server:
        big = "User-agent: *\nDisallow: /articles/story-00001\n" + "# padding line\n" * (2 * MAX_ROBOTS_BYTES // 15)
        site = FakeSite(server, robots=big + "Allow: /\n")
        site.add_articles(3)
        small = Settings(retries=1, backoff_base=0.0, timeout=5.0, max_bytes=200_000)
        cfg = CrawlConfig(sites=[Site(name="h", feeds=[site.feed_url])], options=dict(delay=0))
        summary = crawl([], tmp_path, small, config=cfg)
        assert (summary.articles, summary.blocked) == (2, 1)
        assert server.hits(site.article_path("story-00001")) == 0


def test_a_cut_last_line_of_robots_txt_is_dropped():
    body = b"User-agent: *\nDisallow: /a\n" + b"#" * (MAX_ROBOTS_BYTES - 40) + b"\nDisallow: /private-area-long-name"
    rules = parse_robots(body[:MAX_ROBOTS_BYTES])
    assert not rules.allowed("https://x.example/a", "bot")
    assert rules.allowed("https://x.example/private", "bot")  # "Disallow: /priv" cut short is not a rule


def test_unreachable_robots_txt_is_given_up_after_robots_give_up_and_reported_once(tmp_path):
    with serve() as server:
        site = FakeSite(server)
        site.add_articles(2)
        site.break_("/robots.txt", status(503))
        cfg = CrawlConfig(sites=[Site(name="h", feeds=[site.feed_url])], options=dict(delay=0, robots_give_up=3 * DAY))
        t0 = time.time()
        for day in (0, 1, 2):
            summary = crawl([], tmp_path, SETTINGS, config=cfg, now=lambda d=day: t0 + d * DAY)
            assert (summary.exit_code, summary.articles, summary.deferred) == (0, 0, 1)
        summary = crawl([], tmp_path, SETTINGS, config=cfg, now=lambda: t0 + 3 * DAY)
        assert (summary.exit_code, summary.articles) == (1, 2)
        [error] = records(tmp_path, "errors.jsonl")
        assert (error["error"], error["url"]) == ("robots", server.url("/robots.txt"))
        site.add_articles(1)
        summary = crawl([], tmp_path, SETTINGS, config=cfg, now=lambda: t0 + 4 * DAY)
        assert (summary.exit_code, summary.articles) == (0, 1)  # reported once per outage
        assert len(records(tmp_path, "errors.jsonl")) == 1


# -- 5. listing size ---------------------------------------------------------------------------


def test_a_spec_size_sitemap_over_ten_mib_is_read(tmp_path):
    with serve() as server:
        path = "/articles/" + "x" * 200
        smap = sitemap(*((server.url(f"{path}-{i:05d}.html"), "2024-01-01") for i in range(50_000))).encode()
        assert 10 * MiB < len(smap) < 50 * MiB
        server.route("/big.xml", raw("application/xml", smap))
        server.route("/robots.txt", raw("text/plain", b"User-agent: *\nDisallow: /articles/\n"))
        cfg = CrawlConfig(sites=[Site(name="h", sitemaps=[server.url("/big.xml")])], options=dict(delay=0, max_articles=1))
        summary = crawl([], tmp_path, SETTINGS, config=cfg)
        assert (summary.exit_code, summary.urls, summary.blocked) == (0, 50_000, 1)


# -- 6. truncated and non-UTF-8 listings ----------------------------------------------------------


@pytest.mark.parametrize("damage", ["truncated", "not utf-8"])
def test_a_damaged_listing_keeps_what_was_read_and_fails_the_run(tmp_path, damage):
    with serve() as server:
        site = FakeSite(server)
        site.add_articles(4)
        urls = [site.article_url(s) for s in site.slugs]
        body = sitemap(*((u, None) for u in urls)).encode()
        cut = body.index(urls[2].encode())
        body = body[:cut] if damage == "truncated" else body[:cut] + "é".encode("latin-1") + body[cut:]
        server.route("/damaged.xml", Reply(200, (("Content-Type", "application/xml"), ("ETag", '"v1"')), body))
        cfg = CrawlConfig(sites=[Site(name="h", sitemaps=[server.url("/damaged.xml")])], options=dict(delay=0))
        t0 = time.time()
        summary = crawl([], tmp_path, SETTINGS, config=cfg, now=lambda: t0)
        assert (summary.exit_code, summary.failed, summary.articles) == (1, 1, 2)
        [error] = records(tmp_path, "errors.jsonl")
        assert (error["source"], error["error"]) == (server.url("/damaged.xml"), "bad_input")
        assert "breaks off after 2 entries" in error["message"]
        before = len(server.requests)
        later = crawl([], tmp_path, SETTINGS, config=cfg, now=lambda: t0 + DAY)
        [again] = [r for r in server.requests[before:] if r.path == "/damaged.xml"]
        assert "if-none-match" not in again.headers  # read again in full, not answered 304
        assert later.failed == 1


# -- 7. extraction off the event loop -------------------------------------------------------------


def test_pages_are_extracted_off_the_event_loop_and_records_stay_the_same(tmp_path, monkeypatch):
    import scraper.pipeline

    seen = []
    extract = scraper.pipeline.extract_page

    def spy(*args, **kwargs):
        try:
            asyncio.get_running_loop()
            seen.append("loop")
        except RuntimeError:
            seen.append(threading.current_thread().name)
        return extract(*args, **kwargs)

    monkeypatch.setattr(scraper.pipeline, "extract_page", spy)
    with serve() as server:
        site = FakeSite(server)
        site.add_articles(4)
        sites = [Site(name="h", feeds=[site.feed_url], extractor=FakeNewsExtractor)]
        first = crawl([], tmp_path / "a", SETTINGS, config=CrawlConfig(sites=sites, options=dict(delay=0, workers=1)))
        second = crawl([], tmp_path / "b", SETTINGS, config=CrawlConfig(sites=sites, options=dict(delay=0, workers=2)))
    assert first.articles == second.articles == 4
    assert len(seen) == 4 and "loop" not in seen  # one worker: a thread of this process; two: worker processes

    def stable(out):
        return sorted((r["url"], {k: v for k, v in r.items() if k != "fetched_at"}) for r in records(out))

    assert [r for _, r in stable(tmp_path / "a")] == [r for _, r in stable(tmp_path / "b")]


# -- property tests: parsers of outside input raise nothing but our own errors ---------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
XML_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60).map(
    lambda t: t.replace("&", "&amp;").replace("<", "&lt;")
)
DATES = st.one_of(
    TEXT,
    st.builds(lambda d, h, m, sign: f"{d}T10:00:00{sign}{h:02d}:{m:02d}", st.dates().map(str),
              st.integers(0, 99), st.integers(0, 99), st.sampled_from("+-")),  # fmt: skip
    st.builds(lambda y, h: f"Mon, 01 Jan {y} 10:00:00 +{h:04d}", st.integers(0, 99999), st.integers(0, 9999)),
)


@given(DATES)
def test_parse_feed_date_returns_a_finite_epoch_or_none(text):
    value = parse_feed_date(text)
    assert value is None or (isinstance(value, float) and value == value)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.one_of(XML_TEXT, st.sampled_from(BAD_URLS)), DATES.map(
    lambda t: t.replace("&", "&amp;").replace("<", "&lt;"))), max_size=5), st.sampled_from(["sitemap", "rss", "atom"]))  # fmt: skip
def test_listings_of_any_links_and_dates_raise_only_input_errors(entries, kind):
    clean = [(link, "".join(c for c in date if c.isprintable())) for link, date in entries]
    if kind == "sitemap":
        body = sitemap(*clean)
    elif kind == "rss":
        body = rss(*clean)
    else:
        body = '<feed xmlns="http://www.w3.org/2005/Atom">' + "".join(
            f'<entry><link href="{link.replace(chr(34), "&quot;")}"/><updated>{date}</updated></entry>' for link, date in clean
        ) + "</feed>"
    try:
        listing, got = read(body, not_after=2e9)
    except InputError:
        return
    assert len(got) + listing.skipped <= len(clean)
    assert all(e.url.startswith(("http://", "https://")) for e in got)
    assert all(e.lastmod is None or e.lastmod <= 2e9 for e in got)


@settings(max_examples=200)
@given(st.one_of(st.binary(max_size=400), st.binary(max_size=200).map(lambda b: b"\x1f\x8b" + b),
                 st.binary(max_size=200).map(lambda b: gzip.compress(b"<urlset><url><loc>" + b))))  # fmt: skip
def test_listing_bytes_raise_only_input_errors(body):
    try:
        listing = Listing(body, BASE, max_entries=100, max_bytes=MiB)
        list(listing)
    except InputError:
        pass


@given(st.one_of(st.binary(max_size=300), TEXT.map(lambda t: f"User-agent: *\nCrawl-delay: {t}\nDisallow: {t}\n".encode())))
def test_robots_txt_of_any_bytes_gives_rules(body):
    rules = parse_robots(body)
    delay = rules.delay("bot")
    assert delay is None or 0 <= delay < float("inf")
    rules.allowed("https://x.example/a", "bot")


@given(st.one_of(TEXT, st.sampled_from(BAD_URLS)), st.sampled_from(["feeds", "sitemaps"]))
def test_config_urls_raise_only_input_errors(url, key):
    try:
        config = parse_config({"sites": [{key: [url]}]}, "sites.toml", extractors={})
    except InputError as exc:
        assert exc.message.startswith("sites.toml: ")
        return
    assert config.sites[0].all_hosts()[0]


@given(st.sampled_from(["any_page", "per_host", "delay", "user_agent", "extractor", "hosts", "name"]),
       st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=6))
def test_config_site_values_raise_only_input_errors(key, value):
    try:
        config = parse_config({"sites": [{"feeds": ["https://news.example/feed"], key: value}]}, "sites.toml", extractors={})
    except InputError as exc:
        assert exc.message.startswith("sites.toml: ")
        return
    assert isinstance(config.sites[0].any_page, bool)


@given(st.sampled_from(["concurrency", "delay", "max_articles", "refresh_days", "user_agent", "grace", "workers", "nope"]),
       st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=6))
def test_config_crawl_values_raise_only_input_errors(key, value):
    try:
        config = parse_config({"crawl": {key: value}}, "sites.toml", extractors={})
    except InputError as exc:
        assert exc.message.startswith("sites.toml: ")
        return
    config.settings()


@given(st.one_of(TEXT, st.sampled_from(BAD_URLS)))
def test_source_urls_raise_only_input_errors(url):
    try:
        CrawlConfig().with_sources([url])
    except ScraperError as exc:
        assert isinstance(exc, InputError)


# -- end to end: every hostile input at once, as cron runs it, twice ---------------------------------


def test_a_crawl_of_hostile_listings_fetches_every_good_article_reports_the_rest_and_never_tracebacks(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    padding = "# padding line\n" * (2 * MAX_ROBOTS_BYTES // 15)  # robots.txt over --max-bytes
    with serve() as server, serve() as slow_server:
        site = FakeSite(server, robots="User-agent: *\nDisallow: /articles/story-00005\n" + padding)
        site.add_articles(6)
        good = [site.article_url(s) for s in site.slugs[:5]]
        feed = rss((good[0], "Mon, 01 Jan 2024 10:00:00 +2400"), (BAD_URLS[0], None), (good[1], "Mon, 01 Jan 0001 00:00:00 GMT"),
                   (site.article_url("story-00005"), None))  # fmt: skip
        smap = sitemap((BAD_URLS[1], None), (good[2], "2024-01-01T00:00:00+25:00"), (BAD_URLS[2], "9999-12-31"),
                       (good[3], "2050-01-01"))  # fmt: skip
        broken = sitemap((good[4], None), (good[0], None)).encode()
        server.route("/hostile-feed.xml", raw("application/rss+xml", feed.encode()))
        server.route("/hostile-sitemap.xml", raw("application/xml", smap.encode()))
        server.route("/broken-sitemap.xml", raw("application/xml", broken[: broken.index(good[0].encode())]))
        slow = FakeSite(slow_server, robots="User-agent: *\nCrawl-delay: 100000\n")
        slow.add_articles(2)
        config = tmp_path / "sites.toml"
        config.write_text(f"""[crawl]
delay = 0
host_budget = 30

[[sites]]
name = "hostile"
feeds = ["{server.url('/hostile-feed.xml')}"]
sitemaps = ["{server.url('/hostile-sitemap.xml')}", "{server.url('/broken-sitemap.xml')}"]

[[sites]]
name = "slow"
feeds = ["{slow.feed_url}"]
""")
        out = tmp_path / "out"
        command = [sys.executable, "-m", "scraper", "crawl", "--config", str(config), "-o", str(out), "--retries", "0",
                   "--max-bytes", "200000"]  # fmt: skip
        runs = []
        for _ in range(2):
            proc = subprocess.run(command, cwd=root, capture_output=True, timeout=120, env={**os.environ, "COLUMNS": "200"})
            runs.append((proc.returncode, proc.stderr.decode()))
            # the Crawl-delay host: robots.txt in the first run; then one request per run, the rest waits
            assert [r.path for r in slow_server.requests] == ["/robots.txt", "/feed.xml"][: len(runs)]
    (first, err1), (second, err2) = runs
    for err in (err1, err2):
        assert "Traceback" not in err
    assert first == 1  # the sitemap that breaks off
    assert "skipped=3" in err1 and "blocked=1" in err1 and "deferred=1" in err1
    assert "waiting max_crawl_delay=60s instead" in err1
    assert sorted(a["url"] for a in records(out)) == sorted(good)
    errors = records(out, "errors.jsonl")
    assert {e["source"] for e in errors} >= {server.url("/hostile-feed.xml"), server.url("/hostile-sitemap.xml"),
                                             server.url("/broken-sitemap.xml")}  # fmt: skip
    assert {e["error"] for e in errors} == {"bad_input"}
    # the next run: same listings, same reports, nothing new and nothing lost
    assert second in (0, 1) and "skipped=3" in err2 and "articles=0" in err2


def test_a_bug_met_while_reading_one_listing_fails_that_listing_not_the_run(tmp_path, monkeypatch):
    from scraper.crawling import discover

    original = discover._sitemap_url

    def crash_on_one(element, base, is_index):
        if "hostile" in base:
            raise RuntimeError("parser bug")
        return original(element, base, is_index)

    monkeypatch.setattr(discover, "_sitemap_url", crash_on_one)
    with serve() as server:
        site = FakeSite(server)
        site.add_articles(2)
        server.route("/hostile.xml", raw("application/xml", sitemap((site.article_url("story-00000"), None)).encode()))
        cfg = CrawlConfig(sites=[Site(name="h", feeds=[site.feed_url], sitemaps=[server.url("/hostile.xml")])],
                          options=dict(delay=0))  # fmt: skip
        summary = crawl([], tmp_path, SETTINGS, config=cfg)
    assert (summary.exit_code, summary.failed, summary.articles) == (1, 1, 2)
    [error] = records(tmp_path, "errors.jsonl")
    assert error["source"] == server.url("/hostile.xml") and "please report it" in error["message"]
