"""The generic extractor: any host without a site module.

Every field comes from the most trusted source the page offers (see :mod:`scraper.extract.metadata` for
the order): JSON-LD, then OpenGraph/Twitter tags, then plain ``<meta>``, then visible markup.
The body comes from content scoring (:mod:`scraper.extract.scoring`), dates from :mod:`scraper.extract.dates`,
comments from common comment-list markup (WordPress and alike).

A page whose body holds no prose raises :class:`~scraper.errors.NotAnArticle`: empty and frameset
pages, link lists and index pages, consent walls.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import attrs
from selectolax.lexbor import LexborNode

from scraper.extract import dates, metadata, names, pagekind
from scraper.extract.base import (
    BREAK,
    NO_PROSE,
    ArticleExtractor,
    RawComment,
    cached_property,
    own_match,
    squash,
    text_of,
    text_only,
    title_sides,
    urlsplit_path,
)
from scraper.normalize import archived_url, clean_multiline, clean_text, find_printed_dates, host_of, is_front_page
from scraper.records import Author, Block, Image
from scraper.extract.scoring import MIN_UNIT, Content, find_content

_EMPTY = Content(blocks=(), images=(), text_length=0, link_density=0.0, score=0.0)
# Less prose than this (characters), on a page that does not declare itself an article, is no article.
MIN_ARTICLE_CHARS = 140
# A body whose chosen container is mostly link text is an index or a link list.
MAX_LINK_DENSITY = 0.6
# The JSON-LD articleBody replaces the body read from the markup when it is this many times longer: the
# markup holds the article's header only, and a script renders the story from data. (On the four
# development sets the declared body is at most 2.9 times the one read on every page but one, where it
# is 18 times: a newspaper whose markup printed the deck and the byline.)
LD_BODY_FACTOR = 4

# Declared titles, most trusted first: Dublin Core (a catalogue's title, seldom an SEO variant) in its
# RDFa property form, then its older name form, then OpenGraph and the rest.
TITLE_META = (
    "dc:title", "dcterms:title", "dcterm:title", "dc.title", "dcterms.title", "og:title", "twitter:title",
    "parsely-title", "sailthru.title", "title", "headline",
)
# Authors likewise: Dublin Core's RDFa property form first, then the rest.
AUTHOR_META = (
    "dc:creator", "dcterms:creator", "dcterm:creator", "author", "article:author", "og:article:author", "article:author_name",
    "byl", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator", "citation_author", "creator", "authors",
)
# The writer's name as share buttons and audience analytics are told it ("Shareaholic", "Cxense"): a last resort
# after the visible byline, which gives a link to the author's page too.
ANALYTICS_AUTHOR_META = ("shareaholic:article_author_name", "cxenseparse:author")
# Visible bylines, most specific first.
BYLINE_CSS = (
    '[itemprop~="author"] [itemprop="name"]', '[itemprop~="author"]', 'a[rel="author"]', '[rel="author"]',
    '[class*="byline" i] [class*="name" i], [class*="byline" i] a, [class*="byline" i] .fn', '[class*="byline" i]',
    '[class*="author" i] [class*="name" i], [class*="autor" i] [class*="name" i], .vcard .fn',
    '[class*="author-name" i], [class*="authorname" i], [class*="autor-name" i], [class*="autorname" i]',
    # No byline markup: a plain link to an author page, then an element classed as the author.
    'a[href*="/author/" i], a[href*="/authors/" i], a[href*="/autor/" i], a[href*="/autoren/" i], a[href*="/auteur/" i], '
    'a[href*="/autore/" i], a[href*="/writer/" i], a[href*="/columnist/" i]',
    '[class*="author" i]:not(html):not(body):not(article), [class*="autor" i]:not(html):not(body):not(article)',
)
# Organizations that sign stories for the papers that run them (names.WIRE_SERVICES); an author only when no person is named.
WIRE_SERVICES = names.WIRE_SERVICES
# JSON-LD types of a page's main work besides articles, whose author is the page's.
_WORK_TYPES = frozenset(("Recipe", "HowTo"))
_ORGANIZATION_TYPES = frozenset(("Organization", "NewsMediaOrganization", "Corporation", "EducationalOrganization", "GovernmentOrganization", "LocalBusiness", "WebSite", "Brand"))
# Elements classed as an author's, and links to an author's page.
_AUTHOR_CLASS_CSS = '[class*="author" i], [class*="autor" i], .vcard'
_AUTHOR_LINK_CSS = 'a[href*="/author" i], a[href*="/autor" i], a[href*="/auteur/" i], a[href*="/writer/" i], a[href*="/columnist/" i]'
# A capitalised "By" (or its neighbours' word) opening a text: the start of a byline, not prose.
# A page without a match for this has none for any of BYLINE_CSS: each of those needs one of these (a
# descendant selector its ancestor, "author-name" contains "author"). Half the cost of their union.
# Its parts: selectors that are byline selectors of their own (_MARKED_BY, see _byline_markup), the author links.
_MARKED_BY = (BYLINE_CSS[1], BYLINE_CSS[3], BYLINE_CSS[5], _AUTHOR_CLASS_CSS)
_BYLINE_MARKUP_CSS = ", ".join((*_MARKED_BY, _AUTHOR_LINK_CSS))
# An author's bio or description in an author box.
_AUTHOR_BIO_CSS = '[class*="author" i][class*="bio" i], [class*="author" i][class*="desc" i], [class*="author" i][class*="about" i]'
# A wider selector for some of BYLINE_CSS (and _AUTHOR_BIO_CSS): every element one of those finds is, or lies
# inside, an element the wider one finds. Where the wider one finds nothing, the narrower one is not run: its
# walk of the whole tree (about 0.15 ms on a news page, twice that for a list of descendant selectors) is saved.
_BYLINE_WIDER = {
    BYLINE_CSS[0]: BYLINE_CSS[1], BYLINE_CSS[2]: BYLINE_CSS[3], BYLINE_CSS[4]: BYLINE_CSS[5],
    BYLINE_CSS[6]: _AUTHOR_CLASS_CSS, BYLINE_CSS[7]: _AUTHOR_CLASS_CSS, BYLINE_CSS[8]: _AUTHOR_LINK_CSS,
    BYLINE_CSS[9]: _AUTHOR_CLASS_CSS, _AUTHOR_BIO_CSS: _AUTHOR_CLASS_CSS,
}
# Some of those are lists of "[attribute*=word i]" parts (each maybe of several words, but of some tags) whose
# every part holds a word of a part of their wider selector: what they list, the wider one lists too. Read off its
# listing (see _listed_by_words): no walk of the tree scans every such value again for each word (about 0.1 ms a
# news page). By selector: the attribute, each part's words, the tags left out.
_WORDS_OF: dict[str, tuple[str, tuple[tuple[bytes, ...], ...], frozenset[str]]] = {
    BYLINE_CSS[7]: ("class", ((b"author-name",), (b"authorname",), (b"autor-name",), (b"autorname",)), frozenset()),
    BYLINE_CSS[8]: (
        "href",
        ((b"/author/",), (b"/authors/",), (b"/autor/",), (b"/autoren/",), (b"/auteur/",), (b"/autore/",), (b"/writer/",), (b"/columnist/",)),
        frozenset(),
    ),
    BYLINE_CSS[9]: ("class", ((b"author",), (b"autor",)), frozenset(("html", "body", "article"))),
    _AUTHOR_BIO_CSS: ("class", ((b"author", b"bio"), (b"author", b"desc"), (b"author", b"about")), frozenset()),
}
# "{end}" stands for the end of the text (see _OPENING_NODE).
_BY_WORDS_UNTIL = (
    r"(?:(?:By|BY|Von|VON|Par|Por|Door|Di|Av|Af|(?:Written|Posted|Words|Story|Article) [Bb]y|WRITTEN BY|Author(?:\(s\)|s)?|"
    r"Autor(?:in|en|ka|zy)?|Auteurs?|Contributors?|(?:Text|Tekst|Texto)(?=:))(?:\s|:|{end})|(?:by|von|par|por)(?::|\s*{end}|\s+(?=[A-ZÀ-Þ])))"
    # "by: Jane Roe", "<p>by <a>Jane Roe</a>", "<h3>Author</h3><p>Jane Roe</p>", "<i>von Jane Roe</i>", "Text: Jane Roe",
    # "par <span>Jean Roe</span>"
)
_BY_WORDS = _BY_WORDS_UNTIL.replace("{end}", "$")
_BY_WORD = re.compile(rf"^\s*{_BY_WORDS}")
# A text that opens a byline: a separator maybe, then a "By" word.
_BYLINE_OPENING = re.compile(rf"[\s|·•]*{_BY_WORDS}")
_WRITTEN_BY_LABELS = ("written by", "author", "autor", "auteur", "geschrieben von", "verfasst von", "escrito por", "écrit par")
_AUTHOR_FIELD = re.compile(r"(?:Authors?|Author\(s\)|AUTHORS?|Autor(?:in|en)?|Auteurs?|Written by|WRITTEN BY)\s*:?")
_WRITER_LABEL = re.compile(r"^\s*(?:(?:Written|Posted|Article|Story) [Bb]y|WRITTEN BY|POSTED BY|Autor(?:in)?:|Author:)")
# An author box is read by its first lines, up to the first one this long (its bio).
_AUTHOR_BOX_LINES = 3
# The data layer of WordPress's Google Tag Manager plugin: the post author's display name, in the first inline scripts.
_POST_AUTHOR = re.compile(r'"pagePostAuthor"\s*:\s*"([^"\\]{1,80})"')
_DATA_LAYER_SCRIPTS = 40
_CARD_HEADINGS = 5  # the last headings of each level read for an author card (see GenericExtractor._author_card)
# A bio opening with its author's whole name, then a dash: "Jane Roe - engineer and adventurer...". (Not a comma:
# an author box's "Tobi" over "Hallo, ich bin Tobi" reads "Tobi Hallo, ...".)
_BIO_FULL_NAME = re.compile(r"([A-ZÀ-Þ][\w'-]+(?:\s+[A-ZÀ-Þ][\w'.-]+){1,2})\s+[-–—]\s")
MAX_NAME_LINE = 60
# A paragraph opening the body this long at most may be the story's byline (see GenericExtractor._printed_byline).
MAX_BYLINE_BLOCK = 120
# Where a page names its author by an account name: an author link or microformat.
_LOGIN_CSS = '[itemprop~="author"], a[rel="author"], .vcard .fn, a[href*="/author/" i]'
MAX_LOGIN = 40
MAX_NAMES = 10  # bylines of one kind read for co-authors
MAX_LABEL = 40  # characters before a byline read as its label
MAX_SIGNATURE_SCAN = 3  # last paragraphs of the body looked at for a signature
_EMPHASIS = frozenset(("b", "strong", "i", "em"))
# A date line: a date first ("11.12.2019 - ", "4 May 2023 | 13:10 | "), then more after a separator.
_DATELINE = re.compile(
    r"^\s*(?:\d{1,4}[./\s-]\s*(?:\d{1,2}|[A-Za-zäéû]{3,9}\.?)[./\s-]\s*\d{2,4}|[A-Z][a-zäéû]{2,8}\.?\s+\d{1,2},?\s+\d{4})\b"
    r".*?(?:\s[-–—|·•]|[|·•])\s"
)  # "Dec 26, 2025 • Jane Roe": a month first
# Class words of a byline's box crediting other work than the writing: a reviewer, an editor.
_CREDITED = frozenset(("expert", "reviewer", "reviewers", "reviewed", "editor", "editors", "checker", "factcheck", "translator"))
# What stands between the names of co-authors printed each in an element of their own.
_JOINER = re.compile(r"[\s,;&|·•/]*(?:(?:and|und|et|y|e|&)[\s,;&]*)?", re.I)
_LOGIN = re.compile(r"[\w\-]+(?:\.[\w\-]+){0,2}")  # not "page.head.extra.author", a template's unfilled key
_LOGIN_PARTS = re.compile(r"[._\-]+")  # where an account name made of its holder's names splits ("jane.q.roe")
# Links to a person's page: "/author/jane-roe", "/autoren/jane-roe", "/profile/jroe".
_AUTHOR_PATH = re.compile(r"/(?:authors?|autor(?:en|in)?|auteurs?|autore|writers?|columnists?|people|profiles?|team|experten?|experts?)/", re.I)
# Links to a topic, not a person: "/tag/personal-finance", "/category/news/".
_TOPIC_PATH = re.compile(r"/(?:tags?|category|categories|topics?|section|themen?|rubrik|schlagworte?)/", re.I)
# Class words of elements beside the names in a byline or author box (a bio may still say "written by").
# (And a picture's caption, "cutline" in newsrooms, which a template may keep in its byline's box with the photo credit.)
_BESIDE_BYLINE = frozenset(
    ("tag", "tags", "category", "categories", "topic", "description", "desc", "job", "role", "position", "caption", "cutline", "figcaption")
)
_CLASS_WORDS = re.compile(r"[\s_\-]+")
# Class words of a picture's licence box ("license-info", "licensed-file", "lizenzhinweis"), looked for this
# many elements up from a byline.
_LICENCE_WORDS = ("licen", "lizenz")
LICENCE_LEVELS = 4
LABEL_LEVELS = 3  # elements up from a byline's name looked at for the label printed before it
_SHORTENED = re.compile(r"\S+\s+[A-ZÀ-Þ]\.")  # "Jane R.": a name cut to its first name and an initial
_INITIALS = re.compile(r"[A-Z]{2,3}")  # a writer signing with initials ("DT")
# What a copyright line says besides its holder: "Copyright (c) 2019-2023", "©", "All rights reserved".
_COPYRIGHT = re.compile(r"copyright|all rights reserved|alle rechte vorbehalten|tous droits réservés|©|\(c\)|\b\d{4}\b(?:\s*[-–]\s*\d{4}\b)?", re.I)
_IN_BRACKETS = re.compile(r"\([^()]*\)")  # "Deutsche Welle (www.dw.com)"
_INLINE_TAGS = frozenset(("a", "span", "strong", "b", "em", "i", "font", "small"))
MAX_BYLINE_SCAN = 20_000  # nodes read looking for a "By" line; a hostile page must stay cheap
MAX_BYLINE_TEXT = 200  # characters of a text node that may open a byline
# Text nodes _find_by_line reads further, found in the body's text with a NUL before each node (see
# _opening_texts): short, opening as _BYLINE_OPENING, or with lead words before a "by" word. "$", the end of
# a text or its final newline, becomes the end of the node's part.
_BY_WORDS_IN_NODE = _BY_WORDS_UNTIL.replace("{end}", r"(?=\n?(?:\x00|\Z))")
_SHORT_NODE = rf"(?=[^\x00]{{1,{MAX_BYLINE_TEXT}}}(?:\x00|\Z))"
_OPENING_NODE = re.compile(rf"\x00(?=[\s|·•]*+{_BY_WORDS_IN_NODE}){_SHORT_NODE}")
_LEAD_NODE = re.compile(rf"\x00(?=\s*+{names.LEAD_BY}){_SHORT_NODE}", re.I)  # a NUL, blanks and its length have no case
_INNER_BY = (" von ", " by ", " By ", " par ", " por ", " by:", " von:")  # in every text that opens with lead words
_BY = re.compile(r"^\s*(?:by|von|par|por|di|de|door|av|af|przez|tekst|text|texto|written by|posted by|words by)[:\s]+", re.I)
# An author's bio opening (see GenericExtractor._bios): after the name, a blank and a lower-case word ("is").
_BIO_VERB = re.compile(r"\s+[a-zà-ÿ]")
# A credit line of the story's reporting, not a bio: "Jane Roe reported from Seoul, and Sam Doe from Hong Kong.",
# "Jane Roe contributed reporting.", "Jane Roe wrote this story with..." (one sentence, a past-tense verb of writing).
_CREDIT_LINE = re.compile(r"\s+(?:(?:also|additionally)\s+)?(?:reported|contributed|wrote)\b[^.!?…]*[.!?…]?\s*$")
# A later sentence's first word (a bio's "She", "His", or the given name again).
_BIO_NEXT = re.compile(r"[.!?]\s+([A-ZÀ-Þ][\w’']*)")
_BIO_SENTENCE = re.compile(r"[.!?…](?:\s|$)")
TAIL_BIO_BLOCKS = 3  # last blocks of the body looked at for an author's bio
_WORD = re.compile(r"[\w’'-]+")
_BIO_PRONOUNS = frozenset(
    "He She They His Her Their He’s She’s He's She's Er Sie Seine Ihre Il Elle Ils Elles Él Ella Lui Lei Hij Zij".split()
)
_ARTICLE_OG_TYPES = ("article", "blog", "news")
# How closely (Dice coefficient of words) a printed heading must match a declared title to be the title.
HEADLINE_MATCH = 0.5
LONE_HEADLINE_MATCH = 0.25  # the page's only heading: shares some words with a declared title
SIDE_HEADINGS = 10  # <h1> and <h2> elements each read for a heading printing one side of a title
STEM_LETTERS = 5  # letters of a word compared when counting the words a heading shares with a title
# Every element these find is, or lies inside, one base.COMMENT_BOXES_CSS finds (see _comment_list).
_COMMENT_LISTS = "ol.commentlist, ol.comment-list, ul.commentlist, ul.comment-list, .comments-list, #comments ol, #comments ul"


class GenericExtractor(ArticleExtractor):
    name = "generic"
    _unseen_author = False  # set when only the analytics data layer names the author (_data_layer_author)

    def not_an_article(self, title: str | None, body: list[Block]) -> str | None:
        """Why the page holds no article, or None when it holds one: some prose, and either says so or has enough of it.

        A site's front page and an archive page hold none, by their URL
        (:meth:`~scraper.extract.base.ArticleExtractor.listing_url`). Then the page's evidence
        (:meth:`article_evidence`) must not read as a shop, forum, listing or service page
        (:func:`scraper.extract.pagekind.judge`: the model of :func:`~scraper.extract.pagekind.is_article`,
        fitted for 98.5% article recall on wcxb-dev). Then a page says so with a JSON-LD article object, ``og:type`` article, or
        one ``<article>`` element (then 25 characters of prose do). Otherwise it needs
        ``MIN_ARTICLE_CHARS`` of prose that is not mostly link text (index pages and link lists).
        """
        if type(self).body is not GenericExtractor.body:
            return super().not_an_article(title, body)  # a subclass reads the body its own way
        content = self.content
        prose = content.text_length
        if prose == 0:
            return NO_PROSE
        listing = self.listing_url()
        if listing is not None:
            return listing
        if not pagekind.judge(self.tree, self.url(), **self._evidence_inputs()):
            return pagekind.why_not(self.article_evidence())  # (rare: the whole evidence, read again, to name it)
        if self.ld or any(kind in (self.meta("og:type") or "").lower() for kind in _ARTICLE_OG_TYPES):
            return None
        if content.link_density > MAX_LINK_DENSITY:
            return f"its body is mostly link text ({content.link_density:.0%}): an index or a list of links?"
        if prose >= MIN_UNIT and len(self.doc.elements["article"]) == 1 or prose >= MIN_ARTICLE_CHARS:
            return None
        return f"too little prose for a story ({prose} characters)"

    def article_evidence(self) -> dict[str, float]:
        """What the page says about being an article, for :func:`scraper.extract.pagekind.is_article`
        (:meth:`is_article` asks :func:`scraper.extract.pagekind.judge` the same, reading less of the page)."""
        return pagekind.signals(self.tree, self.url(), **self._evidence_inputs())

    def _evidence_inputs(self) -> dict[str, Any]:
        """What :func:`scraper.extract.pagekind.signals` reads besides the tree and the URL."""
        content = self.content
        return dict(
            jsonld=self.doc.jsonld,
            article_ld=self.ld,
            og_type=self.meta("og:type"),
            prose=content.text_length,
            link_density=content.link_density,
            paragraphs=(b.text or "" for b in content.blocks if b.type == "paragraph"),
            text="\n".join(b.text or "" for b in content.blocks),
            dated=self._published is not None,
            signed=bool(self.authors()) and not self._unseen_author,
            elements=self.doc.elements,
            share=self.doc.body_share,
        )

    # -- body ------------------------------------------------------------------------------

    @cached_property
    def content(self) -> Content:
        body = self.tree.body
        if body is None:
            return self._ld_body() or _EMPTY
        found = find_content(body, self.doc.url, title=self.title(), share=self.doc.body_share)
        declared = self._ld_body()
        if declared is not None and (found.text_length < MIN_ARTICLE_CHARS or declared.text_length > LD_BODY_FACTOR * found.text_length):
            return declared
        return found

    def _ld_body(self) -> Content | None:
        """The JSON-LD ``articleBody``, as paragraphs, for pages whose markup has no readable body
        or only its header (``LD_BODY_FACTOR``)."""
        text = self.ld.get("articleBody")
        if not isinstance(text, str) or len(text.strip()) < MIN_ARTICLE_CHARS:
            return None
        paragraphs = [p for p in (clean_multiline(part) for part in re.split(r"\n\s*\n|\r\n\r\n", text)) if p]
        blocks = tuple(Block(type="paragraph", text=p) for p in paragraphs)
        return Content(blocks=blocks, images=(), text_length=sum(len(p) for p in paragraphs), link_density=0.0, score=0.0)

    def body(self) -> list[Block]:
        blocks = list(self.content.blocks)
        bios = self._bios[0]
        if bios:
            blocks = [block for position, block in enumerate(blocks) if position not in bios]
        if blocks and (self._printed_byline(blocks[0]) or self._headline_echo(blocks)):
            del blocks[0]
        elif len(blocks) > 2 and self._printed_byline(blocks[1]):
            del blocks[1]  # under the standfirst
        if len(blocks) > 1 and self._printed_byline(blocks[-1]):
            del blocks[-1]  # signed at the end: "Written by Jane Roe", "Von Jane Roe"
        return blocks

    @cached_property
    def _bios(self) -> tuple[frozenset[int], dict[str, str]]:
        """The blocks of the content that are its authors' bios, and each author's bio text.

        A template prints an author's bio beside the byline, above the story, or in an author box under it
        ("Jane Roe is a reporter from Leeds. She covers..."): a paragraph that opens with the full or given
        name of an author who is a person, then a lower-case word. Under the story it takes the paragraphs
        after it along (a "Support us" line, the bio's next paragraph), and the line of the name before it
        ("Jane Roe, Founder of Acme") and a label ("About the author"). Above the story its next sentences must go on about the person
        (opening with "She", "His", the name): a standfirst is one sentence and rarely opens with its own
        writer's name. An author that is a firm is left out: a press release opens with the firm's name.
        """
        blocks = self.content.blocks
        people = [a.name for a in self._authors if self._is_person(a.name)]
        if not blocks or not people:
            return frozenset(), {}
        drop: set[int] = set()
        bios: dict[str, str] = {}
        first = blocks[0].text or ""
        name = self._bio_name(blocks[0], people)
        if name is not None and len(blocks) > 1:
            given = name.split()[0]
            later = {m.group(1) for m in _BIO_NEXT.finditer(first)}
            if later & _BIO_PRONOUNS or given in later:
                drop.add(0)
                bios[name] = first
        tail = range(max(1, len(blocks) - TAIL_BIO_BLOCKS), len(blocks))
        start = next((i for i in tail if self._bio_name(blocks[i], people) is not None), None)
        if start is not None and all(b.type == "paragraph" for b in blocks[start:]):
            drop.update(range(start, len(blocks)))
            above = start - 1
            text = blocks[above].text or ""
            if above > 0 and blocks[above].type == "paragraph" and len(text) <= MAX_NAME_LINE and text.startswith(tuple(map(names.without_letters, people))):
                drop.add(above)  # "Jane Roe, Founder of Acme" over her bio
                above -= 1
                text = blocks[above].text or ""
            if above > 0 and len(text) <= MAX_LABEL and (blocks[above].type == "heading" or text.endswith(":")):
                drop.add(above)  # "About the author", "Zu den AutorInnen:"
            texts: dict[str, list[str]] = {}
            person = None
            for block in blocks[start:]:
                text = block.text or ""
                person = self._bio_name(block, people) or person
                if person is not None and (not texts.get(person) or set(names.without_letters(person).split()) & set(_WORD.findall(text))):
                    texts.setdefault(person, []).append(text)  # the bio's paragraphs: the ones naming them again
            for person, parts in texts.items():
                bios.setdefault(person, " ".join(parts))
        return frozenset(drop), bios

    def _is_person(self, name: str) -> bool:
        return names.looks_like_person(name) and not self._is_organization(name) and not self.is_site_name(name)

    @staticmethod
    def _bio_name(block: Block, people: list[str]) -> str | None:
        """The author whose full or given name opens a paragraph of sentences, a lower-case word following it
        ("Jane is a reporter."; not a byline line, "Jane Roe and Sam Doe | 3 weeks ago")."""
        text = block.text or ""
        if block.type != "paragraph" or not _BIO_SENTENCE.search(text):
            return None
        for person in people:
            bare = names.without_letters(person)  # "Jane Roe, MD": her bio opens "Jane Roe is" or "Jane is"
            parts = bare.split()
            for name in (bare, parts[0] if len(parts) > 1 and len(parts[0]) > 1 else None):
                if name and text.startswith(name) and _BIO_VERB.match(text, len(name)):
                    return None if _CREDIT_LINE.match(text, len(name)) else person
        return None

    def _headline_echo(self, blocks: list[Block]) -> bool:
        """Whether the body opens with a paragraph that is the headline run together with the standfirst
        (a "speakable" summary for voice assistants, a hidden teaser): the headline, then the next block's
        text or the description, and nothing else."""
        title = self.title()
        first = blocks[0]
        if not title or first.type != "paragraph" or not (first.text or "").startswith(title):
            return False
        rest = (first.text or "")[len(title):].strip()
        return rest in ("", self.description() or "", *(b.text or "" for b in blocks[1:2]))

    def _printed_byline(self, block: Block) -> bool:
        """Whether the body's first block (or the second, under a standfirst, or the last) is the story's byline, set as
        a paragraph or heading of its own ("Von Jane Roe", "by Jane Roe, Harbor Times", "Posted 11. April 2018 by Jane
        Roe"): a short one that opens like a byline (or a date, then one) and names only people the authors field
        holds, or that is the whole name of one of them.

        (The page-kind evidence reads the content as found: leaving the line out changes no verdict.)"""
        text = block.text or ""
        if block.type not in ("paragraph", "heading") or len(text) > MAX_BYLINE_BLOCK:
            return False
        if not (_BYLINE_OPENING.match(text) or names.dated_byline(text)):
            # Or the name alone, of an author of two words or more ("Jane Roe" over the story or signing it).
            name = text.strip()
            return " " in name and any(_person_key(author.name) == _person_key(name) for author in self.authors())
        authors = {_person_key(author.name) for author in self.authors()}
        named = {  # the people: the site's own name and a wire service beside them sign no story here (unless the
            # site is named after its author, who is the authors field's: "By Rick Steves" on ricksteves.com)
            _person_key(name) for name in names.byline_names(text, whole=self.is_site_name)
            if (not self.is_site_name(name) or _person_key(name) in authors) and name.casefold() not in WIRE_SERVICES
        }
        return bool(named) and named <= authors

    def images(self) -> list[Image]:
        return list(self.content.images)

    # -- title -----------------------------------------------------------------------------

    def title(self) -> str | None:
        return self._title

    @cached_property
    def _title(self) -> str | None:
        """The headline a reader sees: the ``<h1>`` that matches the declared titles, else the best of those.

        Declared titles (JSON-LD ``headline``, ``og:title``, ``<title>``...) are often SEO variants; the
        printed heading is kept whenever it loosely matches one of them (see :func:`_similarity`). Without
        one, the first declared title stands, cut to the side of a separator that a heading prints (a blog
        post's ``<h2>`` under the blog's name) when there is one.
        """
        document_title = text_of(self.tree.css_first("head title")) or text_of(self.tree.css_first("title"))
        declared = [self._ld_headline(document_title), *(self.meta(key) for key in TITLE_META), document_title]
        declared = [t for t in (clean_text(metadata.unescape(c)) if c else None for c in declared) if t]
        declared = [_untruncated(t, declared) for t in declared]
        printed = [text for text in (text_of(node) for node in self.doc.elements["h1"][:SIDE_HEADINGS]) if text]
        declared = [_unglued(t, printed) for t in declared]
        site = {frozenset(_words(name)) for name in (self.site_name(), self.meta("og:site_name")) if name}
        # The site's name alone says nothing of the page, nor one word the host spells ("MEDEF" on medef.com, a
        # DC.title "gnu.org").
        named_site = [t for t in declared if frozenset(_words(t)) in site or " " not in t and self.is_site_name(t)]
        if named_site and is_front_page(self.doc.url):
            return named_site[0]  # the home page: titled with the site's name, whatever its headings say
        declared = [t for t in declared if t not in named_site]
        heading = self._printed_headline(declared)
        if heading:
            return heading
        if declared:
            title = self.strip_site(declared[0])
            return self._printed_side(title) or title
        h1s = [clean_text(metadata.unescape(text_of(node) or "")) for node in self.doc.elements["h1"][:SIDE_HEADINGS]]
        # Without a heading, a page titled with the site's name alone (a home or contact page) is titled so.
        return next((text for text in h1s if text and not self._names_site_words(text)), h1s[0] if h1s else next(iter(named_site), None))

    def _printed_headline(self, declared: list[str]) -> str | None:
        """The ``<h1>`` (or ``itemprop=headline``) outside navigation that best matches a declared title.

        A page's only such heading needs a looser match (``LONE_HEADLINE_MATCH``) than one of several.
        """
        references = [_bag(t) for t in declared] + [_bag(self.strip_site(t)) for t in declared]
        headings = [*self.doc.elements["h1"][:20], *self._marked_headline()]
        found = self._headings(headings, declared, references)
        if not found:
            return None
        # Of headings that match equally well, the one matching the most trusted declared title (JSON-LD or
        # a meta title before ``<title>``, which on many sites names the section: "News - Site").
        score, text = max(found, key=lambda pair: (pair[0], -_trust(pair, references, len(declared))))
        if len(found) == 1 and score < HEADLINE_MATCH:
            # The loose match of a lone heading needs two shared words: one ("title", "news") is chance.
            stems = _stems(text)
            if score < LONE_HEADLINE_MATCH or max(sum((stems & _stems(t)).values()) for t in declared) < min(2, len(stems)):
                return None
        elif score < HEADLINE_MATCH:
            return None
        return self.strip_site(_SOURCE_HOST.sub("", text) or text)

    def _marked_headline(self) -> list[LexborNode]:
        """The ``itemprop=headline`` elements but teasers': a heading whose whole text is one link ("<h3
        itemprop='headline'><a href='/2022/12/06/story/'>Story</a></h3>") heads a card pointing to a story, in a
        slider or list of the latest ones (this one too, its headline cut to fit). The page's own ``<h1>`` is
        read with the headings anyway, linked or not."""
        return [node for node in self.doc.headline_nodes[:5] if node.tag == "h1" or not _all_link(node)]

    def _printed_side(self, title: str) -> str | None:
        """The part of a title on one side of a separator that a heading prints as it is: the headline,
        the rest being a site or section name the title's own words did not give away."""
        sides = {side.casefold() for side in title_sides(title)}
        if not sides:
            return None
        for node in [*self.doc.elements["h1"][:SIDE_HEADINGS], *self.doc.elements["h2"][:SIDE_HEADINGS]]:
            text = clean_text(metadata.unescape(text_of(node) or ""))
            if text and text.casefold() in sides and len(text.split()) > 1 and not (
                _in_chrome(node) or self._names_site_words(text) or self._is_section(text) or self._is_home_link(node, text)
            ):
                return text  # not a one-word label ("News") or the section's name, which a page prints as well
        return None

    def _headings(self, nodes: list[LexborNode], declared: list[str], references: list[Counter[str]]) -> list[tuple[float, str]]:
        """Each heading outside navigation with the best match of its text (or a part of it) to a declared title."""
        found: list[tuple[float, str]] = []
        seen: set[int] = set()
        references = list({id(ref): ref for ref in references}.values())  # equal titles share one bag (see _bag)
        for node in nodes:
            if node.mem_id in seen or _in_chrome(node):
                continue
            seen.add(node.mem_id)
            text = clean_text(metadata.unescape(_without_kicker(node) or text_of(node) or ""))
            if not text or len(text) > 300 or self._names_site_words(text) or self._is_home_link(node, text) or _is_lede(text, declared):
                continue  # empty, a whole paragraph, or the site's own name (a logo heading)
            best = (max((_similarity(_bag(text), ref) for ref in references), default=0.0), text)
            # A kicker, date or label inside the heading ("<span>Kicker</span> <span>Headline</span>"):
            # a part holding most of its words that matches a declared title better is the headline,
            # and so is a shorter part that is a declared title word for word.
            for part in _heading_parts(node):
                part = clean_text(metadata.unescape(part))
                if part:
                    score = max((_similarity(_bag(part), ref) for ref in references), default=0.0)
                    if score > best[0] and (2 * len(part.split()) >= len(text.split()) or score == 1.0 and len(part.split()) > 1):
                        best = (score, part)
            if all(best[1] != other for _, other in found):
                found.append(best)
        return found

    def _names_site_words(self, text: str) -> bool:
        """Whether a heading names the site: :meth:`is_site_name`, or two or more words all taken from its
        declared name ("Minecraft News" on "Minecraft Update News"), as a blog prints its name."""
        if self.is_site_name(text):
            return True
        words, site = _words(text), self.site_name()
        return len(words) >= 2 and site is not None and words <= _words(site)

    def _is_home_link(self, node: LexborNode, text: str) -> bool:
        """Whether a heading is all one link to the site's home page: the site's logo or name, not a headline."""
        link = None if node.tag != "a" and text_only(node) else node.css_first("a[href]")
        if link is None or text_of(link) != text_of(node):
            return False
        href = archived_url(self.absolute(link.attributes.get("href") or "") or "")
        parts = urlsplit(href) if href else None
        return parts is not None and parts.path in ("", "/") and not parts.query and host_of(href) == self._site_host

    def _ld_headline(self, document_title: str | None) -> str | None:
        """``headline``, unless ``name`` matches the page title better (some sites swap them)."""
        headline = clean_text(metadata.ld_text(self.ld.get("headline")))
        name = clean_text(metadata.ld_text(self.ld.get("name")))
        if headline and name and headline != name and document_title:
            key = _words(document_title)
            if _overlap(_words(name), key) > _overlap(_words(headline), key):
                return name
        return headline or name

    # -- people ----------------------------------------------------------------------------

    def authors(self) -> list[Author]:
        """The people in the byline: JSON-LD ``author``, then author meta tags, then visible bylines, then
        (last resorts) the name share buttons and analytics are given, a date line beside the headline or a
        name signing the story under its last paragraph, an author card (a person's heading and bio in a box
        classed "author"), the post author of the analytics data layer, an account name in the metadata or an
        author link, the name the post's author comments under, a wire service credited alone beside the headline.
        Metadata naming the first of several writers gains the co-authors the byline prints beside them.

        An organization (the site itself, a wire service, a JSON-LD ``Organization``) is left out when
        a later source names a person; where an organization is the only byline, it is the author.
        Read once (the page model asks before the record does). An author whose bio the body printed
        (:attr:`_bios`) gets it, where no other source gave one.
        """
        if type(self).body is not GenericExtractor.body:
            return list(self._authors)
        bios = self._bios[1]
        return [attrs.evolve(a, bio=bios[a.name]) if a.bio is None and a.name in bios else a for a in self._authors]

    @cached_property
    def _authors(self) -> list[Author]:
        fallback: list[Author] = []
        sources = (
            self._ld_authors, self._meta_authors, self._byline_authors, self._twitter_authors, self._analytics_authors,
            self._dateline_authors, self._signature_authors, self._ld_graph_authors,
        )
        for position, source in enumerate(sources):
            found = source()
            people = [a for a in found if not self._is_organization(a.name)]
            if len(people) == 1 and (" " not in people[0].name or _SHORTENED.fullmatch(people[0].name)):
                people = self._full_name(people[0], source) or people
            if people and source == self._meta_authors:
                people = self._printed_instead(people)
            if people and source != self._byline_authors and all(self.is_site_name(a.name) for a in people):
                people = self._signed_instead() or people
            if people:
                return self._with_coauthors(people, [s for s in sources[position + 1:] if s in (self._meta_authors, self._byline_authors)])
            fallback = self._signing_organizations(fallback, found)
        found = self._opening_profile_byline() or self._author_card() or fallback or self._dated_microdata_authors()
        if found:
            return found
        layer = self._data_layer_author()
        if layer:
            self._unseen_author = True  # named for analytics only: the page shows no byline (see _evidence_inputs)
            return layer
        return self._login_authors() or self._commenting_post_author() or self._headline_agency()

    def _data_layer_author(self) -> list[Author]:
        """A last resort: the post author's display name that WordPress's Google Tag Manager plugin writes into the
        page's data layer (``"pagePostAuthor":"Jane Roe"``), where no markup names anyone. A name of a person, or one
        capitalised word (a display name: "Krystyna"); not the site's own name, nor a desk ("Redaktion")."""
        for script in self.tree.css("script:not([src])")[:_DATA_LAYER_SCRIPTS]:
            text = script.text(deep=True) or ""
            found = _POST_AUTHOR.search(text) if "pagePostAuthor" in text else None
            if found is None:
                continue
            people = names.byline_names(metadata.unescape(found.group(1)), whole=self.is_site_name)
            if len(people) != 1 or self._is_organization(people[0]) or self.is_site_name(people[0]):
                return []
            name = people[0]
            one_word = " " not in name and name[:1].isupper() and name.isalpha()
            return [Author(name=name)] if names.looks_like_person(name) or one_word else []
        return []

    def _author_card(self) -> list[Author]:
        """The person an author card names where no source names one: a heading of a person's name followed by
        a bio that opens with it ("<h3>Jane Roe</h3><p>Jane Roe is the head of marketing at Acme...</p>"), in a
        box whose markup says it is the author's (an element classed "author", such as her photo). Read before
        an organization is taken for the author: the site's name in the metadata, a person's card under the story."""
        for tag in ("h2", "h3", "h4"):
            for heading in self.doc.elements[tag][-_CARD_HEADINGS:]:
                name = text_of(heading)
                paragraph = heading.next
                while paragraph is not None and paragraph.tag in ("-text", "-comment"):
                    paragraph = paragraph.next
                if not name or paragraph is None or paragraph.tag != "p" or not names.looks_like_person(name):
                    continue
                bio = text_of(paragraph) or ""
                if not (bio.startswith(name) and _BIO_VERB.match(bio, len(name)) and _BIO_SENTENCE.search(bio)):
                    continue
                box = heading.parent.parent if heading.parent is not None else None
                if box is not None and box.css_first('[class*="author" i]') is not None and not self._is_organization(name):
                    return [Author(name=name)]
        return []

    def _signing_organizations(self, first: list[Author], found: list[Author]) -> list[Author]:
        """The organizations that sign the story when no person does: the first source's, unless those name no
        wire service and a later source does (JSON-LD crediting the paper, "24horas.cl", over a byline "Por
        Agencia EFE": the agency wrote it)."""
        if not first:
            return found
        agencies = [a for a in found if a.name.casefold() in WIRE_SERVICES]
        if agencies and not any(a.name.casefold() in WIRE_SERVICES for a in first):
            return agencies
        return first

    def _dated_microdata_authors(self) -> list[Author]:
        """A last resort: the person a microdata ``author`` names beside the story's ``datePublished``,
        wherever the box sits (a side column holding the article's own author and date)."""
        for node in self._bylines(BYLINE_CSS[1])[:1]:  # [itemprop~="author"], the page's first: later ones are comments
            box, dated = node.parent, False
            for _ in range(3):
                if box is None or dated:
                    break
                dated, box = box.css_first('[itemprop="datePublished"]') is not None, box.parent
            name = text_of(node.css_first('[itemprop="name"]') or node)
            people = names.byline_names(name, whole=self.is_site_name) if dated and name and len(name) <= MAX_NAME_LINE else []
            if people and all(names.looks_like_person(n) and not self._is_organization(n) for n in people):
                return _unique(Author(name=n) for n in people)
        return []

    def _printed_instead(self, people: list[Author]) -> list[Author]:
        """``people`` from an author meta, or the people a "By" line without byline markup prints instead
        when the page prints none of them anywhere: the tag then names the account that posted the story
        (an editor, a colleague), while the "By" line names the writer. JSON-LD, written on purpose, and a
        tag beside marked-up bylines keep their writer."""
        if any(" " not in a.name for a in people):
            return people  # a login or a nickname: _full_name looks for the printed name
        if self._byline_markup and self._marked_bylines[0]:
            return people  # a marked byline naming someone else: the tag keeps its writer
        body = self.tree.body
        text = (body.text(deep=True) if body is not None else "").casefold()
        if any(a.name.casefold() in text for a in people):
            return people
        printed = [a for a in self._by_line() if not self._is_organization(a.name)]
        return printed if printed and all(names.looks_like_person(a.name) for a in printed) else people

    def _signed_instead(self) -> list[Author]:
        """The people the byline markup names where metadata gives the site's own name as a person
        (a JSON-LD ``Person`` named "Acme Daily"): a CMS default, while the byline has the writer.
        A personal site named after its owner prints that name in its byline too, and keeps it."""
        people = [a for a in self._marked_bylines[0] if not self.is_site_name(a.name)]
        return people if people and all(names.looks_like_person(a.name) for a in people) else []

    def _opening_profile_byline(self) -> list[Author]:
        """The writer in a line opening the body that links a person's name to their profile and gives their
        affiliation ("<p><a href='/profiles/jane-roe-123'>Jane Roe</a>, <em>Harbour University</em></p>"): the
        byline of a story republished from another outlet, which the republishing site's metadata signs with
        its own name. Read where no source names a person, before an organization is taken for the author."""
        containers = self.content.containers
        first = containers[0].css_first("p") if containers else None
        text = text_of(first) if first is not None else None
        link = first.css_first("a[href]") if first is not None else None
        if not text or link is None or len(text) > MAX_BYLINE_BLOCK or not _AUTHOR_PATH.search(link.attributes.get("href") or ""):
            return []
        name = text_of(link)
        if not name or not text.startswith(name) or not text[len(name):].lstrip().startswith((",", "|", "–", "-")):
            return []
        if not names.looks_like_person(name) or self._is_organization(name) or self.is_site_name(name):
            return []
        return [Author(name=name, url=self.absolute(link.attributes.get("href")))]

    def _full_name(self, author: Author, source: Callable[[], list[Author]]) -> list[Author]:
        """The full name the page prints for an author a source gives by one word: a login or nickname in
        the metadata ("jroe", "JaneR") where the byline has the name, or a first name in an author box
        ("Nils") where a "By" line in the story has it ("Eine Kolumne von Nils Roe"); or a name shortened
        to an initial ("Jane R.") where another byline element or its avatar prints it whole."""
        shortened = " " in author.name
        if source != self._byline_authors and not shortened:
            full = [a for a in self._byline_authors() if names.looks_like_person(a.name)]
            if full:
                return full
        words = author.name.casefold().split()
        def fuller(name: str) -> bool:
            other = name.casefold().split()
            return len(other) > 1 and other != words and len(other) >= len(words) and other[0] == words[0] and all(o.startswith(w.rstrip(".")) for o, w in zip(other[1:], words[1:]))
        found = [a for a in self._byline_authors() if names.looks_like_person(a.name) and fuller(a.name)] if source != self._byline_authors else []
        if self._byline_markup:  # else the "By" lines were read as the byline already
            found = found or [a for a in self._by_line() if names.looks_like_person(a.name) and fuller(a.name)]
            found = found or ([Author(name=n) for n in self._printed_names if fuller(n)] if shortened else [])
            found = found or ([] if shortened else [Author(name=n, url=author.url) for n in self._bio_openings() if fuller(n)])
        if not found and not shortened and author.url:
            # A first name linked to the author's page, whose address spells the whole name ("Articles by Juliette"
            # -> /authors/juliette-carreiro): the name as the page prints it, if it does ("Juliette Carreiro").
            slug = urlsplit_path(author.url).rstrip("/").rpartition("/")[2]
            printed = self._printed_login(slug) if slug.casefold().startswith(f"{words[0]}-") else None
            found = [Author(name=printed, url=author.url)] if printed and fuller(printed) else []
            if not found and _INITIALS.fullmatch(author.name):
                # Initials linked to the author's page ("DT" -> /author/donaldtownsend/): the printed name spelling it.
                printed = self._printed_initials(author.name, slug)
                found = [Author(name=printed, url=author.url)] if printed else []
        return found[:1]

    def _printed_initials(self, initials: str, slug: str) -> str | None:
        """A name printed in the body whose words open with ``initials`` and run together spell the author
        page's ``slug`` ("Donald Townsend" for "DT" and "donaldtownsend"): None where the page prints none."""
        body = self.tree.body
        key = squash(slug)
        if body is None or len(key) < 2 * len(initials):
            return None
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(rf"{letter}[^\W\d_]+" for letter in initials) + r"(?!\w)")
        for match in pattern.finditer(body.text(deep=True, separator=" ")):
            if squash(match.group()) == key:
                return clean_text(match.group())
        return None

    def _bio_openings(self) -> list[str]:
        """The whole names author bios open with before a dash ("Stefanus Roe - engineer and
        adventurer..."): where a byline gives an author's first name only, the bio beside it may spell it out."""
        out = []
        for node in self._bylines(_AUTHOR_BIO_CSS)[:3]:
            opening = _BIO_FULL_NAME.match(text_of(node) or "")
            if opening and names.looks_like_person(opening.group(1)):
                out.append(opening.group(1))
        return out

    @cached_property
    def _printed_names(self) -> list[str]:
        """The people every byline element names, and the alt texts of their avatars: where a page
        prints the whole name of an author it shortens elsewhere."""
        out: list[str] = []
        for css in BYLINE_CSS:
            for node in self._bylines(css)[:8]:
                texts = [text_of(node) or ""] + [img.attributes.get("alt") or "" for img in node.css("img[alt]")[:2]]
                out += [n for t in texts if len(t) <= MAX_NAME_LINE for n in names.byline_names(t) if names.looks_like_person(n)]
        return names.unique(out)

    def _with_coauthors(self, people: list[Author], later: Iterable[Callable[[], list[Author]]]) -> list[Author]:
        """``people`` and the co-authors a later source names beside all of them: metadata often gives
        only the first of several writers the byline prints. A later source naming someone else is no help."""
        known = {_person_key(a.name) for a in people}
        for source in later:
            # The byline markup only: the walk for a "By" line costs too much for a second opinion.
            # (The labelled line is looked for only when the markup's first byline adds no one.)
            opinions = (lambda: self._marked_bylines[0], self._labelled_byline_box) if source == self._byline_authors else (source,)
            for opinion in opinions:
                found = opinion()
                more = [a for a in found if not self._is_organization(a.name)]
                if len(more) > len(people) and known <= {_person_key(a.name) for a in more}:
                    extra = [a for a in more if _person_key(a.name) not in known]
                    if all(names.looks_like_person(a.name) for a in extra):
                        return _unique([*people, *extra])
        return people

    def _labelled_byline_box(self) -> list[Author]:
        """The people in the first short element classed as a byline or an author's that opens with a writer's
        label ("<div class='hero-author'>Written by <span>Jane Roe</span>, <span>John Doe</span></div>"): where
        the first byline markup is one writer's box of several, the line that names them all. Each name is an
        element's whole text there (a job title run on after a name is not a co-author: "Jane Roe Editor and
        Master Gardener")."""
        for css in (BYLINE_CSS[5], BYLINE_CSS[-1]):
            for node in self._bylines(css)[:8]:
                text = text_of(node)
                if text and len(text) <= MAX_BYLINE_BLOCK and _WRITER_LABEL.match(text) and not _in_chrome(node):
                    people = names.byline_names(text, whole=self.is_site_name)
                    printed = {text_of(n) for n in node.css("a, span, b, strong")}
                    return _unique(Author(name=n) for n in people) if all(n in printed for n in people) else []
        return []

    def _commenting_post_author(self) -> list[Author]:
        """The name the post's author comments under, where the page names its author nowhere else: WordPress
        marks a comment by the post's own author ``bypostauthor``, with the name in its ``fn`` element. A last resort."""
        box = self.tree.css_first(".bypostauthor")
        node = box.css_first(".fn") if box is not None else None
        text = text_of(node) if node is not None else None
        if not text or len(text) > MAX_NAME_LINE:
            return []
        # The account's name even where it is the site's (a personal blog named after its writer, "damianduchamps"):
        # the markup says the post's author wrote under it.
        people = names.byline_names(text)
        if len(people) != 1 or names.is_role(people[0]):
            return []  # ("admin": the site's account, no one's name)
        # A display name the author chose: a person's name, or one word of a handle ("jancak", "gnaddrig").
        name = people[0]
        return [Author(name=name)] if names.looks_like_name(name, digits=True) and (" " not in name or names.looks_like_person(name)) else []

    def _login_authors(self) -> list[Author]:
        """The account name ("jdoe", "jane_roe84") a page gives as its author where it gives no other
        name: its JSON-LD or meta author, or an author link. Never an e-mail address."""
        values = [n for item in metadata.ld_list(self.ld.get("author") or self.ld.get("creator"))[:5] for n in metadata.ld_names(item)]
        values += [self.meta(key) for key in AUTHOR_META]
        login = next((v.strip() for v in values if v and _is_login(v.strip())), None)
        if login is None and self._byline_markup:
            noise = self._date_finder.noise
            links = (text_of(n) for n in self.tree.css(_LOGIN_CSS)[:8] if not noise.in_noise(n) and not _in_chrome(n))
            login = next((v for v in links if v and _is_login(v)), None)
        return [Author(name=self._printed_login(login) or login)] if login else []

    def _printed_login(self, login: str) -> str | None:
        """The name the page prints for an account named after its holder ("christian.stadtfeld" and, in the
        story's signature, "Christian P. Stadtfeld"): a capitalised name in the body's text whose first and last
        words are the account's first and last parts, with at most a middle name or initial between them (the
        account's middle part's, where it has one: "sara.r.peter"). None where the page prints no such name."""
        parts = [part for part in _LOGIN_PARTS.split(login) if part]
        if not 2 <= len(parts) <= 3 or not all(part.isalpha() for part in parts) or min(len(parts[0]), len(parts[-1])) < 2:
            return None
        middle = rf"\s+{re.escape(parts[1])}[^\W\d_]*\.?" if len(parts) == 3 else r"(?:\s+[^\W\d_]+\.?)?"
        pattern = re.compile(rf"(?<!\w){re.escape(parts[0])}{middle}\s+{re.escape(parts[-1])}(?!\w)", re.IGNORECASE)
        body = self.tree.body
        # (A space between texts: a name's paragraph is not run into the next one's first word.)
        for match in pattern.finditer(body.text(deep=True, separator=" ") if body is not None else ""):
            name = clean_text(match.group())
            if name and all(word[:1].isupper() for word in name.split()) and names.looks_like_person(name):
                return name
        return None

    @cached_property
    def _byline_markup(self) -> bool:
        """Whether the page has any byline markup: ``self.tree.css_first(_BYLINE_MARKUP_CSS) is not None``.

        Asked of its parts one by one: first those that are byline selectors (_MARKED_BY), whose walks a page with
        byline markup makes next anyway (_marked_bylines runs them in this order until one finds something),
        so where one finds an element the answer costs no walk of its own; then the author links (all of them:
        BYLINE_CSS[8] is read off their listing)."""
        return any(self._bylines(css) for css in _MARKED_BY) or bool(self._bylines(_AUTHOR_LINK_CSS))

    def _bylines(self, css: str) -> list[LexborNode]:
        """``self.tree.css(css)`` for one of BYLINE_CSS (or another selector of _BYLINE_WIDER), read once per page,
        and not at all when its wider selector finds nothing (see _BYLINE_WIDER); some are read off the wider
        one's listing (_WORDS_OF)."""
        found = self._byline_nodes.get(css)
        if found is None:
            wider = _BYLINE_WIDER.get(css)
            if wider is not None and not self._bylines(wider):
                found = []
            elif wider is not None and css in _WORDS_OF:  # (every one of them has a wider one)
                found = _listed_by_words(self._bylines(wider), *_WORDS_OF[css])
            else:
                found = self.tree.css(css)
            self._byline_nodes[css] = found
        return found

    @cached_property
    def _byline_nodes(self) -> dict[str, list[LexborNode]]:
        return {}

    def _ld_authors(self) -> list[Author]:
        value = self.ld.get("author") or self.ld.get("creator")
        if not self.ld:  # no article: the page's recipe or how-to, whose author wrote the page
            value = next((o.get("author") for o in self.doc.jsonld if metadata.types_of(o) & _WORK_TYPES and o.get("author")), None)
        authors: list[Author] = []
        for item in metadata.ld_list(value)[:20]:
            url = self.absolute(item["url"]) if isinstance(item, dict) and isinstance(item.get("url"), str) else None
            raw = metadata.ld_names(item)
            if isinstance(item, dict) and metadata.types_of(item) & _ORGANIZATION_TYPES:
                self._organizations.update(n.casefold() for n in raw)
            elif isinstance(item, dict) and "Person" in metadata.types_of(item):
                self._persons.update(n.casefold() for n in raw)
            people = [n for r in raw for n in names.byline_names(r, whole=self.is_site_name)]
            authors.extend(Author(name=n, url=url if len(people) == 1 else None) for n in people)
        return _unique(authors)

    def _ld_graph_authors(self) -> list[Author]:
        """The person a JSON-LD author reference points to elsewhere in the page's graph (``"author":
        {"@id": ".../#author"}``, as SEO plugins write it). A last resort: that node is the account that
        posted the story, which is not always the byline's writer."""
        value = self.ld.get("author") or self.ld.get("creator")
        keys = [item.get("@id") for item in metadata.ld_list(value)[:5] if isinstance(item, dict) and not metadata.ld_names(item)]
        keys = [k for k in keys if isinstance(k, str) and k]
        nodes = [o for o in self.doc.jsonld if o.get("@id") in keys and "Person" in metadata.types_of(o)] if keys else []
        people = [n for o in nodes for r in metadata.ld_names(o) for n in names.byline_names(r, whole=self.is_site_name)]
        return _unique(Author(name=n) for n in people if names.looks_like_person(n))

    def _meta_authors(self) -> list[Author]:
        citations = self.doc.meta_all("citation_author")
        if citations:  # one person a tag, often family name first
            return _unique(Author(name=n) for c in citations[:20] for n in names.byline_names(names.reorder(c), whole=self.is_site_name))
        return self._tagged_authors(AUTHOR_META)

    def _analytics_authors(self) -> list[Author]:
        return self._tagged_authors(ANALYTICS_AUTHOR_META)

    def _tagged_authors(self, keys: tuple[str, ...]) -> list[Author]:
        """The people the first of the meta tags ``keys`` the page has names."""
        for key in keys:
            value = self.meta(key)
            if value and not value.lstrip().startswith(("http://", "https://", "www.")):
                values = self.doc.meta_all(key)
                if len(values) > 1:  # one person a tag ("<meta name='dc.creator'>" for each co-author)
                    values = [names.reorder(v) for v in values[:20] if not v.lstrip().startswith(("http://", "https://", "www."))]
                elif value.count(",") == 1 and key.startswith(("dc", "citation")):
                    values = [names.reorder(value)]  # Dublin Core's "Harm, Robert": one person, family name first
                else:
                    values = [value]
                found = _unique(Author(name=n) for v in values for n in names.byline_names(v, whole=self.is_site_name))
                if found:
                    return found
        return []

    def _twitter_authors(self) -> list[Author]:
        """The writer in Twitter's label/data meta pairs ("Written by" / "Jane Roe", as SEO plugins print
        them): a last resort, since the tag is not always kept in step with the visible byline."""
        for slot in ("1", "2"):
            label, value = self.meta(f"twitter:label{slot}"), self.meta(f"twitter:data{slot}")
            if label and value and label.strip().casefold().startswith(_WRITTEN_BY_LABELS):
                return _unique(Author(name=n) for n in names.byline_names(value, whole=self.is_site_name))
        return []

    def _dateline_authors(self) -> list[Author]:
        """The person in a date line beside the headline that has no "By": "11.12.2019 - Jane Roe",
        "04.02.2022 | 13:10 Uhr | Jane Roe", or a name alone in the element printed just before or after such a
        line ("<p>Jane Roe</p><p>23.07.2025 · 6 min read</p>") under the headline of a page that marks no byline. A last
        resort: a date and one full name, nothing else."""
        for heading in self.doc.elements["h1"][:1]:
            below = {n.mem_id for n in _neighbours(heading, before=False)}
            for node in _neighbours(heading):
                if len(node.text(deep=True)) > 2 * MAX_NAME_LINE:
                    continue  # a box of text, no date line
                text = text_of(node)
                if not text or len(text) > MAX_NAME_LINE:
                    continue
                if _DATELINE.match(text):
                    people = names.byline_names(text, whole=self.is_site_name)
                elif "," not in text and node.mem_id in below and not self._byline_markup and _beside_date_line(node):
                    # Under the headline (a label above it names a section), on a page that marks no byline.
                    people = [text]
                else:
                    continue
                if len(people) == 1 and names.looks_like_person(people[0]) and not self._is_organization(people[0]):
                    return [Author(name=people[0])]
        return []

    def _headline_agency(self) -> list[Author]:
        """A wire service credited alone next to the headline ("<h1>...</h1><p class="credit">AP</p>"): the
        story's only byline, where no source names anyone. Not a credit inside a figure (a photo's)."""
        for heading in self.doc.elements["h1"][:1]:
            for node in _neighbours(heading):
                text = text_of(node) if len(node.text(deep=True)) <= MAX_NAME_LINE else None
                if text and text.casefold() in WIRE_SERVICES and node.css_first("img, picture, figure") is None:
                    return [Author(name=text)]
        return []

    def _signature_authors(self) -> list[Author]:
        """The writer signing the story under its last paragraph: a name alone in the body's last paragraph,
        set in bold or italics or to the right ("<p><b><i>Jane Roe</i></b></p>"). A last resort."""
        containers = self.content.containers
        paragraphs = containers[-1].css("p") if containers else []
        last = next((p for p in reversed(paragraphs[-MAX_SIGNATURE_SCAN:]) if text_of(p)), None)
        text = text_of(last) if last is not None else None
        if last is None or not text or len(text) > MAX_NAME_LINE or not names.looks_like_person(text):
            return []
        if names.byline_names(text, whole=self.is_site_name) != [text]:
            return []  # "More Buying Guides:", "Quelle: Acme": a label or a link, not a name
        if not _set_apart(last) or self._is_organization(text) or not self.content.blocks:
            return []
        return [Author(name=text)] if self.content.blocks[-1].text == text else []

    @cached_property
    def _organizations(self) -> set[str]:
        return set()

    @cached_property
    def _persons(self) -> set[str]:
        return set()

    @cached_property
    def _publishers(self) -> set[str]:
        """The names the page declares as its publisher or copyright holder (``<meta name="publisher">``,
        ``"© 2021 Acme Media"``, a JSON-LD ``publisher`` that is not a person): organizations, casefolded."""
        values = [self.meta("publisher"), self.meta("copyright")]
        publisher = self.ld.get("publisher")
        if not (isinstance(publisher, dict) and "Person" in metadata.types_of(publisher)):
            values += metadata.ld_names(publisher)[:3]
        out: set[str] = set()
        for value in values:
            text = _COPYRIGHT.sub(" ", value or "")
            text = clean_text(_IN_BRACKETS.sub(" ", text))
            if text and len(text) <= MAX_NAME_LINE:
                out.add(text.strip(" .,;:-–|").casefold())
        return out

    def _is_organization(self, name: str) -> bool:
        """An organization's name: declared so, a wire service, a desk, the page's publisher, or the site's
        own name unless JSON-LD declares it a person's (a personal site named after its owner)."""
        key = name.casefold()
        site = (self.is_site_name(name) or self.names_site_desk(name)) and key not in self._persons
        return key in self._organizations or key in WIRE_SERVICES or site or names.is_role(name) or key in self._publishers


    def _byline_authors(self) -> list[Author]:
        """Names printed in a byline: ``itemprop=author``, ``rel=author``, ``.byline``, author links and
        classes, else a "By" line. A person under a "By" line in the story beats an organization's byline."""
        if not self._byline_markup:
            return self._by_line()
        people, organizations = self._marked_bylines
        if people:
            return people
        return (self._by_line(in_story=True) if organizations else []) or organizations or self._by_line() or self._beside_bio()

    def _beside_bio(self) -> list[Author]:
        """The person an author box names in an element of no byline class just before the author's bio
        ("<p class='headline'>Jane Roe</p><div class='author-description'>Jane covers...</div>")."""
        noise = self._date_finder.noise
        for bio in self._bylines(_AUTHOR_BIO_CSS)[:5]:
            node = bio.prev
            while node is not None and node.tag in ("-text", "-comment"):
                node = node.prev
            text = text_of(node) if node is not None and not noise.in_noise(bio) and not _in_chrome(bio) else None
            people = names.byline_names(text, whole=self.is_site_name) if text and len(text) <= MAX_NAME_LINE else []
            if people and all(names.looks_like_person(n) for n in people):
                return _unique(Author(name=n) for n in people)
        return []

    @cached_property
    def _marked_bylines(self) -> tuple[list[Author], list[Author]]:
        """The people in the first byline markup naming any, and the organizations in one before it.

        A byline naming only an organization (the site, a JSON-LD ``Organization``) is kept back while
        the byline element next to it may name a person ("Acme" above "Jane Roe" in a list of contributors);
        one further away is more often a teaser's.
        """
        noise = self._date_finder.noise
        organizations: list[Author] = []
        near: set[int] = set()  # the elements around the organization's byline
        for css in BYLINE_CSS:
            for node in self._bylines(css)[:8]:
                text = text_of(node)
                if not text or len(text) > 160 and "author" not in (node.attributes.get("class") or "").lower():
                    continue  # a long text is read only as an author box
                if noise.in_noise(_placed(node)) or _in_chrome(node) or _is_heading(node) or _not_a_byline(node) or _in_teaser(node, text):
                    continue
                if _in_licence(node):
                    continue  # a picture's licence box: its "author" took the photo
                if names.credits_other_work(_label_before(node)):
                    continue  # "Reviewed by <a>Jane Roe</a>": the reviewer's link in the byline box
                found = self._byline_of(node, text)
                if not found or near and not near & _ancestors(node):
                    continue
                if all(self._is_organization(a.name) for a in found):
                    organizations, near = organizations or found, near or _ancestors(node)
                    continue
                return self._beside(css, node, found), organizations
        return [], organizations

    def _beside(self, css: str, first: LexborNode, found: list[Author]) -> list[Author]:
        """``found`` and the people in the other bylines of the same kind in the same box: co-authors
        each in an element of their own ("<a>Jane Roe</a> <a>John Doe</a>", a paper's list of authors)."""
        authors, last = list(found), first
        noise = self._date_finder.noise
        for node in self._bylines(css)[:MAX_NAMES]:
            text = text_of(node)
            if not text or len(text) > 160 or not _joined(last, node) or noise.in_noise(_placed(node)) or _not_a_byline(node):
                continue
            more = [a for a in self._byline_of(node, text) if names.looks_like_person(a.name) and not self._is_organization(a.name)]
            if more and not any(_person_key(b.name) in _person_key(a.name) for a in more for b in authors):  # "Twitter von Jane Roe"
                authors, last = authors + more, node
        return _unique(authors)

    def _byline_of(self, node: LexborNode, text: str) -> list[Author]:
        """The names in one byline element; a long one (an author box: name, then a bio) by its first lines."""
        if len(text) > 160:
            return self._author_box(node)
        beside = {text_of(n) for n in node.css("a, span, div, p") if _not_a_byline(n)}  # "Personal finance · May 2"
        found = _unique(Author(name=n) for n in names.byline_names(text, whole=self.is_site_name) if n not in beside)
        href = node.attributes.get("href") if node.tag == "a" else None
        if href and len(found) == 1:
            return [Author(name=found[0].name, url=self.absolute(href))]
        return found

    def _author_box(self, node: LexborNode) -> list[Author]:
        """The person an author box names in a short line before its bio ("Jane Roe" / "Jane writes about...")."""
        for line in (text_of(node, breaks=True) or "").splitlines()[:_AUTHOR_BOX_LINES]:
            if len(line) > MAX_NAME_LINE:
                break  # the bio has begun
            people = names.byline_names(line, whole=self.is_site_name)
            if people:
                return _unique(Author(name=n) for n in people) if all(names.looks_like_person(n) for n in people) else []
        return []

    def _by_line(self, *, in_story: bool = False) -> list[Author]:
        """A byline without byline markup: a short element whose text starts with "By" and a name.
        One naming an organization ("By The Acme Team") is kept only if no later one names a person.
        ``in_story``: only a labelled byline ("Written by", "Autor:") inside the article body counts."""
        key = "story" if in_story else "page"
        if key not in self._by_lines:
            self._by_lines[key] = self._find_by_line(in_story=in_story)
        return self._by_lines[key]

    @cached_property
    def _by_lines(self) -> dict[str, list[Author]]:
        return {}

    def _find_by_line(self, *, in_story: bool) -> list[Author]:
        body = self.tree.body
        if body is None:
            return []
        noise = self._date_finder.noise
        organizations: list[Author] = []
        left = self._openings  # the walk ends at the last text node that may open a "By" line
        for seen, node in enumerate(body.traverse(include_text=True)):
            if seen > MAX_BYLINE_SCAN or not left:
                break
            raw = node.text_content  # None but for a text node: no need to ask the tag (a name looked up per node)
            if not raw or len(raw) > MAX_BYLINE_TEXT:
                continue  # a longer text is prose, and its element too long for a byline anyway
            if not _BYLINE_OPENING.match(raw):
                # Lead words before a "by" word ("Text von Jane Roe"); the substring tests first, as they are cheap.
                inner = any(map(raw.__contains__, _INNER_BY))
                if not inner or not names.opens_byline(raw.strip()):
                    continue
            left -= 1
            word = raw.strip().lstrip("|·• ")  # "<span>| By </span>": a separator first
            # "<span>By</span>", "<h2>Article written by:</h2>": the names follow it.
            alone = not _BY_WORD.sub("", word, count=1).strip() or names.is_lead_label(word)
            # A field labelled "Author(s)" names the writer even in a side box of facts beside the story.
            field = alone and _AUTHOR_FIELD.fullmatch(word) is not None
            element = node.parent
            for level in range(3):  # "<p>By Jane Roe</p>", "<div><span>By</span><span>Jane Roe</span></div>"
                if element is None:
                    break
                text = _line_of(element, word).lstrip("|·• ")
                if alone and text == word:
                    # "<h3>Author</h3><p>Jane Roe</p>"; an author card's "<p>Jane Roe</p><p>| Author</p>"
                    text = f"{word} {_next_value(element) or (_next_value(element, step='prev') if field else '')}"
                elif alone and word in text:
                    start = text.index(word) + len(word)  # "yas! | By Jane Roe": a label before the byline
                    text = f"{word} {text[start:]}"
                if len(text) > 100 and field and level == 0:
                    text = f"{word} {_inline_run(node)}"  # "...<br>Autor: <a>Rechtsanwalt</a> Jane Roe</div>"
                if len(text) > 100:
                    break
                if _BY_WORD.sub("", text, count=1).strip():
                    if _in_chrome(element, asides=not field) or not field and noise.in_noise(element) or _in_teaser(element, text):
                        break
                    if in_story and (not noise.state(element).inside or _WRITER_LABEL.match(text) is None):
                        break  # a teaser's "By Jane Roe" may sit in the story's box too; "Written by" may not
                    people = names.byline_names(text, whole=self.is_site_name)
                    # One capitalised word is a name only under a label that says so ("Posted by Konstantin").
                    named = _WRITER_LABEL.match(text) is not None and len(people) == 1 and people[0][:1].isupper()
                    if people and (named or all(names.looks_like_person(n) for n in people)):
                        if not all(self._is_organization(n) for n in people):
                            return _unique(Author(name=n) for n in people)
                        organizations = organizations or _unique(Author(name=n) for n in people)
                    break
                element = element.parent
        return organizations

    @cached_property
    def _openings(self) -> int:
        """How many of the body's text nodes may open a "By" line (see _opening_texts). Where there are
        none, as on most pages, the walk of the tree is not made; elsewhere it ends at the last one."""
        body = self.tree.body
        return _opening_texts("\x00" + body.text(deep=True, separator="\x00", skip_empty=True)) if body is not None else 0

    # -- dates -----------------------------------------------------------------------------

    @cached_property
    def _date_finder(self) -> dates.DateFinder:
        return dates.DateFinder(
            self.tree,
            self.url(),
            meta=self.doc.meta,
            jsonld=self.doc.jsonld,
            article=self.ld,
            language=self.language(),
            not_after=self.fetched_at,
            content=list(self.content.containers),
            elements=self.doc.elements,
            share=self.doc.body_share,
        )

    @cached_property
    def _published(self) -> dates.FoundDate | None:
        return self._date_finder.published()

    @cached_property
    def _modified(self) -> dates.FoundDate | None:
        return self._date_finder.modified()

    def published_raw(self) -> str | None:
        return self._published.raw if self._published else None

    def modified_raw(self) -> str | None:
        return self._modified.raw if self._modified else None

    def published_at(self) -> datetime | None:
        """The publication date, parsed in any supported language."""
        return self._parsed(self.published_raw(), self._published)

    def modified_at(self) -> datetime | None:
        return self._parsed(self.modified_raw(), self._modified)

    def _parsed(self, raw: str | None, found: dates.FoundDate | None) -> datetime | None:
        if found is not None and raw == found.raw:
            return found.value
        return dates.parse_date(raw, month_first=self._date_finder.month_first)

    # -- comments --------------------------------------------------------------------------

    def comments(self) -> list[RawComment]:
        """Comments in WordPress-style lists: ``li.comment`` items, replies nested in ``.children``."""
        container = self._comment_list()
        if container is None:
            return []
        out: list[RawComment] = []
        self._comment_items(container, None, out, 0)
        return out

    def _comment_list(self) -> LexborNode | None:
        """``self.tree.css_first(_COMMENT_LISTS)``, looked for only inside the page's comment boxes (every
        match is one or lies inside one): most pages have none, and the walk of the whole tree is saved. The
        boxes are in page order, and one's matches come before any later box's, unless inside it."""
        for box in self.doc.comment_boxes:
            found = box.css_first(_COMMENT_LISTS)
            if found is not None:
                return found
        return None

    def _comment_items(self, container: LexborNode, parent_key: str | None, out: list[RawComment], depth: int) -> None:
        if depth > 30 or len(out) >= 5000:
            return
        for item in container.iter():
            if item.tag not in ("li", "article", "div"):
                continue
            classes = item.attributes.get("class") or ""
            if "comment" not in classes and "pingback" not in classes and "trackback" not in classes:
                continue
            raw = self._comment(item, parent_key, len(out))
            if raw is not None:
                out.append(raw)
            for children in item.iter():
                if _is_replies(children):
                    self._comment_items(children, raw.key if raw else parent_key, out, depth + 1)

    def _comment(self, item: LexborNode, parent_key: str | None, position: int) -> RawComment | None:
        body = _own(item, ".comment-content, .comment-body > p, .comment-text, .comment_text, [itemprop=text], .text")
        author = _own(item, ".comment-author .fn, .comment-author cite, .fn, .comment-author, [itemprop=author], .author")
        when = _own(item, "time[datetime], .comment-meta time, .comment-metadata time, .comment-date, .comment-meta a, .comment-metadata a")
        published = None
        if when is not None:
            published = clean_text(when.attributes.get("datetime")) or clean_text(when.text())
        text = text_of(body, breaks=True) if body is not None else None
        if not text:
            return None
        key = item.attributes.get("id") or None
        name = clean_text(_BY.sub("", text_of(author) or "")) if author is not None else None
        if name:
            name = re.sub(r"\s+(?:says|sagt|dit|dice|scrive|schreef|skriver):?$", "", name, flags=re.I) or None
        return RawComment(key=key, parent_key=parent_key, author=name, published_raw=published, text=text)


# -- helpers -----------------------------------------------------------------------------------


def _unique(authors: Iterable[Author]) -> list[Author]:
    """Each name once (case folded), first occurrence kept; ten at most."""
    out: list[Author] = []
    for author in authors:
        if all(author.name.casefold() != a.name.casefold() for a in out):
            out.append(author)
    return out[:10]


def _joined(previous: LexborNode, node: LexborNode) -> bool:
    """Whether ``node`` follows ``previous`` in the same box with nothing but separators between them
    ("Jane Roe, John Doe", "Jane Roe and John Doe"), not a label ("Fact-checked by", "Contributions from")."""
    box = _ancestors(previous)
    if node.mem_id == previous.mem_id or node.mem_id in box or previous.mem_id in _ancestors(node, 40):
        return False  # one inside the other: the same byline twice
    parent = node.parent
    for _ in range(3):
        if parent is None or parent.mem_id in box:
            break
        if _CREDITED.intersection(_CLASS_WORDS.split((parent.attributes.get("class") or "").lower())):
            return False  # "<span class='author-meta expert'>": the expert who reviewed the story
        parent = parent.parent
    if parent is None or parent.mem_id not in box:
        return False
    text, before, after = parent.text(deep=True), previous.text(deep=True).strip(), node.text(deep=True).strip()
    if not before or not after:
        return False
    start = text.find(before)
    end = text.find(after, start + len(before)) if start >= 0 else -1
    if end < 0:
        return False
    between = text[start + len(before):end]
    if _JOINER.fullmatch(between) is not None or _JOINER.fullmatch(names.without_degrees_between(between)) is not None:
        return True  # "Jane Roe and John Doe"; "Jane Roe, MD, and John Doe" (her degrees outside her link)
    # "Jane Roe, 4+ years covering hardware<br>John Doe, senior editor": each on a line of their own, with a note.
    return between.lstrip().startswith(",") and len(between) <= 2 * MAX_NAME_LINE and _starts_line(previous) and _starts_line(node)


def _starts_line(node: LexborNode) -> bool:
    """Whether an element (with the inline tags around it) opens a line: a ``<br>`` or nothing before it."""
    while node.parent is not None and node.parent.tag in _INLINE_TAGS and _first_child(node.parent) == node.mem_id:
        node = node.parent
    before = node.prev
    while before is not None and before.tag in ("-text", "-comment") and not (before.text_content or "").strip():
        before = before.prev
    return before is None or before.tag == "br"


def _first_child(node: LexborNode) -> int | None:
    child = node.child
    while child is not None and child.tag in ("-text", "-comment") and not (child.text_content or "").strip():
        child = child.next
    return child.mem_id if child is not None else None


def _placed(node: LexborNode) -> LexborNode:
    """The element whose place says whether a byline sits in noise: the byline's parent when its own class
    names it one ("hero-banner__author": a byline in the banner, not a banner), else the byline itself."""
    classes = (node.attributes.get("class") or "").lower()
    named = ("author" in classes or "byline" in classes) and "comment" not in classes
    return node.parent if named and node.parent is not None else node


def _beside_date_line(node: LexborNode) -> bool:
    """Whether the element printed just before or after ``node`` is a short line that opens with a date
    ("23.07.2025 · 6 min read", "March 3, 2025"): the two make a byline without a "By"."""
    for step in ("prev", "next"):
        sibling = getattr(node, step)
        while sibling is not None and sibling.tag in ("-text", "-comment"):
            sibling = getattr(sibling, step)
        if sibling is None or len(sibling.text(deep=True)) > 2 * MAX_NAME_LINE:
            continue
        text = text_of(sibling)
        found = next(find_printed_dates(text), None) if text and len(text) <= MAX_NAME_LINE else None
        if found is not None and not text[:found.start].strip():
            return True
    return False


def _neighbours(heading: LexborNode, *, before: bool = True) -> list[LexborNode]:
    """The elements printed next to a headline: two siblings before (unless not ``before``) and after it and its
    parent."""
    out: list[LexborNode] = []
    for node in (heading, heading.parent):
        for step in ("prev", "next") if before else ("next",):
            sibling, seen = getattr(node, step) if node is not None else None, 0
            while sibling is not None and seen < 2:
                if sibling.tag not in ("-text", "-comment"):
                    out.append(sibling)
                    seen += 1
                sibling = getattr(sibling, step)
    return out


def _label_before(node: LexborNode) -> str:
    """The few words printed just before ``node`` in its parent ("Reviewed by", "Written by"), or in the
    parent of a wrapper that holds nothing before it ("Übersetzung <span><a>Jane Roe</a></span>"), up to
    ``LABEL_LEVELS`` elements up."""
    own = node.text(deep=True).strip()
    parent = node.parent
    for _ in range(LABEL_LEVELS):
        if parent is None or not own:
            break
        text = parent.text(deep=True)
        start = text.find(own)
        if start > 0 and text[:start].strip():
            return clean_text(text[max(0, start - MAX_LABEL):start]) or ""
        if start < 0:
            break
        parent = parent.parent
    return ""


def _set_apart(paragraph: LexborNode) -> bool:
    """Whether a paragraph is set apart from the text: aligned right, or all of it bold or italic."""
    style = (paragraph.attributes.get("style") or "").replace(" ", "").lower()
    if (paragraph.attributes.get("align") or "").lower() == "right" or "text-align:right" in style:
        return True
    children = [n for n in paragraph.iter(include_text=True) if n.tag != "-comment" and (n.tag != "-text" or (n.text_content or "").strip())]
    return len(children) == 1 and children[0].tag in _EMPHASIS and (text_of(children[0]) or "") == text_of(paragraph)


def _person_key(name: str) -> str:
    """A name compared without case, an honorific or degrees ("Dr. Jane Roe, PhD" is "jane roe")."""
    return names.without_honorific(names.without_letters(name)).casefold()


def _is_login(text: str) -> bool:
    """An account name a page may give as its author ("jane_roe84"), not an e-mail or a template key."""
    return len(text) <= MAX_LOGIN and names.is_login(text) and _LOGIN.fullmatch(text) is not None


def _not_a_byline(node: LexborNode) -> bool:
    """An element beside the names in a byline: a tag or section link, an author's bio or description."""
    href = (node.attributes.get("href") or "") if node.tag == "a" else ""
    classes = _CLASS_WORDS.split((node.attributes.get("class") or "").lower())
    return _TOPIC_PATH.search(href) is not None or any(c in _BESIDE_BYLINE for c in classes)


def _in_licence(node: LexborNode) -> bool:
    """A name in a picture's licence box ("<div class='license-info'>CC BY-SA <span class='author-name'>
    <a class='license-author'>Jane Roe</a></span>"): the photographer or the file's uploader, credited as
    the licence asks, not the story's writer. Read in the element, its first link and a few elements up."""
    element: LexborNode | None = node
    for _ in range(LICENCE_LEVELS + 1):  # the element and its ancestors first: attribute reads, no selector
        if element is None:
            break
        if _licence_class(element):
            return True
        element = element.parent
    link = None if node.tag == "a" else node.css_first("a")
    return link is not None and _licence_class(link)


def _licence_class(element: LexborNode) -> bool:
    return any(word.startswith(_LICENCE_WORDS) for word in _CLASS_WORDS.split((element.attributes.get("class") or "").lower()))


def _in_teaser(node: LexborNode, text: str) -> bool:
    """A byline inside a link to another story: a teaser card ("<a href='/2023/other'><h4>Other story</h4>
    <span class='author'>Von Jane Roe</span></a>"), not the page's own byline, whatever its class says."""
    parent, levels = node.parent, 0
    while parent is not None and levels < 4:
        if parent.tag == "a":
            href = parent.attributes.get("href") or ""
            return _AUTHOR_PATH.search(href) is None and len(text_of(parent) or "") > 2 * len(text) + 20
        parent, levels = parent.parent, levels + 1
    return False


def _listed_by_words(
    wider: list[LexborNode], attribute: str, parts: tuple[tuple[bytes, ...], ...], but: frozenset[str]
) -> list[LexborNode]:
    """What lexbor lists for a selector of ``[attribute*="w" i]`` parts (a part of several words: one such
    test each) but of the tags ``but``, read from the listing of a wider selector that lists each of those
    elements (see _WORDS_OF).

    As lexbor does: page order, each element once for each part it matches, a word matched in the value's
    UTF-8 bytes with ASCII letters folded (``bytes.lower``; lexbor folds no other letter). The wider listing
    holds an element once per part of its own, one after the other: the repeats are skipped."""
    found: list[LexborNode] = []
    last = None
    for node in wider:
        if node.mem_id == last:
            continue
        last = node.mem_id
        if node.tag in but:
            continue
        folded = (node.attributes.get(attribute) or "").encode().lower()
        found += [node] * sum(all(word in folded for word in words) for words in parts)
    return found


def _opening_texts(text: str) -> int:
    """How many of the texts in ``text`` (the body's text nodes, each after a NUL: no text node holds one,
    as the parser drops or replaces NULs) may open a "By" line: never fewer than _find_by_line reads further,
    so its walk may end at the last. A few searches of the whole text cost about a third of that walk.

    Counted are the texts _BYLINE_OPENING matches and those holding a "by" word that open with lead words
    ("Text von Jane Roe"). Blank texts may be left out of ``text`` (``skip_empty``): they open nothing."""
    starts = {match.start() for match in _OPENING_NODE.finditer(text)}
    for inner in _INNER_BY:
        at = text.find(inner)
        while at != -1:
            start, end = text.rfind("\x00", 0, at), text.find("\x00", at)
            if _LEAD_NODE.match(text, start):
                starts.add(start)
            at = text.find(inner, end) if end != -1 else -1  # the next text holding one
    return len(starts)


def _line_of(element: LexborNode, word: str) -> str:
    """An element's text up to the end of the line holding ``word`` (a "By" line with its names): a place
    or a note on the lines after it is no part of the byline ("Von Jane Roe<br><br>Kakuma")."""
    text = text_of(element) or ""
    if word not in text:
        return text
    lines = (text_of(element, breaks=True) or "").splitlines()
    at = next((i for i, line in enumerate(lines) if word in line), None)
    if at is None or at + 1 == len(lines) or lines[at].rstrip().endswith(word):
        return text  # the names, if any, are on the next line
    return " ".join(lines[: at + 1])


def _inline_run(label: LexborNode) -> str:
    """The text after a label up to the next line break or block, when short: the value of a field
    printed inside a longer element."""
    parts: list[str] = []
    node = label.next
    while node is not None and sum(len(p) for p in parts) <= MAX_NAME_LINE:
        if node.tag == "-text":
            text = node.text_content or ""
            if BREAK in text:
                parts.append(text.split(BREAK, 1)[0])
                break
            parts.append(text)
        elif node.tag in _INLINE_TAGS:
            parts.append(node.text(deep=True))
        elif node.tag != "-comment":
            break  # a <br> or a block ends the line
        node = node.next
    text = clean_text(" ".join(parts)) or ""
    return text if len(text) <= MAX_NAME_LINE else ""


def _next_value(label: LexborNode, step: str = "next") -> str:
    """The short text of the element after a label (``step="prev"``: before it), its lines (a list of
    names) joined by commas."""
    node = getattr(label, step)
    while node is not None and node.tag in ("-text", "-comment") and not (node.text_content or "").strip():
        node = getattr(node, step)
    text = text_of(node, breaks=True) if node is not None and node.tag not in ("-text", "-comment") else None
    lines = (text or "").splitlines()
    return ", ".join(lines) if lines and all(len(line) <= MAX_NAME_LINE for line in lines) else ""


def _ancestors(node: LexborNode, levels: int = 3) -> set[int]:
    """The ids of a node's nearest ancestors: two elements sharing one sit in the same box."""
    out: set[int] = set()
    parent = node.parent
    while parent is not None and len(out) < levels:
        out.add(parent.mem_id)
        parent = parent.parent
    return out


def _own(item: LexborNode, css: str) -> LexborNode | None:
    """The first match of ``css`` inside a comment but not inside one of its replies."""
    return own_match(item, css, _is_replies)


def _is_replies(node: LexborNode) -> bool:
    return node.tag in ("ul", "ol", "div") and "children" in (node.attributes.get("class") or "")


_WORD_RUN = re.compile(r"\w+")


# The word helpers below are asked of the same few texts (declared titles, headings) many times a page;
# they remember their answers, which no caller changes.
@lru_cache(maxsize=1024)
def _words(text: str) -> set[str]:
    return set(_WORD_RUN.findall(text.casefold()))


def _similarity(a: Counter[str], b: Counter[str]) -> float:
    """Dice coefficient of two bags of words: 1.0 for the same words, 0.0 for none shared."""
    if not a or not b:
        return 0.0
    shared = sum(min(count, b[word]) for word, count in a.items() if word in b)
    return 2 * shared / (sum(a.values()) + sum(b.values()))


@lru_cache(maxsize=1024)
def _bag(text: str) -> Counter[str]:
    return Counter(_WORD_RUN.findall(text.casefold()))


def _trust(match: tuple[float, str], references: list[Counter[str]], declared: int) -> int:
    """Rank (0 is first) of the declared title a heading's best match is with; ``references`` holds each
    declared title, then each again without its site name."""
    score, text = match
    bag = _bag(text)
    return next((i % declared for i, ref in enumerate(references) if _similarity(bag, ref) == score), declared)


def _stems(text: str) -> Counter[str]:
    """A text's words cut to their first letters, so "Joghurt" and "Joghurts" count as one word."""
    return Counter(word[:STEM_LETTERS] for word in _WORD_RUN.findall(text.casefold()))


# The source's host after a headline, as link aggregators print it: "Headline (example.com)".
_SOURCE_HOST = re.compile(r"\s*\((?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\)$")
_SENTENCE_BREAK = re.compile(r"[.?!]\s+[A-Z]")
# A separator at the point where one declared title goes on past another: a suffix, not a cut.
_SEPARATOR_NEXT = re.compile(r"\s+(?:[|–—·•»\-/:_]{1,2}|::)\s+")
# Characters from which a declared title that another one goes on from may have been cut by a length limit.
_CUT_TITLE = 60
# Class names of a kicker (a label line printed above or before a headline, inside its heading element).
_KICKER = re.compile(r"kicker|dachzeile|overline|topline|eyebrow|spitzmarke|roofline|supertitle|pretitle|subtitle|titleheader|label\b", re.I)
# Words of a kicker set apart by a separator element; a separator is punctuation alone (" – ", ": ").
KICKER_WORDS = 6
_SEPARATOR_ONLY = re.compile(r"[\s:–—\-|·•/]+")


def _is_lede(text: str, declared: list[str]) -> bool:
    """Whether a heading holds sentences of a lede rather than a headline: two or more of them, and
    over twice as long as any title the page declares."""
    return bool(declared) and len(text) > 2 * max(len(t) for t in declared) and _SENTENCE_BREAK.search(text) is not None


def _untruncated(title: str, declared: list[str]) -> str:
    """``title``, or the shortest longer declared title it is the cut start of; not one that goes on
    with a separator (that is a site suffix).

    Some SEO plugins cut ``headline`` at 110 characters, and a ``"`` left unescaped in a ``content``
    attribute ends the value early (``content="Senator calls Biden "unfit""``).
    """
    longer = [
        t for t in declared
        if len(t) > len(title) + 1 and t.startswith(title) and t[len(title)] == " " and not _SEPARATOR_NEXT.match(t, len(title))
        and (len(title) >= _CUT_TITLE or t[len(title) + 1] == '"')
    ]
    return min(longer, key=len) if longer else title


def _unglued(title: str, headings: list[str]) -> str:
    """``title`` with a separator where it runs a printed headline into the next words without a space:
    a template that joins the post's title and the site's name ("Truckwash A31Das andere Branchenbuch",
    the ``<h1>`` "Truckwash A31"). The title goes on with a capital right after the heading's last letter
    or digit; a title merely opening with the heading's words ("Harbour vote passes in landslide") has a
    space there. Headings of two words or more: a one-word logo may open a longer name ("HarbourTimes")."""
    for heading in headings:
        end = len(heading)
        if " " in heading and len(title) > end + 1 and title.startswith(heading) and heading[-1].isalnum() and title[end].isupper():
            return f"{heading} | {title[end:]}"
    return title


def _without_kicker(node: LexborNode, depth: int = 0) -> str | None:
    """A heading's text after its leading kicker child, or None without one.

    A kicker is a first child element whose class names it, or a short one (``KICKER_WORDS``) that a
    separator element sets apart ("<span>Harbour</span><span> – </span><span>Vote passes</span>");
    the separator goes too. A heading wrapped in one link is read inside the link.
    """
    children = [c for c in node.iter(include_text=True) if c.tag != "-comment" and (c.tag != "-text" or (c.text_content or "").strip())]
    if not children or children[0].tag == "-text":
        return None  # the heading opens with its own text: no kicker first
    if len(children) == 1:
        return _without_kicker(children[0], depth + 1) if depth < 2 else None
    first = children[0]
    separated = len(children) > 2 and children[1].tag != "-text" and _SEPARATOR_ONLY.fullmatch(text_of(children[1]) or "") is not None
    # Set in small type: "<small>Kicker</small><br>Headline", "<span class="h1small">Kicker</span> Headline".
    small = first.tag == "small" or "small" in (first.attributes.get("class") or "").lower()
    short = len((text_of(first) or "").split()) <= KICKER_WORDS
    if not _KICKER.search(first.attributes.get("class") or "") and not ((separated or small) and short):
        return None
    rest = [clean_text(c.text_content) if c.tag == "-text" else text_of(c) for c in children[1:]]
    text = clean_text(" ".join(r for r in rest if r).lstrip(" :–—-|·"))
    return text if text and len(text) > 3 else None


def _heading_parts(node: LexborNode) -> list[str]:
    """Texts of a heading's children, text runs included (one wrapper deep), for kickers and labels in it."""
    parts = _child_texts(node)
    if len(parts) == 1:
        wrapper = next((c for c in node.iter() if c.tag and c.tag[0] != "-"), None)
        parts = _child_texts(wrapper) if wrapper is not None else []
    return parts if len(parts) > 1 else []


def _child_texts(node: LexborNode) -> list[str]:
    texts = []
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            text = clean_text(child.text_content)
        elif child.tag and child.tag[0] != "-" and child.tag not in ("script", "style"):
            text = text_of(child)
        else:
            continue
        if text:
            texts.append(text)
    return texts[:8]


def _all_link(node: LexborNode) -> bool:
    """Whether the whole text of ``node`` is that of one link in it (or its own, for a link)."""
    link = node if node.tag == "a" else node.css_first("a[href]")
    return link is not None and link.attributes.get("href") is not None and text_of(link) == text_of(node)


def _is_heading(node: LexborNode) -> bool:
    """A heading, or an element holding one: a headline or section title, never a byline; unless the
    heading is the name in an author card (``<h2 class="author-name">``)."""
    heading = node if node.tag in ("h1", "h2", "h3") else node.css_first("h1, h2, h3")
    return heading is not None and "author" not in (heading.attributes.get("class") or "").lower()


def _in_chrome(node: LexborNode, *, asides: bool = True) -> bool:
    """Whether ``node`` sits in navigation or a form, or in a footer or (with ``asides``) aside of the page.

    A footer or aside inside an ``<article>`` belongs to the article (its byline is often there).
    """
    tags: list[str] = []
    parent = node.parent
    while parent is not None and len(tags) < 40:
        tags.append(parent.tag or "")
        parent = parent.parent
    if any(tag in ("nav", "menu", "form") for tag in tags):
        return True
    chrome = next((i for i, tag in enumerate(tags) if tag == "footer" or asides and tag == "aside"), None)
    # An unclosed <aside> or <footer> holding the page's <main>: the browser wraps it round the page.
    return chrome is not None and "article" not in tags[chrome + 1:] and "main" not in tags[:chrome]


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
