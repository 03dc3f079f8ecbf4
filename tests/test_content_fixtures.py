"""PB501-PB504 fixtures, DSL and YAML: findings on exactly the annotated lines.

Each folder under ``fixtures/checks/PB50x`` holds the ruleset its playbooks are linted
with (``ruleset.yaml``); only the content codes are compared, so other checks' findings
(structure, handlers) do not make these fixtures brittle.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import FIXTURES, lint_file

CONTENT = ("PB501", "PB502", "PB503", "PB504")
FOLDERS = sorted(p.parent for p in (FIXTURES / "checks").glob("PB50*/**/ruleset.yaml"))
CASES = [
    path
    for folder in FOLDERS
    for path in sorted(folder.glob("*.playbook")) + sorted(folder.glob("*.playbook.yaml"))
]


def test_every_content_code_has_fixtures_in_both_forms() -> None:
    names = {str(p.relative_to(FIXTURES / "checks")) for p in CASES}
    for code in CONTENT:
        assert any(n.startswith(code) and n.endswith(".playbook") for n in names), code
        assert any(n.startswith(code) and n.endswith(".playbook.yaml") for n in names), code


def _finding(path: Path, line: int) -> tuple[int, int, int, int, str]:
    findings = lint_file(path, [str(path.parent / "ruleset.yaml")])
    [f] = [f for f in findings if f.line == line and f.code in CONTENT]
    return f.line, f.column, f.end_line, f.end_column, f.message


@pytest.mark.parametrize("suffix", [".playbook", ".playbook.yaml"])
def test_threats_are_reported_at_the_phrase(suffix: str) -> None:
    path = FIXTURES / "checks" / "PB501" / f"threats{suffix}"
    lines = path.read_text(encoding="utf-8").splitlines()
    for phrase, message in [
        ("殺了你", 'threatens violence: "殺了你"'),
        ("逮 捕 你", 'threatens arrest: "逮 捕 你"'),
        ("you will be ＡＲＲＥＳＴＥＤ", 'threatens arrest: "you will be ＡＲＲＥＳＴＥＤ"'),
        ("have you a.r.r.e.s.t.e.d", 'threatens arrest: "have you a.r.r.e.s.t.e.d"'),
        ("tell your employer", 'threatens public shaming: "tell your employer"'),
    ]:
        [line] = [n for n, text in enumerate(lines, start=1) if phrase in text]
        column = lines[line - 1].index(phrase) + 1
        assert _finding(path, line) == (line, column, line, column + len(phrase), message)
