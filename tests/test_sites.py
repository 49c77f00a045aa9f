"""Every fixture page against its golden record, field by field; plus the registry rules."""

import importlib
import os
import pkgutil
from pathlib import Path

import attrs
import orjson
import pytest

import scraper.sites
from scraper.extract.base import ArticleExtractor, BlockWalker
from scraper.extract.generic import GenericExtractor
from scraper.extract.registry import extractor_for, extractors, register
from scraper.pipeline import extract_page

from conftest import FETCHED_AT, FIXTURES

PAGES = sorted((FIXTURES / "html").rglob("*.html"))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def records(result) -> dict:
    return {"article": result.article.to_dict(), "comments": [c.to_dict() for c in result.comments]}


def extract_fixture(path: Path) -> dict:
    return records(extract_page(path.read_bytes(), path.resolve().as_uri(), source=str(path.relative_to(FIXTURES.parent)), fetched_at=FETCHED_AT))


def as_json(value):
    return orjson.loads(orjson.dumps(value))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_matches_golden_record_field_by_field(page):
    golden_path = page.with_suffix(".expected.json")
    got = as_json(extract_fixture(page))
    if UPDATE:
        golden_path.write_bytes(orjson.dumps(got, option=orjson.OPT_INDENT_2) + b"\n")
    expected = orjson.loads(golden_path.read_bytes())
    for field, value in expected["article"].items():
        assert got["article"].get(field) == value, f"article.{field}"
    assert list(got["article"]) == list(expected["article"]), "article fields"
    assert len(got["comments"]) == len(expected["comments"]), "number of comments"
    for i, (have, want) in enumerate(zip(got["comments"], expected["comments"])):
        for field, value in want.items():
            assert have.get(field) == value, f"comments[{i}].{field}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_extraction_is_deterministic(page):
    assert orjson.dumps(extract_fixture(page)) == orjson.dumps(extract_fixture(page))


def test_digital_trends_sample_page():
    pages = [p for p in PAGES if p.stem == "microsoft-facial-recognition-police"]
    records = {r["article"]["extractor"]: r for r in (as_json(extract_fixture(p)) for p in pages)}
    dt = records["digitaltrends"]["article"]
    assert len(dt["body"]) == 11 and all(b["type"] == "paragraph" for b in dt["body"])
    assert dt["description"].startswith("Following in other tech giants’ footsteps")
    assert [a["name"] for a in dt["authors"]] == ["Allison Matyus"]
    assert dt["images"][0]["credit"] == "izusek/Getty Images" and dt["images"][0]["alt"] == "Facial Recognition Composite"
    for boilerplate in ("Recommended Videos", "Sign up for our newsletter", "Read more", "Designtechnica", "Skip to main content"):
        assert boilerplate not in dt["text"]
    assert dt["text"].endswith("without considering the ethical implications.")
    assert dt["published_at"] == "2020-06-11T13:56:41-07:00"


def test_windows_central_sample_page():
    pages = [p for p in PAGES if p.stem == "microsoft-facial-recognition-police"]
    wc = next(r for r in (as_json(extract_fixture(p)) for p in pages) if r["article"]["extractor"] == "future")
    article, comments = wc["article"], wc["comments"]
    assert len([b for b in article["body"] if b["type"] == "paragraph"]) == 5
    assert article["lead_image"]["caption"] == "Microsoft logo"
    assert article["lead_image"]["credit"] == "(Image credit: Daniel Rubino / Windows Central)"
    assert [a["name"] for a in article["authors"]] == ["Sean Endicott"]
    assert article["comment_count"] == 38 and len(comments) == 38
    assert [c["position"] for c in comments] == list(range(38))
    embed = next(b for b in article["body"] if b["type"] == "embed")
    assert embed["text"] == "See more" and embed["url"].startswith("https://twitter.com/")
    assert "See more" not in article["text"]
    by_id = {c["id"]: c for c in comments}
    assert comments[1]["parent_id"] == comments[0]["id"]  # a reply, nested
    assert all(c["parent_id"] is None or c["parent_id"] in by_id for c in comments)
    quoting = [c for c in comments if c["quote"]]
    assert len(quoting) == 1 and quoting[0]["quote"].startswith("Now with that, yes")
    assert quoting[0]["text"].startswith("That's exactly it though.")
    assert any(c["text"] == "I didn't even know that was a thing..\nThank you for sharing - that kind of bias in the industry is disturbing." for c in comments)


def test_every_site_module_registers_a_host_and_has_fixtures():
    table = extractors()
    for info in pkgutil.iter_modules(scraper.sites.__path__):
        module = importlib.import_module(f"scraper.sites.{info.name}")
        classes = [v for v in vars(module).values() if isinstance(v, type) and v.__module__ == module.__name__ and hasattr(v, "extract")]
        assert classes, f"{info.name} defines no extractor"
        for cls in classes:
            assert table.get(cls.name), f"{cls.__name__} registers no host"
            assert any(extract_fixture(p)["article"]["extractor"] == cls.name for p in PAGES), f"no fixture for {cls.name}"


def test_lookup_uses_host_without_port_and_case():
    assert extractor_for("https://WWW.DigitalTrends.com:443/news/x").name == "digitaltrends"
    assert extractor_for("https://www.space.com/x").name == "future"
    assert extractor_for("https://unknown.example/x").name == "generic"


def test_registering_a_host_twice_fails_naming_both_classes():
    from scraper.sites.digitaltrends import DigitalTrends

    with pytest.raises(ValueError, match="DigitalTrends and Impostor"):
        @register("digitaltrends.com")
        class Impostor(DigitalTrends):
            pass


def test_saved_page_is_routed_by_its_canonical_url():
    page = next(p for p in PAGES if p.parent.name == "windowscentral")
    result = extract_page(page.read_bytes(), "file:///tmp/saved.html", fetched_at=FETCHED_AT)
    assert result.article.extractor == "future"
    assert result.article.url.startswith("https://www.windowscentral.com/")


def test_fetched_page_is_routed_by_its_own_host_not_its_canonical():
    page = next(p for p in PAGES if p.parent.name == "windowscentral")
    result = extract_page(page.read_bytes(), "https://news.example/syndicated/story", fetched_at=FETCHED_AT)
    assert result.article.extractor == "generic"
    assert result.article.url.startswith("https://www.windowscentral.com/")  # the canonical is still the record's url


OLDER_FUTURE_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Through the Quiet Dark review | PC Gamer</title>
<meta property="og:site_name" content="PC Gamer">
<meta property="og:title" content="Through the Quiet Dark review">
<meta property="og:image" content="https://cdn.example/hero-1200-80.jpg">
<meta name="description" content="Our review of Through the Quiet Dark, with score and verdict.">
<link rel="canonical" href="https://www.pcgamer.com/through-the-quiet-dark-review/"></head><body>
<nav><a href="/">PC Gamer</a><a href="/reviews/">Reviews</a></nav>
<div class="hero-image-padding"><picture><img src="https://cdn.example/hero-480-80.jpg" alt="" class="block-image-ads hero-image"
 srcset="https://cdn.example/hero-480-80.jpg 480w, https://cdn.example/hero-1200-80.jpg 1200w"></picture></div>
<header><div class="header-sub-container"><h1 class="review-title-long">Through the Quiet Dark review</h1>
<h2>A slow, careful strategy game about keeping a small town alive through one winter.</h2>
<p class="byline">By <span class="by-author"><a href="https://www.pcgamer.com/author/jane-roe/" rel="author">Jane Roe - PC Gamer Contributor</a></span>
<time datetime="2020-02-11T18:16:58Z">11 February 2020</time></p>
<span class="credit review-hero-credit">(Image: © Quiet Games)</span></div></header>
<div id="article-body"><p>The town has forty people, one well and a winter that lasts as long as you can bear it.</p>
<p>Every choice costs something: wood for the stove is wood that will not mend the wall.</p>
<p>By the end I cared about the baker more than about most characters in bigger games.</p></div>
<footer><p>PC Gamer is part of Future plc.</p></footer></body></html>"""


def test_future_older_review_template_reads_dek_byline_role_and_hero_credit():
    article = extract_page(OLDER_FUTURE_PAGE, "https://www.pcgamer.com/through-the-quiet-dark-review/", fetched_at=FETCHED_AT).article
    assert article.extractor == "future"
    assert article.title == "Through the Quiet Dark review"
    assert article.description.startswith("A slow, careful strategy game")
    assert [a.name for a in article.authors] == ["Jane Roe"]
    assert article.lead_image.url == "https://cdn.example/hero-1200-80.jpg"
    assert article.lead_image.credit == "(Image: © Quiet Games)"


def test_site_fields_its_markup_lacks_come_from_the_generic_extractor():
    html = OLDER_FUTURE_PAGE.replace('id="article-body"', 'class="story-text"').replace(' rel="author"', "")
    html = html.replace("</head>", '<script type="application/ld+json">{"@type": "Review", "headline": "Through the Quiet Dark review",'
                        ' "author": {"@type": "Person", "name": "Jane Roe"}}</script></head>')
    url = "https://www.pcgamer.com/through-the-quiet-dark-review/"
    site = extract_page(html, url, fetched_at=FETCHED_AT).article
    generic = extract_page(html, url, fetched_at=FETCHED_AT, extractor=GenericExtractor).article
    assert site.extractor == "future"
    assert site.body and site.body == generic.body and site.text == generic.text  # no #article-body: the generic body
    assert site.word_count == generic.word_count and site.content_hash != ""
    assert [a.name for a in site.authors] == [a.name for a in generic.authors] == ["Jane Roe"]


def test_future_older_review_fixture_keeps_verdict_and_fact_box_but_not_promos():
    page = FIXTURES / "html" / "future" / "older-review-template-hollow-lantern.html"
    article = extract_fixture(page)["article"]
    assert article["text"].startswith("Our Verdict\n\nA quiet, clever puzzle game")
    assert "Developer Tidewater Studio" in article["text"]
    for promo in ("Read more", "More reviews", "All PC Gamer reviews", "THE GLOBAL AUTHORITY", "Most popular"):
        assert promo not in article["text"]
    assert article["authors"][0]["name"] == "Maren Holt" and article["authors"][0]["bio"].startswith("Maren writes")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_site_extractor_leaves_no_field_empty_that_the_generic_extractor_fills(page):
    url = page.resolve().as_uri()
    site = extract_page(page.read_bytes(), url, fetched_at=FETCHED_AT).article
    generic = extract_page(page.read_bytes(), url, fetched_at=FETCHED_AT, extractor=GenericExtractor).article
    keep_empty = getattr(extractor_for(site.url), "keep_empty", frozenset())
    for field in ("title", "authors", "published_at", "section", "tags", "language", "site_name", "lead_image", "body"):
        if field not in keep_empty and getattr(generic, field):
            assert getattr(site, field), field


@pytest.mark.parametrize(
    "url, other, expected",
    [
        ("https://cdn.example/AbC1-1024-80.jpg", "https://cdn.example/AbC1-1200-80.jpg", "https://cdn.example/AbC1-1200-80.jpg"),
        ("https://cdn.example/AbC1-1920-80.jpg", "https://cdn.example/AbC1-1200-80.jpg", "https://cdn.example/AbC1-1920-80.jpg"),
        ("https://cdn.example/AbC1-970-80.jpg", "https://cdn.example/Other-1200-80.jpg", "https://cdn.example/AbC1-970-80.jpg"),
        ("https://cdn.example/AbC1-970-80.jpg", None, "https://cdn.example/AbC1-970-80.jpg"),
    ],
)
def test_future_lead_image_keeps_the_wider_rendition_of_the_same_image(url, other, expected):
    from scraper.sites.future import wider_rendition

    assert wider_rendition(url, other) == expected


def _whole_generic_fallback(html: str, url: str, cls: type | None = None) -> dict:
    """What the site fallback gives, the plain way: the site's records, then every empty field group (and
    the comments, when the site found none) from a whole generic extraction of the page."""
    from scraper.extract.base import Document
    from scraper.extract.registry import FALLBACK_FIELDS, extractor_for as site_for
    from scraper.records import Article, Result

    cls = cls or site_for(url)
    site = cls(Document(html, url)).extract(source=url, fetched_at=FETCHED_AT)
    generic = GenericExtractor(Document(html, url)).extract(source=url, fetched_at=FETCHED_AT)
    article = site.article
    keep_empty = getattr(cls, "keep_empty", frozenset())
    changes = {
        name: getattr(generic.article, name)
        for group in FALLBACK_FIELDS
        if not keep_empty & set(group) and all(getattr(article, name) in (None, (), "") for name in group)
        for name in group
    }
    if changes:
        derived = ("text", "word_count", "content_hash")
        article = Article(**{**{f.name: getattr(article, f.name) for f in attrs.fields(Article) if f.name not in derived}, **changes})
    return records(Result(source=url, article=article, comments=site.comments or generic.comments))


# Markup the site extractors do not read and the generic one does: WordPress comments, article meta tags.
GENERIC_ONLY = {
    "comments": (
        "</body>",
        '<div id="comments" class="comments-area"><ol class="comment-list"><li id="comment-11" class="comment depth-1">'
        '<article class="comment-body"><footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Sam</b></div>'
        '<div class="comment-metadata"><time datetime="2023-05-05T10:00:00+00:00">5 May 2023</time></div></footer>'
        '<div class="comment-content"><p>About time too.</p></div></article></li></ol></div></body>',
    ),
    "meta": (
        "</head>",
        '<meta property="article:modified_time" content="2024-02-03T04:05:06+00:00"><meta property="article:tag" content="Harbours">'
        '<meta property="article:section" content="Science"></head>',
    ),
}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
@pytest.mark.parametrize("extra", ["", *GENERIC_ONLY])
def test_a_site_page_gets_the_same_fallback_fields_as_from_a_whole_generic_extraction(page, extra):
    """The fallback asks the generic extractor only for the fields the site left empty; the records must
    be those a whole generic extraction would fill in. ``extra`` adds markup only the generic extractor
    reads (comments, meta tags), so those fields come from it."""
    html = page.read_text(encoding="utf-8")
    if extra:
        html = html.replace(*GENERIC_ONLY[extra])
    url = {"digitaltrends": "https://www.digitaltrends.com/", "windowscentral": "https://www.windowscentral.com/",
           "future": "https://www.space.com/"}[page.parent.name] + page.stem  # fmt: skip
    assert as_json(records(extract_page(html, url, fetched_at=FETCHED_AT))) == as_json(_whole_generic_fallback(html, url))


class StoryOnly(ArticleExtractor):
    """A site extractor that reads the story's headline and body and nothing else: every other field,
    and the comments, fall back to the generic extractor."""

    name = "story-only"

    def title(self):
        return self.text("h1")

    def body(self):
        node = self.node("article, main, body")
        return BlockWalker(self.doc.url).walk(node).blocks if node is not None else []

    def description(self):
        return None

    def authors(self):
        return []

    def published_raw(self):
        return None

    def modified_raw(self):
        return None

    def lead_image(self):
        return None

    def section(self):
        return None

    def tags(self):
        return []

    def language(self):
        return None

    def site_name(self):
        return None


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fields_a_site_extractor_leaves_empty_are_those_of_a_whole_generic_extraction(page):
    from scraper.extract.base import Document
    from scraper.extract.registry import with_generic_fallback

    html = page.read_text(encoding="utf-8").replace(*GENERIC_ONLY["comments"])
    url = "https://news.example/" + page.stem
    site = StoryOnly(Document(html, url)).extract(source=url, fetched_at=FETCHED_AT)
    result = with_generic_fallback(site, StoryOnly, html, url, source=url, fetched_at=FETCHED_AT)
    assert as_json(records(result)) == as_json(_whole_generic_fallback(html, url, StoryOnly))
    assert result.article.authors and result.article.published_at and result.comments  # they did fall back
