"""``json`` (one array) and the shared finding-to-object mapping of cli.md."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..diagnostics import Finding


def finding_object(finding: Finding) -> dict[str, Any]:
    """A finding as the JSON object of cli.md (key order as documented)."""
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
    }


def render_json(findings: Sequence[Finding]) -> str:
    """One JSON array, sorted by path, line, column, code."""
    return (
        json.dumps([finding_object(f) for f in sorted(findings)], indent=2, ensure_ascii=False)
        + "\n"
    )
