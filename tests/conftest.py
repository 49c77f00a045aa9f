from datetime import datetime, timezone
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
FETCHED_AT = datetime(2024, 1, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="session")
def scraped_fixtures(tmp_path_factory):
    """fixtures/html scraped once into a directory, as `scraper scrape fixtures/html -o DIR` does."""
    from scraper.pipeline import scrape

    out = tmp_path_factory.mktemp("scraped")
    summary = scrape([str(FIXTURES / "html")], out, now=lambda: FETCHED_AT)
    assert summary.failed == 0
    return out
