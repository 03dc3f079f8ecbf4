"""Configuration through the command line: discovery, --config, --isolated, --show-settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from report_samples import BAD_PLAYBOOK

from playbook_lint.cli import main


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "bad.playbook").write_text(BAD_PLAYBOOK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["check", "--format", "concise", *args], catch_exceptions=False)


def test_pyproject_table_is_found_and_cli_beats_it(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.playbook-lint]\nignore = ["PB008"]\nfail-level = "error"\n'
    )
    result = _run("plans")
    assert "PB008" not in result.stdout
    assert "PB009" in result.stdout
    assert result.exit_code == 0  # only a warning left, fail-level error
    assert _run("--fail-level", "warning", "plans").exit_code == 1
    assert _run("--isolated", "plans").exit_code == 1
    assert "PB008" in _run("--isolated", "plans").stdout


def test_explicit_config_file(project: Path) -> None:
    (project / "strict.yaml").write_text("select: [PB009]\n")
    result = _run("--config", "strict.yaml", "plans")
    assert "PB009" in result.stdout
    assert "PB008" not in result.stdout


def test_exclude_and_per_file_ignores(project: Path) -> None:
    (project / "legacy").mkdir()
    (project / "legacy" / "old.playbook").write_text(BAD_PLAYBOOK)
    (project / ".playbook-lint.yaml").write_text(
        "exclude: ['legacy/**']\nper-file-ignores:\n  'plans/*.playbook': [PB009]\n"
    )
    result = _run(".")
    assert "legacy" not in result.stdout
    assert "plans/bad.playbook:9:14: error PB008" in result.stdout
    assert "PB009" not in result.stdout


def test_invalid_config_is_exit_2_with_file_line_and_key(project: Path) -> None:
    (project / ".playbook-lint.yaml").write_text("select: [PB1]\nfail-level: fatal\n")
    result = _run("plans")
    assert result.exit_code == 2
    assert ".playbook-lint.yaml:2: fail-level: is 'fatal'" in result.stderr
    assert "Traceback" not in result.output


def test_show_settings(project: Path) -> None:
    (project / ".playbook-lint.yaml").write_text("ignore: [PB008]\n")
    result = _run("--show-settings", "--select", "PB0", "plans")
    assert result.exit_code == 0
    assert f"# config: {project / '.playbook-lint.yaml'}" in result.stdout
    assert 'ignore = ["PB008"]' in result.stdout
    assert 'select = ["PB0"]' in result.stdout


def test_config_format_is_used_when_no_format_option(project: Path) -> None:
    (project / ".playbook-lint.yaml").write_text("format: [jsonl]\n")
    result = CliRunner().invoke(main, ["check", "plans"], catch_exceptions=False)
    assert result.stdout.startswith('{"path": "plans/bad.playbook"')
