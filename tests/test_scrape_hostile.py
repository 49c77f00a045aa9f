"""Hostile input never stops, hangs or loses a scrape.

Malformed URLs and odd strings as sources, binary files, broken servers and output that cannot be
written each give one error line (or one usage message) and the run goes on; pages start first
come first served per host; records reach the disk as soon as every earlier source is done; and
SIGINT / SIGTERM stop a real ``python -m scraper scrape`` process, keeping every page it finished.
No test sleeps: they wait on events, or poll a file in a bounded loop.
"""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import attrs
import httpx
import orjson
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from servers import (  # noqa: F401
    Hold,
    Reply,
    Stall,
    Trickle,
    html,
    raw,
    redirect,
    serve,
    server,
    story,
    truncated,
)

from scraper.cli import main
from scraper.errors import ScraperError
from scraper.fetch import AsyncFetcher
from scraper.pipeline import check_source, expand
from scraper.pipeline import scrape
from scraper.settings import DEFAULT

ROOT = Path(__file__).resolve().parent.parent
# The overall bound for one subprocess run; far above what any of them needs.
PROCESS_SECONDS = 60


def read(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()] if path.exists() else []


def cli(*args: object, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], input=stdin)
    return result.exit_code, result.output


# Malformed URLs among the sources.


@pytest.mark.parametrize("bad", ["http://[::1", "http://[::1]:99999/a", "https://news.example:-1/x"])
def test_a_malformed_url_is_one_bad_input_line_and_the_rest_go_on(server, tmp_path, bad):
    good = server.route("/good", html(story(1)))
    code, out = cli("scrape", bad, good, "-o", tmp_path)
    assert code == 1, out
    [error] = read(tmp_path / "errors.jsonl")
    assert (error["source"], error["error"], error["url"]) == (bad, "bad_input", None)
    assert "malformed URL" in error["message"]
    assert [a["source"] for a in read(tmp_path / "articles.jsonl")] == [good]
    assert "Traceback" not in out


def test_a_malformed_url_on_standard_input_is_one_bad_input_line(server, tmp_path):
    good = server.route("/good", html(story(1)))
    code, out = cli("scrape", "-", "-o", tmp_path, stdin=f"http://[::1\n{good}\n")
    assert code == 1, out
    assert [e["error"] for e in read(tmp_path / "errors.jsonl")] == ["bad_input"]
    assert len(read(tmp_path / "articles.jsonl")) == 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from("htps:/[]%@?#:.0123456789abc\x00\udcff é"), max_size=40),
    st.builds("{}://{}".format, st.sampled_from(["http", "https", "HTTP", "ftp", ""]), st.text(max_size=30)),
))  # fmt: skip
def test_any_string_as_a_source_gives_typed_errors_only(tmp_path_factory, source):
    assume(not os.path.isdir(source))  # "", "." or "/" would scan a real tree: slow, not hostile
    try:
        check_source(source)
    except ScraperError:
        pass
    assert [s for s, _ in expand([source])]  # every source comes out, with or without its error
    refuse = httpx.MockTransport(lambda request: httpx.Response(404))
    fetcher = AsyncFetcher(attrs.evolve(DEFAULT, retries=0), transport=refuse)
    out = tmp_path_factory.mktemp("out")
    summary = scrape([source], out, attrs.evolve(DEFAULT, workers=1), fetcher=fetcher)
    assert summary.sources >= 1
    assert "unexpected" not in (out / "errors.jsonl").read_text(errors="replace")  # typed errors only


def test_an_empty_source_is_bad_input_not_the_current_directory(tmp_path):
    [(_, problem)] = list(expand([""]))
    assert problem is not None and problem.kind == "bad_input" and "empty SOURCE" in problem.message


# Scheduling and streaming output.


def test_pages_of_one_host_start_in_source_order(server, tmp_path):
    urls = [server.route(f"/s{n}", html(story(n))) for n in range(12)]
    summary = scrape(urls, tmp_path, attrs.evolve(DEFAULT, concurrency=4, per_host=1, delay=0.0))
    assert summary.articles == 12
    assert [r.path for r in server.requests] == [f"/s{n}" for n in range(12)]


def test_records_are_written_while_an_earlier_source_is_still_in_flight(server, tmp_path):
    release, later = threading.Event(), threading.Event()
    urls = [server.route(f"/s{n}", html(story(n))) for n in range(2)]
    urls.append(server.route("/slow", Hold(release, html(story(2)))))
    # Sources after /slow answer once the first two are written, so however loaded the machine,
    # only /slow can be the one held back.
    urls += [server.route(f"/s{n}", Hold(later, html(story(n)))) for n in range(3, 10)]
    on_disk_when_written: dict[str, int] = {}

    def progress(source: str, total: int) -> None:
        on_disk_when_written[source] = len(read(tmp_path / "articles.jsonl"))
        if source == urls[1]:
            later.set()
        if source in urls[3:]:
            release.set()  # a later source is out while /slow still waits: let it answer

    settings_ = attrs.evolve(DEFAULT, concurrency=4, per_host=4, reorder_window=3, delay=0.0)
    summary = scrape(urls, tmp_path, settings_, on_progress=progress)

    assert summary.articles == 10
    written = [a["source"] for a in read(tmp_path / "articles.jsonl")]
    assert written[:2] == urls[:2]
    assert written[2] in urls[3:]  # held back for at most the window, then let through
    assert on_disk_when_written[written[2]] == 3  # on disk while the run still went on
    assert sorted(written) == sorted(urls)


def test_without_slow_sources_records_keep_source_order(server, tmp_path):
    urls = [server.route(f"/s{n}", html(story(n))) for n in range(15)]
    scrape(urls, tmp_path, attrs.evolve(DEFAULT, concurrency=4, per_host=3, delay=0.0))
    assert [a["source"] for a in read(tmp_path / "articles.jsonl")] == urls


def test_a_stop_keeps_every_finished_page_and_reports_what_was_left(server, tmp_path):
    stop = threading.Event()
    urls = [server.route("/s0", html(story(0))), server.route("/stall", Stall(seconds=30))]
    urls += [server.route(f"/s{n}", html(story(n))) for n in range(2, 5)]

    def progress(source: str, total: int) -> None:
        stop.set()  # as a signal handler would, once the first record is out

    summary = scrape(urls, tmp_path, attrs.evolve(DEFAULT, concurrency=5, per_host=5, timeout=60.0, delay=0.0), on_progress=progress, stop=stop)

    assert summary.left >= 1 and summary.interrupted is None
    assert "stopped, " in summary.line() and "sources not scraped" in summary.line()
    assert urls[1] not in {a["source"] for a in read(tmp_path / "articles.jsonl")}


# A real process, stopped by a signal.


def start_scrape(urls: list[str], out: Path, *extra: str) -> subprocess.Popen[str]:
    args = [sys.executable, "-m", "scraper", "scrape", *urls, "-o", str(out), "--timeout", "120", "--delay", "0", *extra]
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_lines(path: Path, count: int, process: subprocess.Popen[str]) -> None:
    """Poll ``path`` until it holds ``count`` lines; bounded, and fails if the process ends first."""
    for _ in range(PROCESS_SECONDS * 20):
        if len(read(path)) >= count:
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)  # polling interval, not an assertion
    pytest.fail(f"{path} never reached {count} lines")


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_the_run_keeps_what_was_fetched_and_prints_the_summary(tmp_path, signum, code):
    with serve() as local:
        fast = [local.route(f"/s{n}", html(story(n))) for n in range(3)]
        stalls = [local.route(f"/stall{n}", Stall(seconds=PROCESS_SECONDS)) for n in range(2)]
        later = [local.route(f"/t{n}", html(story(10 + n))) for n in range(3)]
        urls = [*fast, stalls[0], *later, stalls[1], *[local.route(f"/u{n}", html(story(20 + n))) for n in range(20)]]
        process = start_scrape(urls, tmp_path, "--concurrency", "6", "--per-host", "6")
        try:
            wait_for_lines(tmp_path / "articles.jsonl", 3, process)
            for _ in range(PROCESS_SECONDS * 20):  # the pages after the first stall have been requested
                if all(local.hits(f"/t{n}") for n in range(3)):
                    break
                time.sleep(0.05)
            process.send_signal(signum)
            _, stderr = process.communicate(timeout=PROCESS_SECONDS)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()

    assert process.returncode == code, stderr
    assert "Traceback" not in stderr and "Aborted" not in stderr
    assert f"stopped by {signal.Signals(signum).name}" in stderr and "sources not scraped" in stderr
    sources = [a["source"] for a in read(tmp_path / "articles.jsonl")]
    assert set(fast + later) <= set(sources)  # finished pages are kept, even those behind a stalled one
    assert not set(stalls) & set(sources)
    assert (tmp_path / "articles.jsonl").read_bytes().endswith(b"\n")


# Hostile cases as real processes: one error line each, never a traceback.


def test_hostile_sources_in_a_real_process_never_print_a_traceback(tmp_path):
    pdf = tmp_path / "report.html"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    page = gzip.compress(story(1).encode() * 50)
    with serve() as local:
        urls = {
            "pdf": local.route("/pdf", raw("text/html", b"%PDF-1.4\n" + bytes(range(256)) * 40)),
            "cut-gzip": local.route("/gz", Reply(200, (("Content-Type", "text/html"), ("Content-Encoding", "gzip")), page[:-40])),
            "short-body": local.route("/short", truncated(b"<html><body><p>half", declared=9000)),
            "bad-location": local.route("/loc", redirect("http://[::1")),
            "trickle": local.route("/trickle", Trickle(interval=0.05)),
            "good": local.route("/good", html(story(1))),
        }
        args = [sys.executable, "-m", "scraper", "scrape", "http://[::1", "http://h:99999/",
                str(pdf), "nul\x01file", *urls.values(), "-o", str(tmp_path / "out"), "--timeout", "1", "--retries", "0"]
        result = subprocess.run(args, cwd=ROOT, check=False, capture_output=True, text=True, timeout=PROCESS_SECONDS)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = {e["source"]: e["error"] for e in read(tmp_path / "out" / "errors.jsonl")}
    assert errors == {
        "http://[::1": "bad_input", "http://h:99999/": "bad_input",
        str(pdf): "not_html", "nul\x01file": "bad_input",
        urls["pdf"]: "not_html", urls["cut-gzip"]: "bad_response", urls["short-body"]: "bad_response",
        urls["bad-location"]: "bad_response", urls["trickle"]: "timeout",
    }
    assert [a["source"] for a in read(tmp_path / "out" / "articles.jsonl")] == [urls["good"]]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: Path("/proc/1"), "cannot create output file /proc/1/articles.jsonl: /proc/1 does not accept new files"),
        (lambda tmp: (tmp / "out" / "articles.jsonl").mkdir(parents=True) or tmp / "out",
         "articles.jsonl: it is a directory, not a file"),
        (lambda tmp: (tmp / "file").write_text("x") and tmp / "file" / "out", "a part of its path is a file"),
    ],
    ids=["proc", "file-is-a-directory", "under-a-file"],
)
def test_unusable_output_is_one_line_naming_the_file_and_exit_2(tmp_path, make, message):
    if not os.path.isdir("/proc/1") and "proc" in message:
        pytest.skip("needs Linux /proc")
    output = make(tmp_path)
    page = tmp_path / "page.html"
    page.write_text(story(1))
    result = subprocess.run([sys.executable, "-m", "scraper", "scrape", str(page), "-o", str(output)],
                            cwd=ROOT, check=False, capture_output=True, text=True, timeout=PROCESS_SECONDS)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("scraper: error: ") and message in line
