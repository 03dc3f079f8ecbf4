"""PB006, PB3xx, PB4xx, PB6xx, PB7xx fire on the annotated lines, in both forms, and nowhere else.

Each fixture names the ruleset it is linted with in a ``# rules: FILE`` comment (a small
ruleset next to it that instantiates the checks as a bundled ruleset would); without one,
the default (baseline) applies.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import FIXTURES, expected_annotations, found_annotations, lint_file

FOLDERS = (
    "PB006-unreachable",
    "PB3xx-escalation",
    "PB4xx-notices",
    "PB6xx-third-party",
    "PB7xx-handlers",
)
CASES = sorted(
    path
    for folder in FOLDERS
    for pattern in ("*.playbook", "*.playbook.yaml")
    for path in (FIXTURES / "checks" / folder).glob(pattern)
)
_RULES = re.compile(r"#\s*rules:\s*(\S+)")


def rulesets_of(path: Path) -> list[str]:
    match = _RULES.search(path.read_text(encoding="utf-8"))
    return [str(path.parent / match.group(1))] if match else []


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_findings_match_annotations(path: Path) -> None:
    assert found_annotations(path, rulesets_of(path)) == expected_annotations(path)


@pytest.mark.parametrize(
    "path", [p for p in CASES if p.suffix == ".playbook"], ids=lambda p: p.name
)
def test_both_forms_say_the_same(path: Path) -> None:
    twin = path.with_name(path.name + ".yaml")
    assert twin.exists()
    dsl = [(f.line, f.code, f.message) for f in lint_file(path, rulesets_of(path))]
    yaml = [(f.line, f.code, f.message) for f in lint_file(twin, rulesets_of(twin))]
    assert [m for _, _, m in dsl] == [m for _, _, m in yaml]
