"""Side-by-side benchmark of article extractors on a local dataset.

    .venv/bin/python benchmarks/extraction.py --dataset ../shared/datasets/readability-test-pages
    .venv/bin/python benchmarks/extraction.py --dataset ../shared/datasets/htmldate-dev --tools scraper,htmldate-extensive

Three public dataset layouts are understood (the layout is detected from the files present):

* Readability test pages: ``*/source.html``, ``*/expected.html`` (Readability.js's output, the body
  reference), ``*/expected-metadata.json`` (title, byline, publishedTime, readerable). Body scores use
  only pages marked ``readerable``; title, author and date scores use pages whose metadata has them.
* article-extraction-benchmark: ``ground-truth.json`` (``{id: {"articleBody": ..., "url": ...}}``) and
  ``html/<id>.html.gz``.
* Date-annotated pages: ``truth.json`` (``{file: {"url": ..., "date": "YYYY-MM-DD"}}``) and
  ``pages/<file>.gz``.

Every tool runs in a fresh subprocess of this script (``--worker``), one after the other, on the same
decoded page text, so imports, caches and memory of one tool never touch another. Nothing here touches
the network: pages are read from local files, and each tool is configured not to fetch anything.

Metrics
-------
Body: both texts are lower-cased and split into tokens (runs of letters and digits; each CJK character
is a token of its own), then into *shingles* of 4 consecutive tokens (a text shorter than that is one
shingle). Precision = |predicted ∩ reference| / |predicted| and recall = |predicted ∩ reference| /
|reference|, counting shingles as multisets; F1 is their harmonic mean. Each is computed per page and
averaged over pages (macro average). An empty prediction (including a "not an article" answer or a
crash) scores 0 on all three.

Title: correct when equal to the reference after case and whitespace folding, or when the two differ
only by one leading or trailing " | Site Name"-style segment (tools differ on whether to keep it).
Author: correct when the normalised predicted names (joined) and the reference byline (a leading "by"
dropped) are non-empty and one contains the other.

Dates, at day granularity on the date as written on the page (no conversion to UTC): over pages whose
truth has a date, TP = right day, FP = a wrong day, FN = no date. Precision = TP / (TP + FP),
recall = TP / (TP + FN), accuracy = TP / pages.

Speed: single-process pages per second = pages / CPU seconds spent inside the tool's call (process
time, so other load on a shared machine matters less); wall-clock pages per second is shown beside it.
With ``--repeat N`` every tool runs N times in fresh processes, round-robin, and the best run counts
(as ``timeit`` does): load from other users of a shared machine only ever slows a run down.
Memory: the worker's peak resident set size (``ru_maxrss``: interpreter + tool + loaded pages), and the
growth of that peak during extraction over the resident size just before the first page.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

READABILITY_URL = "http://fakehost/test/page.html"  # the URL Readability's own test suite uses
FETCHED_AT = datetime(2026, 1, 1, tzinfo=timezone.utc)  # fixed (after every page in the datasets): extraction stays pure
SHINGLE = 4

# name -> (description, what it measures)
TOOLS: dict[str, str] = {
    "scraper": "this project: GenericExtractor via the pure extraction path",
    "trafilatura": "trafilatura, default settings (comments excluded: we score the article body)",
    "trafilatura-fast": "trafilatura, fast=True (no fallback extractors)",
    "readability-lxml": "readability-lxml Document.summary()",
    "newspaper4k": "newspaper4k Article.parse() on the given HTML, image fetching off",
    "goose3": "goose3 extract(raw_html=...), image fetching off",
    "htmldate-fast": "htmldate find_date(extensive_search=False, original_date=True)",
    "htmldate-extensive": "htmldate find_date(extensive_search=True, original_date=True)",
    "selectolax-parse": "selectolax (lexbor) parse + whole-page text: the speed ceiling, no extraction",
}
DATE_ONLY = frozenset(("htmldate-fast", "htmldate-extensive"))
NO_DATES = frozenset(("readability-lxml",))


# -- datasets ------------------------------------------------------------------------------------


def load_cases(dataset: Path, limit: int | None) -> tuple[str, list[dict[str, Any]]]:
    """(layout name, cases); each case: name, url, path, and the truth fields the dataset has."""
    if (dataset / "truth.json").is_file() and (dataset / "pages").is_dir():
        layout, cases = "date-annotated", _date_cases(dataset)
    elif (dataset / "ground-truth.json").is_file() and (dataset / "html").is_dir():
        layout, cases = "article-extraction-benchmark", _aeb_cases(dataset)
    elif any(dataset.glob("*/source.html")):
        layout, cases = "readability", _readability_cases(dataset)
    else:
        raise SystemExit(f"{dataset}: no known layout (expected */source.html, ground-truth.json + html/, or truth.json + pages/)")
    return layout, cases[:limit] if limit else cases


def _readability_cases(root: Path) -> list[dict[str, Any]]:
    cases = []
    for source in sorted(root.glob("*/source.html")):
        folder = source.parent
        meta_path = folder / "expected-metadata.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        expected = folder / "expected.html"
        cases.append(
            {
                "name": folder.name,
                "url": READABILITY_URL,
                "path": str(source),
                "body": html_text(expected.read_text(encoding="utf-8")) if expected.is_file() and meta.get("readerable", True) else None,
                "title": meta.get("title"),
                "author": meta.get("byline"),
                "date": _day(meta.get("publishedTime")),
            }
        )
    return cases


def _aeb_cases(root: Path) -> list[dict[str, Any]]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    cases = []
    for key in sorted(truth):
        path = root / "html" / f"{key}.html.gz"
        if path.is_file():
            item = truth[key]
            cases.append({"name": key, "url": item.get("url") or f"http://example.invalid/{key}", "path": str(path),
                          "body": item.get("articleBody"), "title": item.get("headline"), "author": None, "date": None})
    return cases


def _date_cases(root: Path) -> list[dict[str, Any]]:
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    cases = []
    for name in sorted(truth):
        path = root / "pages" / f"{name}.gz"
        if path.is_file():
            item = truth[name]
            cases.append({"name": name, "url": item["url"], "path": str(path), "body": None, "title": None,
                          "author": None, "date": _day(item.get("date"))})
    return cases


def _day(value: Any) -> str | None:
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value) if isinstance(value, str) else None
    return match.group(1) if match else None


def read_page(path: str) -> str:
    """Page text, decoded the same way for every tool: the project's browser-like decoder (BOM,
    declared charset, then detection), run outside the timed section."""
    from scraper.encoding import decode_html

    raw = Path(path).read_bytes()
    if path.endswith(".gz"):
        raw = gzip.decompress(raw)
    return decode_html(raw, None)


def html_text(markup: str) -> str:
    """Plain text of an HTML fragment (the Readability reference), block boundaries kept."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(markup)
    for node in tree.css("p, div, li, h1, h2, h3, h4, h5, h6, tr, br, pre, blockquote, figcaption, dd, dt"):
        node.insert_after("\n")
    root = tree.body or tree.root
    return root.text(deep=True) if root is not None else ""


# -- tools (run inside the worker) ---------------------------------------------------------------

Result = dict[str, Any]  # text, title, author, date (YYYY-MM-DD), all optional


def _tool_scraper() -> tuple[Callable[[str, str], Result], str]:
    from scraper import __version__
    from scraper.errors import NotAnArticle
    from scraper.registry import extract_page

    def run(html: str, url: str) -> Result:
        try:
            article = extract_page(html, url, fetched_at=FETCHED_AT, source=url).article
        except NotAnArticle:
            return {}
        return {
            "text": article.text,
            "title": article.title,
            "author": ", ".join(a.name for a in article.authors),
            "date": article.published_at.date().isoformat() if article.published_at else None,
        }

    return run, __version__


def _tool_trafilatura(fast: bool) -> tuple[Callable[[str, str], Result], str]:
    import trafilatura

    def run(html: str, url: str) -> Result:
        doc = trafilatura.bare_extraction(html, url=url, fast=fast, include_comments=False, with_metadata=True, as_dict=True)
        if not doc:
            return {}
        return {"text": doc.get("text"), "title": doc.get("title"), "author": doc.get("author"), "date": _day(doc.get("date"))}

    return run, trafilatura.__version__


def _tool_readability() -> tuple[Callable[[str, str], Result], str]:
    from importlib.metadata import version

    import lxml.html
    from readability import Document

    def run(html: str, url: str) -> Result:
        doc = Document(html, url=url)
        summary = doc.summary(html_partial=True)
        text = lxml.html.fromstring(summary).text_content() if summary and summary.strip() else ""
        return {"text": text, "title": doc.short_title()}

    return run, version("readability-lxml")


def _tool_newspaper() -> tuple[Callable[[str, str], Result], str]:
    import newspaper
    from newspaper import Article

    def run(html: str, url: str) -> Result:
        article = Article(url, fetch_images=False, memorize_articles=False, follow_meta_refresh=False)
        article.download(input_html=html)
        article.parse()
        published = article.publish_date
        return {
            "text": article.text,
            "title": article.title,
            "author": ", ".join(article.authors),
            "date": published.date().isoformat() if isinstance(published, datetime) else None,
        }

    return run, newspaper.__version__


def _tool_goose() -> tuple[Callable[[str, str], Result], str]:
    from importlib.metadata import version

    from goose3 import Goose

    goose = Goose({"enable_image_fetching": False, "http_timeout": 0.001})

    def run(html: str, url: str) -> Result:
        article = goose.extract(url=url, raw_html=html)
        return {
            "text": article.cleaned_text,
            "title": article.title,
            "author": ", ".join(a for a in (article.authors or []) if isinstance(a, str)),
            "date": _any_day(article.publish_date),
        }

    return run, version("goose3")


def _any_day(value: Any) -> str | None:
    """The day of a date string a tool returns in its own format, read as written."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    day = _day(value)
    if day:
        return day
    from dateutil import parser

    try:
        return parser.parse(value, fuzzy=True).date().isoformat()
    except (ValueError, OverflowError):
        return None


def _tool_htmldate(extensive: bool) -> tuple[Callable[[str, str], Result], str]:
    import htmldate

    def run(html: str, url: str) -> Result:
        return {"date": _day(htmldate.find_date(html, url=url, extensive_search=extensive, original_date=True))}

    return run, htmldate.__version__


def _tool_selectolax() -> tuple[Callable[[str, str], Result], str]:
    import selectolax
    from selectolax.lexbor import LexborHTMLParser

    def run(html: str, url: str) -> Result:
        tree = LexborHTMLParser(html)
        title = tree.css_first("title")
        return {"text": tree.body.text() if tree.body is not None else "", "title": title.text() if title else None}

    return run, selectolax.__version__


LOADERS: dict[str, Callable[[], tuple[Callable[[str, str], Result], str]]] = {
    "scraper": _tool_scraper,
    "trafilatura": lambda: _tool_trafilatura(fast=False),
    "trafilatura-fast": lambda: _tool_trafilatura(fast=True),
    "readability-lxml": _tool_readability,
    "newspaper4k": _tool_newspaper,
    "goose3": _tool_goose,
    "htmldate-fast": lambda: _tool_htmldate(extensive=False),
    "htmldate-extensive": lambda: _tool_htmldate(extensive=True),
    "selectolax-parse": _tool_selectolax,
}


def _rss_kib() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def worker(tool: str, dataset: Path, limit: int | None) -> None:
    """Run one tool over the dataset and print one JSON object: results, timings, memory."""
    import logging
    import warnings

    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    real_stdout = sys.stdout
    sys.stdout = sys.stderr  # libraries that print must not corrupt the JSON on stdout
    _, cases = load_cases(dataset, limit)
    pages = [(case["name"], case["url"], read_page(case["path"])) for case in cases]
    run, tool_version = LOADERS[tool]()
    if pages:  # warm-up: lazy imports and first-call caches are not per-page cost
        try:
            run(pages[0][2], pages[0][1])
        except Exception as exc:  # noqa: BLE001 - the timed pass below records this page's failure
            print(f"{tool}: warm-up page failed: {type(exc).__name__}", file=sys.stderr)
    baseline = _rss_kib()
    results: dict[str, Result] = {}
    errors: dict[str, str] = {}
    cpu = wall = 0.0
    for name, url, html in pages:
        c0, w0 = time.process_time(), time.perf_counter()
        try:
            result = run(html, url) or {}
        except Exception as exc:  # noqa: BLE001 - one page's library error counts as an empty result
            result = {}
            errors[name] = f"{type(exc).__name__}: {exc}"[:200]
        except RecursionError as exc:
            result = {}
            errors[name] = f"RecursionError: {exc}"[:200]
        cpu += time.process_time() - c0
        wall += time.perf_counter() - w0
        results[name] = {k: (v if isinstance(v, str) or v is None else str(v)) for k, v in result.items()}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    real_stdout.write(json.dumps({
        "tool": tool, "version": tool_version, "pages": len(pages), "cpu": cpu, "wall": wall,
        "peak_rss_kib": peak, "growth_kib": max(0, peak - baseline), "results": results, "errors": errors,
    }))


# -- scoring -------------------------------------------------------------------------------------

_CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff])")
_TOKEN = re.compile(r"\w+")


def shingles(text: str | None) -> Counter[tuple[str, ...]]:
    if not text:
        return Counter()
    tokens = _TOKEN.findall(_CJK.sub(r" \1 ", unicodedata.normalize("NFKC", text).casefold()))
    if not tokens:
        return Counter()
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def body_scores(predicted: str | None, reference: str) -> tuple[float, float, float]:
    pred, ref = shingles(predicted), shingles(reference)
    if not pred or not ref:
        return 0.0, 0.0, 0.0
    common = sum((pred & ref).values())
    precision, recall = common / sum(pred.values()), common / sum(ref.values())
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return precision, recall, f1


_SEGMENT = re.compile(r"\s+[|–—·•:»\-]\s+")
_PUNCT = re.compile(r"[^\w\s]")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split())


def _title_variants(title: str) -> set[str]:
    folded = _fold(title)
    variants = {folded}
    parts = _SEGMENT.split(folded)
    if len(parts) > 1:
        variants.add(_fold(_SEGMENT.split(folded, maxsplit=1)[1]))
        variants.add(_fold(folded[: list(_SEGMENT.finditer(folded))[-1].start()]))
    return variants


def title_correct(predicted: str | None, reference: str) -> bool:
    if not predicted or not predicted.strip():
        return False
    pred, ref = _title_variants(predicted), _title_variants(reference)
    return _fold(predicted) in ref or _fold(reference) in pred


def _names(text: str) -> str:
    text = _PUNCT.sub(" ", _fold(text))
    words = text.split()
    if words and words[0] in ("by", "par", "von", "por", "di"):
        words = words[1:]
    return " ".join(words)


def author_correct(predicted: str | None, reference: str) -> bool:
    pred, ref = _names(predicted or ""), _names(reference)
    return bool(pred and ref) and (pred in ref or ref in pred)


def score(cases: list[dict[str, Any]], run: dict[str, Any]) -> dict[str, Any]:
    results = run["results"]
    out: dict[str, Any] = {"tool": run["tool"], "version": run["version"], "errors": len(run["errors"])}
    bodies = [(c, results.get(c["name"], {})) for c in cases if c["body"] and c["body"].strip()]
    if bodies and run["tool"] not in DATE_ONLY:
        per_page = [body_scores(r.get("text"), c["body"]) for c, r in bodies]
        out["body_pages"] = len(per_page)
        out["per_page_f1"] = {c["name"]: s[2] for (c, _), s in zip(bodies, per_page)}
        for i, key in enumerate(("precision", "recall", "f1")):
            out[key] = sum(s[i] for s in per_page) / len(per_page)
    titled = [(c, results.get(c["name"], {})) for c in cases if c["title"]]
    if titled and run["tool"] not in DATE_ONLY:
        out["title"] = sum(title_correct(r.get("title"), c["title"]) for c, r in titled) / len(titled)
        out["title_pages"] = len(titled)
    authored = [(c, results.get(c["name"], {})) for c in cases if c["author"] and c["author"].strip()]
    if authored and run["tool"] not in DATE_ONLY and run["tool"] != "readability-lxml" and run["tool"] != "selectolax-parse":
        out["author"] = sum(author_correct(r.get("author"), c["author"]) for c, r in authored) / len(authored)
        out["author_pages"] = len(authored)
    dated = [(c, results.get(c["name"], {})) for c in cases if c["date"]]
    if dated and run["tool"] not in ("readability-lxml", "selectolax-parse"):
        tp = sum(r.get("date") == c["date"] for c, r in dated)
        fp = sum(bool(r.get("date")) and r.get("date") != c["date"] for c, r in dated)
        fn = len(dated) - tp - fp
        out.update(date_precision=tp / (tp + fp) if tp + fp else 0.0, date_recall=tp / (tp + fn) if tp + fn else 0.0,
                   date_accuracy=tp / len(dated), date_pages=len(dated))
        out["date_misses"] = {c["name"]: (r.get("date"), c["date"]) for c, r in dated if r.get("date") != c["date"]}
    pages = run["pages"]
    out["pps_cpu"] = pages / run["cpu"] if run["cpu"] else float("inf")
    out["pps_wall"] = pages / run["wall"] if run["wall"] else float("inf")
    out["peak_mib"] = run["peak_rss_kib"] / 1024
    out["growth_mib"] = run["growth_kib"] / 1024
    return out


def _fmt(value: Any, spec: str = ".3f") -> str:
    return "–" if value is None else format(value, spec)


def table(rows: list[dict[str, Any]]) -> str:
    head = ("| tool | body P | body R | body F1 | title | author | date P | date R | date acc "
            "| pages/s (CPU) | pages/s (wall) | peak RSS MiB | Δ RSS MiB | errors |")
    lines = [head, "|" + "|".join(["---"] * (head.count("|") - 1)) + "|"]
    for r in rows:
        lines.append(
            f"| {r['tool']} | {_fmt(r.get('precision'))} | {_fmt(r.get('recall'))} | {_fmt(r.get('f1'))} "
            f"| {_fmt(r.get('title'))} | {_fmt(r.get('author'))} | {_fmt(r.get('date_precision'))} "
            f"| {_fmt(r.get('date_recall'))} | {_fmt(r.get('date_accuracy'))} | {_fmt(r['pps_cpu'], '.1f')} "
            f"| {_fmt(r['pps_wall'], '.1f')} | {_fmt(r['peak_mib'], '.0f')} | {_fmt(r['growth_mib'], '.0f')} | {r['errors']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, required=True, help="dataset folder (layout detected)")
    parser.add_argument("--tools", default=",".join(TOOLS), help=f"comma-separated subset of: {', '.join(TOOLS)}")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages (sorted by name)")
    parser.add_argument("--repeat", type=int, default=1, help="run every tool N times (fresh processes, in turn); speed is the best run")
    parser.add_argument("--per-page", action="store_true", help="also print per-page body F1 and date misses")
    parser.add_argument("--json", type=Path, default=None, help="also write the scored rows to this file")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.dataset, args.limit)
        return 0
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in tools if t not in TOOLS]
    if unknown:
        parser.error(f"unknown tool(s) {', '.join(unknown)}; choose from {', '.join(TOOLS)}")
    layout, cases = load_cases(args.dataset, args.limit)
    has_dates = any(c["date"] for c in cases)
    only_dates = not any(c["body"] or c["title"] or c["author"] for c in cases)
    tools = [t for t in tools if not (t in DATE_ONLY and not has_dates or t in NO_DATES and only_dates)]
    runs: dict[str, dict[str, Any]] = {}
    for round_ in range(args.repeat):  # rounds go over every tool in turn, so load drift hits all alike
        for tool in tools:
            cmd = [sys.executable, __file__, "--worker", tool, "--dataset", str(args.dataset)]
            if args.limit:
                cmd += ["--limit", str(args.limit)]
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if proc.returncode != 0 or not proc.stdout.strip():
                print(f"{tool}: worker failed (exit {proc.returncode}): {proc.stderr.strip()[-500:]}", file=sys.stderr)
                continue
            run = json.loads(proc.stdout)
            if tool not in runs:
                runs[tool] = run  # results and memory of the first run; speed: the best run
            else:
                runs[tool]["cpu"] = min(runs[tool]["cpu"], run["cpu"])
                runs[tool]["wall"] = min(runs[tool]["wall"], run["wall"])
            print(f"... {tool} done (round {round_ + 1}/{args.repeat})", file=sys.stderr)
    rows = [score(cases, runs[tool]) for tool in tools if tool in runs]
    scored_on = f", body scored on {rows[0]['body_pages']}" if rows and "body_pages" in rows[0] else ""
    dated = f", {sum(bool(c['date']) for c in cases)} with a date" if has_dates else ""
    print(f"dataset: {args.dataset.name} ({layout}, {len(cases)} pages{scored_on}{dated})")
    print(table(rows))
    print()
    print("versions: " + ", ".join(f"{r['tool']} {r['version']}" for r in rows))
    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, {date.today().isoformat()}")
    if args.per_page:
        for r in rows:
            for name, miss in sorted(r.get("date_misses", {}).items()):
                print(f"date-miss {r['tool']} {name} got={miss[0]} want={miss[1]}")
        f1s = {r["tool"]: r.get("per_page_f1", {}) for r in rows}
        for name in sorted(next(iter(f1s.values()), {})):
            print("f1 " + name + " " + " ".join(f"{tool}={scores.get(name, 0):.2f}" for tool, scores in f1s.items()))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
