"""Metadata: every structured source a page offers, in the documented order of trust.

JSON-LD first, then OpenGraph, then Twitter cards, then plain <meta>, then visible markup. Pages are
full documents (head, navigation, article, footer) built by `page()`; each test varies one source.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from scraper.extract import metadata
from scraper.extract.generic import GenericExtractor
from scraper.pipeline import extract_page

FETCHED_AT = datetime(2024, 1, 1, tzinfo=timezone.utc)
URL = "https://news.example/politics/2023/harbour-vote"
BODY = "".join(
    f"<p>Paragraph {n} of the story, long enough to be prose: the council met, argued, voted, and went home.</p>"
    for n in range(1, 6)
)


def page(
    head: str = "", *, article: str = "", title: str = "Harbour vote passes | Harbour Times", lang: str = "en", h1: str = "Council report"
) -> str:
    """A full article page: head with the given extra tags, navigation, the article, a footer.

    The printed ``<h1>`` shares no word with the declared titles unless a test says otherwise, so
    title tests see the order of trust among declared titles.
    """
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>{head}</head><body>'
        '<header class="site-header"><a class="logo" href="/">Harbour Times</a>'
        '<nav><a href="/politics">Politics</a><a href="/sport">Sport</a></nav></header>'
        f'<main><article><h1>{h1}</h1>{article}<div class="article-body">{BODY}</div></article></main>'
        '<footer class="site-footer"><p>© 2023 Harbour Times. All rights reserved.</p></footer>'
        "</body></html>"
    )


def ld(*objects: object) -> str:
    return "".join(f'<script type="application/ld+json">{json.dumps(o)}</script>' for o in objects)


def article(html: str, url: str = URL):
    return extract_page(html, url, fetched_at=FETCHED_AT, extractor=GenericExtractor).article


# -- titles ------------------------------------------------------------------------------------

TITLE_SOURCES = [
    ("jsonld", ld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "From JSON-LD"})),
    ("dc", '<meta name="DC.title" content="From Dublin Core">'),  # an editor's own field, before the sharing cards'
    ("og", '<meta property="og:title" content="From OpenGraph">'),
    ("twitter", '<meta name="twitter:title" content="From Twitter">'),
]


@pytest.mark.parametrize("winner", range(len(TITLE_SOURCES)), ids=[name for name, _ in TITLE_SOURCES])
def test_title_comes_from_the_most_trusted_source_present(winner):
    head = "".join(tag for _, tag in TITLE_SOURCES[winner:])
    expected = {"jsonld": "From JSON-LD", "og": "From OpenGraph", "twitter": "From Twitter", "dc": "From Dublin Core"}
    # The printed <h1> shares no word with any declared title here, so the most trusted declared one wins.
    assert article(page(head)).title == expected[TITLE_SOURCES[winner][0]]


def test_printed_h1_wins_over_a_declared_seo_title_that_matches_it_loosely():
    head = '<meta property="og:title" content="Harbour vote passes after long night: what it means for you">'
    assert article(page(head, title="Harbour vote passes after long night", h1="Harbour vote passes")).title == "Harbour vote passes"


def test_h1_that_shares_no_words_with_declared_titles_is_not_the_title():
    head = '<meta property="og:site_name" content="Harbour Times">'
    assert article(page(head, title="Harbour vote passes | Harbour Times", h1="Council report")).title == "Harbour vote passes"


def test_logo_h1_naming_the_site_is_not_the_title():
    head = '<meta property="og:site_name" content="Harbour Times">'
    html = page(head, title="Harbour Times", h1="Harbour vote passes").replace("<header class=\"site-header\">", "<header class=\"site-header\"><h1>Harbour Times</h1>")
    assert article(html).title == "Harbour vote passes"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Don&#8217;t panic", "Don’t panic"),
        ("It&#039;s here", "It's here"),
        ("&apos;Quoted&apos;", "'Quoted'"),
        ("Double &amp;#8217; escaped", "Double ’ escaped"),
        ("AT&T and R&D stay", "AT&T and R&D stay"),
    ],
)
def test_entities_left_in_meta_and_jsonld_are_decoded(value, expected):
    assert metadata.unescape(value) == expected
    tree = LexborHTMLParser(f'<meta property="og:description" content="{value.replace("&", "&amp;")}">')
    assert metadata.meta_tags(tree)["og:description"] == expected
    blob = json.dumps({"@type": "NewsArticle", "headline": value})
    tree = LexborHTMLParser(f'<script type="application/ld+json">{blob}</script>')
    assert metadata.jsonld_objects(tree)[0]["headline"] == expected


def test_title_drops_section_after_the_site_name():
    head = '<meta property="og:site_name" content="Harbour Times"><meta property="article:section" content="Opinion">'
    assert article(page(head, title="Harbour vote passes | Opinion | Harbour Times", h1="Letters")).title == "Harbour vote passes"


def test_title_drops_a_site_name_suffix_named_by_og_site_name():
    head = '<meta property="og:site_name" content="Harbour Times">'
    assert article(page(head, title="Harbour vote passes | Harbour Times")).title == "Harbour vote passes"


def test_title_drops_a_suffix_that_names_the_host_even_without_a_site_name():
    assert article(page(title="Harbour vote passes - News Example")).title == "Harbour vote passes"


def test_title_drops_a_leading_site_name_too():
    head = '<meta property="og:site_name" content="Harbour Times">'
    assert article(page(head, title="Harbour Times | Harbour vote passes")).title == "Harbour vote passes"


def test_title_keeps_a_colon_that_is_part_of_the_headline():
    head = '<meta property="og:title" content="Brexit: what happens next">'
    assert article(page(head)).title == "Brexit: what happens next"


def test_title_keeps_segments_that_only_mention_the_site_name():
    html = page('<meta property="og:title" content="Using os_walk in Python - a tour">')
    assert article(html, url="https://docs.python.example/walk").title == "Using os_walk in Python - a tour"


def test_jsonld_name_wins_over_a_headline_that_does_not_match_the_page_title():
    obj = {"@type": "Article", "headline": "Wikimedia list article", "name": "List of harbour votes"}
    assert article(page(ld(obj), title="List of harbour votes - Wikipedia")).title == "List of harbour votes"


def test_meta_property_with_several_space_separated_names_counts_for_each():
    head = '<meta property="og:title twitter:title" content="Shared title">'
    assert article(page(head)).title == "Shared title"
    tree = LexborHTMLParser(page(head))
    assert metadata.meta_tags(tree)["twitter:title"] == "Shared title"


# -- JSON-LD shapes -----------------------------------------------------------------------------


def test_jsonld_graph_with_nested_author_publisher_and_image_objects():
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Harbour Times", "url": "https://news.example/"},
            {"@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem", "name": "Politics"}]},
            {
                "@type": ["NewsArticle", "ReportageNewsArticle"],
                "headline": "Harbour vote passes",
                "author": [{"@type": "Person", "name": "Jane Roe", "url": "/staff/jane"}, {"@type": "Person", "name": "Sam Poe"}],
                "publisher": {"@type": "Organization", "name": "Harbour Times", "logo": {"@type": "ImageObject", "url": "/logo.png"}},
                "image": [{"@type": "ImageObject", "url": "https://news.example/img/vote.jpg", "width": 1200}],
                "datePublished": "2023-05-04T18:30:00-04:00",
                "description": "The council voted 7 to 2.",
                "inLanguage": "en-US",
            },
        ],
    }
    result = article(page(ld(graph)))
    assert [(a.name, a.url) for a in result.authors] == [("Jane Roe", "https://news.example/staff/jane"), ("Sam Poe", None)]
    assert result.site_name == "Harbour Times"
    assert result.lead_image.url == "https://news.example/img/vote.jpg"
    assert result.description == "The council voted 7 to 2."
    assert result.published_at == datetime.fromisoformat("2023-05-04T18:30:00-04:00")


def test_jsonld_array_at_top_level_and_main_entity_are_flattened():
    tree = LexborHTMLParser(page(ld([{"@type": "WebPage", "mainEntity": {"@type": "BlogPosting", "headline": "Inside"}}])))
    assert metadata.article_object(metadata.jsonld_objects(tree))["headline"] == "Inside"


def test_article_object_prefers_the_richest_article_over_a_bare_one():
    objects = [{"@type": "Article", "name": "teaser"}, {"@type": "NewsArticle", "headline": "Main", "author": "A", "datePublished": "2020-01-01"}]
    assert metadata.article_object(objects)["headline"] == "Main"


@pytest.mark.parametrize(
    "raw",
    [
        '{"@type": "NewsArticle", "headline": "Broken but fine",}',  # trailing comma
        '<!--{"@type": "NewsArticle", "headline": "Broken but fine"}-->',  # HTML comment wrapper
        '//<![CDATA[\n{"@type": "NewsArticle", "headline": "Broken but fine"}\n//]]>',  # CDATA wrapper
        '{"@type": "NewsArticle", "headline": "Broken but fine"};',  # statement terminator
        '{"@type": "NewsArticle", "headline": "Broken\tbut fine"}',  # a raw tab inside a string
        '{"@type": "Person", "name": "X"}\n{"@type": "NewsArticle", "headline": "Broken but fine"}',  # two objects
    ],
    ids=["trailing-comma", "html-comment", "cdata", "semicolon", "control-char", "two-objects"],
)
def test_broken_jsonld_is_read_leniently(raw):
    html = page(f'<script type="application/ld+json">{raw}</script>')
    assert article(html).title == "Broken but fine"


def test_unreadable_jsonld_is_skipped_and_other_sources_fill_in():
    html = page('<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script><meta property="og:title" content="OG wins">')
    assert article(html).title == "OG wins"


# -- authors ------------------------------------------------------------------------------------


def test_authors_from_jsonld_beat_meta_author_and_byline():
    head = ld({"@type": "NewsArticle", "headline": "H", "author": {"@type": "Person", "name": "From JSON-LD"}})
    head += '<meta name="author" content="From Meta">'
    byline = '<p class="byline">By <a rel="author" href="/staff/b">From Byline</a></p>'
    assert [a.name for a in article(page(head, article=byline)).authors] == ["From JSON-LD"]


def test_meta_author_is_split_into_people_and_by_is_dropped():
    head = '<meta name="author" content="By Jane Roe and Sam Poe">'
    assert [a.name for a in article(page(head)).authors] == ["Jane Roe", "Sam Poe"]


def test_meta_author_that_is_a_url_is_not_a_name():
    head = '<meta property="article:author" content="https://www.facebook.com/profile.php?id=1">'
    byline = '<p class="byline">By <a rel="author" href="/staff/jane">Jane Roe</a></p>'
    assert [(a.name, a.url) for a in article(page(head, article=byline)).authors] == [("Jane Roe", "https://news.example/staff/jane")]


def test_visible_byline_names_the_author_without_its_date():
    byline = '<div class="pb-byline">By <b>Jane Roe</b> March 11, 2015 3:46 PM</div>'
    assert [a.name for a in article(page(article=byline)).authors] == ["Jane Roe"]


def test_organization_author_gives_way_to_a_person_named_on_the_page():
    head = ld({"@type": "NewsArticle", "headline": "H", "author": {"@type": "Organization", "name": "Harbour Times"}})
    byline = '<p class="byline">By <a rel="author" href="/staff/jane">Jane Roe</a></p>'
    assert [a.name for a in article(page(head, article=byline)).authors] == ["Jane Roe"]


def test_a_site_named_after_its_owner_keeps_the_owner_declared_a_person():
    head = '<meta property="og:site_name" content="Jane Roe">' + ld({"@type": "BlogPosting", "headline": "H", "author": {"@type": "Person", "name": "Jane Roe"}})
    quote = "<p>The parser was written by <cite>John Doe</cite>, who kept it small.</p>"
    assert [a.name for a in article(page(head, article=quote)).authors] == ["Jane Roe"]


def test_wire_service_alone_is_the_author():
    head = '<meta name="author" content="Associated Press">'
    assert [a.name for a in article(page(head)).authors] == ["Associated Press"]


@pytest.mark.parametrize("agency", ["ANP", "Belga", "Europa Press", "PTI", "Yonhap", "Anadolu Agency"])
def test_national_agencies_are_wire_services(agency):
    byline = f'<p class="byline">By <a rel="author" href="/staff/jane">Jane Roe</a> and <a rel="author" href="/wire">{agency}</a></p>'
    assert [a.name for a in article(page(article=byline)).authors] == ["Jane Roe"]
    assert [a.name for a in article(page(f'<meta name="author" content="{agency}">')).authors] == [agency]


@pytest.mark.parametrize("agency", ["Associated Press", "Agencia EFE"])
def test_an_agency_in_the_byline_signs_the_story_rather_than_the_paper_the_metadata_names(agency):
    head = ld({"@type": "NewsArticle", "headline": "H", "author": {"@type": "NewsMediaOrganization", "name": "Harbour Times"}})
    byline = f"<p><em><strong>Por {agency}</strong></em></p>"
    assert [a.name for a in article(page(head, article=byline)).authors] == [agency]


def test_byline_role_and_affiliation_are_dropped():
    byline = '<p class="byline">By <a rel="author" href="/staff/jane">Jane Roe - Staff Writer</a></p>'
    assert [a.name for a in article(page(article=byline)).authors] == ["Jane Roe"]
    head = '<meta name="author" content="Jane Roe, Chief Technology Officer, Acme Corp">'
    assert [a.name for a in article(page(head)).authors] == ["Jane Roe"]


def test_plain_author_link_without_byline_markup_names_the_author():
    line = '<div class="meta-line"><a href="/author/jane-roe/">Jane Roe</a> <span>4 min read</span></div>'
    assert [(a.name, a.url) for a in article(page(article=line)).authors] == [("Jane Roe", "https://news.example/author/jane-roe/")]


def test_a_line_starting_with_by_names_the_author_without_byline_markup():
    line = '<div class="x1"><span class="x2">By</span><span class="x3">Jane Roe</span></div>'
    assert [a.name for a in article(page(article=line)).authors] == ["Jane Roe"]


def test_written_by_line_names_the_author():
    line = '<div class="x1"><p>Written by <strong>Jane Roe</strong></p></div>'
    assert [a.name for a in article(page(article=line)).authors] == ["Jane Roe"]


def test_author_box_names_the_author_in_its_first_line_before_the_bio():
    bio = "Jane writes about harbours, ferries and the people who run them, and has done so for twenty years. " * 2
    box = f'<div class="post-author-box"><img src="/jane.jpg" alt=""><div class="x1">Jane Roe</div><p>{bio}</p></div>'
    assert [a.name for a in article(page(article=box)).authors] == ["Jane Roe"]


def test_author_box_opening_with_its_bio_names_no_one():
    bio = "Our writers cover harbours, ferries and the people who run them, and have done so for twenty years. " * 2
    box = f'<div class="post-author-box"><p>{bio}</p></div>'
    assert article(page(article=box)).authors == ()


def test_the_heading_of_an_author_card_names_the_author():
    card = '<div class="card"><h3 class="card-author-name">Jane Roe</h3><p class="x1">Harbour reporter</p></div>'
    assert [a.name for a in article(page(article=card)).authors] == ["Jane Roe"]


def test_a_label_element_names_the_authors_in_the_element_after_it():
    field = '<div class="x1"><h4>Author(s)</h4><ul><li><a href="/q?a=1">Jane Roe</a></li><li><a href="/q?a=2">John Doe</a></li></ul></div>'
    assert [a.name for a in article(page(article=field)).authors] == ["Jane Roe", "John Doe"]
    split = '<div class="x1"><div class="x2">Written by</div><div class="x3">Jane Roe</div><div class="x4">' + "Jane writes. " * 20 + "</div></div>"
    assert [a.name for a in article(page(article=split)).authors] == ["Jane Roe"]


def test_an_author_field_in_a_side_box_names_the_author():
    box = '<aside class="sidebar-widget"><div class="item"><h3>Author</h3><p>Jane Roe</p></div></aside>'
    assert [a.name for a in article(page(article=box)).authors] == ["Jane Roe"]


def test_an_organization_byline_gives_way_to_a_person_listed_beside_it():
    head = ld({"@type": "NewsArticle", "headline": "H", "author": {"@type": "Organization", "name": "Acme Labs"}})
    people = '<div class="post-authors"><div class="author-name">Acme Labs</div><div class="author-name">Jane Roe</div></div>'
    assert [a.name for a in article(page(head, article=people)).authors] == ["Jane Roe"]


def test_an_organization_byline_does_not_give_way_to_a_teaser_further_down():
    head = ld({"@type": "NewsArticle", "headline": "H", "author": {"@type": "Organization", "name": "Acme Labs"}})
    byline = '<p class="byline"><a href="/author/acme">Acme Labs</a></p>'
    teaser = '<div class="x1"><div class="x2"><div class="x3"><div class="x4"><a href="/author/jane">Jane Roe</a></div></div></div></div>'
    html = page(head, article=byline).replace("</main>", teaser + "</main>")
    assert [a.name for a in article(html).authors] == ["Acme Labs"]


def test_an_account_name_is_the_author_only_where_the_page_names_no_one_else():
    assert [a.name for a in article(page('<meta name="author" content="jane_roe84">')).authors] == ["jane_roe84"]
    byline = '<p class="byline">By <a rel="author" href="/staff/jane">Jane Roe</a></p>'
    assert [a.name for a in article(page('<meta name="author" content="jane_roe84">', article=byline)).authors] == ["Jane Roe"]


def test_a_one_word_meta_author_gives_way_to_the_full_name_in_the_byline():
    byline = '<p class="byline">By <a rel="author" href="/staff/jane">Jane Roe</a></p>'
    assert [a.name for a in article(page('<meta name="author" content="jroe">', article=byline)).authors] == ["Jane Roe"]


def test_a_full_meta_author_is_kept_over_a_different_byline():
    byline = '<p class="byline">By John Doe</p>'
    assert [a.name for a in article(page('<meta name="author" content="Jane Roe">', article=byline)).authors] == ["Jane Roe"]


def test_a_topic_link_or_an_author_description_in_a_byline_is_no_name():
    line = '<div class="post-byline"><a class="tag" href="/tag/personal-finance">Personal finance</a> <span>May 2, 2025</span></div>'
    assert article(page(article=line)).authors == ()
    box = '<div class="author-description">Licensed Coffee Grader, Journalism Graduate</div>'
    assert article(page(article=box)).authors == ()


def test_an_email_or_a_template_key_is_no_author():
    assert article(page('<meta name="author" content="jane@news.example">')).authors == ()
    assert article(page('<meta name="author" content="page.head.extra.author">')).authors == ()


def test_lead_words_before_von_open_a_byline():
    line = "<p>Blog Beitrag von Jane Roe</p>"
    assert [a.name for a in article(page(article=line, lang="de")).authors] == ["Jane Roe"]


def test_an_author_field_inside_a_longer_element_ends_at_its_line_break():
    notes = "Quelle: Amtsgericht Harbourtown, Urteil vom 3. Mai, mit weiteren Hinweisen zum Verfahren und zu den Kosten. " * 2
    box = f'<div class="x1">{notes}<br>Autor: <a href="/anwalt/">Rechtsanwalt</a> Jane Roe<br>Stand: Mai</div>'
    assert [a.name for a in article(page(article=box, lang="de")).authors] == ["Jane Roe"]


def test_a_label_and_separator_before_by_are_not_part_of_the_byline():
    line = '<div class="meta-info"><span class="x1">Trending</span> <span class="x2">| By </span> <span>Jane Roe</span> | <time>May 2, 2025</time></div>'
    assert [a.name for a in article(page(article=line)).authors] == ["Jane Roe"]


def test_a_heading_like_von_a_nach_b_is_not_a_byline():
    line = "<p><strong>Von Berlin nach Hamburg</strong></p>"
    assert article(page(article=line, lang="de")).authors == ()


def test_prose_with_by_is_not_a_byline():
    line = "<p>Written in haste by the council, the rule passed.</p>"
    assert article(page(article=line)).authors == ()


def test_byline_inside_comments_is_not_the_author():
    comments = (
        '<div id="comments" class="comments-area"><ol class="comment-list"><li class="comment">'
        '<span class="comment-author"><a rel="author" href="/u/troll">Troll</a></span><p>First!</p></li></ol></div>'
    )
    html = page().replace("</main>", comments + "</main>")
    assert article(html).authors == ()


# -- other fields -------------------------------------------------------------------------------


def test_canonical_url_language_and_site_name():
    head = (
        '<link rel="canonical" href="/politics/2023/harbour-vote-passes">'
        '<meta property="og:site_name" content="Harbour Times">'
    )
    result = article(page(head, lang="en-GB"), url=URL + "?utm_source=feed")
    assert result.url == "https://news.example/politics/2023/harbour-vote-passes"
    assert result.language == "en-GB"
    assert result.site_name == "Harbour Times"


def test_description_prefers_jsonld_then_opengraph_then_meta():
    head = '<meta name="description" content="Plain">' + '<meta property="og:description" content="OpenGraph">'
    assert article(page(head)).description == "OpenGraph"
    head += ld({"@type": "NewsArticle", "headline": "H", "description": "JSON-LD"})
    assert article(page(head)).description == "JSON-LD"


def test_title_drops_a_trailing_segment_naming_a_folder_of_the_url():
    url = "https://news.example/patient-education/harbour-vote"
    assert article(page(title="Harbour vote passes | Patient Education"), url).title == "Harbour vote passes"


def test_utf8_read_as_latin1_in_meta_is_repaired():
    assert metadata.unescape("A DIY Investor\u00e2\u0080\u0099s Guide") == "A DIY Investor’s Guide"
    assert metadata.unescape("Café") == "Café"


@pytest.mark.parametrize(
    "h1",
    [
        '<span class="kicker">Harbour</span> Harbour vote passes after long night',
        "<small>Politics</small><br> Harbour vote passes after long night",
        '<div><span class="visually-hidden">Headline:</span> Harbour vote passes after long night</div>',
    ],
)
def test_kicker_or_label_inside_the_h1_is_not_part_of_the_title(h1):
    head = '<meta property="og:title" content="Harbour vote passes after long night">'
    html = page(head, title="Harbour vote passes after long night | Harbour Times", h1=h1)
    assert article(html).title == "Harbour vote passes after long night"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_unescaping_metadata_text_never_raises(text):
    assert isinstance(metadata.unescape(text), str)


def test_an_account_named_after_its_holder_gives_way_to_the_name_the_page_prints():
    signed = "<p>The council meets again in May. (Jane Q. Roe)</p>"
    assert [a.name for a in article(page('<meta name="author" content="jane.roe">', article=signed)).authors] == ["Jane Q. Roe"]
    three = "<p>Photos: Jane Quinn Roe for the Harbour Times.</p>"
    assert [a.name for a in article(page('<meta name="author" content="jane.q.roe">', article=three)).authors] == ["Jane Quinn Roe"]
    # Not in capitals, not the account's order, another middle part, or nowhere: the account name stays.
    for printed in ("<p>ask jane roe</p>", "<p>Roe, Jane wrote it.</p>", "<p>Jane Roe</p>"):
        assert [a.name for a in article(page('<meta name="author" content="jane.x.roe">', article=printed)).authors] == ["jane.x.roe"]
    assert [a.name for a in article(page('<meta name="author" content="jane_roe84">', article=signed)).authors] == ["jane_roe84"]


def test_a_byline_in_the_story_s_noscript_copy_names_the_authors():
    """Blogger writes a post twice: in a script template that its scripts render, and in <noscript> for
    readers without them. The <noscript> copy is the story as parsed; its byline is the story's."""
    post = '<span class="byline-author">Posted by Jane Roe and John Doe - Harbour Safety team</span>' + BODY
    html = (
        '<!DOCTYPE html><html lang="en"><head><title>Harbour vote passes</title></head><body>'
        '<div class="post"><h3 class="post-title">Harbour vote passes</h3><div class="post-body">'
        f'<script type="text/template">{post}</script><noscript>{post}</noscript></div>'
        '<div class="post-footer"><a rel="author" href="https://profiles.example/harbour">Harbour Blog</a></div></div>'
        "</body></html>"
    )
    assert [a.name for a in article(html).authors] == ["Jane Roe", "John Doe"]



def test_a_wayback_snapshot_s_site_is_the_archived_page_s():
    """Its <h1> is the blog's name, which its <title> gives after the headline: the archived site's name, as
    it would be on the site itself, not a heading that matches the title."""
    html = (
        '<!DOCTYPE html><html lang="de"><head><title>Was ist Virales Marketing? | DimidoBlog</title></head><body>'
        '<div id="header"><h1><a href="https://web.archive.org/web/20080731095558/http://www.dimido.example/">DimidoBlog</a></h1></div>'
        f'<div class="post"><h2>Was ist Virales Marketing?</h2><div class="entry">{BODY}</div></div></body></html>'
    )
    url = "https://web.archive.org/web/20080731095558/http://www.dimido.example/2008/07/29/was-ist-virales-marketing/"
    assert article(html, url).title == "Was ist Virales Marketing?"


def test_a_first_name_linked_to_the_author_s_page_is_the_whole_name_the_page_prints():
    card = '<div class="x1"><p class="x2">{printed}</p><p class="x3">Tech Writer</p><a href="/blog/authors/jane-roe">Articles by Jane</a></div>'
    assert [a.name for a in article(page(article=card.format(printed="Jane Roe"))).authors] == ["Jane Roe"]
    # The address alone is no name the page prints; nor is a name that is not the address's.
    assert [a.name for a in article(page(article=card.format(printed="Tech team"))).authors] == ["Jane"]
    other = card.format(printed="Jane Doe")
    assert [a.name for a in article(page(article=other)).authors] == ["Jane"]


def test_a_desk_named_after_the_site_is_left_out_beside_a_person():
    byline = '<p class="byline">By <a href="/author/jane-roe">Jane Roe</a>, <a href="/author/desk">Harbour Voices Latin America</a></p>'
    url = "https://harbourvoices.example/2023/05/harbour-vote"
    assert [a.name for a in article(page(article=byline), url).authors] == ["Jane Roe"]
    # The site's name alone is kept for a personal site named after its owner: no desk of it.
    owner = '<p class="byline">By <a href="/author/jane">Jane Roe</a></p>'
    assert [a.name for a in article(page(article=owner), "https://janeroe.example/2023/05/harbour-vote").authors] == ["Jane Roe"]
