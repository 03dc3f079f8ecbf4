"""Issue 15 item 7: a directory scan stays inside the tree, reads only regular files,
and says what it could not read (exit 2), in ``check`` and in ``timeline``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_samples import BAD_PLAYBOOK, CLEAN_PLAYBOOK

from playbook_lint.cli import main


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "ok.playbook").write_text(CLEAN_PLAYBOOK)
    monkeypatch.chdir(repo)
    return repo


def _check(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["check", "--format", "concise", *args])


def test_a_symlink_out_of_the_tree_is_not_read(tree: Path) -> None:
    secret = tree.parent / "shadow"
    secret.write_text("root:$6$secret-hash:19000:0:99999:7:::\n")
    (tree / "leak.playbook").symlink_to(secret)
    (tree / "zero.playbook").symlink_to("/dev/zero")
    result = _check(".")
    assert result.exit_code == 2
    assert "secret-hash" not in result.output
    assert "not read: leak.playbook is a symlink to a file outside the scanned folder" in (
        result.stderr
    )
    assert "not read: zero.playbook is a symlink to a file outside" in result.stderr
    assert "All checks passed (1 file)" in result.stdout


def test_a_symlink_inside_the_tree_is_followed(tree: Path) -> None:
    (tree / "plans").mkdir()
    (tree / "plans" / "bad.playbook").write_text(BAD_PLAYBOOK)
    (tree / "alias.playbook").symlink_to(tree / "plans" / "bad.playbook")
    result = _check(".")
    assert result.exit_code == 1
    assert "alias.playbook:9:14: error PB008" in result.stdout


def test_a_fifo_named_like_a_playbook_never_hangs(tree: Path) -> None:
    os.mkfifo(tree / "x.playbook")
    result = _check(".")
    assert result.exit_code == 2
    assert "not read: x.playbook is not a regular file" in result.stderr
    named = _check("x.playbook")
    assert named.exit_code == 2
    assert "cannot read x.playbook: not a regular file" in named.stderr
    timeline = CliRunner().invoke(main, ["timeline", "x.playbook"])
    assert timeline.exit_code == 2
    assert "not a regular file" in timeline.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_folder_is_exit_2_not_all_checks_passed(tree: Path) -> None:
    locked = tree / "locked"
    locked.mkdir()
    (locked / "hidden.playbook").write_text(BAD_PLAYBOOK)
    locked.chmod(0)
    try:
        result = _check(".")
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2
    assert "cannot read folder" in result.stderr


def test_an_unreadable_folder_as_root_too(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root reads every folder; make listing one fail the way it fails for a user.
    real = os.scandir
    (tree / "locked").mkdir()

    def scandir(path: object = ".") -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    result = _check(".")
    assert result.exit_code == 2
    assert "cannot read folder locked: Permission denied" in result.stderr


def test_a_symlink_loop_on_the_command_line_is_named_as_such(tree: Path) -> None:
    (tree / "loop.playbook").symlink_to(tree / "loop.playbook")
    result = _check("loop.playbook")
    assert result.exit_code == 2
    assert "a symlink that leads nowhere, or loops" in result.stderr
