"""Validate JSONL output against the JSON Schemas in ``schemas/``."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import orjson
from jsonschema import Draft202012Validator, FormatChecker

from scraper.errors import InputError
from scraper.export.jsonl import FILES

MAX_REPORTED = 20


@cache
def validator(kind: str) -> Draft202012Validator:
    """The schema validator for ``article``, ``comment`` or ``error`` records (date-time formats checked)."""
    text = resources.files("scraper").joinpath("schemas", f"{kind}.schema.json").read_text("utf-8")
    return Draft202012Validator(json.loads(text), format_checker=FormatChecker())


def problems(kind: str, record: Any) -> list[str]:
    """Every way ``record`` breaks its schema, one line each; empty when it validates."""
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(record)'}: {e.message}"
        for e in sorted(validator(kind).iter_errors(record), key=lambda e: list(map(str, e.absolute_path)))
    ]


@attrs.define
class ValidationReport:
    lines: dict[str, int] = attrs.Factory(dict)
    errors: list[str] = attrs.Factory(list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.lines)

    def render(self) -> str:
        counts = ", ".join(f"{name}: {n} lines" for name, n in self.lines.items()) or "no JSONL files"
        shown = self.errors[:MAX_REPORTED]
        more = [f"... and {len(self.errors) - MAX_REPORTED} more"] if len(self.errors) > MAX_REPORTED else []
        verdict = "valid" if self.ok else f"{len(self.errors)} problems" if self.errors else "nothing to validate"
        return "\n".join([*shown, *more, f"{counts}: {verdict}"])


def validate_directory(directory: Path) -> ValidationReport:
    """Check every line of articles.jsonl, comments.jsonl and errors.jsonl in ``directory``."""
    report = ValidationReport()
    for kind, name in FILES.items():
        path = directory / name
        if not path.exists():
            continue
        count = 0
        try:
            handle = open(path, "rb")
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        with handle:
            for number, line in enumerate(handle, 1):
                count += 1
                where = f"{name}:{number}"
                if not line.endswith(b"\n"):
                    report.errors.append(f"{where}: torn line (no newline at end)")
                try:
                    record = orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    report.errors.append(f"{where}: not JSON: {exc}")
                    continue
                found = problems(kind, record)
                if found:
                    more = f" (and {len(found) - 1} more problems on this line)" if len(found) > 1 else ""
                    report.errors.append(f"{where}: {found[0]}{more}")
        report.lines[name] = count
    if not report.lines:
        raise InputError(f"{directory}: no articles.jsonl, comments.jsonl or errors.jsonl to validate")
    return report
