"""End-to-end crawl runs, in process, against the fake news site on 127.0.0.1."""

import gc
import time
from collections import Counter

import attrs
import orjson
import pytest

from scraper.crawling import STATE_NAME, YOUNG_COLLECTION_EVERY, CrawlConfig, Site, crawl
from scraper.crawling.state import State, hold_lock, lock_path
from scraper.errors import InputError, StateError
from scraper.settings import Settings
from tests.fakesite import FakeNewsExtractor, FakeSite
from tests.servers import Reply, serve, status

# One quick retry inside a run, no backoff wait, short timeouts: tests never wait.
SETTINGS = Settings(retries=1, backoff_base=0.0, timeout=5.0)
HOUR = 3600.0


@pytest.fixture
def site():
    with serve() as server:
        yield FakeSite(server)


def config(*sources_and_sites, **options):
    sites = [s for s in sources_and_sites if isinstance(s, Site)]
    options.setdefault("delay", 0.0)
    return CrawlConfig(sites=sites, options=options)


def fake_site_config(site, *, feeds=None, sitemaps=None, **options):
    feeds = [site.feed_url] if feeds is None else feeds
    sitemaps = [site.sitemap_index_url] if sitemaps is None else sitemaps
    return config(Site(name="harbor", feeds=feeds, sitemaps=sitemaps, extractor=FakeNewsExtractor), **options)


def run(site_config, out, **kwargs):
    return crawl([], out, SETTINGS, config=site_config, **kwargs)


def records(out, name="articles.jsonl"):
    path = out / name
    if not path.exists():
        return []
    data = path.read_bytes()
    assert not data or data.endswith(b"\n"), "torn last line"
    return [orjson.loads(line) for line in data.splitlines()]


def assert_exactly_once(out):
    articles = Counter((r["id"], r["content_hash"]) for r in records(out))
    assert articles and max(articles.values()) == 1
    comments = Counter((r["id"], r["text"]) for r in records(out, "comments.jsonl"))
    assert not comments or max(comments.values()) == 1


def paths_requested(site, since=0):
    return [r.path for r in site.server.requests[since:]]


def test_first_run_emits_every_article_once_from_feed_and_sitemap_index(site, tmp_path):
    site.add_articles(12)
    site.comment("story-00003", "Ann", "First!")
    summary = run(fake_site_config(site), tmp_path)
    assert summary.exit_code == 0
    assert (summary.articles, summary.comments, summary.failed) == (12, 1, 0)
    articles = records(tmp_path)
    assert sorted(a["url"] for a in articles) == sorted(site.article_url(s) for s in site.slugs)
    assert {a["extractor"] for a in articles} == {"fakenews"}
    # the feed and the sitemap both list every article: the source is the one whose URL sorts first,
    # whichever was read first
    assert site.feed_url < site.server.url("/sitemaps/posts-1.xml")
    assert {a["source"] for a in articles} == {site.feed_url}
    assert records(tmp_path, "comments.jsonl")[0]["text"] == "First!"
    assert_exactly_once(tmp_path)
    assert (tmp_path / STATE_NAME).exists()
    # each article page fetched once although both the feed and the sitemap list it
    assert all(site.server.hits(site.article_path(s)) == 1 for s in site.slugs)


def test_second_run_uses_conditional_requests_and_fetches_no_article_again(site, tmp_path):
    site.add_articles(5)
    run(fake_site_config(site), tmp_path)
    before = len(site.server.requests)
    summary = run(fake_site_config(site), tmp_path)
    assert summary.exit_code == 0
    assert (summary.listings_unchanged, summary.queued, summary.articles) == (2, 0, 0)
    second = site.server.requests[before:]
    assert sorted(r.path for r in second) == ["/feed.xml", "/sitemap_index.xml"]  # robots.txt cached too
    assert all("if-none-match" in r.headers for r in second)
    assert len(records(tmp_path)) == 5


def test_new_articles_are_fetched_and_old_ones_are_not(site, tmp_path):
    site.add_articles(5)
    run(fake_site_config(site), tmp_path)
    before = len(site.server.requests)
    site.add_articles(2, prefix="breaking")
    summary = run(fake_site_config(site), tmp_path)
    assert (summary.queued, summary.articles) == (2, 2)
    fetched = [p for p in paths_requested(site, before) if p.startswith("/articles/")]
    assert sorted(fetched) == ["/articles/breaking-00005.html", "/articles/breaking-00006.html"]
    assert len(records(tmp_path)) == 7
    assert_exactly_once(tmp_path)


def test_changed_article_is_reemitted_with_the_same_id_and_a_new_hash(site, tmp_path):
    site.add_articles(3)
    run(fake_site_config(site), tmp_path)
    site.edit("story-00001", paragraph="Correction: the vote was postponed.")
    summary = run(fake_site_config(site), tmp_path)
    assert (summary.queued, summary.fetched, summary.articles) == (1, 1, 1)
    versions = [a for a in records(tmp_path) if a["url"] == site.article_url("story-00001")]
    assert len(versions) == 2
    assert versions[0]["id"] == versions[1]["id"]
    assert versions[0]["content_hash"] != versions[1]["content_hash"]
    assert "Correction: the vote was postponed." in versions[1]["text"]
    assert_exactly_once(tmp_path)


def test_moved_date_without_a_content_change_emits_nothing(site, tmp_path):
    site.add_articles(3)
    run(fake_site_config(site), tmp_path)
    site.touch("story-00002")
    summary = run(fake_site_config(site), tmp_path)
    assert (summary.queued, summary.fetched, summary.articles, summary.unchanged) == (1, 1, 0, 1)
    assert len(records(tmp_path)) == 3


def test_refresh_days_refetches_recent_articles_and_emits_only_new_comments(site, tmp_path):
    from datetime import timedelta

    site.add_article("old", age=timedelta(days=20))
    site.add_article("fresh", age=timedelta(hours=5), comments=[("Ann", "First!")])
    run(fake_site_config(site), tmp_path)
    site.comment("fresh", "Bob", "Second!")
    site.comment("old", "Cy", "Late comment on an old story")
    before = len(site.server.requests)
    summary = run(fake_site_config(site, refresh_days=2), tmp_path)
    assert (summary.queued, summary.articles, summary.comments) == (1, 0, 1)
    assert [p for p in paths_requested(site, before) if p.startswith("/articles/")] == ["/articles/fresh.html"]
    assert [c["text"] for c in records(tmp_path, "comments.jsonl")] == ["First!", "Second!"]
    assert_exactly_once(tmp_path)


def test_refresh_sends_validators_and_a_304_costs_nothing(site, tmp_path):
    from datetime import timedelta

    site.add_article("fresh", age=timedelta(hours=1))
    run(fake_site_config(site), tmp_path)
    before = len(site.server.requests)
    summary = run(fake_site_config(site, refresh_days=1), tmp_path)
    assert (summary.queued, summary.unchanged, summary.fetched) == (1, 1, 0)
    [page] = [r for r in site.server.requests[before:] if r.path == "/articles/fresh.html"]
    assert "if-none-match" in page.headers


def test_failed_page_is_retried_in_a_later_run_after_its_backoff(site, tmp_path):
    site.add_articles(3)
    site.fault(site.article_path("story-00001"), status(503), status(503))  # both attempts of one run
    t0 = time.time()
    first = run(fake_site_config(site), tmp_path, now=lambda: t0)
    assert (first.exit_code, first.failed, first.articles) == (1, 1, 2)
    [error] = records(tmp_path, "errors.jsonl")
    assert (error["url"], error["status"], error["error"]) == (site.article_url("story-00001"), 503, "http_status")

    soon = run(fake_site_config(site), tmp_path, now=lambda: t0 + 60)  # still backing off
    assert (soon.exit_code, soon.queued) == (0, 0)

    later = run(fake_site_config(site), tmp_path, now=lambda: t0 + HOUR)
    assert (later.exit_code, later.queued, later.articles) == (0, 1, 1)
    assert len(records(tmp_path)) == 3
    assert_exactly_once(tmp_path)


def test_page_is_given_up_after_max_failures_until_its_date_moves(site, tmp_path):
    site.add_articles(2)
    site.break_(site.article_path("story-00000"), status(500))
    t0 = time.time()
    tries = []
    for day in range(4):
        summary = run(fake_site_config(site, max_failures=2), tmp_path, now=lambda d=day: t0 + d * 86400)
        tries.append(summary.failed)
    assert tries == [1, 1, 0, 0]
    site.heal(site.article_path("story-00000"))
    site.edit("story-00000", paragraph="Republished.")
    summary = run(fake_site_config(site, max_failures=2), tmp_path, now=lambda: t0 + 5 * 86400)
    assert (summary.failed, summary.articles) == (0, 1)


CHALLENGE = (
    "<html><head><title>Just a moment...</title></head><body><h1>Checking if the site connection is secure</h1>"
    "<script>window._cf_chl_opt={cType: 'managed'};</script></body></html>"
)


def test_a_bot_check_served_in_place_of_an_article_is_tried_again_by_a_later_run(site, tmp_path):
    """A bot check is not "not an article" (given up for good): the story comes in once the site lets it through."""
    site.add_articles(2)
    path = site.article_path("story-00000")
    site.break_(path, Reply(body=CHALLENGE.encode(), headers=(("Content-Type", "text/html; charset=utf-8"),)))
    t0 = time.time()
    first = run(fake_site_config(site), tmp_path, now=lambda: t0)
    assert (first.articles, first.failed) == (1, 1)
    assert [e["error"] for e in records(tmp_path, "errors.jsonl")] == ["bot_check"]
    site.heal(path)
    later = run(fake_site_config(site), tmp_path, now=lambda: t0 + 2 * 86400)
    assert (later.articles, later.failed) == (1, 0)
    assert sorted(a["url"] for a in records(tmp_path)) == sorted(site.article_url(s) for s in site.slugs)
    assert_exactly_once(tmp_path)


GALLERY = (
    "<html><head><title>Harbor in pictures | Harbor Post</title></head><body><main><h1>Harbor in pictures</h1>"
    "<figure><img src='/a.jpg'><figcaption>The quay at dawn.</figcaption></figure>"
    "<figure><img src='/b.jpg'><figcaption>Ferries.</figcaption></figure></main></body></html>"
)


def test_a_site_with_any_page_gets_its_page_that_is_no_article_written(site, tmp_path):
    """An operator who knows a site's galleries or briefs are stories asks for any page of that site."""
    site.add_articles(3)
    path = site.article_path("story-00000")
    site.break_(path, Reply(body=GALLERY.encode(), headers=(("Content-Type", "text/html; charset=utf-8"),)))
    config_ = fake_site_config(site)
    config_ = attrs.evolve(config_, sites=[attrs.evolve(config_.sites[0], any_page=True)])
    summary = run(config_, tmp_path)
    assert (summary.exit_code, summary.articles, summary.failed, summary.not_articles) == (0, 3, 0, 0)
    assert records(tmp_path, "errors.jsonl") == []
    gallery = next(a for a in records(tmp_path) if a["url"] == site.article_url("story-00000"))
    assert gallery["title"] == "Harbor in pictures" and gallery["not_an_article"]
    assert all(a["not_an_article"] is None for a in records(tmp_path) if a["url"] != gallery["url"])
    assert_exactly_once(tmp_path)


def test_a_page_that_is_no_article_is_reported_but_fails_no_run(site, tmp_path):
    """A feed that lists a photo gallery is no failure for cron: errors.jsonl names the page (a wrong call can
    be found there), the run exits 0, and later runs leave the page alone until a listing dates it anew."""
    site.add_articles(3)
    path = site.article_path("story-00000")
    site.break_(path, Reply(body=GALLERY.encode(), headers=(("Content-Type", "text/html; charset=utf-8"),)))
    t0 = time.time()
    first = run(fake_site_config(site), tmp_path, now=lambda: t0)
    assert (first.exit_code, first.articles, first.failed, first.not_articles) == (0, 2, 0, 1)
    assert [(e["error"], e["url"]) for e in records(tmp_path, "errors.jsonl")] == [("not_an_article", site.article_url("story-00000"))]
    hits = site.server.hits(path)
    later = run(fake_site_config(site), tmp_path, now=lambda: t0 + 30 * 86400)
    assert (later.exit_code, later.failed, later.not_articles) == (0, 0, 0)
    assert site.server.hits(path) == hits
    site.heal(path)
    site.touch("story-00000")  # the listing dates it anew: it is fetched again, a story now
    healed = run(fake_site_config(site), tmp_path, now=lambda: t0 + 31 * 86400)
    assert (healed.exit_code, healed.articles, healed.not_articles) == (0, 1, 0)
    assert sorted(a["url"] for a in records(tmp_path)) == sorted(site.article_url(s) for s in site.slugs)
    assert_exactly_once(tmp_path)


def test_the_front_page_a_sitemap_lists_is_never_fetched(site, tmp_path):
    """Sitemaps often list the site's root, its lastmod moving with every change of it: its teasers are no story,
    and each story comes in from its own URL."""
    site.home_in_sitemap = True
    site.add_articles(3)
    t0 = time.time()
    first = run(fake_site_config(site), tmp_path, now=lambda: t0)
    assert (first.exit_code, first.articles, first.failed) == (0, 3, 0)
    later = run(fake_site_config(site), tmp_path, now=lambda: t0 + 30 * 86400)
    assert (later.exit_code, later.queued, later.failed) == (0, 0, 0)
    assert site.server.hits("/") == 0
    assert records(tmp_path, "errors.jsonl") == []
    assert sorted(a["url"] for a in records(tmp_path)) == sorted(site.article_url(s) for s in site.slugs)


def test_child_sitemaps_of_categories_and_authors_are_left_out(site, tmp_path):
    """A WordPress index lists its archives' sitemaps too: their pages are listings, never fetched as stories."""
    site.archive_sitemaps = True
    site.add_articles(3)
    summary = run(fake_site_config(site), tmp_path)
    assert (summary.exit_code, summary.articles, summary.failed) == (0, 3, 0)
    for path in ("/category-sitemap.xml", "/author-sitemap.xml", "/category/harbor/", "/authors/mara/"):
        assert site.server.hits(path) == 0, path
    # Given as a source of its own, such a sitemap is read (the user asked for it); the archive pages it lists
    # are still no stories.
    summary = run(fake_site_config(site, sitemaps=[site.server.url("/category-sitemap.xml")]), tmp_path)
    assert (summary.exit_code, site.server.hits("/category-sitemap.xml"), site.server.hits("/category/harbor/")) == (0, 1, 0)


def test_410_gone_is_given_up_at_once(site, tmp_path):
    site.add_articles(2)
    site.fault(site.article_path("story-00000"), status(410))
    t0 = time.time()
    assert run(fake_site_config(site), tmp_path, now=lambda: t0).failed == 1
    assert run(fake_site_config(site), tmp_path, now=lambda: t0 + 30 * 86400).queued == 0


def test_robots_txt_disallowed_pages_are_never_requested(site, tmp_path):
    site.robots = "User-agent: *\nDisallow: /articles/story-00001\n"
    site.add_articles(3)
    summary = run(fake_site_config(site), tmp_path)
    assert (summary.exit_code, summary.blocked, summary.articles) == (0, 1, 2)
    assert site.server.hits(site.article_path("story-00001")) == 0
    assert site.server.hits("/robots.txt") == 1


def test_unreachable_robots_txt_defers_the_host_without_failing(site, tmp_path):
    site.break_("/robots.txt", status(503))
    site.add_articles(2)
    summary = run(fake_site_config(site), tmp_path)
    assert (summary.exit_code, summary.articles) == (0, 0)
    assert (summary.deferred, summary.blocked, summary.failed) == (2, 0, 0)  # the two listings wait
    assert all(r.path == "/robots.txt" for r in site.server.requests)
    site.heal("/robots.txt")
    assert run(fake_site_config(site), tmp_path).articles == 2


def test_gzipped_child_sitemaps_and_google_news_sitemap(tmp_path):
    with serve() as server:
        site = FakeSite(server, gzip_sitemaps=True)
        site.add_articles(4)
        summary = run(fake_site_config(site, feeds=[], sitemaps=[site.sitemap_index_url]), tmp_path / "a")
        assert summary.articles == 4
        summary = run(fake_site_config(site, feeds=[], sitemaps=[site.news_sitemap_url]), tmp_path / "b")
        assert summary.articles == 4
        assert {a["published_at"] is not None for a in records(tmp_path / "b")} == {True}


def test_atom_feed_given_as_a_command_line_source(site, tmp_path):
    site.add_articles(3)
    summary = crawl([site.atom_url], tmp_path, SETTINGS, config=config())
    assert (summary.exit_code, summary.articles) == (0, 3)
    assert {a["extractor"] for a in records(tmp_path)} == {"generic"}


def test_only_child_sitemaps_whose_lastmod_moved_are_fetched_again(tmp_path):
    with serve() as server:
        site = FakeSite(server, per_sitemap=5)
        site.add_articles(12)  # three child sitemaps
        cfg = fake_site_config(site, feeds=[])
        run(cfg, tmp_path)
        before = len(server.requests)
        site.add_articles(1, prefix="new")  # lands in the third child
        summary = run(cfg, tmp_path)
        assert summary.articles == 1
        assert paths_requested(site, before) == ["/sitemap_index.xml", "/sitemaps/posts-3.xml", "/articles/new-00012.html"]


def test_max_articles_takes_the_newest_first_and_the_next_run_continues(site, tmp_path):
    site.add_articles(10)
    first = run(fake_site_config(site, max_articles=4), tmp_path)
    assert (first.queued, first.articles) == (4, 4)
    assert {a["url"] for a in records(tmp_path)} == {site.article_url(f"story-{i:05d}") for i in range(6, 10)}
    second = run(fake_site_config(site), tmp_path)
    assert (second.queued, second.articles) == (6, 6)
    assert_exactly_once(tmp_path)


def test_urls_read_per_sitemap_and_per_run_are_bounded(tmp_path):
    with serve() as server:
        site = FakeSite(server, per_sitemap=100)
        site.add_articles(30)
        summary = run(fake_site_config(site, feeds=[], max_urls_per_sitemap=10), tmp_path / "a")
        assert (summary.urls, summary.articles) == (1 + 10, 10)  # the index's one child, then 10 of 30
        summary = run(fake_site_config(site, max_urls_per_run=25), tmp_path / "b")
        assert summary.urls == 25
        # the listing cut short by the run budget is read again in full next run (no 304)
        again = run(fake_site_config(site, max_urls_per_run=1000), tmp_path / "b")
        assert again.articles == 30 - summary.articles


def test_feed_that_fails_is_written_to_errors_and_the_run_exits_1(site, tmp_path):
    site.add_articles(2)
    site.fault("/feed.xml", Reply(200, (("Content-Type", "application/rss+xml"),), b"<rss><channel><item>"))
    summary = run(fake_site_config(site), tmp_path)
    assert (summary.exit_code, summary.failed, summary.articles) == (1, 1, 2)  # the sitemap still works
    [error] = records(tmp_path, "errors.jsonl")
    assert error["source"] == site.feed_url and error["error"] == "bad_input"


def test_entity_expansion_in_a_feed_is_refused(site, tmp_path):
    laughs = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
              b"<rss><channel><item><link>http://127.0.0.1/&b;</link></item></channel></rss>")  # fmt: skip
    site.fault("/feed.xml", Reply(200, (("Content-Type", "application/xml"),), laughs))
    summary = run(fake_site_config(site, sitemaps=[]), tmp_path)
    assert summary.failed == 1
    assert "declares entities" in records(tmp_path, "errors.jsonl")[0]["message"]


class Killed(BaseException):
    """Stands in for SIGKILL: nothing after the raise runs, and nothing catches it."""


def test_lines_of_a_page_whose_commit_never_happened_are_neither_lost_nor_written_twice(site, tmp_path, monkeypatch):
    site.add_articles(6)
    site.comment("story-00002", "Ann", "First!")
    calls = {"n": 0}
    original = State.checkpoint

    def checkpoint_then_die(self, db, files):
        if len(records(tmp_path)) >= 3 and not calls["n"]:  # the third page's lines are written, its transaction never commits
            calls["n"] += 1
            raise Killed()
        return original(self, db, files)

    monkeypatch.setattr(State, "checkpoint", checkpoint_then_die)
    with pytest.raises(Killed):
        run(fake_site_config(site), tmp_path)
    monkeypatch.setattr(State, "checkpoint", original)
    written = len(records(tmp_path))
    assert written >= 3  # pages already in flight finish before the error stops the run
    summary = run(fake_site_config(site), tmp_path)
    assert summary.articles == 6 - written
    assert summary.unchanged == 1  # the page whose commit was lost is fetched again, but not re-emitted
    assert len(records(tmp_path)) == 6
    assert_exactly_once(tmp_path)


def test_torn_tail_is_cut_and_its_article_written_again(site, tmp_path):
    site.add_articles(3)
    run(fake_site_config(site), tmp_path)
    path = tmp_path / "articles.jsonl"
    data = path.read_bytes()
    last = data.splitlines(keepends=True)[-1]
    path.write_bytes(data[: -len(last)] + last[:40])  # killed in the middle of the last write...
    forget_commit(tmp_path, orjson.loads(last))  # ...so that page's transaction never committed
    summary = run(fake_site_config(site), tmp_path)
    assert summary.articles == 1
    assert records(tmp_path)[-1]["url"] == orjson.loads(last)["url"]
    assert len(records(tmp_path)) == 3
    assert_exactly_once(tmp_path)


def test_deleting_the_state_does_not_duplicate_the_output(site, tmp_path):
    site.add_articles(4)
    run(fake_site_config(site), tmp_path)
    (tmp_path / STATE_NAME).unlink()
    summary = run(fake_site_config(site), tmp_path)
    assert (summary.fetched, summary.articles, summary.unchanged) == (4, 0, 4)
    assert len(records(tmp_path)) == 4


def test_a_crawl_holding_the_state_makes_another_fail_with_locked(site, tmp_path):
    site.add_articles(1)
    with hold_lock(lock_path(tmp_path / STATE_NAME), "test"), pytest.raises(StateError) as caught:
        run(fake_site_config(site), tmp_path)
    assert caught.value.kind == "locked"
    assert "another crawl" in caught.value.message
    assert site.server.requests == []
    assert run(fake_site_config(site), tmp_path).articles == 1


def test_nothing_to_crawl_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="nothing to crawl"):
        crawl([], tmp_path, SETTINGS, config=config())


def test_per_site_user_agent_is_sent_and_used_for_robots(site, tmp_path):
    site.robots = "User-agent: harborbot\nDisallow: /articles/story-00000\n"
    site.add_articles(2)
    cfg = fake_site_config(site, sitemaps=[])
    cfg = attrs.evolve(cfg, sites=[attrs.evolve(cfg.sites[0], user_agent="harborbot/1.0")])
    summary = run(cfg, tmp_path)
    assert (summary.articles, summary.blocked) == (1, 1)
    assert {r.headers["user-agent"] for r in site.server.requests} == {"harborbot/1.0"}


def test_state_records_runs_and_page_statuses(site, tmp_path):
    site.add_articles(2)
    site.fault(site.article_path("story-00000"), status(404))
    run(fake_site_config(site), tmp_path)
    state = State.open(tmp_path / STATE_NAME)
    try:
        assert state.page_counts() == {"done": 1, "failed": 1}
        last = state.last_run()
        assert last["outcome"] == "failures" and last["summary"]["articles"] == 1
    finally:
        state.close()


def forget_commit(out, article):
    """Undo in the state what committing ``article``'s page did, as if the run died before the commit."""
    from scraper.export import record_key

    state = State.open(out / STATE_NAME)
    try:
        with state.transaction() as db:
            db.execute("UPDATE pages SET status = 'new', next_try_at = 0, etag = NULL, last_modified = NULL"
                       " WHERE url = ?", (article["url"],))
            db.execute("DELETE FROM emitted WHERE key = ?", (record_key("article", article),))
            db.execute("DELETE FROM outputs")  # checkpoint unknown: read the whole file back
    finally:
        state.close()


def test_requests_to_one_host_never_exceed_per_host(tmp_path):
    with serve() as server:
        site = FakeSite(server, latency=0.01)
        site.add_articles(30)
        summary = run(fake_site_config(site, concurrency=8, per_host=2), tmp_path)
        assert summary.articles == 30
        assert 1 <= site.peak_in_flight <= 2


def test_a_host_past_its_time_budget_is_left_for_the_next_run(site, tmp_path):
    site.add_articles(4)
    summary = run(fake_site_config(site, host_budget=0), tmp_path)
    assert (summary.exit_code, summary.articles, summary.deferred) == (0, 0, 4)
    assert run(fake_site_config(site), tmp_path).articles == 4


def test_blocked_pages_are_looked_at_again_after_the_robots_ttl(site, tmp_path):
    site.robots = "User-agent: *\nDisallow: /articles/\n"
    site.add_articles(2)
    t0 = time.time()
    assert run(fake_site_config(site), tmp_path, now=lambda: t0).blocked == 2
    assert run(fake_site_config(site), tmp_path, now=lambda: t0 + 60).queued == 0
    site.robots = "User-agent: *\nAllow: /\n"
    later = run(fake_site_config(site), tmp_path, now=lambda: t0 + 2 * 86400)
    assert (later.queued, later.articles) == (2, 2)


def test_crawl_output_validates_against_the_schemas(site, tmp_path):
    from scraper.validate import validate_directory

    site.add_articles(3)
    site.comment("story-00001", "Ann", "First!")
    site.break_(site.article_path("story-00002"), status(404))
    run(fake_site_config(site), tmp_path)
    report = validate_directory(tmp_path)
    assert report.ok, report.render()
    assert report.lines == {"articles.jsonl": 2, "comments.jsonl": 1, "errors.jsonl": 1}


@pytest.mark.parametrize("threshold", [(700, 10, 10), (50000, 20, 30), (0, 10, 10)])
def test_young_garbage_is_collected_less_often_during_the_run_and_the_setting_restored(site, tmp_path, threshold):
    site.add_articles(3)
    during = []
    before = gc.get_threshold()
    gc.set_threshold(*threshold)
    try:
        summary = run(fake_site_config(site), tmp_path, on_progress=lambda url, total: during.append(gc.get_threshold()))
        after = gc.get_threshold()
    finally:
        gc.set_threshold(*before)

    assert summary.articles == 3 and after == threshold
    young = threshold[0] and max(threshold[0], YOUNG_COLLECTION_EVERY)  # a disabled collector stays disabled
    assert set(during) == {(young, *threshold[1:])}
