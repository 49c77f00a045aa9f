"""Page metadata from structured sources: <meta> tags, JSON-LD, link rel, <html lang>.

Order of trust, used by the extractor base class and the generic extractor for every field a site
does not override (the first source that has a usable value wins):

1. JSON-LD article object (NewsArticle, Article, BlogPosting, ReportageNewsArticle, ...; found in
   arrays, ``@graph`` and ``mainEntity``; the object with a headline and the most article fields
   wins; a WebPage object fills dates when no article object has them),
2. OpenGraph ``og:*`` / ``article:*`` properties, then Twitter card tags,
3. plain ``<meta name=...>`` tags (Dublin Core, Parse.ly, Sailthru, ``author``, ``description``,
   ``date``, ``keywords``...),
4. visible markup (``<time datetime>``, ``itemprop``, ``rel=author``, bylines, ``<title>``, ``<h1>``),
   left to extractors.

Every string taken from a ``<meta>`` ``content`` or a JSON-LD value has HTML entities left in it by the
publishing system decoded (``&#039;``, ``&#8217;``, ``&apos;``, double-escaped ``&amp;#8217;``); only
complete references ending in ``;`` are decoded, so "AT&T" or "R&D" stay as they are.

JSON-LD is read leniently: CDATA and HTML comment wrappers, trailing commas, raw control characters,
several objects in one script and a ``;`` after the object are all tolerated. A block that still does
not parse is skipped; it never fails the page.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

# schema.org types that describe one article.
ARTICLE_TYPES = frozenset(
    (
        "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
        "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "AskPublicNewsArticle",
        "TechArticle", "ScholarlyArticle", "SocialMediaPosting", "LiveBlogPosting", "Report",
        "SatiricalArticle", "Review", "MedicalScholarlyArticle", "DiscussionForumPosting", "Blog",
        "AdvertiserContentArticle",
    )
)
# Types that describe the page around an article; used only for dates and names when nothing better.
PAGE_TYPES = frozenset(("WebPage", "ItemPage", "AboutPage", "CollectionPage", "ProfilePage", "QAPage", "FAQPage", "MediaObject"))
# Objects for the "article" that are clearly not: the publisher, a breadcrumb, a site search box.
_FIELDS = ("headline", "articleBody", "datePublished", "author", "image", "description", "dateModified")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")
_DECODER = json.JSONDecoder(strict=False)  # stateless between calls, as json's own default decoder
_MAX_JSONLD = 2_000_000  # characters; larger blocks are not read (a hostile page must stay cheap)
# A complete character reference: named (``&amp;``), decimal (``&#8217;``) or hex (``&#x27;``).
# A UTF-8 lead byte read as Latin-1, followed by a continuation byte read the same way.
_MOJIBAKE = re.compile(r"[\u00c2-\u00f4][\u0080-\u00bf]")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")


def unescape(text: str) -> str:
    """``text`` with the entity references a CMS left in it decoded, twice at most (``&amp;#8217;``).

    Only whole references ending in ``;`` are read: a bare ``&`` in "AT&T" or "Q&A" is text. UTF-8
    that was decoded as Latin-1 on its way into the tag ("Investorâ\x80\x99s", "JOHNSONÂ®") is
    repaired when the bytes read back as UTF-8.
    """
    if _MOJIBAKE.search(text):
        try:
            text = text.encode("latin-1").decode("utf-8")
        except UnicodeError:
            pass
    for _ in range(2):
        if "&" not in text or ";" not in text:
            break
        decoded = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
        if decoded == text:
            break
        text = decoded
    return text


def _unescape_all(value: Any, depth: int = 0) -> Any:
    """Every string inside a parsed JSON value, unescaped (see :func:`unescape`)."""
    if isinstance(value, str):
        return unescape(value)
    if depth > 12:
        return value
    if isinstance(value, list):
        return [_unescape_all(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {k: _unescape_all(v, depth + 1) for k, v in value.items()}
    return value


def meta_tags(tree: LexborHTMLParser, attributes: list[dict[str, str | None]] | None = None) -> dict[str, str]:
    """First ``content`` of every ``<meta>`` keyed by lower-cased ``property``, ``name`` or ``itemprop``.

    A space-separated ``property="og:title twitter:title"`` gives the value to each key.
    ``attributes``: those of every ``<meta content>`` of ``tree`` in page order, when already read.
    """
    found: dict[str, str] = {}
    if attributes is None:
        attributes = [node.attributes for node in tree.css("meta[content]")]
    for attrs in attributes:
        content = attrs.get("content")
        if not content or not content.strip():
            continue
        content = unescape(content.strip())
        for key_attr in ("property", "name", "itemprop", "http-equiv"):
            key = attrs.get(key_attr)
            if not key:
                continue
            for part in key.lower().split():
                found.setdefault(part, content)
    return found


def _unwrapped(raw: str) -> str:
    """A script body without the HTML comment or CDATA wrapper some pages put around JSON, nor a final ``;``."""
    raw = raw.strip()
    if "<!" in raw or "]]>" in raw or "-->" in raw:  # only then can _WRAPPERS match: no regex pass over most bodies
        raw = _WRAPPERS.sub("", raw).strip()
    return raw.rstrip(";").strip()


def _loads(raw: str) -> Any:
    """``json.loads(raw, strict=False)`` without building a decoder for each call."""
    if raw.startswith("\ufeff"):
        raise ValueError("JSON text opens with a BOM")  # as json.loads does
    return _DECODER.decode(raw)


def _loads_lenient(raw: str) -> list[Any]:
    """Every JSON value in a script body, read leniently; ``[]`` when nothing parses."""
    raw = _unwrapped(raw)
    if not raw or len(raw) > _MAX_JSONLD:
        return []
    try:
        return [_loads(raw)]
    except (ValueError, RecursionError):
        pass
    fixed = _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", raw))
    decoder = _DECODER
    values: list[Any] = []
    position = 0
    while position < len(fixed):
        start = min((i for i in (fixed.find("{", position), fixed.find("[", position)) if i >= 0), default=-1)
        if start < 0:
            break
        try:
            value, end = decoder.raw_decode(fixed, start)
        except (ValueError, RecursionError):
            break
        values.append(value)
        position = end
    return values


def _flatten(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(value, list):
        for item in value[:200]:
            yield from _flatten(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        if "@graph" in value:
            yield from _flatten(value["@graph"], depth + 1)
        for key in ("mainEntity", "mainEntityOfPage", "itemListElement"):
            main = value.get(key)
            if isinstance(main, (dict, list)):
                yield from (o for o in _flatten(main, depth + 1) if "@type" in o)


# The scripts that hold JSON-LD; is_jsonld_script tells one found by another selector.
JSONLD_CSS = 'script[type="application/ld+json" i], script[type="application/json+ld" i]'
_JSONLD_TYPES = ("application/ld+json", "application/json+ld")


def is_jsonld_script(tag: str, attributes: dict[str, str | None]) -> bool:
    """Whether an element (its tag and attributes) matches ``JSONLD_CSS``."""
    return tag == "script" and (attributes.get("type") or "").lower() in _JSONLD_TYPES


def jsonld_objects(tree: LexborHTMLParser, scripts: list[LexborNode] | None = None) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, ``@graph`` and arrays flattened; broken blocks skipped.

    ``scripts``: the page's ``JSONLD_CSS`` elements in page order, when already found.
    """
    objects: list[dict[str, Any]] = []
    for node in tree.css(JSONLD_CSS) if scripts is None else scripts:
        for data in _loads_lenient(node.text(deep=True) or ""):
            objects.extend(_flatten(_unescape_all(data)))
    return objects


def types_of(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for k in kinds if isinstance(k, str)}


def article_object(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The JSON-LD object that describes the page's article: an article type with the most fields.

    Ties go to the first on the page. Without any article-typed object, ``None``.
    """
    best: dict[str, Any] | None = None
    best_score = 0
    for obj in objects:
        if not types_of(obj) & ARTICLE_TYPES:
            continue
        score = 1 + sum(2 if key in ("headline", "articleBody") else 1 for key in _FIELDS if obj.get(key))
        if score > best_score:
            best, best_score = obj, score
    return best


def page_object(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first WebPage-like JSON-LD object that carries a date; a fallback for article dates."""
    for obj in objects:
        if types_of(obj) & PAGE_TYPES and (obj.get("datePublished") or obj.get("dateCreated")):
            return obj
    return None


def ld_text(value: Any) -> str | None:
    """A plain string from a JSON-LD value that may be a string, a list, or an object with a name."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        for item in value:
            text = ld_text(item)
            if text:
                return text
    if isinstance(value, dict):
        return ld_text(value.get("name") or value.get("@value") or value.get("headline"))
    return None


def ld_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def ld_names(value: Any) -> list[str]:
    """Names of people or organisations from a JSON-LD ``author``-like value (string, object, list)."""
    names: list[str] = []
    for item in ld_list(value)[:20]:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            name = item.get("name")
            if isinstance(name, list):
                name = ld_text(name)
            if isinstance(name, dict):
                name = ld_text(name)
            if not name and (item.get("givenName") or item.get("familyName")):
                name = " ".join(str(item.get(k) or "") for k in ("givenName", "familyName"))
            if isinstance(name, str):
                names.append(name)
        elif isinstance(item, list):
            names.extend(ld_names(item))
    return names


def ld_url(value: Any) -> str | None:
    """A URL from a JSON-LD value: a string, an ImageObject/Person with ``url``/``@id``, or a list."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        for item in value:
            url = ld_url(item)
            if url:
                return url
    if isinstance(value, dict):
        return ld_url(value.get("url") or value.get("contentUrl") or value.get("@id"))
    return None
