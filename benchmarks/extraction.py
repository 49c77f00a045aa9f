"""One evaluation of article extractors over several local datasets, every field, in one run.

    .venv/bin/python benchmarks/extraction.py ../shared/datasets/readability-test-pages \\
        ../shared/datasets/htmldate-dev ../shared/datasets/wcxb-dev ../shared/datasets/trafilatura-eval
    .venv/bin/python benchmarks/extraction.py ../shared/datasets/wcxb-dev --tools scraper,scraper-generic --limit 100 --dump /tmp/dump

Dataset layouts (detected from the files present; formats in ``../shared/datasets/README.md``):

* ``readability``: ``*/source.html``, ``*/expected.html`` (Readability.js's output, the body
  reference), ``*/expected-metadata.json`` (title, byline, publishedTime, readerable). Body on pages
  marked ``readerable``; title, authors and date where the metadata has them.
* ``date-annotated`` (htmldate-dev): ``truth.json`` (``{file: {"url", "date"}}``) and ``pages/<file>.gz``.
* ``wcxb``: ``ground-truth.jsonl.gz`` (``id``, ``url``, ``page_type``, ``title``, ``author``,
  ``publish_date``, ``main_content``, ``with``, ``without``) and ``html/<id>.html.gz``. Body, snippets,
  title, authors and date are scored on ``article`` pages only (a product grid has no article to
  find); article-or-not on every page.
* ``trafilatura-eval``: ``evaldata.json`` (``{url: {"file", "with", "without", "title", "author",
  "date", ...}}``) and ``pages/<file>``. Snippets on every page, metadata where annotated.
* ``article-extraction-benchmark``: ``ground-truth.json`` (``{id: {"articleBody", "url"}}``) and
  ``html/<id>.html.gz``.

Every tool runs in a fresh subprocess of this script (``--worker``), one after the other, over every
dataset, on page text decoded the same way for all (outside the timed call), so imports, caches and
memory of one tool never touch another. Nothing touches the network. A reference without an http(s)
URL (a few have ``""`` or ``hard::name``) gets ``http://unknown.invalid/<name>`` for every tool.

Tools: ``scraper`` is what a user gets: ``scraper.pipeline.extract_page`` routed by the page's URL
(a registered site extractor for its host, else the generic one). ``scraper-generic`` forces the
generic extractor on every page. The site-vs-generic report compares the two on every page whose
host a site extractor serves.

Metrics
-------
Body: tokens are runs of letters and digits of the NFKC, case-folded text (each CJK character is a
token). On wcxb (and article-extraction-benchmark) precision, recall and F1 are *word-level* over
multisets of tokens against ``main_content``, as WCXB scores. On the Readability pages they are over
multisets of *4-token shingles* against the text of ``expected.html`` (order matters more there: the
reference is another extractor's output). Per page, macro-averaged; an empty answer, a "not an
article" answer or a crash scores 0.

Snippets (wcxb articles, trafilatura-eval): a snippet is found when its folded form (NFKC, case,
whitespace) is a substring of the folded text. ``with`` = share of all ``with`` snippets found in the
tool's text (recall); ``w/o absent`` = share of all ``without`` snippets absent from it (the
precision-like check: boilerplate kept out); ``snip F1`` = trafilatura's own score over the same
counts: TP = ``with`` found, FN = ``with`` missed, FP = ``without`` found, F1 of TP/(TP+FP) and
TP/(TP+FN). Counted over all snippets of the corpus (micro).

Title: correct when equal to the reference after folding Unicode (NFKC), case, whitespace, quotes and
dashes. Strict: no site-suffix leniency (stripping the site name is part of what is measured).

Authors: correct when the set of names equals the reference set. Both sides are split on the usual
separators (``,`` ``;`` ``/`` ``|`` ``&`` newlines, and the words and/und/et/y/e between names), a
leading "By"/"Von"/"Par"/"Por"/"Di" is dropped, and names are case-folded with accents, punctuation at
the ends and whitespace folded. Scored on pages whose reference names someone.

Dates, at day granularity on the day as written on the page (no conversion to UTC): over pages with
a reference date, TP = right day, FP = a wrong day, FN = no date. P = TP/(TP+FP), R = TP/(TP+FN),
acc = TP / pages.

Article-or-not (wcxb ``page_type``): "article" is the positive class; a tool calls a page an article
when it returns a record (``scraper``: no ``NotAnArticle`` or ``BotCheck``; newspaper4k: ``is_valid_body()``). Other
anchors have no such notion (–). Per page type, the share of pages called an article.

Languages (trafilatura-eval): from the page's own declaration, ``<html lang>`` else a
``content-language`` meta, primary subtag; else ``unknown``. Languages with fewer than 10 pages are
grouped as ``other``.

Speed: pages per second of CPU time spent inside the tool's call (process time, so other load on a
shared machine matters less). With ``--repeat N`` each tool runs N times, round-robin, and the best run
counts. ``--process-speed N`` also times whole processes over N pages written to a temporary folder:
``scraper scrape DIR`` (and with ``--workers 1``) against ``trafilatura --input-dir DIR --parallel 1`` (startup,
reading, writing included; CPU time of the whole process tree, worker processes included, sampled from /proc by
``benchmarks/proctree.py``; wall time beside it). The commands run in turn, ``--speed-rounds`` times
(default 3), and each command's least CPU time counts: on a shared machine one run of either can be
10-20 % slow, and a single run each made the ratio swing between 2.6x and 3.1x on the same code.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

READABILITY_URL = "http://fakehost/test/page.html"  # the URL Readability's own test suite uses
FETCHED_AT = datetime(2026, 12, 1, tzinfo=timezone.utc)  # fixed, after every page in the datasets (wcxb-dev dates run to 2026-03): extraction stays pure
SHINGLE = 4
MIN_LANGUAGE_PAGES = 10

TOOLS: dict[str, str] = {
    "scraper": "this project, as a user gets it: extract_page routed by the page URL (site extractor or generic)",
    "scraper-generic": "this project, GenericExtractor forced on every page",
    "scraper-any-page": "this project as `scrape --any-page` runs it: a page that reads as no article is extracted too",
    "trafilatura": "trafilatura, default settings (comments excluded: we score the article body)",
    "trafilatura-fast": "trafilatura, fast=True (no fallback extractors)",
    "readability-lxml": "readability-lxml Document.summary() (body and title only)",
    "newspaper4k": "newspaper4k Article.parse() on the given HTML, image fetching off",
    "goose3": "goose3 extract(raw_html=...), image fetching off",
    "htmldate-fast": "htmldate find_date(extensive_search=False, original_date=True) (dates only)",
    "htmldate-extensive": "htmldate find_date(extensive_search=True, original_date=True) (dates only)",
    "selectolax-parse": "selectolax (lexbor) parse + whole-page text: the speed ceiling, no extraction",
}
DEFAULT_TOOLS = ("scraper", "scraper-generic", "scraper-any-page", "trafilatura", "trafilatura-fast", "readability-lxml",
                 "newspaper4k", "htmldate-fast", "htmldate-extensive")
# What each tool answers; a field it does not answer shows "–".
_ALL = frozenset(("body", "snippets", "title", "authors", "date"))
FIELDS: dict[str, frozenset[str]] = {
    "scraper": _ALL | {"article"},
    "scraper-generic": _ALL | {"article"},
    "scraper-any-page": _ALL,  # (its article decision is scraper's: the page is written with the reason)
    "trafilatura": _ALL,
    "trafilatura-fast": _ALL,
    "readability-lxml": frozenset(("body", "snippets", "title")),
    "newspaper4k": _ALL | {"article"},
    "goose3": _ALL,
    "htmldate-fast": frozenset(("date",)),
    "htmldate-extensive": frozenset(("date",)),
    "selectolax-parse": frozenset(("body", "snippets", "title")),
}


# -- datasets ------------------------------------------------------------------------------------

Case = dict[str, Any]


def load_cases(dataset: Path, limit: int | None = None) -> tuple[str, list[Case]]:
    """(layout name, cases). Each case: corpus, name, url, path and the reference fields it has
    (body, body_metric, with, without, title, authors, date, page_type, lang); None where unscored."""
    if (dataset / "truth.json").is_file() and (dataset / "pages").is_dir():
        layout, cases = "date-annotated", _date_cases(dataset)
    elif (dataset / "ground-truth.jsonl.gz").is_file() and (dataset / "html").is_dir():
        layout, cases = "wcxb", _wcxb_cases(dataset)
    elif (dataset / "evaldata.json").is_file() and (dataset / "pages").is_dir():
        layout, cases = "trafilatura-eval", _trafilatura_cases(dataset)
    elif (dataset / "ground-truth.json").is_file() and (dataset / "html").is_dir():
        layout, cases = "article-extraction-benchmark", _aeb_cases(dataset)
    elif any(dataset.glob("*/source.html")):
        layout, cases = "readability", _readability_cases(dataset)
    else:
        raise SystemExit(f"{dataset}: no known layout (expected */source.html, truth.json + pages/, "
                         "ground-truth.jsonl.gz + html/, evaldata.json + pages/, or ground-truth.json + html/)")
    corpus = dataset.resolve().name
    out = []
    for case in cases[:limit] if limit else cases:
        full: Case = dict.fromkeys(("body", "body_metric", "with", "without", "title", "authors", "date", "page_type", "lang"))
        full.update(case, corpus=corpus)
        if not re.match(r"https?://[^/\s]", full["url"] or ""):  # a few references have no URL ("", "hard::name")
            full["url"] = f"http://unknown.invalid/{full['name']}"
        out.append(full)
    return layout, out


def _readability_cases(root: Path) -> list[Case]:
    cases = []
    for source in sorted(root.glob("*/source.html")):
        folder = source.parent
        meta_path = folder / "expected-metadata.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        expected = folder / "expected.html"
        readerable = expected.is_file() and meta.get("readerable", True)
        cases.append({
            "name": folder.name, "url": READABILITY_URL, "path": str(source),
            "body": html_text(expected.read_text(encoding="utf-8")) if readerable else None, "body_metric": "shingle",
            "title": meta.get("title"), "authors": _references(meta.get("byline")), "date": _day(meta.get("publishedTime")),
        })
    return cases


def _date_cases(root: Path) -> list[Case]:
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    cases = []
    for name in sorted(truth):
        path = root / "pages" / f"{name}.gz"
        if path.is_file():
            cases.append({"name": name, "url": truth[name]["url"], "path": str(path), "date": _day(truth[name].get("date"))})
    return cases


def _wcxb_cases(root: Path) -> list[Case]:
    with gzip.open(root / "ground-truth.jsonl.gz", "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    cases = []
    for row in sorted(rows, key=lambda r: r["id"]):
        path = root / "html" / f"{row['id']}.html.gz"
        if not path.is_file():
            continue
        case = {"name": row["id"], "url": row["url"], "path": str(path), "page_type": row.get("page_type") or "unknown"}
        if case["page_type"] == "article":
            case.update(body=row.get("main_content"), body_metric="word", title=row.get("title"), date=_day(row.get("publish_date")),
                        authors=_references(row.get("author")), **{"with": row.get("with") or [], "without": row.get("without") or []})
        cases.append(case)
    return cases


def _trafilatura_cases(root: Path) -> list[Case]:
    truth = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    cases = []
    for url, item in sorted(truth.items(), key=lambda kv: kv[1]["file"]):
        path = root / "pages" / item["file"]
        if path.is_file():
            cases.append({
                "name": item["file"], "url": url, "path": str(path), "with": item.get("with") or [],
                "without": item.get("without") or [], "title": item.get("title") or None,
                "authors": _references(item.get("author")), "date": _day(item.get("date")), "lang": page_language(path),
            })
    return cases


def _aeb_cases(root: Path) -> list[Case]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    cases = []
    for key in sorted(truth):
        path = root / "html" / f"{key}.html.gz"
        if path.is_file():
            item = truth[key]
            cases.append({"name": key, "url": item.get("url") or f"http://example.invalid/{key}", "path": str(path),
                          "body": item.get("articleBody"), "body_metric": "word", "title": item.get("headline")})
    return cases


def _day(value: Any) -> str | None:
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value) if isinstance(value, str) else None
    return match.group(1) if match else None


def _references(value: Any) -> list[str] | None:
    """Reference author strings (one string or a list), None when the reference names no one."""
    items = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
    items = [v for v in items if isinstance(v, str) and v.strip()]
    return items if items and name_set(items) else None


_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([A-Za-z]{2,3})\b", re.I)
_CONTENT_LANGUAGE = re.compile(
    rb"<meta\b[^>]*?http-equiv\s*=\s*[\"']?content-language[\"']?[^>]*?content\s*=\s*[\"']?\s*([A-Za-z]{2,3})\b"
    rb"|<meta\b[^>]*?content\s*=\s*[\"']?\s*([A-Za-z]{2,3})\b[^>]*?http-equiv\s*=\s*[\"']?content-language", re.I)


def page_language(path: Path) -> str:
    """The language the page declares: <html lang>, else a content-language meta; else "unknown"."""
    raw = read_bytes(str(path))[:200_000]
    match = _LANG.search(raw)
    if match:
        return match.group(1).decode("ascii").lower()
    match = _CONTENT_LANGUAGE.search(raw)
    if match:
        return (match.group(1) or match.group(2)).decode("ascii").lower()
    return "unknown"


def read_bytes(path: str) -> bytes:
    raw = Path(path).read_bytes()
    return gzip.decompress(raw) if path.endswith(".gz") else raw


def read_page(path: str) -> str:
    """Page text, decoded the same way for every tool: the project's browser-like decoder (BOM,
    declared charset, then detection), run outside the timed section."""
    from scraper.fetch.encoding import decode_html

    return decode_html(read_bytes(path), None)


def html_text(markup: str) -> str:
    """Plain text of an HTML fragment (the Readability reference), block boundaries kept."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(markup)
    for node in tree.css("p, div, li, h1, h2, h3, h4, h5, h6, tr, br, pre, blockquote, figcaption, dd, dt"):
        node.insert_after("\n")
    root = tree.body or tree.root
    return root.text(deep=True) if root is not None else ""


def key_of(case: Case) -> str:
    return f"{case['corpus']}/{case['name']}"


# -- tools (run inside the worker) ---------------------------------------------------------------

Result = dict[str, Any]  # text, title, authors (list), date (YYYY-MM-DD), article (bool); all optional


def _tool_scraper(generic: bool, any_page: bool = False) -> tuple[Callable[[str, str], Result], str]:
    from scraper import __version__
    from scraper.errors import BotCheck, NotAnArticle
    from scraper.extract.generic import GenericExtractor
    from scraper.pipeline import extract_page

    forced = GenericExtractor if generic else None

    def run(html: str, url: str) -> Result:
        try:
            article = extract_page(html, url, fetched_at=FETCHED_AT, source=url, extractor=forced, any_page=any_page).article
        except (NotAnArticle, BotCheck):  # a bot check's page (a saved interstitial) holds no article either
            return {"article": False}
        return {
            "article": True,
            "extractor": article.extractor,
            "text": article.text,
            "title": article.title,
            "authors": [a.name for a in article.authors],
            "date": article.published_at.date().isoformat() if article.published_at else None,
        }

    return run, __version__


def _tool_trafilatura(fast: bool) -> tuple[Callable[[str, str], Result], str]:
    import trafilatura

    def run(html: str, url: str) -> Result:
        doc = trafilatura.bare_extraction(html, url=url, fast=fast, include_comments=False, with_metadata=True, as_dict=True)
        if not doc:
            return {}
        return {"text": doc.get("text"), "title": doc.get("title"), "authors": [doc["author"]] if doc.get("author") else [],
                "date": _day(doc.get("date"))}

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
            "article": bool(article.is_valid_body()),
            "text": article.text,
            "title": article.title,
            "authors": list(article.authors),
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
            "authors": [a for a in (article.authors or []) if isinstance(a, str)],
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
    "scraper": lambda: _tool_scraper(generic=False),
    "scraper-generic": lambda: _tool_scraper(generic=True),
    "scraper-any-page": lambda: _tool_scraper(generic=False, any_page=True),
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


def run_tool(tool: str, cases: list[Case]) -> dict[str, Any]:
    """Run one tool over the cases in this process: results, errors, CPU seconds per corpus."""
    run, tool_version = LOADERS[tool]()
    if cases:  # warm-up: lazy imports and first-call caches are not per-page cost
        try:
            run(read_page(cases[0]["path"]), cases[0]["url"])
        except Exception as exc:  # noqa: BLE001 - the timed pass below records this page's failure
            print(f"{tool}: warm-up page failed: {type(exc).__name__}", file=sys.stderr)
    baseline = _rss_kib()
    results: dict[str, Result] = {}
    errors: dict[str, str] = {}
    cpu: Counter[str] = Counter()
    wall: Counter[str] = Counter()
    for case in cases:
        html = read_page(case["path"])
        c0, w0 = time.process_time(), time.perf_counter()
        try:
            result = run(html, case["url"]) or {}
        except (Exception, RecursionError) as exc:  # noqa: BLE001 - one page's library error counts as an empty result
            result = {}
            errors[key_of(case)] = f"{type(exc).__name__}: {exc}"[:200]
        cpu[case["corpus"]] += time.process_time() - c0
        wall[case["corpus"]] += time.perf_counter() - w0
        results[key_of(case)] = _plain(result)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"tool": tool, "version": tool_version, "cpu": dict(cpu), "wall": dict(wall), "peak_rss_kib": peak,
            "growth_kib": max(0, peak - baseline), "results": results, "errors": errors}


def _plain(result: Result) -> Result:
    out: Result = {}
    for k, v in result.items():
        if isinstance(v, list):
            out[k] = [str(x) for x in v if x]
        else:
            out[k] = v if v is None or isinstance(v, (str, bool)) else str(v)
    return out


def worker(tool: str, datasets: list[Path], limit: int | None) -> None:
    """Run one tool over every dataset and print one JSON object on stdout."""
    import logging
    import warnings

    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    real_stdout = sys.stdout
    sys.stdout = sys.stderr  # libraries that print must not corrupt the JSON on stdout
    cases = [case for dataset in datasets for case in load_cases(dataset, limit)[1]]
    real_stdout.write(json.dumps(run_tool(tool, cases)))


# -- scoring -------------------------------------------------------------------------------------

_CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff])")
_TOKEN = re.compile(r"\w+")
# Invisible break hints: a soft hyphen (U+00AD) or zero-width space inside a word is no letter a reader
# sees, and references keep them where extractors drop them ("Genesenen\xad\xadnachweise"): removed from
# both sides before comparing, for every tool alike.
_INVISIBLE = dict.fromkeys((0x00AD, 0x200B))


def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall(_CJK.sub(r" \1 ", unicodedata.normalize("NFKC", text.translate(_INVISIBLE)).casefold())) if text else []


def shingles(text: str | None) -> Counter[tuple[str, ...]]:
    words = tokens(text)
    if len(words) < SHINGLE:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def body_scores(predicted: str | None, reference: str, metric: str = "shingle") -> tuple[float, float, float]:
    """(precision, recall, F1) of the predicted text against the reference: 4-token shingles or words."""
    pred, ref = (shingles(predicted), shingles(reference)) if metric == "shingle" else (Counter(tokens(predicted)), Counter(tokens(reference)))
    if not pred or not ref:
        return 0.0, 0.0, 0.0
    common = sum((pred & ref).values())
    precision, recall = common / sum(pred.values()), common / sum(ref.values())
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return precision, recall, f1


_QUOTES = str.maketrans({c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"} | {c: "-" for c in "‐‑‒–—―−"})


def fold(text: str) -> str:
    """NFKC, case, quotes, dashes and whitespace folded; soft hyphens and zero-width spaces removed."""
    return " ".join(unicodedata.normalize("NFKC", text.translate(_INVISIBLE)).casefold().translate(_QUOTES).split())


def title_correct(predicted: str | None, reference: str) -> bool:
    return bool(predicted and predicted.strip()) and fold(predicted) == fold(reference)


_SEPARATORS = re.compile(r"\s*(?:[,;/|&\n·•]|\s(?:and|und|et|y|e)\s)\s*", re.I)
_BY = re.compile(r"^(?:by|von|par|por|di|and|und|et)\s+", re.I)  # "By Jane Doe"; ", and Jane Doe"


def _name(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", fold(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _BY.sub("", plain.strip(" .:-'\"()[]")).strip(" .:-'\"()[]")


def name_set(values: Iterable[str]) -> frozenset[str]:
    """Normalized names from author strings (each may hold several names)."""
    names = set()
    for value in values:
        for part in _SEPARATORS.split(f" {value} "):
            name = _name(part)
            if name:
                names.add(name)
    return frozenset(names)


def authors_correct(predicted: list[str] | None, reference: list[str]) -> bool:
    return name_set(predicted or []) == name_set(reference)


def _found(snippet: str, folded_text: str) -> bool:
    folded = fold(snippet)
    return bool(folded) and folded in folded_text


def page_score(case: Case, result: Result, fields: frozenset[str]) -> dict[str, Any]:
    """Per-page scores of one tool on one page, plus what it got where it was wrong (for --dump)."""
    out: dict[str, Any] = {"corpus": case["corpus"], "page": case["name"], "url": case["url"]}
    if case["page_type"]:
        out["page_type"] = case["page_type"]
    if case["lang"]:
        out["lang"] = case["lang"]
    if result.get("extractor"):
        out["extractor"] = result["extractor"]
    text = result.get("text") or ""
    if "body" in fields and case["body"] and case["body"].strip():
        out["body_p"], out["body_r"], out["body_f1"] = body_scores(text, case["body"], case["body_metric"])
    if "snippets" in fields and (case["with"] or case["without"]):
        folded = fold(text)
        missed = [s for s in case["with"] if not _found(s, folded)]
        kept = [s for s in case["without"] if _found(s, folded)]
        out.update(with_total=len(case["with"]), with_found=len(case["with"]) - len(missed),
                   without_total=len(case["without"]), without_found=len(kept))
        if missed:
            out["with_missed"] = missed
        if kept:
            out["without_kept"] = kept
    if "title" in fields and case["title"]:
        out["title_ok"] = title_correct(result.get("title"), case["title"])
        if not out["title_ok"]:
            out["title"] = [result.get("title"), case["title"]]
    if "authors" in fields and case["authors"]:
        out["authors_ok"] = authors_correct(result.get("authors"), case["authors"])
        if not out["authors_ok"]:
            out["authors"] = [result.get("authors") or [], case["authors"]]
    if "date" in fields and case["date"]:
        got = result.get("date")
        out["date_state"] = "tp" if got == case["date"] else "fp" if got else "fn"
        if got != case["date"]:
            out["date"] = [got, case["date"]]
    if "article" in fields and case["page_type"]:
        out["article_pred"] = bool(result.get("article"))
        out["article_true"] = case["page_type"] == "article"
    return out


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def aggregate(pages: list[dict[str, Any]]) -> dict[str, Any]:
    """Every figure over a set of per-page scores; a figure without pages is absent."""
    row: dict[str, Any] = {"pages": len(pages)}
    body = [p for p in pages if "body_f1" in p]
    if body:
        row["body_pages"] = len(body)
        for key in ("body_p", "body_r", "body_f1"):
            row[key] = sum(p[key] for p in body) / len(body)
    snip = [p for p in pages if "with_total" in p]
    if snip:
        wf, wt = sum(p["with_found"] for p in snip), sum(p["with_total"] for p in snip)
        of, ot = sum(p["without_found"] for p in snip), sum(p["without_total"] for p in snip)
        row["with"], row["without_absent"] = _ratio(wf, wt), _ratio(ot - of, ot)
        row["snip_f1"] = _f1(_ratio(wf, wf + of), _ratio(wf, wt))
    for field in ("title", "authors"):
        scored = [p[f"{field}_ok"] for p in pages if f"{field}_ok" in p]
        if scored:
            row[field], row[f"{field}_pages"] = sum(scored) / len(scored), len(scored)
    states = Counter(p["date_state"] for p in pages if "date_state" in p)
    if states:
        tp, fp, fn = states["tp"], states["fp"], states["fn"]
        row.update(date_p=_ratio(tp, tp + fp) or 0.0, date_r=_ratio(tp, tp + fn) or 0.0, date_acc=tp / (tp + fp + fn),
                   date_pages=tp + fp + fn)
    classified = [p for p in pages if "article_pred" in p]
    if classified:
        tp = sum(p["article_pred"] and p["article_true"] for p in classified)
        predicted = sum(p["article_pred"] for p in classified)
        actual = sum(p["article_true"] for p in classified)
        row["article_p"], row["article_r"] = _ratio(tp, predicted) or 0.0, _ratio(tp, actual) or 0.0
        row["article_f1"] = _f1(row["article_p"], row["article_r"])
        row["called_article"] = predicted / len(classified)
        row["article_correct"] = sum(p["article_pred"] == p["article_true"] for p in classified) / len(classified)
    return row


def score_tool(cases: list[Case], run: dict[str, Any]) -> list[dict[str, Any]]:
    fields = FIELDS[run["tool"]]
    pages = []
    for case in cases:
        page = page_score(case, run["results"].get(key_of(case), {}), fields)
        if key_of(case) in run["errors"]:
            page["error"] = run["errors"][key_of(case)]
        pages.append(page)
    return pages


# -- tables --------------------------------------------------------------------------------------

MAIN_COLUMNS = (("body P", "body_p"), ("body R", "body_r"), ("body F1", "body_f1"), ("with", "with"),
                ("w/o absent", "without_absent"), ("snip F1", "snip_f1"), ("title", "title"), ("authors", "authors"),
                ("date P", "date_p"), ("date R", "date_r"), ("date acc", "date_acc"), ("art P", "article_p"),
                ("art R", "article_r"), ("art F1", "article_f1"))


def _fmt(value: Any, spec: str = ".3f") -> str:
    return "–" if value is None else format(value, spec)


def markdown(head: list[str], body: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * len(head)) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "\n".join(lines)


def main_table(rows: list[tuple[str, str, dict[str, Any], dict[str, Any]]]) -> str:
    """rows: (corpus, tool, figures, run)."""
    head = ["corpus", "tool", *(label for label, _ in MAIN_COLUMNS), "pages/s (CPU)", "errors"]
    body = []
    for corpus, tool, row, run in rows:
        cpu = run["cpu"].get(corpus, 0.0)
        body.append([corpus, tool, *(_fmt(row.get(key)) for _, key in MAIN_COLUMNS),
                     _fmt(row["pages"] / cpu if cpu else None, ".1f"), str(row.get("errors", 0))])
    return markdown(head, body)


def counts_line(corpus: str, layout: str, rows: dict[str, Any]) -> str:
    parts = [f"{rows['pages']} pages"]
    for key, label in (("body_pages", "body"), ("title_pages", "title"), ("authors_pages", "authors"), ("date_pages", "date")):
        if rows.get(key):
            parts.append(f"{label} {rows[key]}")
    return f"- {corpus} ({layout}): " + ", ".join(parts)


def breakdown_table(label: str, groups: dict[str, dict[str, list[dict[str, Any]]]], columns: tuple[tuple[str, str], ...]) -> str:
    """groups: group name -> tool -> per-page scores."""
    head = [label, "tool", "pages", *(c for c, _ in columns)]
    body = []
    for group in groups:
        for tool, pages in groups[group].items():
            row = aggregate(pages)
            if any(row.get(key) is not None for _, key in columns):
                body.append([group, tool, str(row["pages"]), *(_fmt(row.get(key)) for _, key in columns)])
    return markdown(head, body)


# -- whole-process speed -------------------------------------------------------------------------


def process_speed(cases: list[Case], count: int, rounds: int = 3) -> str:
    """Time ``scraper scrape DIR`` (default workers, and one) and ``trafilatura --input-dir DIR`` over the same pages, each a whole process,
    ``rounds`` times in turn; each command's run of least CPU time is reported."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from proctree import measure  # the module next to this file: CPU and memory of a whole process tree

    by_corpus: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        by_corpus[case["corpus"]].append(case)
    picked: list[Case] = []
    queues = [sorted(v, key=lambda c: hashlib.sha1(key_of(c).encode()).hexdigest()) for v in by_corpus.values()]
    while len(picked) < count and any(queues):
        for queue in queues:
            if queue and len(picked) < count:
                picked.append(queue.pop(0))
    bindir = Path(sys.executable).parent
    commands = {
        "scraper scrape DIR -o OUT": [str(bindir / "scraper"), "scrape", "{in}", "-o", "{out}"],
        # One extraction process: no second worker sharing the machine's cores and caches (the CPU a page costs
        # when the cores are two hyperthreads of one), more wall time.
        "scraper scrape DIR -o OUT --workers 1": [str(bindir / "scraper"), "scrape", "{in}", "-o", "{out}", "--workers", "1"],
        "trafilatura --input-dir DIR -o OUT --parallel 1": [str(bindir / "trafilatura"), "--input-dir", "{in}", "-o", "{out}", "--parallel", "1"],
    }
    lines = [markdown(["command", "pages", "CPU s", "wall s", "pages/s (CPU)", "pages/s (wall)"], [])]
    with tempfile.TemporaryDirectory(prefix="scraper-speed-") as tmp:
        pages = Path(tmp) / "pages"
        pages.mkdir()
        for i, case in enumerate(picked):
            (pages / f"{i:05d}.html").write_bytes(read_bytes(case["path"]))
        best: dict[str, tuple[float, float]] = {}  # label -> (CPU, wall) of its run of least CPU
        for _ in range(max(1, rounds)):  # in turn, so that a slow spell of the machine hits both alike
            for number, (label, template) in enumerate(commands.items()):
                if not Path(template[0]).exists():
                    continue
                out = Path(tmp) / f"out-{number}"
                cmd = [part.replace("{in}", str(pages)).replace("{out}", str(out)) for part in template]
                # The whole process tree's CPU: our extraction workers may come from a fork server, whose
                # children getrusage(RUSAGE_CHILDREN) never sees (it counted the scrape's main process alone).
                run = measure(cmd)
                if label not in best or run.cpu < best[label][0]:
                    best[label] = (run.cpu, run.wall)
                shutil.rmtree(out, ignore_errors=True)
    for label, template in commands.items():
        if label not in best:
            lines.append(f"| {label} | – | not installed | | | |")
            continue
        cpu, wall = best[label]
        lines.append(f"| {label} | {len(picked)} | {cpu:.1f} | {wall:.1f} | {len(picked) / cpu:.1f} | {len(picked) / wall:.1f} |")
    theirs_label = "trafilatura --input-dir DIR -o OUT --parallel 1"
    if theirs_label in best:
        theirs = best[theirs_label][0]
        for label in [label for label in best if label.startswith("scraper")]:
            lines.append(f"\nwhole-process CPU time ratio trafilatura / `{label}`: {theirs / best[label][0]:.2f}x, least CPU time "
                         f"of {max(1, rounds)} runs each, in turn (goal: at least 3x)")
    return "\n".join(lines)


# -- main ----------------------------------------------------------------------------------------


def run_workers(tools: list[str], datasets: list[Path], limit: int | None, repeat: int) -> dict[str, dict[str, Any]]:
    runs: dict[str, dict[str, Any]] = {}
    for round_ in range(repeat):  # rounds go over every tool in turn, so load drift hits all alike
        for tool in tools:
            cmd = [sys.executable, __file__, "--worker", tool, *map(str, datasets)]
            if limit:
                cmd += ["--limit", str(limit)]
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if proc.returncode != 0 or not proc.stdout.strip():
                print(f"{tool}: worker failed (exit {proc.returncode}): {proc.stderr.strip()[-500:]}", file=sys.stderr)
                continue
            run = json.loads(proc.stdout)
            if tool not in runs:
                runs[tool] = run  # results and memory of the first run; speed: the best run per corpus
            else:
                for corpus, cpu in run["cpu"].items():
                    runs[tool]["cpu"][corpus] = min(runs[tool]["cpu"].get(corpus, cpu), cpu)
            print(f"... {tool} done in {time.perf_counter() - t0:.0f} s (round {round_ + 1}/{repeat})", file=sys.stderr)
    return runs


def report(datasets: list[Path], limit: int | None, runs: dict[str, dict[str, Any]], dump: Path | None) -> tuple[str, dict[str, Any]]:
    """The whole report (markdown) and the figures as a dict, from the runs of each tool."""
    layouts, cases = {}, []
    for dataset in datasets:
        layout, some = load_cases(dataset, limit)
        if some:
            layouts[some[0]["corpus"]] = layout
        cases += some
    scored = {tool: score_tool(cases, run) for tool, run in runs.items()}
    if dump:
        dump.mkdir(parents=True, exist_ok=True)
        for tool, pages in scored.items():
            with open(dump / f"{tool}.jsonl", "w", encoding="utf-8") as fh:
                for page in pages:
                    fh.write(json.dumps(page, ensure_ascii=False) + "\n")
    figures: dict[str, Any] = {}
    rows = []
    out = []
    for corpus, layout in layouts.items():
        for tool, pages in scored.items():
            row = aggregate([p for p in pages if p["corpus"] == corpus])
            row["errors"] = sum(key.startswith(f"{corpus}/") for key in runs[tool]["errors"])
            figures.setdefault(corpus, {})[tool] = row
            if any(row.get(key) is not None for _, key in MAIN_COLUMNS):  # a tool answers something here
                rows.append((corpus, tool, row, runs[tool]))
    first = next(iter(scored), None)
    out.append(f"Pages scored per corpus (for {first}):")
    for corpus, layout in layouts.items():
        if first:
            out.append(counts_line(corpus, layout, figures[corpus][first]))
    out += ["", main_table(rows)]
    body_metrics = sorted({c["body_metric"] + " (" + c["corpus"] + ")" for c in cases if c["body_metric"] and c["body"]})
    if body_metrics:
        out.append("\nbody metric: " + ", ".join(body_metrics).replace("shingle", "4-token shingles").replace("word", "word-level"))

    typed = [c for c in cases if c["page_type"]]
    if typed:
        article_tools = [t for t in scored if "article" in FIELDS[t]]
        groups: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for page_type in sorted({c["page_type"] for c in typed}, key=lambda t: (t != "article", t)):
            groups[page_type] = {t: [p for p in scored[t] if p.get("page_type") == page_type] for t in scored}
        head = ["page type", "pages", *(f"{t}: called article" for t in article_tools)]
        body = []
        for page_type, by_tool in groups.items():
            cells = [_fmt(aggregate(by_tool[t]).get("called_article")) for t in article_tools]
            body.append([page_type, str(len(next(iter(by_tool.values())))), *cells])
            for t in article_tools:
                figures.setdefault("page_type", {}).setdefault(t, {})[page_type] = aggregate(by_tool[t]).get("article_correct")
        out += ["", "Per page type (wcxb): share of pages each tool calls an article", "", markdown(head, body)]

    langs = Counter(c["lang"] for c in cases if c["lang"])
    if langs:
        def group_of(lang: str) -> str:
            return lang if langs[lang] >= MIN_LANGUAGE_PAGES or lang == "unknown" else "other"

        sizes: Counter[str] = Counter()
        for lang, count in langs.items():
            sizes[group_of(lang)] += count
        names = sorted(sizes, key=lambda g: (g in ("other", "unknown"), -sizes[g]))  # largest first, then other, unknown
        groups = {g: {t: [p for p in scored[t] if p.get("lang") and group_of(p["lang"]) == g] for t in scored} for g in names}
        out += ["", "Per language (trafilatura-eval, as the page declares it)", "",
                breakdown_table("language", groups, (("with", "with"), ("w/o absent", "without_absent"), ("snip F1", "snip_f1"),
                                                    ("title", "title"), ("authors", "authors"), ("date acc", "date_acc")))]

    if "scraper" in scored and "scraper-generic" in scored:
        sited = [i for i, p in enumerate(scored["scraper"]) if p.get("extractor") not in (None, "generic")]
        if sited:
            groups = {}
            for i in sited:
                page = scored["scraper"][i]
                groups[f"{page['corpus']}/{page['page']} ({page['extractor']})"] = {
                    "scraper": [page], "scraper-generic": [scored["scraper-generic"][i]]}
            groups["all site pages"] = {"scraper": [scored["scraper"][i] for i in sited],
                                        "scraper-generic": [scored["scraper-generic"][i] for i in sited]}
            out += ["", "Site extractor (scraper) against the generic one, on pages whose host a site extractor serves", "",
                    breakdown_table("page", groups, (("body F1", "body_f1"), ("with", "with"), ("w/o absent", "without_absent"),
                                                     ("title", "title"), ("authors", "authors"), ("date acc", "date_acc")))]
        else:
            out += ["", "Site extractor against generic: no page of these sets is served by a site extractor."]
    return "\n".join(out), figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("datasets", nargs="*", type=Path, help="dataset folders (layout detected)")
    parser.add_argument("--dataset", type=Path, action="append", default=[], help="a dataset folder (may repeat)")
    parser.add_argument("--tools", default=",".join(DEFAULT_TOOLS), help=f"comma-separated subset of: {', '.join(TOOLS)}")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of each dataset (sorted by name)")
    parser.add_argument("--repeat", type=int, default=1, help="run every tool N times (fresh processes, in turn); speed is the best run")
    parser.add_argument("--dump", type=Path, default=None, help="write per-page scores to DIR/<tool>.jsonl")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    parser.add_argument("--process-speed", type=int, default=0, metavar="N",
                        help="also time whole `scraper scrape` and `trafilatura` processes over N pages")
    parser.add_argument("--speed-rounds", type=int, default=3, metavar="N",
                        help="with --process-speed: run the commands N times in turn; each one's least CPU time counts")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    datasets = [*args.datasets, *args.dataset]
    if not datasets:
        parser.error("give at least one dataset folder")
    missing = [str(d) for d in datasets if not d.is_dir()]
    if missing:
        parser.error(f"no such dataset folder: {', '.join(missing)}")
    if args.worker:
        worker(args.worker, datasets, args.limit)
        return 0
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in tools if t not in TOOLS]
    if unknown:
        parser.error(f"unknown tool(s) {', '.join(unknown)}; choose from {', '.join(TOOLS)}")
    started = time.perf_counter()
    runs = run_workers(tools, datasets, args.limit, args.repeat)
    text, figures = report(datasets, args.limit, runs, args.dump)
    print(text)
    print()
    print("versions: " + ", ".join(f"{tool} {run['version']}" for tool, run in runs.items()))
    print("peak RSS MiB: " + ", ".join(f"{tool} {run['peak_rss_kib'] / 1024:.0f}" for tool, run in runs.items()))
    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, {date.today().isoformat()}, "
          f"{time.perf_counter() - started:.0f} s in all")
    if args.process_speed:
        cases = [c for d in datasets for c in load_cases(d, args.limit)[1]]
        print()
        print(process_speed(cases, args.process_speed, args.speed_rounds))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
