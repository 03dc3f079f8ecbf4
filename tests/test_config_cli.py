"""Configuration through the command line: discovery, --config, --isolated, --show-settings."""

from __future__ import annotations

import re
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


def test_invalid_config_is_exit_2_with_file_line_column_and_key(project: Path) -> None:
    (project / ".playbook-lint.yaml").write_text("select: [PB1]\nfail-level: fatal\n")
    result = _run("plans")
    assert result.exit_code == 2
    assert ".playbook-lint.yaml:2:1: fail-level: is 'fatal'" in result.stderr
    # A flow mapping puts the key mid-line: the column says where.
    (project / ".playbook-lint.yaml").write_text("{select: [PB1], fail-level: fatal}\n")
    assert ".playbook-lint.yaml:1:17: fail-level: is 'fatal'" in _run("plans").stderr
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


@pytest.fixture
def monorepo(project: Path) -> Path:
    """Two teams with their own configs under a root config; run from the root."""
    for team in ("a", "b"):
        (project / "teams" / team).mkdir(parents=True)
        (project / "teams" / team / "bad.playbook").write_text(BAD_PLAYBOOK, encoding="utf-8")
    (project / ".playbook-lint.yaml").write_text("format: [jsonl]\nignore: [PB009]\n")
    (project / "teams" / "a" / ".playbook-lint.yaml").write_text(
        "rulesets: [us-regf]\nfail-level: error\nignore: [PB008]\nformat: [json]\n"
    )
    (project / "teams" / "b" / "pyproject.toml").write_text(
        '[tool.playbook-lint]\nselect = ["PB008", "PB009"]\nfail-level = "error"\n'
        '[tool.playbook-lint.per-file-ignores]\n"legacy/*.playbook" = ["PB008"]\n'
    )
    return project


def _lines(result) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    """The codes reported in each file, from concise lines."""
    by_file: dict[str, set[str]] = {}
    for match in re.finditer(r"^(\S+?):\d+:\d+: \w+ (PB\d+)", result.stdout, re.MULTILINE):
        by_file.setdefault(match[1], set()).add(match[2])
    return by_file


def test_each_path_is_linted_with_its_own_config(monorepo: Path) -> None:
    result = _run("teams/a", "teams/b")
    found = _lines(result)
    # a: us-regf on, PB008 ignored, PB009 not ignored (the root's ignore is not merged).
    assert "PB401" in found["teams/a/bad.playbook"]
    assert "PB008" not in found["teams/a/bad.playbook"]
    assert "PB009" in found["teams/a/bad.playbook"]
    # b: no us-regf, only what it selects.
    assert found["teams/b/bad.playbook"] == {"PB008", "PB009"}
    # The order of the paths changes nothing.
    assert _lines(_run("teams/b", "teams/a")) == found


def test_fail_level_is_per_file(monorepo: Path) -> None:
    (monorepo / "teams" / "b" / "pyproject.toml").write_text(
        '[tool.playbook-lint]\nselect = ["PB009"]\nfail-level = "error"\n'
    )
    (monorepo / "teams" / "a" / ".playbook-lint.yaml").write_text("select: [PB009]\n")
    assert _run("teams/b").exit_code == 0  # a warning under fail-level error
    assert _run("teams/a").exit_code == 1  # the same warning under the default
    assert _run("teams/b", "teams/a").exit_code == 1
    assert _run("--fail-level", "error", "teams/b", "teams/a").exit_code == 0


def test_per_file_ignores_and_exclude_are_relative_to_their_config(monorepo: Path) -> None:
    for team in ("a", "b"):
        (monorepo / "teams" / team / "legacy").mkdir()
        (monorepo / "teams" / team / "legacy" / "old.playbook").write_text(BAD_PLAYBOOK)
    (monorepo / "teams" / "a" / ".playbook-lint.yaml").write_text("exclude: ['legacy/**']\n")
    found = _lines(_run("teams"))
    assert "teams/a/legacy/old.playbook" not in found
    assert found["teams/b/legacy/old.playbook"] == {"PB009"}
    assert found["teams/b/bad.playbook"] == {"PB008", "PB009"}


def test_command_line_options_apply_to_every_file(monorepo: Path) -> None:
    found = _lines(_run("--ignore", "PB009", "teams/a", "teams/b"))
    assert "PB401" in found["teams/a/bad.playbook"]
    assert found["teams/b/bad.playbook"] == {"PB008"}


def test_explicit_config_and_isolated_apply_to_every_file(monorepo: Path) -> None:
    (monorepo / "strict.yaml").write_text("select: [PB009]\n")
    found = _lines(_run("--config", "strict.yaml", "teams/a", "teams/b"))
    assert found == {"teams/a/bad.playbook": {"PB009"}, "teams/b/bad.playbook": {"PB009"}}
    found = _lines(_run("--isolated", "teams/a", "teams/b"))
    assert found["teams/a/bad.playbook"] == found["teams/b/bad.playbook"] == {"PB008", "PB009"}


def test_run_wide_settings_come_from_the_current_directory(monorepo: Path) -> None:
    # No --format: the root config's jsonl, not teams/a's json, though a is first.
    result = CliRunner().invoke(main, ["check", "teams/a", "teams/b"], catch_exceptions=False)
    assert result.stdout.startswith('{"path": "teams/a/bad.playbook"')
    assert '"path": "teams/b/bad.playbook"' in result.stdout


def test_stdin_uses_the_config_of_its_filename(monorepo: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["check", "--format", "concise", "--stdin-filename", "teams/b/x.playbook", "-"],
        input=BAD_PLAYBOOK,
        catch_exceptions=False,
    )
    assert _lines(result) == {"teams/b/x.playbook": {"PB008", "PB009"}}


def test_a_broken_config_of_a_later_path_is_exit_2(monorepo: Path) -> None:
    (monorepo / "teams" / "b" / "pyproject.toml").write_text(
        '[tool.playbook-lint]\nselect = ["PB008"]\nfail-level = "fatal"\n'
    )
    result = _run("teams/a", "teams/b")
    assert result.exit_code == 2
    assert "teams/b/pyproject.toml:3: fail-level: is 'fatal'" in result.stderr
    assert "Traceback" not in result.output


def test_show_settings_is_for_the_first_path(monorepo: Path) -> None:
    result = _run("--show-settings", "teams/b", "teams/a")
    assert result.exit_code == 0
    assert result.stdout.startswith("# settings for teams/b (the first path;")
    assert f"# config: {monorepo / 'teams' / 'b' / 'pyproject.toml'}" in result.stdout
    assert 'select = ["PB008", "PB009"]' in result.stdout
    assert f"config: {monorepo / '.playbook-lint.yaml'}" in result.stdout  # run-wide
    assert 'format = ["concise"]' in result.stdout  # the option beats the config
