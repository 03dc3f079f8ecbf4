"""Broken files in tests/fixtures/syntax: the parser reports exactly the annotated lines.

Each fixture marks a line that must get a parse finding with ``# expect: PB001`` (or
PB002, PB003, PB007); every other line must stay silent, and nothing may raise.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook_lint.syntax.parse import parse_source
from support import FIXTURES, expected_annotations

SYNTAX = sorted((FIXTURES / "syntax").iterdir())


@pytest.mark.parametrize("path", SYNTAX, ids=lambda p: p.name)
def test_parse_findings_match_the_annotations(path: Path) -> None:
    result = parse_source(path.read_text(encoding="utf-8"), str(path))
    found = {(d.span.line, d.code) for d in result.diagnostics}
    assert found == expected_annotations(path)


@pytest.mark.parametrize("path", SYNTAX, ids=lambda p: p.name)
def test_at_most_one_syntax_error_per_line(path: Path) -> None:
    result = parse_source(path.read_text(encoding="utf-8"), str(path))
    lines = [d.span.line for d in result.diagnostics if d.code == "PB001"]
    assert len(lines) == len(set(lines))
