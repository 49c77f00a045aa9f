"""The generic extractor: any host without a site module."""

from __future__ import annotations

from scraper.extract import ArticleExtractor, BlockWalker
from scraper.records import Block, Image

NOISE = (
    "aside", "footer", "header", "[class*=share]", "[class*=related]", "[class*=newsletter]",
    "[class*=comment]", "[id*=comment]", "[class*=advert]", "[class*=promo]", "figcaption",
)


class GenericExtractor(ArticleExtractor):
    name = "generic"

    def _walker(self) -> BlockWalker | None:
        container = self.node("article") or self.node("main") or self.node("body")
        if container is None:
            return None
        return BlockWalker(self.doc.url, skip=NOISE).walk(container)

    def body(self) -> list[Block]:
        walker = self._walker()
        return walker.blocks if walker else []

    def images(self) -> list[Image]:
        walker = self._walker()
        return walker.images if walker else []
