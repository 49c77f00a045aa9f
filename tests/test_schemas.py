"""schemas/ stays true to the records, and every line the exporter writes validates."""

import json
import re

import attrs
import orjson
import pytest

import scraper
from scraper.export import ErrorRecord
from scraper.records import Article, Author, Block, Comment, Image, Link
from scraper.validate import problems, validator

from conftest import ROOT


def schema(name):
    return json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text())


# Fields added in a minor version of the schema, by record: optional, so lines of the same major version before
# them still validate (README, Output); they come last.
ADDED_IN_MINOR = {"article": ["not_an_article"], "comment": [], "error": []}


@pytest.mark.parametrize(("name", "cls"), [("article", Article), ("comment", Comment), ("error", ErrorRecord)])
def test_schema_lists_exactly_the_record_fields_in_order(name, cls):
    s = schema(name)
    fields = [f.name for f in attrs.fields(cls)]
    assert list(s["properties"]) == fields
    added = ADDED_IN_MINOR[name]
    assert s["required"] == fields[: len(fields) - len(added)] and fields[len(fields) - len(added):] == added
    assert s["additionalProperties"] is False
    assert all(p.get("description") for p in s["properties"].values()), "every field documented"


def test_a_line_of_the_older_minor_version_still_validates(scraped_fixtures):
    record = orjson.loads((scraped_fixtures / "articles.jsonl").read_bytes().splitlines()[0])
    assert record["not_an_article"] is None and not problems("article", record)
    older = {key: value for key, value in record.items() if key != "not_an_article"}
    assert not problems("article", {**older, "schema_version": "2.0.0"})


@pytest.mark.parametrize(
    ("path", "cls"),
    [(("authors", "items"), Author), (("lead_image", "oneOf", 1), Image), (("body", "items"), Block), (("related", "items"), Link)],
)
def test_nested_schemas_match_nested_records(path, cls):
    node = schema("article")["properties"]
    for key in path:
        node = node[key]
    assert list(node["properties"]) == [f.name for f in attrs.fields(cls)]


def test_block_types_in_schema_match_the_code():
    from scraper.records import BLOCK_TYPES

    assert schema("article")["properties"]["body"]["items"]["properties"]["type"]["enum"] == list(BLOCK_TYPES)


def test_packaged_schemas_are_the_top_level_ones():
    for name in ("article", "comment", "error"):
        assert validator(name).schema == schema(name)


def test_every_exported_line_validates(scraped_fixtures):
    counts = {}
    for kind, file in (("article", "articles.jsonl"), ("comment", "comments.jsonl")):
        for number, line in enumerate((scraped_fixtures / file).read_bytes().splitlines(), 1):
            assert problems(kind, orjson.loads(line)) == [], f"{file}:{number}"
            counts[kind] = number
    assert counts["article"] >= 9 and counts["comment"] >= 38


def test_schema_rejects_a_date_without_offset_and_an_unknown_field():
    record = orjson.loads((ROOT / "fixtures/html/windowscentral/microsoft-facial-recognition-police.expected.json").read_bytes())["article"]
    assert problems("article", record) == []
    assert problems("article", {**record, "published_at": "June 11"})
    assert problems("article", {**record, "extra": 1})


def test_public_api_is_small_and_sorted():
    assert scraper.__all__ == sorted(scraper.__all__)
    for name in scraper.__all__:
        assert getattr(scraper, name) is not None


def test_schema_version_is_a_semver_string_no_reader_takes_for_a_number(scraped_fixtures):
    from scraper.records import SCHEMA_VERSION

    assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", SCHEMA_VERSION)
    for name in ("article", "comment", "error"):
        node = schema(name)["properties"]["schema_version"]
        assert node["type"] == "string" and "semver" in node["description"]
        assert re.fullmatch(node["pattern"].strip("^$"), SCHEMA_VERSION)
    record = orjson.loads((scraped_fixtures / "articles.jsonl").read_bytes().splitlines()[0])
    assert problems("article", {**record, "schema_version": "1.0"})  # the old two-part version is refused
    assert problems("article", {**record, "schema_version": 2.0})
    pd = pytest.importorskip("pandas")
    assert set(pd.read_json(scraped_fixtures / "articles.jsonl", lines=True)["schema_version"]) == {SCHEMA_VERSION}
    frame = pd.read_json(scraped_fixtures / "articles.jsonl", lines=True, dtype=False)  # the README's way
    assert set(frame["schema_version"]) == {SCHEMA_VERSION}
    assert str(pd.to_datetime(frame["published_at"], utc=True).dtype).endswith("UTC]")
