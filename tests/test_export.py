import os
from datetime import datetime, timezone

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.errors import ExportError, InputError, PermanentFetchError
from scraper.export import EXPORTERS, ErrorRecord, JsonlExporter, open_exporters, record_key
from scraper.export.jsonl import repair_tail
from scraper.records import Article, Block, Comment

NOW = datetime(2024, 1, 2, tzinfo=timezone.utc)


def article(text="Body", **changes):
    fields = dict(id="a" * 32, url="https://ex.com/a", source="s", extractor="generic", title="T",
                  body=[Block(type="paragraph", text=text)], fetched_at=NOW)
    fields.update(changes)
    return Article(**fields)


def lines(path):
    return path.read_bytes().splitlines(keepends=True)


def test_writes_one_whole_utf8_line_per_record_in_field_order(tmp_path):
    with JsonlExporter(tmp_path) as out:
        out.write(article(title="Won’t “stop”"))
    [line] = lines(tmp_path / "articles.jsonl")
    assert line.endswith(b"\n")
    assert "Won’t “stop”".encode() in line  # no ASCII escaping
    assert list(orjson.loads(line))[:3] == ["schema_version", "id", "url"]


def test_torn_tail_from_a_killed_run_is_cut_and_earlier_lines_kept(tmp_path):
    with JsonlExporter(tmp_path) as out:
        out.write(article())
    path = tmp_path / "articles.jsonl"
    good = path.read_bytes()
    with open(path, "ab") as handle:
        handle.write(b'{"schema_version":"2.0.0","id":"torn')
    with JsonlExporter(tmp_path) as out:
        out.write(article(text="Changed"))
    data = path.read_bytes()
    assert data.startswith(good)
    assert [orjson.loads(x)["text"] for x in data.splitlines()] == ["Body", "Changed"]


def test_repair_tail_handles_a_file_that_is_one_torn_line(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b"x" * 200_000)
    assert repair_tail(path) == 200_000
    assert path.read_bytes() == b""
    assert repair_tail(tmp_path / "missing.jsonl") == 0


def test_same_article_and_comment_are_not_written_twice_across_runs(tmp_path):
    comment = Comment(id="c" * 32, article_id="a" * 32, position=0, text="Hi", fetched_at=NOW)
    for _ in range(2):
        with JsonlExporter(tmp_path) as out:
            out.write(article())
            out.write(comment)
    assert len(lines(tmp_path / "articles.jsonl")) == 1
    assert len(lines(tmp_path / "comments.jsonl")) == 1


def test_changed_content_is_written_again_with_the_same_id(tmp_path):
    with JsonlExporter(tmp_path) as out:
        assert out.write(article(text="v1"))
        assert out.write(article(text="v2"))
        assert not out.write(article(text="v1"))
    ids = {orjson.loads(x)["id"] for x in lines(tmp_path / "articles.jsonl")}
    assert len(lines(tmp_path / "articles.jsonl")) == 2 and len(ids) == 1


def test_error_record_carries_kind_status_and_attempts(tmp_path):
    exc = PermanentFetchError("GET https://ex.com/x returned 404", url="https://ex.com/x", kind="http_status", status=404, attempts=1)
    with JsonlExporter(tmp_path) as out:
        out.write(ErrorRecord.from_error("https://ex.com/x", exc, NOW.isoformat()))
    [line] = lines(tmp_path / "errors.jsonl")
    record = orjson.loads(line)
    assert (record["source"], record["error"], record["status"], record["attempts"]) == ("https://ex.com/x", "http_status", 404, 1)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output_is_an_export_error(tmp_path):
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="cannot create output directory .*out: Permission denied"):
            JsonlExporter(tmp_path / "out").__enter__()
    finally:
        tmp_path.chmod(0o700)


def test_output_file_that_is_a_directory_is_named_with_its_cause(tmp_path):
    (tmp_path / "articles.jsonl").mkdir()
    with pytest.raises(ExportError) as caught:
        JsonlExporter(tmp_path).__enter__()
    assert str(caught.value) == f"cannot open output file {tmp_path / 'articles.jsonl'}: it is a directory, not a file"
    assert caught.value.path == str(tmp_path / "articles.jsonl")


def test_output_directory_that_is_a_file_is_named(tmp_path):
    (tmp_path / "out").write_text("x")
    with pytest.raises(ExportError, match=r"it is a file, not a directory"):
        JsonlExporter(tmp_path / "out").__enter__()


def test_output_directory_under_a_file_names_the_cause(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match=r"a part of its path is a file"):
        JsonlExporter(tmp_path / "file" / "out").__enter__()


@pytest.mark.skipif(not os.path.isdir("/proc/1"), reason="needs Linux /proc")
def test_a_directory_that_refuses_new_files_is_named_as_the_cause():
    with pytest.raises(ExportError) as caught:
        JsonlExporter("/proc/1").__enter__()
    assert str(caught.value) == "cannot create output file /proc/1/articles.jsonl: /proc/1 does not accept new files"


# -- the registry and the fan-out ------------------------------------------------------------


def test_formats_are_chosen_by_name_from_the_registry():
    assert list(EXPORTERS) == ["jsonl", "parquet"]
    assert all(cls.name == name for name, cls in EXPORTERS.items())


def test_unknown_or_no_format_is_a_bad_input_error_listing_the_known_names(tmp_path):
    for formats, message in ((["yaml"], "unknown output format 'yaml'; known formats: jsonl, parquet"),
                             ([], "no output format given; known formats: jsonl, parquet")):  # fmt: skip
        with pytest.raises(InputError) as caught:
            open_exporters(formats, tmp_path)
        assert (caught.value.kind, caught.value.message) == ("bad_input", message)


def test_one_exporter_writes_to_every_format_and_counts_once(tmp_path):
    pytest.importorskip("pyarrow")
    with open_exporters(["jsonl", "parquet", "jsonl"], tmp_path) as out:
        assert out.names == ("jsonl", "parquet") and out.deferred == {"parquet"}
        assert out.write(article())
        assert not out.write(article())
    assert (out.written["article"], out.skipped) == (1, 1)
    assert len(lines(tmp_path / "articles.jsonl")) == 1
    assert [p.name for p in tmp_path.glob("articles-*.parquet")] == ["articles-000001.parquet"]
    assert set(out.mark()) == {"articles.jsonl", "comments.jsonl", "errors.jsonl",
                               "articles-*.parquet", "comments-*.parquet", "errors-*.parquet"}  # fmt: skip


def test_a_format_that_lost_a_record_gets_it_and_the_others_skip_it(tmp_path):
    pytest.importorskip("pyarrow")
    with open_exporters(["jsonl"], tmp_path) as out:
        out.write(article())
    with open_exporters(["jsonl", "parquet"], tmp_path) as out:
        assert out.write(article())  # new to parquet
    assert len(lines(tmp_path / "articles.jsonl")) == 1


def test_write_only_to_the_named_formats(tmp_path):
    pytest.importorskip("pyarrow")
    with open_exporters(["jsonl", "parquet"], tmp_path, dedupe=False) as out:
        out.write(article(), only=("parquet",))
    assert lines(tmp_path / "articles.jsonl") == []
    assert [key for name, key in out.keys_since({})] and {name for name, _ in out.keys_since({})} == {"parquet"}


def test_jsonl_keys_since_a_mark_are_those_of_later_lines(tmp_path):
    with JsonlExporter(tmp_path, dedupe=False) as out:
        out.write(article(text="one"))
        mark = out.mark()
        out.write(article(text="two"))
        out.write(ErrorRecord(source="s", error="bad_input", message="m", failed_at=NOW.isoformat()))
    assert mark["articles.jsonl"] == (tmp_path / "articles.jsonl").stat().st_size - len(lines(tmp_path / "articles.jsonl")[1])
    assert list(out.keys_since(mark)) == [record_key("article", article(text="two").to_dict())]
    assert len(list(out.keys_since({}))) == 2


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tail=st.binary(max_size=512) | st.lists(st.sampled_from([b"{}", b"[]", b'{"id": 1}', b"null", b"\xff", b'{"id":"x","content_hash":[1]}']), max_size=5).map(b"\n".join))
def test_any_bytes_after_the_mark_give_keys_and_never_raise(tmp_path, tail):
    path = tmp_path / "articles.jsonl"
    path.write_bytes(b'{"id":"1","content_hash":"x"}\n')
    with JsonlExporter(tmp_path, dedupe=False) as out:
        mark = out.mark()
        with open(path, "ab") as handle:
            handle.write(tail)
        assert all(isinstance(key, bytes) and len(key) == 16 for key in out.keys_since(mark))
