"""The README and the sample config stay true to the code."""

import re

from click.testing import CliRunner

from scraper.cli import main
from scraper.crawling import load_config

from conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def test_readme_sample_config_loads(tmp_path):
    sample = re.findall(r"```toml\n(.*?)```", README, re.S)[0]  # the first: the crawl config
    path = tmp_path / "sites.toml"
    path.write_text(sample)
    config = load_config(path)
    assert config.sites[0].extractor.name == "future"


def test_example_sites_toml_loads():
    assert load_config(ROOT / "examples" / "sites.toml").sites


def test_every_command_in_the_readme_exists_with_its_options():
    for command in ("scrape", "crawl", "extract", "check", "validate", "extractors"):
        help_text = CliRunner().invoke(main, [command, "--help"]).output
        synopsis = re.search(rf"^    scraper {command}\b(.*?)$(\n {{20,}}.*$)*", README, re.M)
        assert synopsis, command
        for option in re.findall(r"--[a-z-]+", synopsis.group(0)):
            assert option in help_text, f"{command} {option}"


def test_readme_python_api_example_runs_as_printed(tmp_path, monkeypatch, capsys):
    [example] = re.findall(r"## Python API\n.*?```python\n(.*?)```", README, re.S)
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures")
    monkeypatch.chdir(tmp_path)
    exec(compile(example, "README.md", "exec"), {"__name__": "readme_example"})
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Microsoft won't sell") and lines[0].endswith(" 38")
    assert len(lines) == 1 + 4 + 1
    assert lines[-1] == "10 sources: 10 articles, 47 comments, 0 failed 0"
    assert (tmp_path / "output" / "articles.jsonl").read_bytes().count(b"\n") == 10
