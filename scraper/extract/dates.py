"""Publication and update dates of a page, from the most trusted source that has one.

Order of trust for the publication date:

1. declared: JSON-LD ``datePublished`` (else ``dateCreated``) of the article object, else of a
   WebPage object; then ``<meta>`` ``article:published_time`` and its OpenGraph/Dublin Core/Parse.ly/
   Sailthru/citation cousins, then a plain ``date`` meta, then any vendor-prefixed name ending in
   "published date/time" (``w-published-date``); then markup that says "publication date"
   (``itemprop="datePublished"``, ``<time pubdate>``, hAtom ``published``), unless a list repeats
   it on every teaser;
2. the URL: ``/2019/10/18/``, ``/2019-10-18-``, ``/20191018/``, ``/2019/october/18/`` (complete dates only);
3. the page itself: every ``<time datetime>`` and every date printed in the visible text is scored
   by where it sits (a date line under the headline or at the top of the article, a byline, a
   ``time``/``date``/``meta``-named element, a "published"/"veröffentlicht am" label) and the best
   one wins if it scores enough (a date in the middle of a paragraph's prose, something the story
   talks about, earns nothing for its place); a ``<time>`` near the headline, or a printed date
   line with a clock time, comes before a URL that gives only the day;
4. a teaser of the page itself, when nothing above dates it: the one day printed in a short list item
   or card that links to the page's own URL (a "latest posts" widget listing this post).

When declared sources disagree on the day, witnesses decide: other JSON-LD objects, the URL and the
best date line on the page each vote for the day they show, and so, at half weight, does the one day
readers see printed (a page that prints a single day besides the declared update's); a tie goes to
the most trusted source.
A declared publication yields to a strong date line the page prints with another day (a dated
byline, a ``<time>`` under the headline; a plainer one when the URL shows its day too) when the
page shows the declared day nowhere (or only after an "updated" label: then the declared value is
the revision's), the URL does not give another, no "updated" label stands before the printed date,
a declared update (if any) is on one of the two days unless the declared day is printed as the
update, and either the URL shows the printed day too or no offset could make the two the same
instant (a printed clock time must lie within 14 hours of the declared instant): the page states
its date there, and a declared value it never shows is a CMS's idea (a save stamp, a first draft).
A date printed after "updated" (the label may sit in an element of its own) is a revision's: it
ranks below any other date line, but is still the page's date when the page prints no other.

Offsets are the page's own, never made up. A declared value keeps the offset it declares, and a UTC
value stays UTC, unless the page itself states the local time of the same instant: another declared
value with an offset, or a wall-clock time without one (a declared ``2023-11-08 18:09:55``, a printed
``Nov. 8, 2023, 10:28 p.m.``) that lies a whole number of quarter hours (up to 14 hours) from it;
that difference becomes the offset. So a UTC timestamp whose day differs from the day the page
prints, and which the page gives no local time for, keeps its UTC day. The update date comes from
declared sources only.

Every value is read by the project's one date parser, :func:`scraper.normalize.parse_date` (ISO
8601, RFC 2822, Unix time and printed dates in many languages; see
:func:`scraper.normalize.find_printed_dates`). Ambiguous numeric dates follow one rule
(:func:`scraper.normalize.month_first`): a number above 12 is the day; otherwise ``/`` and ``-``
dates are month first on ``en``/``en-US`` pages and day first elsewhere, and dotted dates are
always day first; the other reading wins when only it is a day the page also states in
machine-readable form (``<time datetime>``, an ISO value in ``<meta>`` or JSON-LD, the URL).

Never used: dates inside comments, related-article and teaser lists, sidebars, navigation, page
headers (today's date in a masthead) and footers (where copyright lines live; an article's own
header and footer and a short ``<aside>`` inside the article are fine, and so is a date a longer
one labels "published": the article's side box of facts about itself), quotes and embedded posts
(``<blockquote>``), infoboxes and fact boxes, tables (unless the table lays out the article itself),
dates of a repeated shape below the article's date line (a card grid of teasers), dates after the
page was fetched, and dates outside 1995..2100. An element that holds the article body is never noise, whatever its class says.
A printed date without a time is midnight UTC and one with a time but no zone is that wall-clock time
labelled UTC, so its day stays as written. Everything here is pure: the upper bound comes from
``fetched_at``, never from a clock.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

import attrs
from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.errors import InvalidURL
from scraper.extract import metadata
from scraper.extract.base import PageShare, cached_property, elements_by_tag
from scraper.normalize import (  # noqa: F401 - parse_date, search_text_date, MIN_YEAR: the one parser, re-exported
    MIN_YEAR,
    MONTHS,
    PrintedDate,
    absolute_url,
    clean_text,
    find_printed_dates,
    month_first,
    parse_date,
    search_text_date,
    split_url,
)

MIN_YEAR = 1995
# The most text read from one date-bearing element; longer ones are paragraphs, not date lines.
MAX_DATELINE = 400
# Dates read in the visible-text stage, at most (keeps huge pages cheap).
MAX_TEXT_CANDIDATES = 240
# A label before a <time> is read from this many characters before it.
LABEL_CHARS = 40
# A label is read from the element around a date's element only when that holds at most this much text.
MAX_LABEL_LINE = 200
# How far before a <time> its text is looked for in its parent's text (see _ParentTexts.before).
LABEL_WINDOW = 2_000

PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "article:published", "og:published_time",
    "datepublished", "publishdate", "publish-date", "publish_date", "pubdate", "publication_date",
    "publicationdate", "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created",
    "dc.date", "dcterms.date", "citation_publication_date", "citation_date", "citation_online_date",
    "prism.publicationdate", "sailthru.date", "parsely-pub-date", "article.published", "article_date_original",
    "article.created", "originalpublicationdate", "cxenseparse:recs:publishtime", "date.created",
    "bt:pubdate", "rnews:datepublished", "og:pubdate", "date_published", "release_date", "created",
    "datecreated", "date", "dc.created", "published", "published_time", "published-date", "sort_date",
)
MODIFIED_META = (
    "article:modified_time", "og:article:modified_time", "og:updated_time", "article:modified",
    "datemodified", "dc.date.modified", "dcterms.modified", "last-modified", "lastmod", "modified",
    "date_modified", "updated", "update_date", "revised",
)

# Markup that says "publication date" besides itemprop (see DateFinder.from_markup).
_MARKUP_CSS = "time[pubdate], abbr.published[title], time.published, time.entry-date, .published[title]"
_ITEMPROP_OR_MARKUP_CSS = f"[itemprop], {_MARKUP_CSS}"
# A vendor-prefixed <meta> name for the publication time ("w-published-date", "sw-pubdate").
_PUBLISHED_META_NAME = re.compile(r"[:._-](?:article[:._-])?(?:first[._-])?(?:publish(?:ed)?|pub)[._-]?(?:date|time)$")
_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d\d)[/_-](?P<m>[01]?\d)[/_-](?P<d>[0-3]?\d)(?:[/_.-]|$)"
    r"|/(?P<cy>(?:19|20)\d\d)(?P<cm>[01]\d)(?P<cd>[0-3]\d)(?:[/_.-]|$)"
    r"|[/_-](?P<dy>(?:19|20)\d\d)-(?P<dm>[01]\d)-(?P<dd>[0-3]\d)(?:[/_.-]|$)"
    r"|/(?P<ny>(?:19|20)\d\d)/(?P<nm>[a-z]{3,9})/(?P<nd>[0-3]?\d)(?:[/_.-]|$)",  # /2023/october/03/
    re.I,
)
# Ancestors whose dates are never the article's: words of their class or id start with one of these.
_NOISE_PREFIXES = (
    "comment", "related", "sidebar", "widget", "footer", "recommend", "trending", "popular",
    "latest", "newsletter", "promo", "archiv", "calendar", "kalender", "nav", "menu", "breadcrumb",
    "reply", "replies", "disqus", "respond", "pingback", "trackback", "cookie", "banner", "topbar",
    "masthead", "ticker", "rail", "aside", "pagination", "pager", "product",
    "weather", "wetter", "more", "weitere", "similar", "readmore", "recent", "swiper", "carousel", "slider",
)
# Noise words that count anywhere in a class ("sticky-sidebar"), not only first ("elementor-widget" is not).
_STRONG_NOISE_PREFIXES = (
    "sidebar", "related", "recommend", "trending", "popular", "newsletter", "promo", "breadcrumb",
    "banner", "cookie", "masthead", "ticker", "comment", "disqus",
)
# Noise words that must be the whole word ("prev" but not "preview").
_NOISE_WORDS = frozenset(("next", "prev", "previous", "nextprev", "ads", "ad", "teasers", "shop", "shopping"))
_COMMENT_PREFIXES = ("comment", "reply", "replies", "respond", "disqus", "pingback", "trackback")
_ARTICLE_WORDS = frozenset(("article", "content", "main", "story", "entry", "post", "body", "hentry", "single", "blog", "node"))
# Class/id first words of an element holding one article (its footer holds the article's date).
_ARTICLE_HEADS = frozenset(("article", "entry", "post", "story", "hentry", "node", "single", "blog"))
_CLASS_WORDS = re.compile(r"[\s_\-]+")
# Class words of boxes of facts beside the story (an infobox's dates belong to its subject).
_BOX_PREFIXES = ("infobox", "factbox", "factsheet", "keyfacts", "steckbrief")
# Tags whose dates are never the article's; a <blockquote> quotes another text (an embedded post, a letter).
_NOISE_TAGS = frozenset(("aside", "blockquote", "nav", "select", "option", "button", "script", "style", "template", "noscript"))
MIN_TEXT_SCORE = 2.0
# This many dates in elements of one shape, on more than one day, are a list of teasers.
MIN_TEASERS = 3
# An "updated" label costs a date this much against the others; alone, it is still the page's date.
UPDATE_PENALTY = 3.0
# An <h1> this long that repeats the page title is the headline (shorter ones may be a site name).
MIN_HEADLINE_CHARS = 10
# A date line this strong (a dated byline, a <time> under the headline, a plain date line under it
# in the URL's month) outweighs a declared date the page never shows (fitted on all four corpora).
STRONG_DATELINE = 6.0
# A declared publication this close to the declared modification is the time of one save.
SAVE_WINDOW = timedelta(minutes=10)
# When declared publication dates disagree, the one day readers see printed on the page (besides
# the declared update's day) counts as half a witness for the declared value on that day.
VISIBLE_SUPPORT = 0.5
# A date line this strong (a plain date under the headline) outweighs a declared save stamp.
SAVE_STAMP_DATELINE = 5.0
# The widest offsets in use (UTC-12 to UTC+14): how far a UTC instant's local day can be from its UTC day.
MAX_OFFSET = timedelta(hours=14)
# A list item or card with at most this much text, linking to the page itself, is a teaser of it.
MAX_TEASER_CHARS = 300
# A paragraph longer than this is prose: a date in its middle is a date the story mentions.
PROSE_CHARS = 100
# Paragraph-like blocks, and the inline elements a date can sit in inside one (see _TextScan._line).
_PARAGRAPHS = frozenset(("p", "li", "blockquote", "dd"))
_INLINE = frozenset(("a", "span", "em", "strong", "b", "i", "u", "small", "mark", "abbr", "cite", "q", "font", "sup", "sub"))
# An <aside> inside an article with at most this much text is the article's side note (a date line).
MAX_ASIDE_CHARS = 200
# A declared timestamp without an offset (local time as the page writes it).
_NAIVE = re.compile(r"^\s*\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?\s*$")
# A numeric date whose day and month could be swapped (both at most 12, "/" or "-" between).
_AMBIGUOUS = re.compile(r"(?<!\d)(?:0?[1-9]|1[0-2])[/-](?:0?[1-9]|1[0-2])[/-]\d")
_ISO_DAY = re.compile(r"^\s*\d{4}-\d\d-\d\d")
# A clock time in a declared value ("2019-10-18T10:30", "Fri, 18 Oct 2019 10:30:00").
_CLOCK = re.compile(r"\d:\d\d")
# A declared value that names its zone ("...Z", "...+02:00", "... GMT"); without one it is wall-clock time.
_ZONED = re.compile(r"(?:\dZ|[+-]\d\d:?\d\d|\b(?:GMT|UTC))\s*$", re.I)
# A text can hold a date only if it has a year (19xx, 20xx) or a short numeric date like 02.12.19.
# Written to start with \d, so the regex engine skips to the next digit instead of trying every
# position (2x faster over a page's text nodes than "(?:19|20)\d\d|\d[./-]\d\d?[./-]\d\d").
_HAS_DIGIT = re.compile(r"\d(?:(?<=1)9\d\d|(?<=2)0\d\d|[./-]\d\d?[./-]\d\d)")
_HAS_DIGIT_ASCII = re.compile(_HAS_DIGIT.pattern, re.ASCII)  # the same test, ~1.15x faster on ASCII text
_FIRST_DIGIT = re.compile(r"\d")


def _tag_ids() -> tuple[int, int, int]:
    """lexbor's numbers for a text node, ``<h1>`` and ``<time>`` (fixed: HTML defines these tags)."""
    _, h1, text, time = LexborHTMLParser("<h1>x</h1><time></time>").body.traverse(include_text=True)
    return text.tag_id, h1.tag_id, time.tag_id


_TEXT_TAG, _H1_TAG, _TIME_TAG = _tag_ids()

_LAST_DIGIT = re.compile(r"\d(?=\D*$)")
_LETTER = re.compile(r"[^\W\d_]")
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)[/_-]([01]?\d)(?:[/_-]|$)")
_DATEISH = re.compile(
    r"date|time|datum|fecha|data|publish|posted|created|submitted|byline|dateline|meta|info|stand|release|"
    r"zeit|subline|kicker|autor|author|header",
    re.I,
)
# The words that label a date as the story's publication or as its update, in the languages of the
# development sets and their neighbours; scoring.py reads them too (a dateline's label at the body's edge).
PUBLISHED_WORDS = (
    r"published|posted|veröffentlicht|publiziert|erschienen|erstellt|publié|publicado|pubblicato|"
    r"gepubliceerd|opublikowano|publikováno|publikované|julkaistu|publicerad|publisert|publiceret|"
    r"publicat|yayınlanma|yayınlandı|опубликовано|опубліковано|δημοσιεύθηκε|közzétéve"
)
MODIFIED_WORDS = (
    r"updated?|modified|aktualisiert|geändert|actualizado|actualisé|mis à jour|modifié|aggiornato|"
    r"atualizado|bijgewerkt|zuletzt|last edit|edited|revised|stand:|uppdaterad|oppdatert|opdateret|zaktualizowano|"
    r"aktualizacja|aktualizováno|aktualizované|güncellen|güncelleme|actualizat|päivitetty|frissítve|обновлено|оновлено|ενημερώθηκε"
)
_PUBLISHED_LABEL = re.compile(
    rf"(?:{PUBLISHED_WORDS}|datum|date|fecha|data)\s*(?:on|am|le|el|il)?\s*:?\s*(?:\w+,?\s*)?$",
    re.I,
)
_UNSHOWN_TAGS = frozenset(("script", "style", "noscript", "template", "textarea"))
# A publication label right before a date, no "date" word alone: what a last resort may read outside the story.
_STRICT_PUBLISHED_LABEL = re.compile(rf"(?:{PUBLISHED_WORDS})\s*(?:on|am|le|el|il)?\s*:?\s*$", re.I)
_WEAK_LABEL = re.compile(r"(?:^|\s)(?:am|vom|on|le|el|il|du|de|den|dne|z dnia|,)\s*(?:\w+\.?,?\s*)?$", re.I)
_MODIFIED_WORDS = re.compile(MODIFIED_WORDS, re.I)


_UNSET = object()


@attrs.frozen
class FoundDate:
    """A date found on a page: the value, the text it was read from, and where it was found."""

    value: datetime  # tz-aware; the offset the page declares, else UTC
    raw: str  # as declared or printed
    source: str  # jsonld | meta | markup | url | text
    score: float = 0.0  # text/markup found by the visible-text scan: how date-line-like its place is
    has_time: bool = False  # the value has a clock time, not only a day
    local: bool = False  # a clock time the page gives without an offset (the value labels it UTC)
    updated: bool = False  # printed after an "updated" label: the date of a revision, not of the story


# -- finding -----------------------------------------------------------------------------------


class DateFinder:
    """Looks for the publication and update dates of one parsed page, in the documented order."""

    def __init__(
        self,
        tree: LexborHTMLParser,
        url: str,
        *,
        meta: dict[str, str] | None = None,
        jsonld: list[dict[str, Any]] | None = None,
        article: dict[str, Any] | None = None,
        language: str | None = None,
        not_after: datetime | None = None,
        content: list[LexborNode] | None = None,
        elements: dict[str, list[LexborNode]] | None = None,
        share: PageShare | None = None,
    ) -> None:
        """``meta``, ``jsonld``, ``article`` and ``elements`` (the page's ``h1`` and ``time`` elements by
        tag, see :attr:`scraper.extract.base.Document.elements`) are read from the tree when not given;
        so is ``share``, the body's PageShare (:attr:`scraper.extract.base.Document.body_share`)."""
        self.tree = tree
        self.url = url
        self.meta = meta if meta is not None else metadata.meta_tags(tree)
        self.jsonld = jsonld if jsonld is not None else metadata.jsonld_objects(tree)
        self.article = article if article is not None else (metadata.article_object(self.jsonld) or {})
        self.month_first = month_first(language)
        self.not_after = (not_after + timedelta(days=1)) if not_after else None
        self.content = content or []
        self.elements = elements if elements is not None else elements_by_tag(tree, ("h1", "time"))
        self.noise = NoiseMap(tree.body, self.content, self._headline(), share=share)
        self._scanned: object = _UNSET
        self._founds: dict[tuple[str, str], FoundDate | None] = {}  # _found's answers: pages repeat a value
        self._seen_days: frozenset[date] = frozenset()  # the days the text scan saw outside noise, not after "updated"
        self._update_days: frozenset[date] = frozenset()  # the days it saw after an "updated" label
        self._visible_days: frozenset[date] = frozenset()  # the days it saw printed, not after "updated"

    def _headline(self) -> LexborNode | None:
        """The page's headline: the ``<h1>`` that repeats its title (``og:title``, else ``<title>``),
        else its only ``<h1>``; none shorter than ``MIN_HEADLINE_CHARS`` (a site name)."""
        title = self.meta.get("og:title") or self.meta.get("twitter:title")
        if not title:
            node = self.tree.css_first("title")
            title = node.text() if node is not None else ""
        title = (clean_text(title) or "").casefold()
        h1s = self.elements["h1"]
        for h1 in h1s[:5]:
            text = (clean_text(h1.text(deep=True)) or "").casefold()
            if len(text) >= MIN_HEADLINE_CHARS and (len(h1s) == 1 or text in title or title and title in text):
                return h1
        return None

    def plausible(self, value: datetime | None) -> bool:
        if value is None or value.year < MIN_YEAR:
            return False
        return self.not_after is None or value.astimezone(timezone.utc) <= self.not_after

    def _found(self, raw: Any, source: str) -> FoundDate | None:
        text = clean_text(metadata.ld_text(raw) if not isinstance(raw, str) else raw)
        if not text:
            return None
        known = self._founds.get((text, source), _UNSET)
        if known is _UNSET:
            known = self._founds[(text, source)] = self._read(text, source)
        return known  # type: ignore[return-value]

    def _read(self, text: str, source: str) -> FoundDate | None:
        """:meth:`_found` of a cleaned text (the same on every call: FoundDate is immutable)."""
        value = parse_date(text, month_first=self.month_first)
        if value is not None and _AMBIGUOUS.search(text):
            value = self.hinted(value, text)
        if not value or not self.plausible(value):
            return None
        return FoundDate(value=value, raw=text, source=source, has_time=bool(_CLOCK.search(text)), local=bool(_NAIVE.match(text)))

    def hinted(self, value: datetime, text: str) -> datetime:
        """``value`` read from an ambiguous numeric date, or its other reading (day and month
        swapped) when only that one is a day the page also states in machine-readable form."""
        other = parse_date(text, month_first=not self.month_first)
        if other is None or other.date() == value.date():
            return value
        days = self._stated_days
        return other if other.date() in days and value.date() not in days else value

    @cached_property
    def _stated_days(self) -> frozenset[date]:
        """Days the page states unambiguously: ``<time datetime>``, ISO values in ``<meta>`` and the
        article's JSON-LD, the URL. They settle ambiguous numeric dates printed on the same page."""
        times = [node for node in self.elements["time"] if "datetime" in node.attributes][:100]
        values = [node.attributes.get("datetime") for node in times]
        values += [value for value in list(self.meta.values())[:300] if _ISO_DAY.match(value)]
        values += [self.article.get(key) for key in ("datePublished", "dateModified", "dateCreated")]
        days = {found.date() for found in map(parse_date, values) if found is not None}
        url = self.from_url()
        return frozenset(days | {url.value.date()} if url else days)

    # -- publication -----------------------------------------------------------------------

    def published(self) -> FoundDate | None:
        """The publication date; see the module docstring for the order of sources.

        Declared sources (JSON-LD article, ``<meta>``, ``itemprop``/``pubdate`` markup) come first.
        When they disagree on the day, the day with the most witnesses wins (other JSON-LD objects,
        the URL, the best date line printed on the page, a ``<time>`` near the headline, and at half
        weight the only day the page prints besides the declared update's); on a tie, the most
        trusted source. A UTC timestamp that another source gives in local time becomes
        that local time, so the day stays as the page writes it.
        """
        declared = [
            found
            for found in (
                self.from_jsonld(("datePublished", "dateCreated", "uploadDate")),
                self.from_meta(PUBLISHED_META) or self._published_meta_like(),
                self.from_markup(),
            )
            if found is not None
        ]
        others = self._other_jsonld()
        url = self.from_url()
        if not declared and others:
            declared = others[:1]  # the page's main object is no article (a HowTo, a Recipe...)
        if not declared:
            printed = self.from_text()
            if printed is not None and (printed.source == "markup" or printed.has_time):
                return printed  # a date line with a time is more precise than a day in the URL
            return url or printed or self._own_teaser() or self._labelled_anywhere()
        everything = [*declared, *others, *([url] if url else [])]
        declared = [self._localized(found, everything) for found in declared]
        if len({found.value.date() for found in declared}) == 1:
            return self._unless_printed(declared[0], url)
        witnesses: list[tuple[FoundDate, float]] = [(found, 0.5) for found in others[:2]]
        if url is not None:
            witnesses.append((url, 1.0))
        printed = self.from_text()
        if printed is not None:
            witnesses.append((printed, 1.0))
        modified = self.modified()
        update_day = modified.value.date() if modified is not None else None
        best, best_support = declared[0], -1.0
        for found in declared:
            day = found.value.date()
            support = sum(  # a witness reading the very same value is the same evidence, not a second one
                weight for witness, weight in witnesses if witness.value.date() == day and witness.raw != found.raw
            ) + (VISIBLE_SUPPORT if self._visible_days - {update_day} == {day} else 0.0)
            if support > best_support:
                best, best_support = found, support
        return best

    def _unless_printed(self, found: FoundDate, url: FoundDate | None) -> FoundDate:
        """``found``, or the page's own date line when that shows another day and ``found``'s day is
        nowhere on the page, or only after an "updated" label (the declared value is the revision's).

        The date line must be strong (see ``STRONG_DATELINE``; less so against a declared publication
        that is only the time of a save, see ``SAVE_WINDOW``, or when the URL shows the same day),
        printed without an "updated" label, agree with the URL's day when the URL has one, and be the
        day of the declared modification when there is a third one (a date line between a declared
        publication and a later declared update is a display date of neither), unless the page
        prints the declared publication day as its update. A zoned timestamp whose instant some
        offset puts on the printed day (and printed clock time, if any) stays: that is a time zone
        question, settled by :meth:`_localized` when the page gives the local time, and the page
        gives no offset here; unless the URL shows the printed day as well, then two stated sources
        give the day the page is dated by.
        """
        printed = self.from_text()
        if printed is None or printed.updated or printed.source not in ("text", "markup"):
            return found
        modified = self.modified()
        saved = modified is not None and abs(modified.value - found.value) <= SAVE_WINDOW
        seconded = url is not None and url.value.date() == printed.value.date()
        if printed.score < (SAVE_STAMP_DATELINE if saved or seconded else STRONG_DATELINE):
            return found
        day, declared_day = printed.value.date(), found.value.date()
        if day == declared_day or declared_day in self._seen_days or (url is not None and url.value.date() != day):
            return found
        if modified is not None and modified.value.date() not in (day, declared_day) and declared_day not in self._update_days:
            return found
        if found.has_time and _ZONED.search(found.raw) and url is None and _same_instant_somewhere(found, printed):
            return found
        return printed

    def _own_teaser(self) -> FoundDate | None:
        """The day a teaser of this very page shows, for a page that dates itself nowhere else: a
        list item or card (``<li>``, ``<article>``) of at most ``MAX_TEASER_CHARS`` that links to the
        page's own URL (a "latest posts" widget listing it) and prints one day. Links with a fragment
        (a comment's permalink) are not the page's teaser."""
        own = _url_key(self.url)
        if own is None:
            return None
        last = own[1].rsplit("/", 1)[-1]  # a link to the page names its last path segment: a cheap first test
        for link in self.tree.css("a[href]"):
            href = link.attributes.get("href") or ""
            if last not in href or "#" in href or _url_key(absolute_url(href, self.url)) != own:
                continue
            item = link.parent
            for _ in range(2):
                if item is None or item.tag in ("li", "article"):
                    break
                item = item.parent
            if item is None or item.tag not in ("li", "article"):
                continue
            text = item.text(deep=True)
            if len(text) > MAX_TEASER_CHARS:
                continue
            found = [printed for printed in find_printed_dates(text, month_first=self.month_first) if self.plausible(printed.value)]
            if found and len({printed.value.date() for printed in found}) == 1:
                raw = text[found[0].start:found[0].end]
                return FoundDate(found[0].value, clean_text(raw) or raw, "text", has_time=found[0].has_time)
        return None

    def _labelled_anywhere(self) -> FoundDate | None:
        """A last resort for a page that dates itself nowhere else: the one day labelled as the publication's
        ("Erschienen am: 01.11.2023", "Published on 3 May 2021") wherever it is printed, a footer line or a side
        box included, which the date scan leaves out as chrome. None when labels give two days."""
        body = self.tree.body
        if body is None:
            return None
        found: list[FoundDate] = []
        for node in body.traverse(include_text=True, skip_empty=True):
            text = node.text_content if node.tag_id == _TEXT_TAG else None
            if not text or not 6 <= len(text) <= 2000 or not _HAS_DIGIT.search(text):
                continue
            parent = node.parent
            if parent is not None and parent.tag in _UNSHOWN_TAGS:
                continue  # a script's comment ("/* ad slot, erstellt 29.08.08 */") is nothing a reader sees
            for printed in find_printed_dates(text, month_first=self.month_first):
                label = text[max(0, printed.start - LABEL_CHARS):printed.start]
                if _STRICT_PUBLISHED_LABEL.search(label) and self.plausible(printed.value):
                    raw = text[printed.start:printed.end]
                    found.append(FoundDate(printed.value, clean_text(raw) or raw, "text", has_time=printed.has_time))
        return found[0] if found and len({f.value.date() for f in found}) == 1 else None

    def _other_jsonld(self) -> list[FoundDate]:
        """``datePublished`` of JSON-LD objects other than the article (witnesses, not sources)."""
        out = []
        for obj in self.jsonld[:50]:
            if obj is self.article or not isinstance(obj.get("datePublished"), str):
                continue
            found = self._found(obj["datePublished"], "jsonld")
            if found is not None:
                out.append(found)
        return out

    def _localized(self, found: FoundDate, others: list[FoundDate]) -> FoundDate:
        """``found`` in the local time the page also states for the same instant, if it does.

        A UTC timestamp takes the offset of another declared value of the same instant, or the offset
        between it and a wall-clock time the page gives without a zone (a declared ``2023-11-08
        18:09:55`` or a printed ``Nov. 8, 2023, 10:28 p.m.``) when that difference is a whole number
        of quarter hours up to 14 hours. Nothing else changes an offset.
        """
        if found.value.utcoffset() != timedelta(0) or found.local or not found.has_time:
            return found
        for other in [*others, *self._printed_local()]:
            if other is found or other.source == "url" or not other.has_time:
                continue
            if other.local:
                instant = found.value.replace(second=0, microsecond=0) if other.value.second == 0 else found.value
                shift = other.value.replace(tzinfo=timezone.utc) - instant  # a printed time has no seconds
                minutes, rest = divmod(int(shift.total_seconds()), 60)
                if minutes and not rest and minutes % 15 == 0 and abs(minutes) <= 14 * 60:
                    offset = timezone(timedelta(minutes=minutes))
                    return attrs.evolve(found, value=found.value.astimezone(offset))
            elif other.value.utcoffset() and other.value == found.value:
                return attrs.evolve(found, value=other.value)
        return found

    def _printed_local(self) -> list[FoundDate]:
        """The page's best date line, when it gives a local time (a ``<time>`` with an offset, or a printed clock)."""
        printed = self.from_text()
        if printed is None or not printed.has_time or not (printed.local or printed.value.utcoffset()):
            return []
        return [printed]

    def modified(self) -> FoundDate | None:
        return self.from_jsonld(("dateModified",)) or self.from_meta(MODIFIED_META) or self._itemprop("dateModified")

    def from_jsonld(self, keys: tuple[str, ...]) -> FoundDate | None:
        page = metadata.page_object(self.jsonld) if keys[0] == "datePublished" else None
        for obj in (self.article, page or {}):
            for key in keys:
                found = self._found(obj.get(key), "jsonld")
                if found:
                    return found
        return None

    def from_meta(self, keys: tuple[str, ...]) -> FoundDate | None:
        for key in keys:
            value = self.meta.get(key)
            if value:
                found = self._found(value, "meta")
                if found:
                    return found
        return None

    def _published_meta_like(self) -> FoundDate | None:
        """A ``<meta>`` whose name ends in "published date/time" behind a vendor prefix
        (``w-published-date``, ``cxenseparse:publishtime``), when no known name has a value."""
        for key, value in list(self.meta.items())[:300]:
            if _PUBLISHED_META_NAME.search(key) and key not in PUBLISHED_META:
                found = self._found(value, "meta")
                if found:
                    return found
        return None

    @cached_property
    def _markup(self) -> tuple[list[tuple[LexborNode, str | None]], list[LexborNode]]:
        """Every element with an ``itemprop`` but ``<meta>`` (read already), with its value, and the
        ``_MARKUP_CSS`` matches as lexbor lists them (an element once per part it matches), page order.

        One walk finds both: lexbor lists an element once for each part of a selector it matches,
        in page order, so an element with an ``itemprop`` is one ``[itemprop]`` listing and the rest
        of its listings are ``_MARKUP_CSS`` ones."""
        itemprops: list[tuple[LexborNode, str | None]] = []
        markup: list[LexborNode] = []
        last = None
        for node in self.tree.css(_ITEMPROP_OR_MARKUP_CSS):
            if node.mem_id != last:
                last = node.mem_id
                attributes = node.attributes
                if "itemprop" in attributes:
                    if node.tag != "meta":
                        itemprops.append((node, attributes["itemprop"]))
                    continue  # its [itemprop] listing
            markup.append(node)
        return itemprops, markup

    @property
    def _itemprops(self) -> list[tuple[LexborNode, str | None]]:
        """Every element with an ``itemprop`` but ``<meta>``, with its value, page order (see :attr:`_markup`)."""
        return self._markup[0]

    def _itemprop(self, prop: str) -> FoundDate | None:
        nodes = [node for node, value in self._itemprops if value == prop]  # one walk for every prop asked
        if len(nodes) > 2 and len({node.attributes.get("datetime") or node.attributes.get("content") for node in nodes}) > 1:
            return None  # one per teaser of a list
        for node in nodes:
            attrs_ = node.attributes
            raw = attrs_.get("datetime") or attrs_.get("content") or attrs_.get("title") or _short_text(node)
            found = self._found(raw, "markup")
            if found and not self.noise.in_noise(node):
                return found
        return None

    def from_markup(self) -> FoundDate | None:
        """Markup that says "publication date": ``itemprop``, ``<time pubdate>``, hAtom ``published``."""
        found = self._itemprop("datePublished") or self._itemprop("dateCreated")
        if found:
            return found
        nodes = self._markup[1]
        if len(nodes) > 2:
            return None  # marks every teaser of a list, not this page's article
        for node in nodes:
            raw = node.attributes.get("datetime") or node.attributes.get("title") or _short_text(node)
            found = self._found(raw, "markup")
            if found and not self.noise.in_noise(node):
                return found
        return None

    def from_url(self) -> FoundDate | None:
        match = _URL_DATE.search(self.url)
        if not match:
            return None
        year, month, day = [g for g in match.groups() if g]
        month_number = int(month) if month.isdigit() else MONTHS.get(month.lower(), 0)
        try:
            value = datetime(int(year), month_number, int(day), tzinfo=timezone.utc)
        except ValueError:
            return None
        return FoundDate(value=value, raw=match.group(0).strip("/_.-"), source="url") if self.plausible(value) else None

    def from_text(self) -> FoundDate | None:
        """The best-placed date on the page: a ``<time datetime>`` or a printed date (see :class:`_TextScan`)."""
        if self._scanned is _UNSET:
            root = self.tree.body
            scan = _TextScan(self, root) if root is not None else None
            self._scanned = scan.best() if scan is not None else None
            self._seen_days = frozenset(scan.shown) if scan is not None else frozenset()
            self._update_days = frozenset(scan.update_days) if scan is not None else frozenset()
            self._visible_days = frozenset(scan.visible) if scan is not None else frozenset()
        return self._scanned  # type: ignore[return-value]


@attrs.define
class _ScanState:
    seen_content: bool = False  # the walk has reached the article body
    after_title: bool = False  # the walk has passed the headline
    first_taken: bool = False  # the first date in the article has had its bonus


class _TextScan:
    """Scores every date printed in the page's visible text and keeps the best.

    A date earns points for sitting in a ``<time>`` element or in an element whose class or id says
    date/byline/meta, for a label before it ("published", "veröffentlicht am", "le"...), for being
    inside or just above the article body, for standing alone (a date line) or opening a paragraph
    (a dateline), and for agreeing with a year/month in the URL. It loses points after an "updated"
    label, after the article body, and inside long prose. Dates in noise (comments, teasers, sidebars,
    footers, navigation) are never candidates. Below ``MIN_TEXT_SCORE`` nothing is returned.
    """

    def __init__(self, finder: DateFinder, root: LexborNode) -> None:
        self.finder = finder
        self.root = root
        self.used_times: set[int] = set()
        self.printed_times: set[str] = set()  # datetime values of <time> elements that print text
        self.parent_texts = _ParentTexts()
        self.paragraphs: dict[int, str] = {}  # paragraph text by element id, for _line
        self.dateish: dict[int, bool] = {}  # whether an element says it holds a date, by id (see _dateish)
        self.counts: dict[date, int] = {}  # how often each day is printed outside noise
        self.shown: set[date] = set()  # the days printed outside noise without an "updated" label
        self.update_days: set[date] = set()  # the days printed outside noise after an "updated" label
        self.visible: set[date] = set()  # the days readers see outside noise, not after "updated" (see best)
        self.shapes: list[tuple[str, ...]] = []  # the shape (see _shape) of each candidate, in order
        url_month = _URL_MONTH.search(finder.url)
        self.url_month = (int(url_month.group(1)), int(url_month.group(2))) if url_month else None

    def best(self) -> FoundDate | None:
        inside_ids = self.finder.noise.inside
        title = self._title_node()
        state = _ScanState()
        counts = self.counts
        scored: list[FoundDate] = []
        candidates = 0
        # The walk visits every node of the page, so the loop reads plain locals: the two places it
        # waits for (the article body, the headline) are looked for only until they are reached.
        look_inside = bool(inside_ids)
        look_title = title is not None
        used_times = self.used_times
        has_digit, has_digit_ascii = _HAS_DIGIT.search, _HAS_DIGIT_ASCII.search
        month_first = self.finder.month_first
        plausible = self.finder.plausible
        # Text nodes of ASCII whitespace alone (most of a page's) hold no date: lexbor skips them unread.
        # Nodes are told apart by lexbor's tag number, which costs less than the tag's name.
        for node in self.root.traverse(include_text=True, skip_empty=True):
            tag = node.tag_id
            if tag != _TEXT_TAG:
                if look_inside and node.mem_id in inside_ids:
                    state.seen_content = True
                    look_inside = False
                if tag == _H1_TAG and look_title and node.mem_id == title:
                    state.after_title = True
                    look_title = False
                elif tag == _TIME_TAG:
                    self._time_element(node, state, scored, counts)
                continue
            if candidates > MAX_TEXT_CANDIDATES:
                break
            text = node.text_content
            # (A text of whitespace alone has no digit: has_digit rejects it.)
            if not text or not 6 <= len(text) <= 2000 or not (has_digit_ascii if text.isascii() else has_digit)(text):
                continue
            if used_times:
                parent = node.parent
                if parent is not None and parent.mem_id in used_times:
                    continue  # the text of a <time> already read from its datetime attribute
            for printed in find_printed_dates(text, month_first=month_first):
                value = printed.value
                if _AMBIGUOUS.search(text, printed.start, printed.end):
                    value = self.finder.hinted(value, text[printed.start:printed.end])
                if not plausible(value):
                    continue
                candidates += 1
                if candidates > MAX_TEXT_CANDIDATES:
                    break
                place = self._place(node)
                if place is None:
                    continue  # noise
                if place[2] and not _PUBLISHED_LABEL.search(self._label(node, text[max(0, printed.start - LABEL_CHARS):printed.start])):
                    continue  # in the article's side box only when labelled as the publication date
                points, updated = self._points(node, text, printed, place, state)
                counts[value.date()] = counts.get(value.date(), 0) + 1
                raw = text[printed.start:printed.end]
                local = printed.has_time and not printed.has_zone
                scored.append(FoundDate(value, clean_text(raw) or raw, "text", points, printed.has_time, local, updated))
                self.shapes.append(_shape(node.parent))
            if candidates > MAX_TEXT_CANDIDATES:
                self._until_text(node, state, scored, counts, title)
                break
        for found in scored:
            (self.update_days if found.updated else self.shown).add(found.value.date())
            if not found.updated and (found.source == "text" or found.raw in self.printed_times):
                self.visible.add(found.value.date())
        teasers = _teaser_shapes(scored, self.shapes)
        best: FoundDate | None = None
        for found, shape in zip(scored, self.shapes):
            if shape in teasers:
                continue
            points = found.score + min(counts[found.value.date()] - 1, 2) * 0.5  # the day the page repeats
            if points + (UPDATE_PENALTY if found.updated else 0.0) < MIN_TEXT_SCORE:
                continue
            if best is None or points > best.score:
                best = FoundDate(found.value, found.raw, found.source, points, found.has_time, found.local, found.updated)
        return best

    def _until_text(
        self, node: LexborNode, state: _ScanState, scored: list[FoundDate], counts: dict[date, int], title: int | None
    ) -> None:
        """The elements after ``node`` up to the next text node, whitespace or not, read as the walk in
        :meth:`best` reads them: the scan ends there once it has seen ``MAX_TEXT_CANDIDATES`` dates
        (where it always has, though the walk itself skips whitespace)."""
        inside_ids = self.finder.noise.inside
        for after in _nodes_after(node, self.root):
            tag = after.tag
            if tag == "-text":
                return
            if not state.seen_content and after.mem_id in inside_ids:
                state.seen_content = True
            if tag == "h1" and title is not None and not state.after_title and after.mem_id == title:
                state.after_title = True
            elif tag == "time":
                self._time_element(after, state, scored, counts)

    def _time_element(
        self, node: LexborNode, state: _ScanState, scored: list[FoundDate], counts: dict[date, int]
    ) -> None:
        """A ``<time datetime>`` is a candidate with its machine-readable value (offset kept)."""
        raw = node.attributes.get("datetime")
        found = self.finder._found(raw, "markup") if raw else None
        if found is None:
            return
        place = self.finder.noise.state(node)
        if place.noise and not place.side:
            return
        label = self._label(node, "") + _own_label(node)  # its own text may start with a label or a month
        if place.noise and not _PUBLISHED_LABEL.search(label):
            return  # in the article's side box only when labelled as the publication date
        self.used_times.add(node.mem_id)
        if (node.text(deep=True) or "").strip():
            self.printed_times.add(found.raw)  # the <time> prints its date: readers see that day
        points = 5.0  # a <time> is a date line made for machines: as good as a dated byline
        points += self._label_points(label)
        updated = _MODIFIED_WORDS.search(label) is not None
        points -= UPDATE_PENALTY if updated else 0.0
        points += self._position_points(place.inside, state)
        if self.url_month and (found.value.year, found.value.month) == self.url_month:
            points += 1
        counts[found.value.date()] = counts.get(found.value.date(), 0) + 1
        scored.append(FoundDate(found.value, found.raw, found.source, points, found.has_time, found.local, updated))
        self.shapes.append(_shape(node))

    @staticmethod
    def _label_points(before: str) -> float:
        """A label just before the date: "published"/"veröffentlicht" +2, "on"/"am"/"le" +1."""
        return 2.0 if _PUBLISHED_LABEL.search(before) else 1.0 if _WEAK_LABEL.search(before) else 0.0

    @staticmethod
    def _position_points(inside: bool, state: _ScanState, prose: bool = False) -> float:
        """Inside the article or between its headline and body +2 (+2 more for the first such date),
        above the headline +1 (a page header can show today's date), after the article -2. A date
        in the middle of a paragraph's prose earns no place points: it is what the story talks about."""
        if prose:
            return -2.0 if state.seen_content and not inside else 0.0
        if inside or (state.after_title and not state.seen_content):
            if not state.first_taken:
                state.first_taken = True
                return 4.0
            return 2.0
        if state.seen_content:
            return -2.0
        return 0.0 if state.after_title else 1.0

    def _place(self, node: LexborNode) -> tuple[bool, bool, bool] | None:
        """(a date-ish element is near, is inside the article, is in the article's side box), or
        None for a date in noise."""
        parent = node.parent
        if parent is None:
            return None
        state = self.finder.noise.state(parent)
        if state.noise and not state.side:
            return None
        dateish = False
        for _ in range(4):
            if parent is None or parent.tag in ("body", "html"):
                break
            known = self.dateish.get(parent.mem_id)
            if known is None:
                known = self.dateish[parent.mem_id] = _dateish(parent)
            if known:
                dateish = True
                break
            parent = parent.parent
        return dateish, state.inside, state.side

    def _title_node(self) -> int | None:
        """The page's headline element (the first ``<h1>`` outside noise), by id."""
        for h1 in self.finder.elements["h1"][:5]:
            if not self.finder.noise.in_noise(h1):
                return h1.mem_id
        return None

    def _points(
        self, node: LexborNode, text: str, printed: PrintedDate, place: tuple[bool, bool, bool], state: _ScanState
    ) -> tuple[float, bool]:
        """A printed date's points, and whether an "updated" label stands before it (its points
        then count ``UPDATE_PENALTY`` less)."""
        dateish, inside, _ = place
        points = 3.0 if dateish else 0.0
        parent = node.parent
        if parent is not None and parent.tag == "time":
            points += 1
        label = self._label(node, text[max(0, printed.start - LABEL_CHARS):printed.start])
        points += self._label_points(label)
        updated = _MODIFIED_WORDS.search(label) is not None
        points -= UPDATE_PENALTY if updated else 0.0
        line, before = self._line(node, text)
        stripped = line.strip()
        start = before + printed.start - (len(line) - len(line.lstrip()))
        prose = False
        if len(stripped) <= printed.end - printed.start + 40:
            points += 1  # a date line
        elif start < 25:
            points += 1  # a dateline opening a paragraph
        elif len(stripped) > PROSE_CHARS:
            points -= 1  # a date mentioned in prose
            prose = True
        points += self._position_points(inside, state, prose)
        value = printed.value
        if self.url_month and (value.year, value.month) == self.url_month:
            points += 1
        return points, updated

    def _label(self, node: LexborNode, label: str) -> str:
        """The words printed just before a date, at most ``LABEL_CHARS``: ``label`` (what its own text
        or ``<time>`` prints before it), else what comes before ``node`` in the element around it, else
        before that element in the next one up when that is a short line (``<span>Updated</span>
        <span>Oct 17, 2025</span>``). Only the words after the last digit count, so the label of an
        earlier date ("Published Jan 2, 2024 · Updated") is not this date's."""
        element = node
        for level in range(2):
            if _LETTER.search(label):
                break
            parent = element.parent
            if parent is None or parent.tag in ("body", "html") or (level and len(parent.text(deep=True)) > MAX_LABEL_LINE):
                break
            label = (self.parent_texts.before(element) + label)[-LABEL_CHARS:]
            element = parent
        digit = _LAST_DIGIT.search(label)
        return label[digit.end():] if digit else label

    def _line(self, node: LexborNode, text: str) -> tuple[str, int]:
        """The text a date is read in, and where ``text`` starts in it: the whole paragraph (``p``,
        ``li``, ``blockquote``, ``dd``) when the text node sits in one through inline elements only
        (a date in a link inside a sentence is still in the sentence), else the text node itself."""
        parent = node.parent
        for _ in range(4):
            if parent is None:
                break
            if parent.tag in _PARAGRAPHS:
                line = self.paragraphs.get(parent.mem_id)
                if line is None:
                    line = self.paragraphs[parent.mem_id] = parent.text(deep=True) or ""
                before = line.find(text)
                return (line, before) if before >= 0 else (text, 0)
            if parent.tag not in _INLINE:
                break
            parent = parent.parent
        return text, 0


# -- helpers -----------------------------------------------------------------------------------


def _url_key(url: str | None) -> tuple[str, str, str] | None:
    """What makes two links the same page: host without ``www.``, path without a trailing slash, query."""
    if not url:
        return None
    try:
        parts = split_url(url)
    except InvalidURL:
        return None
    return (parts.hostname or "").lower().removeprefix("www."), parts.path.rstrip("/"), parts.query


def _nodes_after(node: LexborNode, root: LexborNode) -> Iterator[LexborNode]:
    """The nodes after ``node`` in ``root.traverse(include_text=True)``'s order: depth first, text and
    comments too, never past ``root``."""
    current = node
    while True:
        child = current.first_child
        if child is not None:
            current = child
        else:
            while current.next is None or current.mem_id == root.mem_id:
                if current.mem_id == root.mem_id:
                    return
                current = current.parent
                if current is None:
                    return
            current = current.next
        yield current


def _same_instant_somewhere(declared: FoundDate, printed: FoundDate) -> bool:
    """Whether some offset could make a zoned ``declared`` timestamp and a ``printed`` date line the
    same moment: the printed day lies within ``MAX_OFFSET`` of the instant, and so does the printed
    wall-clock time when the line gives one without a zone."""
    instant = declared.value.astimezone(timezone.utc)
    if printed.has_time and printed.local:
        return abs(printed.value.replace(tzinfo=timezone.utc) - instant) <= MAX_OFFSET
    return (instant - MAX_OFFSET).date() <= printed.value.date() <= (instant + MAX_OFFSET).date()


def _shape(element: LexborNode | None) -> tuple[str, ...]:
    """The tags and classes of the element a date sits in and of its two ancestors: the dates of one
    list of teasers share it, the article's own date line (under another parent) does not."""
    parts: list[str] = []
    for _ in range(3):
        if element is None:
            break
        attrs_ = element.attributes
        parts.append(f"{element.tag}.{attrs_.get('class') or ''}" if attrs_ else element.tag or "")
        element = element.parent
    return tuple(parts)


def _teaser_shapes(scored: list[FoundDate], shapes: list[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """Shapes that ``MIN_TEASERS`` or more dates share, on at least two days, after a date of
    another shape: a list of teasers (related stories, a card grid) below the article's own date
    line, which noise names did not catch. A list that starts the page's dates (the posts of a
    thread, the entries of a diary) may hold the article's own date first, and stays."""
    days: dict[tuple[str, ...], set[date]] = {}
    sizes: dict[tuple[str, ...], int] = {}
    for found, shape in zip(scored, shapes):
        days.setdefault(shape, set()).add(found.value.date())
        sizes[shape] = sizes.get(shape, 0) + 1
    repeated = {shape for shape, size in sizes.items() if size >= MIN_TEASERS and len(days[shape]) > 1}
    return repeated - {shapes[0]} if shapes else repeated


def _dateish(element: LexborNode) -> bool:
    """Whether an element says it holds a date: a ``<time>``, a date-ish class or id, a byline."""
    if element.tag == "time":
        return True
    attrs_ = element.attributes
    if attrs_ and _DATEISH.search(f"{attrs_.get('class') or ''} {attrs_.get('id') or ''}"):
        return True
    return _is_byline(element)  # next to the author's link: a byline


def _is_byline(node: LexborNode) -> bool:
    """A short block that links to its author (``rel="author"`` or an ``/author/`` page)."""
    links = node.css('a[rel~="author"], a[href*="/author/"], a[href*="/authors/"], a[href*="/autor/"]')
    return bool(links) and len(links) <= 3 and len(node.text(deep=True)) <= 200


def _own_label(node: LexborNode) -> str:
    """The words a ``<time>`` prints before its date ("Last updated: Dec 17, 2025"), if any."""
    text = node.text(deep=True) or ""
    digit = _FIRST_DIGIT.search(text, 0, LABEL_CHARS)
    return text[:digit.start()] if digit else ""


def _short_text(node: LexborNode) -> str | None:
    text = node.text(deep=True)
    return text if text and len(text) <= MAX_DATELINE else None


class _ParentTexts:
    """The text printed just before an element inside its parent, for many elements of one page.

    Each parent's text, and where each of its children starts in it, is read once and kept: a
    parent of thousands of ``<time>`` elements costs one pass over its children, not one per element.
    """

    def __init__(self) -> None:
        self.parents: dict[int, tuple[str, dict[int, int]]] = {}

    def before(self, node: LexborNode) -> str:
        """The few words just before ``node`` inside its parent ("Published on", "Updated").

        These are the ``LABEL_CHARS`` characters before the first place the element's text appears
        in its parent's text, so a date printed twice takes the label of its first printing. That
        place is looked for from ``LABEL_WINDOW`` characters before the element on, so the work per
        element is bounded.
        """
        parent = node.parent
        own = node.text(deep=True) if parent is not None else ""
        if not own:
            return ""
        around, starts = self._layout(parent)
        start = starts[node.mem_id]
        cut = around.find(own, max(0, start - LABEL_WINDOW), start + len(own))
        return around[max(0, cut - LABEL_CHARS): cut] if cut > 0 else ""

    def _layout(self, parent: LexborNode) -> tuple[str, dict[int, int]]:
        """The parent's text and the offset in it where each child's text starts."""
        known = self.parents.get(parent.mem_id)
        if known is None:
            parts: list[str] = []
            starts: dict[int, int] = {}
            offset = 0
            for child in parent.iter(include_text=True):
                starts[child.mem_id] = offset
                text = child.text(deep=True) or ""
                parts.append(text)
                offset += len(text)
            known = self.parents[parent.mem_id] = ("".join(parts), starts)
        return known


@attrs.frozen
class Place:
    """Where an element sits: in noise or not, inside the article body, inside an article element."""

    noise: bool = False
    inside: bool = False
    in_article: bool = False
    side: bool = False  # noise only as part of a long <aside> inside the article (its side box)


# Every Place there is, by (noise, inside, in_article, side): NoiseMap hands these out rather than
# building one per element (an attrs instance costs more than a dict lookup, and pages have thousands).
_PLACES = {key: Place(*key) for key in itertools.product((False, True), repeat=4)}


class NoiseMap:
    """Decides, once per element, whether it sits in a comment, teaser list, sidebar, footer or nav.

    An element is noise by tag (``nav``, ``aside``...), or by a class/id naming such a block (see
    :func:`is_noise_name`), unless it holds most of the page's text (a page wrapper with an unlucky
    class). A ``footer`` (tag or class) or ``header`` is noise only outside an article element: an
    article's own header and footer hold its date, and a site's header holds today's date.
    Results are cached, so many lookups cost one walk per element.
    """

    def __init__(
        self, root: LexborNode | None, content: list[LexborNode] | None = None, headline: LexborNode | None = None,
        *, share: PageShare | None = None,
    ) -> None:
        self.root = root
        self.inside = {node.mem_id for node in content or ()}
        # Elements that hold the article body or its headline: never noise by name or as a table,
        # whatever their class says (a "banner" that holds the headline is the article's header).
        self.holders: set[int] = set()
        for node in [*(content or ()), *([headline] if headline is not None else [])]:
            parent = node.parent
            for _ in range(100):
                if parent is None or parent.mem_id in self.holders:
                    break
                self.holders.add(parent.mem_id)
                parent = parent.parent
        self.cache: dict[int, Place] = {}
        self.share = share if share is not None else PageShare(root)  # share: the root's, shared with other readers

    def state(self, element: LexborNode) -> Place:
        chain: list[LexborNode] = []
        place = _PLACES[False, False, False, False]
        current: LexborNode | None = element
        while current is not None and current.tag not in ("body", "html", "-document"):
            cached = self.cache.get(current.mem_id)
            if cached is not None:
                place = cached
                break
            chain.append(current)
            if len(chain) > 400:
                break
            current = current.parent
        for node in reversed(chain):
            place = self._step(node, place)
            self.cache[node.mem_id] = place
        return place

    def _step(self, node: LexborNode, parent: Place) -> Place:
        tag = node.tag
        attrs_ = node.attributes
        class_id = f"{attrs_.get('class') or ''} {attrs_.get('id') or ''}" if attrs_ else " "
        article_head, footer, box, noise_name = _class_facts(class_id)
        in_article = parent.in_article or tag == "article" or article_head
        inside = parent.inside or node.mem_id in self.inside
        noise = parent.noise
        side = parent.side and not (tag in _NOISE_TAGS or tag == "table" or box or noise_name)
        if not noise:
            if tag == "aside" and in_article and len(node.text(deep=True)) <= MAX_ASIDE_CHARS:
                noise = False  # an article's own side note: its date line, not a teaser list
            elif tag == "aside" and node.mem_id in self.holders:
                noise = False  # an unclosed <aside> the browser wraps round the rest of the page
            elif tag == "noscript" and inside:
                noise = False  # the story's own text for readers without scripts (Blogger's post, its byline first)
            elif tag in _NOISE_TAGS:
                noise = True
                side = tag == "aside" and (in_article or inside)
            elif node.mem_id in self.inside or node.mem_id in self.holders:
                noise = False
            elif tag in ("footer", "header") or footer:
                noise = not in_article and not self.share.wraps_page(node)
            elif tag == "table" or box:
                noise = not self.share.wraps_page(node)  # a data table or fact box: its dates are facts, not the page's
            elif noise_name or tag == "form":
                noise = not self.share.wraps_page(node)
        return _PLACES[noise, inside, in_article, noise and side]

    def in_noise(self, node: LexborNode) -> bool:
        return self.state(node).noise


@lru_cache(maxsize=16384)
def _class_facts(class_id: str) -> tuple[bool, bool, bool, bool]:
    """What a "class id" string says, for NoiseMap: (a word names an article, a footer, a fact box;
    it names a noise block). Cached: pages repeat their class lists."""
    tokens = class_id.lower().split()
    heads = {token.split("-")[0].split("_")[0] for token in tokens}
    return (
        bool(heads & _ARTICLE_HEADS),
        any("footer" in token for token in tokens),
        any(_CLASS_WORDS.sub("", token).startswith(_BOX_PREFIXES) for token in tokens),
        len(class_id) > 1 and is_noise_name(class_id),
    )


def is_noise_name(class_id: str) -> bool:
    """Whether a class/id names a comment, teaser list, sidebar, footer, navigation or similar block.

    Each class (and the id) is read as words split at ``-`` and ``_``. A class whose first word is a
    comment word counts; a class whose first word is a noise word (``sidebar-content``) counts unless
    another class of the element names the article; a noise word further in (``sticky-sidebar``)
    counts only when nothing in the class/id names the article.
    """
    heads: list[str] = []
    words: list[str] = []
    for token in class_id.lower().split():
        token = token.split("--")[0]  # "layout--sidebar" is a layout with a sidebar, not one
        if token.startswith(("has-", "with-")):
            continue  # "has-sidebar": the element holds one
        parts = [part for part in _CLASS_WORDS.split(token) if part]
        if parts:
            heads.append(parts[0])
            words.extend(parts)
    if any(head.startswith(_COMMENT_PREFIXES) for head in heads):
        return True
    article = any(head in _ARTICLE_WORDS for head in heads)
    if any(head.startswith(_NOISE_PREFIXES) or head in _NOISE_WORDS for head in heads):
        return not article
    if article or any(word in _ARTICLE_WORDS for word in words):
        return False
    return any(word.startswith(_STRONG_NOISE_PREFIXES) for word in words)
