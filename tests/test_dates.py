"""Publication dates: parsing in many formats and languages, the order of sources, and the places a
date must never come from (comments, teasers, sidebars, the copyright footer)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper import normalize
from scraper.extract import base, dates
from scraper.crawling import discover
from scraper.extract.generic import GenericExtractor
from scraper.pipeline import extract_page

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
        ("2019-10-18T10:30:00.123456+00:00", datetime(2019, 10, 18, 10, 30, 0, 123456, tzinfo=UTC)),
        ("Fri, 18 Oct 2019 10:30:00 +0200", datetime(2019, 10, 18, 10, 30, tzinfo=timezone(timedelta(hours=2)))),
        ("1571387400", datetime(2019, 10, 18, 8, 30, tzinfo=UTC)),
        ("18. Oktober 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("Veröffentlicht am 1. März 2020, 14:09 Uhr", datetime(2020, 3, 1, 14, 9, tzinfo=UTC)),  # no zone given: UTC
        ("18 octobre 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("20 fév. 2020 à 15:35", datetime(2020, 2, 20, 15, 35, tzinfo=UTC)),  # "fév." beside the standard "févr."
        ("18-Oct-2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("Updated on 19-Dec-2025 10:30", datetime(2025, 12, 19, 10, 30, tzinfo=UTC)),
        ("le 1er juin 2019", datetime(2019, 6, 1, tzinfo=UTC)),
        ("18 de octubre de 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("18 ottobre 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("18 de outubro de 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("18 oktober 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("18 października 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("18 октября 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("October 18, 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("Oct. 18th, 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("Wednesday, 8 January 2020, 3:51 pm", datetime(2020, 1, 8, 15, 51, tzinfo=UTC)),
        ("June 11, 2020 1:56PM EDT", datetime(2020, 6, 11, 13, 56, tzinfo=timezone(timedelta(hours=-4)))),
        ("18 octobre 2019 à 14h30 (UTC+2)", datetime(2019, 10, 18, 14, 30, tzinfo=timezone(timedelta(hours=2)))),
        ("12/05/2024 12:30 PM", datetime(2024, 5, 12, 12, 30, tzinfo=UTC)),
        ("18.10.2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("18.10.19", datetime(2019, 10, 18, tzinfo=UTC)),
        ("18/10/2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("2019/10/18", datetime(2019, 10, 18, tzinfo=UTC)),
        ("2019年10月18日", datetime(2019, 10, 18, tzinfo=UTC)),
        ("2019년 10월 18일", datetime(2019, 10, 18, tzinfo=UTC)),
        ("2019. október 18. 14:09", datetime(2019, 10, 18, 14, 9, tzinfo=UTC)),  # Hungarian: year, month, day
        ("18 Οκτωβρίου 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("18 октомври 2019", datetime(2019, 10, 18, tzinfo=UTC)),
        ("18 de maig de 2019", datetime(2019, 5, 18, tzinfo=UTC)),
        ("18 Agustus 2019", datetime(2019, 8, 18, tzinfo=UTC)),
        ("18. desember 2019", datetime(2019, 12, 18, tzinfo=UTC)),
    ],
)
def test_parse_date_reads_declared_and_printed_forms(raw, expected):
    value = normalize.parse_date(raw)
    assert value == expected
    assert value.utcoffset() == expected.utcoffset()  # the offset as given, not converted


def test_numeric_dates_are_month_first_only_for_english_pages():
    assert normalize.parse_date("10/11/2019", month_first=True) == datetime(2019, 10, 11, tzinfo=UTC)
    assert normalize.parse_date("10-11-2019", month_first=True) == datetime(2019, 10, 11, tzinfo=UTC)
    assert normalize.parse_date("10/11/2019") == datetime(2019, 11, 10, tzinfo=UTC)
    assert normalize.parse_date("10.11.2019", month_first=True) == datetime(2019, 11, 10, tzinfo=UTC)  # dots: day first
    assert normalize.parse_date("10/18/2019") == datetime(2019, 10, 18, tzinfo=UTC)  # 18 cannot be a month
    assert normalize.parse_date("18/10/2019", month_first=True) == datetime(2019, 10, 18, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "expected"), [("en", True), ("en-US", True), ("en_us", True), ("en-GB", False), ("de", False), (None, False)]
)
def test_month_first_hint_comes_from_the_page_language(language, expected):
    assert normalize.month_first(language) is expected


def test_there_is_one_date_parser():
    assert dates.parse_date is normalize.parse_date
    assert discover.parse_date is normalize.parse_date
    assert base.parse_date is normalize.parse_date


@pytest.mark.parametrize(
    "raw",
    [
        "", "   ", "hello", "32.13.2019", "1989-05-01", "10/11/19", "2019-02-30", None, "12:30", "Nr. 7",
        "2019-10-18T10:30:00+24:00",  # no clock is 24 hours ahead: broken, not UTC
        "2019-10-18T10:30:00-9999", "Fri, 18 Oct 2019 10:30:00 +2400", "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:59:59-05:00", "2101-01-01", "1 January 0001", "Mon, 01 Jan 0001 00:00:00 GMT", "99999999999999999999", 10**400,
        float("inf"), float("nan"), 1e300, True, "2019-13-01", "2019-10-18T25:61:00Z",
    ],
)
def test_parse_date_returns_none_for_what_is_not_a_plausible_date(raw):
    assert normalize.parse_date(raw) is None


def test_offsets_up_to_a_day_are_kept_as_given():
    value = normalize.parse_date("2019-10-18T10:30:00+23:59")
    assert value is not None and value.utcoffset() == timedelta(hours=23, minutes=59)


_PARTS = st.one_of(
    st.integers(-10**6, 10**6).map(str),
    st.sampled_from(["-", "/", ".", ":", "T", " ", "Z", "+", ",", "年", "月", "日", "UTC", "GMT", "EDT", "pm", "Uhr",
                     "October", "März", "de", "Fri,", "+24:00", "-99:99", "0001", "9999", "24:00", "1e400"]),
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=120), st.lists(_PARTS, max_size=14).map("".join), st.integers(), st.floats()))
def test_parse_date_never_raises(raw):
    value = normalize.parse_date(raw)
    assert value is None or (value.tzinfo is not None and normalize.MIN_YEAR <= value.year <= normalize.MAX_YEAR)
    if value is not None:
        value.astimezone(UTC)  # every value it returns converts without overflow


@settings(max_examples=200, deadline=None)
@given(st.lists(_PARTS, max_size=20).map("".join), st.booleans())
def test_printed_dates_are_found_within_the_text(text, month_first):
    for found in normalize.find_printed_dates(text, month_first=month_first):
        assert 0 <= found.start < found.end <= len(text)
        assert normalize.MIN_YEAR <= found.value.year <= normalize.MAX_YEAR


_DATE_VALUES = st.one_of(st.lists(_PARTS, max_size=6).map("".join), st.sampled_from(["2023-11-20T16:02:46Z", "13/11/2023 09:21:40", "2023-05-14"]))
_FRAGMENTS = st.one_of(
    _DATE_VALUES.map(lambda v: f"<p>{v}</p>"),
    _DATE_VALUES.map(lambda v: f'<div class="byline">By <a href="/author/a">A</a> <time datetime="{v}">{v}</time></div>'),
    _DATE_VALUES.map(lambda v: f'<p>The wall was <a href="/r">repaired on {v}</a> after the council voted and the harbour master resigned.</p>'),
    _DATE_VALUES.map(lambda v: f"<blockquote class='instagram-media'><time datetime='{v}'>{v}</time></blockquote>"),
    _DATE_VALUES.map(lambda v: f'<section class="banner"><h1>Harbour vote splits the council</h1><span>Updated: {v}</span></section>'),
    st.sampled_from(["<h1>Harbour vote</h1>", "<aside>", "</aside>", "<article>", "</article>", "</div>", "<ul><li>", "<table><tr><td>"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=12).map("".join), _DATE_VALUES, _DATE_VALUES)
def test_publication_date_of_any_page_is_none_or_a_plausible_aware_datetime(body, published_value, modified_value):
    head = ld({"@type": "Article", "headline": "Harbour vote", "datePublished": published_value, "dateModified": modified_value})
    found = dates.DateFinder(base.Document(page(head=head, header=body), URL).tree, URL, not_after=FETCHED_AT).published()
    value = found.value if found is not None else None
    assert value is None or (value.tzinfo is not None and normalize.MIN_YEAR <= value.year and value <= FETCHED_AT + timedelta(days=1))


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


def test_utc_timestamp_stays_utc_when_the_url_shows_another_day():
    head = ld({"@type": "NewsArticle", "headline": "Harbour vote", "datePublished": "2023-11-09T03:28:35Z"})
    value = published(page(head=head), "https://news.example/2023/11/08/harbour-vote/")
    assert value.isoformat() == "2023-11-09T03:28:35+00:00"  # no offset the page did not give


SAVED = ld({"@type": "BlogPosting", "headline": "Harbour vote", "datePublished": "2023-11-20T16:02:46Z", "dateModified": "2023-11-20T16:02:46Z"})
BYLINE = '<div class="byline">By <a href="/author/jo-bloggs">Jo Bloggs</a> · <time datetime="2023-05-14">May 14, 2023</time></div>'


def test_declared_publication_that_is_only_the_last_save_yields_to_the_date_line():
    assert published(page(head=SAVED, header=BYLINE)).date().isoformat() == "2023-05-14"


def test_a_save_stamp_without_a_zone_is_on_the_day_it_writes():
    head = ld({"@type": "Article", "headline": "Harbour vote", "datePublished": "13/11/2023 09:21:40", "dateModified": "13/11/2023 09:21:40"})
    header = BYLINE.replace("2023-05-14", "2023-11-12").replace("May 14", "Nov. 12")  # a day before: no zone could explain it
    assert published(page(head=head, header=header, lang="en-GB")).date().isoformat() == "2023-11-12"


def test_declared_date_the_page_never_shows_yields_to_its_dated_byline():
    head = ld({"@type": "NewsArticle", "headline": "Harbour vote", "datePublished": "2021-11-22T18:42:22+01:00"})
    assert published(page(head=head, header=BYLINE)).date().isoformat() == "2023-05-14"


@pytest.mark.parametrize(
    ("head", "header", "url"),
    [
        # a declared update on a third day: the date line is a display date of neither
        (SAVED.replace('"dateModified": "2023-11-20T16:02:46Z"', '"dateModified": "2023-12-01T09:00:00Z"'), BYLINE, URL),
        (SAVED, BYLINE + '<p class="note">Filed November 20, 2023</p>', URL),  # the page shows the declared day
        (SAVED, BYLINE, "https://news.example/2023/11/20/harbour-vote"),  # so does the URL
        (SAVED, BYLINE.replace("2023-05-14", "2023-11-21").replace("May 14", "Nov. 21"), URL),  # a time zone apart
        (SAVED, BYLINE.replace("·", "· Updated"), URL),  # the date line is a revision's
    ],
)
def test_declared_publication_stands_against_a_date_line_that_does_not_contradict_it(head, header, url):
    assert published(page(head=head, header=header), url).isoformat() == "2023-11-20T16:02:46+00:00"


def test_utc_timestamp_yields_to_the_day_the_url_and_the_date_line_both_show():
    head = ld({"@type": "NewsArticle", "headline": "Harbour vote", "datePublished": "2023-11-21T02:25:54Z"})
    header = BYLINE.replace("2023-05-14", "2023-11-20").replace("May 14", "Nov. 20")
    value = published(page(head=head, header=header), "https://news.example/2023/11/20/harbour-vote/")
    assert value.date().isoformat() == "2023-11-20"
    assert value.utcoffset() == timedelta(0)  # the printed day, with no offset made up


def test_a_plain_date_line_in_the_urls_month_outweighs_a_declared_date_never_shown():
    head = ld({"@type": "NewsArticle", "headline": "Harbour vote", "datePublished": "2021-11-22T18:42:22+01:00"})
    html = page(head=head, header="<p>May 14, 2023</p>")
    assert published(html, "https://news.example/2023/05/harbour-vote").date().isoformat() == "2023-05-14"
    assert published(html).date().isoformat() == "2021-11-22"  # without the URL's month the line is too weak


def test_a_plain_date_line_the_url_seconds_outweighs_a_declared_utc_day():
    head = ld({"@type": "BlogPosting", "headline": "Harbour vote", "datePublished": "2023-11-20T23:11:59+00:00"})
    html = page(head=head, header="<p>21 November 2023</p>")
    assert published(html, "https://news.example/2023/11/21/harbour-vote/").date().isoformat() == "2023-11-21"
    assert published(html).date().isoformat() == "2023-11-20"  # alone, a plain line is too weak


def test_utc_timestamp_yields_to_a_printed_clock_time_no_offset_could_match():
    head = ld({"@type": "NewsArticle", "headline": "Harbour vote", "datePublished": "2023-11-21T09:49:00Z"})
    header = '<div class="byline">By <a href="/author/jo-bloggs">Jo Bloggs</a> · <span>November 20, 2023 / 12:25 AM</span></div>'
    assert published(page(head=head, header=header)).date().isoformat() == "2023-11-20"  # 33 hours apart


def test_declared_publication_the_page_prints_as_its_update_yields_to_the_published_line():
    head = ld({"@type": "BlogPosting", "headline": "Harbour vote", "datePublished": "Nov 21, 2023", "dateModified": "Nov 20, 2023"})
    header = (
        '<div class="post-meta"><span>Published <span class="value">Apr 26, 2023</span></span>'
        '<span>Updated <span class="value">Nov 21, 2023</span></span></div>'
    )
    assert published(page(head=head, header=header)).date().isoformat() == "2023-04-26"


@pytest.mark.parametrize("name", ["w-published-date", "cxenseparse:publishtime", "shareaholic:article_published_time"])
def test_vendor_prefixed_publication_meta_is_read(name):
    head = f'<meta name="{name}" content="2023-05-27T06:03:43Z"><meta name="x-unpublished" content="2020-01-01">'
    assert published(page(head=head)).isoformat() == "2023-05-27T06:03:43+00:00"


def test_vendor_meta_yields_to_a_known_publication_meta():
    head = '<meta name="w-published-date" content="2023-05-27T06:03:43Z"><meta property="article:published_time" content="2023-05-20T08:00:00Z">'
    assert published(page(head=head)).date().isoformat() == "2023-05-20"


VISIBLE_PUBLISHED = '<p class="info"><time itemprop="datePublished" datetime="2023-01-27">27.01.2023</time></p>'


def test_disagreeing_declared_dates_prefer_the_one_readers_see_printed():
    head = '<meta property="article:published_time" content="2023-01-21T15:38:44+01:00">'
    assert published(page(head=head, after=VISIBLE_PUBLISHED, lang="de")).date().isoformat() == "2023-01-27"


def test_a_printed_day_that_is_the_declared_update_does_not_settle_disagreeing_dates():
    head = (
        '<meta property="article:published_time" content="2023-01-21T15:38:44+01:00">'
        '<meta property="article:modified_time" content="2023-01-27T09:00:00+01:00">'
    )
    assert published(page(head=head, after=VISIBLE_PUBLISHED, lang="de")).date().isoformat() == "2023-01-21"


def test_a_label_in_its_own_element_is_read_for_the_date_after_it():
    header = (
        '<div class="meta"><span class="label">Updated</span> <span class="value">May 14, 2023</span></div>'
        '<div class="meta"><span class="label">Published</span> <span class="value">March 3, 2023</span></div>'
    )
    assert published(page(header=header)).date().isoformat() == "2023-03-03"


def test_a_date_the_page_only_shows_as_updated_is_still_its_date():
    dateline = '<p class="note"><span>Last updated:</span> <span>May 14, 2023</span></p>'
    html = page().replace("<h1>Harbour vote</h1>", dateline + "<h1>Harbour vote</h1>")
    assert published(html).date().isoformat() == "2023-05-14"


def test_time_element_that_says_updated_inside_it_is_not_the_publication_line():
    header = (
        '<div class="byline"><time datetime="2023-05-14">Last updated: May 14, 2023</time></div>'
        '<p><span class="date">Published 3 March 2023</span></p>'
    )
    assert published(page(header=header)).date().isoformat() == "2023-03-03"


def test_date_in_an_embedded_post_is_not_the_publication_date():
    embed = '<blockquote class="instagram-media"><p>A post shared by harbourfan on <time datetime="2023-03-27T07:08:52+00:00">Mar 27, 2023</time></p></blockquote>'
    assert published(page(body=PROSE + embed)) is None


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


@pytest.mark.parametrize(
    ("lang", "updated", "published_label", "expected"),
    [
        ("no", "Oppdatert 20. mars 2021", "Publisert 16. mars 2021", "2021-03-16"),
        ("sv", "Uppdaterad 20 mars 2021", "Publicerad 16 mars 2021", "2021-03-16"),
        ("pl", "Zaktualizowano 20 marca 2021", "Opublikowano 16 marca 2021", "2021-03-16"),
        ("tr", "Güncellenme 20 Mart 2021", "Yayınlanma 16 Mart 2021", "2021-03-16"),
        ("ru", "Обновлено 20 марта 2021", "Опубликовано 16 марта 2021", "2021-03-16"),
        ("el", "Ενημερώθηκε 20 Μαρτίου 2021", "Δημοσιεύθηκε 16 Μαρτίου 2021", "2021-03-16"),
    ],
)
def test_an_updated_date_line_in_other_languages_is_not_the_publication_date(lang, updated, published_label, expected):
    header = f'<div class="meta"><span>{updated}</span> · <span>{published_label}</span></div>'
    assert published(page(header=header, lang=lang)).date().isoformat() == expected


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


def test_date_mentioned_in_a_sentence_is_not_a_date_line():
    sentence = (
        '<p>The wall, first built in 1890, was <a href="/repairs">finally repaired on 30 October 2023</a> after the '
        "council voted twice and the harbour master resigned in protest.</p>"
    )
    assert published(page(body=sentence + PROSE)) is None  # in a link, but still inside a long sentence
    header = '<div class="entry-meta">12 December 2023</div>'
    assert published(page(header=header, body=sentence + PROSE)).date().isoformat() == "2023-12-12"


def test_english_page_reads_numeric_dates_month_first():
    header = '<p class="posted-on">Posted 03/04/2021</p>'
    assert published(page(header=header, lang="en-US")).date().isoformat() == "2021-03-04"
    assert published(page(header=header, lang="en-GB")).date().isoformat() == "2021-04-03"


def test_printed_date_with_a_time_beats_a_day_only_url_date():
    header = '<p class="byline">Posted 17 May 2023, 23:40</p>'
    value = published(page(header=header, lang="en-GB"), "https://news.example/2023/05/18/harbour-vote")
    assert value.isoformat() == "2023-05-17T23:40:00+00:00"


def test_url_date_beats_a_printed_day_without_a_time():
    header = '<p class="byline">17 May 2023</p>'
    value = published(page(header=header, lang="en-GB"), "https://news.example/2023/05/18/harbour-vote")
    assert value.date().isoformat() == "2023-05-18"


def test_utc_timestamp_takes_the_offset_of_the_local_time_the_page_prints():
    head = ld({"@type": "NewsArticle", "headline": "Harbour vote", "datePublished": "2023-11-09T03:28:35Z"})
    header = '<div class="date meta"><span>Published </span><span>Nov. 8, 2023, 10:28 p.m. ET</span></div>'
    value = published(page(head=head, header=header), "https://news.example/2023/11/08/harbour-vote/")
    assert value == datetime(2023, 11, 9, 3, 28, 35, tzinfo=UTC)  # the same instant, as the page prints it
    assert value.isoformat() == "2023-11-08T22:28:35-05:00"


def test_printed_local_time_that_is_not_the_same_instant_lends_no_offset():
    head = ld({"@type": "NewsArticle", "headline": "Harbour vote", "datePublished": "2023-11-09T03:28:35Z"})
    header = '<div class="date meta"><span>Nov. 8, 2023, 10:21 p.m.</span></div>'  # 5h07 apart: no offset
    assert published(page(head=head, header=header)).isoformat() == "2023-11-09T03:28:35+00:00"


def test_date_in_an_infobox_is_not_the_publication_date():
    box = '<div class="infobox"><dl><dt>Founded</dt><dd>12 March 2001</dd><dt>Opened</dt><dd>3 May 2004</dd></dl></div>'
    assert published(page(header=box)) is None


def test_date_in_a_table_is_not_the_publication_date():
    table = (
        "<table><tr><th>Meeting</th><th>Date</th></tr><tr><td>Budget</td><td>14.02.2023</td></tr>"
        "<tr><td>Harbour</td><td>21.03.2023</td></tr></table>"
    )
    assert published(page(body=PROSE + table, lang="de")) is None


def test_date_line_in_a_layout_table_that_holds_the_story_still_counts():
    html = (
        '<html lang="de"><head><title>Harbour vote</title></head><body><table><tr><td><a href="/">Home</a></td>'
        f'<td><h1>Harbour vote</h1><p class="datum">Veröffentlicht am 16. März 2021</p>{PROSE}</td></tr></table></body></html>'
    )
    assert published(html).date().isoformat() == "2021-03-16"


def test_a_banner_that_holds_the_headline_is_the_article_header():
    def banner_page(banner: str) -> str:
        return (
            '<!DOCTYPE html><html lang="en"><head><title>Harbour vote | Harbour Times</title></head><body>'
            f'<section class="banner">{banner}</section><main><div class="story-body">{PROSE}</div></main></body></html>'
        )

    headline = '<div class="banner__wrapper"><h1>Harbour vote splits the council</h1><p class="post-date">9 December 2023</p></div>'
    assert published(banner_page(headline)).date().isoformat() == "2023-12-09"
    promo = '<div class="banner__wrapper"><p>Subscribe before 9 December 2023</p></div><h2>Harbour vote</h2>'
    assert published(banner_page(promo)) is None


def test_html_comment_dates_are_never_read():
    header = "<!-- cached 2023-06-01 10:00 --><p>Harbour news</p>"
    assert published(page(header=header)) is None


def test_a_layout_with_a_sidebar_is_not_a_sidebar():
    html = page(header='<p class="meta">Published 4 May 2023</p>').replace(
        '<main><article class="story">', '<main><div class="layout layout--sidebar"><article class="story">'
    ).replace("</article>", "</article></div>")
    assert published(html).date().isoformat() == "2023-05-04"


def test_utc_timestamp_takes_the_offset_of_a_time_element_with_the_same_instant():
    head = '<meta property="article:published_time" content="2023-12-19T03:05:00+00:00">'
    header = '<div class="post-date"><time datetime="2023-12-18T19:05:00-08:00">December 18, 2023</time></div>'
    assert published(page(head=head, header=header)).isoformat() == "2023-12-18T19:05:00-08:00"


def test_date_next_to_the_author_link_is_a_byline_even_below_the_story():
    byline = '<div><p><a href="/blog/author/ann-lee">Ann Lee</a></p><p class="small">April 8, 2023</p></div>'
    assert published(page(after=byline, lang="en-GB")).date().isoformat() == "2023-04-08"
    assert published(page(after=byline.replace("/blog/author/ann-lee", "/about"), lang="en-GB")) is None


def test_short_aside_inside_the_article_holds_its_date_line():
    html = page(header='<aside><time datetime="2021-06-06">June 6, 2021</time></aside>')
    assert published(html).date().isoformat() == "2021-06-06"


def test_aside_teaser_list_inside_the_article_is_still_noise():
    teasers = "".join(f'<li><a href="/s{n}">Another long story title number {n} about the harbour</a> 6 June 2021</li>' for n in range(6))
    assert published(page(header=f"<aside><ul>{teasers}</ul></aside>")) is None


@pytest.mark.parametrize(
    ("class_id", "noise"),
    [("shopify-section", False), ("shop", True), ("shopping-list", True), ("layout--sidebar", False), ("has-sidebar", False),
     ("sidebar-widget", True), ("comment-meta", True)],
)
def test_noise_names_are_read_word_by_word(class_id, noise):
    assert dates.is_noise_name(class_id) is noise


def test_ambiguous_numeric_date_takes_the_reading_the_page_states_elsewhere():
    header = '<p class="meta">Published <span itemprop="datePublished">02-12-2023</span></p>'
    assert published(page(header=header, lang="en")).date().isoformat() == "2023-02-12"  # en: month first
    stated = header + '<p class="byline"><time datetime="2023-12-02">December 2, 2023</time></p>'
    assert published(page(header=stated, lang="en")).date().isoformat() == "2023-12-02"


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://news.example/2023/05/04/harbour-vote", "2023-05-04"),
        ("https://news.example/20230504/harbour-vote", "2023-05-04"),
        ("https://news.example/harbour-vote-2023-05-04.html", "2023-05-04"),
        ("https://news.example/blog/2023/october/03/harbour-vote", "2023-10-03"),
        ("https://news.example/2023/13/40/harbour-vote", None),
    ],
)
def test_url_dates(url, day):
    value = published(page(), url)
    assert (value.date().isoformat() if value else None) == day


def test_dates_of_a_card_grid_below_the_date_line_are_the_teasers():
    cards = "".join(
        f'<div class="card"><h3><a href="/story-{day}">Story {day}</a></h3><p class="card-date">May {day}, 2023</p></div>'
        for day in (1, 8, 15)
    )
    header = '<div class="head"><span>March 3, 2023</span></div>'
    assert published(page(header=header, body=PROSE + f'<div class="grid">{cards}</div>')).date().isoformat() == "2023-03-03"


def test_a_thread_whose_first_post_is_the_article_keeps_its_dates():
    posts = "".join(
        f'<div class="post"><p class="post-date">{day}.05.2023</p><p>Post number {day} says something about the harbour wall.</p></div>'
        for day in (1, 8, 15)
    )
    assert published(page(body=posts, lang="de")).date().isoformat() == "2023-05-01"


def test_todays_date_in_the_site_header_is_not_the_publication_date():
    masthead = '<header><div class="site"><span class="date">Wednesday, 26 February 2020</span></div></header>'
    html = page(header='<div class="head"><span>March 3, 2017</span></div>').replace("<main>", masthead + "<main>")
    assert published(html).date().isoformat() == "2017-03-03"


def test_a_header_that_holds_the_headline_keeps_its_date_line():
    html = (
        '<!DOCTYPE html><html lang="en"><head><title>Harbour vote</title></head><body><main>'
        '<header class="page-head"><h1>Harbour vote</h1><span class="date">March 3, 2017</span></header>'
        f'<div class="text">{PROSE}</div></main></body></html>'
    )
    assert published(html).date().isoformat() == "2017-03-03"


def test_a_plain_date_line_outweighs_a_declared_save_stamp_but_not_a_declared_publication():
    header = '<div class="head"><span>May 14, 2023</span></div>'
    assert published(page(head=SAVED, header=header)).date().isoformat() == "2023-05-14"
    declared = SAVED.replace('"dateModified": "2023-11-20T16:02:46Z"', '"dateModified": "2023-11-20T18:30:00Z"')
    assert published(page(head=declared, header=header)).date().isoformat() == "2023-11-20"


def _latest(*items: str) -> str:
    return '<aside class="widget recent-posts"><h3>Latest posts</h3><ul>' + "".join(items) + "</ul></aside>"


def test_a_latest_posts_widget_listing_the_page_itself_dates_a_page_that_shows_no_other_date():
    own = '<li><a href="https://www.news.example/region/harbour-vote/">Harbour vote</a> <span class="post-date">26/10/2018</span></li>'
    other = '<li><a href="/region/ferry-fares">Ferry fares</a> <span class="post-date">05/10/2018</span></li>'
    html = page(after=_latest(other, own), lang="de")
    assert published(html).date().isoformat() == "2018-10-26"


def test_the_page_own_teaser_never_outranks_a_date_the_page_shows():
    own = '<li><a href="/region/harbour-vote">Harbour vote</a> <span class="post-date">26/10/2018</span></li>'
    html = page(header='<p class="date">3. März 2017</p>', after=_latest(own), lang="de")
    assert published(html).date().isoformat() == "2017-03-03"


@pytest.mark.parametrize(
    "item",
    [
        '<li><a href="/region/harbour-vote#comment-3">Ann</a> <span>26/10/2018</span></li>',  # a comment's permalink
        '<li><a href="/region/harbour-vote-2">Harbour vote, day two</a> <span>26/10/2018</span></li>',  # another page
        '<li><a href="/region/harbour-vote">Harbour vote</a> <span>26/10/2018</span> <span>27/10/2018</span></li>',  # two days
    ],
)
def test_only_a_teaser_of_the_page_itself_with_one_day_dates_it(item):
    assert published(page(after=_latest(item), lang="de")) is None


_SIDE_BOX = (
    '<aside class="insight__content"><div><h3>Published</h3><p><time datetime="2023-08-30T12:00:00Z">August 30, 2023</time></p></div>'
    '<div><h3>Author</h3><p>Lisa Ellis, who writes about clinics, hospitals and the people who run them.</p></div>'
    '<div><h3>Related program</h3><p>Artificial intelligence in clinical medicine, a course for practising doctors.</p></div>'
    '<div><h3>Category</h3><p>Continuing education for doctors, nurses and the managers of clinics and hospitals.</p></div></aside>'
)


def test_a_date_labelled_published_in_the_article_side_box_is_its_date():
    assert published(page(header=_SIDE_BOX)).date().isoformat() == "2023-08-30"
    printed = _SIDE_BOX.replace('<time datetime="2023-08-30T12:00:00Z">August 30, 2023</time>', "August 30, 2023")
    assert published(page(header=printed, lang="en-GB")).date().isoformat() == "2023-08-30"


def test_a_side_box_date_without_a_published_label_or_in_a_teaser_is_still_noise():
    assert published(page(header=_SIDE_BOX.replace("<h3>Published</h3>", "<h3>Event</h3>"))) is None
    teaser = _SIDE_BOX.replace("<div><h3>Published</h3>", '<div class="related-story"><h3>Published</h3>')
    assert published(page(header=teaser)) is None


def test_a_sidebar_outside_the_article_is_noise_whatever_its_labels():
    html = page().replace("</main>", f"</main>{_SIDE_BOX}")
    assert published(html) is None


def test_a_page_dated_nowhere_else_takes_the_one_day_a_publication_label_gives_outside_the_story():
    footer = '<div class="footer-line">Letzte Änderung: 31.10.2023 - 14:49<br>Erschienen am: 01.11.2023<br>Lesungen: 61</div>'
    html = page(lang="de").replace('<footer class="site-footer">', f'<footer class="site-footer">{footer}')
    assert published(html).date().isoformat() == "2023-11-01"
    # A script's comment is nothing a reader sees; two labelled days settle nothing.
    scripted = page(lang="de").replace("</main>", "</main><script>/* ad slot, erstellt 29.08.08 */</script>")
    assert published(scripted) is None
    two = html.replace("Lesungen: 61", "Veröffentlicht am: 02.11.2023")
    assert published(two) is None
