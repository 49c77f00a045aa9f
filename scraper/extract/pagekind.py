"""Is a page an article? Evidence from the page, weighed by a small fitted linear model.

A news scraper must not emit a product grid, a category listing, a forum thread or a service page
as an article. Each page gives a few measurable signals (:func:`signals`): what its JSON-LD and
OpenGraph say it is, whether it states a date and an author, the shape of its URL, how much prose
its body holds, whether it has exactly one ``<article>`` element, and marks of shops and teaser
lists (prices, add-to-cart buttons, headlines that are links). :func:`article_score` adds them up
with ``WEIGHTS``; a page scoring below ``THRESHOLD`` is not an article.

``WEIGHTS`` is a logistic regression fitted by ``benchmarks/fit_article.py`` on the page types of
wcxb-dev (711 articles against 647 service, forum, listing, product, collection and documentation
pages); the threshold is set for a very high article recall, since a page wrongly called "not an
article" loses its story for good. The comment above the table gives the run and its figures.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extract import metadata
from scraper.extract.base import elements_by_tag

# JSON-LD types of pages that are not articles, by kind.
SHOP_TYPES = frozenset(("Product", "ProductGroup", "Offer", "AggregateOffer", "OfferCatalog", "IndividualProduct", "ProductModel"))
FORUM_TYPES = frozenset(("DiscussionForumPosting", "QAPage"))
INDEX_TYPES = frozenset(("CollectionPage", "ItemPage", "SearchResultsPage", "ContactPage", "Service", "SoftwareApplication", "Course", "Event"))
_ARTICLE_OG = ("article", "blog", "news")
_URL_DATE = re.compile(r"/(?:19|20)\d\d/(?:[01]?\d/)?")
_SLUG_WORD = re.compile(r"[-_]")
_PRICE_CSS = '[itemprop="price"], [itemprop="offers"], [class*="price" i]'
_CART_CSS = '[class*="add-to-cart" i], [class*="addtocart" i], [name="add-to-cart"], [class*="add_to_cart" i]'
# Headings that are links to another page (teasers); in-page anchors and named targets are not.
_LINK = 'a[href]:not([href^="#"])'
_LINKED_HEADINGS_CSS = ", ".join([f"{h} > {_LINK}" for h in ("h2", "h3", "h4")] + [f"{_LINK} > {h}" for h in ("h2", "h3", "h4")])


def signals(
    tree: LexborHTMLParser,
    url: str,
    *,
    jsonld: Iterable[dict[str, Any]],
    article_ld: dict[str, Any],
    og_type: str | None,
    prose: int,
    link_density: float,
    paragraphs: Iterable[str],
    dated: bool,
    signed: bool,
    elements: dict[str, list[LexborNode]] | None = None,
) -> dict[str, float]:
    """The page's evidence, each signal a number between 0 and 1 (see the module docstring).

    ``elements``: the page's ``h2``-``h4`` and ``article`` elements by tag, when already found
    (:attr:`scraper.extract.base.Document.elements`).
    """
    if elements is None:
        elements = elements_by_tag(tree, ("h2", "h3", "h4", "article"))
    types: set[str] = set()
    for obj in jsonld:
        types |= metadata.types_of(obj)
    try:
        path = urlsplit(url).path.rstrip("/")
    except ValueError:  # a malformed URL ("http://[::1") says nothing about the page
        path = ""
    slug = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    long_paragraphs = sum(1 for text in paragraphs if len(text) >= 150)
    headings = len(elements["h2"]) + len(elements["h3"]) + len(elements["h4"])
    linked = len(tree.css(_LINKED_HEADINGS_CSS)) if headings else 0  # no h2-h4, no linked one
    return {
        "ld_article": float(bool(article_ld) and not metadata.types_of(article_ld) & FORUM_TYPES),
        "ld_shop": float(bool(types & SHOP_TYPES)),
        "ld_forum": float(bool(types & FORUM_TYPES)),
        "ld_index": float(bool(types & INDEX_TYPES)),
        "og_article": float(any(kind in (og_type or "").lower() for kind in _ARTICLE_OG)),
        "dated": float(dated),
        "signed": float(signed),
        "url_date": float(bool(_URL_DATE.search(path))),
        "slug_words": min(len(_SLUG_WORD.findall(slug)), 8) / 8,
        "prose": min(math.log10(1 + prose) / 4, 1.25),
        "long_paragraphs": min(long_paragraphs, 10) / 10,
        "link_density": link_density,
        "prices": min(len(tree.css(_PRICE_CSS)), 20) / 20,
        "cart": float(tree.css_first(_CART_CSS) is not None),
        "linked_headings": min(linked, 20) / 20,
        "linked_share": min(linked / headings, 1.0) if headings else 0.0,
        "one_article_element": float(len(elements["article"]) == 1),
    }


def article_score(evidence: dict[str, float]) -> float:
    """The model's log-odds that the page is an article."""
    return WEIGHTS["bias"] + sum(WEIGHTS.get(name, 0.0) * value for name, value in evidence.items())


def is_article(evidence: dict[str, float]) -> bool:
    return article_score(evidence) >= THRESHOLD


# Fitted by benchmarks/fit_article.py on wcxb-dev (1,358 pages; L2 0.001). THRESHOLD keeps 99% of
# the articles in 5 host-grouped folds: there, article precision 0.605, recall 0.99, F1 0.751.
# Pages kept per type: article 704/711, collection 49/91, documentation 86/89, forum 79/112, listing 61/98, product 34/92, service 151/165.
# Lower recall buys precision: 97% of articles kept gives F1 0.819, 95% gives 0.843.
THRESHOLD = -3.44
WEIGHTS: dict[str, float] = {
    "bias": -3.91,
    "cart": -0.85,
    "dated": 0.55,
    "ld_article": 1.27,
    "ld_forum": -2.65,
    "ld_index": -1.19,
    "ld_shop": -1.87,
    "link_density": -1.54,
    "linked_headings": 0.26,
    "linked_share": -0.98,
    "long_paragraphs": 1.63,
    "og_article": 1.25,
    "one_article_element": 0.99,
    "prices": -0.98,
    "prose": 1.01,
    "signed": 0.77,
    "slug_words": 2.51,
    "url_date": 1.4,
}
