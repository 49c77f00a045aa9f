"""Fit the class/id vocabulary of content scoring (``scraper.extract.vocabulary.TOKEN_WEIGHTS``).

    .venv/bin/python benchmarks/fit_vocabulary.py \\
        --wcxb ../shared/datasets/wcxb-dev --readability ../shared/datasets/readability-test-pages \\
        --check ../shared/datasets/trafilatura-eval [--folds 5] [--write weights.py]

How the table is made
---------------------
1. **Blocks.** Every page is parsed with selectolax and walked once. Text is gathered into the nearest
   block-level element (paragraph, list item, heading, cell, div...), so a block is a run of text with
   one chain of elements above it. Scripts, styles and other non-text tags are left out.
2. **Labels.** A block of three words or more is *main* when at least 60% of its word trigrams occur in
   the page's reference text, *other* when at most 20% do; blocks in between are left unlabelled. The
   references: wcxb-dev ``main_content`` (all page types by default, ``--page-types`` to choose; fits
   on the articles alone, or without the forum pages, scored lower end-to-end on both wcxb-dev and
   readability-test-pages), and the plain text of readability-test-pages ``expected.html`` for the
   pages marked readerable.
3. **Tokens.** The class and id of every element of the chain are split into lower-case words at
   camelCase humps and at anything that is not a letter (``relatedPosts-2`` -> ``related``, ``posts``);
   words under two letters are dropped. This is also how :func:`scraper.extract.vocabulary.tokens` splits them
   at run time.
4. **Weights.** Every page weighs 1: a block counts for its share of the page's labelled characters.
   Summed over pages, a token gets ``main`` (the shares of main blocks below elements that carry it)
   and ``other``; its weight is the smoothed log-odds against all text,
   ``ln((main + 0.1) / (other + 0.1)) - ln(all main / all other)``, kept only for tokens seen on at
   least ``--min-domains`` hosts, holding a vowel (no CSS-in-JS hashes) and weighing at least 0.5
   either way. (One vote per page and token was tried first: tokens that sit on many small chrome
   elements of a page but also wrap the story of some pages, like ``right`` or ``group``, came out
   strongly negative and the drop rule lost half the main text.)
5. **Check.** ``--folds`` fits on all hosts but one group and scores the held-out hosts; ``--check``
   scores trafilatura-eval, whose ``with``/``without`` snippets label the blocks that contain them. The
   figure is the drop rule content scoring applies (an element whose own tokens weigh ``NOISE_BELOW``
   or less is dropped with everything below it): the share of dropped characters that were not main text
   (precision) and the share of non-main characters dropped (recall), characters counted per block.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scraper.fetch.encoding import decode_html
from scraper.extract.vocabulary import NOISE_BELOW, tokens

SKIP = frozenset(("script", "style", "noscript", "template", "svg", "head", "iframe", "object", "math"))
BLOCKS = frozenset((
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "table", "tr", "td", "th", "section", "article", "header", "footer", "aside", "nav", "figure", "figcaption",
    "address", "main", "details", "summary", "form", "body",
))
_WORD = re.compile(r"\w+")
MAIN_AT, OTHER_AT = 0.6, 0.2
# Added to both sides of a token's odds, in pages: a token seen on a few pages stays near 0.
SMOOTHING = 0.1
# Weaker tokens are left out of the table: they move no decision.
MIN_WEIGHT = 0.5
_VOWEL = re.compile("[aeiouy]")


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def trigrams(ws: list[str]) -> set[tuple[str, ...]]:
    return {tuple(ws[i:i + 3]) for i in range(len(ws) - 2)}


Chain = tuple[frozenset[str], ...]  # own tokens of each element above a block, outermost first


def blocks(html: str) -> Iterator[tuple[str, Chain]]:
    """(text, chain) for every block of a page."""
    tree = LexborHTMLParser(html)
    body = tree.body
    if body is None:
        return
    out: list[tuple[str, Chain]] = []

    def walk(node: LexborNode, chain: Chain, buffer: list[str], depth: int) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                buffer.append(child.text_content or "")
                continue
            if not tag or tag in SKIP or tag[0] == "-":
                continue
            attrs_ = child.attributes
            own = frozenset(tokens(attrs_.get("class"), attrs_.get("id"))) if attrs_ else frozenset()
            sub = chain + (own,)
            if depth > 200:
                buffer.append(child.text(deep=True))
            elif tag in BLOCKS:
                inner: list[str] = []
                walk(child, sub, inner, depth + 1)
                out.append(("".join(inner), sub))
                buffer.append(" ")
            else:
                walk(child, sub, buffer, depth + 1)  # inline: its text is the enclosing block's

    top: list[str] = []
    walk(body, (), top, 0)
    out.append(("".join(top), ()))
    yield from out


def labelled(html: str, reference: str) -> list[tuple[bool, int, Chain]]:
    """(is main, characters, chain) for the labelled blocks of a page."""
    ref = trigrams(words(reference))
    rows = []
    for text, chain in blocks(html):
        ws = words(text)
        if len(ws) < 3:
            continue
        grams = trigrams(ws)
        share = sum(g in ref for g in grams) / len(grams)
        if share >= MAIN_AT or share <= OTHER_AT:
            rows.append((share >= MAIN_AT, len(" ".join(ws)), chain))
    return rows


def snippet_labelled(html: str, with_: list[str], without: list[str]) -> list[tuple[bool, int, Chain]]:
    """Blocks labelled by trafilatura-eval snippets: main if they hold a ``with`` one, other if a ``without`` one."""
    want = [" ".join(words(s)) for s in with_ if len(words(s)) >= 2]
    avoid = [" ".join(words(s)) for s in without if len(words(s)) >= 2]
    rows = []
    for text, chain in blocks(html):
        folded = " ".join(words(text))
        if not folded:
            continue
        if any(s in folded for s in want):
            rows.append((True, len(folded), chain))
        elif any(s in folded for s in avoid):
            rows.append((False, len(folded), chain))
    return rows


def read(path: Path) -> str:
    raw = path.read_bytes()
    return decode_html(gzip.decompress(raw) if path.suffix == ".gz" else raw, None)


def html_text(markup: str) -> str:
    tree = LexborHTMLParser(markup)
    root = tree.body or tree.root
    for node in tree.css("p, div, li, h1, h2, h3, h4, h5, h6, tr, br, pre, blockquote, figcaption, dd, dt"):
        node.insert_after("\n")
    return root.text(deep=True) if root is not None else ""


Page = tuple[str, list[tuple[bool, int, Chain]]]  # host, labelled blocks


def load_fit(wcxb: Path | None, readability: Path | None, page_types: frozenset[str] = frozenset(("all",))) -> list[Page]:
    pages: list[Page] = []
    if wcxb is not None:
        lines = gzip.decompress((wcxb / "ground-truth.jsonl.gz").read_bytes()).decode("utf-8").split("\n")
        for line in filter(None, lines):  # not splitlines(): U+2028 inside a JSON string is no line end
            truth = json.loads(line)
            if truth.get("main_content") and (truth["page_type"] in page_types or "all" in page_types):
                host = urlsplit(truth["url"]).hostname or truth["id"]
                pages.append((host.removeprefix("www."), labelled(read(wcxb / "html" / f"{truth['id']}.html.gz"), truth["main_content"])))
    if readability is not None:
        for folder in sorted(p for p in readability.iterdir() if (p / "source.html").exists()):
            meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
            if meta.get("readerable"):
                reference = html_text((folder / "expected.html").read_text(encoding="utf-8"))
                pages.append((f"readability/{folder.name}", labelled(read(folder / "source.html"), reference)))
    return pages


def load_check(root: Path) -> list[Page]:
    pages = []
    for url, item in json.loads((root / "evaldata.json").read_text(encoding="utf-8")).items():
        host = (urlsplit(url).hostname or item["file"]).removeprefix("www.")
        rows = snippet_labelled(read(root / "pages" / item["file"]), item.get("with") or [], item.get("without") or [])
        pages.append((host, rows))
    return pages


def fit(pages: list[Page], min_domains: int) -> dict[str, float]:
    main: dict[str, float] = defaultdict(float)
    other: dict[str, float] = defaultdict(float)
    hosts: dict[str, set[str]] = defaultdict(set)
    main_total = other_total = 0.0
    for host, rows in pages:
        total = sum(chars for _, chars, _ in rows)
        if not total:
            continue
        for is_main, chars, chain in rows:
            share = chars / total  # a page weighs 1 in all, however long it is
            if is_main:
                main_total += share
            else:
                other_total += share
            for token in frozenset().union(*chain):
                if is_main:
                    main[token] += share
                else:
                    other[token] += share
                hosts[token].add(host)
    offset = math.log(main_total / other_total)
    weights = {}
    for token, seen_on in hosts.items():
        if len(seen_on) < min_domains or not _VOWEL.search(token):
            continue  # rare, or a hash of a CSS-in-JS build ("zvb", "dwk"), not a word
        weight = math.log((main[token] + SMOOTHING) / (other[token] + SMOOTHING)) - offset
        if abs(weight) >= MIN_WEIGHT:
            weights[token] = round(weight, 2)
    return dict(sorted(weights.items()))


def own_weight(own: frozenset[str], weights: dict[str, float]) -> float:
    from scraper.extract.vocabulary import combine

    return combine([weights[t] for t in own if t in weights])


def drop_scores(pages: list[Page], weights: dict[str, float] | None) -> dict[str, float]:
    """Precision/recall of dropping non-main text by the noise rule (weights None: no rule)."""
    dropped_other = dropped_main = other_total = 0
    for _, rows in pages:
        for is_main, chars, chain in rows:
            other_total += chars * (not is_main)
            if weights is not None and any(own_weight(own, weights) <= NOISE_BELOW for own in chain):
                if is_main:
                    dropped_main += chars
                else:
                    dropped_other += chars
    dropped = dropped_main + dropped_other
    return {
        "drop_precision": round(dropped_other / dropped, 3) if dropped else 0.0,
        "drop_recall": round(dropped_other / other_total, 3) if other_total else 0.0,
        "main_chars_lost": round(dropped_main / max(1, sum(c for _, rows in pages for m, c, _ in rows if m)), 4),
    }


def folds(pages: list[Page], k: int, min_domains: int) -> dict[str, float]:
    """Fit on k-1 groups of hosts, score the held-out group; figures summed over the k folds."""
    held: list[Page] = []
    scored: list[tuple[Page, dict[str, float]]] = []
    for fold in range(k):
        train = [p for p in pages if _group(p[0], k) != fold]
        weights = fit(train, min_domains)
        for page in pages:
            if _group(page[0], k) == fold:
                held.append(page)
                scored.append((page, weights))
    # Score each held-out page with the weights fitted without its hosts.
    totals = {"other": 0, "dropped_other": 0, "dropped_main": 0, "main": 0}
    for (_, rows), weights in scored:
        for is_main, chars, chain in rows:
            totals["main" if is_main else "other"] += chars
            if any(own_weight(own, weights) <= NOISE_BELOW for own in chain):
                totals["dropped_main" if is_main else "dropped_other"] += chars
    dropped = totals["dropped_main"] + totals["dropped_other"]
    return {
        "drop_precision": round(totals["dropped_other"] / dropped, 3) if dropped else 0.0,
        "drop_recall": round(totals["dropped_other"] / totals["other"], 3),
        "main_chars_lost": round(totals["dropped_main"] / totals["main"], 4),
    }


def _group(host: str, k: int) -> int:
    return sum(host.encode()) % k  # deterministic, every page of a host in one group


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wcxb", type=Path, help="wcxb-dev folder (ground-truth.jsonl.gz, html/)")
    parser.add_argument("--readability", type=Path, help="readability-test-pages folder")
    parser.add_argument("--check", type=Path, help="trafilatura-eval folder (evaldata.json, pages/)")
    parser.add_argument("--folds", type=int, default=5, help="host-grouped cross-validation folds (0: none)")
    parser.add_argument("--min-domains", type=int, default=5, help="hosts a token must be seen on")
    parser.add_argument("--page-types", default="all", help="wcxb-dev page types to fit on (comma-separated, or all)")
    parser.add_argument("--write", type=Path, help="write the table as Python to this file")
    args = parser.parse_args(argv)
    pages = load_fit(args.wcxb, args.readability, frozenset(args.page_types.split(",")))
    weights = fit(pages, args.min_domains)
    report: dict[str, object] = {"pages": len(pages), "tokens": len(weights), "fit": drop_scores(pages, weights)}
    if args.folds:
        report["cross_validated"] = folds(pages, args.folds, args.min_domains)
    if args.check:
        report["trafilatura_eval"] = drop_scores(load_check(args.check), weights)
    print(json.dumps(report, indent=1))
    if args.write:
        lines = [f"    {token!r}: {weight},\n" for token, weight in weights.items()]
        args.write.write_text("TOKEN_WEIGHTS = {\n" + "".join(lines) + "}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
