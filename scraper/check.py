"""Check extracted records against the user's reference text renderings, both ways.

A sample is a plain text rendering of one page (``NAME.txt``). Beside it, ``NAME.chrome.txt`` may
list lines of the rendering that are page chrome, not content ("Skip to main content", related
teasers); ``#`` starts a comment line there. For each sample, the article whose title occurs in it
is checked:

- precision: every string extracted from the page (title, description, author names and bios,
  image alt, caption and credit, body blocks, comment quotes and texts) occurs in the sample, and
  the body blocks, then the comments, occur in page order;
- recall: every sample line that is not chrome is covered: each of its letters and digits lies
  inside an occurrence of some extracted string (related-article titles count here too).

Both sides are compared after the same normalization: Unicode NFC and whitespace runs collapsed.
Nothing else is folded: quotes, case and punctuation must match as printed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs

from scraper.errors import InputError
from scraper.export.jsonl import FILES, iter_lines
from scraper.normalize import clean_text

BULLETS = ("• ", "* ", "- ", "· ")
SNIPPET = 70


def _norm(text: str | None) -> str:
    return clean_text(unicodedata.normalize("NFC", text or "")) or ""


def _snippet(text: str) -> str:
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"


@attrs.frozen
class Probe:
    """One extracted string to look for: where it came from, and whether page order applies."""

    field: str
    text: str
    stream: str | None = None  # "body" or "comments": checked in order within the stream


@attrs.define
class SampleResult:
    sample: str
    article: str | None = None
    probes: int = 0
    lines: int = 0
    chrome: int = 0
    misses: list[str] = attrs.Factory(list)

    @property
    def ok(self) -> bool:
        return self.article is not None and not self.misses


@attrs.define
class CheckReport:
    results: list[SampleResult] = attrs.Factory(list)

    @property
    def ok(self) -> bool:
        return bool(self.results) and all(r.ok for r in self.results)

    def render(self) -> str:
        out = []
        for r in self.results:
            verdict = "ok" if r.ok else f"{len(r.misses)} misses"
            out.append(
                f"{r.sample}: {verdict} (article {r.article or 'not found'}; {r.probes} extracted strings, "
                f"{r.lines} sample lines, {r.chrome} declared chrome)"
            )
            out.extend(f"  - {m}" for m in r.misses)
        passed = sum(r.ok for r in self.results)
        out.append(f"check: {passed}/{len(self.results)} samples pass")
        return "\n".join(out)


def probes_of(article: dict[str, Any], comments: Iterable[dict[str, Any]]) -> Iterator[Probe]:
    """The strings of an article record and its comments that must occur in the sample."""
    yield Probe("title", article.get("title") or "")
    if article.get("description"):
        yield Probe("description", article["description"])
    for i, author in enumerate(article.get("authors") or []):
        yield Probe(f"authors[{i}].name", author.get("name") or "")
        if author.get("bio"):
            yield Probe(f"authors[{i}].bio", author["bio"])
    images = ([("lead_image", article["lead_image"])] if article.get("lead_image") else []) + [
        (f"images[{i}]", image) for i, image in enumerate(article.get("images") or [])
    ]
    for name, image in images:
        for key in ("alt", "caption", "credit"):
            if image.get(key):
                yield Probe(f"{name}.{key}", image[key])
    for i, block in enumerate(article.get("body") or []):
        if block.get("text"):
            yield Probe(f"body[{i}] ({block.get('type')})", block["text"], "body")
    for comment in comments:
        for key in ("quote", "text"):
            if comment.get(key):
                yield Probe(f"comment[{comment.get('position')}].{key}", comment[key], "comments")


class Sample:
    """A sample rendering, flattened to one string with a map back to its lines."""

    def __init__(self, path: Path) -> None:
        self.path = path
        chrome_path = path.with_name(path.name.removesuffix(".txt") + ".chrome.txt")
        self.chrome = set()
        if chrome_path.exists():
            self.chrome = {
                _norm(line) for line in chrome_path.read_text("utf-8").splitlines() if _norm(line) and not line.startswith("#")
            }
        self.lines = [_norm(line) for line in path.read_text("utf-8").splitlines()]
        self.lines = [line for line in self.lines if line]
        self.spans: list[tuple[int, int]] = []
        parts, pos = [], 0
        for line in self.lines:
            parts.append(line)
            self.spans.append((pos, pos + len(line)))
            pos += len(line) + 1
        self.flat = " ".join(parts)
        self.covered = bytearray(len(self.flat))

    def cover(self, needle: str) -> list[int]:
        """Mark every occurrence of ``needle`` covered; return where they start."""
        starts, at = [], self.flat.find(needle)
        while at >= 0 and needle:
            starts.append(at)
            self.covered[at : at + len(needle)] = b"\x01" * len(needle)
            at = self.flat.find(needle, at + 1)
        return starts

    def uncovered_lines(self) -> Iterator[tuple[int, str]]:
        for number, (line, (start, end)) in enumerate(zip(self.lines, self.spans), 1):
            if line in self.chrome:
                continue
            if any(ch.isalnum() and not self.covered[start + i] for i, ch in enumerate(line)):
                yield number, line


def check_article(sample: Sample, article: dict[str, Any], comments: list[dict[str, Any]]) -> SampleResult:
    result = SampleResult(sample=sample.path.name, article=article.get("id"))
    cursors: dict[str, int] = {}
    for probe in probes_of(article, comments):
        result.probes += 1
        text = _norm(probe.text)
        starts = sample.cover(text)
        if not starts:
            result.misses.append(f"extracted but not in sample: {probe.field}: {_snippet(text)!r}")
            continue
        if probe.stream:
            cursor = cursors.get(probe.stream, 0)
            later = [s for s in starts if s >= cursor]
            if not later:
                result.misses.append(f"out of page order: {probe.field}: {_snippet(text)!r}")
                continue
            cursors[probe.stream] = later[0] + len(text)
    for link in article.get("related") or []:
        if link.get("title"):
            sample.cover(_norm(link["title"]))
    result.lines = len(sample.lines)
    result.chrome = sum(line in sample.chrome for line in sample.lines)
    for number, line in sample.uncovered_lines():
        result.misses.append(f"sample line {number} not covered by any field: {_snippet(line)!r}")
    return result


def check_samples(directory: Path, samples: Path) -> CheckReport:
    """Check each ``*.txt`` sample in ``samples`` against the records in ``directory``."""
    articles = list(iter_lines(directory / FILES["article"]))
    if not articles:
        raise InputError(f"{directory}: no articles.jsonl records to check")
    sample_paths = sorted(p for p in samples.glob("*.txt") if not p.name.endswith(".chrome.txt"))
    if not sample_paths:
        raise InputError(f"{samples}: no *.txt samples")
    comments: dict[str, list[dict[str, Any]]] = {}
    for comment in iter_lines(directory / FILES["comment"]):
        comments.setdefault(comment.get("article_id"), []).append(comment)
    report = CheckReport()
    for path in sample_paths:
        sample = Sample(path)
        matches = [a for a in articles if a.get("title") and _norm(a["title"]) in sample.flat]
        if not matches:
            report.results.append(SampleResult(sample=path.name, misses=["no article's title occurs in this sample"]))
            continue
        article = matches[-1]  # the latest line for that page
        thread = _latest_comments(comments.get(article.get("id"), []))
        report.results.append(check_article(sample, article, thread))
    return report


def _latest_comments(comments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One record per comment id (the last written), in page position order."""
    latest = {c.get("id"): c for c in comments}
    return sorted(latest.values(), key=lambda c: c.get("position") or 0)
