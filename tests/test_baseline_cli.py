"""Baselines and suppressions through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_samples import BAD_PLAYBOOK

from playbook_lint.cli import main


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "bad.playbook").write_text(BAD_PLAYBOOK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["check", "--format", "concise", *args], catch_exceptions=False)


def test_write_then_apply_baseline_and_move_lines(project: Path) -> None:
    written = _run("--write-baseline", "base.json", "bad.playbook")
    assert written.exit_code == 0
    assert "2 findings" in written.stderr
    assert len(json.loads((project / "base.json").read_text())["findings"]) == 2
    assert _run("--baseline", "base.json", "bad.playbook").exit_code == 0
    # Ten lines of comments above everything: still baselined.
    moved = "# moved\n" * 10 + BAD_PLAYBOOK
    (project / "bad.playbook").write_text(moved)
    assert _run("--baseline", "base.json", "bad.playbook").exit_code == 0
    # A new problem is reported; the old ones stay silent.
    newer = moved.replace("on payment_received", 'template extra sms "x"\n\non payment_received')
    (project / "bad.playbook").write_text(newer)
    result = _run("--baseline", "base.json", "bad.playbook")
    assert result.exit_code == 1
    assert result.stdout.count("PB009") == 1
    assert "extra" in result.stdout


def test_stale_entries_are_reported(project: Path) -> None:
    _run("--write-baseline", "base.json", "bad.playbook")
    fixed = BAD_PLAYBOOK.replace("  call using due_soon on day -1 at 10:00\n", "")
    (project / "bad.playbook").write_text(fixed)
    result = _run("--baseline", "base.json", "bad.playbook")
    assert result.exit_code == 0
    assert "1 baseline entry no longer match" in result.stderr


def test_baseline_in_sarif_is_marked_external(project: Path) -> None:
    _run("--write-baseline", "base.json", "bad.playbook")
    _run("--baseline", "base.json", "--format", "sarif:out.sarif", "bad.playbook")
    results = json.loads((project / "out.sarif").read_text())["runs"][0]["results"]
    assert {r["suppressions"][0]["kind"] for r in results} == {"external"}


def test_bad_baseline_file_is_exit_2(project: Path) -> None:
    (project / "base.json").write_text("[]")
    result = _run("--baseline", "base.json", "bad.playbook")
    assert result.exit_code == 2
    assert "not a playbook-lint baseline" in result.stderr
    assert _run("--baseline", "missing.json", "bad.playbook").exit_code == 2


def test_no_suppressions_for_auditors(project: Path) -> None:
    suppressed = BAD_PLAYBOOK.replace(
        'April. Reply STOP to opt out."',
        'April. Reply STOP to opt out."  # playbook-lint: ignore[PB009] -- spring campaign',
    )
    (project / "bad.playbook").write_text(suppressed)
    assert "PB009" not in _run("bad.playbook").stdout
    assert "PB009" in _run("--no-suppressions", "bad.playbook").stdout
    sarif = CliRunner().invoke(main, ["check", "--format", "sarif", "bad.playbook"]).stdout
    (result,) = [r for r in json.loads(sarif)["runs"][0]["results"] if r["ruleId"] == "PB009"]
    assert result["suppressions"] == [{"kind": "inSource", "justification": "spring campaign"}]
