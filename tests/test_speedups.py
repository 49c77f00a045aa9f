"""The single-core speed-ups of extraction give the same answers as the plain code they replace.

Each rewrite keeps a slow but obvious version here as the reference, and a property test compares
the two on generated input. Work that used to grow with the square of the page is checked by
counting it, never by timing it.
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from scraper.extract import dates, generic, metadata
from scraper.extract.base import BREAK, INDEXED_TAGS, elements_by_tag, laid_out
from scraper.normalize import clean_multiline
from tests.markup import nested_markup
from tests.test_huge_pages import PEAK_MIB, peak_mib_of_scrape

FETCHED_AT = datetime(2026, 12, 1, tzinfo=timezone.utc)


# -- block text layout -----------------------------------------------------------------------------


def laid_out_by_regex(raw: str) -> str:
    """The reference: source whitespace runs to one space, then BREAK and the spaces around it to a newline."""
    return re.sub(r"\s*\u2028\s*", "\n", re.sub(r"[^\S\u2028]+", " ", raw))


# Whitespace of every kind (ASCII, no-break, ideographic, line separators), BREAK, zero-width and
# combining characters, and a few letters.
_LAYOUT_TEXT = st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x85\xa0\u2000\u2001\u2029\u3000" + BREAK + "\u200b\u00ad\u0301\u0327ab.,", max_size=40)


@settings(max_examples=1000, deadline=None)
@given(_LAYOUT_TEXT)
def test_block_text_is_laid_out_as_the_regexes_did(raw):
    assert clean_multiline(laid_out(raw)) == clean_multiline(laid_out_by_regex(raw))


def test_breaks_start_lines_and_source_newlines_are_spaces():
    assert clean_multiline(laid_out(f"  One\n  line {BREAK}{BREAK} next\tline  {BREAK}")) == "One line\nnext line"


# -- the label before a <time> -------------------------------------------------------------------


def label_by_rereading(node) -> str:
    """The reference: the parent's whole text read again for every element (quadratic in siblings)."""
    parent = node.parent
    if parent is None:
        return ""
    own = node.text(deep=True) or ""
    around = parent.text(deep=True) or ""
    cut = around.find(own) if own else -1
    return around[max(0, cut - dates.LABEL_CHARS): cut] if cut > 0 else ""


def times_of(markup: str):
    return LexborHTMLParser(f"<html><body>{markup}</body></html>").css("time")


def test_the_label_is_the_text_just_before_the_time():
    [time] = times_of("<p class='meta'>Published on <b>Monday</b>, <time datetime='2020-05-05'>May 5, 2020</time></p>")
    assert dates._ParentTexts().before(time) == "Published on Monday, "


def test_a_date_printed_twice_takes_the_label_of_its_first_printing():
    first, second = times_of("<p>Posted <time>May 5</time> · Updated <time>May 5</time></p>")
    texts = dates._ParentTexts()
    assert texts.before(first) == texts.before(second) == "Posted "


def test_the_label_keeps_only_the_last_characters_before_the_time():
    [time] = times_of(f"<p>{'x' * 100} Published <time>May 5</time></p>")
    assert dates._ParentTexts().before(time) == ("x" * 100 + " Published ")[-dates.LABEL_CHARS:]


def test_a_time_without_text_or_first_in_its_parent_has_no_label():
    empty, first = times_of("<p>Published <time datetime='2020-05-05'></time></p><p><time>May 5</time> by Jane</p>")
    texts = dates._ParentTexts()
    assert texts.before(empty) == "" and texts.before(first) == ""


_PIECES = st.tuples(st.sampled_from(("text", "b", "time", "comment")), st.text(alphabet="ab5 ,\n", max_size=6))


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=12))
def test_labels_match_rereading_the_parent_for_every_time(pieces):
    markup = "".join(
        html_lib.escape(text) if kind == "text"
        else f"<!--{text.replace('-', '')}-->" if kind == "comment"
        else f"<{kind}>{html_lib.escape(text)}</{kind}>"
        for kind, text in pieces
    )
    texts = dates._ParentTexts()
    for time in times_of(f"<p>{markup}</p>"):
        assert texts.before(time) == label_by_rereading(time)


def many_times_page(count: int) -> str:
    start = date(1996, 1, 1)
    days = [start + timedelta(days=i) for i in range(count)]
    times = " · ".join(f'<time datetime="{day.isoformat()}">{day:%B %d, %Y}</time>' for day in days)
    return (
        "<html><head><title>Archive of every day</title></head><body><article><h1>Archive of every day</h1>"
        "<p>A page that lists every day since 1996, one time element after another, in one paragraph.</p>"
        f"<p class='dates'>{times}</p></article></body></html>"
    )


def test_thousands_of_time_siblings_read_their_parent_once(monkeypatch):
    """Each parent's text is read once, however many <time> children it has (was once per child)."""
    read: list[int] = []
    layout = dates._ParentTexts._layout

    def counting(self, parent):
        if parent.mem_id not in self.parents:
            read.append(parent.mem_id)
        return layout(self, parent)

    monkeypatch.setattr(dates._ParentTexts, "_layout", counting)
    from scraper.pipeline import extract_page

    article = extract_page(many_times_page(20_000), "https://archive.example/days", fetched_at=FETCHED_AT).article
    assert article.published_at is not None
    assert len(read) == len(set(read)) and 0 < len(read) <= 3


def test_a_page_of_20000_time_siblings_is_scraped_within_the_memory_bound(tmp_path):
    page = tmp_path / "days.html"
    page.write_text(many_times_page(20_000), encoding="utf-8")
    code, peak = peak_mib_of_scrape(page, tmp_path / "out")
    assert code == 0
    assert peak < PEAK_MIB, f"peak RSS {peak} MiB"


# -- byline markup -----------------------------------------------------------------------------------

BYLINE_EXAMPLES = [
    '<span itemprop="author"><span itemprop="name">Jane Roe</span></span>',
    '<span itemprop="author publisher">Jane Roe</span>',
    '<a rel="author" href="/x">Jane Roe</a>',
    '<span rel="author">Jane Roe</span>',
    '<div class="ByLine"><a href="/x">Jane Roe</a></div>',
    '<div class="byline"><span class="author-name">Jane Roe</span></div>',
    '<p class="byline">By <span class="fn">Jane Roe</span></p>',
    '<div class="story-byline">Jane Roe</div>',
    '<div class="vcard"><span class="fn">Jane Roe</span></div>',
    '<div class="AUTHOR"><span class="display-name">Jane Roe</span></div>',
    '<span class="AuthorName">Jane Roe</span>',
    *(f'<a href="https://paper.example{path}jane">Jane Roe</a>' for path in (
        "/author/", "/Authors/", "/autor/", "/autoren/", "/AUTEUR/", "/autore/", "/writer/", "/columnist/")),
    '<p class="post-author">Jane Roe</p>',
    '<div class="artikel-autor"><span class="autor__name">Jana Roe</span></div>',
    '<span class="AutorName">Jana Roe</span>',
    '<span class="autor-name">Jana Roe</span>',
    '<p class="autor">Jana Roe</p>',
]


@pytest.mark.parametrize("markup", BYLINE_EXAMPLES)
def test_the_cheap_byline_check_finds_each_kind_of_byline_markup(markup):
    tree = LexborHTMLParser(f"<html><body><article><h1>Harbour vote</h1>{markup}</article></body></html>")
    assert any(tree.css_first(css) is not None for css in generic.BYLINE_CSS)
    assert tree.css_first(generic._BYLINE_MARKUP_CSS) is not None


def test_each_wider_byline_selector_finds_what_its_narrower_one_finds():
    # A narrower selector is not run where its wider one finds nothing: on every example, a hit of the
    # narrower one must be a hit of the wider one (a class word added to one and not the other fails here).
    for markup in BYLINE_EXAMPLES:
        tree = LexborHTMLParser(f"<html><body>{markup}</body></html>")
        for narrow, wide in generic._BYLINE_WIDER.items():
            if tree.css_first(narrow) is not None:
                assert tree.css_first(wide) is not None, (markup, narrow, wide)


def test_every_byline_selector_has_an_example():
    trees = [LexborHTMLParser(f"<html><body>{markup}</body></html>") for markup in BYLINE_EXAMPLES]
    for css in generic.BYLINE_CSS:
        for part in css.split(", "):
            assert any(tree.css_first(part) is not None for tree in trees), part



_BYLINE_MARKUP = nested_markup(
    ("", "Jane Roe", "<!-- x -->", '<img alt="Jane Roe">', "<br>"),
    (
        "div", "p", "article", 'div class="ByLine"', 'p class="story-byline"', 'span class="author-name"', 'div class="AUTHOR"',
        'span class="AuthorName"', 'span itemprop="author"', 'span itemprop="AUTHOR"', 'span itemprop="author publisher"',
        'span itemprop="name"', 'a rel="AUTHOR" href="/x"', 'a rel="author "', 'span rel="author"', 'a href="/Authors/jane"',
        'a href="/autoren/x"', 'a href="/columnist/x"', 'a href="/authorship"', 'a href="/tag/x"', 'div class="vcard"',
        'div class="VCARD"', 'span class="fn"', 'span class="FN"', 'article class="author"', 'article class="AuthorName"', 'svg', "a",
    ),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_BYLINE_MARKUP, max_size=4), st.booleans())
def test_byline_selectors_find_what_the_selectors_find_alone(parts, quirks):
    from scraper.extract.base import Document

    page = f"{'' if quirks else '<!doctype html>'}<html><body>{''.join(parts)}</body></html>"
    extractor = generic.GenericExtractor(Document(page, "https://paper.example/story"))
    tree = extractor.tree
    assert extractor._byline_markup == (tree.css_first(generic._BYLINE_MARKUP_CSS) is not None)
    for css in generic.BYLINE_CSS:
        assert [n.mem_id for n in extractor._bylines(css)] == [n.mem_id for n in tree.css(css)], css


_COMMENT_MARKUP = nested_markup(
    ("", "text", "<!-- x -->", "<br>", "<ol></ol>", "<ul><li>x</li></ul>"),
    (
        "div", "section", "ol", "ul", "li", 'div id="comments"', 'section id="COMMENTS"', 'div id="comments-area"',
        'ol class="commentlist"', 'ul class="CommentList"', 'ol class="comment-list x"', 'ul class="comment-list"',
        'div class="comments-list"', 'div class="Comments-List"', 'li class="comment"', 'ol class="comments"',
    ),
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_COMMENT_MARKUP, max_size=4), st.booleans())
def test_the_comment_list_is_the_first_the_selector_finds(parts, quirks):
    from scraper.extract.base import Document

    page = f"{'' if quirks else '<!doctype html>'}<html><body>{''.join(parts)}</body></html>"
    extractor = generic.GenericExtractor(Document(page, "https://paper.example/story"))
    found, expected = extractor._comment_list(), extractor.tree.css_first(generic._COMMENT_LISTS)
    assert (found and found.mem_id) == (expected and expected.mem_id)

# -- texts that may hold a date -------------------------------------------------------------------


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="0123456789./- a\u0663\u0669", max_size=16))
def test_a_text_may_hold_a_date_exactly_when_the_plain_regex_says_so(text):
    assert bool(dates._HAS_DIGIT.search(text)) == bool(re.search(r"(?:19|20)\d\d|\d[./-]\d\d?[./-]\d\d", text))


# -- JSON-LD wrappers ------------------------------------------------------------------------------


def unwrapped_by_regex(raw: str) -> str:
    return metadata._WRAPPERS.sub("", raw.strip()).strip().rstrip(";").strip()


_JSONLD_TEXT = st.lists(st.sampled_from(("<!--", "-->", "<![CDATA[", "]]>", "//", " ", "\n", ";", '{"a": 1}', "<!", "]]", "--")), max_size=8).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_JSONLD_TEXT)
def test_jsonld_wrappers_are_removed_as_the_regex_did(raw):
    assert metadata._unwrapped(raw) == unwrapped_by_regex(raw)


# -- one walk for the elements several fields look for ----------------------------------------------

_MARKUP = nested_markup(
    ("", "text", "<br>", "<!-- c -->"),
    ("h1", "H2", "h3", "h4", "article", "time", "p", "svg", "math", "template", "table", "noscript"),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKUP, max_size=4))
def test_elements_by_tag_are_what_one_selector_per_tag_finds(parts):
    tree = LexborHTMLParser(f"<html><head><title>t</title></head><body>{''.join(parts)}</body></html>")
    found = elements_by_tag(tree, INDEXED_TAGS)
    for tag in INDEXED_TAGS:
        assert [node.mem_id for node in found[tag]] == [node.mem_id for node in tree.css(tag)]


# -- the garbage collector during extraction -------------------------------------------------------


def test_extraction_pauses_the_collector_and_restores_its_state(monkeypatch):
    import gc

    from scraper.extract import scoring
    from scraper.extract.base import collector_paused
    from scraper.pipeline import extract_page

    seen = []
    measure = scoring.ContentFinder.measure

    def spy(self):
        seen.append(gc.isenabled())
        return measure(self)

    monkeypatch.setattr(scoring.ContentFinder, "measure", spy)
    page = "<html><body><article><p>" + "A sentence of the story, long enough to count. " * 20 + "</p></article></body></html>"
    assert gc.isenabled()
    extract_page(page, "https://news.example/a", fetched_at=FETCHED_AT, extractor=generic.GenericExtractor)
    assert seen and not any(seen) and gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left off, as the caller had it
    finally:
        gc.enable()
    with pytest.raises(ZeroDivisionError):
        with collector_paused():
            1 / 0
    assert gc.isenabled()


_CLASSED = nested_markup(
    ("", "Jane Roe", "<br>", '<i class="author">x</i>'),
    (
        "div", 'div class="AUTHOR-NAME"', 'span class="author-name authorname"', 'p class="autorName autor-name"',
        'div class="post-author"', 'span class="Autor"', 'div class="vcard author"', 'div class="vcard"', 'article class="author"',
        'section class="author-box autor"', 'span class="auth\u0130or-name"', 'span class="AUTHOR\u212aNAME"',
        'span class="\uff41uthor"', 'span class="author\u00adname"', 'svg class="authorname"', 'a class="x-autorname"',
        'p class="Author-Bio author-desc"', 'div class="authorabout"', 'a href="/AUTHORS/x/writer/y"', 'a href="/autoren/x"',
        'a href="/authorship"', 'a class="author" href="/columnist/x"', 'span href="/author/x"',
    ),
    max_leaves=14,
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_CLASSED, max_size=4), st.sampled_from(["", ' class="author-page"', ' class="autor"']))
def test_word_bylines_are_listed_as_lexbor_lists_them(parts, classes):
    # Read off the wider selector's listing, a byline selector of words lists what its own walk lists:
    # the same elements, as often, in the same order.
    tree = LexborHTMLParser(f"<html{classes}><body{classes}>{''.join(parts)}</body></html>")
    for css, (attribute, parts_, but) in generic._WORDS_OF.items():
        wider = tree.css(generic._BYLINE_WIDER[css])
        assert [n.mem_id for n in generic._listed_by_words(wider, attribute, parts_, but)] == [n.mem_id for n in tree.css(css)]
