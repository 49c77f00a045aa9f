"""What a crawl does: the sites, their feeds and sitemaps, per-site overrides, and the run's limits.

``load_config(path)`` reads a TOML file (see ``examples/sites.toml``); ``CrawlConfig.with_sources``
adds the SOURCE URLs given on the command line, and ``CrawlConfig.override`` applies command-line
flags. The ``[crawl]`` table and the flags are changes to :class:`~scraper.settings.Settings`, where
every default lives, one line of comment each (``CrawlConfig.settings``). A config error is an
:class:`InputError` naming the file and the key, which the CLI turns into exit code 2.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from scraper.errors import InputError, InvalidURL
from scraper.extract.base import ArticleExtractor
from scraper.normalize import host_key, split_url
from scraper.settings import DEFAULT, Settings

__all__ = ["CrawlConfig", "Site", "check_url", "host_key", "load_config", "parse_config"]



@attrs.frozen(kw_only=True)
class Site:
    """One site to crawl: where its article URLs are listed, and how to treat its hosts."""

    name: str  # unique label, stored with each page in the state
    feeds: tuple[str, ...] = attrs.field(default=(), converter=tuple)  # RSS / Atom feed URLs
    sitemaps: tuple[str, ...] = attrs.field(default=(), converter=tuple)  # sitemap, index or news sitemap URLs
    hosts: tuple[str, ...] = attrs.field(default=(), converter=tuple)  # hosts the overrides apply to
    per_host: int | None = None  # overrides Settings.per_host for these hosts
    delay: float | None = None  # overrides Settings.delay for these hosts
    user_agent: str | None = None  # overrides Settings.user_agent for this site's requests
    extractor: type[ArticleExtractor] | None = None  # instead of the registry's choice
    # Write the site's pages that do not read as an article too (Settings.any_page, for this site's pages).
    any_page: bool = False

    @property
    def listings(self) -> tuple[str, ...]:
        """Feeds and sitemaps alike: which is which is read from the document itself."""
        return self.feeds + self.sitemaps

    def all_hosts(self) -> tuple[str, ...]:
        """``hosts``, else the hosts of the site's feeds and sitemaps."""
        return self.hosts or tuple(dict.fromkeys(host_key(url) for url in self.listings))


@attrs.frozen(kw_only=True)
class CrawlConfig:
    """The sites of a crawl and the options of the run."""

    sites: tuple[Site, ...] = attrs.field(default=(), converter=tuple)
    # Settings fields the [crawl] table and command-line flags change, e.g. {"delay": 1.0}.
    options: Mapping[str, Any] = attrs.field(factory=dict, converter=dict)
    user_agent: str | None = None  # the run's User-Agent, from the config file's [crawl] table

    def settings(self, base: Settings = DEFAULT) -> Settings:
        """``base`` with this config's changes: the run's settings."""
        return attrs.evolve(base, **self.options)

    def with_sources(self, urls: Iterable[str]) -> CrawlConfig:
        """Add command-line SOURCE URLs; one that no site lists joins a site named after its host."""
        known = {url for site in self.sites for url in site.listings}
        sites = {site.name: site for site in self.sites}
        for url in urls:
            if url in known:
                continue
            check_url(url, "SOURCE")
            known.add(url)
            host = host_key(url)
            owner = next((s for s in sites.values() if host in s.all_hosts()), None)
            if owner is None:
                sites[host] = Site(name=host, feeds=(url,))
            else:
                sites[owner.name] = attrs.evolve(owner, feeds=(*owner.feeds, url), hosts=owner.all_hosts())
        return attrs.evolve(self, sites=tuple(sites.values()))

    def override(self, **values: Any) -> CrawlConfig:
        """Options given on the command line; ``None`` means "not given" and keeps the config's."""
        given = {key: value for key, value in values.items() if value is not None}
        return attrs.evolve(self, options={**self.options, **given})

    def site_for_host(self, host: str) -> Site | None:
        bare = host if host.endswith("]") else host.rsplit(":", 1)[0]  # without the port; [::1] stays whole
        for site in self.sites:
            hosts = site.all_hosts()
            if host in hosts or bare in hosts:
                return site
        return None


def check_url(url: str, label: str) -> None:
    """InputError unless ``url`` is an absolute http(s) URL with a host (``label`` says where it was given)."""
    try:
        parts = split_url(url)
    except InvalidURL as exc:
        raise InputError(f"{label}: {exc.message}", source=url) from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InputError(f"{label}: {url!r} is not an absolute http(s) URL", source=url)


_OPTION_TYPES: dict[str, tuple[type, ...]] = {
    "concurrency": (int,), "per_host": (int,), "delay": (int, float), "max_articles": (int,),
    "refresh_days": (int,), "max_urls_per_sitemap": (int,), "max_urls_per_run": (int,),
    "max_sitemaps_per_run": (int,), "max_listing_bytes": (int,), "retry_base": (int, float),
    "retry_max": (int, float), "max_failures": (int,), "robots_ttl": (int, float), "grace": (int, float),
    "sitemap_recheck": (int, float), "host_budget": (int, float), "robots_give_up": (int, float),
    "max_crawl_delay": (int, float), "stop_grace": (int, float), "workers": (int,),
}  # fmt: skip
_MINIMUM = {"delay": 0, "refresh_days": 0, "retry_base": 0, "retry_max": 0, "robots_ttl": 0, "grace": 0, "sitemap_recheck": 0,
            "robots_give_up": 0, "max_crawl_delay": 0, "stop_grace": 0}  # fmt: skip
# Keys of earlier versions, still read.
_RENAMED = {"grace": "stop_grace"}
_SITE_KEYS = ("name", "feeds", "sitemaps", "hosts", "per_host", "delay", "user_agent", "extractor", "any_page")


def load_config(path: str | Path, *, extractors: Mapping[str, type[ArticleExtractor]] | None = None) -> CrawlConfig:
    """Read a sites TOML file; ``extractors`` maps names to classes (default: the registry's)."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise InputError(f"{path}: cannot read config: {exc.strerror or exc}", source=str(path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})", source=str(path)) from exc
    return parse_config(data, str(path), extractors=extractors)


def parse_config(
    data: Mapping[str, Any], where: str, *, extractors: Mapping[str, type[ArticleExtractor]] | None = None
) -> CrawlConfig:
    """A CrawlConfig from parsed TOML; ``where`` names the file in error messages."""
    _only(data, ("crawl", "sites"), where, "top level")
    crawl = data.get("crawl", {})
    if not isinstance(crawl, Mapping):
        raise _error(where, "[crawl] must be a table")
    _only(crawl, (*_OPTION_TYPES, "user_agent"), where, "[crawl]")
    options: dict[str, Any] = {}
    for key, value in crawl.items():
        if key != "user_agent":
            options[_RENAMED.get(key, key)] = _number(value, key, where, "[crawl]")
    user_agent = _text(crawl.get("user_agent"), "user_agent", where, "[crawl]")
    raw_sites = data.get("sites", [])
    if not isinstance(raw_sites, list):
        raise _error(where, "sites must be an array of tables: [[sites]]")
    table = dict(extractors) if extractors is not None else registry_extractors()
    sites = [_site(raw, f"sites[{i}]", where, table) for i, raw in enumerate(raw_sites)]
    names = [site.name for site in sites]
    for name in names:
        if names.count(name) > 1:
            raise _error(where, f"two sites are named {name!r}; names must be unique")
    return CrawlConfig(sites=sites, options=options, user_agent=user_agent)


def registry_extractors() -> dict[str, type[ArticleExtractor]]:
    """Extractor name -> class, for every extractor the registry knows, plus ``generic``."""
    from scraper.extract.registry import extractor_classes

    return extractor_classes()


def _site(raw: Any, label: str, where: str, extractors: Mapping[str, type[ArticleExtractor]]) -> Site:
    if not isinstance(raw, Mapping):
        raise _error(where, f"{label} must be a table")
    _only(raw, _SITE_KEYS, where, label)
    lists = {key: _urls(raw.get(key, []), key, where, label) for key in ("feeds", "sitemaps")}
    if not lists["feeds"] and not lists["sitemaps"]:
        raise _error(where, f"{label} lists no feeds and no sitemaps")
    hosts = raw.get("hosts", [])
    if not isinstance(hosts, list) or not all(isinstance(h, str) and h for h in hosts):
        raise _error(where, f"{label}.hosts must be a list of host names")
    extractor = None
    if "extractor" in raw:
        name = raw["extractor"]
        if not isinstance(name, str) or name not in extractors:
            raise _error(where, f"{label}.extractor {name!r} is unknown; known: {', '.join(sorted(extractors))}")
        extractor = extractors[name]
    any_page = raw.get("any_page", False)
    if not isinstance(any_page, bool):
        raise _error(where, f"{label}.any_page must be true or false, got {any_page!r}")
    site = Site(
        name=_text(raw.get("name"), "name", where, label) or host_key((lists["feeds"] + lists["sitemaps"])[0]),
        feeds=lists["feeds"],
        sitemaps=lists["sitemaps"],
        hosts=tuple(h.lower() for h in hosts),
        per_host=_number(raw["per_host"], "per_host", where, label) if "per_host" in raw else None,
        delay=_number(raw["delay"], "delay", where, label) if "delay" in raw else None,
        user_agent=_text(raw.get("user_agent"), "user_agent", where, label),
        extractor=extractor,
        any_page=any_page,
    )
    return site


def _only(table: Mapping[str, Any], allowed: Iterable[str], where: str, label: str) -> None:
    allowed = tuple(allowed)
    for key in table:
        if key not in allowed:
            raise _error(where, f"{label}: unknown key {key!r}; allowed: {', '.join(allowed)}")


def _number(value: Any, key: str, where: str, label: str) -> int | float:
    types = _OPTION_TYPES[key]
    if isinstance(value, bool) or not isinstance(value, types):
        kind = "an integer" if types == (int,) else "a number"
        raise _error(where, f"{label}.{key} must be {kind}, got {value!r}")
    minimum = _MINIMUM.get(key, 1)
    if isinstance(value, float) and not math.isfinite(value):
        raise _error(where, f"{label}.{key} must be a finite number, got {value!r}")
    if value < minimum:
        raise _error(where, f"{label}.{key} must be >= {minimum}, got {value!r}")
    return value


def _text(value: Any, key: str, where: str, label: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _error(where, f"{label}.{key} must be a non-empty string, got {value!r}")
    return value.strip()


def _urls(value: Any, key: str, where: str, label: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _error(where, f"{label}.{key} must be a list of URLs")
    for url in value:
        if not isinstance(url, str):
            raise _error(where, f"{label}.{key}: {url!r} is not an absolute http(s) URL")
        try:
            check_url(url, f"{label}.{key}")
        except InputError as exc:
            raise _error(where, exc.message) from exc
    return tuple(value)


def _error(where: str, message: str) -> InputError:
    return InputError(f"{where}: {message}", source=where)
