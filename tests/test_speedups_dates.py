"""The single-core speed-ups of date finding give the same answers as the plain code they replace.

As in tests/test_speedups.py: each rewrite keeps the plain version as the reference, and a property
test compares the two on generated input.
"""

from __future__ import annotations

from datetime import datetime, timezone
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from scraper import normalize
from scraper.extract import dates
from scraper.normalize import clean_text, parse_date
from tests.markup import nested_markup

FETCHED_AT = datetime(2026, 12, 1, tzinfo=timezone.utc)

# Dates as pages declare and print them, and pieces of them: ISO, RFC 2822, Unix time, printed forms.
_DATE_PIECES = st.sampled_from((
    "2019", "2019-10-18", "T10:30", ":00", "Z", "+02:00", "-0530", " ", "18", "10", "/", ".", "-",
    "Fri, 18 Oct 2019 10:30:00 +0200", "1571387400", "October", "Oct.", "18th,", "de", "3:51 pm", "EDT",
    "年", "月", "日", "0", "99", "\n", "1e3",
))


@settings(max_examples=1000, deadline=None)
@given(st.lists(_DATE_PIECES, max_size=8).map("".join), st.booleans())
def test_cached_date_parsing_reads_every_text_as_the_plain_parser_did(text, month_first):
    plain = normalize._parse_text.__wrapped__(text, month_first)
    assert parse_date(text, month_first=month_first) == plain
    assert parse_date(text, month_first=month_first) == plain  # the cached answer, asked again


def test_parse_date_still_reads_numbers_and_rejects_other_types():
    assert parse_date(1571387400) == parse_date("1571387400")
    assert parse_date(True) is None and parse_date(["2019-10-18"]) is None and parse_date(None) is None


# -- a DateFinder reads each declared value once ---------------------------------------------------

_PAGE = (
    '<html lang="{lang}"><head><meta property="article:published_time" content="2019-10-18T10:30:00Z"></head>'
    '<body><h1>Harbor council votes on the channel</h1><time datetime="2019-10-18">Oct 18, 2019</time>'
    "<p>Text of the story.</p></body></html>"
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_DATE_PIECES, max_size=6).map("".join), st.sampled_from(("en", "de")), st.sampled_from(("meta", "jsonld", "markup")))
def test_a_remembered_date_is_what_a_fresh_reading_gives(text, lang, source):
    url = "https://news.example/2019/10/18/channel.html"
    page = LexborHTMLParser(_PAGE.format(lang=lang))
    finder = dates.DateFinder(page, url, language=lang, not_after=FETCHED_AT)
    first = finder._found(text, source)
    assert finder._found(text, source) is first  # asked again: the same answer
    cleaned = clean_text(text)
    fresh = dates.DateFinder(page, url, language=lang, not_after=FETCHED_AT)
    assert first == (fresh._read(cleaned, source) if cleaned else None)


# -- NoiseMap hands out shared Place values --------------------------------------------------------

_NOISY_TAGS = (
    "div", 'div class="comments"', 'div class="sidebar-content article"', "article", 'div class="post-footer"',
    "footer", "header", "aside", "nav", "table", 'div id="related"', "p", "span", 'section class="main"',
)


@settings(max_examples=300, deadline=None)
@given(nested_markup(("x", "2019-10-18", "<br>", "<time>Oct 18</time>"), _NOISY_TAGS))
def test_noise_places_do_not_depend_on_the_order_elements_are_asked(markup):
    tree = LexborHTMLParser(f"<html><body>{markup}</body></html>")
    elements = tree.body.css("*")
    forward = dates.NoiseMap(tree.body)
    backward = dates.NoiseMap(tree.body)
    answers = [forward.state(node) for node in elements]
    assert answers == [backward.state(node) for node in reversed(elements)][::-1]
    for place in answers:
        assert place == dates.Place(noise=place.noise, inside=place.inside, in_article=place.in_article, side=place.side)


# -- the text scan skips whitespace-only text nodes ------------------------------------------------


class _EveryNode:
    """A root whose walk skips no text node, as the scan walked before lexbor skipped whitespace."""

    def __init__(self, node) -> None:
        self.node = node
        self.mem_id = node.mem_id

    def traverse(self, include_text: bool = False, skip_empty: bool = False):
        return self.node.traverse(include_text=include_text)


_SCAN_LEAVES = (
    "x", " ", "\n  ", "Oct 18, 2019", "Posted 2019-10-19", "\xa0", "12.03.2020 14:09", "<br>", "<!-- c -->",
    '<time datetime="2019-10-20">Oct 20</time>', '<time datetime="2021-01-02T10:00:00+02:00"></time>',
    "<h1>Harbor council votes on the channel</h1>",
    '<b>Oct 18, 2019</b>\n<time datetime="2019-10-21"></time>',  # a date, whitespace, then an element: where the scan ends
)
_SCAN_TAGS = ("div", "p", "span", "article", 'div class="comments"', 'div class="byline"', "footer", "time", "li")


@settings(max_examples=400, deadline=None)
@given(nested_markup(_SCAN_LEAVES, _SCAN_TAGS, max_leaves=16), st.integers(0, 4))
@example('<div><b>Oct 18, 2019</b><time datetime="2019-10-21"></time>\n<time datetime="2019-10-22"></time></div>', 0)
def test_the_text_scan_finds_what_it_found_reading_every_text_node(markup, limit):
    page = LexborHTMLParser(f"<html><head><title>Harbor council votes on the channel</title></head><body>{markup}</body></html>")
    finder = dates.DateFinder(page, "https://news.example/2019/10/story.html", not_after=FETCHED_AT)
    with mock.patch.object(dates, "MAX_TEXT_CANDIDATES", limit):  # the end of the scan at its limit too
        fast, plain = dates._TextScan(finder, page.body), dates._TextScan(finder, _EveryNode(page.body))
        assert fast.best() == plain.best()
    assert (fast.shown, fast.update_days, fast.visible, fast.counts, fast.shapes) == (
        plain.shown, plain.update_days, plain.visible, plain.counts, plain.shapes
    )


def test_nodes_after_a_node_follow_the_walk_and_stop_at_the_root():
    page = LexborHTMLParser("<html><body><div><p>a<b>b</b></p>c</div><p>d</p></body></html>")
    root = page.body.css_first("div")
    walk = list(root.traverse(include_text=True))
    for position, node in enumerate(walk):
        assert [n.mem_id for n in dates._nodes_after(node, root)] == [n.mem_id for n in walk[position + 1:]]


def test_the_scan_at_its_limit_ends_at_the_next_text_node_even_a_blank_one():
    page = LexborHTMLParser(
        '<html><body><div><b>Oct 18, 2019</b><time datetime="2019-10-21"></time>\n<time datetime="2019-10-22"></time></div></body></html>'
    )
    finder = dates.DateFinder(page, "https://news.example/story.html", not_after=FETCHED_AT)
    with mock.patch.object(dates, "MAX_TEXT_CANDIDATES", 0):
        scan = dates._TextScan(finder, page.body)
        scan.best()
    assert {day.isoformat() for day in scan.counts} == {"2019-10-21"}  # the <time> before the blank line, not the one after


# -- ASCII text is read with ASCII-only patterns -------------------------------------------------

_ASCII_PIECES = st.one_of(
    _DATE_PIECES.filter(str.isascii),
    st.sampled_from(("\x1c", "\x1f", "\t", "\x0b", "_", "a", "K", "S", "st", "th", "of ", "de ", "Uhr", "ab12", "9")),
    st.text(alphabet=st.characters(max_codepoint=127), max_size=4),
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_ASCII_PIECES, max_size=10).map("".join))
@example("18\x1cOct\x1f2019")
@example("Oct.\x1c18,\x1d2019")
def test_ascii_patterns_find_what_the_unicode_ones_find_in_ascii_text(text):
    assert [m.span() for m in normalize._TEXT_DATE_ASCII.finditer(text)] == [
        m.span() for m in normalize._TEXT_DATE.finditer(text)
    ]
    assert bool(dates._HAS_DIGIT_ASCII.search(text)) == bool(dates._HAS_DIGIT.search(text))
