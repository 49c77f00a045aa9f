"""Single-core speed of ``extract_page`` on real pages, with an optional profile and a byte-exact dump.

    .venv/bin/python benchmarks/profile_extract.py ../shared/datasets/wcxb-dev --limit 300
    .venv/bin/python benchmarks/profile_extract.py ../shared/datasets/wcxb-dev --limit 300 --cprofile
    .venv/bin/python benchmarks/profile_extract.py ../shared/datasets/wcxb-dev:600 \\
        ../shared/datasets/trafilatura-eval:200 --dump /tmp/before

Each dataset is read the way ``benchmarks/extraction.py`` reads it (same layouts, same decoder);
``DIR:N`` takes its first N pages, ``--limit N`` the first N of every dataset without its own.
Pages are decoded before the timed pass, and one page is extracted first as a warm-up (imports,
first-call caches). The figure is process CPU time inside ``scraper.pipeline.extract_page``
(routed by the page URL, as a user gets it), so other load on a shared machine matters less;
``--repeat N`` runs the pass N times and keeps the best.

``--dump DIR`` writes ``DIR/<corpus>/<page>.jsonl`` for every page: its article and comment lines as
the JSONL exporter writes them (``fetched_at`` fixed), or one ``{"error": kind, "message": ...}``
line for a page that gives none. Two runs, before and after a change, compare with ``diff -r``.
``--cprofile`` prints the top 30 functions by cumulative time (and by own time) of one extra pass.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import platform
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

import extraction  # noqa: E402 - the benchmark next to this file: dataset layouts, decoding, FETCHED_AT

# One page: corpus, name, url, decoded text.
Page = tuple[str, str, str, str]


def load_pages(datasets: list[tuple[Path, int | None]]) -> list[Page]:
    pages = []
    for dataset, limit in datasets:
        _, cases = extraction.load_cases(dataset, limit)
        pages += [(case["corpus"], case["name"], case["url"], extraction.read_page(case["path"])) for case in cases]
    return pages


def page_lines(page: Page) -> bytes:
    """What one page gives, as JSONL: its records, or the error that stopped it."""
    from scraper.errors import ScraperError
    from scraper.export.jsonl import dumps
    from scraper.pipeline import extract_page

    _, _, url, html = page
    try:
        result = extract_page(html, url, fetched_at=extraction.FETCHED_AT, source=url)
    except ScraperError as exc:
        return orjson.dumps({"error": exc.kind, "message": str(exc)}, option=orjson.OPT_APPEND_NEWLINE)
    return b"".join(dumps(record) for record in result.records())


def timed_pass(pages: list[Page], run: Callable[[Page], bytes]) -> float:
    """CPU seconds for one pass over the pages."""
    start = time.process_time()
    for page in pages:
        run(page)
    return time.process_time() - start


def dump(pages: list[Page], directory: Path) -> None:
    for page in pages:
        corpus, name, _, _ = page
        out = directory / corpus / f"{name.replace('/', '_')}.jsonl"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(page_lines(page))


def profile(pages: list[Page], top: int = 30) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for page in pages:
        page_lines(page)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def versions() -> str:
    import selectolax

    from scraper import __version__

    return f"scraper {__version__}, Python {platform.python_version()}, selectolax {selectolax.__version__}"


def dataset_arg(value: str) -> tuple[Path, int | None]:
    """``DIR`` or ``DIR:N`` (the first N pages of that dataset)."""
    path, _, limit = value.rpartition(":")
    return (Path(path), int(limit)) if path and limit.isdigit() else (Path(value), None)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("datasets", nargs="+", type=dataset_arg, metavar="DIR[:N]", help="dataset directories")
    parser.add_argument("--limit", type=int, default=None, help="the first N pages of every dataset without its own :N")
    parser.add_argument("--repeat", type=int, default=1, help="timed passes; the best counts")
    parser.add_argument("--cprofile", action="store_true", help="print the top 30 functions of one profiled pass")
    parser.add_argument("--dump", type=Path, default=None, help="write every page's records to DIR/<corpus>/<page>.jsonl")
    args = parser.parse_args(argv)
    args.datasets = [(path, limit if limit is not None else args.limit) for path, limit in args.datasets]
    return args


def main(argv: list[str] | None = None) -> int:
    import logging
    import warnings

    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    args = parse_args(argv)
    pages = load_pages(args.datasets)
    if not pages:
        print("no pages", file=sys.stderr)
        return 2
    page_lines(pages[0])  # warm-up
    best = min(timed_pass(pages, page_lines) for _ in range(max(1, args.repeat)))
    size = sum(len(page[3]) for page in pages) / len(pages) / 1024
    print(f"{len(pages)} pages ({size:.0f} KiB of text on average): {best:.2f} s CPU, "
          f"{len(pages) / best:.1f} pages/s, {1000 * best / len(pages):.2f} ms/page ({versions()})")
    if args.dump:
        dump(pages, args.dump)
        print(f"records of every page in {args.dump}/<corpus>/<page>.jsonl")
    if args.cprofile:
        print(profile(pages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
