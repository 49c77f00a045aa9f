"""A malformed URL anywhere in a page drops that one URL; a bug in one field drops that one field.

urllib raises ``ValueError`` for ``http://[::1`` at once and for ``:99999`` / ``:-1`` when the port
is read. ``normalize.split_url`` is the one place that turns those into ``InvalidURL``; everything
that resolves page URLs goes through ``absolute_url``, which drops them.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.errors import InvalidURL, ScraperError
from scraper.extract.generic import GenericExtractor
from scraper.normalize import absolute_url, canonical_url, host_key, host_of, hostname, split_url
from scraper.pipeline import extract_page

FETCHED_AT = datetime(2024, 1, 1, tzinfo=timezone.utc)
URL = "https://news.example/2024/01/story"
BAD_URLS = ("http://[::1/x.png", "http://127.0.0.1:99999/x.png", "http://host:-1/x.png", "https://[zz::/")
PROSE = "The council met on Tuesday and voted, after a long debate, to keep the library open. " * 4


def page(head: str = "", body: str = "") -> str:
    return f"""<!doctype html><html lang="en"><head><title>Library stays open</title>{head}</head>
<body><article><h1>Library stays open</h1>{body}<p>{PROSE}</p><p>{PROSE}</p></article></body></html>"""


@pytest.mark.parametrize("bad", BAD_URLS)
def test_split_url_raises_invalid_url_with_the_url(bad):
    with pytest.raises(InvalidURL) as caught:
        split_url(bad)
    assert caught.value.url == bad
    assert caught.value.kind == "bad_input"
    assert bad in str(caught.value)


@pytest.mark.parametrize("bad", BAD_URLS)
def test_malformed_urls_are_no_url_for_resolving_helpers(bad):
    assert absolute_url(bad, URL) is None
    assert absolute_url("/x", bad) is None
    assert host_key(bad) == "" and hostname(bad) == "" and host_of(bad) == ""
    with pytest.raises(InvalidURL):
        canonical_url(bad)


def test_ipv6_hosts_keep_their_brackets():
    assert canonical_url("http://[::1]:8080/a") == "http://[::1]:8080/a"
    assert host_key("https://[::1]:443/") == "[::1]"


@pytest.mark.parametrize("bad", BAD_URLS)
@pytest.mark.parametrize(
    "place",
    [
        lambda u: ("", f'<figure><img src="{u}" alt="x"><figcaption>A caption</figcaption></figure>'),
        lambda u: ("", f'<iframe src="{u}"></iframe>'),
        lambda u: ("", f'<p>See <a href="{u}">this</a>.</p>'),
        lambda u: (f'<link rel="canonical" href="{u}">', ""),
        lambda u: (f'<meta property="og:image" content="{u}">', ""),
        lambda u: (f'<meta property="og:url" content="{u}">', ""),
        lambda u: (f'<script type="application/ld+json">{{"@type": "NewsArticle", "url": "{u}", "image": "{u}",'
                   f' "author": {{"@type": "Person", "name": "Ann Lee", "url": "{u}"}}}}</script>', ""),
    ],
    ids=["img", "iframe", "link", "canonical", "og:image", "og:url", "json-ld"],
)
def test_a_malformed_url_in_a_page_drops_only_that_url(bad, place):
    head, body = place(bad)
    result = extract_page(page(head, body), URL, fetched_at=FETCHED_AT)
    article = result.article
    assert article.url == URL and article.title == "Library stays open"
    assert "voted, after a long debate" in article.text
    urls = [article.url, *(i.url for i in article.images), *(link.url for link in article.related)]
    urls += [article.lead_image.url] if article.lead_image else []
    assert not any("[" in u or "99999" in u or ":-1" in u for u in urls)


class Buggy(GenericExtractor):
    name = "buggy"

    def tags(self) -> list[str]:
        raise KeyError("no such tag")

    def lead_image(self):
        return 1 / 0


def test_a_bug_in_one_field_method_loses_that_field_not_the_page(caplog):
    with caplog.at_level(logging.WARNING, logger="scraper.extract"):
        result = extract_page(page(), URL, fetched_at=FETCHED_AT, extractor=Buggy)
    assert result.article.title == "Library stays open"
    assert result.article.tags == () and result.article.lead_image is None
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2
    assert any("buggy.tags failed" in line and "KeyError" in line for line in lines)
    assert all("\n" not in line for line in lines)


@given(st.text(max_size=60), st.sampled_from(["http://", "https://", "", "//", "http://[", "http://a:"]))
def test_url_helpers_never_raise_anything_but_invalid_url(tail, head):
    text = head + tail
    assert absolute_url(text, URL) is None or absolute_url(text, URL).startswith(("http://", "https://"))
    host_key(text), hostname(text), host_of(text)
    try:
        canonical_url(text)
    except InvalidURL:
        pass


@given(st.dictionaries(st.sampled_from(["src", "srcset", "data-src", "href", "content", "datetime", "class", "id"]),
                       st.text(max_size=40), max_size=4))
def test_random_attribute_values_never_break_extraction(attributes):
    attrs = " ".join(f'{k}="{v.replace(chr(34), "")}"' for k, v in attributes.items())
    html = page(f"<meta property='og:image' {attrs}><link rel='canonical' {attrs}>",
                f"<img {attrs}><a {attrs}>x</a><time {attrs}>t</time><iframe {attrs}></iframe>")
    try:
        extract_page(html, URL, fetched_at=FETCHED_AT)
    except ScraperError:
        pass
