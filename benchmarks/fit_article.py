"""Fit the "is it an article?" model (``scraper.extract.pagekind.WEIGHTS``) and measure it.

    .venv/bin/python benchmarks/fit_article.py --wcxb ../shared/datasets/wcxb-dev \\
        --check ../shared/datasets/readability-test-pages --check ../shared/datasets/trafilatura-eval \\
        --check ../shared/datasets/htmldate-dev [--recall 0.985] [--keep-checks] [--folds 5] [--cache /tmp/wcxb-signals.json]

1. Every wcxb-dev page runs through the generic extractor, and ``GenericExtractor.article_evidence()``
   gives its signals (see :mod:`scraper.extract.pagekind`). The label is ``page_type == "article"``.
2. A logistic regression (L2 penalty ``--l2``, batch gradient descent; plain Python, no numpy) is fitted
   on all pages, and again in ``--folds`` host-grouped folds (every page of a host in one fold) to
   score each page with a model that never saw its host.
3. The threshold is the highest one that keeps ``--recall`` of the articles in the cross-validated
   scores: a false "not an article" loses a story for good, so recall comes first. With
   ``--keep-checks`` it is also no higher than the highest one at which each ``--check`` set loses no
   more pages than the shipped model (``pagekind.WEIGHTS``, ``pagekind.THRESHOLD``) loses there: a model
   fitted on wcxb-dev must not reject article pages elsewhere that the one it replaces keeps.
4. The report gives precision, recall and F1 of "article", the share of each page type kept, and for
   each ``--check`` set (pages that are all articles or article-like: readability-test-pages marked
   readerable, trafilatura-eval, htmldate-dev) how many pages the fitted model would reject, at the
   chosen threshold and at each point of the trade-off: the out-of-corpus check of article recall;
   then the pages it rejects there, lowest score first (many are shops, forums, recipes or home pages
   that these sets hold too: read them before calling a rejection a lost story).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scraper.fetch.encoding import decode_html
from scraper.extract import Document, pagekind
from scraper.extract.generic import GenericExtractor

FETCHED_AT = datetime(2026, 12, 1, tzinfo=UTC)
READABILITY_URL = "http://fakehost/test/page.html"


def read(path: Path) -> str:
    raw = path.read_bytes()
    return decode_html(gzip.decompress(raw) if path.suffix == ".gz" else raw, None)


def evidence(html: str, url: str) -> dict[str, float] | None:
    """The page's signals, or None when the page is rejected before the model runs: no prose at all, or a URL
    that is a front page's or an archive page's (``ArticleExtractor.listing_url``). The model is fitted on
    the pages it decides."""
    extractor = GenericExtractor(Document(html, url))
    extractor.fetched_at = FETCHED_AT
    if extractor.content.text_length == 0 or extractor.listing_url() is not None:
        return None
    return extractor.article_evidence()


def wcxb_pages(root: Path) -> list[tuple[str, str, dict[str, float] | None]]:
    """(host, page type, signals) for every page."""
    out = []
    lines = gzip.decompress((root / "ground-truth.jsonl.gz").read_bytes()).decode("utf-8").split("\n")
    for line in filter(None, lines):  # not splitlines(): U+2028 inside a JSON string is no line end
        truth = json.loads(line)
        host = (urlsplit(truth["url"]).hostname or truth["id"]).removeprefix("www.")
        out.append((host, truth["page_type"], evidence(read(root / "html" / f"{truth['id']}.html.gz"), truth["url"])))
    return out


def check_pages(root: Path) -> list[tuple[str, dict[str, float] | None]]:
    """(page name, signals) of every page of a set whose pages are all articles or article-like."""
    out = []
    if (root / "evaldata.json").exists():
        for url, item in json.loads((root / "evaldata.json").read_text(encoding="utf-8")).items():
            out.append((item["file"], evidence(read(root / "pages" / item["file"]), url if url.startswith("http") else READABILITY_URL)))
    elif (root / "truth.json").exists():
        for name, item in json.loads((root / "truth.json").read_text(encoding="utf-8")).items():
            path = root / "pages" / f"{name}.gz"
            out.append((name, evidence(read(path if path.exists() else root / "pages" / name), item["url"])))
    else:
        for folder in sorted(p for p in root.iterdir() if (p / "source.html").exists()):
            meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
            if meta.get("readerable"):
                out.append((folder.name, evidence(read(folder / "source.html"), READABILITY_URL)))
    return out


def fit(rows: list[tuple[dict[str, float], bool]], names: list[str], l2: float, steps: int = 2000) -> dict[str, float]:
    """Logistic regression by batch gradient descent; returns {"bias": b, name: w...}."""
    data = [([1.0, *(x[n] for n in names)], float(label)) for x, label in rows]
    w = [0.0] * (len(names) + 1)
    rate = 1.0
    for _ in range(steps):
        grad = [0.0] * len(w)
        for x, label in data:
            z = sum(a * b for a, b in zip(w, x))
            error = 1 / (1 + math.exp(-max(-30.0, min(30.0, z)))) - label
            for i, value in enumerate(x):
                if value:
                    grad[i] += error * value
        for i in range(len(w)):
            w[i] -= rate * (grad[i] / len(data) + (l2 * w[i] if i else 0.0))
    return {n: round(v, 2) for n, v in zip(["bias", *names], w)}


def score(weights: dict[str, float], x: dict[str, float] | None) -> float:
    if x is None:
        return -math.inf
    return weights["bias"] + sum(weights[n] * v for n, v in x.items() if n in weights)


def threshold_for(scored: list[tuple[float, bool]], recall: float) -> float:
    """The highest threshold keeping ``recall`` of the articles. Articles without prose (score -inf)
    count as lost whatever the threshold; asking for more than the others give keeps them all."""
    articles = sorted(s for s, label in scored if label)
    keep = math.ceil(recall * len(articles))
    value = articles[len(articles) - keep]
    if math.isinf(value):
        value = min(s for s in articles if not math.isinf(s))
    return round(math.floor(value * 100) / 100, 2)


def keeping(values: list[float], allowed: int) -> float:
    """The highest threshold (rounded down to 0.01) at which at most ``allowed`` of ``values`` fall below it."""
    ranked = sorted(values)
    if allowed >= len(ranked):
        return math.inf
    return math.floor(ranked[allowed] * 100) / 100


def figures(scored: list[tuple[float, str]], threshold: float) -> dict[str, object]:
    kept = defaultdict(Counter)
    for value, kind in scored:
        kept[kind][value >= threshold] += 1
    tp, fn = kept["article"][True], kept["article"][False]
    fp = sum(c[True] for kind, c in kept.items() if kind != "article")
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {
        "precision": round(precision, 3), "recall": round(recall, 3),
        "f1": round(2 * precision * recall / max(1e-9, precision + recall), 3),
        "kept": {kind: f"{c[True]}/{c[True] + c[False]}" for kind, c in sorted(kept.items())},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wcxb", type=Path, required=True, help="wcxb-dev folder")
    parser.add_argument("--check", type=Path, action="append", default=[], help="a set of article pages (repeatable)")
    parser.add_argument("--recall", type=float, default=0.985, help="article recall the threshold keeps (cross-validated)")
    parser.add_argument("--keep-checks", action="store_true", help="reject no more --check pages than the shipped model does")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, default=0.001)
    parser.add_argument("--cache", type=Path, help="keep every page's signals in this JSON file and reuse them")
    args = parser.parse_args(argv)
    cached = json.loads(args.cache.read_text()) if args.cache and args.cache.exists() else {}
    pages = [tuple(row) for row in cached["wcxb"]] if "wcxb" in cached else wcxb_pages(args.wcxb)
    check_signals = {root.name: [tuple(row) for row in cached[root.name]] if root.name in cached else check_pages(root) for root in args.check}
    if args.cache:
        args.cache.write_text(json.dumps({"wcxb": pages, **check_signals}))
    names = sorted(next(x for _, _, x in pages if x is not None))
    train = [(x, kind == "article") for _, kind, x in pages if x is not None]
    weights = fit(train, names, args.l2)
    cv_scored: list[tuple[float, str]] = []
    for fold in range(args.folds):
        part = [(x, kind == "article") for host, kind, x in pages if x is not None and sum(host.encode()) % args.folds != fold]
        fold_weights = fit(part, names, args.l2)
        cv_scored += [(score(fold_weights, x), kind) for host, kind, x in pages if sum(host.encode()) % args.folds == fold]
    threshold = threshold_for([(s, kind == "article") for s, kind in cv_scored], args.recall)
    checks = {name: [score(weights, x) for _, x in values] for name, values in check_signals.items()}
    shipped = {"bias": pagekind.WEIGHTS["bias"], **{n: pagekind.WEIGHTS.get(n, 0.0) for n in names}}
    shipped_rejects = {name: sum(score(shipped, x) < pagekind.THRESHOLD for _, x in values) for name, values in check_signals.items()}
    if args.keep_checks and checks:
        threshold = min(threshold, *(keeping(checks[name], shipped_rejects[name]) for name in checks))
    curve = {}
    for recall in (0.95, 0.97, 0.98, 0.985, 0.99, 0.995):
        at = threshold_for([(s, kind == "article") for s, kind in cv_scored], recall)
        rejected = {name: f"{sum(v < at for v in values)}/{len(values)}" for name, values in checks.items()}
        curve[f"recall {recall}"] = {"threshold": at, **figures(cv_scored, at), "rejected": rejected}
    report: dict[str, object] = {
        "weights": weights,
        "threshold": threshold,
        "trade_off": curve,
        "cross_validated": figures(cv_scored, threshold),
        "fit": figures([(score(weights, x), kind) for _, kind, x in pages], threshold),
    }
    for name, values in checks.items():
        rejected = sorted((value, page) for value, (page, _) in zip(values, check_signals[name]) if value < threshold)
        report[name] = {
            "pages": len(values), "rejected": len(rejected), "rejected by the shipped model": shipped_rejects[name],
            "rejected pages": [f"{page} ({value:.2f})" for value, page in rejected],
        }
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
