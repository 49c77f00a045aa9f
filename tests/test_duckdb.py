"""schemas/duckdb.sql: typed views over the JSONL output that work on real and on empty files."""

from datetime import datetime, timedelta

import orjson
import pytest

from scraper.export import open_exporters
from scraper.records import SCHEMA_VERSION, Article, Block, ErrorRecord

from conftest import FETCHED_AT, ROOT

duckdb = pytest.importorskip("duckdb")

VIEWS = ROOT / "schemas" / "duckdb.sql"
AUTHOR = 'STRUCT("name" VARCHAR, url VARCHAR, bio VARCHAR)[]'
IMAGE = "STRUCT(url VARCHAR, caption VARCHAR, credit VARCHAR, alt VARCHAR)"


def views(directory):
    con = duckdb.connect()
    con.execute("SET VARIABLE scraper_dir = ?", [str(directory)])
    con.execute(VIEWS.read_text())
    return con


def types(con, view):
    return {name: kind for name, kind, *_ in con.execute(f"DESCRIBE {view}").fetchall()}


def jsonl(path):
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_views_give_typed_columns_over_scraped_fixtures(scraped_fixtures):
    con = views(scraped_fixtures)
    article = types(con, "articles")
    assert article["published_at"] == article["fetched_at"] == "TIMESTAMP WITH TIME ZONE"
    assert article["published_at_offset_minutes"] == "SMALLINT"
    assert article["authors"] == AUTHOR
    assert article["lead_image"] == IMAGE and article["images"] == f"{IMAGE}[]"
    assert article["body"] == "STRUCT(\"type\" VARCHAR, \"text\" VARCHAR, url VARCHAR)[]"
    assert article["schema_version"] == "VARCHAR" and article["word_count"] == "BIGINT"
    assert types(con, "comments")["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types(con, "errors")["failed_at"] == "TIMESTAMP WITH TIME ZONE"
    lines = jsonl(scraped_fixtures / "articles.jsonl")
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == len(lines)
    assert con.execute("SELECT count(*) FROM comments").fetchone()[0] == len(jsonl(scraped_fixtures / "comments.jsonl"))
    assert con.execute("SELECT DISTINCT schema_version FROM articles").fetchall() == [(SCHEMA_VERSION,)]


def test_dates_keep_the_instant_and_the_page_offset(scraped_fixtures):
    con = views(scraped_fixtures)
    by_id = {line["id"]: line for line in jsonl(scraped_fixtures / "articles.jsonl")}
    rows = con.execute("SELECT id, published_at, published_at_offset_minutes, authors FROM articles").fetchall()
    assert any(offset not in (0, None) for _, _, offset, _ in rows), "the fixtures carry a non-UTC offset"
    for article_id, published, offset, authors in rows:
        line = by_id[article_id]
        expected = datetime.fromisoformat(line["published_at"]) if line["published_at"] else None
        assert published == expected  # same instant
        if expected is not None:
            assert timedelta(minutes=offset) == expected.utcoffset()
        assert [a["name"] for a in authors] == [a["name"] for a in line["authors"]]


def test_views_work_on_empty_files(tmp_path):
    with open_exporters(["jsonl"], tmp_path):
        pass  # creates the three files, empty
    con = views(tmp_path)
    for view in ("articles", "comments", "errors"):
        assert con.execute(f"SELECT count(*) FROM {view}").fetchone() == (0,)
    assert types(con, "errors")["error"] == "VARCHAR"
    assert types(con, "articles")["authors"] == AUTHOR


def test_views_follow_the_variable_to_another_directory(tmp_path):
    for name, records in (("empty", []), ("full", [ErrorRecord(source="x", error="bad_input", message="m", failed_at=FETCHED_AT.isoformat())])):
        with open_exporters(["jsonl"], tmp_path / name) as out:
            for record in records:
                out.write(record)
    con = views(tmp_path / "empty")
    assert con.execute("SELECT count(*) FROM errors").fetchone() == (0,)
    con.execute("SET VARIABLE scraper_dir = ?", [str(tmp_path / "full")])
    assert con.execute("SELECT error, failed_at FROM errors").fetchall() == [("bad_input", FETCHED_AT)]


def test_views_have_the_columns_and_types_of_the_parquet_output(tmp_path):
    pytest.importorskip("pyarrow")
    article = Article(id="a" * 32, url="https://ex.com/a", source="s", extractor="generic", title="T",
                      body=[Block(type="paragraph", text="Body")], fetched_at=FETCHED_AT)  # fmt: skip
    with open_exporters(["jsonl", "parquet"], tmp_path) as out:
        out.write(article)
    con = views(tmp_path)
    for view, stem in (("articles", "articles"), ("comments", "comments"), ("errors", "errors")):
        parquet = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{tmp_path}/{stem}-*.parquet')").fetchall()
        assert list(types(con, view).items()) == [(name, kind) for name, kind, *_ in parquet], view
