"""Bot checks served instead of the page: told apart from "not an article", so a crawl tries again.

The pages are written here in the shape such services serve (a few lines of text, the service's
scripts and marks); never taken from a service.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from scraper.errors import BotCheck, NotAnArticle
from scraper.extract.base import ArticleExtractor
from scraper.extract.botcheck import MAX_VISIBLE, bot_check
from scraper.pipeline import extract_page

FETCHED_AT = datetime(2024, 1, 1, tzinfo=UTC)
URL = "https://harbortimes.example/2024/03/01/harbour-wall-repairs"

CLOUDFLARE = (
    '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta http-equiv="refresh" content="390">'
    "<style>body{font-family:sans-serif}</style></head><body><div class=\"main-wrapper\" role=\"main\">"
    '<div class="main-content"><h1 class="zone-name-title h1">harbortimes.example</h1>'
    '<h2 class="h2" id="challenge-running">Checking if the site connection is secure</h2>'
    '<noscript><div class="h2">Enable JavaScript and cookies to continue</div></noscript>'
    '<div id="challenge-body-text" class="core-msg spacer">harbortimes.example needs to review the security of your connection before proceeding.</div>'
    "</div></div><script>(function(){window._cf_chl_opt={cvId: '3', cType: 'managed'};"
    "var a=document.createElement('script');a.src='/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1';"
    "document.getElementsByTagName('head')[0].appendChild(a);}());</script>"
    '<div class="footer" role="contentinfo"><div class="footer-inner">Ray ID: <code>7a1b2c3d4e5f6a7b</code>'
    " Performance &amp; security by Cloudflare</div></div></body></html>"
)
ACCESS_DENIED = (
    "<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>"
    'You don\'t have permission to access "http&#58;&#47;&#47;harbortimes&#46;example&#47;2024&#47;03&#47;01&#47;" on this server.<P>'
    "Reference&#32;&#35;18&#46;5f2e1002&#46;1709280000&#46;1a2b3c4d<P>https&#58;&#47;&#47;errors&#46;edgesuite&#46;net&#47;18&#46;5f2e1002</P>"
    "</BODY></HTML>"
)
PRESS_AND_HOLD = (
    '<html lang="en"><head><title>Access to this page has been denied</title>'
    '<script src="https://captcha.px-cdn.net/PXa1b2c3/captcha.js?a=c&m=0"></script></head>'
    '<body><div class="container"><h1>Press &amp; Hold to confirm you are a human (and not a bot).</h1>'
    '<div id="px-captcha"></div><p>Reference ID 0a1b2c3d-1111-2222-3333-444455556666</p></div></body></html>'
)
TITLE_ONLY = (
    "<html><head><title>Pardon Our Interruption</title></head><body><h1>Pardon Our Interruption...</h1>"
    "<p>As you were browsing something about your browser made us think you were a bot.</p></body></html>"
)


@pytest.mark.parametrize(
    ("html", "named"),
    [(CLOUDFLARE, "a Cloudflare challenge"), (ACCESS_DENIED, "an Akamai access-denied page"),
     (PRESS_AND_HOLD, "a HUMAN (PerimeterX) check"), (TITLE_ONLY, 'a page titled "Pardon Our Interruption"')],
    ids=["cloudflare", "access-denied", "press-and-hold", "title-only"],
)
def test_a_bot_check_is_its_own_error_not_an_article_and_named(html, named):
    with pytest.raises(BotCheck) as raised:
        extract_page(html, URL, fetched_at=FETCHED_AT)
    assert raised.value.kind == "bot_check" and not isinstance(raised.value, NotAnArticle)
    assert str(raised.value) == f"{URL}: the site answered with {named} instead of the page; a later try may get through"


def test_any_page_keeps_a_bot_check_an_error():
    # Any page is the page the site meant to show, whatever it is; a bot check is not that page at all.
    with pytest.raises(BotCheck):
        extract_page(CLOUDFLARE, URL, fetched_at=FETCHED_AT, any_page=True)


class TitleOnly(ArticleExtractor):
    """A site extractor that takes any page with a title as an article (the base class's rule)."""

    name = "titleonly"

    def title(self) -> str | None:
        return self.text("title")


def test_a_site_extractor_does_not_take_a_bot_check_for_an_article():
    with pytest.raises(BotCheck):
        extract_page(CLOUDFLARE, URL, fetched_at=FETCHED_AT, extractor=TitleOnly)


PROSE = "<p>Work to repair the old harbour wall started on Monday, after months of delays caused by storms and a long dispute over funding.</p>" * 12


def test_a_story_that_loads_a_challenge_widget_for_its_comment_form_is_a_story():
    html = (
        "<html><head><title>Harbour wall repairs begin</title></head><body><article><h1>Harbour wall repairs begin</h1>"
        f"{PROSE}</article><form class='comment-form'><textarea></textarea>"
        "<div class='cf-turnstile'></div><script src='https://challenges.cloudflare.com/turnstile/v0/api.js'></script>"
        "<script>window._cf_chl_opt={}</script></form></body></html>"
    )
    assert extract_page(html, URL, fetched_at=FETCHED_AT).article.title == "Harbour wall repairs begin"


def test_an_empty_page_with_cloudflares_everyday_beacon_is_not_an_article_not_a_bot_check():
    html = (
        "<html><head><title>Harbor Times</title></head><body><nav><a href='/'>Home</a></nav>"
        "<script src='/cdn-cgi/challenge-platform/scripts/jsd/main.js'></script></body></html>"
    )
    assert bot_check(LexborHTMLParser(html)) is None
    with pytest.raises(NotAnArticle):
        extract_page(html, URL, fetched_at=FETCHED_AT)


def test_a_page_that_shows_more_than_a_check_says_is_no_bot_check():
    words = "word " * (MAX_VISIBLE // 5 + 1)
    assert bot_check(LexborHTMLParser(f"<html><head><title>Access Denied</title></head><body><p>{words}</p></body></html>")) is None
    assert bot_check(LexborHTMLParser(f"<html><head><title>Access Denied</title></head><body><p>{words[:500]}</p></body></html>"))


@given(st.text(max_size=400), st.text(max_size=80))
def test_any_markup_and_title_give_a_name_or_none(text, title):
    found = bot_check(LexborHTMLParser(f"<html><head><title>{title}</title></head><body>{text}</body></html>"))
    assert found is None or isinstance(found, str)
