"""Every front end's formats are one table of the same ``Format`` record: each name in
``diff``'s and ``audit``'s tables works through ``--format``, and the help and the error
for an unknown name list exactly the table (a format added in one place fails here)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_lint.cli import main
from playbook_lint.output.registry import formats
from playbook_lint.run.format_table import ENTRIES, names

ROOT = Path(__file__).resolve().parent.parent
OLD = str(ROOT / "tests/fixtures/diff/standard-v1.playbook")
NEW = str(ROOT / "tests/fixtures/diff/standard-v2-loosens.playbook")


DIFF_FORMATS = names("diff")
AUDIT_FORMATS = names("audit")


def test_each_table_files_each_format_under_its_own_name() -> None:
    for command in ("check", "diff", "audit"):
        assert list(formats(command)) == list(names(command))
        assert all(name == record.name for name, record in formats(command).items())
    assert {e.command for e in ENTRIES} == {"check", "diff", "audit"}


def test_every_help_lists_its_command_s_formats() -> None:
    for command in ("check", "diff", "audit"):
        result = CliRunner().invoke(main, [command, "--help"])
        section = " ".join(result.output.split()).split("--format", 1)[1][:300]
        for name in names(command):
            assert re.search(rf"\b{name}\b", section), (command, name, section)


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
