"""The generic extractor's body: content scoring, each cleaning rule, comments, and "not an article".

Every page is a full document built by `page()`: head with meta tags and JSON-LD, site navigation,
a cookie banner, the article, a sidebar, comments and a footer. Each test adds or changes one thing
and checks snippets the body must and must not contain.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from scraper.errors import NotAnArticle
from scraper.extract import Document
from scraper.extract.generic import GenericExtractor
from scraper.records import Block
from scraper.pipeline import extract_page

FETCHED_AT = datetime(2024, 1, 1, tzinfo=UTC)
URL = "https://harbortimes.example/2023/05/04/harbour-wall-repairs"
FIRST = "Work to repair the old harbour wall started on Monday, after months of delays caused by storms, supply problems and a long dispute over funding."
MIDDLE = [
    "The council said the repairs would take about six weeks, weather permitting, and that the car park would stay closed until then.",
    "Engineers found that the storms of last winter had washed out the core of the wall in three places, more than the survey expected.",
    "Local fishermen, who have moored their boats in the next bay since January, said they were relieved, if a little sceptical about the date.",
]
LAST = "Residents can see the plans at the library from next week, and a public meeting is planned for the first Thursday in April."


def story(*extra: str, first: str = FIRST, last: str = LAST) -> str:
    """The article's prose with extra markup between the paragraphs, in order."""
    parts = [f"<p>{first}</p>"]
    for n, paragraph in enumerate(MIDDLE):
        parts.append(f"<p>{paragraph}</p>")
        if n < len(extra):
            parts.append(extra[n])
    parts.extend(extra[len(MIDDLE):])
    parts.append(f"<p>{last}</p>")
    return "".join(parts)


def page(content: str | None = None, *, head: str = "", article_attrs: str = 'class="post hentry"', after: str = "") -> str:
    """A full article page around `content` (the story by default)."""
    jsonld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Harbour wall repairs begin",
                         "datePublished": "2023-05-04T09:15:00+01:00", "author": {"@type": "Person", "name": "Jane Roe"}})
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Harbour wall repairs begin | Harbor Times</title>"
        '<meta property="og:site_name" content="Harbor Times"><meta property="og:type" content="article">'
        f'<script type="application/ld+json">{jsonld}</script>{head}</head><body>'
        '<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience. Accept all cookies?</p><button>OK</button></div>'
        '<header class="site-header"><a href="/" class="logo">Harbor Times</a>'
        '<nav class="main-menu"><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>'
        f'<main id="main"><article {article_attrs}><header class="entry-header"><h1>Harbour wall repairs begin</h1>'
        '<p class="byline">By <a rel="author" href="/staff/jane">Jane Roe</a> · <time datetime="2023-05-04T09:15:00+01:00">4 May 2023</time></p></header>'
        f'<div class="entry-content">{content if content is not None else story()}</div></article>{after}</main>'
        '<aside class="sidebar"><h3>Most read</h3><ol><li><a href="/a">Storm closes coast road for the third time this winter</a></li>'
        '<li><a href="/b">Council approves a budget that nobody likes, again</a></li></ol></aside>'
        '<footer class="site-footer"><p>© 2023 Harbor Times. All rights reserved. Contact us at the harbour office.</p>'
        '<ul><li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms</a></li></ul></footer>'
        "</body></html>"
    )


def extract(html: str, url: str = URL):
    return extract_page(html, url, fetched_at=FETCHED_AT, extractor=GenericExtractor)


def body_text(html: str) -> str:
    return extract(html).article.text or ""


def assert_story(text: str) -> None:
    assert text.startswith(FIRST), text[:200]
    assert text.endswith(LAST), text[-200:]
    for paragraph in MIDDLE:
        assert paragraph in text


# -- what the body keeps --------------------------------------------------------------------------


def test_body_is_the_story_without_page_chrome():
    text = body_text(page())
    assert_story(text)
    for chrome in ("cookies", "Sport", "Most read", "Storm closes", "All rights reserved", "Privacy", "By Jane Roe"):
        assert chrome not in text


def test_blocks_keep_paragraphs_headings_lists_quotes_tables_and_code_in_page_order():
    content = story(
        "<h2>What happens next</h2>",
        "<ul><li>Phase one: the north arm, from the lighthouse to the slipway</li><li>Phase two: the south arm and the steps</li></ul>",
        "<blockquote><p>We have waited long enough, said the harbour master.</p></blockquote>",
        "<table><thead><tr><th>Phase</th><th>Weeks</th></tr></thead><tbody><tr><td>North</td><td>4</td></tr><tr><td>South</td><td>2</td></tr></tbody></table>",
        "<pre>wall.repair(phase=1)</pre>",
    )
    body = extract(page(content)).article.body
    kinds = [(b.type, b.text.split("\n")[0][:20]) for b in body]
    assert kinds == [
        ("paragraph", FIRST[:20]), ("paragraph", MIDDLE[0][:20]), ("heading", "What happens next"),
        ("paragraph", MIDDLE[1][:20]), ("list_item", "Phase one: the north"), ("list_item", "Phase two: the south"),
        ("paragraph", MIDDLE[2][:20]), ("quote", "We have waited long "), ("table", "Phase | Weeks"),
        ("code", "wall.repair(phase=1)"), ("paragraph", LAST[:20]),
    ]


def test_source_line_breaks_inside_a_paragraph_are_spaces_and_br_breaks_a_line():
    wrapped = "Work to repair the old harbour wall started on\n    Monday, after months of\r\n\tdelays."
    content = story(f"<p>{wrapped}</p><p>First line of the notice,<br>\n  second line of the notice.</p>")
    body = [b.text for b in extract(page(content)).article.body]
    assert "Work to repair the old harbour wall started on Monday, after months of delays." in body
    assert "First line of the notice,\nsecond line of the notice." in body


def test_code_keeps_its_own_line_breaks():
    content = story("<pre>for pier in piers:\n    pier.repair()</pre>")
    code = [b.text for b in extract(page(content)).article.body if b.type == "code"]
    assert len(code) == 1 and code[0].startswith("for pier in piers:\n") and code[0].endswith("pier.repair()")


def test_short_line_repeated_in_the_body_is_page_furniture():
    skip = '<p><a href="#story-continues">Continue to the story below</a></p>'
    text = body_text(page(story(skip, skip, skip)))
    assert_story(text)
    assert "Continue to the story" not in text


def test_dateline_at_the_start_or_end_of_the_body_is_dropped():
    content = f'<time datetime="2023-05-04">4 May, 2023</time> <time datetime="2023-05-05">5 May, 2023</time>{story()}<p>Updated 5 May 2023</p>'
    text = body_text(page(content))
    assert_story(text)
    assert "4 May, 2023" not in text and "Updated" not in text


def test_a_sentence_with_a_date_is_kept_at_the_end():
    content = story() + "<p>The work ends on 30 June 2023.</p>"
    assert body_text(page(content)).endswith("The work ends on 30 June 2023.")


def test_labels_above_the_headline_are_not_body():
    content = '<div><p>Coast</p><p>Edit the headline, standfirst and tags here</p></div><h2>Harbour wall repairs begin</h2>' + story()
    html = page(content).replace("<h1>Harbour wall repairs begin</h1>", "")
    text = body_text(html)
    assert_story(text)
    assert "Edit the headline" not in text and "Coast" not in text


def test_a_breadcrumb_and_a_list_of_section_labels_above_the_headline_are_not_body():
    content = (
        '<div class="crumbs"><a href="/">Home</a> <a href="/coast">Coast</a> <span>Harbour wall repairs begin</span></div>'
        '<ul class="categories"><li><a href="/coast">Coast</a></li><li><a href="/council">Council</a></li></ul>'
        "<h2>Harbour wall repairs begin</h2>" + story()
    )
    html = page(content).replace("<h1>Harbour wall repairs begin</h1>", "")
    blocks = extract(html).article.body
    assert blocks[0].text == FIRST and all(b.text not in ("Coast", "Council") for b in blocks)


@pytest.mark.parametrize("line", ["By Jane Roe", "Von Jane Roe", "by Jane Roe, Harbor Times", "Posted 11 April 2023 by Jane Roe",
                                  "by Jane Roe ● May 4, 2023 ● 6 min read"])
def test_a_byline_paragraph_opening_the_body_is_left_to_the_authors_field(line):
    html = page(f"<p>{line}</p>" + story())
    article = extract(html).article
    assert [a.name for a in article.authors] == ["Jane Roe"]
    assert article.body[0].text == FIRST


@pytest.mark.parametrize("line", ["<h4>By Jane Roe</h4>", "<p>By Jane Roe</p>"])
def test_a_byline_under_the_standfirst_or_set_as_a_heading_is_left_to_the_authors_field(line):
    standfirst = "<p>The wall has stood since 1850 and has not been repaired since the war, the council says.</p>"
    for content in (line + story(), standfirst + line + story()):
        body = [b.text for b in extract(page(content)).article.body]
        assert "By Jane Roe" not in body and FIRST in body


def test_a_byline_naming_the_person_a_personal_site_is_named_after_is_left_to_the_authors_field():
    html = page("<h4>By Jane Roe</h4>" + story()).replace("Harbor Times", "Jane Roe")
    article = extract(html, "https://janeroe.example/2023/05/04/harbour-wall-repairs").article
    assert [a.name for a in article.authors] == ["Jane Roe"] and article.body[0].text == FIRST


@pytest.mark.parametrize("line", ["Written by Jane Roe", "Von Jane Roe", "Posted by Jane Roe, Harbor Times"])
def test_a_byline_paragraph_closing_the_body_is_left_to_the_authors_field(line):
    article = extract(page(story() + f"<p>{line}</p>")).article
    assert [a.name for a in article.authors] == ["Jane Roe"]
    assert (article.text or "").endswith(LAST)


def test_the_authors_name_alone_opening_or_closing_the_body_is_left_to_the_authors_field():
    head = '<meta name="author" content="Jane Roe">'
    article = extract(page("<p>Jane Roe</p>" + story() + "<p>Jane Roe</p>").replace("</head>", head + "</head>", 1)).article
    assert [a.name for a in article.authors] == ["Jane Roe"]
    assert article.body[0].text == FIRST and (article.text or "").endswith(LAST)
    # another name alone stays: a heading-like line of the story, a person it is about
    article = extract(page("<p>Sam Doe</p>" + story()).replace("</head>", head + "</head>", 1)).article
    assert article.body[0].text == "Sam Doe"


@pytest.mark.parametrize("line", ["By Sam Doe", "By then the gates were shut."])
def test_a_closing_paragraph_naming_someone_else_or_prose_stays(line):
    assert (extract(page(story() + f"<p>{line}</p>")).article.text or "").endswith(line)


@pytest.mark.parametrize("line", ["By Sam Doe", "By default the gates stay shut."])
def test_an_opening_paragraph_naming_someone_else_or_prose_stays(line):
    html = page(f"<p>{line}</p>" + story())
    assert extract(html).article.body[0].text == line


BIO = "Jane is a reporter from the coast who has covered the harbour for ten years. She lives in Portsmouth with two cats."


def bio_page(bio: str) -> str:
    """The author's bio printed in the article's header beside the byline, as big networks' templates do."""
    header = (
        '<header class="entry-header"><h1>Harbour wall repairs begin</h1><div class="article-meta">'
        '<p class="byline">By <a rel="author" href="/staff/jane">Jane Roe</a> · <time datetime="2023-05-04T09:15:00+01:00">4 May 2023</time></p>'
        f'</div><div class="with-excerpt">{bio}</div></header>'
    )
    html = page()
    start, end = html.index('<header class="entry-header">'), html.index("</header>", html.index('<header class="entry-header">'))
    return html[:start] + header + html[end + len("</header>"):]


@pytest.mark.parametrize("bio", [BIO, BIO.replace("Jane is", "Jane Roe is"), BIO.replace("She lives", "Jane lives")])
def test_the_authors_bio_beside_the_byline_is_not_body(bio):
    article = extract(bio_page(bio)).article
    assert [(a.name, a.bio) for a in article.authors] == [("Jane Roe", bio)]
    assert article.body[0].text == FIRST


TAIL_BIO = "Jane Roe covers the harbour and the council for the Harbor Times. Before that, Jane reported on farming."


@pytest.mark.parametrize(("tail", "bio"), [
    (f"<p>{TAIL_BIO}</p>", TAIL_BIO),
    # Under a label and the line of her name; the paragraph after it that names her again is hers too.
    (f"<h3>About the author</h3><p>Jane Roe, Harbor Times</p><p>{TAIL_BIO}</p><p>Jane lives by the sea.</p>",
     TAIL_BIO + " Jane lives by the sea."),
    (f"<p>{TAIL_BIO}</p><p>Support local news: subscribe for a pound a week.</p>", TAIL_BIO),
])
def test_the_authors_bio_under_the_story_is_the_authors_not_the_bodys(tail, bio):
    article = extract(page(story() + tail)).article
    assert (article.text or "").endswith(LAST)
    assert [(a.name, a.bio) for a in article.authors] == [("Jane Roe", bio)]


@pytest.mark.parametrize("tail", [
    "Sam Doe is the harbour master, and has been since 2009.",  # someone else
    "Asked about the delays, Jane Roe was told to wait for the report.",  # the name inside the sentence
    "Jane Roe and Sam Doe | 3 weeks ago",  # a byline line: no sentence
    # Credit lines of the reporting: the story's, no bio.
    "Jane Roe reported from Portsmouth, and Sam Doe from Cowes.",
    "Jane Roe contributed reporting.",
    "Jane also contributed reporting from the quay.",
])
def test_a_closing_paragraph_that_is_no_bio_of_an_author_stays(tail):
    article = extract(page(story() + f"<p>{tail}</p>")).article
    assert (article.text or "").endswith(tail) and article.authors[0].bio is None


@pytest.mark.parametrize("lead", [
    # A standfirst: one sentence.
    "Jane Roe explains why the repairs to the old harbour wall took so long, and what the delays will cost the town.",
    # It goes on about the story, not about her.
    "Jane is back on the harbour beat this week, after a month away. The wall has been shut since January, and the fishermen are angry.",
    # It names no author.
    "Harbor Council is the public body that owns the wall and the quay. She meets on Tuesdays, and its members are elected.",
])
def test_a_lead_opening_with_the_authors_name_that_is_no_bio_stays(lead):
    assert extract(bio_page(lead)).article.body[0].text == lead


def test_a_press_release_opening_with_its_firms_name_stays():
    first = "Harbor Dredging has won the contract for the northern channel. The work starts in May. He said more."
    html = page(f"<p>{first}</p>" + story()).replace('{"@type": "Person", "name": "Jane Roe"}', '{"@type": "Organization", "name": "Harbor Dredging"}')
    html = html.replace('By <a rel="author" href="/staff/jane">Jane Roe</a>', 'By <a rel="author" href="/staff/hd">Harbor Dredging</a>')
    assert extract(html).article.body[0].text == first


@pytest.mark.parametrize("note", [
    "If you buy something through our links, Harbor Times may earn a commission. See our ethics policy.",
    "As an Amazon affiliate, I earn from qualifying purchases.",
    "Dieser Artikel enthält Affiliate-Links. Kaufst du darüber ein, erhalten wir eine Provision.",
    # Advertising labels and notes.
    "Advertisement", "*Anzeige*", "- Anzeige-", "*Werbung. Dieser Beitrag enthält Werbung für Harbor Paints.",
    "Anzeige, enthält Affiliate Links", "This post contains affiliate links.", "In partnership with Harbor Paints",
])
def test_an_affiliate_disclosure_at_either_end_of_the_body_is_the_sites_note(note):
    text = body_text(page(f"<p>{note}</p>" + story() + f"<p><em>{note}</em></p>"))
    assert text.startswith(FIRST) and text.endswith(LAST)


@pytest.mark.parametrize("note", ["Follow the Harbor Times on Facebook, X, Instagram and TikTok", "Folgen Sie uns auf Twitter und Facebook",
                                  "Facebook LinkedIn Email"])
def test_a_call_to_follow_the_site_closing_the_body_is_the_sites_note(note):
    assert body_text(page(story() + f"<p>{note}</p>")).endswith(LAST)


@pytest.mark.parametrize("note", [
    "Sign up for our newsletter to get the latest harbour news straight to your inbox.",
    "Join our WhatsApp channel for breaking news from the coast.",
    "¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular.",
    "¡Mira lo que tiene nuestro canal de YouTube!",
    "Ihnen hat der Artikel gefallen? Dann abonnieren Sie unseren Newsletter!",
    "Download our Harbor Times app for iOS and Android.",
    # A paywall's note to those who already subscribe.
    "If you're seeing this message but you're already a subscriber, you can log in for immediate access to this story.",
    "Du bist schon Abonnent? Dann kannst du dich hier einloggen.",
    # An appeal for support or letters.
    "If you enjoyed reading this story, would you consider supporting our work? Just click here. Thanks!",
    "We want to hear what you think about this article. Submit a letter to the editor or write to letters@example.com.",
    "Our non-profit newsroom is free to read. Your one-off or monthly donations keep it that way.",
    "Wenn Ihnen unser Journalismus gefällt, unterstützen Sie uns bitte mit einer Spende!",
    "Bereits mit 2,50 Euro kannst du unsere Arbeit unterstützen.",
    "El periodismo independiente necesita a sus lectores. ¡Hoy, con tu apoyo, seguiremos trabajando!",
    # A rights notice.
    "Copyright 2026 Harbor TV Corp. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "© 2026, HarborTimes.example. This article is the copyrighted property of the Harbor Times. Written permission must be obtained before reprint.",
    "Copyright © 2026 Harbor Times. Alle Rechte vorbehalten.",
])
def test_a_call_to_join_the_sites_channel_app_or_newsletter_or_to_log_in_closing_the_body_is_the_sites_note(note):
    assert body_text(page(story() + f"<p>{note}</p>")).endswith(LAST)


@pytest.mark.parametrize("note", [
    "Your email address will not be published. Required fields are marked *",
    "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind markiert *",
    "Fill in your details below or click an icon to log in:",
])
def test_a_comment_form_inside_the_story_container_ends_the_body(note):
    """The form's heading, its note and the comments after it go; the story before it stays whole."""
    form = (f"<h3>Leave a Reply</h3><p>{note}</p><h3>One Comment</h3>"
            "<ul><li>What a lovely wall, I walked along it every summer as a child, thank you for this story.</li></ul>")
    text = body_text(page(story() + form))
    assert text.endswith(LAST) and "Reply" not in text and "lovely wall" not in text


def test_a_story_about_email_privacy_keeps_its_lines():
    line = "The council promised that no resident's email address will be published in the harbour report."
    assert line in body_text(page(story(line)))


@pytest.mark.parametrize("cut", [
    "Subscribe now to our print edition for the full story.",
    "To read the rest of this article, please subscribe to the Harbor Times.",
    "Abonnieren Sie die Harbor Times, um den ganzen Artikel zu lesen.",
    "Suscríbete para leer la nota completa.",
])
def test_a_paywalls_cut_near_the_end_goes_with_its_sales_pitch(cut):
    """However long the pitch after it: a story cut off by a paywall is short."""
    pitch = ("<p>When you join the Harbor Times family, you get unlimited digital access to every story, the archive "
             "since 1901, the crossword, the daily tide tables and our weekend magazine, on every device you own.</p>"
             "<p>First-time subscribers also receive a harbour map, printed by hand on the quay.</p>")
    text = body_text(page(story() + f"<p>{cut}</p>" + pitch))
    assert text.endswith(LAST) and "subscri" not in text.lower() and "Harbor Times family" not in text


@pytest.mark.parametrize("line", [
    "Fishermen can download the new tide app from the store; the council says it is free for a year.",
    "After that, I suggest you join the council's forum and watch the harbour tutorials on YouTube.",
    "The ferry company will launch a WhatsApp channel next month, its spokeswoman said.",
    "Subscribers to the ferry pass will log in to a new portal from May, the operator said.",
    # Support, donations, rights, subscribers and full stories, spoken of, quoted, or done by others.
    "The harbour trust asked residents to donate to the repairs and to support its work on the quay.",
    "We recycle or donate what the old pier leaves behind, so you can walk the quay again by May, the council said.",
    "Fishermen praised the council's dedicated support, which, they said, kept your average boat afloat.",
    "“Please support us, we cannot go on without your donations,” the trust's director told the council.",
    "The trust says its copyright lapsed in 1999, and that all rights reserved by the old port authority went with it.",
    "Subscribers to the ferry pass can read the full report on the operator's site, the council said.",
    "The full story of the pier, its builders and its storms fills the museum's first room.",
    "“Subscribe now for the full story,” the old posters on the quay still say.",
])
def test_a_closing_line_that_invites_no_one_to_the_sites_channels_support_or_subscription_stays(line):
    assert body_text(page(story() + f"<p>{line}</p>")).endswith(line)


@pytest.mark.parametrize("line", [
    "Fishermen now sell their catch on Instagram and TikTok, and some say it pays better than the market.",
    "Tell us what you think in the comments, or carry the discussion over to our Twitter or Facebook pages.",
])
def test_a_closing_line_about_social_networks_that_asks_no_follow_stays(line):
    assert body_text(page(story() + f"<p>{line}</p>")).endswith(line)


@pytest.mark.parametrize("note", [
    "We use cookies to give you the best experience on our website. By continuing to browse it, you agree to their use.",
    "Um unsere Webseite für Sie optimal zu gestalten, verwenden wir Cookies. Durch die weitere Nutzung stimmen Sie zu.",
    "Utilizamos cookies propias y de terceros para mejorar nuestros servicios.",
])
def test_a_cookie_notice_at_either_end_of_the_body_is_the_sites_note(note):
    text = body_text(page(f"<p>{note}</p>" + story() + f"<p>{note}</p>"))
    assert text.startswith(FIRST) and text.endswith(LAST)


@pytest.mark.parametrize("line", [
    "Browsers will block third-party cookies next year, and advertisers say they are not ready.",
    "Regulators want sites to ask before they set cookies; the harbour authority's own site already does.",
])
def test_a_closing_line_about_cookies_that_is_no_notice_stays(line):
    assert body_text(page(story() + f"<p>{line}</p>")).endswith(line)


@pytest.mark.parametrize("line", [
    "I use this soap and this brush, in case you were wondering (both are affiliate links).",  # no money: an aside
    "The European Commission will receive the harbour plans on Monday and may ask the town to buy more land.",
    "Officials may appeal to the commission, which could buy the land by March.",
    "A provision of the bill would let the town buy the quay, and the council would get its say.",
    "Advertising on the quay will be banned from May, the council said.",
    "The harbour's website contains advertising for three local firms, the auditors found, and none paid for it.",
])
def test_a_line_that_only_sounds_like_a_disclosure_stays(line):
    assert body_text(page(story() + f"<p>{line}</p>")).endswith(line)


@pytest.mark.parametrize(("first", "last"), [("6 min read", "Lesezeit: 2 Minuten"), ("Reading time: 11 minutes", "Temps de lecture : 4 min")])
def test_reading_time_notes_at_either_end_of_the_body_are_chrome(first, last):
    text = body_text(page(f"<p>{first}</p>" + story() + f"<p>{last}</p>"))
    assert text.startswith(FIRST) and text.endswith(LAST)


@pytest.mark.parametrize("second", ["<p>3 MIN. READ</p>", "<p>Jane Roe | 5 min read</p>", "<h3>Harbor Team · Lesezeit: 3 Minuten</h3>"])
def test_a_reading_time_note_second_in_the_body_is_chrome(second):
    opening = "Looking for harbour news? Subscribe to our weekly letter, with every story of the week in one place."
    blocks = [b.text for b in extract(page(f"<p>{opening}</p>{second}" + story())).article.body]
    assert blocks[:2] == [opening, FIRST]


def test_a_duration_beside_a_sentence_stays():
    line = "The crossing takes 5 min. | The ferry leaves at 9."
    assert body_text(page(story() + f"<p>{line}</p>")).endswith(line)


def test_a_duration_without_a_reading_label_stays():
    assert body_text(page(story() + "<p>12 minutes</p>")).endswith("12 minutes")


@pytest.mark.parametrize("line", [
    "0", "12", "The post Harbour wall repairs begin appeared first on Harbor Times.", "Comments are closed.",
    "Comments are closed for this post.", "Kommentare sind geschlossen.", "(Visited 215 times, 55 visits today)",
    "Was this article helpful?", "War der Artikel nützlich?", "Hier können Sie den Artikel bewerten", "(95 Stimmen: 4,73 von 5)",
    "Share this on:", "Share:", "Diesen Artikel teilen:", "(No Ratings Yet)", "(Noch keine Bewertungen)",
    "About the Gazette | Mission Statement | Write for us",
    "This entry was posted on Wednesday, November 27th, 2019 at 3:21 pm and is filed under Harbour, Ferries, Council, "
    "Weather, Fishing, Town Life, Letters. You can follow any responses to this entry through the RSS 2.0 feed. Both "
    "comments and pings are currently closed.",
])
def test_a_counter_or_a_blog_footer_closing_the_body_is_chrome(line):
    assert body_text(page(story() + f"<p>{line}</p>")).endswith(LAST)


@pytest.mark.parametrize("line", [
    "1905",  # a year, standing alone, is the author's
    "The post office on the quay appeared first in a town guide of 1902.",
    "Comments are closed to the public at the council's request, the clerk said, until the report is out.",
    "Thanks to Sam Doe for helpful comments on this post.",  # the author's thanks, no widget
    "Would the council share the cost of the wall?",  # a question of the story, not about the page
    "Share the cost, the council said.",
    "No ratings agency has downgraded the harbour trust, the mayor said.",
    "This entry was posted by a reader, the clerk said, and the council filed it under complaints.",
    "Harbour | Pier | Lighthouse. The three stops of the new ferry, in that order.",
])
def test_a_closing_line_like_a_counter_or_a_footer_that_is_none_stays(line):
    assert body_text(page(story() + f"<p>{line}</p>")).endswith(line)


@pytest.mark.parametrize("notice", ["© 2019 Harbor Times", "Copyright © 2018. All Rights Reserved.", "© Thomson Reuters 2020"])
def test_a_copyright_notice_closing_the_body_is_chrome(notice):
    assert body_text(page(story() + f"<p>{notice}</p>")).endswith(LAST)


def test_a_closing_sentence_about_copyright_stays():
    line = "Copyright law, the council said, does not cover the wall."
    assert body_text(page(story() + f"<p>{line}</p>")).endswith(line)


@pytest.mark.parametrize("tail", [
    "<h3>Like this:</h3><p>Like Loading...</p><h3>Related</h3>",
    "<h3>Gefällt mir:</h3><p>Liken Lade …</p>",
])
def test_a_like_buttons_loading_placeholder_goes_with_the_related_heading_after_it(tail):
    assert body_text(page(story() + tail)).endswith(LAST)


def test_label_lines_closing_the_body_under_their_headings_are_not_stripped_one_after_the_other():
    """The closing label line goes as a credit, and its bare heading after it, but no further: the lines
    above are the story's own list."""
    tail = "<h3>Jack Brooks</h3><p>Difficulty: Intermediate</p><h3>Timberlane</h3><p>Difficulty: Beginner</p>"
    assert body_text(page(story() + tail)).endswith("Jack Brooks\n\nDifficulty: Intermediate")


def test_the_headline_run_together_with_the_standfirst_above_the_story_is_not_body():
    """A "speakable" summary: the headline and the first paragraph again, for voice assistants."""
    echo = f'<div class="speakable"><b>Harbour wall repairs begin</b> <b>{FIRST}</b></div>'
    html = page(echo + story()).replace("<h1>Harbour wall repairs begin</h1>", "")
    blocks = extract(html).article.body
    assert blocks[0].text == FIRST and blocks[1].text == MIDDLE[0]


def test_a_first_paragraph_that_opens_with_the_headline_words_and_goes_on_stays():
    line = "Harbour wall repairs begin on Monday, the council said, after months of delays."
    assert extract(page(f"<p>{line}</p>" + story())).article.body[0].text == line


@pytest.mark.parametrize("credit", ["Image credit: Harbor Photo Agency", "(Foto: Jane Roe)", "Photo via Harbour Archive", "© Harbor Times/Agency"])
def test_a_pictures_credit_at_either_end_of_the_body_is_not_body(credit):
    text = body_text(page(f"<p>{credit}</p>" + story() + f"<p>{credit}</p>"))
    assert text.startswith(FIRST) and text.endswith(LAST)


def test_a_list_of_printed_sources_under_a_heading_closing_the_body_stays():
    sources = "".join(f'<li><a href="https://example.org/report-{n}">https://example.org/report-{n}</a></li>' for n in range(3))
    text = body_text(page(story() + f"<h3>Sources</h3><ul>{sources}</ul><p>Photo: Jane Roe</p>"))
    assert text.endswith(f"{LAST}\n\nSources\n\nhttps://example.org/report-0\n\nhttps://example.org/report-1\n\nhttps://example.org/report-2")


def test_site_walker_also_collapses_source_line_breaks():
    from scraper.extract import BlockWalker

    doc = Document("<div><p>gunmen opened fire on visitors at\n   the museum</p><ul><li>one\n two<br>three</li></ul>"
                   "<pre>a\n  b</pre></div>", URL)
    blocks = BlockWalker(URL).walk(doc.tree.css_first("div")).blocks
    assert [(b.type, b.text) for b in blocks] == [
        ("paragraph", "gunmen opened fire on visitors at the museum"), ("list_item", "one two\nthree"), ("code", "a\nb"),
    ]


def test_heading_repeating_the_title_is_not_body():
    content = "<h1>Harbour wall repairs begin</h1>" + story()
    blocks = extract(page(content)).article.body
    assert blocks[0].text == FIRST


def test_heading_like_the_title_inside_the_story_is_kept():
    content = story("<h2>Harbour wall repairs begin at the north arm</h2>")
    kinds = [(b.type, b.text) for b in extract(page(content)).article.body]
    assert ("heading", "Harbour wall repairs begin at the north arm") in kinds


def test_table_wrapped_in_a_figure_is_kept_as_a_table():
    table = ('<figure class="wp-block-table"><table><thead><tr><th>Phase</th><th>Weeks</th></tr></thead>'
             "<tbody><tr><td>North</td><td>4</td></tr></tbody></table><figcaption>Repair plan</figcaption></figure>")
    body = extract(page(story(table))).article.body
    assert [b.text for b in body if b.type == "table"] == ["Phase | Weeks\nNorth | 4"]


def test_story_split_into_sections_is_read_whole():
    sections = "".join(f'<section class="chunk"><p>{p}</p><p>{p.replace("the", "a")}</p></section>' for p in [FIRST, *MIDDLE, LAST])
    text = body_text(page(sections))
    assert FIRST in text and LAST in text and all(p in text for p in MIDDLE)


def test_paragraphs_outside_the_main_container_but_next_to_it_join_the_body():
    content = f'<div class="story-text"><p>{FIRST}</p><p>{MIDDLE[0]}</p><p>{MIDDLE[1]}</p></div><p>{MIDDLE[2]}</p><p>{LAST}</p>'
    assert_story(body_text(page(content)))


def test_divs_of_loose_text_and_line_breaks_are_paragraphs():
    content = f"<div>{FIRST}<br><br>{MIDDLE[0]}</div><div>{MIDDLE[1]}</div><div>{MIDDLE[2]}<br>{LAST}</div>"
    assert_story(body_text(page(content)))


def test_layout_table_is_read_as_prose_and_data_table_as_a_table():
    layout = f"<table><tr><td><p>{FIRST}</p><p>{MIDDLE[0]}</p><p>{MIDDLE[1]}</p><p>{MIDDLE[2]}</p><p>{LAST}</p></td></tr></table>"
    body = extract(page(layout)).article.body
    assert {b.type for b in body} == {"paragraph"}
    data = story("<table><caption>Costs</caption><tr><th>Item</th><th>Cost</th></tr><tr><td>Stone</td><td>£40,000</td></tr></table>")
    assert [b.text for b in extract(page(data)).article.body if b.type == "table"] == ["Item | Cost\nStone | £40,000"]


def test_images_with_captions_go_to_images_and_captions_stay_out_of_the_body():
    figure = '<figure><img src="/img/wall.jpg" alt="The wall"><figcaption>The wall in February. <span class="credit">Photo: Sam Poe</span></figcaption></figure>'
    result = extract(page(story(figure))).article
    assert "The wall in February" not in result.text and "Photo: Sam Poe" not in result.text
    [image] = result.images
    assert (image.url, image.caption, image.credit, image.alt) == ("https://harbortimes.example/img/wall.jpg", "The wall in February.", "Photo: Sam Poe", "The wall")


def test_lazy_loaded_image_uses_its_real_source():
    figure = '<figure><img src="data:image/gif;base64,R0lGOD" data-src="/img/real.jpg" alt=""></figure>'
    assert [i.url for i in extract(page(story(figure))).article.images] == ["https://harbortimes.example/img/real.jpg"]


# -- what the body drops, rule by rule ------------------------------------------------------------

DROPPED = {
    "share bar": '<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>',
    "related articles": '<div class="related-posts"><h3>Related articles</h3><ul><li><a href="/c">Ferry timetable changes from June onwards</a></li></ul></div>',
    "newsletter box": '<div class="newsletter-signup"><h4>Get the morning briefing</h4><p>Sign up for our newsletter, every weekday at 7am.</p><input type="email"><button>Subscribe</button></div>',
    "ad slot": '<div class="ad-slot ad-container"><span>Advertisement</span><iframe src="https://ads.example/x"></iframe></div>',
    "promo": '<div class="promo-box"><a href="/subscribe">Subscribe now for £1 a week and read without limits</a></div>',
    "hidden by style": '<div style="display: none"><p>Hidden text that no reader ever sees on this page at all.</p></div>',
    "hidden attribute": "<p hidden>Hidden text that no reader ever sees on this page at all.</p>",
    "aria-hidden": '<div aria-hidden="true"><p>Hidden text that no reader ever sees on this page at all.</p></div>',
    "script": "<script>var tracking = 'Hidden text that no reader ever sees';</script>",
    "form": '<form action="/poll"><label>Should the wall be rebuilt?</label><input type="radio"> Yes <input type="radio"> No</form>',
    "link list": '<div class="more"><a href="/1">Storm closes coast road</a> · <a href="/2">Lifeboat crew honoured</a> · <a href="/3">Pier reopens</a></div>',
    "video player": '<div class="player"><iframe src="https://www.youtube.com/embed/xyz"></iframe><span>Watch</span></div>',
    "byline inside the story": '<p class="article-byline">By Sam Poe, Harbour Reporter</p>',
}


@pytest.mark.parametrize("markup", DROPPED.values(), ids=DROPPED.keys())
def test_boilerplate_inside_the_story_is_dropped(markup):
    text = body_text(page(story(markup)))
    assert_story(text)
    for leak in ("Share on", "Related articles", "Ferry", "newsletter", "Advertisement", "Subscribe", "Hidden text",
                 "Should the wall", "Storm closes", "Watch", "Sam Poe"):
        assert leak not in text, leak


def test_comments_are_not_body_but_threaded_comment_records():
    comments = (
        '<div id="comments" class="comments-area"><h2 class="comments-title">2 thoughts on “Harbour wall repairs begin”</h2>'
        '<ol class="comment-list">'
        '<li id="comment-11" class="comment depth-1"><article class="comment-body"><footer class="comment-meta">'
        '<div class="comment-author vcard"><b class="fn">Sam</b> <span class="says">says:</span></div>'
        '<div class="comment-metadata"><time datetime="2023-05-05T10:00:00+00:00">5 May 2023</time></div></footer>'
        '<div class="comment-content"><p>About time too.</p><p>The car park closure is a pain though.</p></div></article>'
        '<ol class="children"><li id="comment-12" class="comment depth-2"><article class="comment-body">'
        '<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Alex</b></div>'
        '<div class="comment-metadata"><time datetime="2023-05-06T11:00:00+00:00">6 May 2023</time></div></footer>'
        '<div class="comment-content"><p>Only six weeks, though.</p></div></article></li></ol></li>'
        '<li id="comment-13" class="comment depth-1"><article class="comment-body"><footer class="comment-meta">'
        '<div class="comment-author vcard"><b class="fn">Kim</b></div></footer>'
        '<div class="comment-content"><p>Will the steps stay open?</p></div></article></li>'
        "</ol></div>"
    )
    result = extract(page(after=comments))
    assert "About time" not in result.article.text and "thoughts on" not in result.article.text
    by_author = {c.author: c for c in result.comments}
    assert [c.author for c in result.comments] == ["Sam", "Alex", "Kim"]
    assert by_author["Sam"].text == "About time too.\nThe car park closure is a pain though."
    assert by_author["Sam"].published_at == datetime(2023, 5, 5, 10, tzinfo=UTC)
    assert by_author["Alex"].parent_id == by_author["Sam"].id
    assert by_author["Sam"].parent_id is None and by_author["Kim"].parent_id is None
    assert {c.article_id for c in result.comments} == {result.article.id}


def test_page_wrapper_with_a_boilerplate_class_is_not_dropped():
    html = page().replace("<body>", '<body><div class="nav-drawer-slide page-wrap">').replace("</body>", "</div></body>")
    assert_story(body_text(html))


def test_share_word_on_the_story_wrapper_keeps_the_story():
    html = page(article_attrs='class="post" id="gigya-share-btns-2_gig_containerParent"')
    assert_story(body_text(html))


def test_second_try_without_class_rules_when_they_threw_away_the_story():
    content = f'<div class="comments-and-sidebar-and-menu">{story()}</div>'  # a wrapper named like boilerplate
    assert_story(body_text(page(content)))


def test_json_ld_article_body_is_used_when_the_markup_has_no_readable_body():
    jsonld = json.dumps({"@type": "NewsArticle", "headline": "Harbour wall repairs begin", "articleBody": f"{FIRST}\n\n{LAST}"})
    html = f'<html><head><title>Harbour</title><script type="application/ld+json">{jsonld}</script></head><body><div id="app"></div></body></html>'
    assert [b.text for b in extract(html).article.body] == [FIRST, LAST]


def test_json_ld_article_body_is_used_when_the_markup_prints_only_the_articles_header():
    """A script renders the story from data: the markup holds the deck and the byline, some 250
    characters, and the declared articleBody the whole story."""
    paragraphs = [FIRST, *MIDDLE,
                  "Divers will inspect the foundations first, and the crane barge arrives from the shipyard at the end of the month, the council said.",
                  "Fishing boats will moor at the east quay meanwhile, where the harbour master has marked out twelve temporary berths for them.",
                  "The repairs cost 2.4 million pounds, most of it from the coastal defence fund, with the rest from the harbour's own reserves.",
                  LAST]  # fmt: skip
    jsonld = json.dumps({"@type": "NewsArticle", "headline": "Harbour wall repairs begin", "articleBody": "\n\n".join(paragraphs)})
    header = ("<article><h1>Harbour wall repairs begin</h1><h2>The council says the work will take six weeks, "
              "weather permitting, and the car park by the old pier stays shut until the engineers sign it off</h2><p>Jane Roe</p>"
              "<p>Published: 10:00am, 4 May, 2023</p><p>Updated: 10:09am, 4 May, 2023</p><div id=\"story\"></div></article>")
    html = f"<html><head><title>Harbour</title><script type=\"application/ld+json\">{jsonld}</script></head><body>{header}</body></html>"
    assert [b.text for b in extract(html).article.body] == paragraphs
    # A markup body a quarter as long or more is the page's own reading, and stays.
    shorter = json.dumps({"@type": "NewsArticle", "headline": "Harbour wall repairs begin", "articleBody": "\n\n".join(paragraphs[:2])})
    printed = html.replace(jsonld, shorter).replace('<div id="story"></div>', "".join(f"<p>{p}</p>" for p in paragraphs[:2]))
    assert [b.text for b in extract(printed).article.body][-2:] == paragraphs[:2]


# -- not an article ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<html><head><title>Frames</title></head><frameset cols='50%,50%'><frame src='a.html'><frame src='b.html'></frameset></html>",
        "<html><body><nav><a href='/'>Home</a><a href='/news'>News</a></nav></body></html>",
        "<html><head><title>Latest news</title></head><body><ul>"
        + "".join(f"<li><a href='/s{n}'>Headline number {n} about the harbour and the wall</a></li>" for n in range(40))
        + "</ul></body></html>",
        "<html><body><p>Loading…</p></body></html>",
    ],
    ids=["empty", "frameset", "navigation-only", "index-page", "placeholder"],
)
def test_pages_without_an_article_raise_not_an_article(html):
    with pytest.raises(NotAnArticle, match="not an article"):
        extract(html)


def product_page() -> str:
    jsonld = json.dumps({"@context": "https://schema.org", "@type": "Product", "name": "Harbour wall model kit",
                         "offers": {"@type": "Offer", "price": "24.99", "priceCurrency": "GBP"}})
    return (
        '<html><head><title>Harbour wall model kit | Harbor Shop</title><meta property="og:type" content="product">'
        f'<script type="application/ld+json">{jsonld}</script></head><body>'
        '<nav><a href="/">Shop</a><a href="/kits">Kits</a></nav><main><div class="product">'
        '<h1>Harbour wall model kit</h1><p class="price" itemprop="price">£24.99</p>'
        '<form class="cart"><button class="single_add_to_cart_button add-to-cart">Add to basket</button></form>'
        f"<div class=\"description\"><p>{FIRST}</p><p>{MIDDLE[0]}</p></div>"
        '<ul class="related products">'
        + "".join(f'<li><h3><a href="/p{n}">Lighthouse kit {n}</a></h3><span class="price">£{n}.99</span></li>' for n in range(8))
        + "</ul></div></main></body></html>"
    )


def listing_page() -> str:
    teasers = "".join(
        f'<div class="card"><h2><a href="/2023/05/0{n}/story-{n}">Story number {n} about the harbour wall and the storms</a></h2>'
        f"<p>{MIDDLE[n % 3][:90]}…</p></div>"
        for n in range(12)
    )
    return (
        '<html><head><title>Coast news | Harbor Times</title><meta property="og:type" content="website"></head><body>'
        f'<nav><a href="/">Home</a></nav><main><h1>Coast</h1>{teasers}</main><footer>© Harbor Times</footer></body></html>'
    )


@pytest.mark.parametrize(("html", "signs"), [(product_page(), "an add-to-cart button"), (listing_page(), "a list of linked headlines")],
                         ids=["product", "listing"])
def test_shop_and_listing_pages_raise_not_an_article_naming_what_gave_them_away(html, signs):
    with pytest.raises(NotAnArticle, match="it reads as a listing, shop, forum or service page") as raised:
        extract(html, "https://harbortimes.example/coast")
    assert signs in str(raised.value) and "article score" in str(raised.value)


@pytest.mark.parametrize(("html", "reason"), [(product_page(), "it reads as a listing, shop, forum or service page"),
                                                (listing_page(), "it reads as a listing, shop, forum or service page")],
                         ids=["product", "listing"])
def test_any_page_gives_the_records_of_a_page_that_is_no_article_with_the_reason(html, reason):
    # A false "not an article" would lose a story for good: a caller who wants the page anyway asks for any page.
    url = "https://harbortimes.example/coast"
    result = extract_page(html, url, fetched_at=FETCHED_AT, extractor=GenericExtractor, any_page=True)
    assert result.article is not None and result.article.url == url and result.article.title
    assert result.article.not_an_article is not None and result.article.not_an_article.startswith(reason)
    assert result.article.text  # what the content finder reads there: the teasers, the product's text


def test_any_page_changes_nothing_for_an_article():
    html = page()
    plain, any_page = extract(html), extract_page(html, URL, fetched_at=FETCHED_AT, extractor=GenericExtractor, any_page=True)
    assert any_page.article.not_an_article is None and plain.article.not_an_article is None
    assert any_page.article == plain.article and any_page.comments == plain.comments


@pytest.mark.parametrize("url", ["https://harbortimes.example/", "https://harbortimes.example", "https://harbortimes.example/index.php",
                                 "https://harbortimes.example/?utm_source=newsletter", "https://harbortimes.example/de/"])
def test_a_sites_front_page_is_not_an_article_even_showing_a_whole_story(url):
    # A blog's front page shows its latest post in full: the post's own URL is where a crawl finds it.
    with pytest.raises(NotAnArticle, match="not an article: it is its site's front page") as raised:
        extract(page(), url)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("url", ["https://harbortimes.example/tag/harbour/", "https://harbortimes.example/author/jane-roe/page/2/"])
def test_an_archive_page_is_not_an_article(url):
    with pytest.raises(NotAnArticle, match="not an article: it is an archive page"):
        extract(page(), url)


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://harbortimes.example/?p=31228", None),  # a WordPress story's short link
        ("https://harbortimes.example/", URL),  # read at the root, declared as the story
        (URL, "https://harbortimes.example/"),  # a site declaring its root as every page's canonical URL
        ("https://harbortimes.example/tag/harbour/", URL),  # read at an archive's URL, declared as the story
        ("https://harbortimes.example/category/news/2023/05/harbour-wall-repairs", None),
    ],
    ids=["short-link", "canonical-story", "canonical-root", "archive-canonical-story", "category-folder"],
)
def test_a_story_at_or_declared_as_the_root_is_still_an_article(url, canonical):
    head = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    assert_story(extract(page(head=head), url).article.text)


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<html><body><nav><a href='/'>Home</a></nav></body></html>", "no prose body found"),
        ("<html><body><p>Just a short line, nothing more.</p></body></html>", "too little prose for a story (32 characters)"),
        ("<html><body><div><a href='/a'>One story about the harbour wall</a> <a href='/b'>Another story about the storms</a>"
         " and a few words more</div></body></html>", "mostly link text"),
    ],
    ids=["no-prose", "short", "links"],
)
def test_not_an_article_says_why(html, reason):
    with pytest.raises(NotAnArticle, match="not an article: ") as raised:
        extract(html)
    assert reason in str(raised.value) and "\n" not in str(raised.value)


def test_article_without_any_metadata_is_kept():
    html = f"<html><head><title>Harbour wall</title></head><body><div class=\"text\"><h1>Harbour wall</h1>{story()}</div></body></html>"
    assert_story(body_text(html))


def test_short_page_that_declares_one_article_is_an_article():
    html = "<html><head><title>Story</title></head><body><article><h1>Story</h1><p>First paragraph of the story, long enough.</p></article></body></html>"
    assert extract(html).article.text == "First paragraph of the story, long enough."


# -- a fallback inside site extractors --------------------------------------------------------------


class HarborTimes(GenericExtractor):
    """A site extractor that knows only its own title and lets the generic extractor do the rest."""

    name = "harbortimes"

    def title(self) -> str | None:
        return self.text("article h1")

    def section(self) -> str | None:
        return self.text(".main-menu li")  # read after the body: the tree must be intact


def test_site_extractor_built_on_the_generic_one_reads_an_unchanged_tree():
    result = HarborTimes(Document(page(), URL)).extract(source=URL, fetched_at=FETCHED_AT).article
    assert result.extractor == "harbortimes" and result.title == "Harbour wall repairs begin"
    assert result.section == "News"  # navigation is still in the tree after body extraction
    assert_story(result.text)
    assert result.published_at.isoformat() == "2023-05-04T09:15:00+01:00"


def test_extraction_is_deterministic():
    html = page(story(DROPPED["share bar"], DROPPED["related articles"]))
    assert extract(html) == extract(html)


class OwnBody(GenericExtractor):
    """A site extractor with its own body reader; "not an article" is then the base class's call."""

    name = "ownbody"

    def body(self) -> list[Block]:
        return [Block(type="paragraph", text=self.text(".teaser"))]


def test_site_extractor_with_its_own_body_is_not_second_guessed():
    html = "<html><head><title>Short</title></head><body><p class='teaser'>Just a teaser.</p></body></html>"
    result = OwnBody(Document(html, URL)).extract(source=URL, fetched_at=FETCHED_AT).article
    assert result.text == "Just a teaser."


def test_site_extractor_with_its_own_body_rejects_its_sites_front_page():
    html = "<html><head><title>Short</title></head><body><p class='teaser'>Just a teaser.</p></body></html>"
    with pytest.raises(NotAnArticle, match="front page"):
        OwnBody(Document(html, "https://harbortimes.example/")).extract(source=URL, fetched_at=FETCHED_AT)


def test_an_author_signing_with_degrees_keeps_her_bio_and_her_byline_line_out_of_the_body():
    # The metadata signs "Jane Roe, MD"; her bio opens "Jane Roe covers...", her byline line "By Jane Roe, MD".
    signed = page(story() + f"<p>{TAIL_BIO}</p>").replace('"name": "Jane Roe"', '"name": "Jane Roe, MD"')
    article = extract(signed).article
    assert [(a.name, a.bio) for a in article.authors] == [("Jane Roe, MD", TAIL_BIO)]
    assert (article.text or "").endswith(LAST)
    # The metadata's bare name is the name the byline line signs with degrees.
    assert extract(page("<p>By Jane Roe, MD</p>" + story())).article.body[0].text != "By Jane Roe, MD"
