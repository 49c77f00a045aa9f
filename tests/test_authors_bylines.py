"""Authors of whole pages: co-authors, labels and organizations around the byline.

Pages are full documents (head, navigation, the article, comments, a footer) built by `page()`;
each test changes the byline or the head and checks the names the generic extractor returns.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.extract import names
from scraper.extract.base import Document
from scraper.extract.generic import _BYLINE_OPENING, _INNER_BY, MAX_BYLINE_TEXT, GenericExtractor, _opening_texts
from scraper.pipeline import extract_page

FETCHED_AT = datetime(2024, 1, 1, tzinfo=UTC)
URL = "https://harbortimes.example/2023/05/04/harbour-wall-repairs"
BODY = "".join(
    f"<p>Paragraph {n} of the story, long enough to be prose: the council met, argued, voted, and went home.</p>"
    for n in range(1, 6)
)


def page(head: str = "", *, byline: str = "", after: str = "", lang: str = "en") -> str:
    """A full article page with ``byline`` above the story and ``after`` at the end of its body."""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Harbour wall repairs | Harbour Times</title>'
        f'<meta property="og:site_name" content="Harbour Times">{head}</head><body>'
        '<header class="site-header"><a class="logo" href="/">Harbour Times</a>'
        '<nav><a href="/politics">Politics</a><a href="/sport">Sport</a></nav></header>'
        f'<main><article><h1>Harbour wall repairs start</h1>{byline}<div class="article-body">{BODY}{after}</div></article>'
        '<div id="comments" class="comments-area"><ol class="comment-list"><li class="comment">'
        '<span class="comment-author"><a href="/author/troll">Tom Troll</a></span><p>First!</p></li></ol></div></main>'
        '<footer class="site-footer"><p>© 2023 Harbour Times. All rights reserved.</p></footer></body></html>'
    )


def ld(author: object) -> str:
    return f'<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", "headline": "H", "author": author})}</script>'


def authors(html: str) -> list[str]:
    return [a.name for a in extract_page(html, URL, fetched_at=FETCHED_AT, extractor=GenericExtractor).article.authors]


def test_co_authors_each_in_an_author_link_of_their_own_are_all_named():
    byline = '<div class="x1"><a href="/author/jane">Jane Roe</a>, <a href="/author/john">John Doe</a> and <a href="/author/ann">Ann Poe</a></div>'
    assert authors(page(byline=byline)) == ["Jane Roe", "John Doe", "Ann Poe"]


def test_a_fact_checker_beside_the_author_is_not_a_co_author():
    byline = '<div class="x1"><a href="/author/jane">Jane Roe</a> | Fact-checked by <a href="/author/john">John Doe</a></div>'
    assert authors(page(byline=byline)) == ["Jane Roe"]


def test_a_translator_labelled_in_the_byline_box_is_not_a_co_author():
    byline = (
        '<div class="post-author-box"><div class="x1"><span class="name">Von: Jane Roe</span></div>'
        '<div class="x1"><span class="name">Übersetzt von: John Doe</span></div></div>'
    )
    assert authors(page(byline=byline, lang="de")) == ["Jane Roe"]


def test_metadata_naming_the_first_writer_gains_the_co_authors_of_the_byline():
    byline = '<p class="byline">By <a rel="author" href="/staff/jane">Jane Roe</a> and <a rel="author" href="/staff/john">John Doe</a></p>'
    assert authors(page(ld({"@type": "Person", "name": "Jane Roe"}), byline=byline)) == ["Jane Roe", "John Doe"]


def test_metadata_keeps_its_writer_when_the_byline_names_someone_else_too():
    byline = '<p class="byline">By <a rel="author" href="/staff/ann">Ann Poe</a> and <a rel="author" href="/staff/john">John Doe</a></p>'
    assert authors(page(ld({"@type": "Person", "name": "Jane Roe"}), byline=byline)) == ["Jane Roe"]


def test_a_link_about_the_author_is_no_second_author():
    byline = '<p class="byline">By <a class="fn" href="/author/jane">Jane Roe</a> <a class="x" href="https://social.example/janeroe">Twitter von Jane Roe</a></p>'
    assert authors(page(ld({"@type": "Person", "name": "Jane Roe"}), byline=byline, lang="de")) == ["Jane Roe"]


def test_a_lower_case_par_before_a_name_opens_a_byline():
    byline = '<div class="x1"> par <span class="x2">Jean Roe</span>, 21 juin 2018 </div>'
    assert authors(page(byline=byline, lang="fr")) == ["Jean Roe"]


def test_a_byline_classed_as_part_of_a_banner_is_no_banner():
    byline = '<div class="story-details"><span class="hero-banner__author">By Jane Roe</span></div>'
    assert authors(page(byline=byline)) == ["Jane Roe"]


def test_a_pictures_caption_kept_in_the_byline_box_names_no_author():
    # Newsrooms call a caption a cutline; a template may keep it in one box with the photo's byline.
    caption = ('<figure><img src="/wall.jpg" alt=""></figure><div class="cutline-byline-container"><span class="cutline-text">'
               "<p>Jane Roe (izquierda) y John Doe (derecha) podrían verse cara a cara en Nueva York.</p></span></div>")
    assert authors(page(byline=caption + '<p class="byline">Por <a rel="author" href="/autor/ann">Ann Poe</a></p>', lang="es")) == ["Ann Poe"]
    assert authors(page(ld({"@type": "Organization", "name": "Redacción"}), byline=caption, lang="es")) == ["Redacción"]


def test_an_institution_listing_what_it_is_for_is_one_author():
    head = '<meta name="author" content="Departement für Wirtschaft, Bildung und Forschung">'
    assert authors(page(head, lang="de")) == ["Departement für Wirtschaft, Bildung und Forschung"]


def test_an_association_in_the_metadata_gives_way_to_the_person_in_the_byline():
    head = '<meta name="author" content="Bund der Harbour-Freunde e.V.">'
    byline = '<p class="byline">Von <a rel="author" href="/autor/jane">Jane Roe</a></p>'
    assert authors(page(head, byline=byline, lang="de")) == ["Jane Roe"]


def test_auteur_with_a_spaced_colon_opens_a_byline():
    byline = '<div class="x1"><p>Auteur : Jean Roe </p><p>Édition : Ann Poe</p></div>'
    assert authors(page(byline=byline, lang="fr")) == ["Jean Roe"]


def test_a_written_by_line_in_the_story_beats_an_organization_byline():
    byline = '<p class="byline">By <a rel="author" href="/author/team">The Harbour Team</a></p>'
    signed = "<p><em>Written by: <a href='https://other.example/jane'>Jane Roe</a></em></p>"
    assert authors(page(byline=byline, after=signed)) == ["Jane Roe"]


def test_a_teaser_byline_in_the_story_box_does_not_beat_an_organization_byline():
    byline = '<p class="byline">By <a rel="author" href="/author/team">The Harbour Team</a></p>'
    teaser = '<div class="x1"><h4><a href="/2023/other">Ferry timetable changes</a></h4><p class="x2">By John Doe</p></div>'
    assert authors(page(byline=byline, after=teaser)) == ["The Harbour Team"]


def test_a_by_line_naming_an_organization_gives_way_to_a_later_one_naming_a_person():
    lines = '<div class="x1"><p>By The Harbour Team</p></div><div class="x3"><p>Written by Jane Roe</p></div>'
    assert authors(page(byline=lines)) == ["Jane Roe"]


def test_a_first_name_in_the_byline_gives_way_to_the_full_name_a_by_line_in_the_story_prints():
    head = '<meta name="author" content="Jane">'
    byline = '<div class="post-author"><span class="author-name">Jane</span></div>'
    signed = "<p><strong>Eine Kolumne von Jane Roe</strong></p>"
    assert authors(page(head, byline=byline, after=signed, lang="de")) == ["Jane Roe"]


def test_a_lead_line_whose_names_stand_in_elements_of_their_own_beats_the_account_in_the_author_tag():
    """The author tag names the account that posted the story; the story's first lines print the
    interviewer in an element of their own ("Ein Interview von <strong>Jane Roe</strong> mit ...")."""
    head = '<meta name="author" content="Paul Poster">'
    lead = "<p><em>Ein Interview von <strong>Jane Roe</strong> mit <strong>Sam Doe</strong>.</em></p>"
    html = page(head, lang="de").replace('<div class="article-body">', f'<div class="article-body">{lead}')
    assert authors(html) == ["Jane Roe"]


def test_a_content_systems_submitted_by_line_names_the_author():
    submitted = '<div class="submitted">Submitted by <span class="username">Jane Roe</span> on 24 July 2017 - 18:55</div>'
    assert authors(page(after=submitted)) == ["Jane Roe"]


def test_a_by_line_inside_a_teaser_link_to_another_story_names_no_author():
    teaser = ('<div class="x5"><a href="/2022/12/metaverse-teams"><h4>Metaverse for remote teams</h4>'
              '<div class="x6">How to bring people closer who work in different places?</div>'
              '<div class="x7">Von <span>John Doe</span> am <span>08.12.2022</span></div></a></div>')  # fmt: skip
    assert authors(page(after=teaser, lang="de")) == []
    # The same line outside a link is the story's own byline.
    assert authors(page(byline='<div class="x7">Von <span>Jane Roe</span> am <span>08.12.2022</span></div>', lang="de")) == ["Jane Roe"]


def test_a_by_label_in_a_field_of_its_own_names_the_author_in_the_next_field():
    fields = (
        '<div class="x1"><div class="x2"><p class="label"><strong>By</strong></p></div>'
        '<div class="x2"><p class="full-name">Jane Roe</p></div></div>'
    )
    assert authors(page(byline=fields)) == ["Jane Roe"]


def test_a_date_line_beside_the_headline_names_the_author_without_a_by():
    html = page(lang="de").replace("</h1>", '</h1><p class="text-muted">11.12.2019 - Jane Roe</p>')
    assert authors(html) == ["Jane Roe"]


def test_a_name_alone_over_a_date_line_under_the_headline_is_the_author():
    plain = re.sub(r'<div id="comments".*?</div>', "", page())  # no element marked as anyone's byline
    cluster = '<p class="x1">Jane Roe</p><div class="x2"><p><span>23.07.2025</span> · <span>6 min read</span></p></div>'
    assert authors(plain.replace("</h1>", "</h1>" + cluster)) == ["Jane Roe"]
    # Above the headline it is a section's label, with a comma a place: no author. Nor where the page marks a
    # byline elsewhere (here its commenters' names).
    assert authors(plain.replace("<h1", cluster + "<h1")) == []
    place = '<p class="x1">Hamburg, Altona</p><p class="x2">23.07.2025</p>'
    assert authors(plain.replace("</h1>", "</h1>" + place)) == []
    assert authors(page().replace("</h1>", "</h1>" + cluster)) == []


def test_a_date_line_naming_a_place_or_the_site_names_no_author():
    assert authors(page().replace("</h1>", '</h1><p class="x1">11.12.2019 - Hamburg</p>')) == []
    assert authors(page().replace("</h1>", '</h1><p class="x1">11.12.2019 | Harbour Times</p>')) == []


def test_an_expert_beside_the_author_in_a_box_of_their_own_is_not_a_co_author():
    byline = (
        '<div class="x1"><span class="author-meta"><span class="author-name"><a href="/author/jane">Jane Roe</a></span></span>'
        ' &amp; <span class="author-meta expert"><span class="author-name"><a href="/author/john">John Doe</a></span></span></div>'
    )
    assert authors(page(byline=byline)) == ["Jane Roe"]


def test_a_reviewer_link_in_the_byline_box_is_not_the_author():
    byline = '<div class="story-byline">Written by <a href="/author/jane">Jane Roe</a> Reviewed by <a href="/author/john">John Doe</a></div>'
    assert authors(page(byline=byline)) == ["Jane Roe"]
    reviewed_first = '<div class="story-byline">Reviewed by <a href="/author/john">John Doe</a></div><p class="x1">By Jane Roe</p>'
    assert authors(page(byline=reviewed_first)) == ["Jane Roe"]


def test_a_credit_label_printed_before_a_wrapper_of_the_name_is_read():
    byline = '<p class="x1">Reviewed by <span><a href="/author/john">John Doe</a></span></p><p class="x1">By Jane Roe</p>'
    assert authors(page(byline=byline)) == ["Jane Roe"]


def test_the_author_in_a_pictures_licence_box_took_the_photo():
    licence = (
        '<div class="image-license-wrapper"><img src="/a.jpg" alt=""><div class="license-info">'
        '<a href="https://creativecommons.org/licenses/by-sa/4.0/">CC BY-SA</a> <span class="author-name">'
        '<a class="license-author" href="https://commons.wikimedia.org/wiki/File:A.jpg">Sam Doe</a></span></div></div>'
    )
    assert authors(page(byline=licence)) == []
    assert authors(page(byline=licence + '<p class="byline">By Jane Roe</p>')) == ["Jane Roe"]


def test_a_name_set_in_bold_under_the_last_paragraph_signs_the_story():
    assert authors(page(after="<p><b><i>Jane Roe</i></b></p>", lang="de")) == ["Jane Roe"]
    assert authors(page(after='<p align="right"><em>Jane Roe</em></p>')) == ["Jane Roe"]


def test_a_plain_last_paragraph_or_a_source_line_signs_nothing():
    assert authors(page(after="<p>Jane Roe</p>")) == []
    assert authors(page(after="<p><strong>Quelle der Meldung: Kapo Harbour</strong></p>", lang="de")) == []


def test_an_element_classed_autor_is_a_byline():
    byline = '<div class="tools"><div class="autor"><h6>Juana Roe | Publicado hace 3 horas</h6></div></div>'
    assert authors(page(byline=byline, lang="es")) == ["Juana Roe"]


def test_a_byline_in_a_teaser_card_linking_another_story_is_not_the_author():
    teaser = (
        '<ul class="x1"><li><a href="/2023/05/01/brass-band"><span class="x2">Why young people play brass band music '
        'in their free time, and what it means to them</span> <span class="x2__autor">Von John Doe</span></a></li></ul>'
    )
    byline = '<p class="x3">Von Jane Roe</p>' + teaser  # a plain "Von" line: the teaser's class would beat it
    assert authors(page(byline=byline, lang="de")) == ["Jane Roe"]
    author_link = '<a href="/autoren/jane-roe"><img src="/jane.jpg" alt=""><span class="autor-name">Jane Roe</span></a>'
    assert authors(page(byline=author_link, lang="de")) == ["Jane Roe"]


def test_the_site_name_declared_as_a_person_gives_way_to_the_writer_in_the_byline():
    head = ld({"@type": "Person", "name": "Harbour Side"})
    byline = '<div class="story-author"><span>Jane Roe | Published 3 hours ago</span></div>'
    assert authors(page(head, byline=byline).replace("Harbour Times", "Harbour Side")) == ["Jane Roe"]
    assert authors(page(head).replace("Harbour Times", "Harbour Side")) == ["Harbour Side"]  # no byline: the declared person stays


def test_a_byline_under_an_unclosed_aside_wrapping_the_page_is_read():
    byline = '<div class="post-meta"><span class="post-author">Jane Roe</span></div>'
    html = page(byline=byline).replace("<body>", '<body><aside class="announcement-banner"><p>Sale now on</p>')
    assert authors(html) == ["Jane Roe"]


def test_co_authors_each_on_a_line_with_a_note_after_their_name_are_all_named():
    byline = (
        '<div class="x1"><strong>Written by</strong><br><strong><a href="/author/jane">Jane Roe</a></strong>, 4+ years '
        'covering the harbour, its ferries and its council<br><strong><a href="/author/john">John Doe</a></strong>, senior editor</div>'
    )
    assert authors(page(byline=byline)) == ["Jane Roe", "John Doe"]
    on_one_line = '<div class="x1">By <a href="/author/jane">Jane Roe</a>, who met <a href="/author/john">John Doe</a></div>'
    assert authors(page(byline=on_one_line)) == ["Jane Roe"]


@pytest.mark.parametrize(
    ("texts", "count"),
    [
        (["By Jane Roe"], 1),
        (["\n  | By ", "Jane Roe"], 1),  # a separator first, the names in the next node
        (["by", "Jane Roe"], 1),  # a lower-case "by" ending its node
        (["by\n", "Jane Roe"], 1),
        (["by jane roe"], 0),
        (["Bytes and bits", "Powered by WordPress", "Photo by Jane Roe"], 0),
        (["Text von Jane Roe"], 1),  # lead words before the "by" word
        (["Written by Jane Roe"], 1),  # opening both ways, counted once
        (["Blog Beitrag von Jane Roe", "Home", "Author: John Doe"], 2),
        (["By " + "x" * MAX_BYLINE_TEXT], 0),  # prose, too long for a byline
        (["Text: Jane Roe", "Text von ", "Jane Roe"], 2),  # "Text von " ends its node: the names follow in the next
    ],
)
def test_opening_texts_counts_the_text_nodes_a_by_line_walk_reads_further(texts: list[str], count: int):
    assert _opening_texts("".join("\x00" + t for t in texts)) == count


def test_a_by_line_after_an_opening_text_naming_nobody_is_found():
    byline = '<p class="x1">By the numbers: 40 metres of wall</p><p class="x2">By Jane Roe</p>'
    assert authors(page(byline=byline)) == ["Jane Roe"]
    assert authors(page(byline=byline.replace("By Jane", "Published 3 May"))) == []


# Pieces of text nodes for the property below: "By" words in every spelling the walk knows, lead words,
# separators, names, prose and the blanks and line ends around them.
_PIECES = ("By", "By ", "by", "by ", "BY ", "Von ", " von ", "par ", " por ", "Written by ", "Author", "Autorin: ", "Text",
           "Text von ", "Blog Beitrag von ", "Photo ", "|", "·", ":", " ", "\n", "\t", "\u00a0", "Jane Roe", "jane",
           "Émile Zola", "the numbers", "x" * 60, ",", "(", ")")  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=8).map("".join), min_size=1, max_size=12))
def test_opening_texts_never_counts_fewer_nodes_than_the_by_line_walk_reads(texts: list[str]):
    # The walk of _find_by_line stops after _opening_texts' count of nodes: a count below the nodes the
    # walk reads further would lose a byline on some page. Each text is its own node, as parsed.
    html = "<body>" + "".join(f"<span>{escape(text)}</span>" for text in texts) + "</body>"
    extractor = GenericExtractor(Document(html, "https://example.com/a"))
    body = extractor.tree.body
    read = 0
    for node in body.traverse(include_text=True):
        raw = node.text_content if node.tag == "-text" else None
        if not raw or len(raw) > MAX_BYLINE_TEXT:
            continue
        inner = any(word in raw for word in _INNER_BY)
        if _BYLINE_OPENING.match(raw) or (inner and names.opens_byline(raw.strip())):
            read += 1
    assert extractor._openings >= read


@pytest.mark.parametrize(
    ("byline", "lang"),
    [
        ('<div class="x7">Av <span>Jane Roe</span></div>', "sv"),
        ('<div class="x7">Af <span>Jane Roe</span></div>', "da"),
        ('<div class="x7">Tekst: <span>Jane Roe</span></div>', "pl"),
        ('<div class="x7">Texto: <span>Jane Roe</span></div>', "es"),
        ('<div class="x7">Autorka: <span>Jane Roe</span></div>', "cs"),
    ],
)
def test_a_plain_by_line_in_other_languages_names_the_writer(byline, lang):
    assert authors(page(byline=byline, lang=lang)) == ["Jane Roe"]


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ('<div class="byline">By JANE ROE and SAM DOE Associated Press</div>', ["JANE ROE", "SAM DOE"]),
        ('<p>By Jane Roe, CNN Business</p>', ["Jane Roe"]),
        ('<p class="byline">Von Jane Roe mit Material von dpa</p>', ["Jane Roe"]),
    ],
)
def test_wire_bylines_name_the_writers_without_agency_or_desk(byline, expected):
    html = page(byline=byline)
    assert [a.name for a in extract_page(html, URL, fetched_at=FETCHED_AT).article.authors] == expected


def test_initials_linked_to_the_authors_page_read_as_the_name_the_page_prints_that_spells_the_address():
    byline = '<p class="byline">Posted by <a rel="author" href="/author/janeroe/">JR</a></p>'
    signed = '<p>This blog by Jane Roe is licensed under CC BY 4.0.</p>'
    assert authors(page(byline=byline, after=signed)) == ["Jane Roe"]
    # a name whose initials fit but that does not spell the address is someone else
    other = '<p>Photos: Jim Ryan.</p>'
    assert authors(page(byline=byline, after=other)) == ["JR"]


def test_a_writer_the_byline_signs_with_degrees_is_still_the_metadatas_writer():
    # "Jane Roe, MD" in the byline is the JSON-LD's "Jane Roe": the co-author beside her is added.
    byline = '<p class="byline">By Jane Roe, MD, and John Doe</p>'
    assert authors(page(ld({"@type": "Person", "name": "Jane Roe"}), byline=byline)) == ["Jane Roe", "John Doe"]
    # Alone, the byline's name is printed as signed.
    assert authors(page(byline=byline)) == ["Jane Roe, MD", "John Doe"]


def test_co_authors_linked_apart_stay_joined_across_the_degrees_signed_between_them():
    byline = ('<p class="byline">By <a rel="author" href="/staff/jane">Jane Roe</a>, MD, and '
              '<a rel="author" href="/staff/john">John Doe</a></p>')
    assert authors(page(byline=byline)) == ["Jane Roe", "John Doe"]
    # A place between them is no joiner: the second link is another box's.
    placed = byline.replace(", MD, and ", ", Boston. More from ")
    assert authors(page(byline=placed)) == ["Jane Roe"]
