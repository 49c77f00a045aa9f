"""The public API: every name in ``scraper.__all__`` imports, is the object it names, and is listed."""

import importlib
import subprocess
import sys

import pytest

import scraper
from scraper.errors import ScraperError
from scraper.records import Result

PUBLIC = {
    "Article", "Comment", "ErrorRecord", "Result", "ArticleExtractor", "register", "Settings", "Fetcher",
    "AsyncFetcher", "Page", "ScraperError", "InputError", "InvalidURL", "FetchError", "TransientFetchError",
    "PermanentFetchError", "ExtractionError", "NotAnArticle", "BotCheck", "InvalidRecord", "ExportError", "StateError",
    "extract_page", "iter_scrape", "scrape", "crawl",
}  # fmt: skip


def test_all_is_the_public_api_and_dir_lists_it():
    assert set(scraper.__all__) == PUBLIC
    assert PUBLIC <= set(dir(scraper))


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_every_public_name_imports_as_a_class_or_function_not_a_module(name):
    value = getattr(scraper, name)
    assert callable(value) and not isinstance(value, type(sys))


def test_names_stay_functions_after_every_submodule_is_imported():
    # Importing a submodule sets an attribute on the package; none may hide a public name.
    code = ("import scraper, scraper.cli, scraper.pipeline, scraper.crawling, scraper.extract.registry;"
            "from scraper import scrape, crawl, iter_scrape, extract_page;"
            "import types; assert not any(isinstance(f, types.ModuleType) for f in (scrape, crawl, iter_scrape, extract_page))")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_import_scraper_does_not_load_the_http_stack_or_the_parser():
    code = "import sys, scraper; assert 'httpx' not in sys.modules and 'selectolax' not in sys.modules, sorted(sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_the_error_tree_is_exported_whole():
    errors = importlib.import_module("scraper.errors")
    tree = {name for name, value in vars(errors).items() if isinstance(value, type) and issubclass(value, ScraperError)}
    assert tree <= PUBLIC


def test_extract_page_defaults_fetched_at_to_now_and_returns_a_result():
    html = "<html><head><title>Headline here | News</title></head><body><article><h1>Headline here</h1>" + "<p>Some words of text in a paragraph.</p>" * 5 + "</article></body></html>"
    result = scraper.extract_page(html, "https://news.example/a")
    assert isinstance(result, Result) and result.ok and result.article.title == "Headline here"
    assert result.article.fetched_at.tzinfo is not None


def test_a_scrape_of_local_files_does_not_load_the_http_stack_or_the_crawler(tmp_path):
    # scrape shares the crawl's politeness module; the crawl package must not pull in httpx, the crawler
    # and its state with it (about 0.15 s of every `scraper scrape DIR` process).
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>T</title></head><body><article><h1>T</h1>" + "<p>Some words of text here.</p>" * 9 + "</article></body></html>")
    code = (f"import sys, scraper; scraper.scrape([{str(page)!r}], {str(tmp_path / 'out')!r}, scraper.Settings(workers=1));"
            "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('httpx', 'httpcore') or m.startswith('scraper.crawling.c'));"
            "assert not loaded, loaded")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
