"""Fetching: the HTTP fetcher and its retry policy (:mod:`~scraper.fetch.http`), and bytes -> text
(:mod:`~scraper.fetch.encoding`).

Names are imported on first use, so decoding a saved page never loads the HTTP stack.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = ["AsyncFetcher", "Fetcher", "Page", "parse_retry_after"]

if TYPE_CHECKING:  # pragma: no cover
    from scraper.fetch.http import AsyncFetcher, Fetcher, Page, parse_retry_after


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(import_module("scraper.fetch.http"), name)
    raise AttributeError(f"module 'scraper.fetch' has no attribute {name!r}")
