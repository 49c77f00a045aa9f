"""What every exporter offers, and the helpers the formats share.

An exporter is a context manager over one output directory that writes records of three kinds
(``article``, ``comment``, ``error``). Besides ``write`` it answers the two questions a crawl
needs to stay exactly-once across crashes without knowing the format:

- ``mark()``: where the output durably stands now, as ``{name: position}`` (JSONL: file sizes;
  Parquet: the number of the last finished part). The crawl state stores it with each commit.
- ``keys_since(mark)``: the dedupe keys (:func:`record_key`) of records durably written after a
  mark, so a record written just before a crash is not written again.

``deferred`` says whether a record is durable as soon as ``write`` returns (JSONL: one whole
line per ``write``, so ``False``) or only once the exporter closes (Parquet: ``True``); the
crawl keeps the claims of deferred outputs pending until then.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar, Protocol

import orjson

from scraper.records import Article, Comment, ErrorRecord

KINDS = ("article", "comment", "error")

AnyRecord = Article | Comment | ErrorRecord


class Exporter(Protocol):
    """The interface of one output format (see the module docstring)."""

    name: ClassVar[str]  # the format's name in EXPORTERS and on the command line
    deferred: ClassVar[bool]  # True: records become durable only when the exporter closes
    written: dict[str, int]  # records written, per kind
    skipped: int  # duplicates not written (dedupe=True)

    def __enter__(self) -> Exporter: ...

    def __exit__(self, *exc_info: object) -> None: ...

    def write(self, record: AnyRecord) -> bool: ...

    def flush(self) -> None: ...

    def mark(self) -> dict[str, int]: ...

    def keys_since(self, mark: Mapping[str, int]) -> Iterator[bytes]: ...


def record_key(kind: str, data: Mapping[str, Any]) -> bytes | None:
    """What makes a line a duplicate of another: (id, content_hash) for articles, (id, text) for comments."""
    if kind == "article":
        parts = (data.get("id"), data.get("content_hash"))
    elif kind == "comment":
        parts = (data.get("id"), data.get("quote"), data.get("text"))
    else:
        return None
    return hashlib.blake2b(orjson.dumps(parts), digest_size=16).digest()


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(value: Any) -> Any:
    """``value`` with lone surrogates (a file name or argument that is not UTF-8) replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {key: without_surrogates(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [without_surrogates(item) for item in value]
    return value


def directory_problem(directory: Path, exc: OSError) -> str:
    """One line naming the output directory and why it cannot be used."""
    if isinstance(exc, FileExistsError) or directory.is_file():
        return f"cannot use output directory {directory}: it is a file, not a directory"
    if isinstance(exc, NotADirectoryError):
        return f"cannot create output directory {directory}: a part of its path is a file, not a directory"
    return f"cannot create output directory {directory}: {exc.strerror or exc}"


def file_problem(path: Path, exc: OSError) -> str:
    """One line naming the output file and the real cause (open() alone often names neither)."""
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        return f"cannot open output file {path}: it is a directory, not a file"
    if isinstance(exc, FileNotFoundError) and path.parent.is_dir():
        # A directory that exists yet answers "no such file" (/proc/1) does not let files be created.
        return f"cannot create output file {path}: {path.parent} does not accept new files"
    return f"cannot open output file {path}: {exc.strerror or exc}"


def first_time(seen: dict[str, set[bytes]], kind: str, data: dict[str, Any]) -> bool:
    """True, and remembered in ``seen``, unless a record with the same dedupe key was seen before.

    Records without a key (errors) always pass.
    """
    key = record_key(kind, data)
    if key is None:
        return True
    if key in seen[kind]:
        return False
    seen[kind].add(key)
    return True
