from pathlib import Path

import pytest

from scraper.crawling.config import (
    CrawlConfig,
    Site,
    host_key,
    load_config,
    parse_config,
)
from scraper.errors import InputError
from scraper.extract.generic import GenericExtractor

ROOT = Path(__file__).resolve().parent.parent


def test_the_example_config_loads():
    config = load_config(ROOT / "examples" / "sites.toml")
    assert [s.name for s in config.sites] == ["harbor-gazette", "valley-courier"]
    harbor = config.sites[0]
    assert (harbor.per_host, harbor.delay, harbor.extractor, harbor.any_page) == (1, 2.0, GenericExtractor, False)
    assert config.settings().refresh_days == 2 and config.settings().max_articles == 2000
    assert config.user_agent.startswith("scraper/")
    assert config.sites[1].all_hosts() == ("valleycourier.example",)


def test_command_line_flags_override_the_config_and_none_keeps_it():
    config = parse_config({"crawl": {"concurrency": 3, "delay": 2}}, "t.toml")
    config = config.override(concurrency=None, delay=0.0, max_articles=10)
    run = config.settings()
    assert (run.concurrency, run.delay, run.max_articles) == (3, 0.0, 10)


def test_command_line_sources_join_the_site_of_their_host_or_a_new_one():
    config = CrawlConfig(sites=[Site(name="h", feeds=["https://h.example/rss"], per_host=1)])
    config = config.with_sources(["https://h.example/sitemap.xml", "https://other.example:8443/feed", "https://h.example/rss"])
    assert [(s.name, s.listings) for s in config.sites] == [
        ("h", ("https://h.example/rss", "https://h.example/sitemap.xml")),
        ("other.example:8443", ("https://other.example:8443/feed",)),
    ]
    assert config.site_for_host("h.example").per_host == 1
    assert config.site_for_host("nowhere.example") is None


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://News.Example/a", "news.example"),
        ("http://news.example:80/a", "news.example"),
        ("https://news.example:8443/a", "news.example:8443"),
        ("http://127.0.0.1:5000/feed", "127.0.0.1:5000"),
    ],
)
def test_host_key_keeps_only_non_default_ports(url, key):
    assert host_key(url) == key


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sites": [{"feeds": ["https://a.example/f"], "per_host": 0}]}, "sites[0].per_host must be >= 1"),
        ({"sites": [{"feeds": ["https://a.example/f"], "delay": "1s"}]}, "sites[0].delay must be a number"),
        ({"sites": [{"feeds": "https://a.example/f"}]}, "sites[0].feeds must be a list of URLs"),
        ({"sites": [{"feeds": ["https://a.example/f"], "name": "x"}, {"feeds": ["https://b.example/f"], "name": "x"}]},
         "two sites are named 'x'"),
        ({"crawl": {"max_articles": True}}, "[crawl].max_articles must be an integer"),
        ({"crawl": {"user_agent": ""}}, "[crawl].user_agent must be a non-empty string"),
        ({"site": []}, "top level: unknown key 'site'"),
        ({"sites": {"feeds": []}}, "sites must be an array of tables"),
        ({"sites": [{"feeds": ["https://a.example/f"], "any_page": "yes"}]}, "sites[0].any_page must be true or false"),
    ],
)
def test_config_errors_name_the_file_and_the_key(data, message):
    with pytest.raises(InputError) as caught:
        parse_config(data, "sites.toml")
    assert caught.value.message.startswith("sites.toml: ")
    assert message in caught.value.message


def test_extractor_names_resolve_through_the_given_table():
    class Special(GenericExtractor):
        name = "special"

    config = parse_config({"sites": [{"feeds": ["https://a.example/f"], "extractor": "special"}]}, "t",
                          extractors={"special": Special})  # fmt: skip
    assert config.sites[0].extractor is Special
    assert config.sites[0].name == "a.example"


def test_missing_config_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read config"):
        load_config(tmp_path / "missing.toml")


def test_every_crawl_option_is_a_settings_field_with_one_default():
    from scraper.crawling.config import _OPTION_TYPES, _RENAMED
    from scraper.settings import DEFAULT

    assert (DEFAULT.per_host, DEFAULT.concurrency) == (2, 8)
    for key in _OPTION_TYPES:
        assert hasattr(DEFAULT, _RENAMED.get(key, key)), key


def test_the_old_grace_key_sets_stop_grace():
    assert parse_config({"crawl": {"grace": 5}}, "t.toml").settings().stop_grace == 5


def test_a_site_may_ask_for_any_page():
    config = parse_config({"sites": [{"feeds": ["https://a.example/f"], "any_page": True}, {"feeds": ["https://b.example/f"]}]}, "t.toml")
    assert [site.any_page for site in config.sites] == [True, False]
