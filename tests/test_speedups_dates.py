"""The single-core speed-ups of date finding give the same answers as the plain code they replace.

As in tests/test_speedups.py: each rewrite keeps the plain version as the reference, and a property
test compares the two on generated input.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scraper import normalize
from scraper.normalize import parse_date

# Dates as pages declare and print them, and pieces of them: ISO, RFC 2822, Unix time, printed forms.
_DATE_PIECES = st.sampled_from((
    "2019", "2019-10-18", "T10:30", ":00", "Z", "+02:00", "-0530", " ", "18", "10", "/", ".", "-",
    "Fri, 18 Oct 2019 10:30:00 +0200", "1571387400", "October", "Oct.", "18th,", "de", "3:51 pm", "EDT",
    "年", "月", "日", "0", "99", "\n", "1e3",
))


@settings(max_examples=1000, deadline=None)
@given(st.lists(_DATE_PIECES, max_size=8).map("".join), st.booleans())
def test_cached_date_parsing_reads_every_text_as_the_plain_parser_did(text, month_first):
    plain = normalize._parse_text.__wrapped__(text, month_first)
    assert parse_date(text, month_first=month_first) == plain
    assert parse_date(text, month_first=month_first) == plain  # the cached answer, asked again


def test_parse_date_still_reads_numbers_and_rejects_other_types():
    assert parse_date(1571387400) == parse_date("1571387400")
    assert parse_date(True) is None and parse_date(["2019-10-18"]) is None and parse_date(None) is None
