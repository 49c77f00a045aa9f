"""The extractor base class and the body walker that site extractors build on."""

from datetime import datetime, timezone

import pytest
from selectolax.lexbor import LexborHTMLParser

from scraper.errors import NotAnArticle
from scraper.extract import ArticleExtractor, BlockWalker, Document, best_src, own_match

URL = "https://www.harbortimes.example/news/wall"
NOW = datetime(2024, 1, 1, tzinfo=timezone.utc)


def base(html: str, url: str = URL) -> ArticleExtractor:
    return ArticleExtractor(Document(html, url))


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Wall repairs begin | Harbor Times", "Wall repairs begin"),
        ("Harbor Times - Wall repairs begin", "Wall repairs begin"),
        ("Wall repairs begin - harbortimes.example", "Wall repairs begin"),
        ("Wall repairs begin: what it means", "Wall repairs begin: what it means"),
        ("Harbor Times", "Harbor Times"),
    ],
)
def test_title_drops_the_site_name_only(title, expected):
    html = f'<title>{title}</title><meta property="og:site_name" content="Harbor Times">'
    assert base(html).title() == expected


def test_metadata_fallbacks_fill_fields_a_site_does_not_know():
    html = (
        '<html lang="en-GB"><head><link rel="canonical" href="/news/wall?utm_source=x">'
        '<meta property="og:title" content="OG title"><meta name="description" content="Dek.">'
        '<meta property="article:tag" content="a"><meta property="article:tag" content="b">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "LD title",'
        ' "datePublished": "2023-05-04T09:15:00+01:00", "author": [{"@type": "Person", "name": "Jane Roe", "url": "/staff/jane"}]}</script>'
        "</head><body><p>Text</p></body></html>"
    )
    article = base(html, "https://harbortimes.example/x").extract(source="s", fetched_at=NOW).article
    assert article.title == "LD title"  # JSON-LD beats OpenGraph
    assert article.description == "Dek."
    assert article.tags == ("a", "b")
    assert article.language == "en-GB"
    assert article.url == "https://harbortimes.example/news/wall?utm_source=x"
    assert [(a.name, a.url) for a in article.authors] == [("Jane Roe", "https://harbortimes.example/staff/jane")]
    assert article.published_at.isoformat() == "2023-05-04T09:15:00+01:00"


def test_page_without_title_or_text_is_not_an_article():
    with pytest.raises(NotAnArticle, match="not an article"):
        base("<html><body><nav><a href=/>Home</a></nav></body></html>").extract(source="s", fetched_at=NOW)


def walk(html: str, **kw) -> BlockWalker:
    tree = LexborHTMLParser(html)
    return BlockWalker(URL, **kw).walk(tree.css_first("div#c"))


def test_walker_keeps_blocks_in_page_order_and_skips_noise():
    walker = walk(
        '<div id="c">Loose lead text<p>One <b>bold</b></p><div class="ad">Buy now</div><h2>Head</h2>'
        "<ul><li>A<ul><li>A.1</li></ul></li><li>B</li></ul><blockquote><p>Quoted</p></blockquote>"
        "<table><tr><th>k</th><th>v</th></tr><tr><td>x</td><td>1</td></tr></table><pre>code()</pre>"
        '<figure><img src="/i.jpg" alt="Alt"><figcaption>Cap <span class="credit">Photo: X</span></figcaption></figure>'
        '<blockquote class="twitter-tweet"><p>Tweet</p><a href="https://twitter.com/u/status/1">date</a></blockquote></div>',
        skip=(".ad",),
    )
    assert [(b.type, b.text) for b in walker.blocks] == [
        ("paragraph", "Loose lead text"), ("paragraph", "One bold"), ("heading", "Head"), ("list_item", "A"),
        ("list_item", "A.1"), ("list_item", "B"), ("quote", "Quoted"), ("table", "k | v\nx | 1"), ("code", "code()"),
        ("embed", "Tweet\ndate"),
    ]
    assert walker.blocks[-1].url == "https://twitter.com/u/status/1"
    [image] = walker.images
    assert (image.url, image.alt, image.caption, image.credit) == ("https://www.harbortimes.example/i.jpg", "Alt", "Cap", "Photo: X")


def test_walker_keeps_line_breaks_inside_a_block():
    doc = Document('<div id="c"><p>line one<br>line two</p></div>', URL)
    walker = BlockWalker(URL).walk(doc.tree.css_first("div#c"))
    assert walker.blocks[0].text == "line one\nline two"


@pytest.mark.parametrize(
    ("img", "expected"),
    [
        ('<img src="a.jpg">', "https://www.harbortimes.example/news/a.jpg"),
        ('<img src="data:image/gif;base64,R0" data-src="/real.jpg">', "https://www.harbortimes.example/real.jpg"),
        ('<img src="s.jpg" srcset="s.jpg 320w, l.jpg 1200w, m.jpg 640w">', "https://www.harbortimes.example/news/l.jpg"),
        ('<img alt="no source">', None),
    ],
)
def test_best_src_prefers_the_real_and_widest_image(img, expected):
    assert best_src(LexborHTMLParser(img).css_first("img"), URL) == expected


def test_own_match_ignores_what_belongs_to_a_nested_reply():
    tree = LexborHTMLParser(
        '<li class="c" id="a"><ul><li class="c" id="b"><span class="who">Reply author</span></li></ul>'
        '<span class="who">Parent author</span></li>'
    )
    parent = tree.css_first("#a")
    found = own_match(parent, ".who", lambda n: n.tag == "li" and n.attributes.get("class") == "c")
    assert found.text() == "Parent author"


def test_block_elements_never_glue_their_text_together():
    walker = walk(
        '<div id="c"><blockquote><p>First said.</p><p>Second said.</p></blockquote>'
        "<ul><li><p>Item para one.</p><p>Item para two.</p></li></ul></div>"
    )
    assert [(b.type, b.text) for b in walker.blocks] == [
        ("quote", "First said.\nSecond said."), ("list_item", "Item para one.\nItem para two."),
    ]
