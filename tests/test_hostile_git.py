"""A scanned repository's own git configuration never runs a program (issue 23 item 1).

A submission can ship ``.git/config`` naming commands: ``core.fsmonitor``,
``core.sshCommand``, ``core.pager``, ``diff.external``, filters and textconv from
``.gitattributes``, and hooks through ``core.hooksPath``. Every command here touches a
marker file; no playbook-lint command run over the repository may leave one. Discovery
reads ``.gitignore`` files itself, and ``diff REV:PATH`` runs git with its config pinned.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_lint.cli import main
from playbook_lint.diff.revisions import git_environment
from playbook_lint.run.discovery import discover

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
HOOKS = (
    "pre-commit",
    "post-checkout",
    "post-index-change",
    "reference-transaction",
    "pre-auto-gc",
    "post-rewrite",
    "fsmonitor-watchman",
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        env=git_environment(os.environ),
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def _command(markers: Path, name: str) -> Path:
    """An executable that leaves ``markers/name`` behind when anything runs it."""
    script = markers.parent / "bin" / name
    script.parent.mkdir(exist_ok=True)
    script.write_text(f'#!/bin/sh\ntouch "{markers / name}"\nexit 0\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.fixture
def hostile_repo(tmp_path: Path) -> tuple[Path, Path]:
    """A committed repository with both forms of a playbook, then a .git/config and
    .gitattributes that name a command for everything we know git can run."""
    repo = tmp_path / "submission"
    markers = tmp_path / "markers"
    markers.mkdir()
    for folder in ("policy", "old", "new"):
        (repo / folder).mkdir(parents=True)
        for name in ("us-ma-credit-union.playbook", "us-ma-credit-union.playbook.yaml"):
            shutil.copy(EXAMPLES / name, repo / folder / name)
    (repo / ".gitattributes").write_text("* filter=x diff=x\n*.playbook filter=x diff=x\n")
    (repo / ".gitignore").write_text("*.tmp\n")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "v1")
    # Only now, so that the commit above ran none of it.
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in HOOKS:
        for folder in (hooks, repo / ".git" / "hooks"):
            (folder / hook).write_text(f'#!/bin/sh\ntouch "{markers / ("hook-" + hook)}"\n')
            (folder / hook).chmod(0o755)
    config = {
        "core.fsmonitor": _command(markers, "fsmonitor"),
        "core.sshCommand": _command(markers, "ssh"),
        "core.pager": _command(markers, "pager"),
        "core.askPass": _command(markers, "askpass"),
        "diff.external": _command(markers, "diff-external"),
        "diff.x.textconv": _command(markers, "textconv"),
        "diff.x.command": _command(markers, "diff-command"),
        "filter.x.clean": _command(markers, "clean"),
        "filter.x.smudge": _command(markers, "smudge"),
        "filter.x.process": _command(markers, "filter-process"),
        "pager.show": _command(markers, "pager-show"),
        "gpg.program": _command(markers, "gpg"),
        "core.hooksPath": hooks,
    }
    for key, value in config.items():
        _git(repo, "config", key, str(value))
    _git(repo, "config", "filter.x.required", "true")
    _git(repo, "config", "core.untrackedCache", "true")
    _git(repo, "config", "log.showSignature", "true")
    # A playbook-named file inside .git is never scanned either.
    shutil.copy(EXAMPLES / "sloppy-us-agency.playbook", repo / ".git" / "x.playbook")
    # Make sure the planted config really is live: git itself runs the fsmonitor.
    return repo, markers


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_the_planted_configuration_is_live(hostile_repo: tuple[Path, Path]) -> None:
    """The test is real: plain git in this repository runs the planted commands."""
    repo, markers = hostile_repo
    # A tracked file whose stat changed must be cleaned again, so `git status` runs the
    # filter whatever the index's timestamps say (racily clean otherwise, and flaky).
    tracked = repo / "policy" / "us-ma-credit-union.playbook"
    later = tracked.stat().st_mtime + 10
    os.utime(tracked, (later, later))
    for argv in (
        ["git", "status"],
        ["git", "check-ignore", "-v", "x.tmp"],
        ["git", "-p", "show", "HEAD:policy/us-ma-credit-union.playbook"],
    ):
        subprocess.run(
            argv, cwd=repo, capture_output=True, check=False, stdin=subprocess.DEVNULL, timeout=60
        )
    assert {p.name for p in markers.iterdir()} >= {"fsmonitor", "filter-process"}


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "."],
        ["check", "--isolated", "."],
        ["check", "--format", "json", "policy"],
        ["format", "--check", "."],
        ["audit", "."],
        ["audit", "--trust-submitter", "."],
        ["diff", "main:policy/us-ma-credit-union.playbook", "policy/us-ma-credit-union.playbook"],
        [
            "diff",
            "HEAD:policy/us-ma-credit-union.playbook.yaml",
            "new/us-ma-credit-union.playbook.yaml",
        ],
        ["diff", "old", "new"],
        ["diff", "main:policy", "policy"],  # REV:DIR lists the tree with git ls-tree
    ],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_no_command_of_the_scanned_repository_runs(
    hostile_repo: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    argv: list[str],
) -> None:
    repo, markers = hostile_repo
    monkeypatch.chdir(repo)
    if argv[0] == "audit":
        argv = [*argv, "--format", f"json:{tmp_path / 'audit.json'}"]
    status, output = _run(*argv)
    assert "Traceback" not in output
    assert status in (0, 1), output
    assert sorted(p.name for p in markers.iterdir()) == []


def test_diff_rev_path_reads_the_committed_bytes_unfiltered(
    hostile_repo: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No textconv, no smudge: the diff compares what was committed."""
    repo, markers = hostile_repo
    monkeypatch.chdir(repo)
    status, output = _run(
        "diff",
        "--format",
        "json",
        "main:policy/us-ma-credit-union.playbook",
        "new/us-ma-credit-union.playbook",
    )
    assert status == 0, output
    [playbook] = json.loads(output)["playbooks"]
    assert playbook["status"] == "same"
    assert list(markers.iterdir()) == []


def test_the_git_folder_is_never_scanned(hostile_repo: tuple[Path, Path]) -> None:
    repo, _ = hostile_repo
    found = discover([str(repo)])
    assert found
    assert not any(f"{os.sep}.git{os.sep}" in path for path in found)


def test_git_sees_no_inherited_variable() -> None:
    env = git_environment({"GIT_DIR": "/elsewhere", "GIT_CONFIG": "/x", "HOME": "/home/u"})
    assert "GIT_DIR" not in env
    assert "GIT_CONFIG" not in env
    assert env["GIT_CONFIG_NOSYSTEM"] == "1"
    assert env["GIT_CONFIG_GLOBAL"] == os.devnull
    assert env["GIT_TERMINAL_PROMPT"] == "0"
    assert env["HOME"] == "/home/u"


# --------------------------------------------------------------------------- .gitignore

IGNORES = {
    ".gitignore": "drafts/\n*.wip.playbook\n/top-only.playbook\n!keep.wip.playbook\n"
    "# a comment\n\\#hash.playbook\nbuild\n*.[ab].playbook\n**/deep/**/x.playbook\n",
    "team/.gitignore": "!*.wip.playbook\nlocal/\n",
    "drafts/.gitignore": "!*\n",
    ".git/info/exclude": "secret.playbook\n",
}
FILES = (
    "a.playbook",
    "top-only.playbook",
    "sub/top-only.playbook",
    "x.wip.playbook",
    "keep.wip.playbook",
    "#hash.playbook",
    "build/b.playbook",
    "sub/build/c.playbook",
    "drafts/d.playbook",
    "sub/drafts/e.playbook",
    "team/t.wip.playbook",
    "team/local/l.playbook",
    "team/ok.playbook.yaml",
    "v.a.playbook",
    "v.c.playbook",
    "one/deep/two/three/x.playbook",
    "one/deep/x.playbook",
    "secret.playbook",
    "sub/secret.playbook",
)


def _tree(root: Path, with_git: bool) -> None:
    if with_git:
        _git(root, "init", "-q", "-b", "main")
    for name, text in IGNORES.items():
        if name.startswith(".git/") and not with_git:
            continue
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    for name in FILES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(EXAMPLES / "uk-lender.playbook", root / name)


def _found(root: Path, scan: Path | None = None) -> set[str]:
    return {os.path.relpath(p, root) for p in discover([str(scan or root)])}


def test_gitignored_files_are_skipped_as_git_skips_them(tmp_path: Path) -> None:
    """The matcher agrees with git itself (asked here, in a repository this test made)."""
    _tree(tmp_path, with_git=True)
    done = subprocess.run(
        ["git", "check-ignore", "--stdin", "-z"],
        input="\0".join(FILES).encode(),
        cwd=tmp_path,
        capture_output=True,
        env=git_environment(os.environ),
        timeout=60,
        check=False,
    )
    ignored_by_git = {p for p in done.stdout.decode().split("\0") if p}
    expected = set(FILES) - ignored_by_git
    assert _found(tmp_path) == expected
    # The cases that matter, spelled out: ignored folders, negation, anchors, exclude.
    assert {"a.playbook", "keep.wip.playbook", "team/t.wip.playbook", "v.c.playbook"} <= expected
    assert "drafts/d.playbook" not in expected  # "!*" inside an ignored folder re-includes nothing
    assert "sub/top-only.playbook" in expected
    assert "top-only.playbook" not in expected
    assert "secret.playbook" not in expected


def test_a_scan_of_a_subfolder_honours_the_ignore_files_above_it(tmp_path: Path) -> None:
    _tree(tmp_path, with_git=True)
    assert _found(tmp_path, tmp_path / "team") == {"team/t.wip.playbook", "team/ok.playbook.yaml"}
    assert _found(tmp_path, tmp_path / "sub") == {"sub/top-only.playbook"}


def test_outside_a_work_tree_gitignore_files_mean_nothing(tmp_path: Path) -> None:
    _tree(tmp_path, with_git=False)
    assert _found(tmp_path) == {f for f in FILES if not f.startswith("#")} | {"#hash.playbook"}


@pytest.mark.parametrize(
    "pattern",
    ["*a*a*a*a*a*a*a*a*a*b", "**/a/**/a/**/a/**/b", "[z-a]", "!", "\\", "[[:alpha:]]x"],
)
def test_a_hostile_ignore_pattern_is_skipped_quickly(tmp_path: Path, pattern: str) -> None:
    """A pattern that would backtrack for minutes, or that pathspec refuses, is left out:
    the scan lints more, never hangs and never fails."""
    _git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / ".gitignore").write_text(f"{pattern}\nignored.playbook\n")
    deep = tmp_path.joinpath(*["a"] * 60)
    deep.mkdir(parents=True)
    shutil.copy(EXAMPLES / "uk-lender.playbook", deep / ("a" * 200 + ".playbook"))
    shutil.copy(EXAMPLES / "uk-lender.playbook", tmp_path / "ignored.playbook")
    started = time.monotonic()
    found = _found(tmp_path)
    assert time.monotonic() - started < 10
    assert "ignored.playbook" not in found
    assert len(found) == 1


def test_a_symlinked_or_fifo_gitignore_is_not_read(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q", "-b", "main")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.write_text("*\n")
    (tmp_path / ".gitignore").symlink_to(outside)
    (tmp_path / "sub").mkdir()
    os.mkfifo(tmp_path / "sub" / ".gitignore")
    shutil.copy(EXAMPLES / "uk-lender.playbook", tmp_path / "sub" / "x.playbook")
    shutil.copy(EXAMPLES / "uk-lender.playbook", tmp_path / "y.playbook")
    assert _found(tmp_path) == {"sub/x.playbook", "y.playbook"}
