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
    assert evidence(url="https://shop.example/kits")["url_date"] == 0.0
    assert evidence(url="https://boards.example/forum/")["forum_url"] == 1.0
    assert evidence(url="https://lib.example/api")["docs_url"] == 1.0
    assert evidence(url="https://docs.lib.example/3/library/tasks.html")["docs_url"] == 1.0  # a manual's host
    assert evidence(url="https://wiki.lib.example/title/Systemd")["docs_url"] == 1.0
    # A news site's section host is no manual's.
    assert evidence(url="https://developers.news.example/story/25/12/19/236259/grads-find-no-jobs")["docs_url"] == 0.0


def test_dated_signed_story_is_an_article():
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
    found = evidence(url="http://[::1")
    assert found["url_date"] == found["forum_url"] == found["docs_url"] == 0.0


def test_forum_thread_marks_and_url():
    posts = "".join(f'<div class="postbody" itemscope itemtype="https://schema.org/Comment">Reply {n}</div>' for n in range(5))
    html = f'<html><body><div itemscope itemtype="https://schema.org/DiscussionForumPosting">{posts}</div></body></html>'
    found = evidence(html, url="https://boards.example/forums/t/harbour-wall/4411")
    assert found["forum_url"] == found["md_forum"] == 1.0
    assert found["forum_marks"] == 5 / 20
    story = evidence('<html><body><ol class="comment-list"><li class="comment thread-even depth-1">Nice piece</li></ol></body></html>')
    assert story["forum_url"] == story["forum_marks"] == story["md_forum"] == 0.0


def test_manual_page_marks_and_url():
    html = "<html><body>" + "<p>Call <code>open()</code> first.</p><pre>open()</pre>" * 4 + "</body></html>"
    found = evidence(html, url="https://lib.example/docs/reference/open.html")
    assert found["docs_url"] == 1.0 and found["code"] == 8 / 40
    assert evidence()["docs_url"] == evidence()["code"] == 0.0
    assert evidence(url="https://lib.example/guidelines")["docs_url"] == 0.0  # a whole folder name, not a prefix


def test_prose_share_is_the_bodys_part_of_the_page_text():
    page = "<html><body><p>" + "x" * 1000 + "</p><nav>" + "y" * 1000 + "</nav></body></html>"
    assert evidence(page, prose=1000)["prose_share"] == 0.5
    assert evidence(page, prose=5000)["prose_share"] == 1.0  # a JSON-LD body can be longer than the markup's
    assert evidence("<html></html>", prose=0)["prose_share"] == 0.0
    scripted = page.replace("<nav>", "<script>var state = '" + "z" * 5000 + "';</script><nav>")
    assert evidence(scripted, prose=1000)["prose_share"] == 0.5  # script text is no page text


def test_forum_thread_is_not_an_article():
    posts = "".join(f'<div class="topic-post"><div class="postbody"><p>{PROSE[0]}</p></div></div>' for _ in range(4))
    others = "".join(f'<li class="thread-item"><a href="/forum/t/{n}">Another thread about the harbour, number {n}</a> 12 replies</li>'
                     for n in range(30))
    html = (f'<html><body><nav><a href="/">Boards</a> <a href="/forum">Harbour talk</a></nav><h1>Harbour wall: who pays?</h1>{posts}'
            f'<aside><h2>Latest threads</h2><ul>{others}</ul></aside><footer>Board rules · Privacy · Contact</footer></body></html>')
    found = evidence(html, url="https://boards.example/forum/t/harbour-wall-who-pays/4411", jsonld=[{"@type": "DiscussionForumPosting"}],
                     prose=600, paragraphs=PROSE[:4], link_density=0.1)
    assert not pagekind.is_article(found)
    assert pagekind.is_article(evidence(html.replace("topic-post", "entry").replace("postbody", "entry-content").replace("thread-item", "teaser")))


def test_manual_page_is_not_an_article():
    html = "<html><body>" + f"<p>{PROSE[0]}</p><pre>harbour --rebuild</pre><p>Pass <code>--wall</code>.</p>" * 6 + "</body></html>"
    found = evidence(html, url="https://tools.example/docs/rebuild", dated=False, signed=False)
    assert not pagekind.is_article(found)


def test_teaser_list_needs_five_headings_nearly_all_linked():
    def page(linked: int, plain: int) -> str:
        return ("<html><body>" + "".join(f'<h3><a href="/s{n}">Story {n}</a></h3>' for n in range(linked))
                + "".join(f"<h3>Section {n}</h3>" for n in range(plain)) + "</body></html>")
    assert evidence(page(5, 1))["teaser_list"] == 1.0
    assert evidence(page(4, 0))["teaser_list"] == 0.0  # a few related links under a story
    assert evidence(page(5, 5))["teaser_list"] == 0.0  # a story's own sections outnumber them


def test_buttons_count_button_elements_roles_and_button_styled_links():
    html = ('<html><body><button>Menu</button><span role="button">Share</span><a class="btn btn-primary" href="/quote">Get a quote</a>'
            '<a class="Button--call" href="tel:123">Call us</a><a class="byline" href="/staff/jane">Jane Roe</a>'
            '<div class="btn-group">not a link</div></body></html>')
    assert evidence(html)["buttons"] == 4 / pagekind.BUTTONS
    assert evidence()["buttons"] == 0.0


def test_buttons_weigh_against_an_article():
    calls = "".join(f'<a class="btn" href="/contact">Book a call</a><button>Get a free quote</button>' for _ in range(25))
    plain = "".join('<a href="/contact">Book a call</a><b>Get a free quote</b>' for _ in range(25))
    busy, calm = (evidence(f"<html><body><h1>Harbour wall repairs</h1>{links}</body></html>") for links in (calls, plain))
    assert busy["buttons"] == 1.0 and calm["buttons"] == 0.0
    assert pagekind.article_score(busy) < pagekind.article_score(calm) - 1.0


def test_quotes_is_the_share_of_paragraphs_quoting_someone():
    paragraphs = ["“We will rebuild the wall,” the mayor said.", "Work starts in May.", "« Pas avant l'été », dit-elle.",
                  "The council met on Tuesday."]
    assert evidence(paragraphs=paragraphs)["quotes"] == 0.5
    assert evidence(paragraphs=[])["quotes"] == 0.0


def test_we_counts_a_page_speaking_for_itself_in_english():
    pitch = "We repair harbour walls. Our team gives us a head start: call us and we quote in a day. " * 3
    assert evidence(text=pitch)["we"] == 1.0  # well over WE_SHARE of the words
    report = "The council said the harbour wall would be repaired by May, before the storms of the autumn. " * 3 + "It told us so."
    assert 0.0 < evidence(text=report)["we"] < 1.0
    assert evidence(text="Wir reparieren Hafenmauern, unser Team ist für Sie da.")["we"] == 0.0  # English words only
    assert evidence()["we"] == 0.0


def test_service_page_speaking_for_itself_is_not_an_article_but_a_quoting_report_is():
    def page(paragraphs: list[str]) -> dict[str, float]:
        menu = "".join(f'<a href="/{n}">Harbour walls, quays and slipways {n}</a>' for n in range(12))
        calls = '<a class="button" href="/quote">Get a free quote</a><button>Call us</button>' * 4
        body = "".join(f"<p>{text}</p>" for text in paragraphs)
        html = f"<html><body><nav>{menu}</nav><h1>Harbour wall repairs</h1>{body}{calls}<footer>{menu}</footer></body></html>"
        return evidence(html, url="https://walls.example/harbour-repairs", dated=False, signed=False, prose=len("".join(paragraphs)),
                        paragraphs=paragraphs, text="\n".join(paragraphs))

    # Short paragraphs, as sales copy and news briefs both have: what they say about whom decides.
    pitch = ["We repair harbour walls across the county, and our crews have done so for thirty years.",
             "Tell us about your wall and we will send our surveyor within the week, at no cost to you."] * 3
    assert page(pitch)["we"] == 1.0 and not pagekind.is_article(page(pitch))
    report = ["“The wall will be repaired by May,” the harbour master said on Tuesday after a survey.",
              "“Crews start on the northern quay,” she said, “then the old fish market.”"] * 3
    assert page(report)["quotes"] == 1.0 and pagekind.is_article(page(report))


def test_manual_marks_source_links_and_previous_next_links():
    page = ('<html><head>{head}</head><body><h1>Install</h1><p>Run the installer.</p>{links}</body></html>')
    edit = '<a href="https://github.com/harbour/docs/edit/main/install.md">Edit this page</a>'
    assert evidence(page.format(head="", links=edit))["source_links"] == 1.0
    assert evidence(page.format(head="", links='<a rel="Next" href="/configure">Configure</a>'))["in_sequence"] == 1.0
    assert evidence(page.format(head='<link rel="prev" href="/start">', links=""))["in_sequence"] == 1.0
    plain = evidence(page.format(head='<link rel="canonical" href="/install">', links='<a href="https://github.com/harbour">Code</a>'))
    assert plain["source_links"] == plain["in_sequence"] == 0.0


def test_why_not_names_the_signals_that_took_most_off_the_score():
    evidence = dict.fromkeys(pagekind.WEIGHTS, 0.0)
    assert "little that marks a story" in pagekind.why_not(evidence)  # nothing against it, nothing for it either
    said = pagekind.why_not(dict(evidence, buttons=1.0, prices=0.1, docs_url=1.0, code=1.0, cart=1.0))
    assert said.startswith("it reads as a listing, shop, forum or service page (a manual's URL, code blocks, many buttons;")
    assert "prices" not in said and "add-to-cart" not in said  # only the three that took most off
    assert f"below {pagekind.THRESHOLD})" in said
