"""Names a package exports but imports on first use (PEP 562 module ``__getattr__``), so importing the
package stays cheap: ``scraper`` loads no HTTP stack or parser, ``scraper.crawling`` no crawler for a scrape."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import import_module
from typing import Any


def lazy_names(
    package: str, homes: dict[str, str], namespace: dict[str, Any], exported: Iterable[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``: each name of ``homes`` imported from its module
    on first use and kept in ``namespace`` (the package's ``globals()``), so it is looked up once."""
    exported = frozenset(exported)

    def __getattr__(name: str) -> Any:
        if name in homes:
            value = namespace[name] = getattr(import_module(homes[name]), name)
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted({*namespace, *exported})

    return __getattr__, __dir__
