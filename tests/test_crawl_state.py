import attrs
import orjson
import pytest

from scraper.crawling.state import State, hold_lock
from scraper.errors import StateError
from scraper.export import open_exporters, record_key

NOW = 1_700_000_000.0


@pytest.fixture
def state(tmp_path):
    opened = State.open(tmp_path / "state.sqlite")
    yield opened
    opened.close()


def discover(state, *rows, now=NOW):
    with state.transaction() as db:
        state.discover(db, [{"url": url, "site": "s", "host": host, "source": "feed", "now": now,
                             "lastmod": lastmod, "published": published}
                            for url, host, lastmod, published in rows])  # fmt: skip


def queue(state, now=NOW, since=None, limit=None, sites=("s",)):
    state.build_queue(now, since, limit, sites)
    return [(p.url, p.reason) for batch in state.queued(batch=2) for p in batch]


def test_new_pages_come_first_newest_first_with_hosts_interleaved(state):
    discover(state, ("a1", "a", 1.0, None), ("a2", "a", 3.0, None), ("a3", "a", 2.0, None), ("b1", "b", 1.5, None))
    assert queue(state) == [("a2", "new"), ("b1", "new"), ("a3", "new"), ("a1", "new")]
    assert queue(state, limit=2) == [("a2", "new"), ("b1", "new")]


@pytest.mark.parametrize("order", [("https://x/feed.xml", "https://x/sitemap-1.xml"), ("https://x/sitemap-1.xml", "https://x/feed.xml")])
def test_a_page_two_listings_give_keeps_the_same_source_whichever_was_read_first(state, order):
    for listing in order:
        with state.transaction() as db:
            state.discover(db, [{"url": "p", "site": "s", "host": "h", "source": listing, "now": NOW,
                                 "lastmod": None, "published": None}])  # fmt: skip
    state.build_queue(NOW, None, None, ("s",))
    assert [p.source for batch in state.queued() for p in batch] == ["https://x/feed.xml"]


def test_pages_of_sites_no_longer_crawled_are_left_alone(state):
    discover(state, ("p", "h", 1.0, None))
    assert queue(state, sites=("other",)) == []
    assert queue(state) == [("p", "new")]


def test_a_fetched_page_is_due_again_only_when_its_lastmod_moves(state):
    discover(state, ("p", "h", 10.0, None))
    with state.transaction() as db:
        state.page_fetched(db, "p", NOW, etag='"1"', last_modified=None)
    assert queue(state) == []
    discover(state, ("p", "h", 10.0, None))  # same date: nothing to do
    assert queue(state) == []
    discover(state, ("p", "h", 5.0, None))  # an older date from another listing: ignored
    assert queue(state) == []
    discover(state, ("p", "h", 11.0, None))
    assert queue(state) == [("p", "changed")]


def test_failed_pages_wait_for_their_retry_time_and_come_after_new_ones(state):
    discover(state, ("f", "h", 10.0, None), ("n", "h", 1.0, None))
    with state.transaction() as db:
        state.page_failed(db, "f", "boom", failures=1, next_try_at=NOW + 100)
    assert queue(state) == [("n", "new")]
    assert queue(state, now=NOW + 100) == [("n", "new"), ("f", "failed")]


def test_a_dead_page_comes_back_when_its_lastmod_moves(state):
    discover(state, ("d", "h", 10.0, None))
    with state.transaction() as db:
        state.page_failed(db, "d", "gone", failures=5, next_try_at=None)
    assert queue(state, now=NOW + 1e9) == []
    discover(state, ("d", "h", 20.0, None))
    assert queue(state) == [("d", "failed")]
    assert state.db.execute("SELECT failures FROM pages WHERE url = 'd'").fetchone() == (0,)


def test_refresh_takes_done_pages_published_since_the_cutoff(state):
    discover(state, ("old", "h", None, NOW - 10 * 86400), ("recent", "h", None, NOW - 3600), ("undated", "h", None, None))
    with state.transaction() as db:
        for url in ("old", "recent", "undated"):
            state.page_fetched(db, url, NOW, etag=None, last_modified=None)
    assert queue(state) == []
    assert queue(state, since=NOW - 2 * 86400) == [("recent", "refresh")]


def test_the_article_date_replaces_a_missing_listing_date(state):
    discover(state, ("p", "h", None, None))
    with state.transaction() as db:
        state.page_fetched(db, "p", NOW, etag=None, last_modified=None, article_id="a", content_hash="h", published_at=NOW - 60)
    assert queue(state, since=NOW - 86400) == [("p", "refresh")]


def write_lines(path, *records):
    with open(path, "ab") as handle:
        handle.writelines(orjson.dumps(record) + b"\n" for record in records)


@pytest.fixture
def jsonl(tmp_path):
    with open_exporters(["jsonl"], tmp_path, dedupe=False) as exporter:
        yield exporter


def test_reconcile_learns_only_lines_after_the_checkpoint(state, tmp_path, jsonl):
    articles = tmp_path / "articles.jsonl"
    write_lines(articles, {"id": "1", "content_hash": "x"})
    assert state.reconcile(jsonl) == 1
    with state.transaction() as db:
        assert not state.claim(db, record_key("article", {"id": "1", "content_hash": "x"}))
    write_lines(articles, {"id": "2", "content_hash": "y"})  # written, never committed
    state.db.execute("DELETE FROM emitted")  # prove the first line is not read again
    assert state.reconcile(jsonl) == 1
    with state.transaction() as db:
        assert not state.claim(db, record_key("article", {"id": "2", "content_hash": "y"}))
        assert state.claim(db, record_key("article", {"id": "1", "content_hash": "x"}))


def test_a_file_shorter_than_its_checkpoint_is_read_from_the_start(state, tmp_path, jsonl):
    articles = tmp_path / "articles.jsonl"
    write_lines(articles, {"id": "1", "content_hash": "x"}, {"id": "2", "content_hash": "y"})
    state.reconcile(jsonl)
    articles.write_bytes(b"")  # rotated by logrotate
    write_lines(articles, {"id": "3", "content_hash": "z"})
    assert state.reconcile(jsonl) == 1


def test_rolled_back_writes_hold_the_checkpoint_back(state, tmp_path, jsonl):
    articles = tmp_path / "articles.jsonl"
    with pytest.raises(RuntimeError), state.output_transaction(jsonl):
        write_lines(articles, {"id": "1", "content_hash": "x"})
        raise RuntimeError("disk full after the article line")
    with state.output_transaction(jsonl):
        write_lines(articles, {"id": "2", "content_hash": "y"})
    assert state.db.execute("SELECT size FROM outputs WHERE file = 'articles.jsonl'").fetchone() == (0,)
    assert state.reconcile(jsonl) == 2  # the orphan line is learned, not skipped


def test_a_file_that_is_not_a_database_is_a_state_error(tmp_path):
    path = tmp_path / "state.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StateError, match="not a usable crawl state file"):
        State.open(path)


def test_a_newer_schema_is_refused(tmp_path):
    state = State.open(tmp_path / "state.sqlite")
    state.db.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
    state.close()
    with pytest.raises(StateError, match="schema 99"):
        State.open(tmp_path / "state.sqlite")


def test_the_lock_is_exclusive_and_released_on_exit(tmp_path):
    lock = tmp_path / "state.lock"
    with hold_lock(lock, "the state"):
        with pytest.raises(StateError) as caught, hold_lock(lock, "the state"):
            pass
        assert caught.value.kind == "locked"
    with hold_lock(lock, "the state"):
        pass


def test_an_unfinished_run_is_marked_crashed_by_the_next(state):
    state.start_run(NOW)
    state.start_run(NOW + 60)
    state.finish_run(NOW + 70, "ok", {"articles": 1})
    outcomes = state.db.execute("SELECT outcome FROM runs ORDER BY id").fetchall()
    assert outcomes == [("crashed",), ("ok",)]
    assert state.last_run()["summary"] == {"articles": 1}


@attrs.define
class FakeOutputs:
    """Two formats, the second deferred; ``held`` is what each durably holds past any mark."""

    names: tuple = ("jsonl", "parquet")
    deferred: frozenset = frozenset({"parquet"})
    held: list = attrs.Factory(list)  # (format, key)

    def mark(self):
        return {"articles.jsonl": 0}

    def flush(self):
        pass

    def keys_since(self, mark):
        return iter(self.held)


KEY = record_key("article", {"id": "1", "content_hash": "x"})


def commit_page(state, outputs, url="p"):
    with state.output_transaction(outputs) as db:
        targets = state.claim(db, KEY, url)
        state.page_fetched(db, url, NOW, etag='"1"', last_modified=None)
        state.page_written(db, url)
    return targets


def test_a_claim_a_killed_run_never_made_durable_is_written_again_to_that_format_only(state):
    outputs = FakeOutputs()
    discover(state, ("p", "h", 1.0, None))
    state.reconcile(outputs)
    assert commit_page(state, outputs) == ("jsonl", "parquet")
    assert queue(state) == []
    state.reconcile(outputs)  # killed before settle; the Parquet part is gone
    assert queue(state) == [("p", "changed")]
    assert state.db.execute("SELECT etag FROM pages WHERE url = 'p'").fetchone() == (None,)  # no 304 for it
    assert commit_page(state, outputs) == ("parquet",)
    state.settle(outputs)
    assert state.db.execute("SELECT count(*) FROM pending").fetchone() == (0,)
    assert commit_page(state, outputs) == ()


def test_claims_a_finished_part_holds_are_not_written_again(state):
    outputs = FakeOutputs()
    discover(state, ("p", "h", 1.0, None))
    state.reconcile(outputs)
    commit_page(state, outputs)
    outputs.held = [("parquet", KEY)]  # killed after the part was finished, before settle
    state.reconcile(outputs)
    assert queue(state) == []
    assert state.db.execute("SELECT count(*) FROM pending").fetchone() == (0,)


def test_a_record_only_one_format_holds_after_a_crash_goes_to_the_other_one(state):
    outputs = FakeOutputs(held=[("jsonl", KEY)])  # the JSONL line of a page that never committed
    discover(state, ("p", "h", 1.0, None))
    assert state.reconcile(outputs) == 1
    assert queue(state) == [("p", "new")]  # never committed: still due
    assert commit_page(state, outputs) == ("parquet",)


def test_a_page_whose_content_changed_stops_waiting_for_its_lost_record(state):
    outputs = FakeOutputs()
    discover(state, ("p", "h", 1.0, None))
    state.reconcile(outputs)
    commit_page(state, outputs)
    state.reconcile(outputs)  # lost
    with state.output_transaction(outputs) as db:
        state.claim(db, record_key("article", {"id": "1", "content_hash": "new"}), "p")
        state.page_fetched(db, "p", NOW, etag=None, last_modified=None)
        state.page_written(db, "p")
    state.settle(outputs)
    state.reconcile(outputs)
    assert state.db.execute("SELECT count(*) FROM pending").fetchone() == (0,)
    assert queue(state) == []
