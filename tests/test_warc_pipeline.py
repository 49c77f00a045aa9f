"""WARC through the pipeline: ``scrape --warc`` keeps what it fetched, ``scraper extract`` reads it back.

A page extracted from our own WARC gives the records it gave fetched live (same id and
content_hash); the index ties each article to its record; bad records are errors and the run goes on.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import attrs
import orjson
from click.testing import CliRunner
from servers import html, raw, server  # noqa: F401

from scraper.cli import main
from scraper.pipeline import ArchiveFilter, iter_archives, scrape
from scraper.settings import DEFAULT

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"


def read(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()] if path.exists() else []


def cli(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def fixture_urls(server) -> list[str]:
    pages = sorted(FIXTURES.rglob("*.html"))
    return [server.route(f"/{p.parent.name}/{p.stem}", html(p.read_text("utf-8"))) for p in pages]


def test_pages_from_our_own_warc_give_the_records_fetched_live(server, tmp_path):
    urls = fixture_urls(server)
    urls.append(server.route("/image.png", raw("image/png", b"\x89PNG\r\n\x1a\n" + bytes(200))))
    live = scrape(urls, tmp_path / "live", attrs.evolve(DEFAULT, workers=1), warc=tmp_path / "warc")
    assert (live.articles, live.failed) == (10, 1)
    archives = sorted((tmp_path / "warc").glob("*.warc.gz"))
    assert archives and not list((tmp_path / "warc").glob("*.open"))

    code, out = cli("extract", *archives, "-o", tmp_path / "again", "--workers", "2")
    assert code == 0, out
    fetched = read(tmp_path / "live" / "articles.jsonl")
    extracted = read(tmp_path / "again" / "articles.jsonl")
    assert [(a["id"], a["content_hash"], a["url"]) for a in extracted] == [(a["id"], a["content_hash"], a["url"]) for a in fetched]
    assert [a["fetched_at"] for a in extracted] == [a["fetched_at"] for a in fetched]  # WARC-Date is the fetch time
    assert len(read(tmp_path / "again" / "comments.jsonl")) == len(read(tmp_path / "live" / "comments.jsonl")) == 47

    index = read(tmp_path / "warc" / "warc-index.jsonl")
    assert [line["id"] for line in index] == [a["id"] for a in fetched]
    first = index[0]
    with open(tmp_path / "warc" / first["warc_file"], "rb") as handle:
        handle.seek(first["warc_offset"])
        record = gzip.decompress(handle.read(first["warc_length"]))
    assert first["warc_record_id"].encode() in record and b"WARC-Type: response" in record


def test_filters_by_host_and_date(server, tmp_path):
    urls = fixture_urls(server)[:3]
    scrape(urls, tmp_path / "live", attrs.evolve(DEFAULT, workers=1), warc=tmp_path / "warc")
    archives = [str(p) for p in sorted((tmp_path / "warc").glob("*.warc.gz"))]
    assert len(list(iter_archives(archives, attrs.evolve(DEFAULT, workers=1)))) == 3
    assert list(iter_archives(archives, attrs.evolve(DEFAULT, workers=1), only=ArchiveFilter(hosts=("other.example",)))) == []
    code, out = cli("extract", *archives, "-o", tmp_path / "none", "--until", "2001-01-01")
    assert code == 0 and "0 sources" in out


def test_a_corrupt_archive_is_errors_and_the_run_goes_on(server, tmp_path):
    urls = fixture_urls(server)[:2]
    scrape(urls, tmp_path / "live", attrs.evolve(DEFAULT, workers=1), warc=tmp_path / "warc")
    [good] = sorted((tmp_path / "warc").glob("*.warc.gz"))
    torn = tmp_path / "torn.warc.gz"
    torn.write_bytes(good.read_bytes()[:-300])
    garbage = tmp_path / "garbage.warc"
    garbage.write_bytes(b"not a warc at all\r\n" * 50)
    code, out = cli("extract", garbage, torn, good, tmp_path / "missing.warc.gz", "-o", tmp_path / "out", "--workers", "1")
    assert code == 1, out
    assert len(read(tmp_path / "out" / "articles.jsonl")) == 2  # the torn copy's whole records, deduplicated with the good file
    errors = read(tmp_path / "out" / "errors.jsonl")
    assert errors and all(e["error"] in ("bad_input", "too_large") for e in errors)
    assert any(e["source"] == str(tmp_path / "missing.warc.gz") for e in errors)
    assert "Traceback" not in out


def test_the_warc_keeps_the_response_head_as_received(server, tmp_path):
    page = (FIXTURES / "future" / "space-webb-telescope-mirror-deployment.html").read_bytes()
    url = server.route("/story", raw("text/html; charset=utf-8", page,
                                     headers=[("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"), ("X-Served-By", "Cache-7")]))
    scrape([url], tmp_path / "out", attrs.evolve(DEFAULT, workers=1), warc=tmp_path / "warc")
    [archive] = sorted((tmp_path / "warc").glob("*.warc.gz"))
    data = gzip.decompress(archive.read_bytes())
    response = data[data.index(b"WARC-Type: response"):]
    head = response[response.index(b"HTTP/1."):response.index(b"\r\n\r\n", response.index(b"HTTP/1."))]
    assert b"Set-Cookie: a=1\r\nSet-Cookie: b=2" in head and b"X-Served-By: Cache-7" in head
    assert head.startswith(b"HTTP/1.") and b" 200 OK" in head.split(b"\r\n")[0]


def test_a_crawl_keeps_its_pages_in_warc_files_too(tmp_path):
    import sys

    sys.path.insert(0, str(FIXTURES.parent.parent))
    from tests.fakesite import FakeSite
    from tests.servers import serve

    from scraper.crawling import CrawlConfig, crawl

    with serve() as server:
        site = FakeSite(server)
        site.add_articles(3)
        summary = crawl([site.feed_url], tmp_path / "out", attrs.evolve(DEFAULT, delay=0.0, workers=1),
                        config=CrawlConfig(), warc=tmp_path / "warc")  # fmt: skip
    assert summary.articles == 3
    index = read(tmp_path / "warc" / "warc-index.jsonl")
    assert sorted(line["id"] for line in index) == sorted(a["id"] for a in read(tmp_path / "out" / "articles.jsonl"))
    again = list(iter_archives([str(p) for p in sorted((tmp_path / "warc").glob("*.warc.gz"))], attrs.evolve(DEFAULT, workers=1)))
    assert sorted(r.article.content_hash for r in again) == sorted(a["content_hash"] for a in read(tmp_path / "out" / "articles.jsonl"))


def test_several_archives_on_several_workers_give_the_records_of_one_in_order(server, tmp_path):
    import shutil

    urls = fixture_urls(server)
    scrape(urls, tmp_path / "live", attrs.evolve(DEFAULT, workers=1), warc=tmp_path / "warc")
    [archive] = sorted((tmp_path / "warc").glob("*.warc.gz"))
    copies = []
    for n in range(3):
        copies.append(str(tmp_path / f"part-{n}.warc.gz"))
        shutil.copy(archive, copies[-1])
    torn = tmp_path / "torn.warc.gz"
    torn.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    sources = [*copies[:2], str(torn), str(tmp_path / "missing.warc.gz"), copies[2]]

    def run(workers: int) -> list[tuple]:
        results = iter_archives(sources, attrs.evolve(DEFAULT, workers=workers))
        return [(r.source, r.error.kind if r.error else None, r.article.id if r.article else None,
                 r.article.content_hash if r.article else None, len(r.comments)) for r in results]  # fmt: skip

    one, two = run(1), run(2)
    assert one == two
    assert 30 < sum(1 for row in one if row[2]) < 40  # the torn copy lost its second half
    assert {row[1] for row in one} >= {None, "bad_input"} and one[-10][0].startswith(copies[2])


def test_one_archive_cut_into_spans_gives_the_records_of_one_reader_even_where_a_cut_is_wrong(server, tmp_path, monkeypatch):
    import scraper.pipeline as pipeline

    urls = fixture_urls(server)
    scrape(urls, tmp_path / "live", attrs.evolve(DEFAULT, workers=1), warc=tmp_path / "warc")
    [archive] = sorted((tmp_path / "warc").glob("*.warc.gz"))
    data = archive.read_bytes()
    # A response whose body is a .warc.gz, stored uncompressed: its members look like record starts.
    inner = data[: data.index(b"\x1f\x8b\x08", 10)]
    body = b"HTTP/1.1 200 OK\r\nContent-Type: application/gzip\r\n\r\n" + inner * 20
    head = (b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n"
            b"WARC-Target-URI: https://example.com/old.warc.gz\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n" % len(body))  # fmt: skip
    middle = data.index(b"\x1f\x8b\x08", len(data) // 2)
    mixed = tmp_path / "mixed.warc.gz"
    stored = gzip.compress(head + body + b"\r\n\r\n", compresslevel=0)
    mixed.write_bytes(data[:middle] + stored + data[middle:])
    monkeypatch.setattr(pipeline, "_SPAN_BYTES", (2000, 2000))

    spans = pipeline._spans([str(mixed)], 2)
    assert len(spans) > 10 and any(middle < span.start < middle + len(stored) for _, span in spans)  # a wrong cut

    def run(workers: int) -> list[tuple]:
        results = iter_archives([str(mixed)], attrs.evolve(DEFAULT, workers=workers))
        return [(r.source, r.error.kind if r.error else None, r.article.id if r.article else None,
                 r.article.content_hash if r.article else None, len(r.comments)) for r in results]  # fmt: skip

    one, two = run(1), run(2)
    assert one == two and sum(1 for row in one if row[2]) == 10


def test_extract_any_page_writes_an_archived_page_that_is_no_article(server, tmp_path):
    listing = ("<html lang=en><head><title>Harbor Times: all stories</title></head><body><main>"
               + "".join(f"<div class=card><h2><a href=/2023/05/0{n}/story-{n}>Story {n}: the council approves the harbour "
                         f"wall repairs</a></h2><p>The wall will be closed to walkers for {n + 2} weeks, the council said.</p></div>"
                         for n in range(1, 9))
               + "</main></body></html>")
    url = server.route("/coast", html(listing))
    live = scrape([url], tmp_path / "live", attrs.evolve(DEFAULT, workers=1), warc=tmp_path / "warc")
    assert (live.articles, live.failed) == (0, 1)
    archives = sorted((tmp_path / "warc").glob("*.warc.gz"))
    code, out = cli("extract", *archives, "-o", tmp_path / "plain")
    assert code == 1 and read(tmp_path / "plain" / "articles.jsonl") == []
    code, out = cli("extract", *archives, "-o", tmp_path / "any", "--any-page")
    assert code == 0, out
    [article] = read(tmp_path / "any" / "articles.jsonl")
    assert article["url"] == url and "written although not an article" in out
