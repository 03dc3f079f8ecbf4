"""A config's report path stays in the config's own project, out of ``.git`` (issue 23
item 3).

On the old main, extending any empty file outside the project (``/.dockerenv``,
``/etc/.pwd.lock``) made that file's folder a root too, so a committed symbolic link
carried the report there; and ``.git/`` counted as inside the project, so a config could
write its report over ``.git/config``: git config is code (``core.fsmonitor``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from report_samples import BAD_PLAYBOOK

from playbook_lint.cli import main


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A hostile repository: a failing playbook, and whatever config the test writes."""
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "bad.playbook").write_text(BAD_PLAYBOOK, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "repo")
    return tmp_path / "repo"


def _check(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["check", *args])


def test_an_extended_empty_file_outside_does_not_widen_the_roots(repo: Path) -> None:
    outside = repo.parent / "etc"
    outside.mkdir()
    (outside / ".pwd.lock").write_text("")  # an empty file that exists on every machine
    (repo / "reports").symlink_to(outside)  # committed with the repository
    (repo / ".playbook-lint.yaml").write_text(
        f'extend: "{outside / ".pwd.lock"}"\nformat: ["concise:reports/profile"]\n'
    )
    result = _check(".")
    assert result.exit_code == 2, result.output
    assert "outside the config's project" in result.output
    assert not (outside / "profile").exists()


@pytest.mark.parametrize(
    "target", [".git/config", ".git/HEAD", ".git/hooks/pre-commit", "sub/.hg/hgrc", ".jj/x"]
)
def test_a_config_cannot_write_into_a_version_control_folder(repo: Path, target: str) -> None:
    (repo / ".git" / "hooks").mkdir(parents=True)
    (repo / ".git" / "config").write_text("[core]\n\tbare = false\n")
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (repo / ".playbook-lint.yaml").write_text(f'format: ["concise:{target}"]\n')
    result = _check(".")
    assert result.exit_code == 2, result.output
    assert "version-control folder" in result.output
    assert (repo / ".git" / "config").read_text() == "[core]\n\tbare = false\n"
    assert (repo / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert not (repo / ".git" / "hooks" / "pre-commit").exists()


def test_a_symlink_into_git_is_resolved_before_the_check(repo: Path) -> None:
    (repo / ".git").mkdir()
    (repo / ".git" / "config").write_text("[core]\n")
    (repo / "out.txt").symlink_to(repo / ".git" / "config")
    (repo / ".playbook-lint.yaml").write_text('format: ["concise:out.txt"]\n')
    result = _check(".")
    assert result.exit_code == 2
    assert (repo / ".git" / "config").read_text() == "[core]\n"


def test_a_report_in_the_projects_own_folders_is_still_written(repo: Path) -> None:
    (repo / ".git").mkdir()
    (repo / ".playbook-lint.yaml").write_text('format: ["concise", "json:build/.gitkeep.json"]\n')
    result = _check(".")
    assert result.exit_code == 1, result.output
    assert '"code": "PB008"' in (repo / "build" / ".gitkeep.json").read_text()


def test_the_command_line_may_still_write_anywhere(repo: Path) -> None:
    (repo / ".git").mkdir()
    result = _check("--format", f"json:{repo / '.git' / 'lint.json'}", ".")
    assert result.exit_code == 1
    assert (repo / ".git" / "lint.json").is_file()
