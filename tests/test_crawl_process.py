"""`scraper crawl` as cron runs it: a real process, killed, overlapped, stopped with SIGTERM.

The fake site runs in the test process; the crawl runs as ``python -m scraper crawl``. No test
sleeps or asserts on time: waits are bounded polls on the process (``proc.wait(timeout=...)``).
"""

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from scraper.cli import main
from tests.fakesite import FakeSite
from tests.servers import Stall, serve, status

ROOT = Path(__file__).resolve().parent.parent
POLL = 0.05  # seconds per bounded wait on the process
POLLS = 1200  # so at most a minute in all, far above what any step needs


@pytest.fixture
def slow_site():
    """A site whose every response takes a little while, so a crawl can be caught in the middle."""
    with serve() as server:
        yield FakeSite(server, latency=0.02)


def start_crawl(site, out, *extra):
    command = [sys.executable, "-m", "scraper", "crawl", site.feed_url, site.sitemap_index_url, "-o", str(out),
               "--delay", "0", "--retries", "0", "--per-host", "4", "--concurrency", "4", *extra]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "200"})


def count_lines(path):
    try:
        with open(path, "rb") as handle:
            return handle.read().count(b"\n")
    except FileNotFoundError:
        return 0


def wait_until(proc, predicate):
    """Poll until ``predicate()`` holds (True) or the process ends (False); bounded."""
    for _ in range(POLLS):
        if predicate():
            return True
        try:
            proc.wait(timeout=POLL)
        except subprocess.TimeoutExpired:
            continue
        return predicate()
    raise AssertionError("crawl neither reached the expected point nor ended")


def finish(proc, timeout=60):
    _, err = proc.communicate(timeout=timeout)
    return proc.returncode, err.decode()


def articles(out):
    data = (out / "articles.jsonl").read_bytes()
    assert data.endswith(b"\n"), "torn last line"
    return [orjson.loads(line) for line in data.splitlines()]


def test_sigkill_at_any_moment_then_resume_emits_every_article_exactly_once(slow_site, tmp_path):
    slow_site.add_articles(300)
    path = tmp_path / "articles.jsonl"
    kills = 0
    for threshold in (20, 110, 200):
        proc = start_crawl(slow_site, tmp_path)
        if wait_until(proc, lambda t=threshold: count_lines(path) >= t) and proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=30)
        with open(path, "ab") as handle:  # as if the kill had landed in the middle of a write
            handle.write(b'{"schema_version":"1.0","id":"torn-by-')
    assert kills >= 1, "the crawl finished before it could be killed; the site is too fast"
    code, err = finish(start_crawl(slow_site, tmp_path))
    assert code == 0, err
    lines = articles(tmp_path)
    assert Counter((a["id"], a["content_hash"]) for a in lines).most_common(1)[0][1] == 1
    assert sorted(a["url"] for a in lines) == sorted(slow_site.article_url(s) for s in slow_site.slugs)
    assert (tmp_path / "errors.jsonl").read_bytes() == b""


def test_overlapping_run_exits_75_at_once_and_the_first_run_goes_on(slow_site, tmp_path):
    slow_site.add_articles(200)
    first = start_crawl(slow_site, tmp_path, "--per-host", "1")
    try:
        assert wait_until(first, lambda: count_lines(tmp_path / "articles.jsonl") >= 1)
        requests_before = len(slow_site.server.requests)
        second = subprocess.run(
            [sys.executable, "-m", "scraper", "crawl", slow_site.feed_url, "-o", str(tmp_path)],
            cwd=ROOT, capture_output=True, timeout=60, check=False,
        )  # fmt: skip
        assert second.returncode == 75
        message = second.stderr.decode()
        assert "another crawl (pid " in message and str(first.pid) in message
        assert "this run exits without doing anything" in message
        assert first.poll() is None  # the first crawl is still at work
        assert len(slow_site.server.requests) > requests_before
    finally:
        first.send_signal(signal.SIGTERM)
        code, err = finish(first)
    assert code == 143, err
    articles(tmp_path)  # whole lines only


def test_sigterm_abandons_a_stalled_request_and_exits_with_a_summary(tmp_path):
    with serve() as server:
        site = FakeSite(server)
        site.add_article("stalled")  # the oldest: fetched last
        site.add_articles(20)
        site.break_(site.article_path("stalled"), Stall(seconds=30))
        proc = start_crawl(site, tmp_path, "--timeout", "60")
        assert wait_until(proc, lambda: count_lines(tmp_path / "articles.jsonl") >= 20)
        assert wait_until(proc, lambda: site.server.hits(site.article_path("stalled")) >= 1)
        proc.send_signal(signal.SIGTERM)
        code, err = finish(proc, timeout=20)  # grace is 2 s; the stall would last 30 s
        assert code == 143, err
        assert "SIGTERM received" in err
        assert "abandoned 1 page(s) in flight" in err
        summary = [line for line in err.splitlines() if line.startswith("scraper: crawl ")]
        assert summary and "articles=20" in summary[-1] and "interrupted=SIGTERM" in summary[-1]

        site.heal(site.article_path("stalled"))
        code, err = finish(start_crawl(site, tmp_path))
        assert code == 0, err
        assert "articles=1 " in err
        assert len(articles(tmp_path)) == 21


def test_sigterm_while_a_feed_stalls_stops_before_any_page(tmp_path):
    with serve() as server:
        site = FakeSite(server)
        site.add_articles(3)
        site.break_("/feed.xml", Stall(seconds=30))
        proc = start_crawl(site, tmp_path, "--timeout", "60")
        assert wait_until(proc, lambda: site.server.hits("/feed.xml") >= 1)
        proc.send_signal(signal.SIGTERM)
        code, err = finish(proc, timeout=20)
        assert code == 143, err
        assert "queued=0" in err and "interrupted=SIGTERM" in err
        assert all(not r.path.startswith("/articles/") for r in site.server.requests)


def test_ctrl_c_stops_the_run_with_exit_130_and_keeps_what_was_done(slow_site, tmp_path):
    slow_site.add_articles(200)
    proc = start_crawl(slow_site, tmp_path, "--per-host", "1")
    assert wait_until(proc, lambda: count_lines(tmp_path / "articles.jsonl") >= 5)
    proc.send_signal(signal.SIGINT)
    code, err = finish(proc, timeout=20)
    assert code == 130, err
    assert "interrupted=SIGINT" in err
    done = articles(tmp_path)
    assert 5 <= len(done) < 200
    code, err = finish(start_crawl(slow_site, tmp_path))
    assert code == 0, err
    assert len(articles(tmp_path)) == 200


def test_cli_exit_1_when_a_page_fails_and_0_when_it_later_succeeds(tmp_path):
    with serve() as server:
        site = FakeSite(server)
        site.add_articles(3)
        site.break_(site.article_path("story-00001"), status(404))
        runner = CliRunner()
        args = ["crawl", site.feed_url, "-o", str(tmp_path), "--delay", "0", "--retries", "0"]
        result = runner.invoke(main, args)
        assert result.exit_code == 1, result.output
        assert "failed=1" in result.output
        assert orjson.loads((tmp_path / "errors.jsonl").read_bytes())["status"] == 404
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output  # backing off: nothing to do, nothing failed


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[crawl]\nconcurency = 3\n", "unknown key 'concurency'"),
        ("[[sites]]\nname = 'x'\n", "sites[0] lists no feeds and no sitemaps"),
        ("[[sites]]\nfeeds = ['ftp://x.example/feed']\n", "is not an absolute http(s) URL"),
        ("[[sites]]\nfeeds = ['https://x.example/feed']\nextractor = 'nope'\n", "extractor 'nope' is unknown"),
        ("[crawl]\ndelay = -1\n", "delay must be >= 0"),
        ("not toml [", "not valid TOML"),
    ],
)
def test_cli_exit_2_on_a_config_error(tmp_path, toml, message):
    config = tmp_path / "sites.toml"
    config.write_text(toml)
    result = CliRunner().invoke(main, ["crawl", "--config", str(config), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert message in result.output


def test_cli_exit_2_on_a_source_that_is_not_a_url(tmp_path):
    result = CliRunner().invoke(main, ["crawl", "feeds.txt", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "must be an http(s) feed or sitemap URL" in result.output
