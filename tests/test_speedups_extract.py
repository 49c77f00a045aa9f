"""Speed-ups of the extractor's own helpers (titles, meta, page evidence) give the answers of the plain
code they replace; each plain version is kept here as the reference and compared on generated input."""

from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from scraper.extract import generic, pagekind
from scraper.extract.base import (
    _BLOCK_CSS,
    BLOCK_LEVEL,
    BREAK,
    INDEXED_TAGS,
    SKIP_TAGS,
    ArticleExtractor,
    Document,
    elements_by_tag,
    raw_text,
)
from scraper.normalize import _INVISIBLE, clean_multiline, clean_text, join_blocks
from tests.markup import nested_markup

# -- linked headings -------------------------------------------------------------------------------

_LINKED = nested_markup(
    ("", "text", '<a href="/story">story</a>', '<a href="#top">top</a>', "<a>no href</a>", "<a href>empty</a>"),
    ("h2", "H3", "h4", "h1", "p", "div", "svg", "template", 'a href="/x"', 'a href="#x"', "a"),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINKED, max_size=4))
def test_linked_headings_are_counted_as_the_selector_counts_them(parts):
    tree = LexborHTMLParser(f"<html><head><title>t</title></head><body>{''.join(parts)}</body></html>")
    elements = elements_by_tag(tree, INDEXED_TAGS)
    assert pagekind._linked_headings(elements) == len(tree.css(pagekind._LINKED_HEADINGS_CSS))


def test_a_teaser_heading_counts_and_an_anchor_heading_does_not():
    tree = LexborHTMLParser(
        '<body><h2><a href="/a">A</a></h2><a href="/b"><h3>B</h3></a><h2><a href="#c">C</a></h2><h4>D</h4></body>'
    )
    assert pagekind._linked_headings(elements_by_tag(tree, INDEXED_TAGS)) == 2


# -- title word bags ---------------------------------------------------------------------------------


def similarity_by_counters(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if a and b else 0.0


_TITLE_TEXT = st.text(alphabet="aAbB éÉß1 -|:", max_size=30)


@settings(max_examples=1000, deadline=None)
@given(_TITLE_TEXT, _TITLE_TEXT)
def test_similarity_is_the_dice_coefficient_of_the_counters(a, b):
    assert generic._similarity(generic._bag(a), generic._bag(b)) == similarity_by_counters(generic._bag(a), generic._bag(b))


def test_a_remembered_bag_is_not_changed_by_comparing_it():
    bag = generic._bag("Harbor council votes")
    generic._similarity(bag, generic._bag("council votes again"))
    assert generic._bag("Harbor council votes") == Counter({"harbor": 1, "council": 1, "votes": 1})


# -- clean_text's fast path for ASCII ----------------------------------------------------------------


def clean_text_plain(value: object) -> str | None:
    if value is None:
        return None
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", str(value)))
    return " ".join(text.split()) or None


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u200b\u00ad\ufeffabcé\u0301", max_size=30))
def test_clean_text_cleans_as_the_plain_version_does(value):
    assert clean_text(value) == clean_text_plain(value)


# -- meta values and titles asked again ------------------------------------------------------------


def test_meta_gives_the_cleaned_value_each_time_it_is_asked():
    doc = Document(
        '<html><head><meta property="og:title" content="  A   title "><meta name="description" content=" "></head></html>',
        "https://example.com/a",
    )
    extractor = ArticleExtractor(doc)
    assert extractor.meta("og:title") == extractor.meta("og:title") == "A title"
    assert extractor.meta("description", "og:title") == "A title"
    assert extractor.meta("description") is None


def test_strip_site_gives_the_same_answer_when_asked_again():
    doc = Document(
        '<html><head><meta property="og:site_name" content="Harbor Gazette"></head></html>', "https://harbor.example/a"
    )
    extractor = ArticleExtractor(doc)
    assert extractor.strip_site("Vote passes | Harbor Gazette") == "Vote passes"
    assert extractor.strip_site("Vote passes | Harbor Gazette") == "Vote passes"


# -- raw text without a selector for text-only nodes -------------------------------------------------


def raw_text_plain(node) -> str:
    if node.css_first(_BLOCK_CSS) is None:
        return node.text(deep=True)
    parts: list[str] = []
    _collect_text_plain(node, parts, 0)
    return "".join(parts)


def _collect_text_plain(node, parts: list[str], depth: int) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            parts.append(child.text_content or "")
        elif tag in SKIP_TAGS or tag == "-comment":
            continue
        elif depth > 60 or child.css_first(_BLOCK_CSS) is None and tag not in BLOCK_LEVEL:
            parts.append(child.text(deep=True))
        else:
            block = tag in BLOCK_LEVEL
            if block:
                parts.append(BREAK)
            _collect_text_plain(child, parts, depth + 1)
            if block:
                parts.append(BREAK)


_TEXT_MARKUP = nested_markup(
    ("", "text", " two words ", "<br>", "<!-- c -->"),
    ("p", "span", "a", "div", "h1", "li", "b", "script", "svg", "title", "td"),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_TEXT_MARKUP, max_size=4))
def test_raw_text_reads_every_node_as_the_selector_checks_did(parts):
    tree = LexborHTMLParser(f"<html><head><title>t</title></head><body>{''.join(parts)}</body></html>")
    for br in tree.css("br"):
        br.insert_before(BREAK)
    for node in tree.css("*"):
        assert raw_text(node) == raw_text_plain(node)


# -- JSON-LD read by one shared decoder -------------------------------------------------------------


def _json_or_error(read, raw):
    try:
        return ("ok", read(raw))
    except (ValueError, RecursionError):
        return ("error", None)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=500, deadline=None)
@given(_JSON_VALUES)
def test_jsonld_text_reads_as_json_reads_it(value):
    import json

    from scraper.extract.metadata import _loads

    raw = json.dumps(value, ensure_ascii=False)
    assert _loads(raw) == json.loads(raw, strict=False)
    assert type(_loads(raw)) is type(json.loads(raw, strict=False))


def test_what_only_json_reads_is_read_by_json():
    import json

    from scraper.extract.metadata import _loads

    for raw in (
        '{"a": 123456789012345678901234567890}', '{"a": NaN}', '{"a": "x\ty"}', '{"a": "\\ud800"}', '{"a": 1e400}',
        "[" * 600 + "]" * 600, '\ufeff{"a": 1}', '{"a": 1,}', '{"a": -0.0}', '{"a": 1.5e-400}', '"\\ud83d\\ude00"',
    ):
        expected, got = _json_or_error(lambda r: json.loads(r, strict=False), raw), _json_or_error(_loads, raw)
        assert got == expected, raw[:40]
        if expected[0] == "ok":
            assert repr(got[1]) == repr(expected[1])


# -- multiline cleaning and block joining ------------------------------------------------------------


def clean_multiline_plain(value: object) -> str | None:
    if value is None:
        return None
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", str(value)))
    lines = (" ".join(line.split()) for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line) or None


_LINES_TEXT = st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u200bab\u0301", max_size=30)


@settings(max_examples=1000, deadline=None)
@given(_LINES_TEXT)
def test_clean_multiline_cleans_as_the_plain_version_does(value):
    assert clean_multiline(value) == clean_multiline_plain(value)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="a \n", max_size=8), max_size=5))
def test_blocks_join_as_the_regex_joined_them(texts):
    import re

    expected = re.sub(r"\n{2,}", "\n\n", "\n\n".join(t for t in texts if t)) or None
    assert join_blocks(texts) == expected


# -- words of ASCII text found by the ASCII regexes ---------------------------------------------------


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="ab1_ '’-\u00e9\u0301\n\u2014\u00a0\u0130\u4e2d\x1c", max_size=30))
def test_words_are_counted_as_the_unicode_regex_counts_them(text):
    import re

    from scraper.normalize import word_count, word_list

    assert word_count(text) == len(re.findall(r"\w+(?:[’'\-]\w+)*", text))
    sample = text.lower()
    words = word_list(sample)
    assert words == [word.encode() for word in re.findall(r"\w+", sample)]


# -- the lock-free cached_property -------------------------------------------------------------------


def test_cached_property_computes_once_per_instance_and_stores_the_value():
    from scraper.extract.base import cached_property

    calls: list[int] = []

    class Page:
        @cached_property
        def words(self) -> int:
            calls.append(1)
            return len(calls)

    one, two = Page(), Page()
    assert (one.words, one.words, two.words) == (1, 1, 2)
    assert one.__dict__["words"] == 1 and len(calls) == 2
    assert isinstance(Page.words, cached_property)


# -- the tag bound, counted in the UTF-8 bytes -------------------------------------------------------


def bounded_text(html: str, limit: int) -> str:
    """The reference: the text up to its ``limit``-th "<", counted in the text (selectolax encodes it)."""
    if html.count("<") <= limit:
        return html
    cut = -1
    for _ in range(limit):
        cut = html.find("<", cut + 1)
    return html[:cut]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="<<>ab é\u2028😀\ud800\udfff", max_size=40), st.integers(min_value=1, max_value=6))
def test_the_bounded_bytes_are_the_bounded_text_as_selectolax_encodes_it(html, limit):
    from scraper.extract import base

    original = base.MAX_TAGS
    base.MAX_TAGS = limit
    try:
        assert base._bounded(html, "https://paper.example/") == bounded_text(html, limit).encode("utf-8", "ignore")
    finally:
        base.MAX_TAGS = original


# -- first_tagged: a walk standing in for css_first on a small subtree ---------------------------------

_TAGGED = nested_markup(
    ("", "text", "<!-- c -->", "<img>", "<br>", "<hr>", "<iframe></iframe>"),
    ("div", "p", "span", "a", "b", "figure", "figcaption", "blockquote", "table", "li", "ul", "svg", "template", "section", "em"),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TAGGED, max_size=4), st.sampled_from((0, 1, 3, 64)))
def test_first_tagged_finds_what_css_first_finds(parts, budget):
    from scraper.extract.base import first_tagged

    tree = LexborHTMLParser(f"<html><body>{''.join(parts)}</body></html>")
    for node in tree.root.traverse():
        for tags in (BLOCK_LEVEL, frozenset(("img",)), frozenset(("a",)), frozenset(("iframe", "blockquote")), frozenset(("figcaption",))):
            css = ", ".join(sorted(tags))
            found, expected = first_tagged(node, tags, css, budget), node.css_first(css)
            assert (found and found.mem_id) == (expected and expected.mem_id), (node.tag, css)


# -- the body's text, measured once a page -----------------------------------------------------------


def test_content_scoring_dates_and_page_kind_measure_the_body_text_once(monkeypatch):
    from scraper.extract.base import PageShare
    from scraper.pipeline import extract_page
    from tests.fakesite import story

    measured: list[int] = []
    plain = PageShare.chars.fget

    def counting(self):
        if self._chars is None:
            measured.append(1)
        return plain(self)

    monkeypatch.setattr(PageShare, "chars", property(counting))
    paragraphs = "".join(f"<p>{p}</p>" for p in story("harbor-vote"))
    page = (
        "<html><head><title>Harbor vote</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>Harbor vote</h1><time datetime='2026-11-02T08:00:00Z'>Nov 2, 2026</time>{paragraphs}</article>"
        "<aside class='related'><a href='/other'>Other story</a></aside><footer>(c) Gazette</footer></body></html>"
    )
    article = extract_page(page, "https://paper.example/2026/11/harbor-vote", fetched_at=datetime(2026, 12, 1, tzinfo=timezone.utc)).article
    assert article is not None and "harbor master" in article.text
    assert measured == [1]


# -- the page kind judged without the class-name walk where it cannot change the answer ------------

_MARKED = nested_markup(
    ("", "text", "<br>", "<script>var a;</script>", "<style>p{}</style>", "<code>x=1</code>", '<a href="/edit/main/x">edit</a>',
     '<a href="/n" rel="next">next</a>', '<a href="/p" rel="Prev nofollow">prev</a>', '<a class="btn">go</a>', "<button>b</button>"),
    ("div", 'div class="price"', 'span class="Cart-box"', 'div class="forum-pr\u0130ce"', 'a class="thread-btn" rel="next"', 'div class="forum-post"', 'li class="comment-thread"', 'div class="postbody"',
     'a class="Button" href="/x"', 'a class="message-body" rel="next"', 'div role="button"', 'span itemprop="price"',
     'div itemtype="https://schema.org/Question"', 'form name="add-to-cart"', 'svg', 'svg class="add_to_cart"', "pre"),
    max_leaves=16,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKED, max_size=4), st.booleans())
def test_marks_read_in_two_walks_count_as_one_walk_counts_them(parts, linked):
    head = '<link rel="next" href="/2">' if linked else ""
    tree = LexborHTMLParser(f"<html><head>{head}</head><body>{''.join(parts)}</body></html>")
    marks = pagekind._MarkCount(tree)
    marks.read(pagekind._PLAIN_MARKS_CSS)
    whole = pagekind._page_marks(tree, 400)
    for css, unread in pagekind._CLASS_STEPS:
        # Only the signals a step names may grow from here on, and they weigh negatively.
        partial = marks.signals(400, None)
        assert {key for key, value in partial.items() if value != whole[key]} <= set(unread)
        assert all(partial[key] <= whole[key] and pagekind.WEIGHTS[key] < 0 for key in unread)
        marks.read(css)
    assert marks.signals(400, None) == whole


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_MARKED, max_size=4),
    st.integers(0, 6),
    st.sampled_from([None, "article", "product"]),
    st.booleans(),
    st.booleans(),
    st.sampled_from([0.0, 0.2, 0.5]),
    st.integers(0, 3000),
)
def test_judge_answers_as_the_model_on_every_signal(parts, paragraphs, og_type, dated, signed, link_density, prose):
    tree = LexborHTMLParser(f"<html><body>{''.join(parts)}</body></html>")
    inputs = {"jsonld": [], "article_ld": {}, "og_type": og_type, "prose": prose, "link_density": link_density,
              "paragraphs": ["A long paragraph, " * 10] * paragraphs, "dated": dated, "signed": signed}
    assert pagekind.judge(tree, "https://news.example/a", **inputs) == pagekind.is_article(
        pagekind.signals(tree, "https://news.example/a", **inputs)
    )
