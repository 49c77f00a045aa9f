"""The benchmark scripts run on each dataset layout they promise (tiny datasets made here)."""

import gzip
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT

STORY = " ".join(f"Sentence number {n} of the harbour story tells what the council decided." for n in range(12))
PAGE = (
    "<html lang=en><head><title>Harbour wall repairs begin | Harbor Times</title>"
    '<meta property="article:published_time" content="2023-05-04T09:15:00+01:00"></head>'
    "<body><nav><a href=/>Home</a></nav><article><h1>Harbour wall repairs begin</h1>"
    f"<p>{STORY}</p><p>{STORY}</p></article><footer>© Harbor Times</footer></body></html>"
)


EXTRACTION = ROOT / "benchmarks" / "extraction.py"
GATE = ROOT / "benchmarks" / "gate.py"
INDEX = ("<html lang=en><head><title>Harbor Times: all stories</title></head><body><nav><a href=/>Home</a></nav>"
         + "".join(f"<h3><a href=/s{n}>Story {n}</a></h3>" for n in range(30)) + "</body></html>")


def run_extraction(*datasets, tools=("scraper",), extra=()):
    result = subprocess.run(
        [sys.executable, str(EXTRACTION), *map(str, datasets), "--tools", ",".join(tools), *extra],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    header = next(line for line in result.stdout.splitlines() if line.startswith("| corpus | tool"))
    columns = [c.strip() for c in header.split("|")[3:-1]]
    rows = {}
    for line in result.stdout.splitlines():
        cells = [c.strip() for c in line.split("|")[1:-1]]
        if line.startswith("| ") and len(cells) == len(columns) + 2 and cells[0] != "corpus":
            rows[cells[0], cells[1]] = dict(zip(columns, cells[2:]))
    return result.stdout, rows


def readability_set(root):
    case = root / "readability-test-pages" / "harbour"
    case.mkdir(parents=True)
    (case / "source.html").write_text(PAGE)
    (case / "expected.html").write_text(f"<div><p>{STORY}</p><p>{STORY}</p></div>")
    (case / "expected-metadata.json").write_text(json.dumps(
        {"title": "Harbour wall repairs begin", "byline": None, "publishedTime": "2023-05-04", "readerable": True}))
    return case.parent


def date_set(root):
    folder = root / "htmldate-dev"
    (folder / "pages").mkdir(parents=True)
    (folder / "pages" / "harbour.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    (folder / "truth.json").write_text(json.dumps({"harbour.html": {"url": "https://harbortimes.example/a", "date": "2023-05-04"}}))
    return folder


def wcxb_set(root):
    folder = root / "wcxb-dev"
    (folder / "html").mkdir(parents=True)
    (folder / "html" / "0001.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    (folder / "html" / "0002.html.gz").write_bytes(gzip.compress(INDEX.encode()))
    rows = [
        {"id": "0001", "url": "https://harbortimes.example/a", "page_type": "article", "title": "Harbour wall repairs begin",
         "author": None, "publish_date": "2023-05-04", "main_content": f"{STORY}\n\n{STORY}",
         "with": ["Sentence number 3 of the harbour story"], "without": ["© Harbor Times", "Home"]},
        {"id": "0002", "url": "https://harbortimes.example/", "page_type": "listing", "title": "Harbor Times",
         "author": None, "publish_date": None, "main_content": "Story 1", "with": [], "without": []},
    ]
    with gzip.open(folder / "ground-truth.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(row) + "\n" for row in rows)
    return folder


def trafilatura_set(root):
    folder = root / "trafilatura-eval"
    (folder / "pages").mkdir(parents=True)
    (folder / "pages" / "harbour.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    german = PAGE.replace("<html lang=en>", "<html lang=de-DE>")
    (folder / "pages" / "hafen.html.gz").write_bytes(gzip.compress(german.encode()))
    item = {"with": ["council decided. Sentence number 11"], "without": ["© Harbor Times"], "title": "Harbour wall repairs begin",
            "author": "Jane Doe; John Roe", "date": "2023-05-04"}
    (folder / "evaldata.json").write_text(json.dumps({
        "https://harbortimes.example/a": {"file": "harbour.html.gz", **item},
        "https://hafenzeitung.example/a": {"file": "hafen.html.gz", **item},
    }))
    return folder


def test_readability_layout(tmp_path):
    out, rows = run_extraction(readability_set(tmp_path), tools=("scraper", "selectolax-parse"))
    assert "(readability)" in out and "4-token shingles" in out
    scraper = rows["readability-test-pages", "scraper"]
    assert float(scraper["body F1"]) > 0.95 and float(scraper["title"]) == 1.0
    assert ("readability-test-pages", "selectolax-parse") in rows


def test_article_extraction_benchmark_layout(tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "0001.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    (tmp_path / "ground-truth.json").write_text(json.dumps({"0001": {"articleBody": f"{STORY}\n{STORY}", "url": "https://harbortimes.example/a"}}))
    out, rows = run_extraction(tmp_path)
    assert "article-extraction-benchmark" in out
    assert float(rows[tmp_path.name, "scraper"]["body F1"]) > 0.95


def test_date_annotated_layout(tmp_path):
    out, rows = run_extraction(date_set(tmp_path))
    assert "date-annotated" in out
    assert rows["htmldate-dev", "scraper"]["date acc"] == "1.000"
    assert rows["htmldate-dev", "scraper"]["body F1"] == "–"


def test_wcxb_layout_scores_articles_and_tells_a_listing_from_an_article(tmp_path):
    out, rows = run_extraction(wcxb_set(tmp_path), tools=("scraper", "scraper-generic"), extra=("--dump", str(tmp_path / "dump")))
    assert "(wcxb)" in out and "word-level (wcxb-dev)" in out
    scraper = rows["wcxb-dev", "scraper"]
    assert float(scraper["body F1"]) > 0.95
    assert scraper["with"] == "1.000" and scraper["w/o absent"] == "1.000"
    assert scraper["title"] == "1.000" and scraper["date acc"] == "1.000"
    assert scraper["art R"] == "1.000"
    assert "| listing | 1 |" in out  # the per-page-type table
    dumped = [json.loads(line) for line in (tmp_path / "dump" / "scraper.jsonl").read_text().splitlines()]
    assert [(p["page"], p["page_type"], p["article_true"]) for p in dumped] == [("0001", "article", True), ("0002", "listing", False)]


def test_the_any_page_row_scores_what_scrape_any_page_writes_without_an_article_decision(tmp_path):
    out, rows = run_extraction(wcxb_set(tmp_path), tools=("scraper", "scraper-any-page"), extra=("--dump", str(tmp_path / "dump")))
    default, any_page = rows["wcxb-dev", "scraper"], rows["wcxb-dev", "scraper-any-page"]
    assert any_page["body F1"] == default["body F1"]  # the article page reads the same
    assert any_page["art F1"] == "–" and default["art F1"] != "–"  # its decision is the default's, not scored twice
    dumped = [json.loads(line) for line in (tmp_path / "dump" / "scraper-any-page.jsonl").read_text().splitlines()]
    assert {p["page"] for p in dumped} == {"0001", "0002"}


def test_trafilatura_layout_scores_snippets_authors_and_languages(tmp_path):
    out, rows = run_extraction(trafilatura_set(tmp_path))
    scraper = rows["trafilatura-eval", "scraper"]
    assert scraper["with"] == "1.000" and scraper["w/o absent"] == "1.000"
    assert scraper["authors"] == "0.000"  # the page names no author; the reference names two
    assert "Per language" in out
    languages = {line.split("|")[1].strip() for line in out.split("Per language")[1].splitlines() if line.startswith("| ")}
    assert {"other"} <= languages  # one page each of en and de: fewer than 10, grouped


def test_every_corpus_in_one_table(tmp_path):
    sets = [readability_set(tmp_path), date_set(tmp_path), wcxb_set(tmp_path), trafilatura_set(tmp_path)]
    out, rows = run_extraction(*sets, tools=("scraper", "scraper-generic"))
    assert {corpus for corpus, _ in rows} == {"readability-test-pages", "htmldate-dev", "wcxb-dev", "trafilatura-eval"}
    assert out.count("| corpus | tool") == 1


@pytest.mark.parametrize(("reference", "predicted", "right"), [
    (["Danielle DeSiato, Donna Enzmann, and Natalie Nguyen"], ["Danielle DeSiato", "Donna Enzmann", "Natalie Nguyen"], True),
    (["By Jane Doe"], ["jane  doe"], True),
    (["José Núñez & Ana Ruiz"], ["Ana Ruiz", "Jose Nunez"], True),
    (["Jane Doe; John Roe"], ["Jane Doe"], False),
    (["Jane Doe"], [], False),
])
def test_authors_are_compared_as_sets_of_folded_names(reference, predicted, right):
    extraction = _benchmark_module()
    assert extraction.authors_correct(predicted, reference) is right


@pytest.mark.parametrize(("predicted", "right"), [
    ("Harbour wall repairs begin", True),
    ("HARBOUR  wall repairs begin", True),
    ("Harbour wall repairs begin | Harbor Times", False),  # strict: keeping the site name is wrong
    (None, False),
])
def test_titles_are_strict_after_folding(predicted, right):
    assert _benchmark_module().title_correct(predicted, "Harbour wall repairs begin") is right


def test_soft_hyphens_and_zero_width_spaces_are_no_letters_for_any_tool():
    extraction = _benchmark_module()
    assert extraction.title_correct("Genesenennachweise", "Genesenen\u00ad\u00adnachweise")
    assert extraction.tokens("Deutsch\u00adland steht\u200bfest") == ["deutschland", "stehtfest"]


def _benchmark_module():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import extraction

    return extraction


def run_gate(*args):
    return subprocess.run([sys.executable, str(GATE), *map(str, args)], capture_output=True, text=True, timeout=300, cwd=ROOT)


def test_gate_passes_on_its_own_baseline_and_fails_naming_a_figure_that_dropped(tmp_path):
    datasets = tmp_path / "datasets"
    for make in (readability_set, date_set, wcxb_set, trafilatura_set):
        make(datasets)
    sample, baseline = tmp_path / "sample.txt", tmp_path / "baseline.json"
    args = ("--datasets", datasets, "--sample", sample, "--baseline", baseline)
    written = run_gate(*args, "--write-sample", "--update")
    assert written.returncode == 0, written.stderr
    assert "wcxb-dev/0002" in sample.read_text()  # the non-article page is in the sample
    assert run_gate(*args).returncode == 0

    figures = json.loads(baseline.read_text())
    figures["figures"]["wcxb-dev.body_f1"] += 0.1  # a baseline better than today: today's figure "dropped"
    figures["figures"]["htmldate-dev.date_acc"] += 0.004  # within half a point: no failure
    baseline.write_text(json.dumps(figures))
    failed = run_gate(*args)
    assert failed.returncode == 1
    assert "DROPPED wcxb-dev.body_f1" in failed.stdout
    assert "htmldate-dev.date_acc" not in failed.stdout


def test_gate_skips_without_datasets(tmp_path):
    result = run_gate("--datasets", tmp_path / "nowhere")
    assert result.returncode == 0 and "skipped" in result.stdout


def test_crawl_benchmark_runs_both_crawlers_on_a_tiny_site():
    pytest.importorskip("scrapy", reason="the bench extra is not installed")
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "crawl.py"), "--sizes", "20", "--latency", "0"],
                            capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "scraper crawl" in result.stdout and "Scrapy" in result.stdout


def test_measured_commands_run_from_compiled_bytecode(tmp_path):
    # An environment that writes no bytecode (PYTHONDONTWRITEBYTECODE) must not make every measured
    # process compile the project again: the benchmark compiles it first, as an install does.
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from proctree import compile_sources
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    package = tmp_path / "scraper"
    package.mkdir()
    (package / "module.py").write_text("VALUE = 1\n")
    compile_sources({"PYTHONPATH": str(tmp_path)})
    assert list((package / "__pycache__").glob("module.*.pyc"))


def test_process_speed_takes_each_commands_least_cpu_over_rounds_run_in_turn(tmp_path, monkeypatch):
    # One run of each command on a shared machine can be 10-20 % slow: the rounds alternate the two
    # commands, and each one's least CPU time is reported (and the ratio of those).
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import extraction
        import proctree
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    cpus = {"scraper": iter([3.0, 2.0, 2.5]), "scraper-1": iter([2.6, 2.4, 2.8]), "trafilatura": iter([9.0, 7.0, 8.0])}
    order = []

    def fake_measure(cmd):
        tool = "trafilatura" if Path(cmd[0]).name == "trafilatura" else "scraper-1" if "--workers" in cmd else "scraper"
        order.append(tool)
        return SimpleNamespace(cpu=next(cpus[tool]), wall=1.0)

    monkeypatch.setattr(proctree, "measure", fake_measure)
    monkeypatch.setattr(extraction.Path, "exists", lambda self: True)  # both commands count as installed
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    cases = [{"corpus": "c", "name": "p", "path": str(page)}]
    text = extraction.process_speed(cases, 1, rounds=3)
    assert order == ["scraper", "scraper-1", "trafilatura"] * 3
    assert "| scraper scrape DIR -o OUT | 1 | 2.0 |" in text
    assert "| scraper scrape DIR -o OUT --workers 1 | 1 | 2.4 |" in text
    assert "| trafilatura --input-dir DIR -o OUT --parallel 1 | 1 | 7.0 |" in text
    assert "`scraper scrape DIR -o OUT`: 3.50x, least CPU time of 3 runs each" in text
    assert "`scraper scrape DIR -o OUT --workers 1`: 2.92x" in text
