"""WARC out and in: pages written as WARC/1.1 records and read back, corrupt archives, memory."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import os
import random
import tempfile
import tracemalloc
import uuid
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.archiveiterator import ArchiveIterator

from scraper import extract_page
from scraper.errors import ExportError, InputError
from scraper.fetch.http import Page
from scraper.warc import WarcPage, WarcProblem, WarcSpan, WarcWriter, iter_warc, parse_warc_date, warc_date, warc_spans

ROOT = Path(__file__).resolve().parent.parent
FETCHED_AT = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=timezone.utc)
HTML = b"<!doctype html><html><head><title>T</title></head><body><p>Caf\xe9 au lait.</p></body></html>"


def make_page(
    url: str = "https://www.example.com/news/a?x=1", *, body: bytes = HTML, status: int = 200, **headers: str
) -> Page:
    headers = headers or {"content-type": "text/html; charset=ISO-8859-1"}
    return Page(
        url=url,
        requested_url=url,
        status=status,
        headers={name.replace("_", "-"): value for name, value in headers.items()},
        body=body,
        charset="iso-8859-1" if "ISO-8859-1" in headers.get("content-type", "") else None,
        fetched_at=FETCHED_AT,
        attempts=1,
    )


def read_all(path: Path | str, **filters) -> list[WarcPage | WarcProblem]:
    return list(iter_warc(path, **filters))


def pages(items: list) -> list[WarcPage]:
    return [item for item in items if isinstance(item, WarcPage)]


def problems(items: list) -> list[WarcProblem]:
    return [item for item in items if isinstance(item, WarcProblem)]


def members(path: Path) -> list[tuple[int, bytes]]:
    """(offset, inflated bytes) of every gzip member of ``path``, read with zlib alone."""
    data, offset, found = path.read_bytes(), 0, []
    while offset < len(data):
        inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
        found.append((offset, inflate.decompress(data[offset:])))
        offset = len(data) - len(inflate.unused_data)
    return found


def split_record(record: bytes) -> tuple[dict[str, str], bytes]:
    head, _, rest = record.partition(b"\r\n\r\n")
    lines = head.decode("utf-8").split("\r\n")
    fields = dict(line.split(": ", 1) for line in lines[1:])
    block = rest[: int(fields["Content-Length"])]
    assert rest[len(block) :] == b"\r\n\r\n"
    return fields, block


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


# --- writing and reading back ---------------------------------------------------------------------


def test_round_trip_gives_the_same_body_url_charset_and_fetch_time(tmp_path):
    page = make_page(
        content_type="text/html; charset=ISO-8859-1", content_encoding="gzip", content_length="99", server="x"
    )
    with WarcWriter(tmp_path) as writer:
        ref = writer.write(page)
    [file] = tmp_path.iterdir()
    [got] = read_all(file)
    assert isinstance(got, WarcPage)
    assert (got.url, got.body, got.charset, got.fetched_at, got.status) == (
        page.url,
        page.body,
        "iso-8859-1",
        FETCHED_AT,
        200,
    )
    assert got.headers == {
        "content-type": "text/html; charset=ISO-8859-1",
        "server": "x",
        "x-crawler-content-encoding": "gzip",
        "x-crawler-content-length": "99",
        "content-length": str(len(HTML)),
    }
    assert (got.record_id, got.offset, Path(got.file).name) == (ref.record_id, ref.offset, ref.file)
    assert ref.record_id.startswith("<urn:uuid:") and ref.record_id.endswith(">")


def test_digests_are_sha1_base32_of_payload_and_block(tmp_path):
    page = make_page(content_type="text/html; charset=utf-8", etag='"abc"')
    with WarcWriter(tmp_path) as writer:
        ref = writer.write(page)
    [file] = tmp_path.iterdir()
    records = {offset: split_record(data) for offset, data in members(file)}
    fields, block = records[ref.offset]
    http_head, _, payload = block.partition(b"\r\n\r\n")
    assert payload == page.body
    assert fields["WARC-Payload-Digest"] == sha1_b32(page.body)
    assert fields["WARC-Block-Digest"] == sha1_b32(block)
    assert http_head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b'\r\netag: "abc"' in http_head
    # and an independent reader agrees
    with open(file, "rb") as handle:
        for record in ArchiveIterator(handle, check_digests=True):
            record.content_stream().read()
            assert record.digest_checker.passed is not False, record.digest_checker.problems


def test_request_and_response_records_name_each_other(tmp_path):
    with WarcWriter(tmp_path) as writer:
        ref = writer.write(make_page())
    [file] = tmp_path.iterdir()
    warcinfo, request, response = [split_record(data) for _, data in members(file)]
    assert warcinfo[0]["WARC-Type"] == "warcinfo" and "software: scraper/" in warcinfo[1].decode()
    assert request[0]["WARC-Type"] == "request" and response[0]["WARC-Type"] == "response"
    assert request[0]["WARC-Concurrent-To"] == response[0]["WARC-Record-ID"] == ref.record_id
    assert response[0]["WARC-Concurrent-To"] == request[0]["WARC-Record-ID"]
    assert request[0]["WARC-Date"] == response[0]["WARC-Date"] == "2024-05-06T07:08:09.123456Z"
    assert response[0]["WARC-Target-URI"] == "https://www.example.com/news/a?x=1"
    assert response[0]["WARC-Warcinfo-ID"] == warcinfo[0]["WARC-Record-ID"]
    assert request[1] == b"GET /news/a?x=1 HTTP/1.1\r\nHost: www.example.com\r\n\r\n"
    assert warcinfo[0].get("WARC-Filename") == file.name


def test_metadata_record_refers_to_the_response(tmp_path):
    clock = lambda: datetime(2024, 6, 1, tzinfo=timezone.utc)
    with WarcWriter(tmp_path, clock=clock) as writer:
        ref = writer.write(make_page())
        note = writer.write_metadata(ref, {"article-id": "abc123", "content-hash": "sha256:00", "bad:name": "x\ny"})
    [file] = tmp_path.iterdir()
    data = file.read_bytes()
    fields, block = split_record(gzip.decompress(data[note.offset : note.offset + note.length]))
    assert fields["WARC-Type"] == "metadata" and fields["Content-Type"] == "application/warc-fields"
    assert (fields["WARC-Refers-To"], fields["WARC-Target-URI"]) == (ref.record_id, ref.url)
    assert fields["WARC-Date"] == "2024-06-01T00:00:00Z" and fields["WARC-Record-ID"] == note.record_id
    assert block == b"article-id: abc123\r\ncontent-hash: sha256:00\r\nbad-name: x y\r\n"
    assert [p.record_id for p in read_all(file)] == [ref.record_id]  # metadata is not a page
    with open(file, "rb") as handle:
        for record in ArchiveIterator(handle, check_digests=True):
            record.content_stream().read()
            assert record.digest_checker.passed is not False, record.digest_checker.problems


def test_ref_locates_the_response_as_one_gzip_member(tmp_path):
    with WarcWriter(tmp_path) as writer:
        refs = [writer.write(make_page(f"https://example.com/{n}")) for n in range(3)]
    data = (tmp_path / refs[0].file).read_bytes()
    for n, ref in enumerate(refs):
        record = gzip.decompress(data[ref.offset : ref.offset + ref.length])
        fields, _ = split_record(record)
        assert (fields["WARC-Record-ID"], fields["WARC-Target-URI"]) == (ref.record_id, f"https://example.com/{n}")


def test_page_from_warc_extracts_to_the_same_id_and_content_hash(tmp_path):
    body = (ROOT / "fixtures/html/future").glob("*.html").__next__().read_bytes()
    page = make_page("https://www.example.com/2024/05/story", body=body, content_type="text/html; charset=UTF-8")
    with WarcWriter(tmp_path) as writer:
        writer.write(page)
    [got] = read_all(next(tmp_path.iterdir()))
    live = extract_page(page.body, page.url, fetched_at=page.fetched_at, charset=page.charset)
    archived = extract_page(got.body, got.url, fetched_at=got.fetched_at, charset=got.charset)
    assert live.article is not None
    assert archived.article == live.article
    assert (archived.article.id, archived.article.content_hash) == (live.article.id, live.article.content_hash)


def test_file_is_named_open_until_closed(tmp_path):
    clock = lambda: datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    writer = WarcWriter(tmp_path, prefix="crawl", clock=clock)
    ref = writer.write(make_page())
    assert ref.file == "crawl-20240102030405000000-00000.warc.gz"
    assert [p.name for p in tmp_path.iterdir()] == [ref.file + ".open"]
    assert len(pages(read_all(tmp_path / (ref.file + ".open")))) == 1  # a killed run's file is still readable
    writer.close()
    assert [p.name for p in tmp_path.iterdir()] == [ref.file]
    assert writer.files == [tmp_path / ref.file]


def test_rotates_files_at_max_bytes_without_splitting_a_page(tmp_path):
    with WarcWriter(tmp_path, max_bytes=2000) as writer:
        refs = [
            writer.write(make_page(f"https://example.com/{n}", body=os.urandom(900).hex().encode())) for n in range(6)
        ]
    files = sorted(tmp_path.iterdir())
    assert len(files) > 1 and not any(f.name.endswith(".open") for f in files)
    assert sorted({ref.file for ref in refs}) == [f.name for f in files]
    serials = [f.name.rsplit("-", 1)[1] for f in files]
    assert serials == sorted(serials) and len(set(serials)) == len(files)
    for file in files:
        kinds = [split_record(data)[0]["WARC-Type"] for _, data in members(file)]
        assert kinds[0] == "warcinfo" and kinds[1:] == ["request", "response"] * ((len(kinds) - 1) // 2)
        # each file passes max_bytes by at most one page
        assert file.stat().st_size < 2000 + 2 * max(ref.length for ref in refs) + 600
    assert [p.url for f in files for p in pages(read_all(f))] == [f"https://example.com/{n}" for n in range(6)]


def test_writer_reports_an_unusable_directory_as_export_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError) as caught:
        WarcWriter(blocker / "sub")
    assert caught.value.path == str(blocker / "sub")


HEADER_NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=12).filter(
    lambda name: name not in ("content-length", "content-encoding", "transfer-encoding", "content-type")
    and name not in ("url", "body", "status")  # make_page's own parameters
)
HEADER_VALUE = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40).map(str.strip)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.binary(max_size=3000),
    headers=st.dictionaries(HEADER_NAME, HEADER_VALUE, max_size=5),
    content_type=st.sampled_from(["text/html", "text/html; charset=UTF-8", 'text/html;charset="koi8-r"', "TEXT/HTML"]),
    fetched_at=st.datetimes(timezones=st.just(timezone.utc)),
    path=st.text(alphabet="abc/%-_.~09", max_size=20),
)
def test_any_page_reads_back_as_written(tmp_path_factory, body, headers, content_type, fetched_at, path):
    directory = tmp_path_factory.mktemp("w")
    page = make_page(f"https://example.com/{path}", body=body, content_type=content_type, **headers)
    page = attrs.evolve(page, fetched_at=fetched_at)
    with WarcWriter(directory) as writer:
        writer.write(page)
    [got] = read_all(next(directory.iterdir()))
    assert (got.url, got.body, got.fetched_at, got.status) == (page.url, body, fetched_at, 200)
    assert got.headers == {**page.headers, "content-length": str(len(body))}
    assert got.charset == {"text/html; charset=UTF-8": "utf-8", 'text/html;charset="koi8-r"': "koi8-r"}.get(
        content_type
    )


def test_failed_write_leaves_the_file_open_named_and_the_next_write_starts_a_new_file(tmp_path, monkeypatch):
    import scraper.warc

    writer = WarcWriter(tmp_path)
    first = writer.write(make_page("https://example.com/1"))
    real_write = scraper.warc._GzipMembers.write

    def disk_full(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(scraper.warc._GzipMembers, "write", disk_full)
    with pytest.raises(ExportError, match="No space left on device"):
        writer.write(make_page("https://example.com/2"))
    monkeypatch.setattr(scraper.warc._GzipMembers, "write", real_write)
    second = writer.write(make_page("https://example.com/3"))
    writer.close()
    assert second.file != first.file
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.file + ".open", second.file])
    assert [p.url for p in pages(read_all(tmp_path / (first.file + ".open")))] == ["https://example.com/1"]


def test_header_values_with_line_breaks_cannot_break_the_record(tmp_path):
    page = make_page(content_type="text/html", x_evil="a\r\nWARC/1.1: b")
    with WarcWriter(tmp_path) as writer:
        writer.write(page)
    [got] = read_all(next(tmp_path.iterdir()))
    assert got.headers["x-evil"] == "a  WARC/1.1: b"


def test_warc_dates_keep_microseconds_and_read_back():
    assert warc_date(FETCHED_AT) == "2024-05-06T07:08:09.123456Z"
    assert warc_date(datetime(2024, 1, 1, 1, tzinfo=timezone(timedelta(hours=1)))) == "2024-01-01T00:00:00Z"
    assert parse_warc_date("2024-05-06T07:08:09.123456Z") == FETCHED_AT
    assert parse_warc_date("2024-05-06T07:08:09Z") == FETCHED_AT.replace(microsecond=0)
    assert parse_warc_date("2024-05-06T09:08+02:00") == datetime(2024, 5, 6, 7, 8, tzinfo=timezone.utc)
    for bad in ("", "2024-13-01T00:00:00Z", "yesterday", "2024-05-06 07:08:09", "2024-05-06T07:08:09+99:00"):
        assert parse_warc_date(bad) is None


# --- hand-built archives, as other archivers write them -------------------------------------------


def record(
    kind: str,
    block: bytes,
    *,
    version: str = "1.0",
    url: str | None = "https://example.com/a",
    date: str = "2024-03-01T10:00:00Z",
    content_type: str | None = None,
    length: int | None = None,
) -> bytes:
    """One WARC record as another archiver would write it."""
    content_type = content_type or {
        "response": "application/http; msgtype=response",
        "request": "application/http; msgtype=request",
    }.get(kind, "application/warc-fields")
    record_id = f"<urn:uuid:{uuid.UUID(int=random.Random(block).getrandbits(128))}>"
    head = f"WARC/{version}\r\nWARC-Type: {kind}\r\nWARC-Record-ID: {record_id}\r\n"
    if url is not None:
        head += f"WARC-Target-URI: {url}\r\n"
    head += f"WARC-Date: {date}\r\nContent-Type: {content_type}\r\n"
    head += f"Content-Length: {len(block) if length is None else length}\r\n\r\n"
    return head.encode() + block + b"\r\n\r\n"


def response(body: bytes = HTML, *, status: str = "200 OK", content_type: str = "text/html; charset=utf-8",
             headers: str = "", **kwargs) -> bytes:  # fmt: skip
    http = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{headers}\r\n".encode() + body
    return record("response", http, **kwargs)


def gz(*records: bytes) -> bytes:
    return b"".join(gzip.compress(r) for r in records)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def chunked(body: bytes, size: int = 7) -> bytes:
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x;ext=1\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\nX-Trailer: t\r\n\r\n"


def test_reads_a_cc_news_like_file(tmp_path):
    warcinfo = record("warcinfo", b"software: Apache Nutch\r\nisPartOf: CC-NEWS\r\n", url=None)
    request = record("request", b"GET /a HTTP/1.1\r\nHost: example.com\r\n\r\n")
    metadata = record("metadata", b"fetchTimeMs: 120\r\n")
    plain = response(b"<html>plain</html>", url="https://news.example.com/plain")
    chunk = response(chunked(HTML), url="https://example.com/chunked", headers="Transfer-Encoding: chunked\r\n")
    zipped = response(gzip.compress(HTML), url="https://example.com/gzipped", headers="Content-Encoding: gzip\r\n")
    rewritten = response(
        HTML, url="https://example.com/cc", headers="X-Crawler-Content-Encoding: gzip\r\nContent-Length: 80\r\n"
    )
    path = write(
        tmp_path,
        "CC-NEWS-20240301100000-00001.warc.gz",
        gz(warcinfo, request, plain, metadata, request, chunk, zipped, rewritten),
    )
    got = read_all(path)
    assert problems(got) == []
    assert [(p.url, p.body) for p in got] == [
        ("https://news.example.com/plain", b"<html>plain</html>"),
        ("https://example.com/chunked", HTML),
        ("https://example.com/gzipped", HTML),
        ("https://example.com/cc", HTML),
    ]
    assert {(p.charset, p.fetched_at, p.status) for p in got} == {
        ("utf-8", datetime(2024, 3, 1, 10, tzinfo=timezone.utc), 200)
    }
    offsets = [p.offset for p in got]
    data = path.read_bytes()
    assert all(gzip.decompress(data[o:]).startswith(b"WARC/1.0\r\nWARC-Type: response") for o in offsets)


def test_dechunking_keeps_bodies_stored_dechunked_and_data_after_bad_framing():
    from scraper.warc import _dechunk

    assert _dechunk(chunked(HTML)) == HTML
    assert _dechunk(HTML) == HTML  # the header says chunked, the archiver stored it dechunked
    assert _dechunk(b"3\r\nabc\r\nzz not a size") == b"abczz not a size"
    assert _dechunk(b"5\r\nab") == b"ab"  # a torn last chunk


def test_reads_uncompressed_warc_and_whole_file_gzip(tmp_path):
    data = (
        record("warcinfo", b"x: y\r\n", url=None)
        + response(url="https://example.com/1")
        + response(url="https://example.com/2")
    )
    plain = write(tmp_path, "a.warc", data)
    whole = write(tmp_path, "b.warc.gz", gzip.compress(data))
    for path in (plain, whole):
        got = read_all(path)
        assert [p.url for p in got] == ["https://example.com/1", "https://example.com/2"]
    assert [p.offset for p in read_all(plain)] == [data.index(b"WARC/1.0\r\nWARC-Type: response", n) for n in (0, 300)]


def test_reads_records_written_by_warcio(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True, warc_version="1.1")
    headers = StatusAndHeaders("200 OK", [("Content-Type", "application/xhtml+xml")], protocol="HTTP/1.0")
    writer.write_record(
        writer.create_warc_record("https://example.com/x", "response", payload=io.BytesIO(HTML), http_headers=headers)
    )
    [got] = read_all(write(tmp_path, "w.warc.gz", buffer.getvalue()))
    assert (got.url, got.body, got.charset) == ("https://example.com/x", HTML, None)


# --- filters --------------------------------------------------------------------------------------


def test_only_2xx_html_responses_and_html_resources_are_pages(tmp_path):
    data = gz(
        response(url="https://example.com/html"),
        response(url="https://example.com/xhtml", content_type="Application/XHTML+XML"),
        response(b"\x89PNG", url="https://example.com/png", content_type="image/png"),
        response(url="https://example.com/404", status="404 Not Found"),
        response(url="https://example.com/301", status="301 Moved Permanently"),
        response(url="dns:example.com", content_type="text/dns"),
        record("resource", HTML, url="https://example.com/resource", content_type="text/html; charset=windows-1252"),
        record("resource", b"{}", url="https://example.com/json", content_type="application/json"),
        record("revisit", b"HTTP/1.1 200 OK\r\n\r\n", url="https://example.com/revisit"),
        record("request", b"GET / HTTP/1.1\r\n\r\n"),
    )
    got = read_all(write(tmp_path, "mixed.warc.gz", data))
    assert problems(got) == []
    assert [(p.url, p.status, p.charset) for p in got] == [
        ("https://example.com/html", 200, "utf-8"),
        ("https://example.com/xhtml", 200, None),
        ("https://example.com/resource", None, "windows-1252"),
    ]


def test_host_filter_keeps_the_host_and_its_subdomains(tmp_path):
    urls = [
        "https://example.com/",
        "https://www.example.com/",
        "http://news.example.com:8080/",
        "https://badexample.com/",
        "https://example.org/",
    ]
    path = write(tmp_path, "h.warc.gz", gz(*(response(url=u) for u in urls)))
    assert [p.url for p in read_all(path, hosts=["Example.COM"])] == urls[:3]
    assert [p.url for p in read_all(path, hosts="example.org")] == urls[4:]
    assert [p.url for p in read_all(path, hosts=("example.org", "news.example.com"))] == [urls[2], urls[4]]
    assert len(read_all(path)) == 5


def test_since_and_until_filter_on_warc_date(tmp_path):
    days = [f"2024-03-0{d}T12:00:00Z" for d in (1, 2, 3, 4)]
    path = write(
        tmp_path, "d.warc.gz", gz(*(response(url=f"https://example.com/{n}", date=d) for n, d in enumerate(days)))
    )
    since, until = datetime(2024, 3, 2, 12, tzinfo=timezone.utc), datetime(2024, 3, 4, 12, tzinfo=timezone.utc)
    assert [p.url[-1] for p in read_all(path, since=since)] == ["1", "2", "3"]
    assert [p.url[-1] for p in read_all(path, until=until)] == ["0", "1", "2"]
    assert [p.url[-1] for p in read_all(path, since=since, until=until)] == ["1", "2"]
    assert [p.url[-1] for p in read_all(path, since=datetime(2024, 3, 3))] == ["2", "3"]  # naive means UTC


# --- corrupt input --------------------------------------------------------------------------------


def three_pages() -> list[bytes]:
    return [response(os.urandom(3000).hex().encode(), url=f"https://example.com/{n}") for n in range(3)]


def test_truncated_gzip_keeps_earlier_pages_and_reports_the_torn_record(tmp_path):
    records = [gzip.compress(r) for r in three_pages()]
    data = b"".join(records)
    got = read_all(write(tmp_path, "t.warc.gz", data[:-1000]))
    assert [p.url for p in pages(got)] == ["https://example.com/0", "https://example.com/1"]
    [problem] = problems(got)
    assert problem.kind == "truncated" and problem.source == f"{tmp_path / 't.warc.gz'}#{len(records[0] + records[1])}"


def test_truncated_plain_warc_is_reported(tmp_path):
    data = b"".join(three_pages())
    got = read_all(write(tmp_path, "t.warc", data[:-500]))
    assert len(pages(got)) == 2
    [problem] = problems(got)
    assert problem.kind == "truncated" and "\n" not in problem.message


def test_garbage_between_records_is_reported_and_skipped(tmp_path):
    one, two, three = three_pages()
    noise = b"\x1f\x8b\x08 not really gzip" + os.urandom(500)
    path = write(tmp_path, "g.warc.gz", gz(one) + noise + gz(two) + b"\x00" * 100 + gz(three))
    got = read_all(path)
    assert [p.url for p in pages(got)] == [f"https://example.com/{n}" for n in range(3)]
    assert len(problems(got)) == 2
    assert all("corrupt gzip data" in p.message for p in problems(got))
    plain = write(tmp_path, "g.warc", b"garbage\r\n" + one + b"more garbage" + two + three)
    got = read_all(plain)
    assert [p.url for p in pages(got)] == [f"https://example.com/{n}" for n in range(3)]
    assert [p.message.split(":")[0] for p in problems(got)] == ["not a WARC record"] * 2


def test_corrupt_gzip_member_is_reported_and_the_next_record_read(tmp_path):
    one, two, three = (gzip.compress(r) for r in three_pages())
    broken = bytearray(two)
    broken[len(broken) // 2] ^= 0xFF
    got = read_all(write(tmp_path, "c.warc.gz", one + bytes(broken) + three))
    assert [p.url for p in pages(got)] == ["https://example.com/0", "https://example.com/2"]
    [problem] = problems(got)
    assert problem.source.endswith(f"#{len(one)}")


@pytest.mark.parametrize("wrong", [-10, +10, +100_000])
def test_wrong_content_length_is_reported_and_the_run_goes_on(tmp_path, wrong):
    one, two, three = three_pages()
    head, sep, rest = two.partition(b"\r\n\r\n")
    length = int(head.rsplit(b"Content-Length: ", 1)[1])
    bad = head.replace(b"Content-Length: %d" % length, b"Content-Length: %d" % (length + wrong)) + sep + rest
    archives = [("l.warc.gz", gz(one, bad, three)), ("l.warc", one + bad + three)]
    if wrong < 0:  # in a whole-file gzip a record swallowed by a too large Content-Length is lost
        archives.append(("whole.warc.gz", gzip.compress(one + bad + three)))
    for name, data in archives:
        got = read_all(write(tmp_path, name, data))
        assert [p.url for p in pages(got)] == ["https://example.com/0", "https://example.com/2"], name
        assert len(problems(got)) == 1, (name, got)
        assert problems(got)[0].url == "https://example.com/1"


def test_bad_headers_and_dates_are_reported(tmp_path):
    data = gz(
        response(url="https://example.com/0", date="not a date"),
        response(url="https://example.com/1", length=-1),
        response(url="https://example.com/2", status="banana"),
        b"WARC/1.0\r\nno colon here\r\n\r\n",
        record(
            "response", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nbroken\r\n\r\nx", url="https://example.com/4"
        ),
        response(url="https://example.com/5", headers="Content-Encoding: br\r\n"),
        response(b"\x1f\x8bnot gzip", url="https://example.com/6", headers="Content-Encoding: gzip\r\n"),
        response(url=None),
        response(url="https://example.com/ok"),
    )
    got = read_all(write(tmp_path, "b.warc.gz", data))
    assert [p.url for p in pages(got)] == ["https://example.com/ok"]
    messages = [p.message for p in problems(got)]
    assert len(messages) == 8
    assert messages[0].startswith("bad WARC-Date") and messages[1].startswith("bad WARC Content-Length")
    assert all("\n" not in m for m in messages)


def test_too_large_body_is_reported(tmp_path):
    path = write(
        tmp_path,
        "big.warc.gz",
        gz(response(b"x" * 300_000, url="https://example.com/big"), response(url="https://example.com/ok")),
    )
    got = read_all(path, max_bytes=100_000)
    assert [p.url for p in pages(got)] == ["https://example.com/ok"]
    assert [(p.kind, p.url) for p in problems(got)] == [("too_large", "https://example.com/big")]
    bomb = response(
        gzip.compress(b"x" * 2_000_000), url="https://example.com/bomb", headers="Content-Encoding: gzip\r\n"
    )
    assert [p.kind for p in read_all(write(tmp_path, "bomb.warc.gz", gz(bomb)), max_bytes=100_000)] == ["too_large"]


def test_empty_file_is_one_problem(tmp_path):
    path = write(tmp_path, "empty.warc.gz", b"")
    assert read_all(path) == [WarcProblem(source=f"{path}#0", message=f"{path} is empty: no WARC records")]


def test_missing_file_raises_input_error(tmp_path):
    with pytest.raises(InputError) as caught:
        read_all(tmp_path / "nope.warc.gz")
    assert caught.value.source == str(tmp_path / "nope.warc.gz")
    with pytest.raises(InputError):
        read_all(tmp_path)  # a directory


def _check_bounded(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "x.warc.gz"
        path.write_bytes(data)
        items = []
        for item in iter_warc(path):
            items.append(item)
            assert len(items) <= len(data) // 5 + 2  # each item takes up some input: the loop is bounded
    assert all(isinstance(item, WarcPage | WarcProblem) for item in items)
    assert all("\n" not in p.message for p in problems(items))


PLAUSIBLE_STARTS = st.sampled_from([b"WARC/1.0\r\n", b"\x1f\x8b\x08\x00", b"WARC/1.1\r\nContent-Length: 5\r\n\r\n"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000) | st.builds(bytes.__add__, PLAUSIBLE_STARTS, st.binary(max_size=500)))
def test_arbitrary_bytes_give_only_pages_and_problems(data):
    _check_bounded(data)


VALID = [
    gz(
        record("warcinfo", b"a: b\r\n", url=None),
        response(url="https://example.com/1"),
        response(chunked(HTML), headers="Transfer-Encoding: chunked\r\n"),
    ),
    record("warcinfo", b"a: b\r\n", url=None)
    + response(url="https://example.com/1")
    + response(HTML, url="https://example.com/2"),
]


EDIT = st.tuples(
    st.sampled_from(["flip", "cut", "insert", "delete"]), st.integers(0, 10**6), st.binary(min_size=1, max_size=20)
)


def mutated(valid: bytes, edits: list[tuple[str, int, bytes]]) -> bytes:
    """``valid`` with each edit applied: a flipped byte, a cut end, inserted or deleted bytes."""
    data = bytearray(valid)
    for edit, at, noise in edits:
        at %= len(data) + 1
        if edit == "flip" and at < len(data):
            data[at] ^= noise[0] or 1
        elif edit == "cut":
            del data[at:]
        elif edit == "insert":
            data[at:at] = noise
        elif edit == "delete":
            del data[at : at + len(noise)]
    return bytes(data)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(VALID), st.lists(EDIT, min_size=1, max_size=4), st.booleans())
def test_mutated_archives_give_only_pages_and_problems(valid, edits, whole_file_gzip):
    data = mutated(gzip.compress(valid) if whole_file_gzip and not valid.startswith(b"\x1f") else valid, edits)
    if data:
        _check_bounded(data)


# --- spans: parts of one archive read apart -------------------------------------------------------


def read_by_spans(path: Path, size: int) -> tuple[list, list[WarcSpan]]:
    """Read the spans apart, as the pipeline's workers do, and put them together as the pipeline does."""
    spans = warc_spans(path, size)
    items, reached = [], 0
    for span in spans:
        got = list(iter_warc(path, span=span))
        if span.start != reached:  # the reader before went past this span's start: read it again from there
            again = WarcSpan(reached, span.end)
            got = list(iter_warc(path, span=again))
            span.stop = again.stop
        items += got
        reached = span.stop
    return items, spans


def described(items: list) -> list[tuple]:
    return [(i.source, i.url, i.body) if isinstance(i, WarcPage) else (i.source, i.message) for i in items]


def test_spans_cut_a_gzip_archive_at_record_starts_and_read_together_give_the_whole(tmp_path):
    records = [response(os.urandom(2000).hex().encode(), url=f"https://example.com/{n}") for n in range(40)]
    path = write(tmp_path, "s.warc.gz", gz(*records))
    whole = read_all(path)
    items, spans = read_by_spans(path, 10_000)
    assert len(spans) > 4 and spans[0].start == 0 and spans[-1].end is None
    assert [s.end for s in spans[:-1]] == [s.start for s in spans[1:]]
    assert all(s.stop == (s.end if s.end is not None else path.stat().st_size) for s in spans)  # each met the next
    assert described(items) == described(whole) and len(pages(items)) == 40


def test_a_plain_warc_a_whole_file_gzip_and_a_missing_file_are_one_span(tmp_path):
    plain = write(tmp_path, "p.warc", b"".join(three_pages()))
    whole = write(tmp_path, "w.warc.gz", gzip.compress(b"".join(three_pages())))
    for path in (plain, whole, tmp_path / "missing.warc.gz"):
        assert warc_spans(path, 100) == [WarcSpan()]


def test_a_cut_inside_a_stored_archive_shows_as_a_span_that_does_not_meet_the_one_before(tmp_path):
    inner = gzip.compress(response(url="https://example.com/inner"))  # a .warc.gz member kept as a response body
    outer = response(inner * 30, content_type="application/gzip", url="https://example.com/archive.warc.gz")
    data = gz(response(url="https://example.com/before")) + gzip.compress(outer, compresslevel=0)
    data += gz(response(url="https://example.com/after"))
    path = write(tmp_path, "n.warc.gz", data)
    spans = warc_spans(path, 200)
    inside = [span for span in spans[1:] if 0 < span.start < len(data) - 200]
    assert inside  # stored blocks keep the inner members verbatim: a cut lands on one
    for span in spans:
        list(iter_warc(path, span=span))
    assert [s.stop for s in spans[:-1]] != [s.start for s in spans[1:]]  # so the readers can tell
    items, _ = read_by_spans(path, 200)
    assert described(items) == described(read_all(path))  # and reading again from where one stopped mends it


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(VALID[:1]), st.lists(EDIT, max_size=3), st.integers(1, 400))
def test_spans_of_any_damaged_archive_read_together_give_what_one_reader_gives(valid, edits, size):
    data = mutated(valid * 3, edits)
    if not data:
        return
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "x.warc.gz"
        path.write_bytes(data)
        whole = read_all(path)
        items, spans = read_by_spans(path, size)
        assert described(items) == described(whole)


# --- memory ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("compressed", [True, False])
def test_memory_stays_flat_on_a_50_mb_archive(tmp_path, compressed):
    rng = random.Random(1)
    body = b"<html><body>" + "".join(rng.choice("abcdefghij \n") for _ in range(150_000)).encode() + b"</body></html>"
    one = response(body, url="https://example.com/same")
    unit = gzip.compress(one) if compressed else one
    path = tmp_path / ("big.warc.gz" if compressed else "big.warc")
    count = 0
    with open(path, "wb") as out:
        while out.tell() < 50_000_000:
            out.write(unit)
            count += 1
    tracemalloc.start()
    try:
        seen = 0
        for item in iter_warc(path):
            assert isinstance(item, WarcPage) and len(item.body) == len(body)
            seen += 1
            del item
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert seen == count
    assert peak < 8 * len(body) + 2_000_000, peak  # a few copies of one page, not the archive


def test_a_bad_record_inside_a_whole_file_gzip_does_not_end_the_file(tmp_path):
    one, two, three = three_pages()
    data = gzip.compress(one + b"garbage line\r\n" + two.replace(b"WARC-Date: 2024", b"WARC-Date: x2024") + three)
    got = read_all(write(tmp_path, "whole.warc.gz", data))
    assert [p.url for p in pages(got)] == ["https://example.com/0", "https://example.com/2"]
    assert [p.message.split(" ")[0] for p in problems(got)] == ["not", "bad"]
