"""The class/id vocabulary of content scoring: how names split into words and what the words weigh."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.extract import vocabulary


@pytest.mark.parametrize(
    ("class_", "id_", "expected"),
    [
        ("entry-content", None, ("entry", "content")),
        ("relatedPosts-2", None, ("related", "posts")),
        ("post post-123 post", "main", ("post", "main")),
        (None, None, ()),
        ("a b_c 42", "", ()),
        ("SiteFooter", None, ("site", "footer")),
    ],
)
def test_class_and_id_split_into_lower_case_words(class_, id_, expected):
    assert vocabulary.tokens(class_, id_) == expected


@pytest.mark.parametrize("name", ["site-footer", "cookie-consent", "main-menu", "share-buttons", "newsletter-signup"])
def test_chrome_names_weigh_as_noise(name):
    assert vocabulary.weight(name) <= vocabulary.NOISE_BELOW


@pytest.mark.parametrize("name", ["entry-content", "article-body", "post hentry", "prose"])
def test_content_names_weigh_positive(name):
    assert vocabulary.weight(name) > 0


def test_a_content_word_outweighs_a_mild_chrome_word():
    assert vocabulary.weight("entry-header") > vocabulary.NOISE_BELOW
    assert vocabulary.weight("entry-header") > vocabulary.weight("site-header")


def test_correlated_words_of_one_class_list_count_once():
    """Three layout words against do not add up to a verdict of chrome."""
    assert vocabulary.combine([-1.0, -1.0, -1.0]) == -1.0
    assert vocabulary.combine([-1.0, 2.0, 0.5]) == 1.0
    assert vocabulary.combine([-5.0, -5.0]) == -5.0


def test_byline_names():
    assert vocabulary.names_byline("article-byline")
    assert vocabulary.names_byline(None, "postedOn")
    assert not vocabulary.names_byline("entry-content")


def test_every_weight_is_a_finite_number_within_the_limit():
    assert vocabulary.TOKEN_WEIGHTS
    for token, value in vocabulary.TOKEN_WEIGHTS.items():
        assert token == token.lower() and token.isalpha()
        assert abs(value) <= 10


@given(st.one_of(st.none(), st.text(max_size=200)), st.one_of(st.none(), st.text(max_size=50)))
def test_any_attribute_text_gives_a_bounded_weight(class_, id_):
    value = vocabulary.weight(class_, id_)
    assert -vocabulary.LIMIT <= value <= vocabulary.LIMIT


@pytest.mark.parametrize("id_", ["menu-innovation-strategies-for-busy-caterers", "share-your-menu-with-guests-today"])
def test_a_heading_slug_id_says_nothing(id_):
    assert vocabulary.is_slug(id_)
    assert vocabulary.weight(None, id_) == 0.0
    assert vocabulary.tokens(None, id_) == ()


@pytest.mark.parametrize("id_", ["main-menu", "site-footer-nav", "cookie-consent-banner-v2"])
def test_a_template_id_still_weighs(id_):
    assert not vocabulary.is_slug(id_)
    assert vocabulary.weight(None, id_) < 0


@pytest.mark.parametrize(
    ("class_", "id_", "expected"),
    [
        ("css-1u22pos", None, ("css",)),  # a CSS-in-JS hash: "pos" is chance
        ("story e19c9y1m1", "f26a3ee0-88da-11ec-8", ("story",)),  # a generated class and a UUID id
        ("col-md-12 mt10", None, ("col", "md", "mt")),  # a number closing a name is no hash
    ],
)
def test_generated_names_give_no_words(class_, id_, expected):
    assert vocabulary.tokens(class_, id_) == expected
    assert vocabulary.weight(class_, id_) == vocabulary.combine(vocabulary.TOKEN_WEIGHTS.get(t, 0.0) for t in expected)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("mainContent storyBody", ["main", "content", "story", "body"]),
        ("post-body entry", ["post", "body", "entry"]),
        ("PostBody", ["post", "body"]),
        ("x1a2b articleBody", ["article", "body"]),
        ("é-text 12", ["text"]),
    ],
)
def test_words_split_camel_case_humps_and_lower_case(text, words):
    assert vocabulary.words(text) == words


def _extremes_of_all_words(text: str) -> tuple[float, float]:
    """The straightforward ``vocabulary._extremes``: every word of the whole text weighed at once."""
    values = [vocabulary.TOKEN_WEIGHTS.get(token, 0.0) for token in vocabulary.words(text)]
    return min([0.0, *values]), max([0.0, *values])


_NAME_PARTS = st.sampled_from(
    ["entry", "Content", "menu", "-", "_", "1", "2b", "x9", "FOOTER", "related", "Posts", "é", "\u212a", "\u017f", "\u0130", ":", "/", "[&>*]"]
)
_CLASS_LISTS = st.lists(
    st.lists(_NAME_PARTS, max_size=5).map("".join), max_size=5
).flatmap(lambda names: st.lists(st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", "\u3000"]), min_size=len(names), max_size=len(names)).map(
    lambda gaps: "".join(gap + name for gap, name in zip(gaps, names))
))


@given(st.one_of(_CLASS_LISTS, st.text(max_size=80)))
def test_a_class_list_weighs_name_by_name_as_its_words_at_once(text):
    """_extremes weighs each white-space separated name apart (cached per name): no word spans a gap."""
    assert vocabulary._extremes.__wrapped__(text) == _extremes_of_all_words(text)
