"""The scrape command: sources in, records appended to the output directory, a summary out.

The pages move through :mod:`scraper.pipeline`, the engine the crawl uses too; this module writes
what it yields. Records are written in source order as soon as every earlier source is done (at
most ``settings.reorder_window`` later results wait for a slow one). On SIGINT or SIGTERM no new
page starts, pages in flight get ``settings.stop_grace`` seconds, everything finished is written
(whole lines), and the summary says how many sources were left.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from scraper.export import JsonlExporter
from scraper.pipeline import Stop, Stream, utc_now
from scraper.records import ErrorRecord
from scraper.settings import DEFAULT, Settings

if TYPE_CHECKING:
    from scraper.fetch.http import AsyncFetcher, Page

log = logging.getLogger(__name__)


@attrs.define
class Summary:
    """Counts of one run, for the summary line and the exit code."""

    sources: int = 0  # sources written (records or errors)
    articles: int = 0
    comments: int = 0
    failed: int = 0
    duplicates: int = 0
    interrupted: str | None = None  # "SIGINT" / "SIGTERM" when a signal stopped the run
    left: int = 0  # sources not scraped because the run was stopped

    @property
    def exit_code(self) -> int:
        """128 + signal number when stopped by a signal (130 Ctrl-C, 143 SIGTERM), else 1 if any failed."""
        if self.interrupted is not None:
            return 128 + signal.Signals[self.interrupted].value
        return 1 if self.failed else 0

    def line(self) -> str:
        dup = f", {self.duplicates} already in output" if self.duplicates else ""
        by = f" by {self.interrupted}" if self.interrupted else ""
        stop = f"; stopped{by}, {self.left} sources not scraped" if self.interrupted or self.left else ""
        return (
            f"{self.sources} sources: {self.articles} articles, {self.comments} comments, "
            f"{self.failed} failed{dup}{stop}"
        )


def scrape(
    sources: Iterable[str],
    output: str | Path,
    settings: Settings = DEFAULT,
    *,
    formats: Sequence[str] = ("jsonl",),
    fetcher: AsyncFetcher | None = None,
    on_progress: Callable[[str, int], None] | None = None,
    on_page: Callable[[Page], None] | None = None,
    now: Callable[[], datetime] = utc_now,
    stop: threading.Event | None = None,
) -> Summary:
    """Scrape every source into the files of ``output`` (one set per format); failures go to errors.

    Up to ``settings.concurrency`` pages are fetched at once (``settings.per_host`` per host, in
    source order) and extracted in ``settings.workers`` processes. ``on_progress(source, total)`` is
    called once per source written; ``on_page(page)`` sees every fetched response. Setting ``stop``,
    SIGINT or SIGTERM (caught when called from the main thread) ends the run early with what is done
    written.
    """
    stopping = Stop(stop)
    summary = Summary()
    with stopping.handling_signals():
        stream = Stream(sources, settings, fetcher=fetcher, now=now, stop=stopping, on_page=on_page)
        total = len(stream.pages)
        with _exporters(formats, output) as exporter:
            for _, result in stream:
                summary.sources += 1
                if result.error is not None:
                    log.warning("%s", result.error.message)
                    summary.failed += 1
                    exporter.write(ErrorRecord.from_error(result.source, result.error, now().isoformat()))
                else:
                    summary.articles += exporter.write(result.article)
                    summary.comments += sum(exporter.write(c) for c in result.comments)
                if on_progress:
                    on_progress(result.source, total)
            summary.duplicates = exporter.skipped
    summary.interrupted = stopping.signal
    summary.left = total - summary.sources
    return summary


def _exporters(formats: Sequence[str], output: str | Path) -> JsonlExporter:
    import scraper.export as export

    opener = getattr(export, "open_exporters", None)
    return opener(formats, output) if opener is not None else JsonlExporter(output)
