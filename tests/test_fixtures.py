"""One driver for every check fixture: each folder under ``fixtures/checks`` is found and
run without editing a driver, with one rule: the set of (line, code) the linter reports
equals the set the ``# expect:`` comments announce, and every line without one stays
silent for every code. ``# expect: PB101 "within 7 days"`` also pins a fragment of the
message."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import FIXTURES, expected_annotations, fixture_rulesets, lint_file, pinned_messages

# Every folder of fixtures linted whole: the check families and the suppressions.
# (fixtures/syntax is held to its parse diagnostics alone by test_parse_syntax_fixtures;
# fixtures/language and fixtures/parity are the contract's examples, copied verbatim.)
LINTED = (FIXTURES / "checks", FIXTURES / "suppression")
CASES = sorted(
    path
    for root in LINTED
    for pattern in ("*.playbook", "*.playbook.yaml")
    for path in root.rglob(pattern)
)


def test_every_check_folder_has_fixtures_in_both_forms() -> None:
    for folder in (d for d in (FIXTURES / "checks").iterdir() if d.is_dir()):
        mine = [p for p in CASES if folder in p.parents]
        assert any(p.suffix == ".playbook" for p in mine), folder.name
        assert any(p.name.endswith(".playbook.yaml") for p in mine), folder.name


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_reports_exactly_what_it_announces(path: Path) -> None:
    findings = lint_file(path, fixture_rulesets(path))
    assert {(f.line, f.code) for f in findings} == expected_annotations(path)
    for line, code, fragment in pinned_messages(path):
        messages = [f.message for f in findings if (f.line, f.code) == (line, code)]
        assert any(fragment in m for m in messages), (line, code, fragment, messages)


def _ranked(path: Path) -> list[tuple[int, str, str]]:
    """Each finding as (rank of its line among the annotated lines, code, message): the
    twins' lines differ, but the n-th annotated line of one is the n-th of the other."""
    annotated = sorted({line for line, _ in expected_annotations(path)})
    ranks = {line: n for n, line in enumerate(annotated)}
    findings = lint_file(path, fixture_rulesets(path))
    # The stable message holds no line of its own form (no "(with line 15)").
    return sorted((ranks.get(f.line, -f.line), f.code, f.stable_message) for f in findings)


@pytest.mark.parametrize(
    "path",
    [p for p in CASES if p.suffix == ".playbook" and p.with_name(p.name + ".yaml").exists()],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_both_forms_say_the_same(path: Path) -> None:
    twin = path.with_name(path.name + ".yaml")
    assert _ranked(twin) == _ranked(path)
