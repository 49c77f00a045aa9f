import re
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.normalize import (
    absolute_url,
    archived_url,
    article_id,
    canonical_url,
    clean_list,
    clean_multiline,
    clean_text,
    content_hash,
    host_of,
    is_archive_page,
    is_front_page,
    parse_date,
    word_bytes,
    word_count,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, None),
        ("", None),
        ("   \n\t ", None),
        ("a\u00a0\u00a0b", "a b"),  # NBSP runs collapse
        ("  line\n  two  ", "line two"),
        ("Cafe\u0301", "Café"),  # NFC
        ("won’t “quoted”", "won’t “quoted”"),  # typographic quotes kept
        ("zero\u200bwidth", "zerowidth"),
        (42, "42"),
    ],
)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


def test_clean_multiline_keeps_single_line_breaks_and_drops_blank_lines():
    assert clean_multiline("  first  line \n\n\n second\u00a0 line ") == "first line\nsecond line"


def test_clean_list_drops_empties_and_case_repeats_in_order():
    assert clean_list([" Police ", "", "police", "IBM", None]) == ("Police", "IBM")
    assert clean_list("one") == ("one",)


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/a/b", "https://ex.com/a/b"),
        ("c?x=1#frag", "https://ex.com/dir/c?x=1"),
        ("//cdn.ex.com/i.jpg", "https://cdn.ex.com/i.jpg"),
        ("javascript:void(0)", None),
        ("mailto:a@b.c", None),
        ("data:image/png;base64,xx", None),
        ("", None),
        (None, None),
    ],
)
def test_absolute_url(href, expected):
    assert absolute_url(href, "https://ex.com/dir/page") == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://WWW.Ex.com:443/a?utm_source=x&b=2&a=1#f", "https://www.ex.com/a?a=1&b=2"),
        ("http://ex.com:8080", "http://ex.com:8080/"),
        ("https://ex.com/a/?fbclid=123", "https://ex.com/a/"),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_article_id_is_stable_across_url_spellings():
    assert article_id("https://Ex.com/a?utm_medium=rss") == article_id("https://ex.com/a#top")
    assert article_id("https://ex.com/a") != article_id("https://ex.com/b")
    assert len(article_id("https://ex.com/a")) == 32


def test_host_of_drops_www_and_port():
    assert host_of("https://WWW.Example.com:8443/x") == "example.com"


def test_content_hash_ignores_whitespace_but_not_words():
    assert content_hash("Title", "a  b\n c") == content_hash("Title", "a b c")
    assert content_hash("Title", "a b c") != content_hash("Title", "a b d")
    assert content_hash("x").startswith("sha256:")


def test_word_count_keeps_contractions_whole():
    assert word_count("Microsoft won’t sell it, state-of-the-art 2020.") == 6
    assert word_count(None) == 0


@pytest.mark.parametrize(
    "text",
    [
        "", "a", "-a-", "a--b", "a-'b", "a-b-c d", "'tis rock-'n'-roll", "won’t", "’a’", "x_y 1-2",
        "Straße über-all — «ça» 12,5 Ж-д", "İS\u0307t", "中文。字-词", "a\u00a0b\u3000c", "a\x1cb\x85c",
    ],
)
def test_word_count_is_the_regex_count(text):
    assert word_count(text) == len(re.findall(r"\w+(?:[’'\-]\w+)*", text))


def test_word_bytes_keep_the_words_and_blank_the_rest():
    text = "Ça va — “we” won’t_2 中文。"
    kept = word_bytes(text)
    assert kept == "Ça va    we  won't_2 中文 ".encode()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2020-06-11T13:56:41-07:00", datetime(2020, 6, 11, 13, 56, 41, tzinfo=timezone(timedelta(hours=-7)))),
        ("2020-06-11T17:37:29Z", datetime(2020, 6, 11, 17, 37, 29, tzinfo=timezone.utc)),
        ("2020-06-11", datetime(2020, 6, 11, tzinfo=timezone.utc)),
        ("June 11, 2020 1:56PM EDT", datetime(2020, 6, 11, 13, 56, tzinfo=timezone(timedelta(hours=-4)))),
        ("Thu, 11 Jun 2020 17:37:29 GMT", datetime(2020, 6, 11, 17, 37, 29, tzinfo=timezone.utc)),
        ("not a date", None),
        ("", None),
        (None, None),
        ("1850-01-01", None),  # outside the plausible range
        ("March 2020", None),  # no day: never filled in from today's date
        ("Monday", None),
        ("10:30 AM", None),
    ],
)
def test_parse_date_keeps_offset(raw, expected):
    assert parse_date(raw) == expected
    if expected is not None:
        assert parse_date(raw).utcoffset() == expected.utcoffset()


def test_a_trailing_dot_names_the_same_host():
    from scraper.normalize import host_key, hostname

    assert hostname("https://Example.COM./a") == hostname("https://example.com/a") == "example.com"
    assert host_key("https://example.com.:8080/a") == "example.com:8080"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.theverge.com/", True),
        ("https://techcrunch.com", True),
        ("http://Example.COM/index.php", True),
        ("https://news.example/Index.HTML", True),
        ("https://news.example/?utm_source=feed&fbclid=x", True),  # tracking parameters only
        ("https://news.example/?p=31228", False),  # a WordPress story's short link
        ("https://news.example/?page", False),
        ("https://news.example/2024/05/harbour-wall", False),
        ("https://news.example/de/", True),  # a language's front page
        ("https://news.example/en-us", True),
        ("https://news.example/abc/", False),
        ("https://edition.cnn.example/2021/03/08/uk/story/index.html", False),  # an index file below the root
        ("file:///tmp/index.html", False),
        ("ftp://news.example/", False),
        ("http:///", False),  # no host
        ("http://[::1", False),  # malformed
        ("http://news.example:99999/", False),
        ("", False),
        (None, False),
    ],
)
def test_is_front_page(url, expected):
    assert is_front_page(url) is expected


@given(st.text(max_size=200) | st.from_regex(r"https?://[a-z.\[\]:0-9]{0,20}/?(index\.\w{0,4})?(\?[\w=&%]{0,30})?", fullmatch=True))
def test_is_front_page_answers_any_text_without_raising(text):
    assert is_front_page(text) in (True, False)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/tag/harbour/", True),
        ("https://news.example/author/jane-roe", True),
        ("https://news.example/Category/Politics/page/2/", True),
        ("https://news.example/sections/science/", True),
        ("https://news.example/news", True),  # the site's list of its latest stories
        ("https://news.example/blog/page/3/", True),
        ("https://news.example/page/2/", True),  # the front page's next page
        ("https://news.example/news/?id=1234", False),  # a story of an older system
        ("https://news.example/aktuelles/?tx_news_pi1%5Bnews%5D=477", False),
        ("https://news.example/news/?utm_source=feed", True),
        ("https://news.example/page/", False),
        ("https://news.example/news/harbour-wall-repairs", False),
        ("https://news.example/tag/", False),  # the folder alone: the site's list of tags, read by the model
        ("https://news.example/category/news/2024/05/harbour-wall", False),
        ("https://news.example/tag/harbour/page/two/", False),
        ("https://news.example/topics/history-of-coffee", False),  # "topic" folders hold stories too
        ("https://news.example/2024/05/harbour-wall", False),
        ("file:///tag/harbour", False),
        ("http://[::1/tag/harbour", False),
        ("", False),
        (None, False),
    ],
)
def test_is_archive_page(url, expected):
    assert is_archive_page(url) is expected


@given(st.text(max_size=200) | st.from_regex(r"https?://[a-z.]{1,12}(/[a-zA-Z0-9%-]{0,12}){0,5}/?", fullmatch=True))
def test_is_archive_page_answers_any_text_without_raising(text):
    assert is_archive_page(text) in (True, False)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://web.archive.org/web/20080731095558/http://www.dimido.de/2008/07/29/x/", "http://www.dimido.de/2008/07/29/x/"),
        ("http://web.archive.org/web/20130307194448/the-pain.net/2008/05/q.html", "http://the-pain.net/2008/05/q.html"),
        ("https://web.archive.org/web/2016id_/https://news.example/a?b=1", "https://news.example/a?b=1"),
        ("https://archive.org/web/20200101000000/https://news.example/", "https://news.example/"),
        ("https://web.archive.org/web/*/news.example*", "https://web.archive.org/web/*/news.example*"),  # a search, no page
        ("https://web.archive.org/details/some-book", "https://web.archive.org/details/some-book"),
        ("https://news.example/web/20200101000000/http://other.example/", "https://news.example/web/20200101000000/http://other.example/"),
        ("", ""),
    ],
)
def test_archived_url_is_the_page_a_wayback_snapshot_keeps(url, expected):
    assert archived_url(url) == expected


@given(st.text(max_size=200) | st.from_regex(r"https?://(web\.)?archive\.org/web/[0-9a-z_*]{0,16}/.{0,40}", fullmatch=True))
def test_archived_url_answers_any_text_without_raising(text):
    kept = archived_url(text)
    assert isinstance(kept, str) and (kept == text or "://" in kept)
