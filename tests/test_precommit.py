"""The pre-commit hook, for real: `pre-commit try-repo` installs this checkout and runs it.

`try-repo` on a checkout with uncommitted changes stages them in that checkout's own
index, so the test copies the package sources into a temporary git repository and
commits there. Installing the hook's environment uses pip as configured on the machine
(PyPI or a local wheel folder); nothing else is fetched. Takes about a minute.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"

BAD = """\
playbook "reminders"
timezone America/New_York

template due_soon sms "Hi {name}, {amount} is due on {due_date}. Reply STOP to opt out."
template spring_offer sms "Pay {amount} by April. Reply STOP to opt out."

stage reminder days -3..0 {
  sms using due_soon on day -3, 0 at 10:00
}

on payment_received: stop all
"""
GOOD = BAD.replace(
    'template spring_offer sms "Pay {amount} by April. Reply STOP to opt out."\n', ""
)

GIT_ENV = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={**os.environ, **GIT_ENV},
    )


def _copy_checkout(dest: Path) -> None:
    """What `pip install .` needs, committed in a repository of its own."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(REPO / name, dest / name)
    for folder in ("lint", "grammar", "rulesets"):
        shutil.copytree(REPO / folder, dest / folder, ignore=ignore)
    _git(dest, "init", "-q")
    _git(dest, "add", "-A")
    _git(dest, "commit", "-q", "-m", "snapshot for try-repo")


def test_manifest_is_valid_for_pre_commit() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    (hook,) = hooks
    assert hook["id"] == "playbook-lint"
    assert hook["entry"] == "playbook-lint check"
    assert hook["language"] == "python"


@pytest.mark.parametrize(
    ("name", "matched"),
    [
        ("a.playbook", True),
        ("plans/a.playbook.yaml", True),
        ("plans/a.playbook.yml", True),
        ("a.yaml", False),
        ("a.playbook.json", False),
        ("playbook", False),
    ],
)
def test_files_pattern(name: str, matched: bool) -> None:
    import re

    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert bool(re.search(hook["files"], name)) is matched


@pytest.mark.slow
def test_hook_fails_on_a_bad_playbook_and_passes_once_fixed(tmp_path: Path) -> None:
    hook_repo = tmp_path / "playbook-lint"
    hook_repo.mkdir()
    _copy_checkout(hook_repo)
    project = tmp_path / "project"
    project.mkdir()
    (project / "reminders.playbook").write_text(BAD, encoding="utf-8")
    # More files: pre-commit split more than four into batches run side by side, and
    # each printed its own summary (issue 19 item 5).
    misspelt = GOOD.replace("on payment_received:", "on payment_recieved:")
    (project / "typo.playbook").write_text(misspelt, encoding="utf-8")
    for number in range(4):
        (project / f"clean-{number}.playbook").write_text(GOOD, encoding="utf-8")
    (project / "notes.txt").write_text("not a playbook\n", encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    env = {
        **os.environ,
        **GIT_ENV,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "NO_COLOR": "1",
    }

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PRE_COMMIT), "try-repo", str(hook_repo), "playbook-lint", "--all-files"],
            cwd=project,
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
        )

    failed = try_repo()
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "playbook-lint" in output
    assert "Failed" in output
    assert "reminders.playbook:5:" in output
    assert "PB009" in output
    assert "notes.txt" not in output
    # The hint is kept, and one summary closes the output.
    assert (
        "typo.playbook:10:4: error PB003 unknown event 'payment_recieved'; "
        "did you mean 'payment_received'?\n"
    ) in output
    assert output.count("Found ") == 1, output
    assert "Found 1 error and 1 warning in 2 of 6 files." in output

    (project / "reminders.playbook").write_text(GOOD, encoding="utf-8")
    (project / "typo.playbook").write_text(GOOD, encoding="utf-8")
    _git(project, "add", "-A")
    passed = try_repo()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
