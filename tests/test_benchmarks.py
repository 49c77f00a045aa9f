"""The benchmark scripts run on each dataset layout they promise (tiny datasets made here)."""

import gzip
import json
import subprocess
import sys

import pytest

from conftest import ROOT

STORY = " ".join(f"Sentence number {n} of the harbour story tells what the council decided." for n in range(12))
PAGE = (
    "<html lang=en><head><title>Harbour wall repairs begin | Harbor Times</title>"
    '<meta property="article:published_time" content="2023-05-04T09:15:00+01:00"></head>'
    "<body><nav><a href=/>Home</a></nav><article><h1>Harbour wall repairs begin</h1>"
    f"<p>{STORY}</p><p>{STORY}</p></article><footer>© Harbor Times</footer></body></html>"
)


def run_extraction(dataset, *tools):
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "extraction.py"), "--dataset", str(dataset), "--tools", ",".join(tools)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = {line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]]
            for line in result.stdout.splitlines() if line.startswith("| ") and not line.startswith("| tool")}
    return result.stdout, rows


def test_readability_layout(tmp_path):
    case = tmp_path / "harbour"
    case.mkdir()
    (case / "source.html").write_text(PAGE)
    (case / "expected.html").write_text(f"<div><p>{STORY}</p><p>{STORY}</p></div>")
    (case / "expected-metadata.json").write_text(json.dumps(
        {"title": "Harbour wall repairs begin", "byline": None, "publishedTime": "2023-05-04", "readerable": True}))
    out, rows = run_extraction(tmp_path, "scraper", "selectolax-parse")
    assert "readability" in out
    body_p, body_r, body_f1, title = rows["scraper"][:4]
    assert float(body_f1) > 0.95 and float(title) == 1.0
    assert "selectolax-parse" in rows


def test_article_extraction_benchmark_layout(tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "0001.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    (tmp_path / "ground-truth.json").write_text(json.dumps({"0001": {"articleBody": f"{STORY}\n{STORY}", "url": "https://harbortimes.example/a"}}))
    out, rows = run_extraction(tmp_path, "scraper")
    assert "article-extraction-benchmark" in out
    assert float(rows["scraper"][2]) > 0.95


def test_date_annotated_layout(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "harbour.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    (tmp_path / "truth.json").write_text(json.dumps({"harbour.html": {"url": "https://harbortimes.example/a", "date": "2023-05-04"}}))
    out, rows = run_extraction(tmp_path, "scraper")
    assert "date-annotated" in out
    header = next(line for line in out.splitlines() if line.startswith("| tool"))
    columns = [c.strip() for c in header.split("|")[2:-1]]
    assert rows["scraper"][columns.index("date acc")] == "1.000"


def test_crawl_benchmark_runs_both_crawlers_on_a_tiny_site():
    pytest.importorskip("scrapy", reason="the bench extra is not installed")
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "crawl.py"), "--sizes", "20", "--latency", "0"],
                            capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "scraper crawl" in result.stdout and "Scrapy" in result.stdout
