"""Page metadata from structured sources: <meta> tags, JSON-LD, link rel, <html lang>.

Order of trust, used by the extractor base class for every field a site does not override:
1. JSON-LD article object (NewsArticle, Article, BlogPosting, ReportageNewsArticle, ...),
2. OpenGraph ``og:*`` / ``article:*`` properties, then Twitter card tags,
3. plain ``<meta name=...>`` tags (author, description, date, keywords...),
4. visible markup (``<h1>``, ``<title>``, ``<time datetime>``, ``rel=author``), left to extractors.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser

# schema.org types that describe one article.
ARTICLE_TYPES = frozenset(
    (
        "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
        "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "AskPublicNewsArticle",
        "TechArticle", "ScholarlyArticle", "SocialMediaPosting", "LiveBlogPosting", "Report",
        "SatiricalArticle", "Review", "MedicalScholarlyArticle", "DiscussionForumPosting", "Blog",
    )
)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def meta_tags(tree: LexborHTMLParser) -> dict[str, str]:
    """First ``content`` of every ``<meta>`` keyed by lower-cased ``property``, ``name`` or ``itemprop``."""
    found: dict[str, str] = {}
    for node in tree.css("meta[content]"):
        attrs = node.attributes
        content = attrs.get("content")
        if not content or not content.strip():
            continue
        for key_attr in ("property", "name", "itemprop", "http-equiv"):
            key = attrs.get(key_attr)
            if key:
                found.setdefault(key.strip().lower(), content.strip())
    return found


def _loads_lenient(raw: str) -> Any:
    raw = raw.strip()
    if raw.startswith("<!--"):
        raw = raw.removeprefix("<!--").removesuffix("-->")
    raw = raw.strip().rstrip(";")
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        pass
    fixed = _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", raw))
    try:
        return json.loads(fixed, strict=False)
    except ValueError:
        return None


def _flatten(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(value, list):
        for item in value:
            yield from _flatten(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        if "@graph" in value:
            yield from _flatten(value["@graph"], depth + 1)
        main = value.get("mainEntity") or value.get("mainEntityOfPage")
        if isinstance(main, dict) and "@type" in main:
            yield from _flatten(main, depth + 1)


def jsonld_objects(tree: LexborHTMLParser) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, ``@graph`` and arrays flattened; broken blocks skipped."""
    objects: list[dict[str, Any]] = []
    for node in tree.css('script[type="application/ld+json"]'):
        data = _loads_lenient(node.text(deep=True) or "")
        objects.extend(_flatten(data))
    return objects


def types_of(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


def article_object(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first JSON-LD object whose type is an article type; the one with a headline wins ties."""
    candidates = [o for o in objects if types_of(o) & ARTICLE_TYPES]
    with_headline = [o for o in candidates if o.get("headline") or o.get("articleBody")]
    return (with_headline or candidates or [None])[0]


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
