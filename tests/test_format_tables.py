"""Every front end's formats are one table of the same ``Format`` record: each name in
``diff``'s and ``audit``'s tables works through ``--format``, and the help and the error
for an unknown name list exactly the table (a format added in one place fails here)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_lint.audit.formats import AUDIT_FORMATS
from playbook_lint.cli import main
from playbook_lint.diff.report import DIFF_FORMATS

ROOT = Path(__file__).resolve().parent.parent
OLD = str(ROOT / "tests/fixtures/diff/standard-v1.playbook")
NEW = str(ROOT / "tests/fixtures/diff/standard-v2-loosens.playbook")


def test_each_table_files_each_format_under_its_own_name() -> None:
    for formats in (DIFF_FORMATS, AUDIT_FORMATS):
        assert all(name == record.name for name, record in formats.items())


@pytest.mark.parametrize("name", list(DIFF_FORMATS))
def test_every_diff_format_through_the_option(name: str) -> None:
    result = CliRunner().invoke(main, ["diff", "--year", "2026", "--format", name, OLD, NEW])
    assert result.exit_code == 1, result.output
    # Every diff format says what loosens (json: in its summary).
    if name == "json":
        assert json.loads(result.stdout)["summary"]["loosens"] > 0
    else:
        assert re.search(r"[1-9][0-9]* loosens", result.stdout), result.stdout


def test_diff_help_lists_the_table() -> None:
    result = CliRunner().invoke(main, ["diff", "--help"])
    assert "|".join(DIFF_FORMATS) in result.output


@pytest.mark.parametrize("name", list(AUDIT_FORMATS))
def test_every_audit_format_through_the_option(name: str, tmp_path: Path) -> None:
    out = tmp_path / "report.out"
    playbook = str(ROOT / "examples/sloppy-us-agency.playbook")
    args = ["audit", "--jobs", "1", "--year", "2026", "--format", f"{name}:{out}", playbook]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    assert "sloppy-us-agency" in out.read_text(encoding="utf-8")


def test_an_unknown_audit_format_names_the_table() -> None:
    result = CliRunner().invoke(main, ["audit", "--format", "yaml", "examples"])
    assert result.exit_code == 2
    assert ", ".join(AUDIT_FORMATS) in result.output
