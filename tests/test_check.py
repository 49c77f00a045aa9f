import shutil

import orjson
import pytest

from scraper.check import check_samples
from scraper.errors import InputError

from conftest import FIXTURES

DT = "digitaltrends-microsoft-facial-recognition-police.txt"
WC = "windowscentral-microsoft-facial-recognition-police.txt"


def edited_copy(scraped, tmp_path, edit_article=None, edit_comments=None):
    """A copy of the scraped output with one article or its comments changed."""
    out = tmp_path / "out"
    shutil.copytree(scraped, out)
    articles = [orjson.loads(x) for x in (out / "articles.jsonl").read_bytes().splitlines()]
    comments = [orjson.loads(x) for x in (out / "comments.jsonl").read_bytes().splitlines()]
    if edit_article:
        articles = [edit_article(a) or a for a in articles]
    if edit_comments:
        comments = edit_comments(comments)
    (out / "articles.jsonl").write_bytes(b"".join(orjson.dumps(a) + b"\n" for a in articles))
    (out / "comments.jsonl").write_bytes(b"".join(orjson.dumps(c) + b"\n" for c in comments))
    return out


def result_for(report, sample):
    return next(r for r in report.results if r.sample == sample)


def test_bundled_fixtures_pass_against_the_samples(scraped_fixtures):
    report = check_samples(scraped_fixtures, FIXTURES / "text")
    assert report.ok, report.render()
    assert {r.sample for r in report.results} == {DT, WC}


def test_dropping_a_body_paragraph_fails_recall(scraped_fixtures, tmp_path):
    def drop_third(article):
        if article["extractor"] == "digitaltrends" and "police" in article["url"]:
            article["body"] = article["body"][:2] + article["body"][3:]

    report = check_samples(edited_copy(scraped_fixtures, tmp_path, drop_third), FIXTURES / "text")
    assert not report.ok
    misses = result_for(report, DT).misses
    assert any("not covered" in m and "Microsoft joins other tech companies" in m for m in misses)


def test_dropping_a_comment_fails_recall(scraped_fixtures, tmp_path):
    out = edited_copy(scraped_fixtures, tmp_path, edit_comments=lambda cs: [c for c in cs if c["position"] != 17])
    misses = result_for(check_samples(out, FIXTURES / "text"), WC).misses
    assert len(misses) == 1 and "The BBC is a liberal organisation" in misses[0]


def test_boilerplate_in_the_body_fails_precision(scraped_fixtures, tmp_path):
    def add_newsletter(article):
        if article["extractor"] == "digitaltrends" and "police" in article["url"]:
            article["body"].append({"type": "paragraph", "text": "Sign up for our newsletter", "url": None})

    misses = result_for(check_samples(edited_copy(scraped_fixtures, tmp_path, add_newsletter), FIXTURES / "text"), DT).misses
    assert misses == ["extracted but not in sample: body[11] (paragraph): 'Sign up for our newsletter'"]


def test_comments_out_of_page_order_fail(scraped_fixtures, tmp_path):
    def swap(comments):
        for c in comments:
            if c["position"] in (3, 30):
                c["position"] = 33 - c["position"]
        return comments

    misses = result_for(check_samples(edited_copy(scraped_fixtures, tmp_path, edit_comments=swap), FIXTURES / "text"), WC).misses
    assert any(m.startswith("out of page order") for m in misses)


def test_changed_title_means_no_article_for_the_sample(scraped_fixtures, tmp_path):
    def retitle(article):
        article["title"] = "Something else entirely"

    report = check_samples(edited_copy(scraped_fixtures, tmp_path, retitle), FIXTURES / "text")
    assert result_for(report, DT).misses == ["no article's title occurs in this sample"]


def test_empty_output_directory_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="no articles.jsonl records"):
        check_samples(tmp_path, FIXTURES / "text")
