"""scraper: fetch news pages, extract articles and comments into one schema, write JSON Lines.

The public API is the names in ``__all__``; everything else may change between versions.

    from scraper import extract_page, iter_scrape, scrape
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scraper._lazy import lazy_names

__version__ = "0.2.0"

# Names are imported on first use, so `import scraper` stays cheap (no httpx, no parser) and
# import cycles cannot form. Each public name lives in exactly one module:
_HOMES = {
    "Article": "scraper.records",
    "Comment": "scraper.records",
    "ErrorRecord": "scraper.records",
    "Result": "scraper.records",
    "ArticleExtractor": "scraper.extract.base",
    "register": "scraper.extract.registry",
    "Settings": "scraper.settings",
    "Fetcher": "scraper.fetch.http",
    "AsyncFetcher": "scraper.fetch.http",
    "Page": "scraper.fetch.http",
    "ScraperError": "scraper.errors",
    "InputError": "scraper.errors",
    "InvalidURL": "scraper.errors",
    "FetchError": "scraper.errors",
    "TransientFetchError": "scraper.errors",
    "PermanentFetchError": "scraper.errors",
    "ExtractionError": "scraper.errors",
    "NotAnArticle": "scraper.errors",
    "BotCheck": "scraper.errors",
    "InvalidRecord": "scraper.errors",
    "ExportError": "scraper.errors",
    "StateError": "scraper.errors",
    "extract_page": "scraper.pipeline",
    "iter_scrape": "scraper.pipeline",
    "scrape": "scraper.pipeline",
    "crawl": "scraper.crawling",
}

__all__ = sorted(_HOMES)

if TYPE_CHECKING:  # pragma: no cover
    from scraper.crawling import crawl
    from scraper.errors import (
        BotCheck,
        ExportError,
        ExtractionError,
        FetchError,
        InputError,
        InvalidRecord,
        InvalidURL,
        NotAnArticle,
        PermanentFetchError,
        ScraperError,
        StateError,
        TransientFetchError,
    )
    from scraper.extract.base import ArticleExtractor
    from scraper.extract.registry import register
    from scraper.fetch.http import AsyncFetcher, Fetcher, Page
    from scraper.pipeline import extract_page, iter_scrape, scrape
    from scraper.records import Article, Comment, ErrorRecord, Result
    from scraper.settings import Settings


__getattr__, __dir__ = lazy_names(__name__, _HOMES, globals(), __all__)
