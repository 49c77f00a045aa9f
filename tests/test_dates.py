"""Publication dates: parsing in many formats and languages, the order of sources, and the places a
date must never come from (comments, teasers, sidebars, the copyright footer)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper import dates
from scraper.generic import GenericExtractor
from scraper.registry import extract_page

FETCHED_AT = datetime(2024, 1, 1, tzinfo=timezone.utc)
URL = "https://news.example/region/harbour-vote"
PROSE = "".join(
    f"<p>Paragraph {n}: the council met, argued about the harbour wall, voted, and went home late.</p>" for n in range(1, 6)
)


def page(*, head: str = "", header: str = "", body: str = "", after: str = "", lang: str = "en") -> str:
    """A full page; `header` goes between the headline and the story, `after` after the story."""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Harbour vote</title>{head}</head><body>'
        '<div class="topbar"><span class="today">Monday, 1 January 2024</span></div>'
        '<nav class="main-nav"><a href="/">Home</a><a href="/region">Region</a></nav>'
        f'<main><article class="story"><h1>Harbour vote</h1>{header}<div class="story-body">{body or PROSE}</div></article>{after}</main>'
        '<aside class="sidebar"><h3>Latest</h3><ul><li><a href="/x">Other story</a> <span class="date">30.12.2023</span></li></ul></aside>'
        '<footer class="site-footer"><p>© 2023 Harbour Times · Stand: 31.12.2023</p></footer>'
        "</body></html>"
    )


def published(html: str, url: str = URL) -> datetime | None:
    return extract_page(html, url, fetched_at=FETCHED_AT, extractor=GenericExtractor).article.published_at


def ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


UTC = timezone.utc


# -- parsing -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2019-10-18T10:30:00+02:00", datetime(2019, 10, 18, 10, 30, tzinfo=timezone(timedelta(hours=2)))),
        ("2019-10-18T23:30:00-0500", datetime(2019, 10, 18, 23, 30, tzinfo=timezone(timedelta(hours=-5)))),
        ("2019-10-18T10:30:00Z", datetime(2019, 10, 18, 10, 30, tzinfo=UTC)),
        ("2019-10-18 10:30", datetime(2019, 10, 18, 10, 30, tzinfo=UTC)),
        ("20191018", datetime(2019, 10, 18, tzinfo=UTC)),
        ("2019-10-18T10:30:00.123456+00:00", datetime(2019, 10, 18, 10, 30, tzinfo=UTC)),
        ("Fri, 18 Oct 2019 10:30:00 +0200", datetime(2019, 10, 18, 10, 30, tzinfo=timezone(timedelta(hours=2)))),
        ("1571387400", datetime(2019, 10, 18, 8, 30, tzinfo=UTC)),
        ("18. Oktober 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("Veröffentlicht am 1. März 2020, 14:09 Uhr", datetime(2020, 3, 1, tzinfo=UTC)),
        ("18 octobre 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("le 1er juin 2019", datetime(2019, 6, 1, tzinfo=UTC)),
        ("18 de octubre de 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("18 ottobre 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("18 de outubro de 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("18 oktober 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("18 października 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("18 октября 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("October 18, 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("Oct. 18th, 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("Wednesday, 8 January 2020, 3:51 pm", datetime(2020, 1, 8, tzinfo=UTC)),
        ("18.10.2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("18.10.19", datetime(2019, 10, 18, tzinfo=UTC)),
        ("18/10/2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("2019/10/18", datetime(2019, 10, 18, tzinfo=UTC)),
        ("2019年10月18日", datetime(2019, 10, 18, tzinfo=UTC)),
        ("2019년 10월 18일", datetime(2019, 10, 18, tzinfo=UTC)),
    ],
)
def test_parse_date_reads_declared_and_printed_forms(raw, expected):
    value = dates.parse_date(raw)
    assert value == expected
    assert value.utcoffset() == expected.utcoffset()  # the offset as given, not converted


def test_numeric_dates_are_month_first_only_for_english_pages():
    assert dates.parse_date("10/11/2019", month_first=True) == datetime(2019, 10, 11, tzinfo=UTC)
    assert dates.parse_date("10/11/2019") == datetime(2019, 11, 10, tzinfo=UTC)
    assert dates.parse_date("10/18/2019") == datetime(2019, 10, 18, tzinfo=UTC)  # 18 cannot be a month


@pytest.mark.parametrize("raw", ["", "   ", "hello", "32.13.2019", "1989-05-01", "10/11/19", "2019-02-30", None, "12:30", "Nr. 7"])
def test_parse_date_returns_none_for_what_is_not_a_plausible_date(raw):
    assert dates.parse_date(raw) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_parse_date_never_raises(text):
    value = dates.parse_date(text)
    assert value is None or value.tzinfo is not None


# -- order of sources ---------------------------------------------------------------------------

SOURCES = {
    "jsonld": ld({"@type": "NewsArticle", "headline": "Harbour vote", "datePublished": "2023-05-01T08:00:00+02:00"}),
    "meta": '<meta property="article:published_time" content="2023-05-02T08:00:00+02:00">',
    "markup": '<p class="meta">Published <time itemprop="datePublished" datetime="2023-05-03T08:00:00+02:00">3 May</time></p>',
    "text": '<p class="dateline">Veröffentlicht am 5. Mai 2023</p>',
}
URL_WITH_DATE = "https://news.example/2023/05/04/harbour-vote"
DAYS = {"jsonld": 1, "meta": 2, "markup": 3, "url": 4, "text": 5}


@pytest.mark.parametrize("first", ["jsonld", "meta", "markup", "url", "text"])
def test_publication_date_comes_from_the_most_trusted_source_present(first):
    order = ["jsonld", "meta", "markup", "url", "text"]
    present = order[order.index(first):]
    head = "".join(SOURCES[s] for s in present if s in ("jsonld", "meta"))
    header = "".join(SOURCES[s] for s in present if s in ("markup", "text"))
    url = URL_WITH_DATE if "url" in present else URL
    value = published(page(head=head, header=header), url)
    assert value is not None and value.day == DAYS[first]


def test_disagreeing_declared_dates_are_settled_by_what_the_page_prints():
    head = (
        ld({"@type": "NewsArticle", "headline": "Harbour vote", "datePublished": "2022-01-04T07:29:00Z"})
        + '<meta property="article:published_time" content="2022-01-06T08:29:34">'
    )
    header = '<div class="article-meta"><span class="date">06.01.2022</span></div>'
    assert published(page(head=head, header=header)).date().isoformat() == "2022-01-06"


def test_utc_timestamp_is_written_in_the_local_time_the_page_also_gives():
    head = (
        ld({"@type": "NewsArticle", "headline": "Harbour vote", "datePublished": "2023-11-09T01:09:55Z"})
        + ld({"@type": "WebPage", "datePublished": "2023-11-08 18:09:55"})
    )
    value = published(page(head=head))
    assert value == datetime(2023, 11, 9, 1, 9, 55, tzinfo=UTC)  # the same instant...
    assert value.isoformat() == "2023-11-08T18:09:55-07:00"  # ...on the day the page shows


def test_utc_timestamp_after_midnight_keeps_the_day_in_the_url():
    head = ld({"@type": "NewsArticle", "headline": "Harbour vote", "datePublished": "2023-11-09T03:28:35Z"})
    value = published(page(head=head), "https://news.example/2023/11/08/harbour-vote/")
    assert value == datetime(2023, 11, 9, 3, 28, 35, tzinfo=UTC)
    assert value.date().isoformat() == "2023-11-08"


def test_published_at_keeps_the_offset_the_page_gives():
    head = '<meta property="article:published_time" content="2021-03-04T23:15:00-08:00">'
    value = published(page(head=head))
    assert value.isoformat() == "2021-03-04T23:15:00-08:00"


# -- places a date never comes from -------------------------------------------------------------


def test_date_in_a_comment_is_not_the_publication_date():
    comments = (
        '<div id="comments" class="comments-area"><ol class="comment-list"><li class="comment">'
        '<div class="comment-meta"><time datetime="2023-06-01T10:00:00Z">1 June 2023</time></div>'
        "<div class=\"comment-content\"><p>Great piece.</p></div></li></ol></div>"
    )
    assert published(page(after=comments)) is None


def test_date_in_a_related_teaser_is_not_the_publication_date():
    related = '<div class="related-articles"><ul><li><a href="/y">Older story</a> <span class="date">2. Juni 2023</span></li></ul></div>'
    assert published(page(after=related)) is None


def test_copyright_footer_and_sidebar_dates_are_never_used():
    assert published(page()) is None  # the page() footer, sidebar and top bar all carry dates


def test_teaser_markup_repeated_on_every_list_item_is_not_the_page_date():
    teasers = "".join(
        f'<li><a href="/s{n}">Story {n}</a> <time pubdate datetime="2019-09-24T13:34:33Z">2{n}/09/2019</time></li>' for n in range(4)
    )
    header = '<p class="byline">Published <time datetime="2019-06-28T13:49:45Z">28 June 2019</time></p>'
    html = page(header=header, after=f"<ul class='stories'>{teasers}</ul>")
    assert published(html).date().isoformat() == "2019-06-28"


def test_date_after_the_fetch_is_rejected():
    head = '<meta property="article:published_time" content="2031-01-01T00:00:00Z">'
    assert published(page(head=head)) is None


def test_updated_date_line_is_not_the_publication_date_when_a_published_one_exists():
    header = '<div class="meta"><span>Aktualisiert am 20. März 2021</span> · <span>Veröffentlicht am 16. März 2021</span></div>'
    assert published(page(header=header, lang="de")).date().isoformat() == "2021-03-16"


def test_modified_date_is_read_from_structured_sources():
    head = (
        '<meta property="article:published_time" content="2021-03-16T10:00:00+01:00">'
        '<meta property="article:modified_time" content="2021-03-20T09:00:00+01:00">'
    )
    result = extract_page(page(head=head), URL, fetched_at=FETCHED_AT, extractor=GenericExtractor).article
    assert result.modified_at.isoformat() == "2021-03-20T09:00:00+01:00"


def test_first_date_under_the_headline_wins_over_dates_in_the_story():
    header = '<div class="article-info">10.11.2021</div>'
    body = PROSE + "<ul>" + "".join(f"<li>Nr. {n} vom {n}. Oktober 2021</li>" for n in range(20, 28)) + "</ul>"
    assert published(page(header=header, body=body, lang="de")).date().isoformat() == "2021-11-10"


def test_english_page_reads_numeric_dates_month_first():
    header = '<p class="posted-on">Posted 03/04/2021</p>'
    assert published(page(header=header, lang="en-US")).date().isoformat() == "2021-03-04"
    assert published(page(header=header, lang="en-GB")).date().isoformat() == "2021-04-03"
