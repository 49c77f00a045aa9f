"""More authors of whole pages: metadata precedence and bylines printed without byline markup.

Pages are the full documents `tests.test_authors_bylines.page()` builds (head, navigation, the article,
comments, a footer); each test changes the head or the byline and checks the names returned.
"""

from __future__ import annotations

from tests.test_authors_bylines import authors, page


def test_dublin_core_creator_property_beats_a_plain_author_meta():
    head = '<meta name="author" content="Webmaster Wu"><meta property="dc:creator" content="Jane Roe">'
    assert authors(page(head)) == ["Jane Roe"]


def test_a_space_separated_property_list_naming_dc_creator_is_read():
    head = '<meta property="dc:creator twitter:site_name" content="Jane Roe"><meta name="author" content="Webmaster Wu">'
    assert authors(page(head)) == ["Jane Roe"]
