"""Site extractors from other packages: the ``scraper.sites`` entry points, and the registry rules they meet.

A plugin is a fake distribution written into ``tmp_path`` (a package next to a ``.dist-info`` with
``entry_points.txt``), and every test that loads one runs Python in a subprocess with ``tmp_path`` on
``PYTHONPATH``: the registry is global and loaded once, so the test process's own stays as shipped.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.extract import registry
from scraper.extract.base import ArticleExtractor
from scraper.extract.generic import GenericExtractor
from scraper.extract.registry import ExtractorInfo, describe, extractor_for, extractors, register
from scraper.normalize import hostname

ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour dredging starts on Monday | Plugin Example</title>
<meta property="og:title" content="Harbour dredging starts on Monday">
<meta property="og:site_name" content="Plugin Example">
<meta property="og:type" content="article">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-03-04T08:30:00+01:00">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Harbour dredging starts on Monday", "datePublished": "2024-03-04T08:30:00+01:00",
 "author": {"@type": "Person", "name": "Jane Roe"}}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner">We use cookies. <button>Accept</button></div>
<main><article>
<h1 class="demo-headline">Dredging of the inner harbour starts Monday</h1>
<p class="byline">By Jane Roe</p>
<p>The port authority will begin dredging the inner harbour on Monday, closing two berths for six weeks
while the channel is deepened to eleven metres for the larger ferries due next spring.</p>
<p>Fishing boats will moor at the north quay in the meantime. The harbour master said the work runs
around the clock, with the noisiest part planned for weekday afternoons only.</p>
<p>Residents can follow the progress on the authority's site, which posts a map of closed berths every morning
and the week's schedule each Friday afternoon.</p>
</article>
<aside><h2>Related articles</h2><a href="/news/ferries">New ferries ordered</a></aside></main>
<footer>Plugin Example, 1 Quay Street. <a href="/contact">Contact</a></footer>
</body></html>"""

DEMO = '''
from scraper.extract.base import ArticleExtractor
from scraper.extract.registry import extractor_for, register

# Looking a host up while the plugin itself is being loaded must neither recurse nor deadlock.
BUILTIN_AT_IMPORT = extractor_for("https://www.space.com/x").name


@register("plugin.example", "www.plugin.example")
class PluginDemo(ArticleExtractor):
    name = "plugin-demo"

    def title(self):
        return self.text("h1.demo-headline")
'''


def make_plugin(root: Path, package: str, source: str, *, dist: str | None = None, entry: str = "demo",
                target: str | None = None) -> None:
    """A distribution ``dist`` (default: ``package`` with dashes) on ``root``, declaring one entry point."""
    (root / package).mkdir()
    (root / package / "__init__.py").write_text(textwrap.dedent(source))
    info = root / f"{package}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist or package.replace('_', '-')}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[scraper.sites]\n{entry} = {target or package}\n")


def run_python(code: str, *paths: Path) -> tuple[dict, list[str]]:
    """Run ``code`` with ``paths`` importable; its ``print``ed JSON, and the warning lines it logged."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*map(str, paths), os.environ.get("PYTHONPATH", "")])}
    prelude = "import json, logging\nlogging.basicConfig(format='%(levelname)s %(name)s: %(message)s')\n"
    result = subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), [line for line in result.stderr.splitlines() if line.startswith("WARNING")]


LOOKUP = """
from datetime import datetime, timezone
from scraper.extract import registry
from scraper.extract.registry import describe, extractor_for
from scraper.pipeline import extract_page

def name(url):
    return extractor_for(url).name

def table():
    return [[row.name, list(row.hosts), row.package, row.module] for row in describe()]

def extractor(html, url):
    return extract_page(html, url, fetched_at=datetime(2024, 3, 5, tzinfo=timezone.utc)).article.extractor
"""


@pytest.mark.parametrize("target", ["scraper_plugin_demo", "scraper_plugin_demo:PluginDemo"], ids=["module", "class"])
def test_plugin_from_an_entry_point_serves_its_hosts_and_shows_its_package(tmp_path, target):
    make_plugin(tmp_path, "scraper_plugin_demo", DEMO, target=target)
    out, warnings = run_python(LOOKUP + f"""
import sys
before = "scraper_plugin_demo" in sys.modules or registry._loaded
cls = extractor_for("https://plugin.example/a")
from scraper_plugin_demo import BUILTIN_AT_IMPORT, PluginDemo
print(json.dumps({{
    "loaded_lazily": not before,
    "is_plugin_class": cls is PluginDemo,
    "www": name("https://WWW.Plugin.Example:8443/b"),
    "builtin_at_import": BUILTIN_AT_IMPORT,
    "table": table(),
    "article": extractor({ARTICLE!r}, "https://plugin.example/news/dredging"),
    "title": extract_page({ARTICLE!r}, "https://plugin.example/n", fetched_at=datetime(2024, 3, 5, tzinfo=timezone.utc)).article.title,
}}))
""", tmp_path)
    assert warnings == []
    assert out["loaded_lazily"] and out["is_plugin_class"]
    assert out["www"] == "plugin-demo"
    assert out["builtin_at_import"] == "future"
    assert out["article"] == "plugin-demo"
    assert out["title"] == "Dredging of the inner harbour starts Monday"  # the plugin's own field method ran
    rows = {row[0]: row for row in out["table"]}
    assert rows["plugin-demo"] == ["plugin-demo", ["plugin.example", "www.plugin.example"], "scraper-plugin-demo",
                                   "scraper_plugin_demo"]
    assert rows["future"][2] == rows["digitaltrends"][2] == "scraper"
    assert out["table"][-1] == ["generic", ["*"], "scraper", "scraper.extract.generic"]
    assert [row[0] for row in out["table"][:-1]] == sorted(row[0] for row in out["table"][:-1])


BROKEN = """
from scraper.extract.base import ArticleExtractor
from scraper.extract.registry import register

@register("half.example")
class HalfDone(ArticleExtractor):
    name = "half-done"

import scraper_plugin_dependency_that_is_not_installed
"""


def test_a_plugin_that_fails_to_import_gives_one_warning_and_the_rest_still_work(tmp_path):
    make_plugin(tmp_path, "scraper_plugin_broken", BROKEN, entry="a-broken")
    make_plugin(tmp_path, "scraper_plugin_demo", DEMO, entry="b-demo")
    out, warnings = run_python(LOOKUP + """
first = table()
print(json.dumps({"names": [name("https://www.digitaltrends.com/x"), name("https://plugin.example/a"),
                            name("https://half.example/a")], "again": table() == first,
                  "packages": sorted({row[2] for row in first})}))
""", tmp_path)
    assert len(warnings) == 1, warnings  # once, although the registry was asked three times
    assert "'a-broken = scraper_plugin_broken'" in warnings[0] and "scraper-plugin-broken" in warnings[0]
    assert "ModuleNotFoundError: No module named 'scraper_plugin_dependency_that_is_not_installed'" in warnings[0]
    # Built-in sites and the next plugin still work; what the broken one registered before failing is undone.
    assert out["names"] == ["digitaltrends", "plugin-demo", "generic"]
    assert out["again"] and out["packages"] == ["scraper", "scraper-plugin-demo"]


HIJACK = """
from scraper.extract.base import ArticleExtractor
from scraper.extract.registry import register

@register("hijack.example")
class Harmless(ArticleExtractor):
    name = "harmless"

@register("hijack.example.net", "www.space.com")
class Hijack(ArticleExtractor):
    name = "hijack"
"""


def test_a_plugin_claiming_a_built_in_host_does_not_take_it(tmp_path):
    make_plugin(tmp_path, "scraper_plugin_hijack", HIJACK)
    out, warnings = run_python(LOOKUP + """
print(json.dumps({"names": [name("https://www.space.com/x"), name("https://hijack.example/"),
                            name("https://hijack.example.net/")], "table": [row[0] for row in table()]}))
""", tmp_path)
    assert len(warnings) == 1, warnings
    assert "scraper-plugin-hijack" in warnings[0]
    assert "host 'www.space.com' is registered twice: FuturePlatform and Hijack" in warnings[0]
    assert out["names"] == ["future", "generic", "generic"]  # the plugin loads whole or not at all
    assert "hijack" not in out["table"] and "harmless" not in out["table"]


def test_built_in_sites_win_even_when_the_plugin_is_imported_first(tmp_path):
    make_plugin(tmp_path, "scraper_plugin_hijack", HIJACK)
    out, _ = run_python(LOOKUP + """
try:
    import scraper_plugin_hijack
    error = None
except ValueError as exc:
    error = str(exc)
print(json.dumps({"error": error, "space": name("https://www.space.com/x")}))
""", tmp_path)
    assert out["error"] == "host 'www.space.com' is registered twice: FuturePlatform and Hijack"
    assert out["space"] == "future"


def test_between_two_plugins_the_entry_point_name_sorting_first_wins(tmp_path):
    make_plugin(tmp_path, "scraper_plugin_zeta", 'from scraper.extract.base import ArticleExtractor\n'
                'from scraper.extract.registry import register\n\n@register("shared.example")\n'
                'class Zeta(ArticleExtractor):\n    name = "zeta"\n', entry="alpha")
    make_plugin(tmp_path, "scraper_plugin_alpha", 'from scraper.extract.base import ArticleExtractor\n'
                'from scraper.extract.registry import register\n\n@register("shared.example")\n'
                'class Alpha(ArticleExtractor):\n    name = "alpha"\n', entry="beta")
    out, warnings = run_python(LOOKUP + 'print(json.dumps(name("https://shared.example/")))', tmp_path)
    assert out == "zeta"  # its entry point is "alpha", although its package sorts last
    assert len(warnings) == 1 and "'beta = scraper_plugin_alpha'" in warnings[0] and "scraper-plugin-alpha" in warnings[0]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("from scraper.extract.generic import GenericExtractor\nfrom scraper.extract.registry import register\n\n"
         "@register('lazy.example')\nclass Lazy(GenericExtractor):\n    pass\n",
         "extractor name 'generic' of Lazy is taken by GenericExtractor"),
        ("from scraper.sites.future import FuturePlatform\nfrom scraper.extract.registry import register\n\n"
         "@register('copy.example')\nclass Copy(FuturePlatform):\n    pass\n",
         "extractor name 'future' of Copy is taken by FuturePlatform"),
        ("VALUE = 1\n", "scraper_plugin_odd registers no host"),
    ],
    ids=["generic-name", "built-in-name", "no-host"],
)
def test_a_plugin_that_reuses_a_name_or_registers_nothing_is_skipped_with_a_warning(tmp_path, source, message):
    make_plugin(tmp_path, "scraper_plugin_odd", source)
    out, warnings = run_python(LOOKUP + 'print(json.dumps([row[0] for row in table()]))', tmp_path)
    assert len(warnings) == 1 and message in warnings[0] and "scraper-plugin-odd" in warnings[0]
    assert out == ["digitaltrends", "future", "generic"]


def test_an_entry_point_naming_a_missing_class_is_skipped_with_a_warning(tmp_path):
    make_plugin(tmp_path, "scraper_plugin_demo", DEMO, target="scraper_plugin_demo:Missing")
    out, warnings = run_python(LOOKUP + 'print(json.dumps(name("https://plugin.example/a")))', tmp_path)
    assert len(warnings) == 1 and "AttributeError" in warnings[0] and "'Missing'" in warnings[0]
    assert out == "generic"


def test_a_plugin_imported_before_the_registry_loads_is_still_credited_to_its_distribution(tmp_path):
    # (Without the lookup at import time: imported directly, that would load the registry while the
    # module is still half-imported, and it would be reported as registering no host.)
    plain = DEMO.replace('BUILTIN_AT_IMPORT = extractor_for("https://www.space.com/x").name', "")
    make_plugin(tmp_path, "scraper_plugin_demo", plain)
    out, warnings = run_python(LOOKUP + """
import scraper_plugin_demo
print(json.dumps([row for row in table() if row[0] == "plugin-demo"]))
""", tmp_path)
    assert warnings == []
    assert out == [["plugin-demo", ["plugin.example", "www.plugin.example"], "scraper-plugin-demo", "scraper_plugin_demo"]]


def test_plugin_package_falls_back_to_the_top_level_package_without_a_distribution():
    from importlib.metadata import EntryPoint

    assert registry.plugin_package(EntryPoint("demo", "mypkg.sites.demo:Demo", "scraper.sites")) == "mypkg"


PYPROJECT = """
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "scraper-plugin-demo"
version = "0.1"

[project.entry-points."scraper.sites"]
demo = "scraper_plugin_demo"

[tool.setuptools]
packages = ["scraper_plugin_demo"]
"""


def build_wheel(directory: Path) -> Path:
    """The demo plugin as a wheel file, zipped here: no build backend needed."""
    files = {
        "scraper_plugin_demo/__init__.py": DEMO,
        "scraper_plugin_demo-0.1.dist-info/METADATA": "Metadata-Version: 2.1\nName: scraper-plugin-demo\nVersion: 0.1\n",
        "scraper_plugin_demo-0.1.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        "scraper_plugin_demo-0.1.dist-info/entry_points.txt": "[scraper.sites]\ndemo = scraper_plugin_demo\n",
    }
    record = []
    for name, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(text.encode())}")
    files["scraper_plugin_demo-0.1.dist-info/RECORD"] = "\n".join([*record, "scraper_plugin_demo-0.1.dist-info/RECORD,,"]) + "\n"
    wheel = directory / "scraper_plugin_demo-0.1-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return wheel


def source_tree(directory: Path) -> Path:
    """The demo plugin as a project with a pyproject.toml, for pip to build with the installed setuptools."""
    if importlib.util.find_spec("wheel") is None and importlib.util.find_spec("setuptools.command.bdist_wheel") is None:
        pytest.skip("setuptools cannot build wheels here (setuptools < 70.1 without the wheel package)")
    (directory / "scraper_plugin_demo").mkdir()
    (directory / "scraper_plugin_demo" / "__init__.py").write_text(DEMO)
    (directory / "pyproject.toml").write_text(PYPROJECT)
    return directory


@pytest.mark.parametrize("make", [build_wheel, source_tree], ids=["wheel", "pyproject"])
def test_pip_installed_plugin_is_found_through_its_entry_point(tmp_path, make):
    """A real install, offline: pip installs the plugin into a directory of its own, then Python runs with it."""
    source = make(tmp_path)
    site = tmp_path / "site"
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--no-build-isolation", "--no-deps",
         "--no-cache-dir", "--disable-pip-version-check", "--target", str(site), str(source)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert pip.returncode == 0, pip.stderr
    out, warnings = run_python(LOOKUP + f"""
package = next(row[2] for row in table() if row[0] == "plugin-demo")
print(json.dumps([name("https://plugin.example/a"), package, extractor({ARTICLE!r}, "https://plugin.example/n")]))
""", site)
    assert warnings == []
    assert out[0] == out[2] == "plugin-demo"
    assert re.sub(r"[-_.]+", "-", out[1]).lower() == "scraper-plugin-demo"


# -- the registry's own rules, in this process (on a copy of the registry, restored afterwards) -------------


@pytest.fixture()
def scratch_registry(monkeypatch):
    registry.load_sites()  # before the copy, so the built-in sites are in it and never loaded into it
    monkeypatch.setattr(registry, "_BY_HOST", dict(registry._BY_HOST))
    monkeypatch.setattr(registry, "_PACKAGE", dict(registry._PACKAGE))


def site_class(name: str) -> type[ArticleExtractor]:
    return type(name.title().replace("-", ""), (ArticleExtractor,), {"name": name})


def test_registered_hosts_are_keyed_like_urls_at_lookup(scratch_registry):
    port = register("Port.Example:8080")(site_class("port"))
    dot = register("dot.example.")(site_class("dot"))
    assert extractor_for("https://port.example/a") is port
    assert extractor_for("http://PORT.example:9999/a") is port
    assert extractor_for("https://www.port.example/a") is port
    # Both sides go through scraper.normalize.hostname, so they agree on a trailing dot whatever it does with one.
    assert extractor_for("https://dot.example./a") is dot
    assert (extractor_for("https://dot.example/a") is dot) == (hostname("https://dot.example./a") == "dot.example")


@pytest.mark.parametrize("host", ["", "example.com/news", "user@example.com", "exa mple.com", "example.com:http", "?x", 42])
def test_a_value_that_is_not_a_host_is_refused_naming_the_class(scratch_registry, host):
    with pytest.raises(ValueError, match=r"^Bad: .* is not a host name"):
        register(host)(site_class("bad"))


def test_a_failed_registration_registers_none_of_its_hosts(scratch_registry):
    with pytest.raises(ValueError, match="DigitalTrends and Greedy"):
        register("fresh.example", "www.digitaltrends.com")(site_class("greedy"))
    assert extractor_for("https://fresh.example/").name == "generic"


def test_register_refuses_what_is_not_an_extractor_class(scratch_registry):
    with pytest.raises(TypeError, match="ArticleExtractor subclasses"):
        register("plain.example")(type("Plain", (), {"name": "plain"}))


def test_an_extractor_name_means_one_class(scratch_registry):
    register("one.example")(site_class("twin"))
    with pytest.raises(ValueError, match="extractor name 'twin' of Twin is taken by Twin"):
        register("two.example")(site_class("twin"))
    with pytest.raises(ValueError, match="'base' of Nameless is taken by ArticleExtractor"):
        register("nameless.example")(type("Nameless", (ArticleExtractor,), {}))


def test_describe_lists_built_in_sites_with_their_package_and_generic_last():
    rows = describe()
    assert rows[-1] == ExtractorInfo("generic", ("*",), "scraper", "scraper.extract.generic")
    future = next(row for row in rows if row.name == "future")
    assert future.package == "scraper" and future.module == "scraper.sites.future"
    assert {"space.com", "www.space.com"} <= set(future.hosts) and list(future.hosts) == sorted(future.hosts)
    assert [row.name for row in rows[:-1]] == sorted(row.name for row in rows[:-1])
    assert extractors() == {row.name: list(row.hosts) for row in rows}


@given(st.text())
def test_lookup_of_any_text_gives_an_extractor_class(url):
    assert issubclass(extractor_for(url), ArticleExtractor)
    assert extractor_for(url) is GenericExtractor or hostname(url)


@given(st.one_of(st.text(), st.integers(), st.none()))
def test_register_refuses_any_bad_host_with_value_error_only(host):
    cls = site_class("fuzz")
    try:
        key = registry._host_key(cls, host)
    except ValueError:
        return
    assert key == hostname(f"//{host}") and key
