"""``json`` (one array) and the shared finding-to-object mapping of cli.md."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..diagnostics import Finding
from .identity import fingerprints
from .sink import Format, Options, Sink, Write


def finding_object(finding: Finding, fingerprint: str | None = None) -> dict[str, Any]:
    """A finding as the JSON object of cli.md (key order as documented, with ``basis``,
    checks.md v2: law, guidance or practice), then what tools need besides: ``help``,
    ``fingerprint`` (the baseline identity, hashed: no line or column; ``fingerprints``
    tells identical findings apart by occurrence), ``related`` places, and ``suppressed``
    (the reason, with ``--show-suppressed``; else null)."""
    if fingerprint is None:
        [fingerprint] = fingerprints([finding], keep_numbers=True)
    return {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "code": finding.code,
        "check": finding.check,
        "rule": finding.rule,
        "severity": str(finding.severity),
        "message": finding.message,
        "cite": finding.cite,
        "url": finding.url,
        "basis": finding.basis,
        "help": finding.help,
        "fingerprint": fingerprint,
        "related": [
            {"line": r.span.line, "column": r.span.column, "message": r.message}
            for r in finding.related
        ],
        "suppressed": finding.suppressed,
    }


def finding_objects(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """Every finding's object, sorted, each with its fingerprint."""
    ordered = sorted(findings)
    prints = fingerprints(ordered, keep_numbers=True)
    return [finding_object(f, p) for f, p in zip(ordered, prints, strict=True)]


def render_json(findings: Sequence[Finding]) -> str:
    """One JSON array, sorted by path, line, column, code."""
    return json.dumps(finding_objects(findings), indent=2, ensure_ascii=False) + "\n"


def indented(value: Any, depth: int, *, ascii_only: bool = False) -> str:
    """``value`` as ``json.dumps(..., indent=2)`` writes it ``depth`` levels deep (what
    a sink writes one element at a time into an array)."""
    text = json.dumps(value, indent=2, ensure_ascii=ascii_only)
    return text.replace("\n", "\n" + "  " * depth)


class _JsonSink(Sink):
    """``[`` then each object where the array's ``indent=2`` dump would place it, then
    ``]``: the report is written as files arrive."""

    def __init__(self, write: Write, options: Options) -> None:
        super().__init__(write, options)
        self._count = 0

    def file(
        self, path: str, shown: list[Finding], every: list[Finding], source: str | None
    ) -> None:
        # Fingerprints count repeats of a key that includes the path: one file's
        # findings give the same ones as the whole run's.
        for item in finding_objects(every if self.options.show_suppressed else shown):
            self._write("[\n  " if self._count == 0 else ",\n  ")
            self._write(indented(item, 1))
            self._count += 1

    def finish(self, files_checked: int) -> None:
        self._write("\n]\n" if self._count else "[]\n")


def _open(write: Write, options: Options) -> Sink:
    return _JsonSink(write, options)


JSON = Format("json", _open)
