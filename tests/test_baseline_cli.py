"""Baselines and suppressions through the command line."""

from __future__ import annotations

import json
import os
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


def _run_in(folder: Path, *args: str):  # type: ignore[no-untyped-def]
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        return _run(*args)
    finally:
        os.chdir(cwd)


def test_baseline_matches_from_any_directory(project: Path) -> None:
    (project / "plans").mkdir()
    (project / "bad.playbook").rename(project / "plans" / "bad.playbook")
    written = _run("--write-baseline", "ci/base.json", "plans")
    assert written.exit_code == 0
    document = json.loads((project / "ci" / "base.json").read_text())
    assert document["playbook-lint-baseline"] == 2
    assert {e["path"] for e in document["findings"]} == {"../plans/bad.playbook"}
    assert _run("--baseline", "ci/base.json", "plans").exit_code == 0
    assert _run_in(project / "plans", "--baseline", "../ci/base.json", ".").exit_code == 0
    absolute = str(project / "plans" / "bad.playbook")
    result = _run_in(project / "ci", "--baseline", "base.json", absolute)
    assert result.exit_code == 0, result.stdout
    assert result.stderr == ""  # nothing stale


def test_baseline_in_config_is_relative_to_the_config_and_matches(project: Path) -> None:
    (project / "plans").mkdir()
    (project / "bad.playbook").rename(project / "plans" / "bad.playbook")
    (project / ".playbook-lint.yaml").write_text("baseline: ci/base.json\n")
    assert _run("--write-baseline", "ci/base.json", "plans").exit_code == 0
    assert _run("plans").exit_code == 0
    # From plans/ the run-wide config is the one closest to plans/: the root's.
    assert _run_in(project / "plans", "bad.playbook").exit_code == 0


def test_version_1_baseline_still_reads(project: Path) -> None:
    _run("--write-baseline", "base.json", "bad.playbook")
    document = json.loads((project / "base.json").read_text())
    document["playbook-lint-baseline"] = 1
    (project / "base.json").write_text(json.dumps(document))
    result = _run("--baseline", "base.json", "bad.playbook")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_newer_baseline_version_is_exit_2(project: Path) -> None:
    (project / "base.json").write_text('{"playbook-lint-baseline": 9, "findings": []}')
    result = _run("--baseline", "base.json", "bad.playbook")
    assert result.exit_code == 2
    assert "version 9 is not one this playbook-lint reads (1, 2)" in result.stderr
