"""Parquet output: typed columns, one set of part files per run, readable with a glob.

Files, in the output directory:

    articles-000001.parquet   comments-000001.parquet   errors-000001.parquet
    articles-000002.parquet   ...                       (one part per kind per run)

Read them all with ``read_parquet('out/articles-*.parquet')`` (DuckDB) or
``pd.read_parquet('out', ...)``/``pd.read_parquet(list_of_parts)`` (pandas): no options needed.

Columns are the record fields in record order, with Parquet types: datetimes are
``timestamp[us, tz=UTC]``; each datetime taken from a page (``published_at``, ``modified_at``)
has a ``<field>_offset_minutes`` column (int16) right after it holding the page's own UTC offset,
so local time is ``published_at + published_at_offset_minutes minutes`` and the JSONL value can
be rebuilt exactly. ``fetched_at`` and ``failed_at`` are our own clock, always UTC: no offset
column. Authors, images, body blocks and related links are lists of structs; ``lead_image`` is a
struct; tags a list of strings. The file metadata key ``scraper_schema_version`` holds
SCHEMA_VERSION. A column added in a minor version (2.1.0: ``not_an_article``) is missing from older parts: a
directory holding both is read whole with DuckDB's ``union_by_name = true``.

Crash rule: a part is written as ``articles-<n>.parquet.tmp`` (row groups flushed as pages finish,
at most ``row_group_rows`` rows held in memory) and renamed to ``articles-<n>.parquet`` only once
its footer is written and synced. Readers globbing ``*.parquet`` therefore never see a part
without a footer. A process killed mid-run leaves a ``.tmp`` part that no reader can use: the next
exporter opening the directory removes it with a warning. Its records are not lost for good: a
crawl un-claims and re-fetches them (see :mod:`scraper.crawling.state`), and a scrape run again
writes them, since dedupe looks only at finished parts. A live part is held with ``flock``, so a
run never removes the part another process is writing.

Dedupe works like JSONL: with ``dedupe=True`` the keys (:func:`record_key`) of every finished
part are read first (only the key columns), and records already there are skipped.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scraper.errors import ExportError, InputError
from scraper.export.base import AnyRecord, directory_problem, file_problem, first_time, record_key, without_surrogates
from scraper.records import SCHEMA_VERSION

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq

log = logging.getLogger(__name__)

STEMS = {"article": "articles", "comment": "comments", "error": "errors"}
PART = re.compile(r"^(articles|comments|errors)-(\d+)\.parquet(\.tmp)?$")
# Columns that make the dedupe key (see record_key), read back instead of whole parts.
KEY_COLUMNS = {"article": ["id", "content_hash"], "comment": ["id", "quote", "text"]}
# Datetime fields taken from the page, whose UTC offset gets its own column.
PAGE_DATETIMES = {"article": ("published_at", "modified_at"), "comment": ("published_at",)}


def _import_pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise InputError("the parquet format needs pyarrow, which is not installed: pip install 'scraper[parquet]'") from exc
    return pyarrow, pyarrow.parquet


def schemas(pa: Any) -> dict[str, pa.Schema]:
    """The Arrow schema of each kind; column names are the record fields (plus offset columns)."""
    text, utc, count, offset = pa.string(), pa.timestamp("us", tz="UTC"), pa.int64(), pa.int16()
    image = pa.struct([("url", text), ("caption", text), ("credit", text), ("alt", text)])
    article = [
        ("schema_version", text), ("id", text), ("url", text), ("source", text), ("site", text),
        ("site_name", text), ("extractor", text), ("title", text), ("description", text),
        ("authors", pa.list_(pa.struct([("name", text), ("url", text), ("bio", text)]))),
        ("published_at", utc), ("published_at_offset_minutes", offset), ("published_raw", text),
        ("modified_at", utc), ("modified_at_offset_minutes", offset), ("section", text),
        ("tags", pa.list_(text)), ("language", text), ("lead_image", image), ("images", pa.list_(image)),
        ("body", pa.list_(pa.struct([("type", text), ("text", text), ("url", text)]))),
        ("text", text), ("word_count", count), ("comment_count", count),
        ("related", pa.list_(pa.struct([("title", text), ("url", text)]))), ("content_hash", text), ("fetched_at", utc),
        ("not_an_article", text),
    ]  # fmt: skip
    comment = [
        ("schema_version", text), ("id", text), ("article_id", text), ("position", count), ("parent_id", text),
        ("author", text), ("published_at", utc), ("published_at_offset_minutes", offset), ("published_raw", text),
        ("text", text), ("quote", text), ("likes", count), ("fetched_at", utc),
    ]  # fmt: skip
    error = [
        ("schema_version", text), ("source", text), ("url", text), ("error", text), ("message", text),
        ("status", count), ("attempts", count), ("failed_at", utc),
    ]  # fmt: skip
    meta = {"scraper_schema_version": SCHEMA_VERSION}
    return {kind: pa.schema(fields, metadata=meta) for kind, fields in (("article", article), ("comment", comment), ("error", error))}


def _offset_minutes(value: datetime | None) -> int | None:
    if value is None:
        return None
    delta = value.utcoffset()
    return None if delta is None else round(delta.total_seconds() / 60)


def row(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """One record's ``to_dict()`` as a Parquet row: offset columns added, ``failed_at`` parsed."""
    for field in PAGE_DATETIMES.get(kind, ()):
        data[f"{field}_offset_minutes"] = _offset_minutes(data.get(field))
    if kind == "error" and isinstance(data.get("failed_at"), str):
        data["failed_at"] = datetime.fromisoformat(data["failed_at"])
    return data


def part_number(path: Path) -> int | None:
    match = PART.match(path.name)
    return int(match.group(2)) if match and not match.group(3) else None


class ParquetExporter:
    """Writes this run's records to one new Parquet part per kind in ``directory``; a context manager."""

    name = "parquet"
    deferred = True  # a part becomes readable (durable) only when it is closed and renamed

    def __init__(self, directory: str | os.PathLike[str], *, dedupe: bool = True, row_group_rows: int = 1000) -> None:
        self.pa, self.pq = _import_pyarrow()
        self.directory = Path(directory)
        self.dedupe = dedupe
        self.row_group_rows = row_group_rows
        self.schemas = schemas(self.pa)
        self.written: dict[str, int] = {kind: 0 for kind in STEMS}
        self.skipped = 0
        self._seen: dict[str, set[bytes]] = {"article": set(), "comment": set()}
        self._rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in STEMS}
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._tmp: dict[str, Path] = {}
        self._locks: dict[str, int] = {}
        self._last: dict[str, int] = {}  # kind -> number of the newest finished part
        self._open = False

    def __enter__(self) -> ParquetExporter:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError(directory_problem(self.directory, exc), path=str(self.directory)) from exc
        self._remove_stale_parts()
        for kind in STEMS:
            self._last[kind] = max((n for _, n in self._parts(kind)), default=0)
        if self.dedupe:
            for kind in self._seen:
                self._seen[kind].update(self._keys(kind, (path for path, _ in self._parts(kind))))
        self._open = True
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def write(self, record: AnyRecord) -> bool:
        """Add one record to this run's part; False when it was already there."""
        kind = record.schema
        data = record.to_dict()
        if self.dedupe and not first_time(self._seen, kind, data):
            self.skipped += 1
            return False
        self._rows[kind].append(row(kind, data))
        self.written[kind] += 1
        if len(self._rows[kind]) >= 10 * self.row_group_rows:  # a caller that never flushes: bound the memory
            self._write_row_groups()
        return True

    def flush(self) -> None:
        """A page is finished: write what is held as row groups once ``row_group_rows`` are held."""
        if sum(len(rows) for rows in self._rows.values()) >= self.row_group_rows:
            self._write_row_groups()

    def close(self) -> None:
        """Write the last row groups, finish every part and rename it into place.

        A kind that has no finished part in the directory gets an empty one, so that a glob
        such as ``errors-*.parquet`` always matches and carries the column types.
        """
        if not self._open:
            return
        self._open = False
        try:
            self._write_row_groups()
            for kind in STEMS:
                if kind not in self._writers and not self._last.get(kind):
                    self._writer(kind)
            if self._writers:
                for kind in list(self._writers):
                    self._finish(kind)
                _sync_directory(self.directory)
        finally:
            for kind in list(self._writers):  # only after an error: drop the unfinished part
                self._abandon(kind)

    def mark(self) -> dict[str, int]:
        """The number of the newest finished part of each kind."""
        return {f"{STEMS[kind]}-*.parquet": self._last.get(kind, 0) for kind in STEMS}

    def keys_since(self, mark: Mapping[str, int]) -> Iterator[bytes]:
        """Keys of the articles and comments in parts finished after ``mark``.

        If the newest part is older than the mark, parts were merged or removed by someone
        else: every part is read.
        """
        for kind in KEY_COLUMNS:
            start = mark.get(f"{STEMS[kind]}-*.parquet", 0)
            parts = self._parts(kind)
            if parts and max(n for _, n in parts) < start:
                log.warning("the newest %s part is older than the last checkpoint (part %d); reading every part", STEMS[kind], start)
                start = 0
            yield from self._keys(kind, (path for path, number in parts if number > start))

    # -- parts -----------------------------------------------------------------------------

    def _parts(self, kind: str) -> list[tuple[Path, int]]:
        """Finished parts of ``kind``, oldest first."""
        found = []
        for path in self.directory.glob(f"{STEMS[kind]}-*.parquet"):
            number = part_number(path)
            if number is not None:
                found.append((path, number))
        return sorted(found, key=lambda item: item[1])

    def _keys(self, kind: str, paths: Iterator[Path]) -> Iterator[bytes]:
        columns = KEY_COLUMNS[kind]
        for path in paths:
            try:
                for batch in self.pq.ParquetFile(path).iter_batches(columns=columns):
                    for values in zip(*(batch.column(name).to_pylist() for name in columns), strict=True):
                        key = record_key(kind, dict(zip(columns, values, strict=True)))
                        if key is not None:
                            yield key
            except (OSError, KeyError, self.pa.ArrowException) as exc:  # KeyError: a key column is missing
                raise ExportError(f"cannot read {path} ({exc}); is it ours? move it out of the output directory",
                                  path=str(path)) from exc  # fmt: skip

    def _remove_stale_parts(self) -> None:
        """Remove ``.tmp`` parts no live process holds: what a killed run left behind."""
        for path in self.directory.glob("*.parquet.tmp"):
            if not PART.match(path.name):
                continue
            try:
                fd = os.open(path, os.O_RDONLY)
            except FileNotFoundError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # another process is writing it
            else:
                path.unlink(missing_ok=True)
                if path.name.startswith("errors-"):
                    again = "its error records are lost from Parquet (errors.jsonl keeps them if written; failed pages are retried)"
                else:
                    again = "its records are written again by the next crawl, or by running the same scrape again"
                log.warning("removed %s, an unfinished part left by a killed run; %s", path, again)
            finally:
                os.close(fd)

    def _writer(self, kind: str) -> pq.ParquetWriter:
        writer = self._writers.get(kind)
        if writer is not None:
            return writer
        taken = (int(m.group(2)) for m in map(PART.match, os.listdir(self.directory)) if m and m.group(1) == STEMS[kind])
        number = max([self._last.get(kind, 0), *taken]) + 1
        while True:  # another process may be writing parts here too: O_EXCL picks a free number
            path = self.directory / f"{STEMS[kind]}-{number:06d}.parquet.tmp"
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                number += 1
                continue
            except OSError as exc:
                raise ExportError(file_problem(path, exc), path=str(path)) from exc
            break
        fcntl.flock(fd, fcntl.LOCK_EX)
        self._locks[kind] = fd
        self._tmp[kind] = path
        try:
            writer = self._writers[kind] = self.pq.ParquetWriter(str(path), self.schemas[kind])
        except (OSError, self.pa.ArrowException) as exc:
            self._abandon(kind)
            raise ExportError(f"cannot write {path}: {exc}", path=str(path)) from exc
        return writer

    def _write_row_groups(self) -> None:
        for kind, rows in self._rows.items():
            if not rows:
                continue
            try:
                table = self.pa.Table.from_pylist(rows, schema=self.schemas[kind])
            except UnicodeEncodeError:  # a lone surrogate from a file name or argument
                table = self.pa.Table.from_pylist(without_surrogates(rows), schema=self.schemas[kind])
            writer = self._writer(kind)
            try:
                writer.write_table(table)
            except (OSError, self.pa.ArrowException) as exc:
                raise ExportError(f"cannot write {self._tmp[kind]}: {exc}", path=str(self._tmp[kind])) from exc
            rows.clear()

    def _finish(self, kind: str) -> None:
        tmp = self._tmp[kind]
        final = tmp.with_name(tmp.name.removesuffix(".tmp"))
        try:
            self._writers.pop(kind).close()
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(tmp, final)
        except (OSError, self.pa.ArrowException) as exc:
            self._abandon(kind)
            raise ExportError(f"cannot finish {final}: {exc}", path=str(final)) from exc
        del self._tmp[kind]
        os.close(self._locks.pop(kind))
        self._last[kind] = part_number(final) or 0

    def _abandon(self, kind: str) -> None:
        writer = self._writers.pop(kind, None)
        if writer is not None:
            try:
                writer.close()
            except (OSError, self.pa.ArrowException):
                pass  # the part is removed either way
        path = self._tmp.pop(kind, None)
        if path is not None:
            path.unlink(missing_ok=True)
        fd = self._locks.pop(kind, None)
        if fd is not None:
            os.close(fd)


def _sync_directory(directory: Path) -> None:
    """Make the renames durable: fsync the directory (not every filesystem allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
