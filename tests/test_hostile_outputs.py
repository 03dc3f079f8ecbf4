"""Issue 15, items 1 and 3: a repository's config cannot write outside its project, and
reports never replace what they should not (devices, FIFOs, inputs, each other)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_samples import BAD_PLAYBOOK

from playbook_lint.cli import main


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A hostile repository: one playbook, and whatever config the test writes."""
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "bad.playbook").write_text(BAD_PLAYBOOK, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "repo")
    return tmp_path / "repo"


def _check(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["check", *args])


@pytest.mark.parametrize("target", ["{home}/.bashrc", "../.bashrc", "sub/../../.bashrc"])
def test_config_cannot_name_a_report_outside_its_project(repo: Path, target: str) -> None:
    victim = repo.parent / ".bashrc"
    victim.write_text("echo safe\n")
    spec = target.format(home=repo.parent)
    (repo / ".playbook-lint.yaml").write_text(f'format: ["concise:{spec}"]\n')
    result = _check(".")
    assert result.exit_code == 2
    assert "a config may only write inside its own project" in result.output
    assert victim.read_text() == "echo safe\n"


def test_config_report_through_a_symlink_out_of_the_project_is_refused(repo: Path) -> None:
    outside = repo.parent / "outside"
    outside.mkdir()
    (repo / "reports").symlink_to(outside)
    (repo / ".playbook-lint.yaml").write_text('format: ["concise:reports/out.txt"]\n')
    result = _check(".")
    assert result.exit_code == 2
    assert "outside the config's project" in result.output
    assert not (outside / "out.txt").exists()


def test_config_report_inside_the_project_is_written(repo: Path) -> None:
    (repo / ".playbook-lint.yaml").write_text('format: ["concise", "json:reports/out.json"]\n')
    result = _check(".")
    assert result.exit_code == 1
    assert '"code": "PB008"' in (repo / "reports" / "out.json").read_text()


def test_config_report_creates_no_folder_outside_the_current_directory(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / ".playbook-lint.yaml").write_text('format: ["concise", "json:made/out.json"]\n')
    (repo / "team").mkdir()
    (repo / "team" / "a.playbook").write_text(BAD_PLAYBOOK)
    monkeypatch.chdir(repo / "team")
    # The config sits above the current directory; its path is relative to here,
    # inside the current directory, so the folder may be made.
    result = _check(".")
    assert result.exit_code == 1
    assert (repo / "team" / "made" / "out.json").exists()


def test_command_line_path_is_used_as_given(repo: Path) -> None:
    elsewhere = repo.parent / "elsewhere" / "deep" / "out.json"
    result = _check("--format", f"json:{elsewhere}", ".")
    assert result.exit_code == 1
    assert elsewhere.exists()


def test_report_path_that_is_an_input_is_refused(repo: Path) -> None:
    before = (repo / "bad.playbook").read_text()
    result = _check("--format", "concise", "--output", "bad.playbook", ".")
    assert result.exit_code == 2
    assert "is one of the linted files" in result.output
    assert (repo / "bad.playbook").read_text() == before


def test_two_formats_at_one_path_are_refused(repo: Path) -> None:
    result = _check("--format", "json:out.txt", "--format", "sarif:./out.txt", ".")
    assert result.exit_code == 2
    assert "two reports would be written to" in result.output
    assert not (repo / "out.txt").exists()


def test_a_fifo_is_written_through_not_replaced(repo: Path) -> None:
    fifo = repo.parent / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as stream:
            received.append(stream.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    result = _check("--format", f"json:{fifo}", ".")
    thread.join(timeout=30)
    assert result.exit_code == 1
    assert b'"PB008"' in received[0]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_dev_stdout_is_written_through(repo: Path) -> None:
    # A subprocess, so that /dev/stdout is a real pipe and not CliRunner's buffer.
    result = subprocess.run(
        [sys.executable, "-m", "playbook_lint", "check", "--format", "json:/dev/stdout", "."],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert '"PB008"' in result.stdout
    assert os.path.exists("/dev/stdout")
