"""The command line as users meet it: real files, a real local HTTP server, real exit codes."""

import io
import subprocess
import sys

import orjson
import pytest
from click.testing import CliRunner

from scraper.cli import main
from servers import html, server, status  # noqa: F401  (server is a fixture)

from conftest import FIXTURES


def run(*args):
    result = CliRunner().invoke(main, list(map(str, args)))
    return result.exit_code, result.output


def read(path):
    return [orjson.loads(line) for line in path.read_bytes().splitlines()] if path.exists() else []


def test_scrape_fixtures_writes_articles_and_comments_and_exits_0(tmp_path):
    code, out = run("scrape", FIXTURES / "html", "-o", tmp_path)
    assert code == 0, out
    articles = read(tmp_path / "articles.jsonl")
    assert {a["extractor"] for a in articles} >= {"digitaltrends", "future"}
    assert len(read(tmp_path / "comments.jsonl")) >= 38
    assert read(tmp_path / "errors.jsonl") == []
    assert "0 failed" in out


LISTING = ("<html lang=en><head><title>Harbor Times: all stories</title></head><body><nav><a href=/>Home</a></nav><main>"
           + "".join(f"<div class=card><h2><a href=/2023/05/0{n}/story-{n}>Story {n}: the council approves the harbour wall repairs</a>"
                     f"</h2><p>The wall will be closed to walkers for {n + 2} weeks while the work goes on, the council said.</p></div>"
                     for n in range(1, 9))
           + "</main></body></html>")


def test_scrape_any_page_writes_a_page_that_is_no_article_with_a_warning(tmp_path):
    page = tmp_path / "coast.html"
    page.write_text(LISTING)
    code, out = run("scrape", page, "-o", tmp_path / "plain")
    assert code == 1 and "not an article" in out and "--any-page" in out
    assert read(tmp_path / "plain" / "articles.jsonl") == [] and len(read(tmp_path / "plain" / "errors.jsonl")) == 1
    code, out = run("scrape", page, "-o", tmp_path / "any", "--any-page")
    assert code == 0, out
    [article] = read(tmp_path / "any" / "articles.jsonl")
    assert article["title"] == "Harbor Times: all stories" and "harbour wall" in article["text"]
    assert article["not_an_article"].startswith("it reads as a listing, shop, forum or service page")
    assert "written although not an article (--any-page): it reads as a listing" in out
    assert read(tmp_path / "any" / "errors.jsonl") == []


def test_running_the_same_scrape_twice_adds_no_duplicates(tmp_path):
    run("scrape", FIXTURES / "html", "-o", tmp_path)
    before = (tmp_path / "articles.jsonl").read_bytes()
    code, out = run("scrape", FIXTURES / "html", "-o", tmp_path)
    assert code == 0 and "already in output" in out
    assert (tmp_path / "articles.jsonl").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scrape", "ftp://example.com/a.html", "-o", "OUT"], "unsupported URL scheme 'ftp'"),
        (["scrape", "fixtures", "-o", "OUT", "--no-such-option"], "No such option"),
        (["scrape", "-o", "OUT"], "Missing argument"),
        (["scrape", "x.html", "-o", "OUT", "--retries", "-1"], "--retries"),
    ],
)
def test_usage_errors_exit_2_with_one_line_message(tmp_path, args, message):
    code, out = run(*[str(tmp_path / "out") if a == "OUT" else a for a in args])
    assert code == 2
    assert message in out
    assert "Traceback" not in out


def write(name, data):
    def make(directory):
        path = directory / name
        path.write_bytes(data)
        return path

    return make


def empty_dir(directory):
    (directory / "empty").mkdir()
    return directory / "empty"


@pytest.mark.parametrize(
    ("make", "kind", "message"),
    [
        (lambda d: d / "missing.html", "bad_input", "no such file or directory"),
        (empty_dir, "bad_input", "directory has no .html files"),
        (write("garbage.html", bytes(range(256)) * 64), "not_html", "file is binary data, not HTML"),
        (write("report.html", b"%PDF-1.7\n" + bytes(range(256)) * 64), "not_html", "file is a PDF document, not HTML"),
        (write("blank.html", b"  \n"), "bad_input", "empty"),
        (write("nav.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"), "not_an_article", "not an article"),
    ],
    ids=["missing", "empty-dir", "garbage", "pdf", "blank", "no-article"],
)
def test_bad_input_is_recorded_with_a_clear_error_and_exits_1(tmp_path, make, kind, message):
    source = make(tmp_path)
    code, out = run("scrape", source, FIXTURES / "html" / "digitaltrends", "-o", tmp_path / "out")
    assert code == 1
    [error] = read(tmp_path / "out" / "errors.jsonl")
    assert error["error"] == kind and message in error["message"]
    assert error["source"] == str(source)
    assert len(read(tmp_path / "out" / "articles.jsonl")) == 4  # the good sources still went through
    assert "Traceback" not in out


def test_file_over_max_bytes_fails_as_too_large(tmp_path):
    page = tmp_path / "big.html"
    page.write_bytes(b"<html><body><p>" + b"x" * 5000 + b"</p></body></html>")
    code, out = run("scrape", page, "-o", tmp_path / "out", "--max-bytes", "2048")
    assert code == 1
    [error] = read(tmp_path / "out" / "errors.jsonl")
    assert error["error"] == "too_large" and "--max-bytes" in error["message"]


def test_broken_html_still_yields_an_article(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text("<html><head><title>Broken page</title><body><article><h1>Broken page</h1><p>Unclosed <b>bold <p>Second paragraph of text")
    code, out = run("scrape", page, "-o", tmp_path / "out")
    assert code == 0, out
    [article] = read(tmp_path / "out" / "articles.jsonl")
    assert article["title"] == "Broken page" and "Second paragraph of text" in article["text"]


def test_scrape_url_from_a_local_server_and_record_http_errors(server, tmp_path):
    good = server.route("/news/story", html(
        "<html lang=en><head><title>Story | Paper</title><meta property=og:site_name content=Paper>"
        "<link rel=canonical href=/news/story></head><body><article><h1>Story</h1>"
        "<p>First paragraph of the story, long enough to count as text.</p></article></body></html>"
    ))
    gone = server.route("/news/gone", status(404))
    code, out = run("scrape", good, gone, "-o", tmp_path, "--retries", "0")
    assert code == 1
    [article] = read(tmp_path / "articles.jsonl")
    assert article["url"] == good and article["title"] == "Story" and article["source"] == good
    [error] = read(tmp_path / "errors.jsonl")
    assert (error["error"], error["status"], error["source"]) == ("http_status", 404, gone)
    assert server.requests_to("/news/story")[0].headers["user-agent"].startswith("scraper/")


def test_user_agent_option_is_sent(server, tmp_path):
    url = server.route("/p", html("<title>T</title><article><p>Some text here.</p></article>"))
    run("scrape", url, "-o", tmp_path, "--user-agent", "MyBot/1.0")
    assert server.requests_to("/p")[0].headers["user-agent"] == "MyBot/1.0"


def test_check_and_validate_pass_on_the_bundled_fixtures(tmp_path):
    run("scrape", FIXTURES / "html", "-o", tmp_path)
    code, out = run("check", tmp_path, "--samples", FIXTURES / "text")
    assert code == 0, out
    assert "2/2 samples pass" in out
    code, out = run("validate", tmp_path)
    assert code == 0 and "valid" in out


def test_validate_reports_a_bad_line_and_exits_1(tmp_path):
    (tmp_path / "articles.jsonl").write_bytes(b'{"schema_version":"1.0","id":"nope"}\n{"torn"')
    code, out = run("validate", tmp_path)
    assert code == 1
    assert "articles.jsonl:1" in out and "articles.jsonl:2: torn line" in out


def test_extractors_lists_sites_and_the_generic_fallback():
    code, out = run("extractors")
    assert code == 0
    rows = {name: (hosts.split(), package) for name, hosts, package in (line.split("\t") for line in out.strip().splitlines())}
    assert "digitaltrends.com" in rows["digitaltrends"][0]
    assert {"windowscentral.com", "space.com", "techradar.com"} <= set(rows["future"][0])
    assert rows["future"][1] == "scraper"
    assert rows["generic"] == (["*"], "scraper")


def test_python_dash_m_runs_the_cli_without_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "scraper", "scrape", "ftp://x/y", "-o", str(tmp_path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "unsupported URL scheme" in result.stderr and "Traceback" not in result.stderr


def test_a_bug_on_one_page_is_recorded_and_the_batch_goes_on(tmp_path, monkeypatch):
    import scraper.pipeline

    real = scraper.pipeline.extract_page

    def flaky(body, url, **kw):
        if "latchwell" in url:
            raise RuntimeError("boom")
        return real(body, url, **kw)

    monkeypatch.setattr(scraper.pipeline, "extract_page", flaky)
    # One worker extracts in this process's thread, where the patch applies.
    code, out = run("scrape", FIXTURES / "html" / "digitaltrends", "-o", tmp_path, "--workers", "1")
    assert code == 1
    [error] = read(tmp_path / "errors.jsonl")
    assert error["error"] == "extraction" and "unexpected RuntimeError" in error["message"]
    assert len(read(tmp_path / "articles.jsonl")) == 3
    assert "Traceback" not in out


def test_output_that_is_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "out").write_text("x")
    code, out = run("scrape", FIXTURES / "html", "-o", tmp_path / "out")
    assert code == 2 and "is a file" in out and "Traceback" not in out


def test_two_runs_give_byte_identical_records_apart_from_fetched_at(tmp_path):
    def lines_without_fetched_at(directory):
        out = []
        for name in ("articles.jsonl", "comments.jsonl"):
            for line in (directory / name).read_bytes().splitlines():
                record = orjson.loads(line)
                assert record.pop("fetched_at")
                out.append(orjson.dumps(record))
        return out

    run("scrape", FIXTURES / "html", "-o", tmp_path / "one")
    run("scrape", FIXTURES / "html", "-o", tmp_path / "two")
    assert lines_without_fetched_at(tmp_path / "one") == lines_without_fetched_at(tmp_path / "two")


def test_dash_reads_sources_from_standard_input(tmp_path):
    pages = sorted((FIXTURES / "html" / "digitaltrends").glob("*.html"))
    stdin = "# pages to scrape\n" + "\n".join(map(str, pages[:2])) + "\n\n"
    result = CliRunner().invoke(main, ["scrape", "-", "-o", str(tmp_path)], input=stdin)
    assert result.exit_code == 0, result.output
    assert [a["source"] for a in read(tmp_path / "articles.jsonl")] == [str(p) for p in pages[:2]]


def test_concurrent_scrape_keeps_source_order_and_the_per_host_limit(tmp_path):
    from tests.fakesite import FakeSite
    from tests.servers import serve

    with serve() as local:
        site = FakeSite(local, latency=0.02)
        slugs = site.add_articles(12)
        urls = [site.article_url(slug) for slug in slugs]
        code, out = run("scrape", *urls, "-o", tmp_path, "--concurrency", "6", "--per-host", "3", "--delay", "0")
        assert code == 0, out
        assert [a["source"] for a in read(tmp_path / "articles.jsonl")] == urls
        assert site.peak_in_flight <= 3


class _CtrlCOnRead(io.RawIOBase):
    """Standard input on which the user presses Ctrl-C before the first line ends."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        raise KeyboardInterrupt


def test_ctrl_c_while_reading_sources_from_stdin_exits_130_with_one_line(tmp_path):
    result = CliRunner().invoke(main, ["scrape", "-", "-o", str(tmp_path)], input=io.BufferedReader(_CtrlCOnRead()))
    assert result.exit_code == 130
    assert "interrupted while reading sources" in result.output
    assert "Aborted" not in result.output and "Traceback" not in result.output


def test_format_parquet_and_jsonl_write_the_same_articles(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    code, out = run("scrape", FIXTURES / "html", "-o", tmp_path, "--format", "jsonl", "--format", "parquet")
    assert code == 0, out
    ids = [r["id"] for r in read(tmp_path / "articles.jsonl")]
    table = pq.read_table(sorted(tmp_path.glob("articles*.parquet")))
    assert table.column("id").to_pylist() == ids and len(ids) == 10


def test_an_unknown_format_is_a_usage_error(tmp_path):
    code, out = run("scrape", FIXTURES / "html", "-o", tmp_path, "--format", "xml")
    assert code == 2 and "xml" in out and "Traceback" not in out
