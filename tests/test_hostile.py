"""Hostile input never makes the generic extractor raise anything but NotAnArticle (or BotCheck, a bot check's page).

Hand-written cases cover the known traps (empty, frameset, deep nesting, huge documents, broken
JSON-LD, broken encodings); hypothesis throws random markup, random text and random bytes at it.
"""

from __future__ import annotations

from datetime import datetime, timezone

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.extract import dates, metadata
from scraper.errors import BotCheck, NotAnArticle
from scraper.records import Result
from scraper.extract.generic import GenericExtractor
from scraper.records import Article
from scraper.pipeline import extract_page
from scraper.validate import problems

FETCHED_AT = datetime(2024, 1, 1, tzinfo=timezone.utc)
URL = "https://hostile.example/a/b"
PROSE = "A sentence of ordinary prose, with commas, that a reader would read. " * 6


def outcome(body: bytes | str, url: str = URL, charset: str | None = None) -> Result | None:
    """The extraction, or None for NotAnArticle or BotCheck; anything else propagates and fails the test."""
    try:
        result = extract_page(body, url, fetched_at=FETCHED_AT, charset=charset, extractor=GenericExtractor)
    except NotAnArticle as exc:
        assert "not an article" in str(exc)
        return None
    except BotCheck as exc:
        assert "instead of the page" in str(exc)
        return None
    assert isinstance(result.article, Article)
    for comment in result.comments:
        assert comment.article_id == result.article.id
    return result


CASES = {
    "empty": "",
    "whitespace": " \n\t ",
    "text only": "just some words",
    "head only": "<html><head><title>T</title><meta property='og:title' content='X'></head></html>",
    "frameset": "<frameset><frame src='a'><frame src='b'></frameset>",
    "unclosed tags": "<html><body><div><p>" + PROSE + "<p><b><i><table><tr><td>" + PROSE,
    "deep nesting": "<div>" * 3000 + "<p>" + PROSE + "</p>" + "</div>" * 3000,
    "deep inline nesting": "<span>" * 3000 + PROSE + "</span>" * 3000,
    "deep lists": "<ul><li>" * 1500 + PROSE + "</li></ul>" * 1500,
    "deep tables": "<table><tr><td>" * 300 + PROSE + "</td></tr></table>" * 300,
    "many siblings": "<body>" + "<div><p>short, text</p><a href='/x'>link</a></div>" * 5000 + "</body>",
    "one huge paragraph": "<p>" + "word, " * 200_000 + "</p>",
    "long attribute values": f"<div class='{'share ' * 20000}'><p>{PROSE}</p></div>",
    "broken json-ld": "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": [}</script><p>" + PROSE + "</p>",
    "deep json-ld": "<script type='application/ld+json'>" + "[" * 50_000 + "]" * 50_000 + "</script><p>" + PROSE + "</p>",
    "odd json-ld values": "<script type='application/ld+json'>{\"@type\": [\"NewsArticle\", 7], \"headline\": {\"x\": []},"
    " \"author\": [null, 3, {\"name\": {\"name\": \"A\"}}], \"datePublished\": [\"tomorrow\"], \"image\": {\"url\": 5}}</script>"
    "<p>" + PROSE + "</p>",
    "control characters": "<p>\x00\x01\x02 " + PROSE + "\x7f\x1b</p>",
    "replacement characters": "<p>\ufffd\ufffd " + PROSE + " \ufffe\uffff</p>",
    "dates everywhere": "".join(f"<span class='date'>{n % 28 + 1}.{n % 12 + 1}.{1990 + n % 40}</span>" for n in range(3000)),
    "svg and math": "<svg><text>svg</text><foreignObject><p>" + PROSE + "</p></foreignObject></svg><math><mi>x</mi></math>",
    "comment list without comments": "<ol class='commentlist'><li class='comment'></li><li class='comment'><ul class='children'></ul></li></ol><p>" + PROSE + "</p>",
}


@pytest.mark.parametrize("html", CASES.values(), ids=CASES.keys())
def test_known_hostile_pages_give_an_article_or_not_an_article(html):
    outcome(html)


@pytest.mark.parametrize("html", list(CASES.values()), ids=list(CASES))
def test_known_hostile_pages_asked_for_as_any_page_give_a_valid_record_or_a_bot_check(html):
    try:
        result = extract_page(html, URL, fetched_at=FETCHED_AT, extractor=GenericExtractor, any_page=True)
    except BotCheck:
        return
    record = orjson.loads(orjson.dumps(result.article.to_dict()))
    assert not problems("article", record)


@pytest.mark.parametrize(
    ("body", "charset"),
    [
        (b"\xff\xfe<\x00p\x00>\x00" + PROSE.encode("utf-16-le"), None),
        (("<p>" + PROSE + "</p>").encode("utf-8") + b"\xc3\x28\xa0\xa1\xe2\x28\xa1", "utf-8"),
        (("<p>Grüße aus Köln, " + PROSE + "</p>").encode("cp1252"), "utf-8"),
        (("<meta charset='x-unknown-99'><p>" + PROSE + "</p>").encode(), None),
        (bytes(range(256)) * 20, None),
    ],
    ids=["utf16-bom", "invalid-utf8", "latin1-labelled-utf8", "unknown-charset", "binary"],
)
def test_broken_encodings_never_raise(body, charset):
    outcome(body, charset=charset)


# -- property-based ----------------------------------------------------------------------------

TAGS = ["div", "p", "span", "a", "article", "section", "main", "aside", "nav", "footer", "header", "ul", "ol", "li",
        "table", "tr", "td", "th", "h1", "h2", "blockquote", "pre", "figure", "figcaption", "img", "br", "time",
        "script", "style", "form", "input", "iframe", "frameset", "frame", "svg", "b", "em", "dl", "dt", "dd"]
CLASSES = ["", "content", "article-body", "share", "related", "comment", "comments", "commentlist", "children",
           "sidebar", "byline", "date", "footer", "nav", "ad", "hidden", "entry-content", "post", "promo", "x"]
ATTRS = st.fixed_dictionaries(
    {},
    optional={
        "class": st.lists(st.sampled_from(CLASSES), max_size=3).map(" ".join),
        "id": st.sampled_from(CLASSES),
        "style": st.sampled_from(["display:none", "visibility: hidden", "color:red", ""]),
        "href": st.sampled_from(["/x", "https://other.example/y", "javascript:void(0)", "#", ""]),
        "src": st.sampled_from(["/i.jpg", "data:image/gif;base64,AA", "https://www.youtube.com/embed/x", ""]),
        "datetime": st.sampled_from(["2020-01-02T03:04:05Z", "2099-01-01", "yesterday", "2019-13-45", ""]),
        "itemprop": st.sampled_from(["datePublished", "author", "articleBody", "name"]),
        "hidden": st.just(""),
        "aria-hidden": st.just("true"),
        "rel": st.just("author"),
    },
)
TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from([PROSE, "18. Oktober 2019", "Oct. 18, 2019", "By Jane Roe", "© 2020", "10/11/12", "2019年10月18日"]),
)


def _attr_string(attrs: dict[str, str]) -> str:
    return "".join(f' {k}="{v.replace(chr(34), "")}"' for k, v in attrs.items())


HTML = st.recursive(
    TEXT.map(lambda t: t.replace("<", "&lt;")),
    lambda children: st.tuples(st.sampled_from(TAGS), ATTRS, st.lists(children, max_size=5)).map(
        lambda node: f"<{node[0]}{_attr_string(node[1])}>{''.join(node[2])}</{node[0]}>"
    ),
    max_leaves=40,
)
JSONLD = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20), st.sampled_from(["NewsArticle", "2020-01-02", "@graph"])),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(
        st.sampled_from(["@type", "@graph", "headline", "name", "author", "datePublished", "dateModified", "image",
                         "publisher", "articleBody", "mainEntity", "description", "url"]), children, max_size=5)),
    max_leaves=15,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.lists(HTML, max_size=6), head=st.lists(HTML, max_size=3), ld=st.one_of(st.none(), JSONLD))
def test_random_markup_never_raises(body, head, ld):
    import json

    script = f"<script type='application/ld+json'>{json.dumps(ld)}</script>" if ld is not None else ""
    outcome(f"<html><head>{script}{''.join(head)}</head><body>{''.join(body)}</body></html>")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_random_text_never_raises(text):
    outcome(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(data):
    outcome(data)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_lenient_json_ld_reader_never_raises(raw):
    assert isinstance(metadata._loads_lenient(raw), list)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.booleans())
def test_printed_date_search_never_raises(text, month_first):
    found = dates.search_text_date(text, month_first=month_first)
    assert found is None or found[0].year >= dates.MIN_YEAR
