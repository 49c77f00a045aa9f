"""More authors of whole pages: metadata precedence and bylines printed without byline markup.

Pages are the full documents `tests.test_authors_bylines.page()` builds (head, navigation, the article,
comments, a footer); each test changes the head or the byline and checks the names returned.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.extract import Document
from scraper.extract.generic import GenericExtractor
from scraper.pipeline import extract_page
from tests.test_authors_bylines import FETCHED_AT, URL, authors, ld, page


def test_dublin_core_creator_property_beats_a_plain_author_meta():
    head = '<meta name="author" content="Webmaster Wu"><meta property="dc:creator" content="Jane Roe">'
    assert authors(page(head)) == ["Jane Roe"]


def test_a_space_separated_property_list_naming_dc_creator_is_read():
    head = '<meta property="dc:creator twitter:site_name" content="Jane Roe"><meta name="author" content="Webmaster Wu">'
    assert authors(page(head)) == ["Jane Roe"]


def test_co_authors_each_in_a_creator_meta_of_their_own_are_all_named():
    head = '<meta name="dc.creator" content="Jane Roe"><meta name="dc.creator" content="Doe, John">'
    assert authors(page(head)) == ["Jane Roe", "John Doe"]


def test_one_dublin_core_creator_written_family_name_first_is_one_person():
    assert authors(page('<meta name="DC.creator" content="Roe, Jane">')) == ["Jane Roe"]
    # Two people in a plain author tag stay two.
    assert authors(page('<meta name="author" content="Jane Roe, John Doe">')) == ["Jane Roe", "John Doe"]


def test_a_republished_storys_opening_line_linking_its_writer_to_a_profile_beats_the_sites_own_name():
    head = '<meta name="author" content="Harbour Times">'
    opening = ('<p><a href="https://theconversation.example/profiles/jane-roe-1234">Jane Roe</a>, '
               "<em>Harbour University</em></p>")
    html = page(head).replace('<div class="article-body">', '<div class="article-body">' + opening)
    assert authors(html) == ["Jane Roe"]
    # A link to anything but a person's page is a mention, and the site signs the story.
    mention = opening.replace("/profiles/jane-roe-1234", "/2023/05/other-story")
    assert authors(page(head).replace('<div class="article-body">', '<div class="article-body">' + mention)) == ["Harbour Times"]


def test_a_labelled_line_naming_every_writer_adds_the_co_authors_to_one_writers_box():
    head = ld({"@type": "Person", "name": "Jane Roe"})
    byline = '<div class="hero-author">Written by <span>Jane Roe</span>, <span>John Doe</span></div>'
    box = '<div class="author-box"><span class="author-name">Jane Roe</span><p>Jane covers the harbour.</p></div>'
    assert authors(page(head, byline=byline, after=box)) == ["Jane Roe", "John Doe"]
    # A job title run on after the name ("Editor and Master Gardener") names no co-author.
    titled = '<div class="hero-author">Written by <span>Jane Roe</span> <span>Editor and Master Gardener</span></div>'
    assert authors(page(head, byline=titled, after=box)) == ["Jane Roe"]


def _graph(author: dict, *nodes: dict) -> str:
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "Article", "headline": "H", "author": author}, *nodes]}
    return f'<script type="application/ld+json">{json.dumps(graph)}</script>'


def test_an_author_reference_is_read_from_the_person_node_of_the_graph_when_nothing_else_names_one():
    head = _graph({"@id": "https://harbortimes.example/#/person/1"}, {"@type": "Person", "@id": "https://harbortimes.example/#/person/1", "name": "Jane Roe"})
    assert authors(page(head)) == ["Jane Roe"]


def test_the_printed_byline_beats_the_person_node_an_author_reference_points_to():
    head = _graph({"@id": "https://harbortimes.example/#/person/1"}, {"@type": "Person", "@id": "https://harbortimes.example/#/person/1", "name": "Web Admin"})
    assert authors(page(head, byline='<p class="byline">By John Doe</p>')) == ["John Doe"]


def test_an_author_reference_to_an_organization_node_names_no_person():
    head = _graph({"@id": "https://harbortimes.example/#org"}, {"@type": "Organization", "@id": "https://harbortimes.example/#org", "name": "Acme Holdings"})
    assert authors(page(head)) == []


def test_an_author_meta_naming_the_declared_publisher_gives_way_to_the_printed_byline():
    head = '<meta name="author" content="Acme Broadcasting (www.acme.example)"><meta name="publisher" content="Acme Broadcasting (www.acme.example)">'
    assert authors(page(head, byline='<p class="byline">By Jane Roe</p>')) == ["Jane Roe"]


def test_an_author_meta_naming_the_copyright_holder_gives_way_to_the_printed_byline():
    head = '<meta name="author" content="Acme Holdings"><meta name="copyright" content="Copyright (c) Acme Holdings 2023">'
    assert authors(page(head, byline='<p class="byline">By Jane Roe</p>')) == ["Jane Roe"]


def test_the_publisher_alone_is_still_the_author_when_no_person_is_named():
    head = '<meta name="author" content="Acme Holdings"><meta name="publisher" content="Acme Holdings">'
    assert authors(page(head)) == ["Acme Holdings"]


def test_a_labelled_byline_closing_the_story_with_a_job_and_place_names_the_writer_only():
    after = "<p><strong>Autorin: Jana Roth, Projektleiterin der Stiftung in Tunesien.</strong></p>"
    assert authors(page(after=after, lang="de")) == ["Jana Roth"]


def test_a_by_line_beats_an_author_meta_naming_someone_the_page_never_prints():
    head = '<meta name="author" content="Web Editor Lee">'
    assert authors(page(head, byline="<p>By: John Doe</p>")) == ["John Doe"]


def test_an_author_meta_the_page_prints_beats_a_different_by_line():
    head = '<meta name="author" content="Jane Roe">'
    after = '<div class="bio">Jane Roe covers the harbour.</div>'
    assert authors(page(head, byline="<p>By: John Doe</p>", after=after)) == ["Jane Roe"]


def test_a_name_cut_to_an_initial_is_read_whole_where_another_byline_element_prints_it():
    byline = '<div class="author-by-line">By Jane Roe</div><div class="author-bio"><p class="author-bio-name">Jane R.</p></div>'
    assert authors(page(byline=byline)) == ["Jane Roe"]


def test_a_name_cut_to_an_initial_stays_so_when_the_page_prints_no_longer_form():
    byline = '<div class="author-bio"><p class="author-bio-name">Jane R.</p></div>'
    assert authors(page(byline=byline)) == ["Jane R."]


def test_a_recipe_page_without_an_article_object_takes_the_recipe_author():
    recipe = {"@context": "https://schema.org", "@type": "Recipe", "name": "Mandarin cake", "author": {"@type": "Person", "name": "Jane Roe"}}
    head = f'<script type="application/ld+json">{json.dumps(recipe)}</script>'
    assert authors(page(head)) == ["Jane Roe"]


def test_the_article_object_keeps_its_author_beside_a_recipe_object():
    recipe = {"@type": "Recipe", "name": "Mandarin cake", "author": {"@type": "Person", "name": "John Doe"}}
    article = {"@type": "NewsArticle", "headline": "H", "author": {"@type": "Person", "name": "Jane Roe"}}
    head = f'<script type="application/ld+json">{json.dumps([article, recipe])}</script>'
    assert authors(page(head)) == ["Jane Roe"]


def test_a_by_line_ends_at_its_line_break_before_the_place_line():
    after = '<p>Von <strong><a href="https://roe.example">Jana Roth</a></strong> und <strong>Jan Doe</strong><br><br>Kakuma /Kenia</p>'
    assert authors(page(byline=after, lang="de")) == ["Jana Roth", "Jan Doe"]


def test_a_date_line_under_the_headline_names_its_writer_where_spans_glue_the_bullet_to_the_date():
    byline = '<div class="meta"><span class="mr-1">2025-12-17</span><span class="mx-1">·</span><a title="Jane Roe"><div>Jane Roe</div></a></div>'
    assert authors(page(byline=byline)) == ["Jane Roe"]


def test_a_date_line_with_the_month_first_names_its_writer_and_not_the_section():
    byline = '<p>Dec 26, 2025 <span>&bull;</span> <img class="avatar" src="/a.png"> Jane Roe in <a href="/blog/politics">Politics</a></p>'
    assert authors(page(byline=byline)) == ["Jane Roe"]


def test_an_author_card_naming_its_person_before_the_author_label_names_them():
    after = (
        '<a class="card" href="/about/jane"><div class="card-title"><p class="bold">Jane Roe</p><p class="grey">| Author</p></div></a>'
        "<p>Jane Roe is a triathlete and coach who writes about training plans for beginners and age groupers.</p>"
    )
    assert authors(page(after=after)) == ["Jane Roe"]


def test_the_name_just_before_an_author_bio_is_the_author():
    after = (
        '<div class="box"><p class="gb-headline">Jane Roe</p>'
        '<div class="dynamic-author-description">Licensed grader, barista trainer and roaster for ten years.</div></div>'
    )
    assert authors(page(after=after)) == ["Jane Roe"]


def test_a_heading_before_an_author_bio_that_is_no_name_names_no_one():
    after = '<div class="box"><p class="gb-headline">About our experts</p><div class="author-description">Graders and roasters.</div></div>'
    assert authors(page(after=after)) == []


def _with_side_column(aside: str) -> str:
    return page().replace("</article>", f"</article><aside>{aside}</aside>")


def test_a_microdata_author_beside_the_published_date_in_a_side_column_names_the_writer():
    aside = (
        '<p><span class="article-author" itemprop="author" itemscope itemtype="http://schema.org/Person">'
        '<span itemprop="name">Jane Roe</span> —</span> <time datetime="2013-09-29" itemprop="datePublished">Sept 29, 2013</time></p>'
    )
    assert authors(_with_side_column(aside)) == ["Jane Roe"]


def test_a_microdata_author_without_a_date_beside_it_in_a_side_column_names_no_one():
    aside = '<p><span itemprop="author"><span itemprop="name">Jane Roe</span></span></p>'
    assert authors(_with_side_column(aside)) == []


def _post_author_comments(html: str, name: str) -> str:
    """The page with a comment by the post's own author, as WordPress marks it ("bypostauthor")."""
    comment = (
        '<li class="comment byuser comment-author-x bypostauthor"><div class="comment-author vcard">'
        f'<cite class="fn">{name}</cite> <span class="says">says:</span></div><p>Thanks for reading!</p></li>'
    )
    return html.replace('<ol class="comment-list">', f'<ol class="comment-list">{comment}')


def test_the_post_authors_comment_names_the_author_where_nothing_else_does():
    assert authors(page()) == []
    assert authors(_post_author_comments(page(), "jancak")) == ["jancak"]
    assert authors(_post_author_comments(page(), "Jane Roe")) == ["Jane Roe"]


def test_the_post_authors_comment_under_the_sites_account_or_beside_a_byline_names_no_one_else():
    assert authors(_post_author_comments(page(), "admin")) == []
    byline = '<p class="byline">By <a rel="author" href="/staff/jane">Jane Roe</a></p>'
    assert authors(_post_author_comments(page(byline=byline), "jancak")) == ["Jane Roe"]


def test_the_writer_a_share_or_analytics_tag_names_is_the_author_where_nothing_else_names_one():
    for key in ("shareaholic:article_author_name", "cXenseParse:author"):
        assert authors(page(f'<meta name="{key}" content="Jane Roe">')) == ["Jane Roe"]


def test_the_visible_byline_beats_a_share_or_analytics_tag_and_keeps_its_link():
    head = '<meta name="shareaholic:article_author_name" content="Web Admin">'
    byline = '<p class="byline">By <a rel="author" href="/staff/jane">Jane Roe</a></p>'
    html = page(head, byline=byline)
    assert authors(html) == ["Jane Roe"]
    found = extract_page(html, URL, fetched_at=FETCHED_AT, extractor=GenericExtractor).article.authors
    assert found[0].url == "https://harbortimes.example/staff/jane"


def test_a_wire_service_credited_alone_under_the_headline_is_the_author_where_no_one_else_is_named():
    assert authors(page(byline='<p class="credit">JIJI</p>')) == ["JIJI"]


def test_a_wire_service_credit_under_the_headline_gives_way_to_a_named_writer():
    assert authors(page(ld({"@type": "Person", "name": "Jane Roe"}), byline='<p class="credit">AP</p>')) == ["Jane Roe"]


def test_a_photo_credit_naming_a_wire_service_beside_the_headline_names_no_author():
    byline = '<figure><img src="/harbour.jpg"><p class="credit">Reuters</p></figure>'
    assert authors(page(byline=byline)) == []


def test_a_written_by_label_with_the_name_in_the_next_element_names_the_writer():
    box = ('<section><h2>Article written by:</h2><div><img src="/a.webp" alt="Headshot of Jane Roe">'
           "<div><h3>Jane Roe, MD</h3></div></div></section>")
    assert authors(page(after=box)) == ["Jane Roe, MD"]
    # A reviewer's label is no writer's, and prose running into a link is no label.
    assert authors(page(after=box.replace("written", "reviewed"))) == []
    prose = '<p>Matrix mechanics was created by <a href="/wiki/Jane_Roe">Jane Roe</a> and others in 1925, long ago.</p>'
    assert authors(page(after=prose)) == []


def test_a_first_name_in_the_byline_is_spelled_out_by_the_bio_opening_with_the_whole_name():
    byline = '<div class="byline"><a href="/author/nuts/">Stefanus</a></div>'
    bio = ('<div class="author-bio">Stefanus Roe - engineer, adventurer and project lead. On a mountain bike since 2002, '
           "he tests tyres and forks for us.</div>")
    assert authors(page(byline=byline, after=bio)) == ["Stefanus Roe"]
    # A greeting after the name is no family name.
    greeting = bio.replace("Stefanus Roe - engineer", "Stefanus Hallo, ich bin Ingenieur")
    assert authors(page(byline=byline, after=greeting)) == ["Stefanus"]


def test_a_persons_author_card_under_the_story_beats_the_organization_the_metadata_names():
    head = ld({"@type": "Organization", "name": "Harbour Times"})
    card = ('<section><div class="callout"><div class="callout-image"><img class="author__photo" src="/jane.jpg" alt="jane roe">'
            '</div><div class="callout-content"><h3>Jane Roe</h3><p>Jane Roe is the head of marketing at Harbour Times. '
            "She has recorded over 500 episodes.</p></div></div></section>")
    assert authors(page(head, after=card)) == ["Jane Roe"]
    # Without a mark of the author's, a person's heading and bio are the story's (a profile of someone in it).
    assert authors(page(head, after=card.replace("author__photo", "photo"))) == ["Harbour Times"]


def test_the_analytics_data_layer_names_the_author_only_where_nothing_else_does():
    layer = ('<script>var dataLayer_content = {"pagePostType":"post","pagePostAuthor":"Jane Roe"};'
             "dataLayer.push(dataLayer_content);</script>")
    assert authors(page(layer)) == ["Jane Roe"]
    assert authors(page(layer, byline='<p class="byline">By John Doe</p>')) == ["John Doe"]
    assert authors(page(layer.replace("Jane Roe", "Redaktion"))) == []  # a desk, no one
    assert authors(page(layer.replace("Jane Roe", "Krystyna"))) == ["Krystyna"]  # a display name
    # A byline no reader sees does not make the page look signed to the article model.
    extractor = GenericExtractor(Document(page(layer), URL))
    assert extractor.authors() and extractor.article_evidence()["signed"] == 0.0


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(['"', "\\", ":", " ", "a", "J", "R", "&", ";", "<", "{", "pagePostAuthor"]), max_size=20).map("".join))
def test_a_data_layer_of_any_text_never_raises(value):
    names = authors(page(f'<script>var d = {{"pagePostAuthor":"{value}"}};</script>'))
    assert all(isinstance(n, str) and n for n in names)
