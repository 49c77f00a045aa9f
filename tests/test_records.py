import copy
import pickle
from datetime import datetime, timezone

import attrs
import orjson
import pytest

from scraper.errors import NotAnArticle
from scraper.records import Article, Author, Block, Comment, ErrorRecord, Image, Link, Result

NOW = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def make_article(**changes):
    fields = dict(id="a" * 32, url="https://ex.com/a", source="https://ex.com/a", extractor="generic", fetched_at=NOW)
    fields.update(changes)
    return Article(**fields)


def test_text_word_count_and_hash_derive_from_prose_blocks_only():
    article = make_article(
        title="T",
        body=[
            Block(type="paragraph", text="One two."),
            Block(type="embed", text="See more", url="https://twitter.com/x/status/1"),
            Block(type="list_item", text="Three"),
        ],
    )
    assert article.text == "One two.\n\nThree"
    assert article.word_count == 3
    assert article.content_hash == make_article(title="T", body=[Block(type="paragraph", text="One  two.\n\nThree")]).content_hash


def test_unknown_values_are_none_not_empty_strings():
    article = make_article(title="   ", description="")
    assert article.title is None and article.description is None and article.text is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"url": "/relative"}, "url"),
        ({"published_at": datetime(2020, 1, 1)}, "published_at"),
        ({"comment_count": -1}, "comment_count"),
        ({"fetched_at": "2020-01-01T00:00:00"}, "fetched_at"),
    ],
)
def test_impossible_values_are_rejected_naming_the_field(changes, field):
    with pytest.raises(ValueError, match=f"Article.{field}"):
        make_article(**changes)


def test_block_type_must_be_known():
    with pytest.raises(ValueError):
        Block(type="sidebar", text="x")


def test_image_url_must_be_absolute():
    with pytest.raises(ValueError, match="Image.url"):
        Image(url="img.jpg")


def test_article_round_trips_through_json():
    article = make_article(
        title="Title",
        authors=[Author(name="A B", url="https://ex.com/u/ab", bio="Writes.")],
        published_at=datetime.fromisoformat("2020-06-11T13:56:41-07:00"),
        lead_image=Image(url="https://ex.com/i.jpg", caption="Cap", credit="(Image credit: X)", alt="Alt"),
        body=[Block(type="heading", text="H"), Block(type="paragraph", text="P")],
        tags=["x", "y"],
    )
    line = orjson.dumps(article.to_dict())
    again = Article.from_dict(orjson.loads(line))
    assert again == article
    assert orjson.loads(line)["published_at"] == "2020-06-11T13:56:41-07:00"


def test_comment_round_trips_and_keeps_line_breaks():
    comment = Comment(id="c" * 32, article_id="a" * 32, position=0, text="line one\nline two", fetched_at=NOW)
    assert Comment.from_dict(orjson.loads(orjson.dumps(comment.to_dict()))) == comment
    assert comment.text == "line one\nline two"


def full_records():
    """Records with every field set, nested records and tuples included, and a few with defaults only."""
    article = make_article(
        title="Title", site="ex.com", site_name="Ex", description="Dek",
        authors=[Author(name="A B", url="https://ex.com/u/ab", bio="Writes."), Author(name="C D")],
        published_at=datetime.fromisoformat("2020-06-11T13:56:41-07:00"), published_raw="June 11, 2020",
        modified_at=datetime(2021, 1, 1, tzinfo=timezone.utc), section="World", tags=["x", "y"], language="en",
        lead_image=Image(url="https://ex.com/i.jpg", caption="Cap", credit="(Image credit: X)", alt="Alt"),
        images=[Image(url="https://ex.com/j.jpg")], comment_count=3,
        body=[Block(type="heading", text="H"), Block(type="paragraph", text="P"), Block(type="embed", url="https://ex.com/v")],
        related=[Link(title="More", url="https://ex.com/b")],
    )  # fmt: skip
    comment = Comment(id="c" * 32, article_id="a" * 32, position=1, parent_id="p" * 32, author="Reader",
                      published_at=NOW, published_raw="now", text="line one\nline two", quote="q", likes=2, fetched_at=NOW)  # fmt: skip
    error = ErrorRecord(source="https://ex.com/x", url="https://ex.com/x", error="http_status", message="GET ... 404",
                        status=404, attempts=1, failed_at="2024-01-02T03:04:05+00:00")  # fmt: skip
    return [article, make_article(), comment, Comment(id="c", article_id="a", position=0, fetched_at=NOW), error]


@pytest.mark.parametrize("record", full_records(), ids=lambda r: type(r).__name__)
def test_records_pickle_round_trip_equal_with_every_field(record):
    again = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))

    assert again == record and type(again) is type(record)
    assert [getattr(again, f.name) for f in attrs.fields(type(record))] == [getattr(record, f.name) for f in attrs.fields(type(record))]
    assert copy.deepcopy(record) == record and copy.copy(record) == record


def test_result_pickles_with_its_records_and_its_error():
    article, _, comment, *_ = full_records()
    result = Result(source="https://ex.com/a", article=article, comments=(comment, comment))
    failed = Result(source="https://ex.com/x", error=NotAnArticle("https://ex.com/x: an index page", url="https://ex.com/x"))

    assert pickle.loads(pickle.dumps(result)) == result
    again = pickle.loads(pickle.dumps(failed))
    assert again.article is None and again.comments == ()
    assert type(again.error) is NotAnArticle and again.error.message == failed.error.message and again.error.url == failed.error.url


@pytest.mark.parametrize("record", full_records(), ids=lambda r: type(r).__name__)
def test_to_dict_is_attrs_asdict(record):
    plain = record.to_dict()

    assert plain == attrs.asdict(record)
    assert list(plain) == [f.name for f in attrs.fields(type(record))]
    assert orjson.dumps(plain) == orjson.dumps(attrs.asdict(record))
    assert all(type(plain[k]) is type(v) for k, v in attrs.asdict(record).items())  # tuples stay tuples


def test_to_dict_of_a_value_records_do_not_usually_hold_is_still_attrs_asdict():
    article = attrs.evolve(make_article(), tags=("x",))
    object.__setattr__(article, "tags", ["x", {"k": ("v",)}])  # as a subclass or a plugin might leave it

    assert article.to_dict() == attrs.asdict(article) and article.to_dict()["tags"] == ["x", {"k": ("v",)}]
