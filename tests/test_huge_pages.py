"""Peak memory stays under 200 MB for any page within --max-bytes (10 MiB by default).

Each case writes a page of one pathological shape near 10 MiB and scrapes it in a child process,
which reports its own peak resident size (VmHWM). Real pages of the development sets have at
most ~22,000 tags; what lies past ``extract.MAX_TAGS`` is not parsed, and one block keeps at most
``extract.MAX_BLOCK_CHARS`` characters.
"""

from __future__ import annotations

import subprocess
import sys

import orjson
import pytest

from scraper.extract import MAX_TAGS

LIMIT = 10 * 1024 * 1024
PEAK_MIB = 200
SHAPES = {
    "150,000 paragraphs": lambda: "".join(f"<p>Paragraph {i} of a very long page, with some words in it.</p>" for i in range(150_000)),
    "one 9 MB paragraph": lambda: "<p>" + "word, " * (LIMIT // 6 - 100) + "</p>",
    "400,000 links": lambda: "".join(f"<a href='/x/{i}'>link {i}</a> " for i in range(400_000)),
    "200,000 table rows": lambda: "<table>" + "<tr><td>cell text, here</td><td>more</td></tr>" * 200_000 + "</table>",
}


# Runs the CLI in the child and reports the child's own high-water mark. (``os.wait4``'s ru_maxrss
# would not do: Linux carries the forking parent's peak across exec, and pytest's grows.)
CHILD = """
import sys
from scraper.cli import main
try:
    main(sys.argv[1:])
finally:
    hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print("PEAK_KIB", hwm.split()[1], file=sys.stderr)
"""


def peak_mib_of_scrape(page, out) -> tuple[int, int]:
    child = subprocess.run([sys.executable, "-c", CHILD, "-q", "scrape", str(page), "-o", str(out)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    assert "Traceback" not in child.stderr
    kib = int(child.stderr.rsplit("PEAK_KIB", 1)[1])
    return child.returncode, kib // 1024


@pytest.mark.parametrize("shape", SHAPES)
def test_a_huge_page_is_scraped_within_200_mb(shape, tmp_path):
    markup = "<html><head><title>Huge page</title></head><body><article><h1>Huge page</h1>" + SHAPES[shape]() + "</article></body></html>"
    page = tmp_path / "huge.html"
    page.write_bytes(markup.encode()[:LIMIT])
    code, peak = peak_mib_of_scrape(page, tmp_path / "out")
    assert code in (0, 1)  # an article, or a recorded not_an_article
    assert peak < PEAK_MIB, f"{shape}: peak RSS {peak} MiB"
    records = (tmp_path / "out" / ("articles.jsonl" if code == 0 else "errors.jsonl")).read_bytes().splitlines()
    assert len(records) == 1 and orjson.loads(records[0])


def test_pages_past_the_tag_bound_keep_their_start(tmp_path):
    from datetime import datetime, timezone

    from scraper.pipeline import extract_page

    paragraphs = "".join(f"<p>Paragraph {i} of the story, with a few more words.</p>" for i in range(MAX_TAGS))
    html = f"<html><head><title>Long</title></head><body><article><h1>Long</h1>{paragraphs}</article></body></html>"
    article = extract_page(html, "https://long.example/a", fetched_at=datetime(2024, 1, 1, tzinfo=timezone.utc)).article
    assert article.text.startswith("Paragraph 0 of the story")
    assert "Paragraph 10000 of" in article.text and f"Paragraph {MAX_TAGS - 1} of" not in article.text
