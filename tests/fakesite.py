"""A fake news site on 127.0.0.1 for crawl tests and the crawl benchmark.

Built on :class:`tests.servers.LocalServer` (real sockets, TCP_NODELAY, keep-alive, request log,
scripted faults). The site serves full article pages (head with meta tags and JSON-LD, navigation,
body, comments, footer), an RSS 2.0 feed, an Atom feed, a sitemap index with plain or gzipped
child sitemaps, a Google News sitemap and robots.txt. Every document carries an ETag and a
Last-Modified and answers conditional requests with 304. Articles can be added, edited and
commented on between runs; faults are scripted per path.

    with serve() as server:
        site = FakeSite(server)
        site.add_articles(20)
        crawl([site.feed_url], out)
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import attrs

from scraper.extract import RawComment, text_of
from scraper.extract.generic import GenericExtractor
from tests.servers import LocalServer, Reply, Responder, serve

# A fixed "now" for the site's dates would make refresh windows depend on the test's clock; the
# site dates articles relative to the real time instead, and tests never assert on times.
ROBOTS = "User-agent: *\nDisallow: /private/\n"


@attrs.define
class FakeArticle:
    slug: str
    title: str
    paragraphs: list[str]
    published: datetime
    updated: datetime
    comments: list[tuple[str, str]] = attrs.Factory(list)  # (author, text)


class FakeSite:
    """The site's content and its routes on one LocalServer; safe to change while it serves."""

    def __init__(self, server: LocalServer, *, latency: float = 0.0, gzip_sitemaps: bool = False,
                 per_sitemap: int = 500, feed_size: int = 50, robots: str = ROBOTS, home_in_sitemap: bool = False,
                 archive_sitemaps: bool = False) -> None:
        self.server = server
        # The index lists a category's and an author's sitemap too, as WordPress SEO plugins write them.
        self.archive_sitemaps = archive_sitemaps
        self.home_in_sitemap = home_in_sitemap  # the first sitemap lists the front page too, as many sites' sitemaps do
        self.latency = latency
        self.gzip_sitemaps = gzip_sitemaps
        self.per_sitemap = per_sitemap
        self.feed_size = feed_size
        self.robots = robots
        self._lock = threading.RLock()
        self._articles: dict[str, FakeArticle] = {}
        self._order: list[str] = []
        self._routed: set[str] = set()
        self.in_flight = 0  # requests being answered right now
        self.peak_in_flight = 0  # most requests ever answered at once
        self._clock = datetime.now(UTC).replace(microsecond=0) - timedelta(days=30)
        for path, render in self._documents().items():
            server.route(path, _Dynamic(self, render))

    # -- URLs ------------------------------------------------------------------------------

    @property
    def feed_url(self) -> str:
        return self.server.url("/feed.xml")

    @property
    def atom_url(self) -> str:
        return self.server.url("/atom.xml")

    @property
    def sitemap_index_url(self) -> str:
        return self.server.url("/sitemap_index.xml")

    @property
    def news_sitemap_url(self) -> str:
        return self.server.url("/news-sitemap.xml")

    def article_path(self, slug: str) -> str:
        return f"/articles/{slug}.html"

    def article_url(self, slug: str) -> str:
        return self.server.url(self.article_path(slug))

    # -- content ---------------------------------------------------------------------------

    def add_article(self, slug: str, *, title: str | None = None, paragraphs: list[str] | None = None,
                    comments: list[tuple[str, str]] | None = None, age: timedelta | None = None) -> FakeArticle:
        with self._lock:
            self._clock += timedelta(minutes=1)
            published = datetime.now(UTC).replace(microsecond=0) - age if age is not None else self._clock
            article = FakeArticle(
                slug=slug,
                title=title or f"Harbor council votes on {slug}",
                paragraphs=paragraphs or story(slug),
                published=published,
                updated=published,
                comments=list(comments or []),
            )
            self._articles[slug] = article
            self._order.append(slug)
            self.server.route(self.article_path(slug), _Dynamic(self, lambda s=slug: self._article_doc(s)))
            self._route_sitemaps()
            return article

    def add_articles(self, count: int, prefix: str = "story") -> list[str]:
        start = len(self._order)
        return [self.add_article(f"{prefix}-{start + i:05d}").slug for i in range(count)]

    def edit(self, slug: str, *, paragraph: str, touch: bool = True) -> None:
        """Change the body; ``touch`` moves the feed/sitemap updated date too."""
        with self._lock:
            article = self._articles[slug]
            article.paragraphs = [*article.paragraphs[:-1], paragraph]
            if touch:
                self._clock += timedelta(minutes=1)
                article.updated = max(self._clock, article.updated + timedelta(seconds=1))

    def touch(self, slug: str) -> None:
        """Move the updated date without changing the content."""
        with self._lock:
            self._clock += timedelta(minutes=1)
            article = self._articles[slug]
            article.updated = max(self._clock, article.updated + timedelta(seconds=1))

    def comment(self, slug: str, author: str, text: str) -> None:
        with self._lock:
            self._articles[slug].comments.append((author, text))

    def fault(self, path: str, *script: Responder) -> None:
        """Serve ``script`` at ``path`` first, then the normal document again."""
        render = self._documents().get(path) or (lambda: self._article_doc(path.rsplit("/", 1)[-1].removesuffix(".html")))
        self.server.route(path, *script, _Dynamic(self, render))

    def break_(self, path: str, responder: Responder) -> None:
        """Serve ``responder`` at ``path`` from now on, until :meth:`heal`."""
        self.server.route(path, responder)

    def heal(self, path: str) -> None:
        self.fault(path)

    @property
    def slugs(self) -> list[str]:
        with self._lock:
            return list(self._order)

    # -- documents: (content type, body, last modified) ------------------------------------

    def _documents(self) -> dict[str, object]:
        docs: dict[str, object] = {
            "/robots.txt": lambda: ("text/plain", self.robots.encode(), None),
            "/feed.xml": self._rss,
            "/atom.xml": self._atom,
            "/sitemap_index.xml": self._sitemap_index,
            "/news-sitemap.xml": self._news_sitemap,
            "/": self._home,
            "/category-sitemap.xml": lambda: self._archive_sitemap("/category/harbor/"),
            "/author-sitemap.xml": lambda: self._archive_sitemap("/authors/mara/"),
        }
        with self._lock:
            for n in range(self._sitemap_count()):
                docs[self._sitemap_path(n)] = lambda n=n: self._sitemap(n)
        return docs

    def _sitemap_count(self) -> int:
        return max(1, -(-len(self._order) // self.per_sitemap))

    def _sitemap_path(self, n: int) -> str:
        return f"/sitemaps/posts-{n + 1}.xml" + (".gz" if self.gzip_sitemaps else "")

    def _route_sitemaps(self) -> None:
        for n in range(self._sitemap_count()):
            path = self._sitemap_path(n)
            if path not in self._routed:
                self._routed.add(path)
                self.server.route(path, _Dynamic(self, lambda n=n: self._sitemap(n)))

    def _newest(self, count: int | None = None) -> list[FakeArticle]:
        articles = sorted(self._articles.values(), key=lambda a: a.published, reverse=True)
        return articles[:count] if count else articles

    def _rss(self) -> tuple[str, bytes, datetime | None]:
        with self._lock:
            articles = self._newest(self.feed_size)
            items = "".join(
                f"<item><title>{_x(a.title)}</title><link>{self.article_url(a.slug)}</link>"
                f"<guid isPermaLink=\"false\">{a.slug}</guid><pubDate>{format_datetime(a.published, usegmt=True)}</pubDate>"
                f"<atom:updated>{a.updated.isoformat()}</atom:updated>"
                f"<description>&lt;p&gt;{_x(a.paragraphs[0])}&lt;/p&gt;</description></item>"
                for a in articles
            )
            last = max((a.updated for a in articles), default=None)
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
            f"<title>Harbor Gazette</title><link>{self.server.url('/')}</link>"
            f'<atom:link href="{self.feed_url}" rel="self" type="application/rss+xml"/>'
            f"<description>News from the harbor</description>{items}</channel></rss>"
        )
        return "application/rss+xml; charset=utf-8", body.encode(), last

    def _atom(self) -> tuple[str, bytes, datetime | None]:
        with self._lock:
            articles = self._newest(self.feed_size)
            entries = "".join(
                f"<entry><title>{_x(a.title)}</title><id>urn:harbor:{a.slug}</id>"
                f'<link rel="alternate" type="text/html" href="{self.article_url(a.slug)}"/>'
                f"<published>{a.published.isoformat()}</published><updated>{a.updated.isoformat()}</updated></entry>"
                for a in articles
            )
            last = max((a.updated for a in articles), default=None)
        body = (
            '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f'<title>Harbor Gazette</title><id>urn:harbor</id><updated>{(last or self._clock).isoformat()}</updated>'
            f'<link rel="self" href="{self.atom_url}"/>{entries}</feed>'
        )
        return "application/atom+xml", body.encode(), last

    def _sitemap_index(self) -> tuple[str, bytes, datetime | None]:
        with self._lock:
            chunks = []
            for n in range(self._sitemap_count()):
                part = [self._articles[s] for s in self._order[n * self.per_sitemap:(n + 1) * self.per_sitemap]]
                lastmod = max((a.updated for a in part), default=self._clock)
                chunks.append((self.server.url(self._sitemap_path(n)), lastmod))
            if self.archive_sitemaps:
                chunks += [(self.server.url(path), self._clock) for path in ("/category-sitemap.xml", "/author-sitemap.xml")]
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<sitemap><loc>{url}</loc><lastmod>{lastmod.isoformat()}</lastmod></sitemap>" for url, lastmod in chunks)
            + "</sitemapindex>"
        )
        return "application/xml", body.encode(), max(lastmod for _, lastmod in chunks)

    def _sitemap(self, n: int) -> tuple[str, bytes, datetime | None]:
        with self._lock:
            part = [self._articles[s] for s in self._order[n * self.per_sitemap:(n + 1) * self.per_sitemap]]
            urls = "".join(
                f"<url><loc>{self.article_url(a.slug)}</loc><lastmod>{a.updated.isoformat()}</lastmod></url>" for a in part
            )
            if self.home_in_sitemap and n == 0:
                urls = f"<url><loc>{self.server.url('/')}</loc></url>{urls}"
            last = max((a.updated for a in part), default=None)
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        ).encode()
        if self.gzip_sitemaps:
            return "application/x-gzip", gzip.compress(body, mtime=0), last
        return "application/xml", body, last

    def _news_sitemap(self) -> tuple[str, bytes, datetime | None]:
        with self._lock:
            articles = self._newest(self.feed_size)
            urls = "".join(
                f"<url><loc>{self.article_url(a.slug)}</loc><news:news><news:publication>"
                f"<news:name>Harbor Gazette</news:name><news:language>en</news:language></news:publication>"
                f"<news:publication_date>{a.published.isoformat()}</news:publication_date>"
                f"<news:title>{_x(a.title)}</news:title></news:news></url>"
                for a in articles
            )
            last = max((a.updated for a in articles), default=None)
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
        )
        return "application/xml", body.encode(), last

    def _archive_sitemap(self, path: str) -> tuple[str, bytes, datetime | None]:
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{self.server.url(path)}</loc></url></urlset>"
        )
        return "application/xml", body.encode(), None

    def _home(self) -> tuple[str, bytes, datetime | None]:
        """The front page: the newest stories' headlines, each linking to its page, and their first paragraphs."""
        with self._lock:
            articles = self._newest(self.feed_size)
            teasers = "".join(
                f'<div class="teaser"><a href="{self.article_path(a.slug)}">{_x(a.title)}</a><p>{_x(a.paragraphs[0])}</p></div>'
                for a in articles
            )
            last = max((a.updated for a in articles), default=None)
        body = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Harbor Gazette</title><link rel="canonical" href="{self.server.url('/')}">
<meta property="og:site_name" content="Harbor Gazette"></head>
<body><header><nav><a href="/">Home</a> <a href="/politics/">Politics</a> <a href="/harbor/">Harbor</a></nav></header>
<main><h1>Harbor Gazette</h1>{teasers}</main><footer>Harbor Gazette, on the quay since 1902</footer></body></html>"""
        return "text/html; charset=utf-8", body.encode(), last

    def _article_doc(self, slug: str) -> tuple[str, bytes, datetime | None]:
        with self._lock:
            a = self._articles.get(slug)
            if a is None:
                return "text/html; charset=utf-8", b"", None
            url = self.article_url(a.slug)
            ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title,
                  "datePublished": a.published.isoformat(), "dateModified": a.updated.isoformat(),
                  "author": {"@type": "Person", "name": "Mara Quill"}, "commentCount": len(a.comments),
                  "publisher": {"@type": "Organization", "name": "Harbor Gazette"}}  # fmt: skip
            paragraphs = "".join(f"<p>{_x(p)}</p>" for p in a.paragraphs)
            comments = "".join(
                f'<li class="comment" id="comment-{i}"><span class="comment__author">{_x(author)}</span>'
                f"<p>{_x(text)}</p></li>"
                for i, (author, text) in enumerate(a.comments)
            )
            body = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{_x(a.title)} | Harbor Gazette</title>
<link rel="canonical" href="{url}">
<meta property="og:title" content="{_x(a.title)}"><meta property="og:site_name" content="Harbor Gazette">
<meta name="description" content="{_x(a.paragraphs[0])}">
<meta property="article:published_time" content="{a.published.isoformat()}">
<script type="application/ld+json">{json.dumps(ld)}</script></head>
<body><header><nav><a href="/">Home</a> <a href="/politics/">Politics</a> <a href="/harbor/">Harbor</a></nav></header>
<div class="cookie-banner">We use cookies. <button>Accept</button></div>
<main><article><h1>{_x(a.title)}</h1><p class="byline">By <a rel="author" href="/authors/mara">Mara Quill</a>
<time datetime="{a.published.isoformat()}">{a.published:%B %d, %Y}</time></p>
<div class="story">{paragraphs}</div></article>
<aside class="related"><h2>Related articles</h2><ul><li><a href="/articles/other.html">Other story</a></li></ul></aside>
<section id="comments"><h2>Comments</h2><ol class="comments">{comments}</ol></section></main>
<footer><p>&copy; Harbor Gazette</p><a href="/private/admin">Admin</a></footer></body></html>"""
            return "text/html; charset=utf-8", body.encode(), a.updated


class _Dynamic(Responder):
    """Renders a document from the site's current state, with validators and 304 support."""

    def __init__(self, site: FakeSite, render: object) -> None:
        self.site = site
        self.render = render

    def respond(self, handler: object, stopping: threading.Event) -> None:
        with self.site._lock:
            self.site.in_flight += 1
            self.site.peak_in_flight = max(self.site.peak_in_flight, self.site.in_flight)
        try:
            if self.site.latency:
                stopping.wait(self.site.latency)  # per-response latency, as a remote site has
            self._respond(handler, stopping)
        finally:
            with self.site._lock:
                self.site.in_flight -= 1

    def _respond(self, handler: object, stopping: threading.Event) -> None:
        content_type, body, modified = self.render()  # type: ignore[operator]
        if not body:
            Reply(404, (("Content-Type", "text/plain"),), b"not found\n").respond(handler, stopping)  # type: ignore[arg-type]
            return
        etag = '"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"'
        headers = [("Content-Type", content_type), ("ETag", etag)]
        last_modified = format_datetime(modified, usegmt=True) if modified else None
        if last_modified:
            headers.append(("Last-Modified", last_modified))
        request = handler.headers  # type: ignore[attr-defined]
        if request.get("If-None-Match") == etag or (
            request.get("If-None-Match") is None and last_modified and request.get("If-Modified-Since") == last_modified
        ):
            Reply(304, tuple(headers[1:])).respond(handler, stopping)  # type: ignore[arg-type]
            return
        Reply(200, tuple(headers), body).respond(handler, stopping)  # type: ignore[arg-type]


class FakeNewsExtractor(GenericExtractor):
    """The generic extractor plus this site's comments (the generic one reads none)."""

    name = "fakenews"

    def comments(self) -> list[RawComment]:
        return [
            RawComment(key=node.attributes.get("id"), author=self.text(".comment__author", node), text=text_of(node.css_first("p")))
            for node in self.nodes("li.comment")
        ]


def story(slug: str) -> list[str]:
    """Five paragraphs of plausible news prose (about 250 words), different for every slug."""
    return [
        (f"First paragraph of {slug}: the harbor council met on Tuesday evening to debate the plan to dredge "
         f"the northern channel, a project that has divided fishermen, ferry operators and residents for years."),
        ("Supporters say the work would let larger cargo ships dock at the old quay and bring back jobs that left "
         "the town when the cannery closed. Opponents warn that the silt hides decades of industrial waste."),
        (f"“We cannot keep pretending the channel will fix itself,” said the harbor master, who presented the "
         f"figures for {slug}: dredging would cost 4.2 million and take two summers to complete."),
        ("Several residents spoke against the plan during the public comment period, citing the eelgrass beds "
         "near the breakwater and the noise of night work. The council postponed a final vote to next month."),
        (f"Last paragraph of {slug}: the full report is available at the town hall and on the council website, "
         f"and written comments will be accepted until the end of the month."),
    ]


def _x(text: str) -> str:
    return html.escape(text, quote=True)


@contextmanager
def fake_site(**options: object) -> Iterator[FakeSite]:
    """A FakeSite on its own LocalServer for the duration of the block."""
    with serve() as server:
        yield FakeSite(server, **options)  # type: ignore[arg-type]
