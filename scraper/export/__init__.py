"""Exporters: one module per output format, chosen by name from ``EXPORTERS``.

:func:`open_exporters` gives one object that writes every record to each chosen format. A new
format is one module with a class following :class:`~scraper.export.base.Exporter` plus one line
in ``EXPORTERS``. ``scraper.export.parquet`` imports pyarrow only when a ParquetExporter is made,
so JSONL users need neither pyarrow nor its import time.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack

from scraper.errors import InputError
from scraper.export.base import KINDS, AnyRecord, Exporter, record_key
from scraper.export.jsonl import JsonlExporter
from scraper.export.parquet import ParquetExporter
from scraper.records import ErrorRecord

EXPORTERS: dict[str, type[Exporter]] = {"jsonl": JsonlExporter, "parquet": ParquetExporter}  # type: ignore[dict-item]

__all__ = ["EXPORTERS", "ErrorRecord", "Exporter", "Exporters", "JsonlExporter", "ParquetExporter", "open_exporters", "record_key"]


class Exporters:
    """Several formats behind the interface of one exporter; a context manager.

    ``write(record)`` goes to every format (or to those named in ``only``) and returns True if
    at least one wrote it; ``written`` counts such records per kind and ``skipped`` the records
    every format already held. ``mark``/``keys_since`` combine the formats' own answers.
    """

    def __init__(self, exporters: Sequence[Exporter]) -> None:
        self.exporters = tuple(exporters)
        self.names = tuple(exporter.name for exporter in self.exporters)
        self.deferred = frozenset(exporter.name for exporter in self.exporters if exporter.deferred)
        self.written: dict[str, int] = {kind: 0 for kind in KINDS}
        self.skipped = 0
        self._stack = ExitStack()

    def __enter__(self) -> Exporters:
        with ExitStack() as stack:
            for exporter in self.exporters:
                stack.enter_context(exporter)
            self._stack = stack.pop_all()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close every format (each gets closed even if one fails; the first error is raised)."""
        self._stack.close()

    def get(self, name: str) -> Exporter | None:
        return next((exporter for exporter in self.exporters if exporter.name == name), None)

    def write(self, record: AnyRecord, *, only: Sequence[str] | None = None) -> bool:
        """Write one record to every format, or only to the ones named; False if none wrote it."""
        wrote = False
        for exporter in self.exporters:
            if only is None or exporter.name in only:
                wrote = exporter.write(record) or wrote
        if wrote:
            self.written[record.schema] += 1
        else:
            self.skipped += 1
        return wrote

    def flush(self) -> None:
        """A page is finished; formats that batch rows may write them now."""
        for exporter in self.exporters:
            exporter.flush()

    def mark(self) -> dict[str, int]:
        """Every format's position, one dict (the formats use distinct names)."""
        return {name: position for exporter in self.exporters for name, position in exporter.mark().items()}

    def keys_since(self, mark: Mapping[str, int]) -> Iterator[tuple[str, bytes]]:
        """``(format, key)`` of each article and comment a format durably holds past ``mark``."""
        for exporter in self.exporters:
            for key in exporter.keys_since(mark):
                yield exporter.name, key


def open_exporters(formats: Sequence[str], directory: str | os.PathLike[str], *, dedupe: bool = True) -> Exporters:
    """One exporter writing to each of ``formats`` (names in EXPORTERS) in ``directory``; enter it to open the files.

    Raises InputError (kind bad_input) for an unknown name, or when a format's library is missing.
    """
    names = list(dict.fromkeys(formats))
    if not names:
        raise InputError(f"no output format given; known formats: {', '.join(EXPORTERS)}")
    unknown = [name for name in names if name not in EXPORTERS]
    if unknown:
        raise InputError(f"unknown output format {unknown[0]!r}; known formats: {', '.join(EXPORTERS)}")
    return Exporters([EXPORTERS[name](directory, dedupe=dedupe) for name in names])
