"""Future plc's publishing platform: Windows Central, Space.com, Live Science, TechRadar, Tom's Guide...

One template serves every Future site, in a few generations: headline in ``header h1`` (reviews
put the dek in an ``h2`` after it, news in ``p.strapline``); a byline of ``a[rel=author]`` links
(older) or ``.author-byline__author-name`` links (newer), names sometimes followed by a role
("Jane Roe - Live Science Contributor"); the lead image in a hero ``figure``, or in a
``.hero-image-wrapper`` div or an ``img.hero-image`` with the credit ("(Image credit: ...)",
"(Image: © ...)") in a ``.credit`` outside any figure; the body in ``#article-body``; an
``.author-bio`` box; legacy threaded comments. Fields the markup does not give come from the generic
extractor (see :func:`scraper.extract.registry.with_generic_fallback`).
"""

from __future__ import annotations

import re
from functools import cached_property

from selectolax.lexbor import LexborNode

from scraper.extract.base import ArticleExtractor, BlockWalker, RawComment, best_src, own_match, text_of
from scraper.records import Author, Block, Image, Link
from scraper.extract.registry import register

# Inside #article-body: ad slots, video players, commerce widgets, newsletter and "read more" promos.
# A .fancy-box holding a list of links is a promo ("More Windows resources"); one of labelled lines is a
# review's fact box ("Need to know": developer, publisher, price) and part of the article.
NOISE = (
    ".ad-unit", ".bordeaux-slot", "[class*=jwplayer]", "[class*=hawk-]", ".hawk-nest", "[class*=newsletter]",
    ".fancy-box:has(ul)", ".fancy-box:has(ol)", ".see-more-box", "[class*=read-more]", ".related-articles", "aside",
)
_COUNT = re.compile(r"\d[\d,]*")
# A CDN rendition's file name: the image id, then its width ("HN8wRjduF9Zq-1200-80.jpg").
_RENDITION = re.compile(r"/([A-Za-z0-9]+)-(\d{2,5})-\d+\.\w+(?:$|\?)")
# In-body promos the platform inserts between paragraphs: "Related: <link>", "Read more: <link>", and
# the closing line asking readers to follow the site ("Follow us on Twitter @Spacedotcom or on Facebook.").
_PROMO = re.compile(r"^(Related|Read more|More|See also|Also read)\s*:|^Follow us\b.*\b(Twitter|Facebook|Instagram)\b", re.I)
# The closing section some templates end with: a "More resources" heading and its links to hubs.
_RESOURCES = re.compile(r"^More\b.{0,40}\bresources$", re.I)

SITES = {
    "windowscentral.com": "Windows Central",
    "space.com": "Space.com",
    "livescience.com": "Live Science",
    "techradar.com": "TechRadar",
    "tomsguide.com": "Tom's Guide",
    "tomshardware.com": "Tom's Hardware",
    "pcgamer.com": "PC Gamer",
    "gamesradar.com": "GamesRadar+",
    "laptopmag.com": "Laptop Mag",
    "imore.com": "iMore",
    "androidcentral.com": "Android Central",
    "whathifi.com": "What Hi-Fi?",
    "t3.com": "T3",
    "musicradar.com": "MusicRadar",
    "cyclingnews.com": "Cyclingnews",
    "loudersound.com": "Louder",
    "creativebloq.com": "Creative Bloq",
    "digitalcameraworld.com": "Digital Camera World",
}


def wider_rendition(url: str, other: str | None) -> str:
    """Of two renditions of one image ("<id>-970-80.jpg", "<id>-1200-80.jpg"), the wider one."""
    if not other:
        return url
    mine, theirs = _RENDITION.search(url), _RENDITION.search(other)
    if mine and theirs and mine.group(1) == theirs.group(1) and int(theirs.group(2)) > int(mine.group(2)):
        return other
    return url


def is_promo(block: Block) -> bool:
    return block.type == "paragraph" and bool(_PROMO.match(block.text or ""))


def without_resources(blocks: list[Block]) -> list[Block]:
    """The body without a closing "More resources" section (its heading and the few lines after it)."""
    for index in range(len(blocks) - 1, max(-1, len(blocks) - 4), -1):
        block = blocks[index]
        if block.type == "heading" and _RESOURCES.match(block.text or ""):
            return blocks[:index]
    return blocks


def future_image(node: LexborNode, base: str) -> Image | None:
    """A Future figure: ``.caption-text`` is the caption, ``.credit`` the "(Image credit: ...)" line."""
    walker_image = BlockWalker(base).image(node)
    if walker_image is None:
        return None
    caption = text_of(node.css_first(".caption-text"))
    credit = text_of(node.css_first(".credit"))
    return Image(url=walker_image.url, caption=caption or walker_image.caption, credit=credit or walker_image.credit, alt=walker_image.alt)


@register(*SITES, *(f"www.{host}" for host in SITES))
class FuturePlatform(ArticleExtractor):
    name = "future"
    # Future's meta description is an SEO summary, not a dek: no strapline means no description.
    keep_empty = frozenset(("description",))

    @cached_property
    def _walked(self) -> BlockWalker | None:
        container = self.node("#article-body")
        if container is None:
            return None
        walker = BlockWalker(self.doc.url, skip=NOISE, image=lambda n: future_image(n, self.doc.url))
        # A review's verdict box sits above the body, outside #article-body; it is the review's summary.
        verdict = self.node(".content-wrapper > .verdict")
        if verdict is not None and container.parent is not None and verdict.parent is not None and verdict.parent.mem_id == container.parent.mem_id:
            walker.walk(verdict)
        return walker.walk(container)

    def site_name(self) -> str | None:
        return self.meta("og:site_name") or super().site_name()

    def title(self) -> str | None:
        return self.text("header h1") or super().title()

    def description(self) -> str | None:
        # The printed dek only: Future's meta description is an SEO summary, not a dek.
        return self.text("header p.strapline, p.strapline, header h1 ~ h2")

    def authors(self) -> list[Author]:
        return self.byline_authors(
            ".byline a[rel=author], .author-byline__author-name a, .author-byline__authors a[href*='/author/']",
            ".author-bio", ".author-name, .author-bio-name", ".author-bio-text",
        )

    def published_raw(self) -> str | None:
        # On an updated article the byline <time> shows the update; the original date rides along.
        return (
            self.attr(".byline time[data-published-date]", "data-published-date")
            or self.attr(".byline time[datetime]", "datetime")
            or super().published_raw()
        )

    def modified_raw(self) -> str | None:
        return self.attr(".byline time[data-modified-date]", "data-modified-date") or super().modified_raw()

    def lead_image(self) -> Image | None:
        hero = self.node(".hero-image-wrapper figure, header figure")
        if hero is not None:
            return future_image(hero, self.doc.url)
        # Older templates: no figure, an img.hero-image with its credit in a .credit nearby.
        img = self.node("img.hero-image, .hero-image-wrapper img")
        url = best_src(img, self.doc.url) if img is not None else None
        if not url:
            return None
        wrapper = self.node(".hero-image-wrapper")
        credit = self.text(".credit", wrapper) if wrapper is not None else None
        return Image(
            url=wider_rendition(url, self.absolute(self.meta("og:image"))),
            caption=self.text(".caption-text", wrapper) if wrapper is not None else None,
            credit=credit or self.text(".review-hero-credit, header .credit"),
            alt=img.attributes.get("alt") if img is not None else None,
        )

    def body(self) -> list[Block]:
        if not self._walked:
            return []
        # A fact box's title ("Need to know") is the heading of its labelled lines.
        titles = {t for node in self.nodes("#article-body .fancy_box-title") if (t := text_of(node))}
        blocks = [
            Block(type="heading", text=b.text) if b.type == "paragraph" and b.text in titles else b
            for b in self._walked.blocks
            if not is_promo(b)
        ]
        return without_resources(blocks)

    def images(self) -> list[Image]:
        return self._walked.images if self._walked else []

    def tags(self) -> list[str]:
        return [t for a in self.nodes(".tags a.tag") if (t := text_of(a))] or super().tags()

    def related(self) -> list[Link]:
        return [
            Link(title=text_of(a.css_first(".more-about__title") or a), url=url)
            for a in self.nodes("a.more-about__article[href]")
            if (url := self.absolute(a.attributes.get("href")))
        ]

    def comment_count(self) -> int | None:
        heading = self.text(".comments-count, #comments")
        match = _COUNT.search(heading or "")
        if match:
            return int(match.group().replace(",", ""))
        count = self.attr("[data-comment-count]", "data-comment-count")
        return int(count) if count and count.isdigit() else super().comment_count()

    def comments(self) -> list[RawComment]:
        return [self._comment(node) for node in self.nodes("li.comment")]

    def _comment(self, node: LexborNode) -> RawComment:
        body = own(node, ".comment-body")
        quote_node = body.css_first("blockquote") if body is not None else None
        quote = text_of(quote_node, breaks=True)
        if quote_node is not None:
            quote_node.decompose()
        parent = enclosing_comment(node)
        time = own(node, ".comment-meta time[datetime]")
        return RawComment(
            key=node.attributes.get("id"),
            parent_key=parent.attributes.get("id") if parent is not None else None,
            author=text_of(own(node, ".comment-author")),
            published_raw=time.attributes.get("datetime") if time is not None else None,
            text=text_of(body, breaks=True),
            quote=quote,
            likes=first_number(text_of(own(node, ".comment-like-count, .comment-likes"))),
        )


def is_comment(node: LexborNode) -> bool:
    return node.tag == "li" and "comment" in (node.attributes.get("class") or "").split()


def enclosing_comment(node: LexborNode) -> LexborNode | None:
    """The ``li.comment`` that ``node`` sits inside (not ``node`` itself)."""
    parent = node.parent
    while parent is not None and not is_comment(parent):
        parent = parent.parent
    return parent


def own(comment: LexborNode, css: str) -> LexborNode | None:
    """The first match of ``css`` that belongs to ``comment`` itself, not to a nested reply."""
    return own_match(comment, css, is_comment)


def first_number(text: str | None) -> int | None:
    match = _COUNT.search(text or "")
    return int(match.group().replace(",", "")) if match else None
