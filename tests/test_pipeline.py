"""The one pipeline: order, in-memory results, extraction in worker processes, stopping early.

Extraction in a process pool must give the same records as in one thread, in the same order;
errors raised in a worker reach the writer whole; a worker that dies costs its page, not the run.
"""

from __future__ import annotations

import os
import pickle
import threading
from datetime import UTC, datetime
from pathlib import Path

import attrs
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from servers import gone, html, server, story  # noqa: F401

from scraper import errors
from scraper.extract.base import ArticleExtractor
from scraper.pipeline import Extractors, InOrder, PageJob, Stream, iter_scrape, read_file, run_job, scrape
from scraper.records import Result
from scraper.settings import DEFAULT

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "html"
FETCHED_AT = datetime(2026, 1, 1, tzinfo=UTC)


def lines(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()] if path.exists() else []


# Order.


def test_in_order_hands_results_on_in_source_order():
    order: InOrder[str] = InOrder(window=10)
    assert order.add(2, "c") == []
    assert order.add(1, "b") == []
    assert order.add(0, "a") == [(0, "a"), (1, "b"), (2, "c")]
    assert order.add(3, "d") == [(3, "d")]


def test_in_order_lets_the_oldest_through_past_the_window_and_the_slow_one_later():
    order: InOrder[int] = InOrder(window=2)
    assert order.add(1, 1) == []
    assert order.add(2, 2) == [(1, 1)]  # two wait for 0: the oldest goes through
    assert order.add(0, 0) == [(0, 0), (2, 2)]  # 1 is not handed on twice
    assert order.rest() == []


@given(st.permutations(range(30)), st.integers(min_value=1, max_value=40))
def test_in_order_hands_every_result_on_exactly_once(finishing, window):
    order: InOrder[int] = InOrder(window)
    out = [i for n in finishing for i, _ in order.add(n, n)] + [i for i, _ in order.rest()]
    assert sorted(out) == list(range(30))
    if window > 30:
        assert out == list(range(30))


# In memory.


def test_iter_scrape_yields_one_result_per_page_in_source_order_with_errors(tmp_path):
    missing = str(tmp_path / "missing.html")
    sources = [str(FIXTURES / "digitaltrends"), missing, str(FIXTURES / "future")]
    results = list(iter_scrape(sources, attrs.evolve(DEFAULT, workers=1)))
    assert [r.source for r in results] == [
        *sorted(str(p) for p in (FIXTURES / "digitaltrends").glob("*.html")),
        missing,
        *sorted(str(p) for p in (FIXTURES / "future").glob("*.html")),
    ]
    failed = [r for r in results if not r.ok]
    assert [(r.source, r.error.kind) for r in failed] == [(missing, "bad_input")]
    assert all(r.article is not None and r.article.source == r.source for r in results if r.ok)
    assert not (tmp_path / "articles.jsonl").exists()  # nothing is written


def test_iter_scrape_fetches_urls_from_a_real_server(server):
    urls = [server.route(f"/s{n}", html(story(n))) for n in range(6)]
    results = list(iter_scrape(urls, attrs.evolve(DEFAULT, workers=1, concurrency=3)))
    assert [r.article.title for r in results] == [f"Story {n}" for n in range(6)]


def test_a_page_that_moved_by_meta_refresh_is_scraped_where_it_went(server):
    moved = server.route("/old", html('<html><head><meta http-equiv="refresh" content="0; url=/new"></head><body>Moved.</body></html>'))
    server.route("/new", html(story(3)))
    [result] = list(iter_scrape([moved], attrs.evolve(DEFAULT, workers=1)))
    assert result.ok and result.article.url == server.url("/new") and result.article.source == moved


def test_leaving_the_loop_early_stops_the_run(server):
    urls = [server.route(f"/s{n}", html(story(n))) for n in range(40)]
    stream = iter_scrape(urls, attrs.evolve(DEFAULT, workers=1, concurrency=2, per_host=2))
    first = next(stream)
    stream.close()  # returns once the engine thread has stopped
    assert first.article.title == "Story 0"
    assert server.hits("/s39") == 0


def test_a_stop_event_ends_the_run_with_what_is_finished(tmp_path):
    stop = threading.Event()
    stop.set()
    summary = scrape([str(FIXTURES)], tmp_path, attrs.evolve(DEFAULT, workers=1), stop=stop)
    assert summary.left == 10 - summary.sources
    assert summary.exit_code == 0 and summary.interrupted is None


# Worker processes.


def records_without_fetched_at(directory: Path) -> list[bytes]:
    out = []
    for name in ("articles.jsonl", "comments.jsonl", "errors.jsonl"):
        for record in lines(directory / name):
            record.pop("fetched_at", None)
            record.pop("failed_at", None)
            out.append(orjson.dumps(record))
    return out


def test_two_worker_processes_give_the_records_of_one_thread_in_the_same_order(tmp_path):
    sources = [str(FIXTURES), str(tmp_path / "missing.html")]
    one = scrape(sources, tmp_path / "one", attrs.evolve(DEFAULT, workers=1))
    two = scrape(sources, tmp_path / "two", attrs.evolve(DEFAULT, workers=2))
    assert (one.articles, one.comments, one.failed) == (two.articles, two.comments, two.failed) == (10, 47, 1)
    assert records_without_fetched_at(tmp_path / "one") == records_without_fetched_at(tmp_path / "two")


def test_worker_processes_read_files_themselves_and_report_their_errors_by_source(tmp_path, monkeypatch):
    """A file job carries the file's absolute path, not its bytes: the worker process reads it, and its
    read errors (empty, too large) reach errors.jsonl under the source as given, a relative path here."""
    story = (FIXTURES / "digitaltrends" / "updated-usb-standards-explained.html").read_bytes()
    (tmp_path / "story.html").write_bytes(story)
    (tmp_path / "empty.html").write_bytes(b"  \n")
    (tmp_path / "big.html").write_bytes(story + b"<p>more</p>")
    monkeypatch.chdir(tmp_path)
    settings = attrs.evolve(DEFAULT, workers=2, max_bytes=len(story))
    summary = scrape(["story.html", "empty.html", "big.html"], tmp_path / "out", settings)
    assert (summary.articles, summary.failed) == (1, 2)
    assert [a["source"] for a in lines(tmp_path / "out" / "articles.jsonl")] == ["story.html"]
    errors_ = {e["source"]: e["error"] for e in lines(tmp_path / "out" / "errors.jsonl")}
    assert errors_ == {"empty.html": "bad_input", "big.html": "too_large"}
    job = PageJob("story.html", (tmp_path / "story.html").as_uri(), b"", FETCHED_AT, file=str(tmp_path / "story.html"), max_bytes=10**6)
    assert run_job(job).article is not None


def test_workers_never_outnumber_the_pages():
    assert Stream([str(FIXTURES / "future")], attrs.evolve(DEFAULT, workers=8)).workers() == 2
    assert Stream([], attrs.evolve(DEFAULT, workers=8)).workers() == 1


class DiesInWorker(ArticleExtractor):
    """Kills the process it runs in: a crash in the parser, or the OOM killer."""

    name = "dies_in_worker"

    def extract(self, *, source, fetched_at):  # type: ignore[override]
        os._exit(9)


def test_a_worker_process_that_dies_costs_its_page_only():
    page = (FIXTURES / "future" / "space-webb-telescope-mirror-deployment.html").read_bytes()
    doomed = PageJob("doomed.html", "file:///doomed.html", page, FETCHED_AT, extractor=DiesInWorker)
    fine = PageJob("fine.html", "file:///fine.html", page, FETCHED_AT)
    import asyncio

    async def both() -> list[Result]:
        with Extractors(2) as pool:
            return [await pool.extract(doomed), await pool.extract(fine)]

    dead, alive = asyncio.run(both())
    assert dead.error is not None and dead.error.kind == "extraction" and "died" in dead.error.message
    assert alive.ok and alive.article.title


def test_pages_waiting_behind_one_that_kills_its_worker_are_extracted_all_the_same():
    """Each worker holds two pages: the one queued behind a page that kills it goes again, unharmed."""
    page = (FIXTURES / "future" / "space-webb-telescope-mirror-deployment.html").read_bytes()
    jobs = [PageJob(f"p{i}.html", f"file:///p{i}.html", page, FETCHED_AT, extractor=DiesInWorker if i in (1, 6) else None)
            for i in range(10)]  # fmt: skip
    import asyncio

    async def every() -> list[Result]:
        with Extractors(2) as pool:
            results = await asyncio.gather(*(pool.extract(job) for job in jobs))
            assert len(pool.pids()) == 2  # dead workers were replaced, not added to
            return results

    results = asyncio.run(every())
    assert [r.source for r in results] == [j.source for j in jobs]
    assert [i for i, r in enumerate(results) if not r.ok] == [1, 6]
    assert all("died twice" in results[i].error.message for i in (1, 6))


def ignored_signals(pid: int) -> int:
    """The mask of signals process ``pid`` ignores (bit n-1 for signal n), from /proc; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            return next((int(line.split()[1], 16) for line in handle if line.startswith("SigIgn:")), 0)
    except OSError:
        return 0


def test_worker_processes_ignore_sigint_and_sigterm_and_the_run_goes_on():
    """A Ctrl-C reaches the whole process group: the workers leave it to the process that started them."""
    import asyncio
    import signal
    import time

    page = (FIXTURES / "future" / "space-webb-telescope-mirror-deployment.html").read_bytes()
    wanted = 1 << (signal.SIGINT - 1) | 1 << (signal.SIGTERM - 1)
    with Extractors(2) as pool:
        pool.start()
        pids = pool.pids()
        for _ in range(200):  # bounded: at most 20 s for both to be set up
            if all(ignored_signals(pid) & wanted == wanted for pid in pids):
                break
            time.sleep(0.1)
        assert len(pids) == 2 and all(ignored_signals(pid) & wanted == wanted for pid in pids)
        for pid in pids:
            os.kill(pid, signal.SIGINT)
            os.kill(pid, signal.SIGTERM)

        async def extract() -> list[Result]:
            return list(await asyncio.gather(*(pool.extract(PageJob(f"p{i}", f"file:///p{i}", page, FETCHED_AT)) for i in range(4))))

        results = asyncio.run(extract())
        assert sorted(pool.pids()) == sorted(pids)  # the same workers: none died of the signals
    assert all(r.ok for r in results)


def test_a_file_is_read_whole_up_to_max_bytes_whether_or_not_it_has_a_size(tmp_path):
    page = b"<p>" + b"words " * 1000 + b"</p>"
    (tmp_path / "exact.html").write_bytes(page)
    assert read_file(str(tmp_path / "exact.html"), len(page)) == page
    with pytest.raises(errors.InputError) as raised:
        read_file(str(tmp_path / "exact.html"), len(page) - 1)
    assert raised.value.kind == "too_large"
    fifo = tmp_path / "pipe.html"  # a named pipe: no size to go by
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_bytes, args=(page,))
    writer.start()
    try:
        assert read_file(str(fifo), 10 * len(page)) == page
    finally:
        writer.join()


# Errors cross process boundaries whole.


ERRORS = [
    errors.ScraperError("m", kind="k"),
    errors.InputError("m", source="s", kind="too_large"),
    errors.InvalidURL("m", url="http://[::1"),
    errors.FetchError("m", url="u", kind="timeout", status=503, attempts=4),
    errors.TransientFetchError("m", url="u", kind="http_status", status=429, attempts=2),
    errors.PermanentFetchError("m", url="u", kind="not_html", status=200),
    errors.ExtractionError("m", url="u", extractor="generic"),
    errors.NotAnArticle("m", url="u"),
    errors.BotCheck("m", url="u", extractor="generic"),
    errors.InvalidRecord("m", url="u", field="title", value=3, extractor="x"),
    errors.ExportError("m", path="p"),
    errors.StateError("m", path="p", kind="locked"),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_every_error_pickles_with_its_fields(error):
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert (copy.message, copy.kind, str(copy)) == (error.message, error.kind, str(error))
    assert vars(copy) == vars(error)


def test_a_bug_in_an_extractor_is_that_pages_error():
    class Broken(ArticleExtractor):
        name = "broken"

        def extract(self, *, source, fetched_at):  # type: ignore[override]
            raise RuntimeError("boom")

    result = run_job(PageJob("p.html", "file:///p.html", b"<p>x</p>", FETCHED_AT, extractor=Broken))
    assert result.error is not None and result.error.kind == "extraction" and "unexpected RuntimeError" in result.error.message


POOL_THEN_WAIT = """
import asyncio, sys, time
from datetime import datetime, timezone
from scraper.pipeline import Extractors, PageJob

async def main():
    with Extractors(2) as pool:
        await pool.extract(PageJob("x", "file:///x", b"<p>words</p>" * 50, datetime.now(timezone.utc)))
        print(" ".join(str(pid) for pid in pool.pids()), flush=True)
        time.sleep(120)

asyncio.run(main())
"""


def test_worker_processes_exit_when_their_parent_is_killed_outright():
    import signal
    import subprocess
    import sys
    import time

    proc = subprocess.Popen([sys.executable, "-c", POOL_THEN_WAIT], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        workers = [int(pid) for pid in proc.stdout.readline().split()]
        assert workers
        proc.send_signal(signal.SIGKILL)  # not reaped yet: the parent stays a zombie meanwhile
        for _ in range(200):  # bounded: at most 20 s
            if all(gone(pid) for pid in workers):
                break
            time.sleep(0.1)
        assert all(gone(pid) for pid in workers)
        assert proc.stdout.read() == b""  # nothing holds the parent's stdout open any more
    finally:
        proc.kill()
        proc.wait(timeout=10)


# Scrape and crawl share the pipeline.


def test_the_same_pages_through_scrape_and_crawl_give_the_same_records(tmp_path):
    """Apart from ``fetched_at``, and ``source``: what was given, the page URL to scrape, the feed to crawl."""
    import sys

    sys.path.insert(0, str(ROOT))
    from tests.fakesite import FakeSite
    from tests.servers import serve

    from scraper.crawling import CrawlConfig, crawl

    with serve() as server:
        site = FakeSite(server)
        slugs = site.add_articles(5)
        fast = attrs.evolve(DEFAULT, delay=0.0, retries=0, workers=2)
        scraped = scrape([site.article_url(slug) for slug in slugs], tmp_path / "scrape", fast)
        crawled = crawl([site.feed_url], tmp_path / "crawl", fast, config=CrawlConfig())
    assert scraped.articles == crawled.articles == 5 and scraped.comments == crawled.comments

    def records(directory: Path, name: str) -> list[dict]:
        rows = [{k: v for k, v in r.items() if k not in ("fetched_at", "source")} for r in lines(directory / name)]
        return sorted(rows, key=lambda r: (r.get("url") or "", r["id"]))

    for name in ("articles.jsonl", "comments.jsonl"):
        assert records(tmp_path / "scrape", name) == records(tmp_path / "crawl", name)
    assert len(records(tmp_path / "crawl", "articles.jsonl")) == 5
    assert {r["source"] for r in lines(tmp_path / "crawl" / "articles.jsonl")} == {site.feed_url}


def test_workers_forked_at_start_find_the_extractors_imported_and_the_sites_loaded():
    """Forked from a process that had not imported them, every worker imported the extraction modules
    and scanned the installed packages for site plugins itself, after the fork."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from scraper.pipeline import Extractors\n"
        "before = 'scraper.extract.generic' in sys.modules\n"
        "pool = Extractors(2)\n"
        "pool.start()\n"
        "from scraper.extract import registry\n"
        "print(before, 'scraper.extract.generic' in sys.modules, registry._loaded, len(pool.pids()))\n"
        "pool.close()\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True).stdout
    assert out.split() == ["False", "True", "True", "2"]
