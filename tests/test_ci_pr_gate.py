"""docs/ci.md "The pull-request gate": a pull request that adds, edits and deletes
playbooks, built as a real git repository, gives the GitHub annotations the page shows,
and the exit status it shows."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import FIXTURES, REPO

PAGE = REPO / "docs" / "ci.md"


def _shown() -> tuple[list[str], str, int]:
    """The command, its output and its exit status, as the page shows them."""
    section = PAGE.read_text(encoding="utf-8").split("### The pull-request gate", 1)[1]
    block = re.search(r"```\n(.*?)```", section, flags=re.DOTALL)
    assert block is not None
    lines = block.group(1).splitlines()
    assert lines[0].startswith("$ playbook-lint diff ")
    assert lines[-2:-1] == ["$ echo $?"]
    return shlex.split(lines[0][2:]), "".join(line + "\n" for line in lines[1:-2]), int(lines[-1])


def _git(repo: Path, *args: str) -> None:
    # Config pinned: no user or system git config of the machine takes part.
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(
        ["git", "-c", "user.name=ci", "-c", "user.email=ci@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        env=env,
    )


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """main holds northwind (two calls a day) and summit; the pull request tightens
    northwind, deletes summit and adds fresh (checked out, as CI has it)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    policy = tmp_path / "policy"
    policy.mkdir()
    shutil.copy(FIXTURES / "gates" / "northwind-v1.playbook", policy / "northwind.playbook")
    shutil.copy(FIXTURES / "gates" / "summit.playbook.yaml", policy / "summit.playbook.yaml")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "policy v1")
    _git(tmp_path, "update-ref", "refs/remotes/origin/main", "HEAD")  # as after a fetch
    _git(tmp_path, "checkout", "-q", "-b", "tighten-northwind")
    shutil.copy(
        FIXTURES / "gates" / "northwind-v2-tightened.playbook", policy / "northwind.playbook"
    )
    _git(tmp_path, "rm", "-q", "policy/summit.playbook.yaml")
    shutil.copy(FIXTURES / "gates" / "fresh.playbook", policy / "fresh.playbook")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "tighten northwind, retire summit, add fresh")
    return tmp_path


def _run(repo: Path, argv: list[str]) -> subprocess.CompletedProcess[str]:
    """The installed command, as a CI step runs it."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "playbook-lint"), *argv[1:]],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_the_pr_gate_gives_what_the_page_shows(pull_request: Path) -> None:
    argv, output, status = _shown()
    assert argv[:4] == ["playbook-lint", "diff", "origin/main:policy", "policy"]
    assert "--format" in argv
    assert argv[argv.index("--format") + 1] == "github"
    done = _run(pull_request, argv)
    assert done.stdout == output, done.stderr
    assert done.returncode == status == 1


def test_without_the_added_playbook_the_tightening_passes(pull_request: Path) -> None:
    (pull_request / "policy" / "fresh.playbook").unlink()
    argv, _, _ = _shown()
    done = _run(pull_request, argv)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "::error" not in done.stdout
    totals = "0 loosens, 5 tightens, 0 neutral; 0 new findings, 2 fixed, 0 changed\n"
    assert done.stdout.endswith(totals)
