"""Regression gate: our extractor on a fixed sample of the four datasets, against a committed baseline.

    .venv/bin/python benchmarks/gate.py            # exit 1 naming every figure that dropped
    .venv/bin/python benchmarks/gate.py --update   # accept the current figures as the new baseline

Runs only ``scraper`` (``extract_page`` routed by the page URL, as a user gets it) in this process,
on the pages listed in ``benchmarks/sample.txt`` (about 150, drawn from all four datasets by a hash of
their ids and committed, so every run scores the same pages), and computes every figure of
``benchmarks/extraction.py`` per corpus (body, snippets, title, authors, dates, article-or-not) plus,
on wcxb-dev, the share of each page type classified right (article or not). A figure that is lower
than the baseline's by more than ``--tolerance`` (0.005, half a point) fails the gate; new figures
and rises are reported, not failed. When the datasets folder (``../shared/datasets`` beside the
project) is absent the gate says so and exits 0, so a clone without it still builds.

Exit codes: 0 no figure dropped (or no datasets), 1 some figure dropped, 2 usage error (a sample page
missing from the datasets, an unreadable baseline).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import extraction  # noqa: E402 - the benchmark next to this file

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets"
SAMPLE = ROOT / "benchmarks" / "sample.txt"
BASELINE = ROOT / "benchmarks" / "baseline.json"
CORPORA = ("readability-test-pages", "htmldate-dev", "wcxb-dev", "trafilatura-eval")
TOLERANCE = 0.005
# Pages drawn per corpus (wcxb: articles, then this many of every other page type).
QUOTAS = {"readability-test-pages": 20, "htmldate-dev": 25, "trafilatura-eval": 45, "wcxb-dev": 30}
WCXB_PER_OTHER_TYPE = 5
FIGURES = ("body_p", "body_r", "body_f1", "with", "without_absent", "snip_f1", "title", "authors", "date_p", "date_r",
           "date_acc", "article_p", "article_r", "article_f1")


def _rank(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def draw_sample(cases: list[extraction.Case]) -> list[str]:
    """The sample: per corpus the pages whose id hashes lowest; on wcxb, articles and each other type."""
    strata: dict[tuple[str, str], list[str]] = defaultdict(list)
    for case in cases:
        kind = "article" if case["page_type"] in (None, "article") else case["page_type"]
        strata[case["corpus"], kind].append(extraction.key_of(case))
    picked = []
    for (corpus, kind), keys in sorted(strata.items()):
        quota = QUOTAS.get(corpus, 20) if kind == "article" else WCXB_PER_OTHER_TYPE
        picked += sorted(keys, key=_rank)[:quota]
    return sorted(picked)


def load_all(datasets: Path) -> list[extraction.Case]:
    return [case for corpus in CORPORA if (datasets / corpus).is_dir() for case in extraction.load_cases(datasets / corpus)[1]]


def figures(cases: list[extraction.Case]) -> dict[str, float]:
    """Every figure of the scraper tool on these cases, flat: ``corpus.figure`` -> value."""
    run = extraction.run_tool("scraper", cases)
    pages = extraction.score_tool(cases, run)
    out: dict[str, float] = {}
    for corpus in sorted({c["corpus"] for c in cases}):
        row = extraction.aggregate([p for p in pages if p["corpus"] == corpus])
        out.update({f"{corpus}.{key}": round(row[key], 4) for key in FIGURES if row.get(key) is not None})
    for page_type in sorted({p["page_type"] for p in pages if "page_type" in p}):
        row = extraction.aggregate([p for p in pages if p.get("page_type") == page_type])
        if row.get("article_correct") is not None:
            out[f"wcxb-dev.{page_type}.classified_right"] = round(row["article_correct"], 4)
    return out


def compare(baseline: dict[str, float], current: dict[str, float], tolerance: float) -> list[str]:
    """The figures that dropped by more than ``tolerance`` (or disappeared), one line each."""
    drops = []
    for key, before in sorted(baseline.items()):
        now = current.get(key)
        if now is None:
            drops.append(f"{key}: {before:.4f} -> missing")
        elif now < before - tolerance:
            drops.append(f"{key}: {before:.4f} -> {now:.4f} ({(now - before) * 100:+.1f} points)")
    return drops


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=Path, default=DATASETS, help="folder holding the four datasets")
    parser.add_argument("--sample", type=Path, default=SAMPLE, help="the committed list of sample pages")
    parser.add_argument("--baseline", type=Path, default=BASELINE, help="the committed baseline figures")
    parser.add_argument("--tolerance", type=float, default=TOLERANCE, help="largest drop accepted (0.005 = half a point)")
    parser.add_argument("--update", action="store_true", help="write the current figures as the new baseline")
    parser.add_argument("--write-sample", action="store_true", help="draw the sample afresh from the datasets and write it")
    args = parser.parse_args(argv)
    if not args.datasets.is_dir():
        print(f"gate: skipped: no datasets folder at {args.datasets}")
        return 0
    logging.disable(logging.CRITICAL)  # per-page extraction logs are not the gate's output
    started = time.perf_counter()
    cases = load_all(args.datasets)
    if args.write_sample:
        keys = draw_sample(cases)
        args.sample.write_text("# benchmarks/gate.py --write-sample: corpus/page, drawn by hash of the id\n"
                               + "\n".join(keys) + "\n", encoding="utf-8")
        print(f"gate: wrote {len(keys)} pages to {args.sample}")
    try:
        wanted = [line.strip() for line in args.sample.read_text(encoding="utf-8").splitlines()
                  if line.strip() and not line.startswith("#")]
    except OSError as exc:
        print(f"gate: cannot read the sample {args.sample}: {exc.strerror}; draw one with --write-sample", file=sys.stderr)
        return 2
    by_key = {extraction.key_of(c): c for c in cases}
    missing = [key for key in wanted if key not in by_key]
    if missing:
        print(f"gate: {len(missing)} sample pages are not in {args.datasets} (first: {missing[0]}); "
              "redraw with --write-sample --update", file=sys.stderr)
        return 2
    current = figures([by_key[key] for key in wanted])
    elapsed = time.perf_counter() - started
    if args.update:
        args.baseline.write_text(json.dumps({"pages": len(wanted), "figures": current}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"gate: baseline of {len(current)} figures over {len(wanted)} pages written to {args.baseline} ({elapsed:.0f} s)")
        return 0
    try:
        baseline = json.loads(args.baseline.read_text(encoding="utf-8"))["figures"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"gate: cannot read the baseline {args.baseline} ({type(exc).__name__}); write one with --update", file=sys.stderr)
        return 2
    drops = compare(baseline, current, args.tolerance)
    rises = [f"{k}: {baseline[k]:.4f} -> {v:.4f}" for k, v in sorted(current.items()) if k in baseline and v > baseline[k] + args.tolerance]
    new = [k for k in current if k not in baseline]
    for line in rises:
        print(f"gate: up {line}")
    if new:
        print(f"gate: {len(new)} figures not in the baseline yet: {', '.join(sorted(new))}")
    if drops:
        for line in drops:
            print(f"gate: DROPPED {line}")
        print(f"gate: FAILED: {len(drops)} of {len(baseline)} figures dropped by more than {args.tolerance:g} "
              f"over {len(wanted)} pages ({elapsed:.0f} s); if intended, run benchmarks/gate.py --update")
        return 1
    print(f"gate: ok: {len(baseline)} figures over {len(wanted)} pages, none dropped by more than {args.tolerance:g} ({elapsed:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
