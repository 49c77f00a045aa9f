"""JSON Lines output: ``articles.jsonl``, ``comments.jsonl`` and ``errors.jsonl`` in one directory.

Every line is one whole record: UTF-8 without ASCII escaping, keys in record field order, ``null``
for unknown values, datetimes in ISO 8601 with offset. Files are append-only logs: each record is
written with a single ``write`` of the complete line to a file opened with O_APPEND, and on opening,
a torn last line left by a killed process is cut off. So a reader never sees half a record, and
nothing already written is lost.

Records already present (same article ``id`` and ``content_hash``, same comment ``id`` and text)
are skipped, so running the same scrape twice does not duplicate lines.
"""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol

import orjson

from scraper.errors import ExportError
from scraper.export.base import directory_problem, file_problem, first_time, record_key, without_surrogates
from scraper.records import Article, Comment, ErrorRecord

log = logging.getLogger(__name__)

FILES = {"article": "articles.jsonl", "comment": "comments.jsonl", "error": "errors.jsonl"}


class Record(Protocol):
    schema: Any

    def to_dict(self) -> dict[str, Any]: ...


def dumps(record: Record) -> bytes:
    """One JSONL line (with its newline) for a record."""
    return _line(record.to_dict())


def _line(data: dict[str, Any]) -> bytes:
    """One JSONL line; lone surrogates (a file name or argument that is not UTF-8) become U+FFFD."""
    try:
        return orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError:
        return orjson.dumps(without_surrogates(data), option=orjson.OPT_APPEND_NEWLINE)


def repair_tail(path: Path) -> int:
    """Cut a torn last line (no trailing newline) off ``path``; return the bytes removed."""
    try:
        with open(path, "rb+") as handle:
            size = handle.seek(0, os.SEEK_END)
            if size == 0:
                return 0
            handle.seek(size - 1)
            if handle.read(1) == b"\n":
                return 0
            end = size
            chunk = 64 * 1024
            while end > 0:
                start = max(0, end - chunk)
                handle.seek(start)
                data = handle.read(end - start)
                cut = data.rfind(b"\n")
                if cut >= 0:
                    keep = start + cut + 1
                    break
                end = start
            else:
                keep = 0
            handle.truncate(keep)
            os.fsync(handle.fileno())
            return size - keep
    except FileNotFoundError:
        return 0


def iter_lines(path: Path) -> Iterator[dict[str, Any]]:
    """Parsed lines of a JSONL file; lines that are not JSON objects are skipped."""
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        return
    with handle:
        for line in handle:
            try:
                value = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            if isinstance(value, dict):
                yield value


class JsonlExporter:
    """Appends records to the three JSONL files of ``directory``; a context manager.

    ``dedupe=True`` (the default) reads the keys of what the files already hold, so a record
    written by an earlier run is not written again. A crawler that keeps those keys elsewhere
    passes ``dedupe=False``.
    """

    name = "jsonl"
    deferred = False  # each write appends one whole line: durable against a killed process at once

    def __init__(self, directory: str | os.PathLike[str], *, dedupe: bool = True) -> None:
        self.directory = Path(directory)
        self.dedupe = dedupe
        self._fds: dict[str, int] = {}
        self._seen: dict[str, set[bytes]] = {"article": set(), "comment": set()}
        self.written: dict[str, int] = {kind: 0 for kind in FILES}
        self.skipped = 0

    def path(self, kind: str) -> Path:
        return self.directory / FILES[kind]

    def __enter__(self) -> JsonlExporter:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError(directory_problem(self.directory, exc), path=str(self.directory)) from exc
        for kind in FILES:
            path = self.path(kind)
            try:
                repair_tail(path)
                if self.dedupe and kind in self._seen:
                    self._seen[kind].update(k for k in (record_key(kind, d) for d in iter_lines(path)) if k)
                self._fds[kind] = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            except OSError as exc:
                self.close()
                raise ExportError(file_problem(path, exc), path=str(path)) from exc
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Flush every file to disk and close it; ExportError names the first file that failed."""
        problem: ExportError | None = None
        for kind, fd in self._fds.items():
            try:
                os.fsync(fd)
            except OSError as exc:
                if exc.errno != errno.EINVAL and problem is None:  # EINVAL: a device that cannot sync
                    problem = ExportError(f"cannot write {self.path(kind)}: {exc.strerror or exc}", path=str(self.path(kind)))
            finally:
                os.close(fd)
        self._fds.clear()
        if problem is not None:
            raise problem

    def write(self, record: Article | Comment | ErrorRecord) -> bool:
        """Append one record as one line; False when it was already there."""
        kind = record.schema
        data = record.to_dict()
        if self.dedupe and not first_time(self._seen, kind, data):
            self.skipped += 1
            return False
        self._write_line(kind, _line(data))
        self.written[kind] += 1
        return True

    def flush(self) -> None:
        """Nothing to do: every ``write`` already handed its whole line to the kernel."""

    def mark(self) -> dict[str, int]:
        """The size of each file: everything before it is whole lines.

        Read from the open descriptors while open (a crawl asks twice per page: a path ``stat`` of
        three files each time was 3 % of its CPU).
        """
        return {FILES[kind]: os.fstat(fd).st_size if (fd := self._fds.get(kind)) is not None else _size(self.path(kind))
                for kind in FILES}  # fmt: skip

    def keys_since(self, mark: Mapping[str, int]) -> Iterator[bytes]:
        """Keys of the article and comment lines past ``mark``'s sizes.

        A file shorter than its mark was rotated or truncated by someone else: it is read from
        the start. Call after opening, which cuts a torn tail.
        """
        for kind in ("article", "comment"):
            path = self.path(kind)
            start, size = mark.get(FILES[kind], 0), _size(path)
            if size < start:
                log.warning("%s is shorter than at the last checkpoint (%d < %d bytes); reading it from the start", path, size, start)
                start = 0
            if size > start:
                yield from _keys(kind, path, start)

    def write_all(self, records: Iterable[Article | Comment | ErrorRecord]) -> None:
        for record in records:
            self.write(record)

    def _write_line(self, kind: str, line: bytes) -> None:
        fd = self._fds[kind]
        try:
            written = os.write(fd, line)
            while written < len(line):  # only on a full disk or a signal; finish the line
                written += os.write(fd, line[written:])
        except OSError as exc:
            raise ExportError(f"cannot write {self.path(kind)}: {exc.strerror or exc}", path=str(self.path(kind))) from exc


def _keys(kind: str, path: Path, start: int) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        handle.seek(start)
        for line in handle:
            try:
                data = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            key = record_key(kind, data) if isinstance(data, dict) else None
            if key is not None:
                yield key


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0
