"""Is it an article? The signals a page gives and how the fitted model weighs them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from scraper.extract import pagekind

PROSE = [("A paragraph of the story that runs on for well over one hundred and fifty characters, with commas, "
          "clauses and the other marks of sentences people write.")] * 6


def evidence(html: str = "<html><body></body></html>", url: str = "https://news.example/2024/05/harbour-wall-repairs-begin",
             **overrides):
    values = {"jsonld": [], "article_ld": {}, "og_type": None, "prose": 1800, "link_density": 0.05, "paragraphs": PROSE,
              "dated": True, "signed": True}
    values.update(overrides)
    return pagekind.signals(LexborHTMLParser(html), url, **values)


def test_signals_are_numbers_between_0_and_about_1():
    for value in evidence().values():
        assert 0.0 <= value <= 1.25


def test_json_ld_types_are_sorted_into_kinds():
    found = evidence(jsonld=[{"@type": "Product"}, {"@type": ["DiscussionForumPosting"]}, {"@type": "https://schema.org/CollectionPage"}])
    assert found["ld_shop"] == found["ld_forum"] == found["ld_index"] == 1.0
    assert found["ld_article"] == 0.0
    assert evidence(article_ld={"@type": "NewsArticle"})["ld_article"] == 1.0
    assert evidence(article_ld={"@type": "DiscussionForumPosting"})["ld_article"] == 0.0


def test_url_shape():
    assert evidence()["url_date"] == 1.0
    assert evidence()["slug_words"] == 3 / 8
    assert evidence(url="https://shop.example/kits")["slug_words"] == 0.0


def test_dated_signed_story_with_a_slug_is_an_article():
    assert pagekind.is_article(evidence())


def test_story_without_any_metadata_is_still_an_article():
    assert pagekind.is_article(evidence(url="https://blog.example/p?id=7", dated=False, signed=False))


def test_product_page_is_not_an_article():
    html = "<html><body>" + "".join(f'<li><h3><a href="/p{n}">Kit {n}</a></h3><span class="price">£{n}</span></li>' for n in range(12))
    html += '<button class="add-to-cart">Add</button></body></html>'
    found = evidence(html, url="https://shop.example/kits", jsonld=[{"@type": "Product"}], prose=400, paragraphs=PROSE[:1],
                     dated=False, signed=False, link_density=0.3)
    assert found["cart"] == 1.0 and found["prices"] > 0 and found["linked_share"] == 1.0
    assert not pagekind.is_article(found)


@given(st.text(max_size=300), st.text(max_size=100), st.lists(st.dictionaries(st.just("@type"), st.one_of(st.text(max_size=20), st.lists(st.text(max_size=20), max_size=3))), max_size=3))
def test_any_page_url_and_json_ld_give_bounded_signals(html, url, jsonld):
    found = pagekind.signals(LexborHTMLParser(html), url, jsonld=jsonld, article_ld={}, og_type=None, prose=0,
                             link_density=0.0, paragraphs=[], dated=False, signed=False)
    assert all(0.0 <= value <= 1.25 for value in found.values())
    assert isinstance(pagekind.is_article(found), bool)


def test_malformed_url_is_no_evidence():
    assert evidence(url="http://[::1")["slug_words"] == 0.0
