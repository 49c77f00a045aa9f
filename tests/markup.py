"""Hypothesis strategies shared by tests that compare a faster code path with the plain one it replaces."""

from __future__ import annotations

from hypothesis import strategies as st


def nested_markup(leaves: tuple[str, ...], tags: tuple[str, ...], *, max_leaves: int = 12) -> st.SearchStrategy[str]:
    """Random nested HTML: ``leaves`` (text, comments, void tags) inside elements opened as ``<tag ...>``
    (a tag may carry attributes) and closed by their first word."""
    return st.recursive(
        st.sampled_from(leaves),
        lambda inner: st.tuples(st.sampled_from(tags), st.lists(inner, max_size=3)).map(
            lambda pair: f"<{pair[0]}>{''.join(pair[1])}</{pair[0].split()[0]}>"
        ),
        max_leaves=max_leaves,
    )
