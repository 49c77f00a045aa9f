"""scraper: fetch news pages, extract articles and comments into one schema, write JSON Lines.

The public API is the names in ``__all__``; everything else may change between versions.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Article", "Comment", "Fetcher", "ScraperError", "extract_page", "register", "scrape"]

# Names are imported on first use, so `import scraper` stays cheap and import cycles cannot form.
_HOMES = {
    "Article": "scraper.records",
    "Comment": "scraper.records",
    "Fetcher": "scraper.fetch",
    "ScraperError": "scraper.errors",
    "extract_page": "scraper.extract.registry",
    "register": "scraper.extract.registry",
    "scrape": "scraper.scrape",
}

if TYPE_CHECKING:  # pragma: no cover
    from scraper.errors import ScraperError
    from scraper.fetch import Fetcher
    from scraper.records import Article, Comment
    from scraper.extract.registry import extract_page, register
    from scraper.scrape import scrape


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'scraper' has no attribute {name!r}")
