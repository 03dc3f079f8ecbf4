"""docs/audit.md: the commands it walks an auditor through work as written."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_lint.cli import main

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "audit.md"


def _commands() -> list[list[str]]:
    blocks = re.findall(r"```sh\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    out = []
    for block in blocks:
        for line in block.replace("\\\n", " ").splitlines():
            argv = shlex.split(line.removeprefix("$ "))
            if argv[:1] == ["playbook-lint"]:
                out.append(argv[1:])
    return out


def test_the_walkthrough_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for lender, example in (
        ("acme-finance", "sloppy-us-agency"),
        ("bay-state", "us-ma-credit-union"),
    ):
        (tmp_path / "submissions" / lender).mkdir(parents=True)
        shutil.copy(REPO / "examples" / f"{example}.playbook", tmp_path / "submissions" / lender)
    monkeypatch.chdir(tmp_path)
    commands = _commands()
    assert [c[0] for c in commands] == ["audit", "audit"]
    audit, verify = commands
    assert CliRunner().invoke(main, audit).exit_code == 1  # the sloppy agency fails
    for written in ("audit.html", "audit.json", "audit.csv"):
        assert (tmp_path / written).stat().st_size > 0
    result = CliRunner().invoke(main, verify)
    assert result.exit_code == 0, result.output
    assert "audit.json: verified: 2 inputs, 2 rulesets and 4 verdicts unchanged" in result.output
