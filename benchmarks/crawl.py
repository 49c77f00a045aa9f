"""Crawl benchmark: `scraper crawl` against a plain Scrapy spider on the same local news site.

Both crawlers run as subprocesses against one fake site served from this process on 127.0.0.1
(tests/fakesite.py: sitemap index -> child sitemaps -> article pages, robots.txt), with the same
per-response latency, the same concurrency, no politeness delay and no retries. Each reads the
sitemap index, fetches every article, extracts it and appends JSON Lines. Measured per crawler
and per site size: wall time, pages per second, and the peak RSS of its whole process tree (the crawler and
its extraction workers), so memory can be compared between sizes.

    .venv/bin/python benchmarks/crawl.py                      # 1000 and 3000 pages, 20 ms, concurrency 16
    .venv/bin/python benchmarks/crawl.py --sizes 500 --latency 0.01 --markdown /tmp/r.md

The Scrapy side is this same file run with ``--scrapy-spider`` in a subprocess, twice: with a few
CSS-selected fields (a typical hand-written spider), and with this project's ``extract_page``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
from datetime import UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from proctree import Measured, measure  # the module next to this file


def run_measured(command: list[str], cwd: Path) -> Measured:
    """Run ``command`` and measure its whole process tree (proctree.py).

    The crawl extracts in worker processes, so its memory is the tree's: the largest sum of the
    current RSS of every process under the command, sampled from /proc every 20 ms; its CPU time is
    the tree's too, and the command's own process's share of it is kept apart (the event loop).
    """
    run = measure(command, cwd=cwd)
    if run.code != 0:
        raise SystemExit(f"{' '.join(command[:4])} ... exited {run.code}:\n{run.stderr[-2000:]}")
    return run


def count_lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(1 for _ in handle)


def bench_size(pages: int, latency: float, concurrency: int, work: Path) -> list[dict[str, object]]:
    from tests.fakesite import FakeSite
    from tests.servers import serve

    rows: list[dict[str, object]] = []
    with serve() as server:
        site = FakeSite(server, latency=latency, per_sitemap=500)
        site.add_articles(pages)
        index = site.sitemap_index_url

        out = work / f"scraper-{pages}"
        command = [sys.executable, "-m", "scraper", "-q", "crawl", index, "-o", str(out),
                   "--concurrency", str(concurrency), "--per-host", str(concurrency), "--delay", "0", "--retries", "0"]  # fmt: skip
        run = run_measured(command, ROOT)
        rows.append(row("scraper crawl", pages, count_lines(out / "articles.jsonl"), run))
        run = run_measured(command, ROOT)  # nothing new: conditional requests only
        rows.append(row("scraper crawl, re-run (nothing new)", pages, count_lines(out / "articles.jsonl") - pages, run))

        for mode, name in (("css", "Scrapy SitemapSpider, CSS fields"), ("extract", "Scrapy SitemapSpider + our extract_page")):
            out = work / f"scrapy-{mode}-{pages}.jsonl"
            command = [sys.executable, str(Path(__file__).resolve()), "--scrapy-spider", index, str(out), str(concurrency), mode]
            run = run_measured(command, ROOT)
            rows.append(row(name, pages, count_lines(out), run))
    return rows


def row(name: str, pages: int, written: int, run: Measured) -> dict[str, object]:
    return {"crawler": name, "pages": pages, "written": written, "seconds": run.wall,
            "rate": written / run.wall if written else 0.0, "rss": run.tree_rss / (1024 * 1024),
            "cpu": run.cpu, "main_cpu": run.main_cpu}  # fmt: skip


def cpu_cells(cpu: float, main_cpu: float, pages: int) -> str:
    """CPU milliseconds per site page: the whole tree, and the crawler's own process (its event loop).

    On a machine whose cores the crawler shares with the site's server, pages/s depends on the load;
    CPU per page is what the crawler itself costs, and what a machine with more cores divides."""
    return f"{cpu * 1000 / pages:.2f} | {main_cpu * 1000 / pages:.2f}"


def markdown(rows: list[dict[str, object]], args: argparse.Namespace) -> str:
    lines = [
        (f"Site: {', '.join(map(str, args.sizes))} article pages behind a sitemap index (500 URLs per child sitemap), "
         f"{args.latency * 1000:.0f} ms added to every response, concurrency {args.concurrency} "
         f"(per host {args.concurrency}), no delay, no retries, robots.txt obeyed by both."),
        (f"Machine: {platform.machine()}, {os.cpu_count()} cores shared with other work, "
         f"Python {platform.python_version()}, {platform.system()} {platform.release()}."),
        "",
        "| crawler | site pages | lines written | seconds | pages/s | peak RSS, process tree (MiB) | CPU ms/page, tree | CPU ms/page, main process |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        rate = f"{r['rate']:.0f}" if r["written"] else "—"
        cpu = cpu_cells(float(r["cpu"]), float(r["main_cpu"]), int(r["pages"]))  # type: ignore[arg-type]
        lines.append(f"| {r['crawler']} | {r['pages']} | {r['written']} | {r['seconds']:.1f} | {rate} | {r['rss']:.1f} | {cpu} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000], help="article pages per site")
    parser.add_argument("--latency", type=float, default=0.02, help="seconds added to every response")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="crawl-bench-"))
    try:
        rows = [r for size in args.sizes for r in bench_size(size, args.latency, args.concurrency, work)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table = markdown(rows, args)
    print(table)
    if args.markdown:
        args.markdown.write_text(table)


def scrapy_spider(index: str, output: str, concurrency: int, mode: str) -> None:
    """A plain Scrapy SitemapSpider doing the same work: sitemaps, articles, fields, JSON Lines.

    ``mode`` "css" extracts a few fields with CSS selectors, as a hand-written spider would;
    "extract" runs this project's ``extract_page`` on each response, so the two crawlers differ
    only in their HTTP, scheduling and output layers.
    """
    from datetime import datetime

    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy.spiders import SitemapSpider

    from scraper.pipeline import extract_page

    class ArticleSpider(SitemapSpider):
        name = "articles"
        sitemap_urls = (index,)

        def parse(self, response: scrapy.http.Response):  # type: ignore[no-untyped-def]
            if mode == "extract":
                result = extract_page(response.body, response.url, fetched_at=datetime.now(UTC))
                yield {"article": result.article.to_dict(), "comments": [c.to_dict() for c in result.comments]}
                return
            yield {
                "url": response.url,
                "title": response.css("h1::text").get(),
                "published": response.css("meta[property='article:published_time']::attr(content)").get(),
                "author": response.css("a[rel=author]::text").get(),
                "text": "\n\n".join(p.strip() for p in response.css("article p::text").getall()),
                "comments": [
                    {"author": c.css(".comment__author::text").get(), "text": c.css("p::text").get()}
                    for c in response.css("li.comment")
                ],
            }

    process = CrawlerProcess(settings={
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "DOWNLOAD_DELAY": 0,
        "RETRY_ENABLED": False,
        "ROBOTSTXT_OBEY": True,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "FEEDS": {output: {"format": "jsonlines", "encoding": "utf8"}},
    })  # fmt: skip
    process.crawl(ArticleSpider)
    process.start()


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--scrapy-spider":
        scrapy_spider(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    else:
        main()
