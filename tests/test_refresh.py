"""Meta refresh targets: the forms browsers accept, what is left alone, and any bytes at all."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.fetch.refresh import refresh_target

BASE = "https://harbortimes.example/2024/03/01/old-slug"


def page(meta: str) -> bytes:
    return f"<!doctype html><html><head>{meta}<title>x</title></head><body>Moved.</body></html>".encode()


@pytest.mark.parametrize(
    ("meta", "target"),
    [
        ('<meta http-equiv="refresh" content="0; url=/2024/03/01/new-slug">', "https://harbortimes.example/2024/03/01/new-slug"),
        ("<META HTTP-EQUIV=Refresh CONTENT=\"0;URL='https://other.example/a?b=1&amp;c=2'\">", "https://other.example/a?b=1&c=2"),
        ('<meta content="5, new-slug#top" http-equiv="refresh">', "https://harbortimes.example/2024/03/01/new-slug"),
        ('<meta http-equiv="refresh" content="1.5 url=//cdn.example/x">', "https://cdn.example/x"),
    ],
    ids=["path", "quoted-and-escaped", "comma-relative-fragment", "space-scheme-relative"],
)
def test_the_forms_browsers_accept(meta: str, target: str) -> None:
    assert refresh_target(page(meta), BASE) == target


@pytest.mark.parametrize(
    "meta",
    [
        '<meta http-equiv="refresh" content="600">',  # a live page reloading itself
        '<meta http-equiv="refresh" content="60; url=/next-slide">',  # a slide show
        f'<meta http-equiv="refresh" content="0; url={BASE}">',  # itself
        '<meta http-equiv="refresh" content="0; url=mailto:desk@harbortimes.example">',
        '<meta http-equiv="refresh" content="0; url=http://[::1">',
        '<meta http-equiv="refresh" content="0; url=http://harbortimes.example:99999/">',
        '<meta name="refresh" content="0; url=/elsewhere">',  # not an http-equiv
        '<meta http-equiv="refresh" content="soon; url=/elsewhere">',
    ],
)
def test_what_is_no_redirect(meta: str) -> None:
    assert refresh_target(page(meta), BASE) is None


def test_a_page_showing_a_whole_story_is_kept_whatever_its_noscript_refresh_says() -> None:
    story = "<p>" + "Work on the harbour wall started on Monday after months of delays. " * 20 + "</p>"
    body = ('<html><head><noscript><meta http-equiv="refresh" content="0; url=/enable-javascript"></noscript></head>'
            f"<body><article>{story}</article></body></html>").encode()
    assert refresh_target(body, BASE) is None
    stub = b'<html><head><noscript><meta http-equiv="refresh" content="0; url=/enable-javascript"></noscript></head><body></body></html>'
    assert refresh_target(stub, BASE) == "https://harbortimes.example/enable-javascript"


def test_a_refresh_below_the_head_bytes_is_not_read() -> None:
    from scraper.fetch.refresh import HEAD_BYTES

    body = b"<html><head>" + b" " * HEAD_BYTES + b'<meta http-equiv="refresh" content="0; url=/x"></head></html>'
    assert refresh_target(body, BASE) is None


@given(st.binary(max_size=600), st.text(max_size=80))
def test_any_bytes_and_content_give_a_url_or_none(noise: bytes, content: str) -> None:
    meta = '<meta http-equiv="refresh" content="' + content.replace('"', "") + '">'
    for body in (noise, page(meta), noise + page(meta)):
        found = refresh_target(body, BASE)
        assert found is None or found.startswith(("http://", "https://"))


@given(st.text(max_size=60), st.text(max_size=60))
def test_any_base_and_address_give_a_url_or_none(base: str, address: str) -> None:
    meta = '<meta http-equiv="refresh" content="0; url=' + address.replace('"', "") + '">'
    found = refresh_target(page(meta), base)
    assert found is None or found.startswith(("http://", "https://"))
