"""Content scoring: which blocks of a whole page make the article body (scraper.extract.scoring)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from scraper.errors import ScraperError
from scraper.extract.generic import GenericExtractor
from scraper.extract.scoring import find_content
from scraper.pipeline import extract_page

FETCHED = datetime(2026, 1, 2, tzinfo=UTC)
URL = "https://news.example/2026/01/02/harbour-reopens"

PARAGRAPHS = [
    "The harbour reopened on Tuesday after three weeks of repairs, and the first ferry left on time, "
    "carrying commuters, two school classes and a delivery van loaded with bread.",
    "Engineers replaced the damaged pilings, rebuilt the ramp and tested the new lights at night, "
    "while the council paid for the work from its reserve fund, the mayor said.",
    "Fishermen, who had moored in the next bay for the duration, said the closure had cost them "
    "about a fifth of their catch, but that the new berths were worth the wait.",
]


def page(article: str, *, head: str = "") -> str:
    """A whole page: navigation, the article, related links and a footer around it."""
    return f"""<!doctype html><html lang="en"><head><title>Harbour reopens | The Gazette</title>{head}</head>
<body>
<header><a href="/">The Gazette</a><nav><a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<main>
<h1>Harbour reopens after repairs</h1>
{article}
<div class="related"><h3>Related articles</h3><ul><li><a href="/a">Ferry fares rise</a></li>
<li><a href="/b">New lights for the pier</a></li></ul></div>
</main>
<footer><p>Copyright 2026 The Gazette. All rights reserved.</p></footer>
</body></html>"""


def body_text(html: str) -> str:
    return extract_page(html, URL, fetched_at=FETCHED, extractor=GenericExtractor).article.text or ""


def test_section_printed_for_desktop_and_mobile_is_kept_once() -> None:
    section = "<h2>What changed at the pier</h2>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:])
    article = (
        f"<article><p>{PARAGRAPHS[0]}</p>"
        f'<div class="variant desktop-only">{section}</div>'
        f'<div class="variant mobile-only">{section}</div></article>'
    )
    text = body_text(page(article))
    assert text.count(PARAGRAPHS[1]) == 1
    assert text.count("What changed at the pier") == 1
    assert PARAGRAPHS[0] in text and PARAGRAPHS[2] in text
    assert "Related articles" not in text


def test_a_wrapper_and_its_only_child_are_not_copies() -> None:
    """A div wrapping one div measures the same as it; the body must still be read, once."""
    article = "<div class='outer'><div class='inner'>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div></div>"
    text = body_text(page(article))
    for paragraph in PARAGRAPHS:
        assert text.count(paragraph) == 1


def test_different_sections_of_equal_length_are_both_kept() -> None:
    """Same measurements, different words: not a copy."""
    first = "<div><p>" + "a" * 60 + " " + "b" * 60 + ".</p><p>" + PARAGRAPHS[0] + "</p></div>"
    second = "<div><p>" + "c" * 60 + " " + "d" * 60 + ".</p><p>" + PARAGRAPHS[0].upper() + "</p></div>"
    text = body_text(page(f"<article>{first}{second}<p>{PARAGRAPHS[1]}</p></article>"))
    assert "a" * 60 in text and "c" * 60 in text


_TAGS = st.sampled_from(["div", "p", "section", "article", "span", "a", "ul", "li", "h2", "table", "td", "figure"])
_CLASSES = st.sampled_from(["", "content", "comment", "share", "related", "entry", "nav", "footer", "article-body"])


@st.composite
def markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 0))):
        if draw(st.booleans()):
            parts.append(draw(st.text(max_size=120)).replace("<", " "))
        else:
            tag, cls = draw(_TAGS), draw(_CLASSES)
            parts.append(f'<{tag} class="{cls}">{draw(markup(depth + 1))}</{tag}>')
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(markup())
def test_find_content_takes_any_markup(fragment: str) -> None:
    tree = LexborHTMLParser(f"<html><body>{fragment}{fragment}</body></html>")
    root = tree.body
    assert root is not None
    content = find_content(root, URL, title="Harbour")
    assert content.text_length >= 0
    assert all(block.text or block.type == "embed" for block in content.blocks)


@settings(max_examples=60, deadline=None)
@given(markup())
def test_generic_body_raises_only_our_errors(fragment: str) -> None:
    try:
        extract_page(page(fragment + fragment), URL, fetched_at=FETCHED, extractor=GenericExtractor)
    except ScraperError:
        pass


def test_article_built_of_repeated_text_blocks_is_read_whole() -> None:
    """A page builder puts each section in its own row, column and module; every one of them is the article,
    though the first (the longest) scores best by far."""
    sections = ["".join(f"<p>{p}</p>" for p in PARAGRAPHS), *(f"<p>{p[:120]}.</p>" for p in PARAGRAPHS)]
    rows = "".join(
        f'<div class="row row-{i}"><div class="column"><div class="module"><div class="inner">'
        f'<div class="text-block"><h2>Part {i}</h2>{section}</div></div></div></div></div>'
        for i, section in enumerate(sections)
    )
    sidebar = '<div class="row"><div class="column"><div class="promo"><a href="/s">Subscribe to our newsletter today</a></div></div></div>'
    text = body_text(page(f'<div class="builder">{rows}{sidebar}</div>'))
    for paragraph in PARAGRAPHS:
        assert paragraph[:120] in text
    assert text.count(PARAGRAPHS[1][:120]) == 2
    assert "Related articles" not in text


def test_section_whose_id_is_a_heading_slug_is_kept() -> None:
    """An anchor id made of the heading's words ("menu", "share") is not the template naming chrome."""
    article = (
        f"<article><p>{PARAGRAPHS[0]}</p>"
        f'<section id="menu-ideas-and-share-plates-for-harbour-events"><h2>Menu ideas</h2><p>{PARAGRAPHS[1]}</p></section>'
        f"<p>{PARAGRAPHS[2]}</p></article>"
    )
    text = body_text(page(article))
    assert PARAGRAPHS[1] in text


def test_buying_guide_is_read_whole_not_its_richest_product_box() -> None:
    """One product box holds the densest prose; the guide around it scores nearly as well with far more text."""
    rich = "".join(f"<p>{p}, and also, in short, a, b, c, d, e, f, g.</p>" for p in PARAGRAPHS)
    items = []
    for i, paragraph in enumerate(PARAGRAPHS * 2):
        inner = f'<div class="grid">{rich}</div>' if i == 0 else ""
        items.append(
            f'<article class="item"><div class="panel"><h2>Pick {i}</h2>'
            f'<div class="item-body">{inner}<p>{paragraph} (Pick {i}.)</p></div></div></article>'
        )
    text = body_text(page(f'<div class="guide-body"><p>{PARAGRAPHS[0]}</p>{"".join(items)}</div>'))
    assert all(f"Pick {i}" in text and f"(Pick {i}.)" in text for i in range(6))
    assert PARAGRAPHS[2] in text and "a, b, c, d" in text
    assert "Related articles" not in text


@pytest.mark.parametrize("label", ["Read also:", "<strong>À lire aussi »</strong>", ">> Find out more:", "Lesen Sie auch →"])
def test_read_also_link_inside_the_story_is_left_out(label: str) -> None:
    """A label ending in a colon or in a mark pointing at the link; marks are no words of the label."""
    article = (
        f"<article><p>{PARAGRAPHS[0]}</p>"
        f'<p>{label} <a href="/2026/01/01/ferry-fares">Ferry fares rise for the second time this year</a></p>'
        f"<p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p></article>"
    )
    text = body_text(page(article))
    assert "Ferry fares rise" not in text
    assert all(p in text for p in PARAGRAPHS)


@pytest.mark.parametrize(
    "line",
    [
        'Buy it at Amazon UK £20.99: <a href="https://amzn.example/x">Harbour lights, boxed set of four</a>',
        'Source: <a href="https://stats.example/r">https://stats.example/report-2026</a>',
        'The council said the work was <a href="/budget">paid from the reserve fund this year</a>',
    ],
)
def test_link_lines_that_are_the_texts_own_are_kept(line: str) -> None:
    """A price or an address in the label, a printed URL, or a sentence around a link stays."""
    article = f"<article><p>{PARAGRAPHS[0]}</p><p>{line}</p><p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p></article>"
    linked = line.split(">", 1)[1].split("<", 1)[0]
    assert linked in body_text(page(article))


def test_ruby_readings_are_not_read_into_the_words() -> None:
    """Furigana above kanji (<rt>) would double every annotated word."""
    sentence = "<ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>どもへの<ruby>虐待<rt>ぎゃくたい</rt></ruby>をなくすための法律ができました。"
    article = f"<article><p>{sentence * 3}</p>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article>"
    text = body_text(page(article))
    assert "子どもへの虐待をなくすための法律ができました。" in text
    assert "ぎゃくたい" not in text


def test_collapsed_accordion_answers_are_read_but_hidden_boxes_are_not() -> None:
    """A panel naming the heading that opens it (aria-labelledby) is folded prose; plain display:none is not."""
    panels = "".join(
        f'<div class="accordion"><a id="q{i}" role="button" aria-controls="a{i}">Step {i}</a>'
        f'<div id="a{i}" style="display:none" role="region" aria-labelledby="q{i}"><p>{p}</p></div></div>'
        for i, p in enumerate(PARAGRAPHS[1:])
    )
    hidden = '<div style="display: none"><p>Sign up for our newsletter, and get the best stories, every morning, for free.</p></div>'
    text = body_text(page(f"<article><p>{PARAGRAPHS[0]}</p>{panels}{hidden}</article>"))
    assert PARAGRAPHS[1] in text and PARAGRAPHS[2] in text
    assert "newsletter" not in text


def test_story_split_in_two_text_blocks_around_a_promo_is_read_whole() -> None:
    """Two blocks of one component class, far apart in the tree: both are the story."""
    first = "".join(f"<p>{p}, and so on, and so forth, as they said.</p>" for p in PARAGRAPHS)
    second = f"<p>{PARAGRAPHS[1][:140]}.</p><p>{PARAGRAPHS[2][:140]}.</p>"
    wrap = '<div class="block"><div class="block-inner"><section class="web"><div class="html">{}</div></section></div></div>'
    promo = '<div class="block"><div class="cta"><a href="/subscribe">Subscribe to the print edition</a></div></div>'
    text = body_text(page(f'<div class="blocks">{wrap.format(first)}{promo}{wrap.format(second)}</div>'))
    assert text.count(PARAGRAPHS[1][:140]) == 2
    assert "Related articles" not in text


def test_lead_paragraph_styled_as_a_teaser_before_the_body_is_kept() -> None:
    lead = "Three weeks of repairs are over: the harbour is open again, and the ferries keep to their timetable."
    article = (
        f'<div class="layout"><div class="row"><div class="col"><div class="teaser-text"><p>{lead}</p></div>'
        '<div class="news-text-wrap">' + "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 2) + "</div></div></div></div>"
    )
    text = body_text(page(article))
    assert text.startswith(lead)
    assert all(p in text for p in PARAGRAPHS)


def test_link_teaser_before_the_body_is_not_a_lead() -> None:
    teaser = '<div class="teaser-text"><p><a href="/other">Another story about the harbour and its long history of ferries.</a></p></div>'
    article = f'<div class="news-single">{teaser}<div class="news-text-wrap">' + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div></div>"
    assert "Another story" not in body_text(page(article))


def test_a_streamed_part_of_a_server_rendered_page_is_read_but_a_hidden_box_is_not() -> None:
    """React streams late parts as <div hidden id="S:n">, which its script moves into place: shown, not hidden."""
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    hidden = '<div hidden><p>Sign up for our newsletter, and get the best stories, every morning, for free.</p></div>'
    html = page(f'<template id="B:0"></template>{hidden}<div hidden id="S:0"><article>{story}</article></div>')
    text = body_text(html)
    assert all(p in text for p in PARAGRAPHS)
    assert "newsletter" not in text


def test_an_unclosed_aside_at_the_top_does_not_take_the_story_with_it() -> None:
    """An <aside> never closed takes the rest of the page into it, as browsers parse it: read as a wrapper."""
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = page(f"<article>{story}</article>").replace(
        "<header>", '<aside class="banner"><div><a href="/x"><span>We joined a bigger company</span></div></a>', 1)
    text = body_text(html)
    assert all(p in text for p in PARAGRAPHS)
    closed = body_text(page(f'<article>{story}</article><aside><p>{"Also read: our ferry timetable, updated daily, with fares. " * 3}</p></aside>'))
    assert "ferry timetable" not in closed and PARAGRAPHS[0] in closed


def test_a_story_the_page_marks_as_its_article_body_is_read_inside_an_aside() -> None:
    """Some templates put the story in an <aside> beside a long menu; itemprop="articleBody" says it is the story."""
    menu = "<ul>" + "".join(f'<li><a href="/s/{i}">Section {i} news</a></li>' for i in range(60)) + "</ul>"
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    marked = page(f'<div class="menu">{menu}</div><aside class="direct-content"><article><div itemprop="articleBody">{story}</div></article></aside>')
    assert all(p in body_text(marked) for p in PARAGRAPHS)
    # The same aside without the mark is a sidebar: not read, and the page has no story to give.
    with pytest.raises(ScraperError):
        body_text(marked.replace(' itemprop="articleBody"', ""))


@pytest.mark.parametrize("mark", ['id="main"', 'id="content"', 'role="main"'])
def test_the_pages_main_region_is_read_whatever_its_class_says_of_the_layout(mark: str) -> None:
    """A template's main region may carry a class naming the layout around it ("subnav_true": the page
    has a sub-menu), which our vocabulary weighs as chrome; its id or role says it is the main region."""
    menu = "<ul>" + "".join(f'<li><a href="/s/{i}">Section {i} news and more</a></li>' for i in range(80)) + "</ul>"
    lead = "The harbour reopens on Monday after three weeks of repairs to the ferry ramp, the council said."
    story = f'<div class="intro"><p>{lead}</p></div><div class="text">' + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div>"
    marked = page(f'<div class="menu">{menu}</div><div class="clearfix subnav_true" {mark}><div class="article-view">{story}</div></div>')
    text = body_text(marked)
    assert text.startswith(lead) and all(p in text for p in PARAGRAPHS)
    assert "Section 3 news" not in text
    # Without the mark the class drops the region, and the story comes from the relaxed second try.
    assert not body_text(marked.replace(f" {mark}", "")).startswith(lead)


def test_a_story_column_with_an_embed_class_is_read_and_a_real_embed_stays_an_embed() -> None:
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 2)
    embed = ('<blockquote class="instagram-media"><div><p>Sunset over the new pier</p>'
             '<p><a href="https://www.instagram.com/p/abc123/">A post shared by The Gazette</a></p></div></blockquote>')  # fmt: skip
    html = page(f'<article><div class="instagram-media post-content">{story}{embed}</div></article>')
    result = extract_page(html, URL, fetched_at=FETCHED, extractor=GenericExtractor)
    assert all(p in (result.article.text or "") for p in PARAGRAPHS)
    assert [b.url for b in result.article.body if b.type == "embed"] == ["https://www.instagram.com/p/abc123/"]


def test_a_heading_that_ends_the_body_or_heads_only_links_to_other_stories_is_trimmed() -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    more = [Block(type="heading", text="More from the Gazette"),
            Block(type="list_item", text="Ferry fares rise again"), Block(type="list_item", text="New lights for the pier")]  # fmt: skip
    links = {len(story) + 1, len(story) + 2}
    assert trim_chrome([*story, *more], links) == story
    assert trim_chrome([*story, Block(type="heading", text="Share this article")]) == story
    sources = [Block(type="heading", text="What comes next"), Block(type="paragraph", text="The council meets in May.")]
    assert trim_chrome([*story, *sources]) == [*story, *sources]  # a heading over prose stays
    assert trim_chrome(more, {1, 2}) == more  # never the larger part of the body


def test_a_share_bar_and_its_label_go_anywhere_in_the_body_but_a_list_about_networks_stays() -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    label = Block(type="heading", text="Teilen mit:")
    buttons = [Block(type="list_item", text=t) for t in ("Facebook", "Twitter", "✉Email", "⎙")]
    # Buttons a script works (no links) under the byline, and again in the middle with their label.
    blocks = [story[0], *buttons, story[1], label, *buttons, story[2]]
    assert trim_chrome(blocks) == story
    # Lone links (a blog engine's bar), printing among them: the bar goes, the story's own links stay.
    links = [Block(type="list_item", text=t) for t in ("E-Mail", "Drucken", "LinkedIn")]
    assert trim_chrome([*story[:2], *links, story[2]], {2, 3, 4}) == story
    # The author's list says more of each network, or names one only among other things.
    listed = [Block(type="list_item", text=t) for t in ("Facebook: 3 billion users", "TikTok: 1.5 billion users")]
    mixed = [Block(type="list_item", text=t) for t in ("Facebook", "Newspapers", "Radio")]
    assert trim_chrome([story[0], *listed, *story[1:]]) == [story[0], *listed, *story[1:]]
    assert trim_chrome([story[0], *mixed, *story[1:]]) == [story[0], *mixed, *story[1:]]


def test_other_stories_with_their_summaries_under_a_label_after_the_story_are_trimmed() -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in (*PARAGRAPHS, *PARAGRAPHS)]
    teasers = [Block(type="heading", text="Das könnte Sie auch interessieren!"),
               Block(type="paragraph", text="06. Aug 2020 // Tipps"), Block(type="heading", text="Ferry fares rise again"),
               Block(type="paragraph", text="The council raised fares for the first time in a decade, citing fuel costs."),
               Block(type="heading", text="New lights for the pier"),
               Block(type="paragraph", text="Engineers tested the lights at night before the harbour reopened.")]  # fmt: skip
    assert trim_chrome([*story, *teasers]) == story
    liés = [Block(type="heading", text="Articles liés"),
            Block(type="list_item", text="Le port rouvre Les ingénieurs ont testé les feux la nuit.\nLe 29/01/2020")]  # fmt: skip
    assert trim_chrome([*story, *liés]) == story


def test_a_section_under_a_related_label_and_the_story_after_an_inline_box_stay() -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in (*PARAGRAPHS, *PARAGRAPHS)]
    # The story's own section under "Auch interessant": prose, paragraph after paragraph.
    section = [Block(type="heading", text="Auch interessant"), *(Block(type="paragraph", text=p) for p in PARAGRAPHS[:2])]
    assert trim_chrome([*story, *section]) == [*story, *section]
    # An inline box ("Lee también" over one linked headline), then the rest of the story in short paragraphs.
    box = [Block(type="paragraph", text="Lee también"), Block(type="paragraph", text="Ferry fares rise again")]
    rest = [Block(type="paragraph", text="The mayor said the council would review the fares in spring, once the audit of the repairs is done."),
            Block(type="paragraph", text="Fishermen said they would return to the harbour next week, weather permitting, and land their catch there.")]  # fmt: skip
    kept = trim_chrome([*story, *box, *rest], {len(story) + 1})
    assert kept[: len(story)] == story and kept[-2:] == rest


def test_related_stories_under_a_heading_after_the_story_are_not_body() -> None:
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    more = '<h3>More from the Gazette</h3><p><a href="/c">Ferry fares rise again</a></p><p><a href="/d">New lights for the pier</a></p>'
    text = body_text(page(f"<article>{story}{more}</article>"))
    assert PARAGRAPHS[2] in text and "More from the Gazette" not in text and "Ferry fares rise again" not in text


def test_a_story_printed_only_for_readers_without_scripts_is_read_from_noscript() -> None:
    """A blog whose script fills in the post prints it in <noscript> only; a lazy image's fallback there is no text."""
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = page(f'<article><div class="post-body"><script>render()</script><noscript>{story}</noscript></div></article>')
    assert all(p in body_text(html) for p in PARAGRAPHS)
    fallback = '<noscript><p>Please turn on JavaScript to see the photo gallery of the new pier.</p></noscript>'
    text = body_text(page(f"<article>{story}{fallback}</article>"))
    assert PARAGRAPHS[0] in text and "JavaScript" not in text


@pytest.mark.parametrize("line", ["Titelbild: Geyres Christophe/Agentur", "Crédits photos : Bestimage", "More topics:", "Source: Harbour Authority"])
def test_a_closing_credit_or_label_line_is_trimmed(line: str) -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    assert trim_chrome([*story, Block(type="paragraph", text=line)]) == story


@pytest.mark.parametrize("line", [
    "(Credit: Jane Roe / Harbor Times)",
    "Foto: Sean Gallup/Getty Images",
    "Beitragsbild: Titelseite der Hafenzeitung vom 2.4.2019, Ausriss.",
    "Page 1 of 8",
    "Seite 2 von 3",
    "Symbolbild: Jane Roe/Agentur",
    "The new pier at dawn. © AFP / JANE ROE",
    "Fishermen on the old quay in 1975. | © Harbour Archive/Getty Images",
])
def test_a_pictures_caption_or_credit_or_a_pagers_line_set_as_a_paragraph_goes_anywhere_in_the_body(line: str) -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    assert trim_chrome([story[0], Block(type="paragraph", text=line), *story[1:]]) == story


@pytest.mark.parametrize("call", [
    "Want more from the Harbor Times? Sign up for our newsletter, The Tide, and read smarter.",
    "Lust auf mehr Hafen? Melden Sie sich jetzt für unseren Newsletter an!",
    "Never miss the latest news by signing up to our newsletter today!",
    "Keine Neuigkeiten mehr verpassen: Abonnieren Sie kostenlos den Hafen-Newsletter.",
    "Subscribe to the Harbour Tide Newsletter",
])
def test_a_call_to_sign_up_for_the_newsletter_goes_anywhere_in_the_body(call: str) -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    assert trim_chrome([story[0], Block(type="paragraph", text=call), *story[1:]]) == story


def test_a_newsletters_call_set_as_a_heading_goes_with_its_pitch_under_it() -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    call = [Block(type="heading", text="Join Our Harbour Newsletter"),
            Block(type="paragraph", text="Get the latest stories and tide tables delivered to your inbox.")]  # fmt: skip
    assert trim_chrome([story[0], *call, *story[1:]]) == story
    section = [Block(type="heading", text="How the harbour newsletter began"), Block(type="paragraph", text=PARAGRAPHS[1])]
    assert trim_chrome([story[0], *section, story[2]]) == [story[0], *section, story[2]]  # a heading of the story


@pytest.mark.parametrize("line", [
    "Sie melden sich für den Newsletter des Hafens an, sagt sie, und lesen ihn jeden Morgen.",
    "Readers can subscribe to the newsletter, the mayor said.",
])
def test_a_storys_sentence_about_a_newsletter_stays(line: str) -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    blocks = [Block(type="paragraph", text=t) for t in (PARAGRAPHS[0], line, *PARAGRAPHS[1:])]
    assert trim_chrome(blocks) == blocks


def test_a_labelled_dateline_goes_at_the_bodys_ends_and_under_the_standfirst() -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    closing = Block(type="paragraph", text="Erschienen am 26. Jan 2022 im Format Aktuelles")
    assert trim_chrome([*story, closing]) == story
    under = Block(type="paragraph", text="Veröffentlicht am 26. Oktober 2023")
    assert trim_chrome([story[0], under, *story[1:]]) == story
    # Under the standfirst, a bare date may head a diary's entry: only a labelled line, or one with a time, goes there.
    entry = Block(type="paragraph", text="26. Oktober 2023")
    assert trim_chrome([story[0], entry, *story[1:]]) == [story[0], entry, *story[1:]]
    timed = Block(type="paragraph", text="19.10.2019, 05:00 Uhr")
    assert trim_chrome([story[0], timed, *story[1:]]) == story
    # A label may open a line that closes with a full stop.
    posted = Block(type="paragraph", text="Posted: Thursday, April 21, 2022. 10:11 pm CST.")
    assert trim_chrome([*story, posted]) == story
    # Every word dates.py reads as a label of publication or update labels one: a post's "Last edited" line.
    edited = Block(type="paragraph", text="Last edited by archuser (2024-08-08 07:50:08)")
    assert trim_chrome([*story, edited]) == story
    # A count of the story's comments, or a call to comment, in brackets after the date is the dateline's.
    counted = Block(type="paragraph", text="am Sonntag, 11.12.2022 - 05:00 (1 Kommentar)")
    assert trim_chrome([counted, *story]) == story
    # Five words and a date, unlabelled, are a line of the story's.
    line = Block(type="paragraph", text="Die Messe beginnt am 26. Oktober 2023 in Hamburg")
    assert trim_chrome([*story, line]) == [*story, line]


@pytest.mark.parametrize("prompt", [
    "Wenn Sie diesen Button anklicken, werden persönliche Daten an Facebook übertragen. Sind Sie damit einverstanden?",
    "By clicking this button, your data will be sent to X. Do you agree?",
])
def test_a_share_buttons_prompt_to_pass_the_readers_data_to_a_network_is_trimmed(prompt: str) -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    assert trim_chrome([Block(type="paragraph", text=prompt), *story]) == story


@pytest.mark.parametrize("tail", [
    [("paragraph", "*harbourtimes.example ist Teil des bundesweiten Hafen-Redaktionsnetzwerks")],
    [("paragraph", "Sharing is caring!")],
    [("list_item", "Print Print this page"), ("list_item", "Permalink https://p.example/p/3WRPd")],
    [("paragraph", "Kommentar verfassen"), ("paragraph", "Du musst angemeldet sein, um einen Kommentar abzugeben.")],
    [("paragraph", "Leave a comment"), ("paragraph", "You must be logged in to post a comment.")],
    [("paragraph", "Impressum | Datenschutz")],
    [("paragraph", "Diese Artikel könnten dich auch interessieren:")],
    [("paragraph", "Themen: Hafen Stadtrat Sanierung Hafenmauer")],
    [("paragraph", "Über dieses Thema berichtete Hafenradio am 29. April 2020 um 09:53 Uhr.")],
    [("paragraph", "Dieses Thema im Programm: HAFEN TV | Nachrichten | 20. April 2020 | 13:00 Uhr")],
    [("paragraph", "This story was first broadcast on 3 May 2023.")],
    [("paragraph", "Tags: harbour, council, repairs, sea wall, budget, storms, tides, fishing fleet, ferries, mooring, dredging")],
    [("heading", "Lesermeinungen"), ("paragraph", "Um selbst Kommentare verfassen zu können müssen Sie sich bitte einloggen.")],
])
def test_the_pages_tools_a_comment_forms_title_and_note_or_a_note_on_the_sites_network_closing_the_body_go(tail: list) -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    assert trim_chrome([*story, *(Block(type=kind, text=text) for kind, text in tail)]) == story
    # In the middle of the story, an item of a list that only names printing stays.
    listed = [story[0], Block(type="list_item", text="Print this page"), Block(type="list_item", text="Fold it twice"), *story[1:]]
    assert trim_chrome(listed) == listed
    # A story's closing line that opens with the word its tags' label uses is no list of tags.
    closing = [*story, Block(type="paragraph", text="Themen wie diese wird der Stadtrat im Mai wieder aufgreifen.")]
    assert trim_chrome(closing) == closing
    # A story that reports on a broadcast, and names no date, ends as it does.
    aired = [*story, Block(type="paragraph", text="The report aired to an audience of millions, the station said.")]
    assert trim_chrome(aired) == aired


def test_a_call_to_watch_more_of_the_sites_videos_on_its_channel_opening_the_body_is_trimmed() -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    note = Block(type="paragraph", text="Watch more of our videos on Harbour TV!\nand live on Freeview channel 276")
    assert trim_chrome([note, *story]) == story


def test_a_listicles_line_about_a_channel_to_follow_stays_in_the_middle_of_the_body() -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    line = "This channel covers harbour history. You can learn knots and rigging; the tutorials are easy to follow."
    texts = [*PARAGRAPHS, *PARAGRAPHS]  # the line in the middle, away from both ends (where site notes go)
    blocks = [Block(type="paragraph", text=p) for p in (*texts[:3], line, *texts[3:])]
    assert trim_chrome(blocks) == blocks


@pytest.mark.parametrize("label", ["Advertisement", "- ADVERTISEMENT -", "Anzeige", "Sponsored content"])
def test_an_advertising_label_alone_on_its_line_goes_anywhere_in_the_body(label: str) -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    for kind in ("paragraph", "heading"):
        assert trim_chrome([story[0], Block(type=kind, text=label), *story[1:]]) == story
    topics = [*story, Block(type="list_item", text="Fishing"), Block(type="list_item", text="Advertising")]
    assert trim_chrome(topics) == topics  # one of a list of topics


@pytest.mark.parametrize("line", [
    "Story continues below advertisement",
    "Advertisement - Continue Reading Below",
    "Advertisement. Scroll to continue reading.",
    "CONTINUA DEPOIS DA PUBLICIDADE",
    "Weiterlesen nach der Anzeige",
    "La suite après cette publicité",
    "Continue reading the main story",
])
def test_an_ad_slots_line_that_the_story_goes_on_after_it_goes_anywhere_in_the_body(line: str) -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    assert trim_chrome([story[0], Block(type="paragraph", text=line), *story[1:]]) == story


@pytest.mark.parametrize("label", ["Table of Contents", "On this page", "In this article:", "Inhaltsverzeichnis", "Sommaire"])
def test_the_label_over_a_table_of_contents_goes_but_a_summarys_heading_stays(label: str) -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    assert trim_chrome([story[0], Block(type="heading", text=label), *story[1:]]) == story
    kept = [story[0], Block(type="heading", text="Key Takeaways"), *story[1:]]
    assert trim_chrome(kept) == kept


@pytest.mark.parametrize("line", [
    "Zum Vergrößern bitte anklicken",
    "Bild vergrößern",
    "Click to enlarge",
    "(Click on the image to enlarge.)",
    "Deprecated: preg_replace(): The /e modifier is deprecated, use preg_replace_callback instead in /www/htdocs/site/wp-includes/formatting.php on line 82",
    "Warning: Undefined variable $post in /var/www/html/wp-content/themes/harbour/single.php on line 12",
])
def test_a_pictures_click_to_enlarge_or_a_scripts_error_message_goes_anywhere_in_the_body(line: str) -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    assert trim_chrome([story[0], Block(type="paragraph", text=line), *story[1:]]) == story
    # A sentence of the story about such a thing stays.
    told = [*story, Block(type="paragraph", text="The warning: click to enlarge the map on line 3 of the brochure, the guide says.")]
    assert trim_chrome(told) == told


@pytest.mark.parametrize("note", [
    "If you're on the Harbour TV News app, click here to watch live",
    "You can find this story in My Bookmarks.Or by navigating to the user icon in the top right.",
])
def test_a_note_about_the_sites_app_or_the_readers_bookmarks_closing_the_body_is_trimmed(note: str) -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    assert trim_chrome([*story, Block(type="paragraph", text=note)]) == story


@pytest.mark.parametrize("note", [
    "Do you want to be informed of our actions? Sign up here",
    "Was this email forwarded to you? Sign up here.",
    "Try Harbour Premium for FREE by clicking here for no ads, fun puzzles and brilliant new features.",
])
def test_a_short_line_closing_on_a_call_to_sign_up_or_an_offer_of_the_paid_tier_closing_the_body_is_trimmed(note: str) -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    assert trim_chrome([*story, Block(type="paragraph", text=note)]) == story
    # A sentence reporting how to join is the story's.
    told = [*story, Block(type="paragraph", text="The club said new members can register.")]
    assert trim_chrome(told) == told


@pytest.mark.parametrize("notice", [
    "Please enable JavaScript to view this page.",
    "Bitte schalten Sie JavaScript ein, um das einwandfreie Funktionieren der Webseite zu gewährleisten.",
    "Ohne JavaScript funktioniert Harbour möglicherweise nicht korrekt.",
    "Dein Browser ist leider veraltet.",
])
def test_a_notice_about_the_readers_browser_opening_the_body_is_trimmed_but_advice_in_the_story_stays(notice: str) -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    assert trim_chrome([Block(type="paragraph", text=notice), *story]) == story
    advice = Block(type="paragraph", text="Users should update their browser and turn on automatic updates, the researchers said.")
    assert trim_chrome([advice, *story]) == [advice, *story]


@pytest.mark.parametrize("line", [
    "Advertising continues to grow after the pandemic.",
    "Revenue continues to come from advertising.",
    "Coverage continues despite lost advertising",
])
def test_a_short_line_of_the_story_about_advertising_stays(line: str) -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    blocks = [Block(type="paragraph", text=t) for t in (PARAGRAPHS[0], line, *PARAGRAPHS[1:])]
    assert trim_chrome(blocks) == blocks


@pytest.mark.parametrize("line", [
    "The council's logo, © 1998 by the harbour trust, is printed on every ticket.",
    "Credit unions in the harbour towns lent less this year than last, the bank said.",
])
def test_a_sentence_mentioning_a_copyright_or_credit_stays(line: str) -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    blocks = [Block(type="paragraph", text=p) for p in (PARAGRAPHS[0], line, *PARAGRAPHS[1:])]
    assert trim_chrome(blocks) == blocks


@pytest.mark.parametrize("label", ["Tags", "Schlagwörter:", "Etiquetas"])
def test_a_closing_list_of_tags_under_its_label_goes(label: str) -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    tags = [Block(type="heading", text=label), Block(type="paragraph", text="HarbourFerriesCouncil 2026")]
    assert trim_chrome([*story, *tags]) == story
    section = [Block(type="heading", text="Topics of the meeting"), Block(type="paragraph", text="The wall, the fares, the pier.")]
    assert trim_chrome([*story, *section]) == [*story, *section]  # a heading of the story's own


def test_a_closing_call_split_between_a_heading_and_its_paragraph_goes_with_the_links_above_it() -> None:
    """"Our newsletters" over "Subscribe to ...": a call to join the newsletter only read together; then the
    list of other stories it closed ("More from the column:" and lone links)."""
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    links = [Block(type="heading", text="More from the column:"), Block(type="paragraph", text="Ferry fares rise again"),
             Block(type="paragraph", text="The pier in winter")]
    call = [Block(type="heading", text="Our newsletters"),
            Block(type="paragraph", text="Subscribe to the morning briefing and be the first to know what the harbour does.")]
    blocks = [*story, *links, *call]
    assert trim_chrome(blocks, {len(story) + 1, len(story) + 2}) == story
    # A section of the story under its heading stays.
    section = [Block(type="heading", text="The newsletter that started it"),
               Block(type="paragraph", text="The harbour trust's newsletter first told of the cracks in the wall in 2019.")]
    assert trim_chrome([*story, *section]) == [*story, *section]


def test_a_closing_heading_bared_by_the_sites_note_after_it_goes_too() -> None:
    """The note goes first (here an affiliate disclosure), then the heading that introduced nothing of the story."""
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    tail = [Block(type="heading", text="More harbour walks"),
            Block(type="paragraph", text="This article may contain links to shops; we earn a commission when you buy through them.")]
    assert trim_chrome([*story, *tail]) == story


@pytest.mark.parametrize("line", ["Update: the council has since agreed to pay.", "The ferry left at 7:30 with 40 people on board", "In 2026: a new pier"])
def test_a_closing_sentence_with_a_colon_stays(line: str) -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in [*PARAGRAPHS, line]]
    assert trim_chrome(story) == story


def test_story_in_two_numbered_parts_is_read_whole() -> None:
    """``story-body-1`` and ``story-body-2`` number two instances of one component: both are the story."""
    first = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    second = "".join(f"<p>{p} And so on, and so forth, as they said, again.</p>" for p in PARAGRAPHS * 3)
    part = '<div class="{}"><div class="story-body story-body-{}">{}</div><div class="ad">Advertisement</div></div>'
    promo = '<div class="promo"><a href="/subscribe">Subscribe to the print edition</a></div>'
    html = page(f'<div class="wrap"><div class="story">{part.format("intro", 1, first)}{promo}{part.format("continued", 2, second)}</div></div>')
    text = body_text(html)
    assert text.startswith(PARAGRAPHS[0]) and text.count(PARAGRAPHS[2]) == 4
    assert "Related articles" not in text


def test_a_step_that_is_only_a_list_is_read_with_its_sibling_steps() -> None:
    """Parts of one class side by side: the one holding only a list (what you need) is a part too."""
    needs = '<div class="mod stage"><h3>Things you need</h3><ul><li>A glass cloche</li><li>Small plants from a nursery</li><li>Floral wire pins</li></ul></div>'
    first = '<div class="mod stage">' + "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 2) + "</div>"
    steps = "".join(f'<div class="mod stage"><p>Step {n}: water the plants once a week.</p></div>' for n in range(3))
    text = body_text(page(f'<div class="col-main">{needs}{first}{steps}<div class="sharing"><a href="/s">Share</a></div></div>'))
    assert "Floral wire pins" in text and all(p in text for p in PARAGRAPHS) and "Step 2:" in text


def test_a_banner_left_open_around_the_main_element_is_read_as_a_wrapper() -> None:
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = page(f"<article>{story}</article>").replace("<main>", '<header role="banner"><div class="logo">The Gazette</div><main>', 1)
    assert all(p in body_text(html) for p in PARAGRAPHS)
    banner = '<div role="banner"><p>Our summer offer: three months of reading, for the price of one, this week only.</p></div>'
    assert "summer offer" not in body_text(page(f"{banner}<article>{story}</article>"))


def test_a_long_comment_thread_gives_way_to_the_article_it_follows() -> None:
    story = '<div class="text">' + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div>"
    reply = "I disagree with the council, and the mayor, because the fund was meant for schools, roads, and parks, not piers."
    thread = '<ul class="comments">' + "".join(f"<li><p>{reply} (reader {n})</p></li>" for n in range(30)) + "</ul>"
    text = body_text(page(f'<div class="article">{story}<div class="comments-container"><h3>What readers say</h3>{thread}</div></div>'))
    assert all(p in text for p in PARAGRAPHS) and "reader 3" not in text


def test_a_block_of_prose_beside_several_pictures_is_kept() -> None:
    """More pictures than paragraphs marks a gallery, unless the block holds a screen of prose."""
    pictures = "".join(f'<img src="/img/pier-{n}.jpg" alt="">' for n in range(3))
    prose = f'<div class="media-text">{pictures}<p>{" ".join(PARAGRAPHS)}</p></div>'
    gallery = '<div class="media-strip">' + "".join(f'<img src="/img/g{n}.jpg"><span>View {n}</span>' for n in range(4)) + "</div>"
    story = "".join(f"<p>{p} Work goes on, they said.</p>" for p in PARAGRAPHS)
    text = body_text(page(f"<article>{story}{prose}{gallery}</article>"))
    assert text.count(PARAGRAPHS[1]) == 2 and "View 2" not in text


def test_a_screen_of_prose_with_many_inline_links_is_kept() -> None:
    """A fifth of a short block in links marks a link box; a long block of sentences may cite more."""
    plain = [p.replace(",", "") for p in PARAGRAPHS]  # commas would mark prose on their own
    cited = " ".join(f'{p[:60]} <a href="/s{n}">{p[60:120]}</a> {p[120:]}' for n, p in enumerate(plain))
    block = f"<div><p>{cited}</p><p>{plain[0]}</p></div>"
    titles = ["Ferry fares rise again next spring", "New lights for the old pier", "Fishermen count their losses"]
    teasers = "<div><p>" + " ".join(f'<a href="/t{n}">{t}</a> Read more' for n, t in enumerate(titles * 6)) + "</p></div>"
    story = "".join(f"<p>{p} Work goes on, they said.</p>" for p in PARAGRAPHS)
    text = body_text(page(f"<article>{story}{block}{teasers}</article>"))
    assert plain[1][120:] in text and "Ferry fares rise" not in text


def test_an_ingredient_list_with_a_servings_box_is_kept_but_a_form_is_not() -> None:
    items = "".join(f"<li>{n} spoons of {thing}</li>" for n, thing in enumerate(["sugar", "flour", "milk", "butter", "cocoa", "salt", "yeast"], 1))
    ingredients = f'<section class="recipe"><input type="number" value="4"><ul>{items}</ul></section>'
    form = '<div class="signup"><p>Get our best stories.</p><input type="email"><input type="submit" value="Go"></div>'
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    text = body_text(page(f"<article>{story}{ingredients}{form}</article>"))
    assert "3 spoons of milk" in text and "best stories" not in text


@pytest.mark.parametrize("hidden", ["hidden", "box d-none", "is-hidden promo"])
def test_a_box_hidden_by_a_utility_class_is_not_read(hidden: str) -> None:
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    box = f'<section class="{hidden}"><p>Sign up for our newsletter, and get the best stories, every morning, for free.</p></section>'
    text = body_text(page(f"<article>{story}{box}</article>"))
    assert PARAGRAPHS[2] in text and "newsletter" not in text


@pytest.mark.parametrize("shown", ["d-none d-md-block", "hidden md:block", "hidden-xs"])
def test_a_box_shown_again_on_wider_screens_is_read(shown: str) -> None:
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    extra = f'<div class="{shown}"><p>{PARAGRAPHS[0].upper()}</p></div>'
    assert PARAGRAPHS[0].upper() in body_text(page(f"<article>{story}{extra}</article>"))


def test_a_box_holding_only_a_list_with_some_links_is_judged_as_the_list() -> None:
    items = "".join(
        f'<li>{n} heaped spoons of <a href="/shop/{n}">{thing}</a>, sifted well</li>'
        for n, thing in enumerate(["caster sugar", "plain flour", "dark cocoa", "fine salt"], 1)
    )
    ingredients = f'<div class="recipe-ingredients"><div class="group"><ul>{items}</ul></div></div>'
    links = "".join(f'<li><a href="/s/{n}">Story number {n}</a></li>' for n in range(4))
    teasers = f'<div class="more"><ul>{links}</ul></div>'
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    text = body_text(page(f"<article>{story}{ingredients}{teasers}</article>"))
    assert "3 heaped spoons of dark cocoa, sifted well" in text and "Story number" not in text


def test_a_closing_prompt_over_links_to_other_stories_is_trimmed_but_one_over_nothing_stays() -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    prompt = Block(type="paragraph", text="Did you like this? Read these next:")
    links = [Block(type="paragraph", text="Ferry fares rise again"), Block(type="paragraph", text="New lights for the pier")]
    assert trim_chrome([*story, prompt, *links], {4, 5}) == story
    intro = Block(type="paragraph", text="To see the new ferry in action, watch the footage below:")
    assert trim_chrome([*story, intro]) == [*story, intro]  # it introduces an embed, not other pages
    sentence = Block(type="paragraph", text="The council meets again in May:")
    assert trim_chrome([*story, sentence, Block(type="paragraph", text="Agenda to follow")]) == [*story, sentence, Block(type="paragraph", text="Agenda to follow")]


@pytest.mark.parametrize(
    ("inside", "found"),
    [
        ('<img src="/a.jpg">', ["https://news.example/a.jpg"]),
        ('<span><b><img src="/b.jpg"></b></span>', ["https://news.example/b.jpg"]),
        ('<span hidden><img src="/c.jpg"></span>', ["https://news.example/c.jpg"]),  # under noise: still the paragraph's
        ("", []),
    ],
)
def test_a_paragraphs_images_are_found_whether_or_not_the_walk_counted_them(inside: str, found: list[str]) -> None:
    """The emitter asks the tree for a paragraph's images only when the walk may not have counted them all."""
    paragraphs = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    tree = LexborHTMLParser(f"<html><body><article>{paragraphs}<p>{PARAGRAPHS[0]} {inside}</p></article></body></html>")
    assert tree.body is not None
    content = find_content(tree.body, URL)
    assert [image.url for image in content.images] == found


@pytest.mark.parametrize(("below", "found"), [(-2, True), (-1, True), (0, False)])
def test_a_paragraph_at_the_depth_limit_keeps_its_image(below: int, found: bool) -> None:
    """At -1 the paragraph is the last element the walk creates, read as plain text: nothing below it
    was counted, so its images are looked up in the tree. Deeper, it is text of its parent, no paragraph."""
    from scraper.extract.scoring import MAX_DEPTH

    paragraphs = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    depth = MAX_DEPTH + below
    deep = "<div>" * depth + f'<p>{PARAGRAPHS[1]} <b><img src="/deep.jpg"></b></p>' + "</div>" * depth
    tree = LexborHTMLParser(f"<html><body><article>{paragraphs}{deep}</article></body></html>")
    assert tree.body is not None
    content = find_content(tree.body, URL)
    assert [image.url for image in content.images] == (["https://news.example/deep.jpg"] if found else [])


STANDFIRST = "The harbour is open again after three weeks of repairs, and the ferries are back on their timetable."


def _header_article(header_extra: str) -> str:
    """An article whose header (headline, standfirst, byline) sits apart from the body's container."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 2)
    return (
        '<article class="story"><div class="story-header"><h2>Harbour reopens after repairs today</h2>'
        f'<p class="standfirst">{STANDFIRST}</p>{header_extra}<span class="date">2 January 2026</span></div>'
        f'<div class="story-main"><div class="story-text">{body}</div></div></article>'
    )


def test_standfirst_in_the_article_header_above_the_body_is_kept_first() -> None:
    text = body_text(page(_header_article("")))
    assert text.startswith(STANDFIRST)
    assert all(p in text for p in PARAGRAPHS)
    assert "2 January 2026" not in text


def test_author_box_and_caption_in_the_header_are_not_a_standfirst() -> None:
    bio = "Jane Doe covers the harbour and its ferries for the Gazette, and has done so for ten years."
    caption = "The first ferry leaves the rebuilt ramp on Tuesday morning, watched by a crowd of commuters."
    extra = (
        f'<div class="author-box"><div class="bio"><p>{bio}</p></div></div>'
        f'<figure><img src="/ferry.jpg"><figcaption><p>{caption}</p></figcaption></figure>'
    )
    text = body_text(page(_header_article(extra)))
    assert text.startswith(STANDFIRST)
    assert bio not in text and caption not in text


def test_teasers_of_other_stories_far_above_the_body_are_not_a_standfirst() -> None:
    teaser = "An earlier story, told here in one sentence, about the ferry company and its new timetable."
    teasers = "".join(f'<div class="card"><p>{teaser}</p></div>' for _ in range(20))
    html = page(f'<div class="wall">{teasers}</div>' + _header_article(""))
    text = body_text(html)
    assert teaser not in text
    assert text.startswith(STANDFIRST)


def test_long_deck_heading_in_the_article_header_is_a_standfirst_without_a_full_stop() -> None:
    deck = "The harbour is open again after three weeks of repairs, and the ferries are back on their old timetable"
    article = _header_article("").replace(f'<p class="standfirst">{STANDFIRST}</p>', f'<h2 class="subheadline">{deck}</h2>')
    text = body_text(page(article))
    assert text.startswith(deck)


def test_lone_links_opening_or_closing_the_body_are_navigation_but_a_printed_address_stays() -> None:
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    text = body_text(page(f'<article><p><a href="/news">Local news</a></p>{story}<p><a href="/list">Back to the list</a></p></article>'))
    assert PARAGRAPHS[0] in text and PARAGRAPHS[2] in text
    assert "Local news" not in text and "Back to the list" not in text
    address = "https://code.example/harbour/ferry-timetable"
    text = body_text(page(f'<article>{story}<p><a href="{address}">{address}</a></p></article>'))
    assert text.endswith(address)


def test_paragraph_after_the_headline_in_the_header_is_a_standfirst_without_a_full_stop() -> None:
    deck = "Three weeks of repairs are over and the ferries are back on their timetable, the harbour master says"
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 2)
    html = (
        "<html><head><title>Harbour reopens after repairs</title></head><body><nav><a href='/'>Home</a></nav>"
        f'<article><header class="top"><h1>Harbour reopens after repairs</h1><p>{deck}</p></header>'
        f'<div class="main"><div class="text">{body}</div></div></article></body></html>'
    )
    assert body_text(html).startswith(deck)


def test_breadcrumb_list_opening_the_body_is_trimmed() -> None:
    crumbs = '<ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/news/harbour">Harbour</a></li></ul>'
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    text = body_text(page(f"<article>{crumbs}{story}</article>"))
    assert text.startswith(PARAGRAPHS[0])



def test_commas_of_a_list_count_only_up_to_a_cap() -> None:
    """A cell listing 200 signers, comma after comma, is a list: it must not outweigh a page of prose."""
    from scraper.extract.scoring import MAX_COMMAS, Box, unit_score

    node = LexborHTMLParser("<td>x</td>").css_first("body")
    sentence = Box(node, "p", None, {}, text=400, commas=4)
    names = Box(node, "td", None, {}, text=4000, commas=200)
    assert unit_score(sentence) == 1 + 4 + 3
    assert unit_score(names) == 1 + MAX_COMMAS + 3


def test_standfirst_after_the_headline_as_a_sibling_block_needs_no_full_stop() -> None:
    deck = "Three weeks of repairs are over and the ferries are back on their timetable, the harbour master says"
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 2)
    html = (
        "<html><head><title>Harbour reopens after repairs</title></head><body><nav><a href='/'>Home</a></nav>"
        f'<div class="post"><h1>Harbour reopens after repairs</h1><div class="summary"><p>{deck}</p></div>'
        f'<div class="entry">{body}</div></div></body></html>'
    )
    assert body_text(html).startswith(deck)


def test_standfirst_in_a_header_section_above_the_body_is_kept_first() -> None:
    """A <section> header holding the label, headline and standfirst is scored as one unit, yet its
    paragraphs are looked through for the lead like any other header's."""
    article = _header_article("").replace('<div class="story-header">', '<section class="story-header">').replace(
        '2026</span></div>', '2026</span></section>'
    )
    text = body_text(page(article))
    assert text.startswith(STANDFIRST)
    assert "2 January 2026" not in text


def test_a_short_paragraph_whose_class_names_a_caption_or_promo_is_left_out_but_long_ones_stay() -> None:
    caption = "The rebuilt ramp at dawn. Photo: Harbour Authority"
    promo = "Get the Gazette's morning briefing by email and never miss our top stories."
    story = "".join(f'<p class="text odd">{p}</p>' for p in PARAGRAPHS)  # "odd": a word of comment lists
    article = f'<article>{story}<p class="caption">{caption}</p><p class="newsletter-promo">{promo}</p></article>'
    text = body_text(page(article))
    assert all(p in text for p in PARAGRAPHS)
    assert caption not in text and promo not in text


def test_an_authors_box_closing_the_story_is_left_out() -> None:
    bio = (
        "Jane Doe has covered the harbour, its ferries and the fishing fleet for the Gazette since 2015. "
        "Before that she reported on shipping for a trade weekly."
    )
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    article = f'<article>{story}<div class="about-author"><p>{bio}</p><p><a href="/jane">All stories</a></p></div></article>'
    text = body_text(page(article))
    assert all(p in text for p in PARAGRAPHS)
    assert bio not in text


def _deep_header_article(standfirst: str, levels: int) -> str:
    """An article whose standfirst sits in its header ``levels`` wrappers above the body's text, each
    wrapper holding a small box of its own beside the next (so none is a mere shell)."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 2)
    inner = f'<div class="story-text">{body}</div>'
    for level in range(levels - 1):
        inner = f'<div class="col-{level}"><div class="ad-slot-{level}"><img src="/ad{level}.png"></div>{inner}</div>'
    return (
        f'<article class="story"><div class="story-header"><h2>Harbour reopens after repairs today</h2>'
        f'<div class="standfirst">{standfirst}</div></div>{inner}</article>'
    )


def test_standfirst_six_levels_above_the_body_text_is_kept_first() -> None:
    text = body_text(page(_deep_header_article(f"<p>{STANDFIRST}</p>", 6)))
    assert text.startswith(STANDFIRST)
    assert all(p in text for p in PARAGRAPHS)


def test_teaser_cut_short_or_a_line_printed_twice_above_the_body_is_not_a_standfirst() -> None:
    teaser = "The ferry company announced a new timetable for the winter season on Monday, and the council said that the..."
    text = body_text(page(_deep_header_article(f"<p>{teaser}</p>", 4)))
    assert teaser not in text and text.startswith(PARAGRAPHS[0])
    offer = "Our partner will check your booking and explain which of the ferry passes suits your trips and budget best."
    text = body_text(page(_deep_header_article(f"<p>{offer}</p><p>{offer}</p>", 4)))
    assert offer not in text and text.startswith(PARAGRAPHS[0])


def test_a_picture_with_its_caption_in_a_plain_box_keeps_the_picture_but_not_the_caption_text() -> None:
    caption = "The rebuilt ramp at dawn on Tuesday. Picture: Harbour Authority"
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    article = f'<article><p>{PARAGRAPHS[0]}</p><div class="pic"><img src="/ramp.jpg"><div class="text">{caption}</div></div>{story}</article>'
    tree = LexborHTMLParser(page(article))
    content = find_content(tree.body, URL)
    text = "\n".join(block.text or "" for block in content.blocks)
    assert all(p in text for p in PARAGRAPHS)
    assert caption not in text
    assert [image.url for image in content.images] == ["https://news.example/ramp.jpg"]


def test_a_heading_over_a_box_left_out_as_chrome_goes_with_it() -> None:
    share = '<div class="box"><h4>Share this article</h4><div class="share-buttons"><a href="/s/fb">Facebook</a> <a href="/s/x">X</a></div></div>'
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    text = body_text(page(f"<article><p>{PARAGRAPHS[0]}</p>{share}{story}</article>"))
    assert all(p in text for p in PARAGRAPHS)
    assert "Share this article" not in text
    section = f'<div class="box"><h4>What changed at the pier</h4><script>var x = 1;</script></div>'
    assert "What changed at the pier" in body_text(page(f"<article><p>{PARAGRAPHS[0]}</p>{section}{story}</article>"))


def test_a_story_whose_class_reads_as_a_small_box_is_not_marked_down_once_it_proves_long() -> None:
    """A class word our vocabulary ranks as "drop unless big" (a language switcher's "lang") may name
    something else ("news_lang_text": the long text of a news item); once the element proves a long
    block of prose its class weighs nothing, and a reader's comment further down does not win."""
    from scraper.extract import vocabulary

    word = min(w for w, v in vocabulary.TOKEN_WEIGHTS.items()
               if vocabulary.NOISE_BELOW < v <= vocabulary.SMALL_NOISE_BELOW and w.isalpha())  # fmt: skip
    assert vocabulary.weight(f"news_{word}_text") <= vocabulary.SMALL_NOISE_BELOW
    # Loose text between <br>s, as such templates print it, broken by a picture and an advert.
    picture = '<div class="pic"><img src="/ramp.jpg" alt=""><span>The new ferry ramp</span></div>'
    first, second, third = PARAGRAPHS
    story = f'{first}<br><br>{picture}{second} {first}<br><br><div class="ad-slot"></div>{third} {second}'
    comment = ("I am glad the harbour is open again, but the council should explain why the repairs took three "
               "weeks, why nobody told the fishermen in advance, and who will pay for the lost catch. ") * 3
    html = page(f'<div class="news_{word}_text">{story}</div>'
                f'<div class="reader-notes"><div class="note"><h5>Too slow</h5><div class="note-text">{comment}</div></div></div>')  # fmt: skip
    text = body_text(html)
    assert text.startswith(first) and third in text and "Too slow" not in text


def test_a_heading_whose_id_is_its_own_anchor_is_read_though_the_id_names_chrome() -> None:
    """Templates make a heading's id from its words for the table of contents, under a prefix of their
    own ("nav_nur_die_folie__1"); that prefix says nothing about the heading."""
    heading = "Engineers rebuild the ramp"
    text = body_text(page(f'<article><p>{PARAGRAPHS[0]}</p><h3 id="nav_engineers_rebuild__0">{heading}</h3>'
                          f'<p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p></article>'))  # fmt: skip
    assert heading in text and PARAGRAPHS[2] in text
    # An id that does not spell the heading's words is the template's: a menu's title stays out.
    menu = body_text(page(f'<article><p>{PARAGRAPHS[0]}</p><h3 id="nav_menu_title">Sections</h3>'
                          f'<p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p></article>'))  # fmt: skip
    assert "Sections" not in menu and PARAGRAPHS[2] in menu


def test_a_story_split_around_a_paywall_hook_is_read_from_both_parts() -> None:
    """The first paragraphs sit in one container and the rest in a sibling carrying the same class and
    a paywall's own; the first container's id names the fade it gets ("gradient-content")."""
    hook = '<div class="paywall-banner"></div>'
    linked = PARAGRAPHS[0].replace("the harbour", '<a href="/topics/harbour">the harbour</a>').replace("The harbour", '<a href="/topics/harbour">The harbour</a>')
    first = f'<div id="gradient-content" class="story-text"><p>{linked}</p><p>{PARAGRAPHS[1]}</p></div>'
    rest = f'<div class="meter_handler story-text">' + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:] * 3) + "</div>"
    text = body_text(page(f"<article>{first}{hook}{rest}</article>"))
    assert text.startswith(PARAGRAPHS[0]) and PARAGRAPHS[2] in text


@pytest.mark.parametrize("thread", ["comments", "kommentare", "commentaires", "comentarios", "commenti", "komentarze"])
def test_a_comment_thread_named_in_the_pages_language_is_not_body(thread: str) -> None:
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    comment = ("I am glad the harbour is open again, but the council should explain why the repairs took three "
               "weeks, why nobody told the fishermen in advance, and who will pay for the lost catch. ") * 2
    html = page(f'<div class="story"><div class="text">{story}</div>'
                f'<div class="{thread}"><div class="note"><h5>Too slow</h5><p>{comment}</p></div></div></div>')  # fmt: skip
    text = body_text(html)
    assert PARAGRAPHS[2] in text and "Too slow" not in text and "lost catch" not in text


def test_a_short_line_in_one_of_the_storys_own_blocks_stays_and_a_lone_label_goes() -> None:
    """A template wraps every paragraph in ``<div class="paragraph">``, its bold subheadings too; a short
    block of another class (an advert's label) is still no part of the story."""
    blocks = "".join(f'<div class="paragraph"><p>{p}</p></div>' for p in PARAGRAPHS)
    subheading = '<div class="paragraph"><p><strong>1. Pick the ferry</strong></p></div>'
    label = '<div class="slot-label"><span>Advertisement</span></div>'
    text = body_text(page(f"<article>{blocks}{label}{subheading}{blocks}</article>"))
    assert "1. Pick the ferry" in text and "Advertisement" not in text and PARAGRAPHS[2] in text


def test_a_list_of_names_set_as_lines_does_not_outscore_the_letter_above_it() -> None:
    """An open letter, then its signatories in a table cell, one per line: "Name, Affiliation<br>".
    Their commas part a name from a place; counted as a sentence's, the cell alone would win."""
    people = "<br>".join(f"<strong>Signer {n}</strong>, <span>Harbour University</span>" for n in range(120))
    letter = "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 4)
    note = "<tr><td>Institutions are listed for identification only.</td></tr>"
    table = f"<table><tr><td>{people}</td><td>{people}</td></tr>{note}</table>"  # two columns of names
    text = body_text(page(f'<article><div class="letter">{letter}{table}</div></article>'))
    assert text.startswith(PARAGRAPHS[0]) and "Signer 7, Harbour University" in text


@pytest.mark.parametrize("slot", ["<ad-slot data-size='300x250'></ad-slot>", '<ins class="x9" data-slot="7"></ins>'])
def test_a_heading_labelling_an_empty_advert_slot_is_not_body(slot: str) -> None:
    label = f'<div class="x8"><h3 class="x8h">Advertisement</h3>{slot}</div>'
    # A heading of the story in a builder's widget, with a comment and an empty rule after it, stays.
    widget = '<div class="x7"><h2 class="x7h">The ferry returns</h2><!-- /x7h --><div class="x7r"></div></div>'
    html = page(f"<article><p>{PARAGRAPHS[0]}</p>{label}{widget}<p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p></article>")
    text = body_text(html)
    assert "Advertisement" not in text and "The ferry returns" in text and PARAGRAPHS[2] in text


def test_a_list_of_key_points_under_the_headline_is_read_whole() -> None:
    """A "Key points" box between the headline and the story: its first point is long enough for a lead,
    the others are shorter sentences, and all three belong to the story."""
    points = ["The harbour reopened on Tuesday after three weeks of repairs to its ferry ramp and to the old pilings.",
              "The council paid for the work from its reserve fund.",
              "Fishermen say the closure cost them a fifth of their catch."]  # fmt: skip
    box = '<div class="x4"><h2>Key points</h2><ul>' + "".join(f"<li><div>{p}</div></li>" for p in points) + "</ul></div>"
    story = '<div class="article-text">' + "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 2) + "</div>"
    html = page(f'<article><header class="x5">{box}</header>{story}</article>')
    text = body_text(html)
    assert all(p in text for p in points) and text.index(points[2]) < text.index(PARAGRAPHS[0])


def test_a_sub_list_written_straight_into_a_list_is_read_with_it() -> None:
    """``<ul><li>Examples:</li><ul><li>..</li></ul></ul>``: a rich-text editor's sub-list outside any item
    (invalid HTML, kept so by the parser) is part of the list, in its place."""
    examples = ["Salad bar: greens, vegetables, proteins and dressings for guests to build their own salads.",
                "Taco truck: a selection of tacos with different fillings and toppings."]  # fmt: skip
    listed = "<ul><li><p><strong>Examples</strong>:</p></li><ul>" + "".join(f"<li><p>{e}</p></li>" for e in examples) + "</ul><li>Last item of the list</li></ul>"
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    text = body_text(page(f"<article>{story}{listed}<p>{PARAGRAPHS[0]} Again.</p></article>"))
    assert all(e in text for e in examples)
    assert text.index("Examples") < text.index(examples[0]) < text.index(examples[1]) < text.index("Last item of the list")


def test_the_standfirst_in_an_article_header_the_body_holds_but_leaves_out_is_read() -> None:
    """The story's container holds its header (headline, standfirst, byline), which its class word "head" leaves
    out: the standfirst after the headline is the body's opening paragraph; the headline and byline are not."""
    lead = "A lawyer explains what the ruling means for the people of the town who want their data removed from search results."
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    article = (f'<div id="article"><div id="articleHead"><header><h1>Harbour reopens after repairs</h1><p>{lead}</p>'
               f'<span class="byline">by <a href="/author/jane-roe">Jane Roe</a>, 2 January 2026</span></header></div>'
               f'{story}</div>')
    html = page(article).replace("<h1>Harbour reopens after repairs</h1>\n", "", 1)
    text = body_text(html)
    assert text.startswith(lead) and all(p in text for p in PARAGRAPHS)
    assert "Jane Roe" not in text and "Harbour reopens after repairs" not in text


def test_a_table_of_contents_goes_but_the_paragraphs_beside_it_stay() -> None:
    """A box of links to the page's own parts ("In this article:") makes its wrapper mostly links; set aside,
    the wrapper's paragraphs are prose and stay, while the table of contents goes."""
    parts = ["What are the symptoms?", "How deadly is it?", "Where did it come from?", "Is there a vaccine yet?",
             "How does it spread between people?", "What can I do to protect myself?", "Will it become a pandemic?"]  # fmt: skip
    toc = '<div class="callout-box"><strong>In this article:</strong><br>' + "<br>".join(f'<a href="#part{n}">{q}</a>' for n, q in enumerate(parts)) + "</div>"
    intro = ("Many questions are still open: how many people will fall ill, where the virus came from, whether a vaccine "
             "can stop it, and what it means for the rest of us if the outbreak shuts down the factories of a whole "
             "country. We have gathered the most important questions here, with the answers that can be given today.")  # fmt: skip
    symptoms = ("Many people have only a mild cold with shivers and a sore throat, or no symptoms at all. Fever, a cough "
                "and trouble breathing may follow, as they do with the flu, and so may a headache. The time between the "
                "infection and the first symptoms is thought to be up to two weeks, five days on average.")  # fmt: skip
    first = f'<div class="row"><div class="columns"><p>{intro}</p>{toc}<h3 id="part0">{parts[0]}</h3><p>{symptoms}</p></div></div>'
    rest = '<div class="row">' + "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 3) + "</div>"
    text = body_text(page(f"<article>{first}{rest}</article>"))
    assert intro in text and symptoms in text and PARAGRAPHS[2] in text
    assert "In this article" not in text and parts[3] not in text


def test_a_description_lists_terms_grouped_in_divs_are_read() -> None:
    """HTML lets a ``<div>`` wrap a term and its description inside a ``<dl>``."""
    terms = [("Ferry fare", "The fare rose to four pounds on the first of the month."),
             ("Pier lights", "New lights were fitted along the whole of the pier.")]  # fmt: skip
    listed = "<dl>" + "".join(f"<div><dt>{t}</dt><dd>{d}</dd></div>" for t, d in terms) + "</dl>"
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    text = body_text(page(f"<article>{story}{listed}<p>{PARAGRAPHS[0]} Again.</p></article>"))
    assert [text.index(part) for pair in terms for part in pair] == sorted(text.index(part) for pair in terms for part in pair)


def test_a_block_sharing_the_storys_class_with_a_name_that_says_chrome_does_not_join_it() -> None:
    """The story's component class beside a name that would drop a block inside the story ("comments"):
    not a second part of the story, whatever class it shares with it."""
    story = '<div class="story-text">' + "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 2) + "</div>"
    thread = ('<div class="story-text comments"><p>I am glad the ferry runs again, and I hope the council '
              'keeps the new lights on at night.</p></div>')  # fmt: skip
    text = body_text(page(f"<article>{story}{thread}</article>"))
    assert PARAGRAPHS[2] in text and "new lights on at night" not in text


def test_a_sign_in_dialog_is_never_the_story():
    """A video page's story is one short paragraph; its sign-in dialog (a form, rules for a password) has far
    more text. Neither the first try (where the dialog's class may say nothing) nor the relaxed second try
    (which ignores class words, "x-dialog-login" too) may take the dialog for the story."""
    story = ("<div class='details'><p>The harbour reopened on Tuesday after three weeks of repairs, and the "
             "first ferry left on time, the port authority said.</p></div>")
    rules = "".join(
        f"<p>Your password must be at least eight characters long, hold a capital letter, a digit and a sign, "
        f"and differ from the last {n} you used here.</p>"
        for n in range(1, 8)
    )
    form = ("<form><label for='user'>E-mail</label> <input type='email' id='user'>"
            "<label for='pw'>Password</label> <input type='PASSWORD' id='pw'></form>")
    # The page's own script, as most pages have (PageShare counts its text): the dialog is no page wrapper.
    state = "<script>window.__STATE__ = {" + ", ".join(f'"teaser{n}": "/video/clip-{n}"' for n in range(60)) + "};</script>"
    for css in ("x-dialog-login", "panel-group"):
        html = page(story).replace("</main>", f"</main><div class='{css}'>{form}{rules}</div>{state}")
        content = find_content(LexborHTMLParser(html).body, URL)
        text = "\n".join(block.text or "" for block in content.blocks)
        assert "ferry left on time" in text, css
        assert "password" not in text.lower(), css
    # Without a password field the same panels are content like any other (the rule reads the field).
    html = page(story).replace("</main>", f"</main><div class='panel-group'>{rules}</div>")
    text = "\n".join(block.text or "" for block in find_content(LexborHTMLParser(html).body, URL).blocks)
    assert "Your password must be" in text


def test_sections_set_straight_into_the_body_make_one_story():
    """A page builder (or a React page's streamed segments) sets the story's sections straight into <body>,
    each in the same component, with a data table between them: all of them are the story. A footer built
    of the same grid rows (lines, not prose) does not join, nor does a block between the sections whose class
    names chrome."""
    section = "<div class='band text'><div class='row'><div class='col-md-8 offset-md-1'>{}</div></div></div>"
    first = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    second = "".join(f"<p>{text.replace('harbour', 'ferry port')}</p>" for text in reversed(PARAGRAPHS))
    rows = [("Berths for ferries", "12, two more than before"), ("Ramps for vehicles", "2, both rebuilt"),
            ("Weeks of repairs", "3, a week less than planned"), ("Cost to the council", "1.2 million, from its reserve")]
    table = "<div class='band table'><table>" + "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in rows) + "</table></div>"
    footer_rows = "".join(
        f"<div class='band text'><div class='row'><div class='col-md-8 offset-md-1'><p>Gazette Media, Harbour Road {n}, "
        f"Newtown, phone 0123 456 78{n}, all rights reserved.</p></div></div></div>" for n in range(2)
    )
    promo = "<div class='sponsor'><div class='col-md-8 offset-md-1'>" + first.replace("harbour", "newsletter") + "</div></div>"
    html = f"""<!doctype html><html><head><title>Harbour reopens</title></head><body>
<header><a href="/">The Gazette</a></header><h1>Harbour reopens after repairs</h1>
{section.format(first)}{table}{promo}{section.format(second)}{footer_rows}</body></html>"""
    text = "\n".join(block.text or "" for block in find_content(LexborHTMLParser(html).body, URL).blocks)
    assert "The harbour reopened on Tuesday" in text and "The ferry port reopened on Tuesday" in text
    assert "Berths" in text  # the table between the sections
    assert "all rights reserved" not in text and "newsletter reopened" not in text


def test_a_line_of_menu_links_has_three_short_parts_without_a_sentence_or_a_figure() -> None:
    from scraper.extract.scoring import _is_menu_line

    assert _is_menu_line("About EO | Mission Statement | Impact & Reach | Write for us")
    assert _is_menu_line("Home · News · Sport")
    assert not _is_menu_line("Calories: 120kcal | Protein: 5g | Fat: 2g")  # a recipe's nutrition line
    assert not _is_menu_line("Jane Roe | 5 min read")  # two parts
    assert not _is_menu_line("The pier | The ferry reopened on Tuesday after three weeks of repairs. | Harbour")


@pytest.mark.parametrize("button", ["Book a demo", "Try Armoire", "Get FREE demo", "Learn More", "See List", "Click here", "WATCH WEBINAR", "Jetzt abonnieren"])
def test_a_buttons_link_goes_anywhere_in_the_body_but_a_link_naming_a_thing_stays(button: str) -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    assert trim_chrome([story[0], Block(type="paragraph", text=button), *story[1:]], {1}) == story
    # The same words, no link: the story's (a heading-like line); a link naming a firm: one of the story's list.
    for line, links in ((button, set()), ("Khan Academy", {1}), ("join-operator:", {1})):
        blocks = [story[0], Block(type="paragraph", text=line), *story[1:]]
        assert trim_chrome(blocks, links) == blocks


_CHROME_WORDS = st.sampled_from([
    "Facebook", "Twitter", "⎙", "Related", "Weitere Artikel", "Subscribe", "newsletter", "Sie", "our", "|", "·",
    "Advertisement", "continues", "below", "Page 1 of 8", "Book a demo", "This entry was posted", "filed under", "RSS",
    "JavaScript", "enable", "Browser", "veraltet", "Lade …", ":", ".", "By Jane Roe", "Beitragsbild:", "harbour",
    "Zum Vergrößern bitte anklicken", "Warning:", "on line 12", "app", "click here", "Bookmarks", "Articles liés",
    "Tags:", "Themen:", "Über dieses Thema berichtete", "am 3. Mai 2023 um 09:53 Uhr", "(1 Kommentar)", "80 Comments",
    "Quelle: dpa-AFX", "Last edited by", "January 28, 2018", "von",
])
_BLOCKS = st.lists(
    st.tuples(st.sampled_from(["paragraph", "heading", "list_item", "quote"]),
              st.one_of(st.text(max_size=60), st.lists(_CHROME_WORDS, max_size=8).map(" ".join))),
    max_size=25,
)


@given(_BLOCKS, st.sets(st.integers(min_value=0, max_value=30)))
@settings(max_examples=300, deadline=None)
def test_trimming_any_blocks_keeps_an_ordered_subset_of_them(raw: list[tuple[str, str]], links: set[int]) -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    blocks = [b for b in (Block(type=kind, text=text) for kind, text in raw) if b.text]
    kept = trim_chrome(blocks, {i for i in links if i < len(blocks)})
    position = 0
    for block in kept:  # each kept block is one of the input's, in the input's order
        position = next(i for i in range(position, len(blocks)) if blocks[i] is block) + 1


def test_a_posts_meta_line_set_as_a_list_opening_the_body_goes() -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    meta = [Block(type="list_item", text=t) for t in ("January 28, 2018", "Cake Recipes", "80 Comments")]
    assert trim_chrome([*meta, *story]) == story
    byline = [Block(type="list_item", text=t) for t in ("von Jane Roe", "09.03.2022")]
    assert trim_chrome([*byline, *story]) == story
    # Without a date it is the story's own list; so is one whose items say more than a label does.
    undated = [Block(type="list_item", text=t) for t in ("Cake Recipes", "80 Comments")]
    assert trim_chrome([*undated, *story]) == [*undated, *story]
    facts = [Block(type="list_item", text=t) for t in ("1 May 2023", "Voters chose a new council for the harbour district.")]
    assert trim_chrome([*facts, *story]) == [*facts, *story]


def test_a_line_naming_the_stories_source_goes_above_the_story_and_stays_in_it() -> None:
    from scraper.extract.scoring import trim_chrome
    from scraper.records import Block

    story = [Block(type="paragraph", text=p) for p in PARAGRAPHS]
    source = Block(type="paragraph", text="Quelle: dpa-AFX")
    assert trim_chrome([source, *story]) == story
    # A sentence under such a label is the story's.
    said = Block(type="paragraph", text="Source: the council said the harbour wall would be repaired by May.")
    assert trim_chrome([said, *story]) == [said, *story]
