from datetime import datetime, timezone

import orjson
import pytest

from scraper.records import Article, Author, Block, Comment, Image

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
