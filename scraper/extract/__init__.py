"""Result: page text + URL in, article and comment records out. Pure: no network, clock or files.

- :mod:`~scraper.extract.base`: the extractor base class, the ``Document`` and the body block walker;
- :mod:`~scraper.extract.generic`: the generic extractor, for any site;
- :mod:`~scraper.extract.scoring` and :mod:`~scraper.extract.vocabulary`: content scoring (the body);
- :mod:`~scraper.extract.dates`, :mod:`~scraper.extract.metadata`, :mod:`~scraper.extract.names`:
  publication dates, JSON-LD and meta tags, people's names from bylines;
- :mod:`~scraper.extract.pagekind`: is the page an article at all;
- :mod:`~scraper.extract.registry`: host -> extractor, ``scraper.sites`` and the ``scraper.sites``
  entry points.

Nothing here imports fetching, exporting or the pipeline; bytes are decoded to text by the caller
(:func:`scraper.pipeline.extract_page`).
"""

from scraper.extract.base import (
    MAX_TAGS,
    ArticleExtractor,
    BlockWalker,
    Document,
    Result,
    RawComment,
    best_src,
    own_match,
    text_of,
)

__all__ = [
    "MAX_TAGS",
    "ArticleExtractor",
    "BlockWalker",
    "Document",
    "Result",
    "RawComment",
    "best_src",
    "own_match",
    "text_of",
]
