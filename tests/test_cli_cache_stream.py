"""`check` through the result cache and with reports written file by file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_lint.cli import main
from playbook_lint.output import reports
from playbook_lint.run import engine
from playbook_lint.run.cache import CACHE_DIR

EXAMPLES = Path(__file__).parent.parent / "examples"


def _project(tmp_path: Path, config: str = "") -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "playbooks")
    (tmp_path / "pyproject.toml").write_text(f"[tool.playbook-lint]\n{config}", encoding="utf-8")
    return tmp_path


def _check(cwd: Path, *args: str) -> tuple[int, str]:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, ["check", "--format", "concise", *args])
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout


@pytest.mark.cache
def test_the_second_run_reads_the_cache_at_the_project_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path)
    (project / "sub").mkdir()
    first = _check(project / "sub", "../playbooks")
    assert first[0] == 1
    assert (project / CACHE_DIR / ".gitignore").is_file()
    assert not (project / "sub" / CACHE_DIR).exists()

    def not_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("linted again")

    monkeypatch.setattr(engine, "lint_text", not_again)
    assert _check(project / "sub", "../playbooks") == first


@pytest.mark.cache
def test_no_cache_and_cache_false_leave_no_cache(tmp_path: Path) -> None:
    project = _project(tmp_path)
    plain = _check(project, "playbooks", "--no-cache")
    assert not (project / CACHE_DIR).exists()
    off = _project(tmp_path / "off", "cache = false\n")
    assert _check(off, "playbooks") == plain
    assert not (off / CACHE_DIR).exists()


@pytest.mark.cache
def test_a_bad_cache_key_in_config_is_an_error(tmp_path: Path) -> None:
    project = _project(tmp_path, 'cache = "no"\n')
    code, _ = _check(project, "playbooks")
    assert code == 2


@pytest.mark.cache
def test_a_corrupt_cache_is_ignored_and_rewritten(tmp_path: Path) -> None:
    project = _project(tmp_path)
    first = _check(project, "playbooks")
    entries = list((project / CACHE_DIR).rglob("*.json"))
    assert entries
    for entry in entries:
        entry.write_text('{"key": "forged", "findings": [], "suppressed": []}')
    assert _check(project, "playbooks") == first
    assert all("forged" not in e.read_text() for e in entries)


@pytest.mark.parametrize("name", ["concise", "full", "json", "jsonl", "github", "sarif"])
def test_streamed_reports_match_the_collected_ones(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path)
    args = ["--format", name, "--ruleset", "uk-cca", "playbooks/uk-lender.playbook", "playbooks"]
    streamed = _check(project, *args)
    monkeypatch.setattr(reports, "streamable", lambda *a, **k: False)
    assert _check(project, *args) == streamed


def test_a_streamed_report_file_is_written_whole(tmp_path: Path) -> None:
    project = _project(tmp_path)
    code, out = _check(project, "--format", "sarif:out/report.sarif", "playbooks")
    report = project / "out" / "report.sarif"
    assert code == 1
    assert report.read_text(encoding="utf-8").startswith("{")
    assert [p.name for p in report.parent.iterdir()] == ["report.sarif"]
    assert out.startswith("playbooks/")


@pytest.mark.parametrize("streamed", [True, False])
def test_a_file_gone_before_its_turn_is_exit_2_after_the_others(
    streamed: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playbook_lint.run import check as run

    project = _project(tmp_path)
    monkeypatch.setattr(run, "discover", lambda paths, errors: ["gone.playbook", *paths])
    if not streamed:
        monkeypatch.setattr(reports, "streamable", lambda *a, **k: False)
    code, out = _check(project, "playbooks/au-lender.playbook")
    assert code == 2
    assert out == "All checks passed (1 file).\n"
