"""When a ``check`` has several things wrong with it, the one reported (exit 2) is the same
whichever way the run is assembled (issue 20 item 2: ``check``, the server and ``audit``
are to share one run from a ``CheckRequest``; this pins the order that run must keep):
the config first, then the formats, the paths, the rulesets and selectors, the baseline."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_lint.cli import main

DIFF = Path(__file__).resolve().parent / "fixtures" / "diff"


@pytest.fixture(params=["standard-v1.playbook", "standard-v1.playbook.yaml"])
def playbook(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    monkeypatch.chdir(tmp_path)
    name: str = request.param
    (tmp_path / name).write_text((DIFF / name).read_text(encoding="utf-8"), encoding="utf-8")
    return name


CASES = [
    # (what is wrong, the start of the one error reported)
    (["--config", "nope.toml", "--format", "bogus", "nothere"], "nope.toml: no such config file"),
    (["--format", "bogus", "nothere", "--ruleset", "nope-rs"], "unknown format 'bogus'"),
    (["--ruleset", "nope-rs", "nothere"], "no such file or directory: nothere"),
    (["--ruleset", "nope-rs", "--baseline", "nob.json", "{playbook}"], "unknown ruleset 'nope-rs'"),
    (["--select", "PB999", "--baseline", "nob.json", "{playbook}"], "'PB999' names no check"),
    (["--baseline", "nob.json", "{playbook}"], "cannot read baseline nob.json"),
]


@pytest.mark.parametrize(("args", "first"), CASES)
def test_the_first_problem_is_the_one_reported(playbook: str, args: list[str], first: str) -> None:
    argv = ["check", "--no-cache", *(a.replace("{playbook}", playbook) for a in args)]
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith("playbook-lint: error: ")
    assert first in errors[0], errors[0]
    assert result.stdout == ""
