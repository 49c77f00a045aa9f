"""The Parquet exporter: typed columns DuckDB and pandas read as they are, part files that appear
only when finished, dedupe across runs, and crawls that lose nothing when killed."""

import logging
import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import attrs
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.errors import ExportError, InputError
from scraper.export import open_exporters
from scraper.export.parquet import ParquetExporter
from scraper.pipeline import extract_page
from scraper.records import SCHEMA_VERSION, Article, Author, Block, Comment, ErrorRecord

from conftest import FETCHED_AT, FIXTURES, ROOT

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

PAGES = sorted((FIXTURES / "html").rglob("*.html"))
OFFSET_COLUMNS = {"published_at": "published_at_offset_minutes", "modified_at": "modified_at_offset_minutes"}


def article(text="Body", **changes):
    fields = dict(id="a" * 32, url="https://ex.com/a", source="s", extractor="generic", title="T",
                  body=[Block(type="paragraph", text=text)], fetched_at=FETCHED_AT)  # fmt: skip
    fields.update(changes)
    return Article(**fields)


def fixture_results():
    for page in PAGES:
        yield extract_page(page.read_bytes(), page.resolve().as_uri(), source=str(page), fetched_at=FETCHED_AT)


@pytest.fixture(scope="module")
def fixture_parts(tmp_path_factory):
    """Every fixture page written as Parquet (one row group per page), next to the same as JSONL."""
    out = tmp_path_factory.mktemp("parquet")
    with open_exporters(["jsonl", "parquet"], out) as exporter:
        for result in fixture_results():
            for record in result.records():
                exporter.write(record)
            exporter.flush()
    return out


def parts(directory, stem="articles"):
    return sorted(Path(directory).glob(f"{stem}-*.parquet"))


def jsonl(path):
    return [orjson.loads(line) for line in Path(path).read_bytes().splitlines()]


@pytest.mark.parametrize("kind", ["article", "comment", "error"])
def test_columns_are_the_record_fields_in_order_with_the_page_offset_beside_each_page_date(kind, tmp_path):
    cls = {"article": Article, "comment": Comment, "error": ErrorRecord}[kind]
    with ParquetExporter(tmp_path):
        pass
    [part] = parts(tmp_path, {"article": "articles", "comment": "comments", "error": "errors"}[kind])
    expected = []
    for field in attrs.fields(cls):
        expected.append(field.name)
        if kind != "error" and field.name in OFFSET_COLUMNS:
            expected.append(OFFSET_COLUMNS[field.name])
    schema = pq.read_schema(part)
    assert schema.names == expected
    assert schema.metadata[b"scraper_schema_version"] == SCHEMA_VERSION.encode()


def test_duckdb_reads_the_parts_with_typed_columns_and_no_options(fixture_parts):
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    glob = f"{fixture_parts}/articles-*.parquet"
    kinds = {name: kind for name, kind, *_ in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{glob}')").fetchall()}
    assert kinds["published_at"] == kinds["fetched_at"] == "TIMESTAMP WITH TIME ZONE"
    assert kinds["published_at_offset_minutes"] == "SMALLINT"
    assert kinds["authors"] == 'STRUCT("name" VARCHAR, url VARCHAR, bio VARCHAR)[]'
    assert kinds["body"] == 'STRUCT("type" VARCHAR, "text" VARCHAR, url VARCHAR)[]'
    assert kinds["lead_image"] == "STRUCT(url VARCHAR, caption VARCHAR, credit VARCHAR, alt VARCHAR)"
    assert kinds["schema_version"] == "VARCHAR" and kinds["word_count"] == "BIGINT"
    lines = {line["id"]: line for line in jsonl(fixture_parts / "articles.jsonl")}
    rows = con.execute(f"SELECT id, published_at, published_at_offset_minutes, authors, len(body) FROM read_parquet('{glob}')").fetchall()
    assert len(rows) == len(lines) == len(PAGES)
    for article_id, published, offset, authors, blocks in rows:
        line = lines[article_id]
        expected = datetime.fromisoformat(line["published_at"]) if line["published_at"] else None
        assert published == expected
        assert offset == (None if expected is None else expected.utcoffset() // timedelta(minutes=1))
        assert [a["name"] for a in authors] == [a["name"] for a in line["authors"]]
        assert blocks == len(line["body"])
    assert {offset for *_, offset, _, _ in rows} >= {0, -420}  # UTC and US Pacific pages
    comments = con.execute(f"SELECT count(*) FROM read_parquet('{fixture_parts}/comments-*.parquet')").fetchone()[0]
    assert comments == len(jsonl(fixture_parts / "comments.jsonl"))
    assert con.execute(f"SELECT count(*) FROM read_parquet('{fixture_parts}/errors-*.parquet')").fetchone() == (0,)


def test_pandas_reads_the_parts_with_typed_columns_and_no_options(fixture_parts):
    pd = pytest.importorskip("pandas")
    frame = pd.read_parquet(parts(fixture_parts))
    assert str(frame["published_at"].dtype) == str(frame["fetched_at"].dtype) == "datetime64[us, UTC]"
    assert frame["schema_version"].tolist() == [SCHEMA_VERSION] * len(PAGES)  # a string, not the float 2.0
    assert frame["word_count"].dtype == "int64"
    first = frame.iloc[0]
    line = next(x for x in jsonl(fixture_parts / "articles.jsonl") if x["id"] == first["id"])
    assert first["published_at"] == pd.Timestamp(line["published_at"])
    assert [a["name"] for a in first["authors"]] == [a["name"] for a in line["authors"]]
    assert [b["type"] for b in first["body"]] == [b["type"] for b in line["body"]]
    assert pd.read_parquet(parts(fixture_parts, "errors")).columns[-1] == "failed_at"


def test_row_groups_are_written_as_pages_finish_and_the_part_appears_when_closed(tmp_path):
    with ParquetExporter(tmp_path, row_group_rows=1) as out:
        for n in range(3):
            out.write(article(text=f"v{n}"))
            out.flush()
        [unfinished] = tmp_path.glob("articles-*.parquet.tmp")
        assert unfinished.stat().st_size > 0  # row groups are on disk already
        assert parts(tmp_path) == []  # ...but no reader globbing *.parquet sees the part yet
    [part] = parts(tmp_path)
    assert part.name == "articles-000001.parquet"
    assert pq.ParquetFile(part).metadata.num_row_groups == 3
    assert list(tmp_path.glob("*.tmp")) == []


def test_records_already_in_finished_parts_are_skipped_on_the_next_run(tmp_path):
    comment = Comment(id="c" * 32, article_id="a" * 32, position=0, text="Hi", fetched_at=FETCHED_AT)
    for _ in range(2):
        with ParquetExporter(tmp_path) as out:
            out.write(article())
            out.write(comment)
    assert out.written == {"article": 0, "comment": 0, "error": 0} and out.skipped == 2
    assert len(parts(tmp_path)) == len(parts(tmp_path, "comments")) == 1  # no empty second part
    with ParquetExporter(tmp_path) as out:
        assert out.write(article(text="changed"))
        assert not out.write(article())
    assert sum(pq.read_metadata(p).num_rows for p in parts(tmp_path)) == 2


def test_every_kind_gets_a_part_once_so_globs_always_match(tmp_path):
    with ParquetExporter(tmp_path) as out:
        out.write(article())
    assert [len(parts(tmp_path, stem)) for stem in ("articles", "comments", "errors")] == [1, 1, 1]
    assert pq.read_metadata(parts(tmp_path, "errors")[0]).num_rows == 0
    with ParquetExporter(tmp_path) as out:
        out.write(article(text="again"))
    assert [len(parts(tmp_path, stem)) for stem in ("articles", "comments", "errors")] == [2, 1, 1]


def test_datetimes_are_utc_with_the_offset_beside_them(tmp_path):
    berlin = timezone(timedelta(hours=2))
    record = article(published_at=datetime(2024, 5, 1, 9, 30, tzinfo=berlin), authors=[Author(name="Ann")])
    failed = ErrorRecord(source="x", error="bad_input", message="m", failed_at="2024-05-01T07:30:00+00:00")
    with ParquetExporter(tmp_path) as out:
        out.write(record)
        out.write(failed)
    row = pq.read_table(parts(tmp_path)[0]).to_pylist()[0]
    assert row["published_at"] == datetime(2024, 5, 1, 7, 30, tzinfo=timezone.utc)
    assert row["published_at_offset_minutes"] == 120
    assert row["modified_at"] is None and row["modified_at_offset_minutes"] is None
    assert row["authors"] == [{"name": "Ann", "url": None, "bio": None}]
    error = pq.read_table(parts(tmp_path, "errors")[0]).to_pylist()[0]
    assert error["failed_at"] == datetime(2024, 5, 1, 7, 30, tzinfo=timezone.utc)


def test_lone_surrogates_become_replacement_characters(tmp_path):
    with ParquetExporter(tmp_path) as out:
        out.write(article(source="caf\udce9.html"))
    assert pq.read_table(parts(tmp_path)[0]).column("source").to_pylist() == ["caf\ufffd.html"]


DIE_AFTER_A_FLUSH = """
import os, sys
from datetime import datetime, timezone
from scraper.export.parquet import ParquetExporter
from scraper.records import Article
out = ParquetExporter(sys.argv[1], row_group_rows=1).__enter__()
out.write(Article(id="b" * 32, url="https://ex.com/b", source="s", extractor="generic", title="Lost",
                  fetched_at=datetime(2024, 1, 1, tzinfo=timezone.utc)))
out.flush()
print("flushed", flush=True)
sys.stdin.read()  # wait to be killed
"""


def test_a_part_left_by_a_killed_process_breaks_no_reader_and_is_removed_with_a_warning(tmp_path, caplog):
    with ParquetExporter(tmp_path) as out:
        out.write(article())
    proc = subprocess.Popen([sys.executable, "-c", DIE_AFTER_A_FLUSH, str(tmp_path)], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)  # fmt: skip
    try:
        assert proc.stdout.readline() == b"flushed\n"
        with ParquetExporter(tmp_path) as live:  # the process is alive: its part is left alone
            pass
        assert len(list(tmp_path.glob("*.parquet.tmp"))) == 1
        assert live.mark()["articles-*.parquet"] == 1
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    duckdb = pytest.importorskip("duckdb")
    assert duckdb.connect().execute(f"SELECT title FROM read_parquet('{tmp_path}/articles-*.parquet')").fetchall() == [("T",)]
    with caplog.at_level(logging.WARNING), ParquetExporter(tmp_path) as out:
        assert out.write(Article(id="b" * 32, url="https://ex.com/b", source="s", extractor="generic", title="Lost",
                                 fetched_at=FETCHED_AT))  # fmt: skip
    assert list(tmp_path.glob("*.tmp")) == []
    assert "unfinished part left by a killed run" in caplog.text
    assert sorted(r for p in parts(tmp_path) for r in pq.read_table(p).column("title").to_pylist()) == ["Lost", "T"]


def test_two_writers_in_one_directory_get_parts_of_their_own(tmp_path):
    with ParquetExporter(tmp_path, dedupe=False) as first, ParquetExporter(tmp_path, dedupe=False) as second:
        first.write(article(text="one"))
        first.flush()
        second.write(article(text="two"))
    names = [p.name for p in parts(tmp_path)]
    assert names == ["articles-000001.parquet", "articles-000002.parquet"]


def test_keys_since_a_mark_are_those_of_later_parts(tmp_path):
    with ParquetExporter(tmp_path) as out:
        out.write(article(text="one"))
    mark = out.mark()
    with ParquetExporter(tmp_path) as out:
        out.write(article(text="two"))
        out.write(Comment(id="c" * 32, article_id="a" * 32, position=0, text="Hi", fetched_at=FETCHED_AT))
    assert len(list(out.keys_since(mark))) == 2
    assert len(list(out.keys_since({}))) == 3
    assert len(list(out.keys_since({"articles-*.parquet": 99, "comments-*.parquet": 2}))) == 2  # parts merged away: all read


def test_unknown_format_is_an_input_error_naming_the_known_ones(tmp_path):
    with pytest.raises(InputError) as caught:
        open_exporters(["jsonl", "xml"], tmp_path)
    assert caught.value.kind == "bad_input"
    assert caught.value.message == "unknown output format 'xml'; known formats: jsonl, parquet"
    assert not (tmp_path / "articles.jsonl").exists()


def test_parquet_without_pyarrow_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(InputError, match=r"pip install 'scraper\[parquet\]'"):
        open_exporters(["parquet"], tmp_path)
    assert open_exporters(["jsonl"], tmp_path)  # JSONL needs no pyarrow


def test_jsonl_alone_does_not_import_pyarrow():
    code = "import sys, scraper.export; scraper.export.open_exporters(['jsonl'], '.'); print('pyarrow' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, check=True).stdout == b"False\n"


def test_a_foreign_file_named_like_a_part_is_an_export_error(tmp_path):
    pq.write_table(pa.table({"x": [1]}), tmp_path / "articles-000001.parquet")
    with pytest.raises(ExportError, match=r"articles-000001.parquet .*move it out of the output directory"):
        ParquetExporter(tmp_path).__enter__()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2048) | st.sampled_from([b"PAR1", b"PAR1" + b"\0" * 64 + b"PAR1"]))
def test_any_bytes_in_a_part_give_an_export_error_naming_it(tmp_path, data):
    path = tmp_path / "articles-000001.parquet"
    path.write_bytes(data)
    try:
        with pytest.raises(ExportError) as caught:
            ParquetExporter(tmp_path).__enter__()
        assert str(path) in caught.value.message
    finally:
        path.unlink()


# -- crawls -------------------------------------------------------------------------------------

from scraper.crawling import STATE_NAME, CrawlConfig, Site, crawl  # noqa: E402
from scraper.crawling.state import State  # noqa: E402
from scraper.settings import Settings  # noqa: E402
from tests.fakesite import FakeNewsExtractor, FakeSite  # noqa: E402
from tests.servers import serve  # noqa: E402

SETTINGS = Settings(retries=1, backoff_base=0.0, timeout=5.0)
BOTH = ("jsonl", "parquet")


class Killed(BaseException):
    """Stands in for SIGKILL: nothing after the raise runs, and nothing catches it."""


@pytest.fixture
def site():
    with serve() as server:
        yield FakeSite(server)


def site_config(site):
    return CrawlConfig(sites=[Site(name="harbor", feeds=[site.feed_url], sitemaps=[site.sitemap_index_url],
                                   extractor=FakeNewsExtractor)], options=dict(delay=0.0))  # fmt: skip


def parquet_rows(out, stem="articles"):
    return [row for part in parts(out, stem) for row in pq.read_table(part).to_pylist()]


def assert_every_article_exactly_once(site, out, formats=BOTH):
    expected = sorted(site.article_url(s) for s in site.slugs)
    outputs = [parquet_rows(out), *([jsonl(out / "articles.jsonl")] if "jsonl" in formats else [])]
    for rows in outputs:
        assert Counter((r["id"], r["content_hash"]) for r in rows).most_common(1)[0][1] == 1
        assert sorted(r["url"] for r in rows) == expected


def test_crawl_writes_every_record_to_each_format(site, tmp_path):
    site.add_articles(5)
    site.comment("story-00001", "Ann", "First!")
    summary = crawl([], tmp_path, SETTINGS, config=site_config(site), formats=BOTH)
    assert (summary.articles, summary.comments) == (5, 1)
    assert_every_article_exactly_once(site, tmp_path)
    assert [c["text"] for c in parquet_rows(tmp_path, "comments")] == ["First!"]
    again = crawl([], tmp_path, SETTINGS, config=site_config(site), formats=BOTH)
    assert again.articles == 0 and len(parts(tmp_path)) == 1


def test_crawl_with_an_unknown_format_fails_before_touching_anything(site, tmp_path):
    with pytest.raises(InputError, match="known formats: jsonl, parquet"):
        crawl([], tmp_path / "out", SETTINGS, config=site_config(site), formats=("csv",))
    assert not (tmp_path / "out").exists() and site.server.requests == []


@pytest.mark.parametrize("formats", [BOTH, ("parquet",)])
def test_parquet_records_of_a_killed_crawl_are_written_again_and_jsonl_is_not_duplicated(site, tmp_path, monkeypatch, formats):
    site.add_articles(6)
    original_checkpoint, original_close = State.checkpoint, ParquetExporter.close

    def checkpoint_then_die(self, db, exporter):
        if self.emitted_count() >= 5:  # four pages committed, the fifth never commits
            raise Killed()
        return original_checkpoint(self, db, exporter)

    def die(self):  # a killed process never finishes its parts: drop the locks, leave the .tmp files
        for fd in self._locks.values():
            os.close(fd)
        self._locks.clear()

    monkeypatch.setattr(State, "checkpoint", checkpoint_then_die)
    monkeypatch.setattr(ParquetExporter, "close", die)
    with pytest.raises(Killed):
        crawl([], tmp_path, SETTINGS, config=site_config(site), formats=formats)
    monkeypatch.setattr(State, "checkpoint", original_checkpoint)
    monkeypatch.setattr(ParquetExporter, "close", original_close)
    assert parts(tmp_path) == []  # the rows died in memory or in an unfinished .tmp part
    state = State.open(tmp_path / STATE_NAME)
    pending = state.db.execute("SELECT count(*) FROM pending WHERE output = 'parquet' AND lost = 0").fetchone()[0]
    state.close()
    assert pending == 4  # committed pages whose Parquet rows exist only in the unfinished part
    before = len(site.server.requests)
    summary = crawl([], tmp_path, SETTINGS, config=site_config(site), formats=formats)
    assert summary.articles == 6
    assert_every_article_exactly_once(site, tmp_path, formats)
    assert site.server.requests[before:], "lost pages are fetched again"
    state = State.open(tmp_path / STATE_NAME)
    assert state.db.execute("SELECT count(*) FROM pending").fetchone() == (0,)
    state.close()


def test_a_crawl_killed_before_settling_finds_its_finished_parts_and_requeues_nothing(site, tmp_path, monkeypatch):
    site.add_articles(3)
    monkeypatch.setattr(State, "settle", lambda self, exporter: (_ for _ in ()).throw(Killed()))
    with pytest.raises(Killed):
        crawl([], tmp_path, SETTINGS, config=site_config(site), formats=BOTH)
    monkeypatch.undo()
    before = len(site.server.requests)
    summary = crawl([], tmp_path, SETTINGS, config=site_config(site), formats=BOTH)
    assert (summary.queued, summary.articles) == (0, 0)
    assert not any(r.path.startswith("/articles/") for r in site.server.requests[before:])
    assert_every_article_exactly_once(site, tmp_path)


CRAWL = """
import sys
from scraper.crawling import CrawlConfig, crawl
from scraper.export.parquet import ParquetExporter
from scraper.settings import Settings
ParquetExporter.__init__.__kwdefaults__["row_group_rows"] = 1  # a row group per page: the kill leaves a .tmp part
options = dict(delay=0.0, per_host=4, concurrency=4)
crawl(sys.argv[1:3], sys.argv[3], Settings(retries=0), config=CrawlConfig(options=options), formats=("jsonl", "parquet"))
"""


def count_lines(path):
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def test_sigkill_mid_crawl_then_resume_writes_every_article_once_to_both_formats(tmp_path):
    with serve() as server:
        site = FakeSite(server, latency=0.02)
        site.add_articles(120)
        proc = subprocess.Popen([sys.executable, "-c", CRAWL, site.feed_url, site.sitemap_index_url, str(tmp_path)],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
        killed = False
        for _ in range(1200):  # bounded poll, at most a minute
            if count_lines(tmp_path / "articles.jsonl") >= 30:
                proc.send_signal(signal.SIGKILL)
                killed = True
                break
            try:
                proc.wait(timeout=0.05)
                break
            except subprocess.TimeoutExpired:
                continue
        proc.communicate(timeout=30)
        assert killed, "the crawl finished before it could be killed; the site is too fast"
        assert parts(tmp_path) == [] and list(tmp_path.glob("articles-*.parquet.tmp"))
        rerun = subprocess.run([sys.executable, "-c", CRAWL, site.feed_url, site.sitemap_index_url, str(tmp_path)],
                               cwd=ROOT, capture_output=True, timeout=120, check=False)  # fmt: skip
        assert rerun.returncode == 0, rerun.stderr.decode()
        assert "unfinished part left by a killed run" in rerun.stderr.decode()
        assert_every_article_exactly_once(site, tmp_path)
