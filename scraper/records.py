"""The records every extractor produces and every exporter writes: Article, Comment and ErrorRecord,
and the Result of one source.

Field names are identical in Python, JSONL and ``schemas/``. Records know nothing about HTML or
JSON; ``to_dict`` gives plain values (datetimes stay datetimes) and ``from_dict`` reads them back.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from operator import attrgetter
from types import MemberDescriptorType
from typing import Any, ClassVar

import attrs
from attrs.validators import in_, instance_of

from scraper.errors import InputError, ScraperError
from scraper.normalize import clean_list, clean_multiline, clean_text, content_hash, join_blocks, word_count

# A semver string MAJOR.MINOR.PATCH, never a bare number, so that no reader (pandas, DuckDB) takes
# it for a float. Adding a field bumps the minor version; renaming or removing one, or changing
# its type, bumps the major. 2.0.0: schema_version itself became a three-part string (was "1.0").
# 2.1.0: Article.not_an_article (optional in the schema: lines of 2.0.0 lack it).
SCHEMA_VERSION = "2.1.0"

BLOCK_TYPES = ("paragraph", "heading", "quote", "list_item", "table", "code", "embed")
# Block types whose text is prose and goes into Article.text.
TEXT_BLOCK_TYPES = frozenset(("paragraph", "heading", "quote", "list_item", "table", "code"))


def _absolute_url(instance: object, attribute: attrs.Attribute, value: object) -> None:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise ValueError(f"{type(instance).__name__}.{attribute.name} must be an absolute http(s) URL, got {value!r}")


def _page_url(instance: object, attribute: attrs.Attribute, value: object) -> None:
    if not isinstance(value, str) or not value.startswith(("http://", "https://", "file://")):
        raise ValueError(f"{type(instance).__name__}.{attribute.name} must be an absolute http(s) or file URL, got {value!r}")


def _tz_aware(instance: object, attribute: attrs.Attribute, value: object) -> None:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValueError(f"{type(instance).__name__}.{attribute.name} must be a tz-aware datetime, got {value!r}")


def _optional_url(instance: object, attribute: attrs.Attribute, value: object) -> None:
    if value is not None:
        _absolute_url(instance, attribute, value)


def _optional_datetime(instance: object, attribute: attrs.Attribute, value: object) -> None:
    if value is not None:
        _tz_aware(instance, attribute, value)


def _to_datetime(value: object) -> object:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _non_negative(instance: object, attribute: attrs.Attribute, value: object) -> None:
    if value is not None and (not isinstance(value, int) or value < 0):
        raise ValueError(f"{type(instance).__name__}.{attribute.name} must be a non-negative integer, got {value!r}")


class _Unusual(Exception):
    """A record holds a value _plain does not convert the way ``attrs.asdict`` does."""


# Values ``attrs.asdict`` hands back as they are; _plain converts these, records and tuples of them.
_AS_IS = frozenset({type(None), bool, int, float, str, datetime})


@functools.cache
def _layout(cls: type) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]], tuple[Callable[[Any, Any], None], ...]]:
    """A record class's field names in order, one getter of all their values, and each field's slot setter."""
    names = tuple(field.name for field in attrs.fields(cls))
    slots = tuple(getattr(cls, name) for name in names)
    assert len(names) > 1 and all(type(slot) is MemberDescriptorType for slot in slots), cls
    return names, attrgetter(*names), tuple(slot.__set__ for slot in slots)


def _restore(cls: type, values: tuple[Any, ...]) -> Any:
    """A record unpickled: its values put back in its slots, unchecked (as attrs' own ``__setstate__`` does)."""
    record = object.__new__(cls)
    for put, value in zip(_layout(cls)[2], values):
        put(record, value)
    return record


def _plain(record: Any) -> dict[str, Any]:
    """``attrs.asdict(record)`` for records holding text, numbers, datetimes, records and tuples of these."""
    names, values, _ = _layout(type(record))
    plain = []
    for value in values(record):
        kind = type(value)
        if kind in _AS_IS:
            plain.append(value)
        elif isinstance(value, _Record):
            plain.append(_plain(value))
        elif kind is tuple:
            plain.append(tuple(item if type(item) in _AS_IS else _plain(item) if isinstance(item, _Record) else _unusual() for item in value))
        else:
            _unusual()
    return dict(zip(names, plain))


def _unusual() -> Any:
    raise _Unusual


class _Record:
    """Base of the record classes: cheaper pickling and ``to_dict``, the same values.

    Extraction workers send every Result back pickled, and the crawl's event loop unpickles it.
    attrs pickles a record as a dict of its field names and values and sets them back one name at
    a time. Pickled here, a record is its class and its values in field order, put back in its
    slots: a crawled page's Result unpickles in 13.5 µs instead of 17 (and pickles in 14 instead
    of 19.5). ``to_dict`` (_as_dict) likewise skips attrs' generic machinery: 9 µs instead of 13.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[Callable[..., Any], tuple[type, tuple[Any, ...]]]:
        return _restore, (type(self), _layout(type(self))[1](self))


def _as_dict(record: Any) -> dict[str, Any]:
    """The records' ``to_dict``: ``attrs.asdict``, by _plain when it can."""
    try:
        return _plain(record)
    except _Unusual:
        return attrs.asdict(record)


@attrs.frozen(kw_only=True)
class Author(_Record):
    name: str = attrs.field(converter=clean_text, validator=instance_of(str))  # as printed in the byline
    url: str | None = attrs.field(default=None, validator=_optional_url)  # author page, absolute
    bio: str | None = attrs.field(default=None, converter=clean_text)  # author box text

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Author:
        return cls(**data)


@attrs.frozen(kw_only=True)
class Image(_Record):
    url: str = attrs.field(validator=_absolute_url)  # absolute image URL (largest offered)
    caption: str | None = attrs.field(default=None, converter=clean_text)  # caption text, credit excluded
    credit: str | None = attrs.field(default=None, converter=clean_text)  # credit line as printed
    alt: str | None = attrs.field(default=None, converter=clean_text)  # the img alt text

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Image:
        return cls(**data)


@attrs.frozen(kw_only=True)
class Block(_Record):
    type: str = attrs.field(validator=in_(BLOCK_TYPES))  # paragraph, heading, quote, list_item, table, code, embed
    text: str | None = attrs.field(default=None, converter=clean_multiline)  # block text; tables: cells by " | ", rows by lines
    url: str | None = attrs.field(default=None, validator=_optional_url)  # embeds: the embedded tweet/video URL

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Block:
        return cls(**data)


@attrs.frozen(kw_only=True)
class Link(_Record):
    title: str | None = attrs.field(converter=clean_text)  # link text as shown
    url: str = attrs.field(validator=_absolute_url)  # absolute target

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Link:
        return cls(**data)


def _blocks_text(self: Article) -> str | None:
    return join_blocks([b.text for b in self.body if b.type in TEXT_BLOCK_TYPES and b.text])


def _tuple_of(kind: type) -> Any:
    def convert(values: object) -> tuple:
        return tuple(kind.from_dict(v) if isinstance(v, dict) else v for v in (values or ()))

    return convert


@attrs.frozen(kw_only=True)
class Article(_Record):
    """One article page. Only ``id``, ``url``, ``source`` and ``fetched_at`` are always known."""

    schema: ClassVar[str] = "article"

    schema_version: str = SCHEMA_VERSION  # semver of schemas/article.schema.json this line follows
    id: str = attrs.field(validator=instance_of(str))  # stable: derived from the canonical URL
    url: str = attrs.field(validator=_page_url)  # canonical URL, else final URL; file:// for a local file without one
    source: str = attrs.field(validator=instance_of(str))  # the URL or file path given to the scraper
    site: str | None = None  # host of url, without www.
    site_name: str | None = attrs.field(default=None, converter=clean_text)  # publication name
    extractor: str = attrs.field(validator=instance_of(str))  # name of the extractor that made the record
    title: str | None = attrs.field(default=None, converter=clean_text)  # headline, site suffix removed
    description: str | None = attrs.field(default=None, converter=clean_text)  # dek / standfirst
    authors: tuple[Author, ...] = attrs.field(default=(), converter=_tuple_of(Author))
    published_at: datetime | None = attrs.field(default=None, converter=_to_datetime, validator=_optional_datetime)
    published_raw: str | None = attrs.field(default=None, converter=clean_text)  # as declared or printed
    modified_at: datetime | None = attrs.field(default=None, converter=_to_datetime, validator=_optional_datetime)
    section: str | None = attrs.field(default=None, converter=clean_text)
    tags: tuple[str, ...] = attrs.field(default=(), converter=clean_list)
    language: str | None = attrs.field(default=None, converter=clean_text)  # BCP 47 tag, e.g. en-US
    lead_image: Image | None = attrs.field(default=None, converter=lambda v: Image.from_dict(v) if isinstance(v, dict) else v)
    images: tuple[Image, ...] = attrs.field(default=(), converter=_tuple_of(Image))  # in-body images, page order
    body: tuple[Block, ...] = attrs.field(default=(), converter=_tuple_of(Block))  # page order
    text: str | None = attrs.field(default=attrs.Factory(_blocks_text, takes_self=True))  # prose blocks, blank-line separated
    word_count: int = attrs.field(default=attrs.Factory(lambda self: word_count(self.text), takes_self=True))
    comment_count: int | None = attrs.field(default=None, validator=_non_negative)  # as the page states it
    related: tuple[Link, ...] = attrs.field(default=(), converter=_tuple_of(Link))  # related-article links
    content_hash: str = attrs.field(
        default=attrs.Factory(lambda self: content_hash(self.title, self.description, self.text), takes_self=True)
    )
    fetched_at: datetime = attrs.field(converter=_to_datetime, validator=_tz_aware)
    # Why the page does not read as an article, for one written all the same because any page was asked for
    # (scrape --any-page, a crawl site's any_page); null for an article. Last, as fields added in 2.1.0 are.
    not_an_article: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return cls(**data)


@attrs.frozen(kw_only=True)
class Comment(_Record):
    """One reader comment; ``parent_id`` links replies so threads rebuild from flat lines."""

    schema: ClassVar[str] = "comment"

    schema_version: str = SCHEMA_VERSION  # semver of schemas/comment.schema.json this line follows
    id: str = attrs.field(validator=instance_of(str))  # stable: article id + the page's comment id (or content)
    article_id: str = attrs.field(validator=instance_of(str))  # Article.id of the page it was posted on
    position: int = attrs.field(validator=_non_negative)  # 0-based order on the page
    parent_id: str | None = None  # id of the comment replied to; null at top level
    author: str | None = attrs.field(default=None, converter=clean_text)  # display name
    published_at: datetime | None = attrs.field(default=None, converter=_to_datetime, validator=_optional_datetime)
    published_raw: str | None = attrs.field(default=None, converter=clean_text)
    text: str | None = attrs.field(default=None, converter=clean_multiline)  # own words, quote excluded; lines kept
    quote: str | None = attrs.field(default=None, converter=clean_multiline)  # text it quotes, if any
    likes: int | None = attrs.field(default=None, validator=_non_negative)  # as shown on the page
    fetched_at: datetime = attrs.field(converter=_to_datetime, validator=_tz_aware)

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Comment:
        return cls(**data)


@attrs.frozen(kw_only=True)
class ErrorRecord(_Record):
    """One failed source, as written to ``errors.jsonl``."""

    schema: ClassVar[str] = "error"

    schema_version: str = SCHEMA_VERSION  # semver of schemas/error.schema.json this line follows
    source: str  # the URL or file path as given
    url: str | None = None  # the URL fetched, when there was one
    error: str  # short kind: http_status, timeout, connection, too_large, not_html, bad_input...
    message: str  # one line: what happened, where, what to try
    status: int | None = None  # last HTTP status, if any
    attempts: int = 1  # fetch attempts made
    failed_at: str  # ISO 8601 with offset

    @classmethod
    def from_error(cls, source: str, exc: ScraperError, failed_at: str) -> ErrorRecord:
        return cls(
            source=source,
            url=None if isinstance(exc, InputError) else getattr(exc, "url", None),  # nothing was fetched
            error=exc.kind,
            message=exc.message,
            status=getattr(exc, "status", None),
            attempts=getattr(exc, "attempts", 1) or 1,
            failed_at=failed_at,
        )

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


@attrs.frozen(kw_only=True)
class Result(_Record):
    """What one source gave: its article and comments, or the error that stopped it (``error``)."""

    source: str  # the URL or file path as given
    article: Article | None = None
    comments: tuple[Comment, ...] = ()
    error: ScraperError | None = attrs.field(default=None, eq=False)

    @property
    def ok(self) -> bool:
        return self.error is None

    def records(self) -> tuple[Article | Comment, ...]:
        """The article then its comments; nothing for a failed source."""
        return (self.article, *self.comments) if self.article is not None else ()
