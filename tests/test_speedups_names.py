"""byline_names' remembered answer is what working it out again gives (see tests/test_speedups.py)."""

from __future__ import annotations

import gc

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.extract import names


class _Site:
    """A stand-in for an extractor: ``is_site_name`` answers for its own name only."""

    def __init__(self, name: str) -> None:
        self.name = name

    def is_site_name(self, text: str) -> bool:
        return text == self.name


@attrs.define
class _SlottedSite:
    name: str

    def is_site_name(self, text: str) -> bool:
        return text == self.name


# Bylines whose names depend on the site's name ("Morgan & Morgan" is one firm only on its own site).
_BYLINES = ("By Morgan & Morgan", "Acme News - Jane Roe", "By Jane Roe and John Doe", "Jane Roe and Acme News", "", None)
_SITES = (_Site("Morgan & Morgan"), _Site("Acme News"), _SlottedSite("Morgan & Morgan"))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_BYLINES), st.sampled_from((None, *range(len(_SITES)), "function"))), max_size=8))
def test_remembered_bylines_are_read_as_working_them_out_again(calls):
    for text, who in calls:
        if who is None:
            whole = None
        elif who == "function":
            whole = lambda t: t == "Morgan & Morgan"  # noqa: E731 - a plain function is never remembered
        else:
            whole = _SITES[who].is_site_name
        answer = names.byline_names(text, whole=whole)
        assert answer == names._byline_names(text, whole)
        answer.append("changed by the caller")  # the remembered answer is not the caller's list
        assert names.byline_names(text, whole=whole) == names._byline_names(text, whole)


def test_an_extractor_gone_is_not_answered_for():
    site = _Site("Morgan & Morgan")
    assert names.byline_names("By Morgan & Morgan", whole=site.is_site_name) == ["Morgan & Morgan"]
    del site
    gc.collect()
    other = _Site("Acme News")  # may take the freed object's address: its answer must be its own
    assert names.byline_names("By Morgan & Morgan", whole=other.is_site_name) == ["Morgan"]
