"""Digital Trends (digitaltrends.com): WordPress with the site's ``b-*`` block classes."""

from __future__ import annotations

import re
from functools import cached_property

from scraper.extract.base import ArticleExtractor, BlockWalker, text_of
from scraper.records import Author, Block, Image, Link
from scraper.extract.registry import register

# A WordPress rendition's size suffix: "photo-720x480.jpg", "photo-1200x630-c-ar1.91.jpg" are "photo.jpg".
_RENDITION = re.compile(r"-\d{2,5}x\d{2,5}(?:-[a-z0-9.-]*?)?(?=\.(?:jpe?g|png|webp|gif|avif)$)", re.I)

# Inside the article body: video and newsletter modules, ad slots, affiliate and product widgets.
NOISE = (
    "[class*=dtvideos]", "[class*=newsletter]", ".b-ad", ".dt-ad", "[class*=b-ad--]", "[data-ad-slot]",
    "[class*=affiliate]", "[class*=b-product]", "[class*=b-related]", "[class*=b-share]", "aside",
)


@register("digitaltrends.com", "www.digitaltrends.com")
class DigitalTrends(ArticleExtractor):
    name = "digitaltrends"
    publication = "Digital Trends"

    @cached_property
    def _walked(self) -> BlockWalker | None:
        container = self.node("article.b-content, #h-article-content, .b-single__content")
        return BlockWalker(self.doc.url, skip=NOISE).walk(container) if container is not None else None

    def title(self) -> str | None:
        return self.text("h1.b-headline__title, .b-headline h1") or super().title()

    def description(self) -> str | None:
        return self.text(".b-headline__sub-title, .b-headline__sub") or super().description()

    def authors(self) -> list[Author]:
        return self.byline_authors(
            ".b-byline a[rel=author], .b-byline__author", ".b-author-bio",
            "[itemprop=name], .b-author-bio__name", ".b-author-bio__description, [itemprop=description]",
        )

    def published_raw(self) -> str | None:
        return self.attr(".b-byline time.published[datetime]", "datetime") or super().published_raw()

    def modified_raw(self) -> str | None:
        return self.attr(".b-byline time.updated[datetime]", "datetime") or super().modified_raw()

    def lead_image(self) -> Image | None:
        hero = self.node(".b-media--featured figure, .b-headline__media figure")
        if hero is not None:
            return BlockWalker(self.doc.url).image(hero)
        lead = super().lead_image()
        if lead is None or lead.caption or lead.credit:
            return lead
        # The share image is often the body's first figure in another size: its caption and credit apply.
        same = next((image for image in self.images() if picture(image.url) == picture(lead.url)), None)
        if same is None:
            return lead
        return Image(url=lead.url, alt=lead.alt or same.alt, caption=same.caption, credit=same.credit)

    def body(self) -> list[Block]:
        return self._walked.blocks if self._walked else []

    def images(self) -> list[Image]:
        return self._walked.images if self._walked else []

    def related(self) -> list[Link]:
        return [
            Link(title=text_of(a), url=url)
            for a in self.nodes(".b-related-post__title a[href]")
            if (url := self.absolute(a.attributes.get("href")))
        ]


def picture(url: str) -> str:
    """An image URL without query and WordPress size suffix: one key for every rendition of a picture."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    return _RENDITION.sub("", path)
