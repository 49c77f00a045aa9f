"""Every fixture page against the fields a person read off it, one test per page and field.

The golden records in test_sites.py are rewritten from the extractor's own output (UPDATE_GOLDEN=1),
so they catch change, not error. The files in fixtures/expected/ were written by hand from each page
as a browser shows it, and are never regenerated: when the extractor disagrees with one, the
extractor is wrong. Such a field is listed in KNOWN_DEFECTS as a strict xfail naming the defect, so
the test starts failing (XPASS) the day the defect is fixed and the entry must go.

Each field is its own test, as in web-poet's fixture tests, so one report names every wrong field.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any, Callable

import pytest

from scraper.pipeline import extract_page
from scraper.records import Result

from conftest import FETCHED_AT, FIXTURES

HTML = FIXTURES / "html"
EXPECTED = FIXTURES / "expected"
PAGES = sorted(HTML.rglob("*.html"))
HEADER = "# Hand-written from "

# (page, field) -> the defect that makes the extractor disagree with the page.
KNOWN_DEFECTS: dict[tuple[str, str], str] = {}


def page_id(page: Path) -> str:
    return page.relative_to(HTML).with_suffix("").as_posix()


def expectations_path(page: Path) -> Path:
    return EXPECTED / page.relative_to(HTML).with_suffix(".toml")


@functools.cache
def expectations(page: Path) -> dict[str, Any]:
    path = expectations_path(page)
    if not path.exists():
        pytest.fail(f"{page_id(page)} has no hand-written expectations: write {path.relative_to(FIXTURES.parent)}")
    return tomllib.loads(path.read_text(encoding="utf-8"))


@functools.cache
def extracted(page: Path) -> Result:
    return extract_page(page.read_bytes(), page.resolve().as_uri(), fetched_at=FETCHED_AT)


def nullable(value: Any) -> Any:
    """TOML has no null: the files write `false` for "the page shows none"."""
    return None if value is False else value


def paragraphs(result: Result) -> list[str]:
    """Body paragraphs as the extractor sees them: the text of each body block of type "paragraph".

    What a person counts as a body paragraph, and what the files count: each separate block of
    running text in the story column, in page order, from the first after the headline, dek and
    lead image to the last before the author box, related links and comments. A review's verdict
    box and a fact box are the article's own words and count, one per paragraph they hold. Not
    paragraphs: headings, list items, block and pull quotes, tweets and other embeds, tables, image
    captions, the dek or strapline; nor site furniture set inside the body: ads, deal boxes,
    affiliate notices, newsletter boxes, "Recommended Videos", one-line "Related: …" / "Read more: …"
    links, "Follow us on …" sign-offs and "More resources" boxes promoting the site's hubs.
    """
    return [" ".join((block.text or "").split()) for block in result.article.body if block.type == "paragraph"]


def opening(text: str | None, like: str) -> str | None:
    """The first words of `text`, as many as `like` has: the files keep only a paragraph's opening."""
    return None if text is None else " ".join(text.split()[: len(like.split())])


def at(items: list[str], index: int) -> str | None:
    return items[index] if items else None


Check = Callable[[Result, dict[str, Any]], tuple[Any, Any]]

# field -> (what the extractor gives, what the page shows)
CHECKS: dict[str, Check] = {
    "title": lambda r, e: (r.article.title, e["title"]),
    "authors": lambda r, e: ([a.name for a in r.article.authors], e["authors"]),
    # the day in the page's own offset, as its byline prints it
    "published": lambda r, e: (r.article.published_at and r.article.published_at.date(), e["published"]),
    "lead_image.caption": lambda r, e: (r.article.lead_image and r.article.lead_image.caption, nullable(e["lead_image"]["caption"])),
    "lead_image.credit": lambda r, e: (r.article.lead_image and r.article.lead_image.credit, nullable(e["lead_image"]["credit"])),
    "paragraphs": lambda r, e: (len(paragraphs(r)), e["body"]["paragraphs"]),
    "first_paragraph": lambda r, e: (opening(at(paragraphs(r), 0), e["body"]["first"]), e["body"]["first"]),
    "last_paragraph": lambda r, e: (opening(at(paragraphs(r), -1), e["body"]["last"]), e["body"]["last"]),
    "comments": lambda r, e: (len(r.comments), e["comments"]["count"]),
}


def cases() -> list:
    params = []
    for page in PAGES:
        for field in CHECKS:
            defect = KNOWN_DEFECTS.get((page_id(page), field))
            marks = [pytest.mark.xfail(strict=True, reason=defect)] if defect else []
            params.append(pytest.param(page, field, id=f"{page_id(page)}:{field}", marks=marks))
    return params


@pytest.mark.parametrize(("page", "field"), cases())
def test_extractor_reads_what_the_page_shows(page, field):
    got, want = CHECKS[field](extracted(page), expectations(page))
    assert got == want, f"{page_id(page)}: {field}: the page shows {want!r}, the extractor gives {got!r}"


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_every_fixture_page_has_hand_written_expectations(page):
    path = expectations_path(page)
    assert path.exists(), f"{page_id(page)} has no hand-written expectations: write {path.relative_to(FIXTURES.parent)}"
    assert path.read_text(encoding="utf-8").startswith(HEADER), f"{path.name} must open with the hand-written notice"


def test_every_expectations_file_belongs_to_a_fixture_page():
    pages = {expectations_path(page) for page in PAGES}
    assert sorted(set(EXPECTED.rglob("*.toml")) - pages) == []


def test_known_defects_name_real_pages_and_fields():
    ids = {page_id(page) for page in PAGES}
    for page, field in KNOWN_DEFECTS:
        assert page in ids and field in CHECKS, (page, field)
