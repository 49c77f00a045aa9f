"""Pure helpers that clean values: text, URLs, ids, hashes and dates.

Every function here is deterministic and does no I/O, so records built from the same page are
byte-identical from run to run.
"""

from __future__ import annotations

import email.utils
import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import NamedTuple
from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from scraper.errors import InvalidURL

_BLANK_LINES = re.compile(r"\n{2,}")
# Zero-width characters that pages use for layout; they are never content.
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]+")
# Query parameters that identify a campaign, not a page.
_TRACKING_PARAM = re.compile(r"^(utm_[a-z]+|fbclid|gclid|dclid|mc_cid|mc_eid|igshid|ref_src|cmpid|ito|__twitter_impression)$", re.I)
# Non-ASCII characters that are not word characters (re's \w): word_bytes blanks them out.
_NON_ASCII_OTHER = re.compile(r"[^\x00-\x7f\w]")


def _word_byte(byte: int) -> bool:
    """Whether a byte of :func:`word_bytes`' output is part of a word character (re's ``\\w``)."""
    return byte >= 0x80 or chr(byte).isalnum() or byte == ord("_")


# word_count's marks: a word character is "a", a connector inside a word ("'", "-") is "-", anything else " ".
_WORD_MARKS = bytes(ord("a") if _word_byte(byte) else ord("-") if chr(byte) in "'-" else ord(" ") for byte in range(256))
# word_list's: word bytes kept, every other byte a space, so that bytes.split() gives the words.
_WORDS_ONLY = bytes(byte if _word_byte(byte) else ord(" ") for byte in range(256))


def clean_text(value: object) -> str | None:
    """NFC-normalize, drop invisible characters, collapse every whitespace run to one space.

    Returns ``None`` for ``None`` and for strings that are empty once cleaned, never ``""``.
    Typographic quotes and dashes are kept as the page prints them.
    """
    if value is None:
        return None
    if type(value) is str and value.isascii():  # already NFC, and no invisible character: most texts
        return " ".join(value.split()) or None
    text = _visible(unicodedata.normalize("NFC", str(value)))
    text = " ".join(text.split())  # str.split's whitespace is re's \s: every run becomes one space, ends cut
    return text or None


def clean_multiline(value: object) -> str | None:
    """Like :func:`clean_text`, but keeps single line breaks (``<br>`` inside a comment)."""
    if value is None:
        return None
    if type(value) is str and value.isascii():  # already NFC, and no invisible character
        text = value
    else:
        text = _visible(unicodedata.normalize("NFC", str(value)))
    if "\n" not in text and "\r" not in text:  # one line: most blocks
        return " ".join(text.split()) or None
    # Within a line every whitespace run becomes one space and the ends are cut (str.split's whitespace is re's \s).
    lines = (" ".join(line.split()) for line in text.replace("\r", "\n").split("\n"))
    text = "\n".join(line for line in lines if line)
    return text or None


def _visible(text: str) -> str:
    """``text`` without the zero-width characters of ``_INVISIBLE`` (all of them non-ASCII)."""
    if text.isascii() or not any(char in text for char in _INVISIBLE_CHARS):  # substring tests: cheaper than a regex pass
        return text
    return _INVISIBLE.sub("", text)


def clean_list(values: object) -> tuple[str, ...]:
    """Clean each string, drop empties and repeats (case-insensitive), keep first-seen order."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    seen: set[str] = set()
    out: list[str] = []
    for value in values:  # type: ignore[union-attr]
        text = clean_text(value)
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    return tuple(out)


_DEFAULT_PORTS = {"http": 80, "https": 443}


def split_url(url: str) -> SplitResult:
    """``urlsplit`` for outside text: the one place a malformed URL is caught.

    urllib raises ``ValueError`` for unbalanced IPv6 brackets (``http://[::1``) at once and for a port
    out of range (``:99999``, ``:-1``) only when ``.port`` is read; both surface here as
    :class:`InvalidURL`, so every caller can rely on ``.port`` and ``.hostname`` afterwards.
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - urllib checks the port lazily; make it fail here
    except ValueError as exc:
        raise InvalidURL(f"malformed URL {url!r}: {exc}", url=url) from exc
    return parts


@functools.lru_cache(maxsize=4096)
def absolute_url(href: str | None, base: str) -> str | None:
    """Resolve ``href`` against ``base``; ``None`` for empty, javascript:, data:, mailto: and malformed links.

    Cached: a page resolves the same few links (canonical, author pages, images) more than once.
    """
    href = clean_text(href)
    if not href:
        return None
    try:
        resolved = urljoin(base, href)
        parts = split_url(resolved)
    except (ValueError, InvalidURL):  # urljoin splits ``base`` and ``href`` itself
        return None
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return resolved.split("#", 1)[0] if "#" in resolved else resolved


def canonical_url(url: str) -> str:
    """The form of a URL that ids are derived from; :class:`InvalidURL` when it cannot be split.

    Lower-cased scheme and host, default port and fragment dropped, tracking parameters removed,
    remaining query parameters sorted, empty path written as ``/``. Trailing slashes are kept:
    sites differ on whether ``/a`` and ``/a/`` are the same page.
    """
    parts = split_url(url.strip())
    scheme = parts.scheme.lower()
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAM.match(k))
    return urlunsplit((scheme, host_key(url.strip()), parts.path or "/", urlencode(query), ""))


# The paths of a site's front page: its root, or the root's index file; or a language's root ("/de/", "/en-us").
_FRONT_PATHS = frozenset(("", "/", "/index.html", "/index.htm", "/index.php", "/index.asp", "/default.aspx", "/default.asp"))
_LANGUAGE_ROOT = re.compile(r"/[a-z]{2}(?:[-_][a-z]{2})?/?", re.I)


def _web_parts(url: str | None) -> SplitResult | None:
    """The parts of an http(s) URL with a host; None for anything else (a malformed URL included)."""
    if not url:
        return None
    try:
        parts = split_url(url.strip())
    except InvalidURL:
        return None
    return parts if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def is_front_page(url: str | None) -> bool:
    """Whether ``url`` is a site's front page: an http(s) URL whose path is the root (or the root's
    index file, or a language's root: ``/de/``, ``/en-us``) and whose query holds tracking parameters
    at most. ``/?p=31228`` is a WordPress story; a malformed URL is no front page."""
    return listing_kind(url) == "front"


def _tracking_only(query: str) -> bool:
    """Whether a URL's query names no page: it is empty or holds tracking parameters only."""
    return all(_TRACKING_PARAM.match(key) for key, _ in parse_qsl(query, keep_blank_values=True))


# First folders of archive pages: a tag's, an author's, a category's or a section's list of stories.
_ARCHIVE_FOLDERS = frozenset(
    ("tag", "tags", "author", "authors", "autor", "autoren", "auteur", "category", "categories", "kategorie", "categoria",
     "section", "sections", "schlagwort", "schlagworte")
)
# Folders that are the whole path of a site's list of its latest stories ("/news/", "/blog/", "/aktuelles/").
_STORY_LISTS = frozenset(
    ("news", "blog", "blogs", "articles", "stories", "press", "newsroom", "latest", "aktuelles", "nachrichten", "noticias",
     "actualites", "actualités", "notizie", "nieuws", "wiadomosci")
)


def is_archive_page(url: str | None) -> bool:
    """Whether ``url`` is an archive page's: an http(s) URL whose path is an archive folder (``_ARCHIVE_FOLDERS``)
    and one name, maybe a page number after it ("/tag/harbour/", "/author/jane-roe/page/2/"), or a list of the
    site's latest stories and nothing more ("/news/", "/blog/page/3/", "/page/2/", ``_STORY_LISTS``; no query but
    tracking parameters: "/news/?id=1234" is a story's). A story's URL says more
    ("/category/news/2024/05/harbour-wall", "/news/harbour-wall"); a malformed URL is no archive page's."""
    return listing_kind(url) == "archive"


def listing_kind(url: str | None) -> str | None:
    """"front" for a site's front page (:func:`is_front_page`), "archive" for an archive page's URL
    (:func:`is_archive_page`), None for any other: what a URL says of a page listing stories, read in one split."""
    parts = _web_parts(url)
    if parts is None:
        return None
    if parts.path.lower() in _FRONT_PATHS or _LANGUAGE_ROOT.fullmatch(parts.path):
        return "front" if _tracking_only(parts.query) else None
    folders = [part.lower() for part in parts.path.split("/") if part]
    if len(folders) >= 2 and folders[-2] == "page" and folders[-1].isdigit():
        folders = folders[:-2]
        if not folders:  # "/page/2/": the front page's next page of stories
            return "archive" if _tracking_only(parts.query) else None
    if len(folders) == 1:
        return "archive" if folders[0] in _STORY_LISTS and _tracking_only(parts.query) else None
    return "archive" if len(folders) == 2 and folders[0] in _ARCHIVE_FOLDERS else None


@functools.lru_cache(maxsize=4096)
def host_key(url: str) -> str:
    """Lower-cased host with the port when it is not the scheme's default ('' for a malformed URL).

    The key for per-host politeness, robots.txt and canonical URLs. Cached: a crawl asks it several
    times for each page URL (gate, robots origin), about 3.5 us each time.
    """
    try:
        parts = split_url(url)
    except InvalidURL:
        return ""
    host = (parts.hostname or "").lower().removesuffix(".")  # "example.com." is example.com
    if ":" in host:  # IPv6 literal: keep its brackets
        host = f"[{host}]"
    port = parts.port
    return f"{host}:{port}" if port and port != _DEFAULT_PORTS.get(parts.scheme.lower()) else host


@functools.lru_cache(maxsize=4096)
def hostname(url: str) -> str:
    """Lower-cased host without port or trailing dot ('' for a malformed URL or one without a host).

    Cached: extraction asks it of the page URL many times (site keys, home links, the record's site).
    """
    try:
        return (split_url(url).hostname or "").lower().removesuffix(".")
    except InvalidURL:
        return ""


# A snapshot in the Wayback Machine: its timestamp (maybe with a mode, "id_"), then the URL it keeps.
_WAYBACK = re.compile(r"https?://(?:web\.)?archive\.org/web/\d{1,14}(?:[a-z]{2}_)?/(?P<url>.+)", re.IGNORECASE | re.DOTALL)


def archived_url(url: str) -> str:
    """The URL a Wayback Machine snapshot keeps ("https://web.archive.org/web/20080731095558/http://www.dimido.de/x"
    -> "http://www.dimido.de/x"): the page's own site, for what the site says about the page (its name, its home
    page, its folders). Any other URL as it is."""
    match = _WAYBACK.fullmatch(url)
    if match is None:
        return url
    kept = match.group("url")
    return kept if "://" in kept else f"http://{kept}"


def host_of(url: str) -> str:
    """:func:`hostname` without a leading ``www.``: the name of a site."""
    return hostname(url).removeprefix("www.")


def stable_id(*parts: str) -> str:
    """A 32-hex-digit id from the given parts (SHA-256, truncated); same parts, same id."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:32]


def article_id(url: str) -> str:
    """The stable id of the article whose canonical URL is ``url``."""
    return stable_id(canonical_url(url))


def content_hash(*texts: str | None) -> str:
    """``sha256:<hex>`` of the given texts, whitespace-normalized and joined by blank lines."""
    joined = "\n\n".join(" ".join(t.split()) for t in texts if t)
    return "sha256:" + hashlib.sha256(joined.encode("utf-8")).hexdigest()


def word_count(text: str | None) -> int:
    """Words in ``text``: runs of letters/digits, keeping contractions and hyphenations whole.

    What ``len(re.findall(r"\\w+(?:[’'\\-]\\w+)*", text))`` counts, found by byte counts on the
    text's :func:`word_bytes` marked "a" (word), "-" (connector) or " " (~3x faster than that regex, which
    took ~0.3 ms for a story's text): a word starts at a word character after a space (" a"), or after a
    connector that no word character precedes (" -a", "--a").
    """
    if not text:
        return 0
    marks = b"  " + word_bytes(text).translate(_WORD_MARKS)
    return marks.count(b" a") + marks.count(b" -a") + marks.count(b"--a")


def word_list(text: str) -> list[bytes]:
    """``re.findall(r"\\w+", text)``, each word UTF-8 encoded (~2x faster than the regex)."""
    return word_bytes(text).translate(_WORDS_ONLY).split()


def word_bytes(text: str) -> bytes:
    """``text`` as UTF-8 with the same runs of word characters (re's ``\\w``) and word connectors: "’"
    becomes "'", every other non-ASCII character that is no word character a space. So every byte
    above 0x7f belongs to a word character, and a 256-byte ``bytes.translate`` table sorts the bytes into
    words and the rest; only non-ASCII text takes a regex pass, for the characters to blank."""
    if not text.isascii():
        text = _NON_ASCII_OTHER.sub(" ", text.replace("’", "'"))
    return text.encode("utf-8")


def join_blocks(texts: list[str]) -> str | None:
    """Plain text of a body: block texts separated by one blank line."""
    text = "\n\n".join(t for t in texts if t)
    if "\n\n\n" in text:  # only then does a run of blank lines need cutting (a substring test is cheaper)
        text = _BLANK_LINES.sub("\n\n", text)
    return text or None


# -- dates ---------------------------------------------------------------------------------------
#
# The one date parser of the project: extraction, records and crawl discovery all call
# parse_date, and the date finder (scraper.extract.dates) reads printed dates with find_printed_dates.

# Years outside this range are never a page's date (the web's news pages start in the mid-1990s).
MIN_YEAR = 1995
MAX_YEAR = 2100
# Longest text parse_date reads; longer values are prose, not a date.
MAX_DATE_CHARS = 300

# Month names and abbreviations (lower case, no trailing dot) -> month number.
_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "jänner", "jän", "janvier", "janv", "enero", "ene", "gennaio", "gen",
        "janeiro", "januari", "janúar", "styczeń", "stycznia", "sty", "leden", "ledna", "tammikuuta",
        "tammikuu", "ocak", "ianuarie", "január", "января", "январь", "янв", "січня", "januára", "gener",
        "ιανουαρίου", "януари"),
    2: ("february", "feb", "februar", "feber", "février", "févr", "fevr", "fév", "febrero", "febbraio", "fevereiro",
        "fev", "februari", "luty", "lutego", "únor", "února", "helmikuuta", "helmikuu", "şubat", "februarie",
        "február", "февраля", "февраль", "фев", "лютого", "februára", "febrer", "φεβρουαρίου", "февруари"),
    3: ("march", "mar", "märz", "mär", "maerz", "mars", "marzo", "março", "marco", "maart", "marts",
        "mrt", "marzec", "marca", "březen", "března", "maaliskuuta", "maaliskuu", "mart", "martie",
        "március", "марта", "март", "мар", "березня", "marec", "març", "maret", "μαρτίου"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile", "kwiecień", "kwietnia", "kwi", "duben",
        "dubna", "huhtikuuta", "huhtikuu", "nisan", "aprilie", "április", "апреля", "апрель", "апр",
        "квітня", "apríl", "απριλίου", "април"),
    5: ("may", "mai", "mayo", "maggio", "mag", "maio", "mei", "maj", "maja", "květen", "května",
        "toukokuuta", "toukokuu", "mayıs", "május", "мая", "май", "травня", "máj", "maig", "μαΐου", "μαίου"),
    6: ("june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho", "czerwiec", "czerwca", "cze",
        "červen", "června", "kesäkuuta", "kesäkuu", "haziran", "iunie", "június", "июня", "июнь", "июн",
        "червня", "jún", "juny", "ιουνίου", "юни"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "lipiec", "lipca",
        "lip", "červenec", "července", "heinäkuuta", "heinäkuu", "temmuz", "iulie", "július", "июля",
        "июль", "июл", "липня", "júl", "juliol", "ιουλίου", "юли"),
    8: ("august", "aug", "août", "aout", "agosto", "ago", "augustus", "augusti", "sierpień", "sierpnia",
        "sie", "srpen", "srpna", "elokuuta", "elokuu", "ağustos", "augusztus", "августа", "август", "авг",
        "серпня", "agost", "agustus", "ogos", "αυγούστου"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "set", "setembro",
        "wrzesień", "września", "wrz", "září", "syyskuuta", "syyskuu", "eylül", "septembrie", "szeptember",
        "сентября", "сентябрь", "сен", "вересня", "setembre", "σεπτεμβρίου", "септември"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out",
         "październik", "października", "paź", "říjen", "října", "lokakuuta", "lokakuu", "ekim",
         "octombrie", "október", "октября", "октябрь", "окт", "жовтня", "októbra", "οκτωβρίου", "октомври"),
    11: ("november", "nov", "novembre", "noviembre", "novembro", "listopad", "listopada", "lis",
         "listopadu", "marraskuuta", "marraskuu", "kasım", "noiembrie", "ноября", "ноябрь", "ноя",
         "листопада", "novembra", "nopember", "νοεμβρίου", "ноември"),
    12: ("december", "dec", "dezember", "dez", "décembre", "déc", "decembre", "diciembre", "dic",
         "dicembre", "dezembro", "grudzień", "grudnia", "gru", "prosinec", "prosince", "joulukuuta",
         "joulukuu", "aralık", "decembrie", "декабря", "декабрь", "дек", "грудня", "decembra", "desembre",
         "desember", "disember", "δεκεμβρίου", "декември"),
}
MONTHS: dict[str, int] = {name: number for number, names in _MONTH_NAMES.items() for name in names}
# Any word of letters; _printed_day keeps it only when MONTHS knows it (much faster than an alternation).
_MONTH_WORD = r"[^\W\d_]{3,12}"
# One pattern for every printed form, tried left to right; named groups say which form matched.
# Every form starts at a digit or at a word followed by a number; the lookahead in front skips any
# other place at once, before the five forms are tried there (twice as fast, the same matches).
_TEXT_DATE = re.compile(
    r"(?=\d|(?<!\w)" + _MONTH_WORD + r"+\.?\s+\d)(?:"
    r"(?<![\d.])(?P<iy>(?:19|20)\d\d)[-/.](?P<im>[01]?\d)[-/.](?P<id>[0-3]?\d)(?![\d])"
    r"|(?<![\d.:])(?P<nd>[0-3]?\d)(?P<sep>[./-])\s?(?P<nm>[0-3]?\d)(?P=sep)\s?(?P<ny>(?:19|20)\d\d|\d\d)(?![\d])"
    r"|(?<![\w])(?P<dd>[0-3]?\d)(?:\.|º|er|st|nd|rd|th|-(?=[^\W\d_]))?\s*(?:de\s+|of\s+)?(?P<dm>" + _MONTH_WORD + r")\.?[,-]?\s*(?:de\s+|del\s+)?(?P<dy>(?:19|20)\d\d)(?!\d)"
    r"|(?<![\w])(?P<mm>" + _MONTH_WORD + r")\.?\s+(?P<md>[0-3]?\d)(?:st|nd|rd|th)?\.?,?\s+(?P<my>(?:19|20)\d\d)(?!\d)"
    r"|(?<![\d.])(?P<hy>(?:19|20)\d\d)\.\s*(?P<hm>" + _MONTH_WORD + r")\.?\s+(?P<hd>[0-3]?\d)(?:\.(?!\d)|(?!\d))"
    r"|(?P<cy>(?:19|20)\d\d)\s*[年년]\s*(?P<cm>[01]?\d)\s*[月월]\s*(?P<cd>[0-3]?\d)\s*[日일]?)",
    re.I,
)
# The same pattern for ASCII text, where it finds the same dates ~1.15x faster (ASCII classes are a
# table lookup; \s is widened by the four separator controls Unicode counts as whitespace).
_TEXT_DATE_ASCII = re.compile(_TEXT_DATE.pattern.replace(r"\s", r"[\s\x1c-\x1f]"), re.I | re.ASCII)
# A clock time right after a printed date ("18.10.2019, 14:09 Uhr", "June 11, 2020 1:56PM EDT"),
# with the zone the page names, if any.
_TIME_AFTER = re.compile(
    r"\s*(?:,|\bat\b|\bum\b|à|\ba las\b|\balle\b|[-–—|·•/@T])?\s*(?P<H>[0-2]?\d)(?::|h(?=\d))(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?"
    r"\s*(?P<ampm>[ap]\.?\s?m\b\.?)?(?:\s*uhr\b)?"
    r"(?:\s*\(?(?P<tz>(?:UTC|GMT)\s?[+-]\s?\d{1,2}(?::?\d\d)?|[+-]\d\d:?\d\d|[A-Z]{1,5})(?![\w+-])\)?)?",
    re.I,
)
# ISO 8601, basic or extended; what follows the date and time is ignored.
_ISO = re.compile(
    r"^\s*(?P<y>\d{4})-?(?P<m>\d\d)-?(?P<d>\d\d)"
    r"(?:[T\s]+(?P<H>\d\d):?(?P<M>\d\d)(?::?(?P<S>\d\d)(?:[.,](?P<f>\d+))?)?\s*(?P<tz>Z|UTC|GMT|[+-]\d\d(?::?\d\d)?)?)?",
    re.I,
)
_EPOCH = re.compile(r"^\s*(1\d{9})(\d{3})?\s*$")
_RFC2822 = re.compile(r"^\s*[a-z]{3},\s*\d{1,2}\s+[a-z]{3}\s+(?P<year>\d{2,4})\s+\d\d?:\d\d", re.I)
_NUMERIC_OFFSET = re.compile(r"^(?:UTC|GMT)?\s?([+-])\s?(\d{1,2}):?(\d\d)?$", re.I)


class PrintedDate(NamedTuple):
    """A date found in free text: its value, where it stands in the text, what was printed with it."""

    value: datetime
    start: int
    end: int
    has_time: bool  # a clock time follows the date
    has_zone: bool  # ...and names its zone; without one the value is the wall-clock time labelled UTC


def month_first(language: str | None) -> bool:
    """Whether ambiguous numeric dates (``03/04/2021``) read month first on a page in ``language``.

    The rule, the same everywhere: a number above 12 is the day whatever the order; otherwise
    ``/`` and ``-`` dates are month first on pages in ``en`` or ``en-US`` (the US habit; ``en-GB``,
    ``en-IN``... and other languages write day first), and dotted dates are always day first.
    On a page, :class:`scraper.extract.dates.DateFinder` also takes the other reading when only that one is
    a day the page states in machine-readable form (a ``<time datetime>``, an ISO value, the URL).
    """
    lang = (language or "").strip().lower().replace("_", "-")
    return lang in ("en", "en-us")


def parse_date(raw: object, *, month_first: bool = False) -> datetime | None:
    """A tz-aware datetime from a date as declared or printed on a page, else ``None``.

    Reads ISO 8601 (basic or extended), RFC 2822, Unix timestamps and the first date printed in
    free text in the languages :func:`find_printed_dates` knows. The offset the value gives is
    kept; a value without one is written as UTC, so its day and time stay as written (nothing is
    converted). ``month_first`` is the page's hint for ambiguous numeric dates (see
    :func:`month_first`). Never raises: garbage, impossible days, offsets of 24 hours or more and
    years outside ``MIN_YEAR``..``MAX_YEAR`` all give ``None``.
    """
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raw = f"{raw:.0f}" if raw == raw and abs(raw) < 1e13 else None
    if not isinstance(raw, str):
        return None
    return _parse_text(raw, bool(month_first))


@functools.lru_cache(maxsize=4096)
def _parse_text(raw: str, month_first: bool) -> datetime | None:
    """:func:`parse_date` of a string. Cached: a page states its date several times (JSON-LD, ``<meta>``,
    ``<time>``) and extraction reads each value more than once; datetimes are immutable, so a shared
    answer is safe."""
    text = raw.strip()
    if not text or len(text) > MAX_DATE_CHARS:
        return None
    reader = _machine_reader(text)
    if reader is not None:
        value = reader(text)  # a machine-written value is read as one, or not at all
    else:
        found = next(find_printed_dates(text, month_first=month_first), None)
        value = found.value if found else None
    return value if value is not None and MIN_YEAR <= value.year <= MAX_YEAR else None


def search_text_date(text: str, *, month_first: bool = False) -> tuple[datetime, str] | None:
    """The first printed date in ``text`` and the words it was read from, else ``None``."""
    found = next(find_printed_dates(text, month_first=month_first), None)
    return (found.value, text[found.start:found.end]) if found else None


def find_printed_dates(text: str, *, month_first: bool = False) -> Iterator[PrintedDate]:
    """Every date printed in ``text``, in order, with the clock time and zone that follow it.

    Forms: ``2019-10-18``, ``2019/10/18``, ``18.10.2019``, ``18.10.19``, ``18/10/2019`` (see
    :func:`month_first` for which number is the month), ``18 October 2019``, ``18-Oct-2019``, ``October 18th, 2019``,
    ``18 de octubre de 2019``, ``2019. október 18.``, ``2019年10月18日``, with month names in the languages of ``MONTHS``.
    A time after the date is kept (``14:09 Uhr``, ``3:51 pm``, ``14h09``), and so is a zone the page
    names (``EDT``, ``UTC+2``, ``+02:00``); without a zone the value is written as UTC.
    """
    for match in (_TEXT_DATE_ASCII if text.isascii() else _TEXT_DATE).finditer(text):
        day = _printed_day(match, month_first)
        if day is None:
            continue
        clock = _TIME_AFTER.match(text, match.end())
        timed = _with_time(day, clock) if clock is not None else None
        if clock is None or timed is None:
            yield PrintedDate(day, match.start(), match.end(), False, False)
        else:
            zone = _zone(clock["tz"]) if clock["tz"] else None
            end = clock.end() if zone else max(clock.end(group) for group in ("M", "S", "ampm") if clock[group])
            yield PrintedDate(timed, match.start(), end, True, zone is not None)


def _printed_day(match: re.Match[str], month_first: bool) -> datetime | None:
    groups = match.groupdict()
    if groups["iy"]:
        year, month, day = int(groups["iy"]), int(groups["im"]), int(groups["id"])
    elif groups["ny"]:
        year, day, month = int(groups["ny"]), int(groups["nd"]), int(groups["nm"])
        if len(groups["ny"]) == 2:
            if groups["sep"] != ".":
                return None  # "10/11/19": too ambiguous
            year += 2000 if year < 70 else 1900
        if month > 12 >= day or groups["sep"] != "." and month_first and day <= 12:
            day, month = month, day
    elif groups["dy"]:
        year, month, day = int(groups["dy"]), MONTHS.get(groups["dm"].lower().rstrip(".")) or 0, int(groups["dd"])
    elif groups["my"]:
        year, month, day = int(groups["my"]), MONTHS.get(groups["mm"].lower().rstrip(".")) or 0, int(groups["md"])
    elif groups["hy"]:
        year, month, day = int(groups["hy"]), MONTHS.get(groups["hm"].lower().rstrip(".")) or 0, int(groups["hd"])
    else:
        year, month, day = int(groups["cy"]), int(groups["cm"]), int(groups["cd"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return datetime(year, month, day, tzinfo=timezone.utc)
    except ValueError:
        return None


def _with_time(day: datetime, clock: re.Match[str]) -> datetime | None:
    """``day`` at the printed clock time, in the printed zone (UTC when none is named)."""
    hour, minute, second = int(clock["H"]), int(clock["M"]), int(clock["S"] or 0)
    ampm = (clock["ampm"] or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23:
        return None
    tz = (_zone(clock["tz"]) if clock["tz"] else None) or timezone.utc  # a word naming no zone: none given
    return day.replace(hour=hour, minute=minute, second=second, tzinfo=tz)


def _zone(name: str) -> timezone | None:
    """The offset a printed zone names: ``EDT``, ``UTC+2``, ``GMT-05:00``, ``+0200``; else None."""
    seconds = _TZ_NAMES.get(name.upper())
    if seconds is not None:
        return timezone(timedelta(seconds=seconds))
    match = _NUMERIC_OFFSET.match(name.strip())
    return _offset(match[1], match[2], match[3]) if match else None


def _offset(sign: str, hours: str, minutes: str | None) -> timezone | None:
    """A fixed offset, or None when it is not one (24 hours or more, minutes over 59)."""
    h, m = int(hours), int(minutes or 0)
    if h > 23 or m > 59:
        return None
    delta = timedelta(hours=h, minutes=m)
    return timezone(-delta if sign == "-" else delta)


def _machine_reader(text: str) -> Callable[[str], datetime | None] | None:
    """The reader for a machine-written value (Unix time, ISO 8601, RFC 2822), else None."""
    if _EPOCH.match(text):
        return _parse_epoch
    if _ISO.match(text):
        return _parse_iso
    if _RFC2822.match(text):
        return _parse_rfc2822
    return None


def _parse_iso(text: str) -> datetime | None:
    match = _ISO.match(text)
    if not match:
        return None
    tz: timezone | None = timezone.utc
    if match["tz"] and match["tz"].upper() not in ("Z", "UTC", "GMT"):
        digits = match["tz"][1:].replace(":", "")
        tz = _offset(match["tz"][0], digits[:2], digits[2:4] or None)
        if tz is None:
            return None  # an offset no clock has: the value is broken, not UTC
    try:
        value = datetime(int(match["y"]), int(match["m"]), int(match["d"]), tzinfo=tz)
        if match["H"]:
            micro = int((match["f"] or "0")[:6].ljust(6, "0"))
            value = value.replace(hour=int(match["H"]), minute=int(match["M"]), second=int(match["S"] or 0), microsecond=micro)
    except ValueError:
        return None
    return value


def _parse_epoch(text: str) -> datetime | None:
    match = _EPOCH.match(text)
    return datetime.fromtimestamp(int(match.group(1)), tz=timezone.utc) if match else None


def _parse_rfc2822(text: str) -> datetime | None:
    """``Fri, 18 Oct 2019 10:30:00 +0200`` (feeds, HTTP headers); the offset it gives is kept."""
    try:
        value = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if value is None:
        return None
    written = _RFC2822.match(text)["year"]  # type: ignore[index]  # _machine_reader matched it
    if len(written) > 2 and int(written) != value.year:
        return None  # email.utils reads "0001" as 2001; only two-digit years are widened
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _hours(h: float) -> int:
    return int(h * 3600)


# Zone abbreviations seen in news bylines -> offset in seconds. "ET"/"PT" are left out: they name
# a zone whose offset changes with the season, so they state no offset.
_TZ_NAMES = {
    "UTC": 0, "GMT": 0, "Z": 0, "BST": _hours(1), "CET": _hours(1), "CEST": _hours(2), "MEZ": _hours(1),
    "MESZ": _hours(2), "EET": _hours(2), "EEST": _hours(3), "MSK": _hours(3), "IST": _hours(5.5),
    "JST": _hours(9), "KST": _hours(9), "AEST": _hours(10), "AEDT": _hours(11), "EST": _hours(-5),
    "EDT": _hours(-4), "CST": _hours(-6), "CDT": _hours(-5), "MST": _hours(-7), "MDT": _hours(-6),
    "PST": _hours(-8), "PDT": _hours(-7),
}
