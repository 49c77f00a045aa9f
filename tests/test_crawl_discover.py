import gzip
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.crawling.discover import Entry, Listing, lists_archives, parse_feed_date
from scraper.errors import InputError

BASE = "https://news.example/feed"
MiB = 1024 * 1024


def read(body: bytes | str, *, max_entries=1000, max_bytes=MiB, url=BASE):
    listing = Listing(body.encode() if isinstance(body, str) else body, url, max_entries=max_entries, max_bytes=max_bytes)
    return listing, list(listing)


def ts(text):
    return datetime.fromisoformat(text).timestamp()


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>T</title><link>https://news.example/</link>
<atom:link href="https://news.example/feed" rel="self"/>
<item><title>One</title><link>https://news.example/a/1?utm_source=rss</link>
  <pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate></item>
<item><title>Two</title><guid>https://news.example/a/2</guid><dc:date>2024-01-03T08:00:00Z</dc:date></item>
<item><title>Relative</title><link>/a/3</link><atom:updated>2024-01-05T00:00:00+01:00</atom:updated>
  <pubDate>Thu, 04 Jan 2024 00:00:00 +0000</pubDate></item>
<item><title>No link</title><guid isPermaLink="false">tag:1</guid></item>
</channel></rss>"""


def test_rss_items_give_links_guids_relative_urls_and_dates():
    listing, entries = read(RSS)
    assert listing.kind == "rss"
    assert entries == [
        Entry("https://news.example/a/1?utm_source=rss", lastmod=ts("2024-01-02T10:00:00+00:00"), published=ts("2024-01-02T10:00:00+00:00")),
        Entry("https://news.example/a/2", lastmod=ts("2024-01-03T08:00:00+00:00"), published=ts("2024-01-03T08:00:00+00:00")),
        Entry("https://news.example/a/3", lastmod=ts("2024-01-05T00:00:00+01:00"), published=ts("2024-01-04T00:00:00+00:00")),
    ]


def test_atom_entries_use_the_alternate_link_and_updated_date():
    body = """<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
    <link rel="self" href="https://news.example/atom"/>
    <entry><title>A</title><link rel="enclosure" href="https://cdn.example/a.mp3"/>
      <link rel="alternate" type="text/html" href="https://news.example/a"/>
      <published>2024-01-01T00:00:00Z</published><updated>2024-01-02T00:00:00Z</updated></entry>
    <entry><title>B</title><link href="b"/><updated>2024-01-03T00:00:00Z</updated></entry>
    </feed>"""
    listing, entries = read(body, url="https://news.example/atom")
    assert listing.kind == "atom"
    assert [e.url for e in entries] == ["https://news.example/a", "https://news.example/b"]
    assert entries[0].published == ts("2024-01-01T00:00:00+00:00")
    assert entries[0].lastmod == ts("2024-01-02T00:00:00+00:00")
    assert entries[1].published is None


def test_rss_1_0_items_are_read_from_rdf_about():
    body = """<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
    <channel rdf:about="https://news.example/"><title>T</title></channel>
    <item rdf:about="https://news.example/x"><title>X</title></item></rdf:RDF>"""
    listing, entries = read(body)
    assert listing.kind == "rss"
    assert [e.url for e in entries] == ["https://news.example/x"]


def test_sitemap_index_lists_child_sitemaps_with_lastmod():
    body = """<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://news.example/s1.xml.gz</loc><lastmod>2024-02-01</lastmod></sitemap>
    <sitemap><loc>https://news.example/s2.xml</loc></sitemap></sitemapindex>"""
    listing, entries = read(body)
    assert listing.kind == "sitemapindex"
    assert entries == [
        Entry("https://news.example/s1.xml.gz", is_sitemap=True, lastmod=ts("2024-02-01T00:00:00+00:00")),
        Entry("https://news.example/s2.xml", is_sitemap=True),
    ]


def test_google_news_sitemap_gives_the_publication_date():
    body = """<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
    <url><loc>https://news.example/n</loc><image:image><image:loc>https://cdn.example/i.jpg</image:loc></image:image>
      <news:news><news:publication><news:name>N</news:name></news:publication>
      <news:publication_date>2024-03-01T12:00:00+02:00</news:publication_date></news:news></url></urlset>"""
    listing, entries = read(body)
    assert listing.kind == "sitemap"
    assert entries == [Entry("https://news.example/n", published=ts("2024-03-01T12:00:00+02:00"))]


def test_gzipped_sitemap_is_inflated():
    body = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://news.example/g</loc></url></urlset>'
    _, entries = read(gzip.compress(body.encode()))
    assert [e.url for e in entries] == ["https://news.example/g"]


def test_gzip_bomb_is_refused_past_the_size_cap():
    bomb = gzip.compress(b"<urlset>" + b" " * (4 * MiB) + b"</urlset>")
    with pytest.raises(InputError, match="inflates to more than"):
        read(bomb, max_bytes=MiB)


def test_entity_expansion_is_refused():
    laughs = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><item><link>https://news.example/&lol3;</link></item></channel></rss>"""
    with pytest.raises(InputError, match="declares entities"):
        read(laughs)


def test_external_entity_is_refused_and_no_file_is_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xxe = f"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file://{secret}">]>
<urlset><url><loc>https://news.example/&xxe;</loc></url></urlset>"""
    with pytest.raises(InputError, match="refused"):
        read(xxe)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<html><body>Not a feed</body></html>", "neither an RSS/Atom feed nor an XML sitemap"),
        ("", "not a well-formed feed or sitemap"),
        ("<rss><channel><item><link>https://x.example/1</link>", "not a well-formed"),
    ],
)
def test_documents_that_are_not_listings_raise_input_error(body, message):
    with pytest.raises(InputError, match=message):
        read(body)


def test_entries_before_a_parse_error_are_kept():
    body = "<urlset><url><loc>https://x.example/1</loc></url><url><loc>https://x.example/2</loc></url><url><loc>&nbsp;</loc></url></urlset>"
    listing, entries = read(body)
    assert [e.url for e in entries] == ["https://x.example/1", "https://x.example/2"]
    assert listing.broken is not None


def test_entries_beyond_max_entries_are_not_read():
    body = "<urlset>" + "".join(f"<url><loc>https://x.example/{i}</loc></url>" for i in range(10)) + "</urlset>"
    listing, entries = read(body, max_entries=3)
    assert [e.url for e in entries] == [f"https://x.example/{i}" for i in range(3)]
    assert listing.truncated


def test_entries_without_usable_urls_are_skipped():
    body = "<urlset><url><loc>javascript:alert(1)</loc></url><url><lastmod>2024-01-01</lastmod></url><url><loc>https://x.example/ok</loc></url></urlset>"
    _, entries = read(body)
    assert [e.url for e in entries] == ["https://x.example/ok"]


def test_memory_stays_flat_for_a_big_sitemap():
    """Finished entries are dropped from the tree while reading (iterparse + clear)."""
    body = "<urlset>" + "".join(f"<url><loc>https://x.example/{i}</loc></url>" for i in range(5000)) + "</urlset>"
    listing = Listing(body.encode(), BASE, max_entries=10_000, max_bytes=10 * MiB)
    for count, _ in enumerate(listing, 1):
        assert len(listing._stack[0]) <= 1  # the root never holds more than the entry being read
    assert count == 5000


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Tue, 02 Jan 2024 10:00:00 GMT", "2024-01-02T10:00:00+00:00"),
        ("Tue, 02 Jan 2024 10:00:00 +0200", "2024-01-02T08:00:00+00:00"),
        ("2024-01-02T10:00:00Z", "2024-01-02T10:00:00+00:00"),
        ("2024-01-02", "2024-01-02T00:00:00+00:00"),
        ("2024-01-02T10:00:00.5-05:00", "2024-01-02T15:00:00.5+00:00"),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_feed_dates_parse_to_epoch_seconds(raw, expected):
    value = parse_feed_date(raw)
    if expected is None:
        assert value is None
    else:
        assert datetime.fromtimestamp(value, UTC) == datetime.fromisoformat(expected)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.example/category-sitemap.xml", True),
        ("https://x.example/post_tag-sitemap.xml", True),
        ("https://x.example/author-sitemap.xml", True),
        ("https://x.example/page-sitemap.xml", True),
        ("https://x.example/wp-sitemap-taxonomies-category-1.xml", True),
        ("https://x.example/wp-sitemap-users-1.xml", True),
        ("https://x.example/wp-sitemap-posts-page-1.xml", True),
        ("https://x.example/sitemap-tags.xml.gz", True),
        ("https://x.example/sitemap-sections.xml", True),
        ("https://shop.example/sitemap_collections_1.xml?from=1&to=9", True),
        ("https://shop.example/sitemap_blogs_1.xml", False),
        ("https://x.example/wp-sitemap-posts-post-1.xml", False),
        ("https://x.example/post-sitemap3.xml", False),
        ("https://x.example/sitemap-page-2.xml", False),  # page 2 of a long list of stories
        ("https://x.example/heritage-sitemap.xml", False),
        ("https://x.example/news-sitemap.xml?type=category", False),  # the file name tells, not the query
    ],
)
def test_lists_archives_reads_the_child_sitemaps_file_name(url, expected):
    assert lists_archives(url) is expected


@given(st.text(max_size=300))
def test_lists_archives_answers_any_text(text):
    assert lists_archives(text) in (True, False)
