"""PB006, PB3xx, PB4xx, PB6xx, PB7xx fire on the annotated lines, in both forms, and nowhere else.

Each fixture names the ruleset it is linted with in a ``# rules: FILE`` comment (a small
ruleset next to it that instantiates the checks as a bundled ruleset would); without one,
the default (baseline) applies.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import FIXTURES, expected_annotations, fixture_rulesets, found_annotations, lint_file

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


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_findings_match_annotations(path: Path) -> None:
    assert found_annotations(path, fixture_rulesets(path)) == expected_annotations(path)


@pytest.mark.parametrize(
    "path", [p for p in CASES if p.suffix == ".playbook"], ids=lambda p: p.name
)
def test_both_forms_say_the_same(path: Path) -> None:
    """Both forms report the same (messages without the lines of related places)."""
    twin = path.with_name(path.name + ".yaml")
    assert twin.exists()
    dsl = [(f.line, f.code, f.stable_message) for f in lint_file(path, fixture_rulesets(path))]
    yaml = [(f.line, f.code, f.stable_message) for f in lint_file(twin, fixture_rulesets(twin))]
    assert [m for _, _, m in dsl] == [m for _, _, m in yaml]
