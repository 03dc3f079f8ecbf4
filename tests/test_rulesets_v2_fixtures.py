"""The v2 rulesets on realistic playbooks, in both forms: each fires where the law says it
must (``# expect:`` lines) and its lawful look-alike stays silent.

Each fixture is linted with its own `jurisdiction` (the bundled ruleset), baseline included.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import FIXTURES, expected_annotations, found_annotations, lint_file

FOLDER = FIXTURES / "checks" / "rulesets-v2"
CASES = sorted([*FOLDER.glob("*.playbook"), *FOLDER.glob("*.playbook.yaml")])


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_findings_match_annotations(path: Path) -> None:
    assert found_annotations(path) == expected_annotations(path)


@pytest.mark.parametrize("path", sorted(FOLDER.glob("*.playbook")), ids=lambda p: p.name)
def test_both_forms_say_the_same(path: Path) -> None:
    def key(p: Path) -> list[tuple[str, str | None, str]]:
        # Messages may name a line of their own form ("stage early, line 17").
        return sorted(
            (f.code, f.rule, re.sub(r"line \d+", "line N", f.message)) for f in lint_file(p)
        )

    assert key(path.with_name(path.name + ".yaml")) == key(path)


def test_every_fixture_that_fires_has_a_silent_look_alike() -> None:
    firing = [p for p in FOLDER.glob("*.playbook") if expected_annotations(p)]
    silent = [p for p in FOLDER.glob("*.playbook") if not expected_annotations(p)]
    assert firing
    assert len(silent) >= len(firing) - 1  # au-holidays' look-alike is its own letter line
