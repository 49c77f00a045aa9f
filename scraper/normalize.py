"""Pure helpers that clean values: text, URLs, ids, hashes and dates.

Every function here is deterministic and does no I/O, so records built from the same page are
byte-identical from run to run.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime, timezone
from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from dateutil import parser as dateutil_parser

from scraper.errors import InvalidURL

_SPACE_RUN = re.compile(r"[^\S\n]+")  # whitespace except newlines
_ANY_SPACE_RUN = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n{2,}")
# Zero-width characters that pages use for layout; they are never content.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Query parameters that identify a campaign, not a page.
_TRACKING_PARAM = re.compile(r"^(utm_[a-z]+|fbclid|gclid|dclid|mc_cid|mc_eid|igshid|ref_src|cmpid|ito|__twitter_impression)$", re.I)
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")


def clean_text(value: object) -> str | None:
    """NFC-normalize, drop invisible characters, collapse every whitespace run to one space.

    Returns ``None`` for ``None`` and for strings that are empty once cleaned, never ``""``.
    Typographic quotes and dashes are kept as the page prints them.
    """
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value)).translate(_INVISIBLE)
    text = _ANY_SPACE_RUN.sub(" ", text).strip()
    return text or None


def clean_multiline(value: object) -> str | None:
    """Like :func:`clean_text`, but keeps single line breaks (``<br>`` inside a comment)."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value)).translate(_INVISIBLE)
    lines = (_SPACE_RUN.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    text = "\n".join(line for line in lines if line)
    return text or None


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


def absolute_url(href: str | None, base: str) -> str | None:
    """Resolve ``href`` against ``base``; ``None`` for empty, javascript:, data:, mailto: and malformed links."""
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


def host_key(url: str) -> str:
    """Lower-cased host with the port when it is not the scheme's default ('' for a malformed URL).

    The key for per-host politeness, robots.txt and canonical URLs.
    """
    try:
        parts = split_url(url)
    except InvalidURL:
        return ""
    host = (parts.hostname or "").lower()
    if ":" in host:  # IPv6 literal: keep its brackets
        host = f"[{host}]"
    port = parts.port
    return f"{host}:{port}" if port and port != _DEFAULT_PORTS.get(parts.scheme.lower()) else host


def hostname(url: str) -> str:
    """Lower-cased host without port ('' for a malformed URL or one without a host)."""
    try:
        return (split_url(url).hostname or "").lower()
    except InvalidURL:
        return ""


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
    joined = "\n\n".join(_ANY_SPACE_RUN.sub(" ", t).strip() for t in texts if t)
    return "sha256:" + hashlib.sha256(joined.encode("utf-8")).hexdigest()


def word_count(text: str | None) -> int:
    """Words in ``text``: runs of letters/digits, keeping contractions and hyphenations whole."""
    return len(_WORD.findall(text)) if text else 0


def join_blocks(texts: list[str]) -> str | None:
    """Plain text of a body: block texts separated by one blank line."""
    text = "\n\n".join(t for t in texts if t)
    return _BLANK_LINES.sub("\n\n", text) or None


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$", re.I)


def parse_date(raw: str | None) -> datetime | None:
    """Parse a date as printed or declared on a page into a tz-aware datetime.

    ISO 8601 first (keeping the offset it gives), then a lenient parse of English forms such as
    ``June 11, 2020 1:56PM EDT``. A value without an offset is taken as UTC: the day stays as written.
    Returns ``None`` when nothing sensible comes out, or the year is outside 1990..2100.
    """
    text = clean_text(raw)
    if not text or len(text) > 80:
        return None
    value: datetime | None = None
    if _ISO_DATE.match(text):
        try:
            value = datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError:
            value = None
    if value is None:
        value = _parse_full_date(text)
        if value is None:
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    if not 1990 <= value.year <= 2100:
        return None
    return value


# Two defaults that differ in year, month and day: a field missing from the text shows up as a
# difference between the two parses. dateutil would otherwise fill it from today's date.
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))


def _parse_full_date(text: str) -> datetime | None:
    """A date with year, month and day all written out, or None; never filled from the clock."""
    try:
        first, second = (dateutil_parser.parse(text, default=d, tzinfos=_TZ_NAMES) for d in _DEFAULTS)
    except (ValueError, OverflowError, TypeError):
        return None
    return first if first.date() == second.date() else None


def _hours(h: float) -> int:
    return int(h * 3600)


# Zone abbreviations seen in news bylines (dateutil knows only UTC/GMT by itself).
_TZ_NAMES = {
    "UTC": 0, "GMT": 0, "Z": 0, "BST": _hours(1), "CET": _hours(1), "CEST": _hours(2),
    "EET": _hours(2), "EEST": _hours(3), "MSK": _hours(3), "IST": _hours(5.5), "JST": _hours(9),
    "KST": _hours(9), "AEST": _hours(10), "AEDT": _hours(11), "EST": _hours(-5), "EDT": _hours(-4),
    "CST": _hours(-6), "CDT": _hours(-5), "MST": _hours(-7), "MDT": _hours(-6), "PST": _hours(-8),
    "PDT": _hours(-7), "ET": _hours(-5), "PT": _hours(-8),
}
