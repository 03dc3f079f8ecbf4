"""What ``diff`` compares: a file, a directory, or ``REV:PATH`` read with ``git show``.

git runs as a subprocess with an argument list (no shell), so nothing in a revision or
path is interpreted by a shell; a revision that looks like an option is refused, so it
cannot become one of git's.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass

from ..run.check import READ_LIMIT
from ..run.discovery import PathNotFound, discover, is_playbook_name

_GIT_TIMEOUT = 60


class SourceError(Exception):
    """A side of the diff that cannot be read (exit 2); the message says which and why."""


@dataclass(frozen=True)
class Side:
    """One side of a diff: files by their path relative to the side's root.

    ``label`` is how findings and annotations name a file of this side: the path on disk
    for files, ``REV:PATH`` for a git revision.
    """

    label: str
    files: dict[str, bytes]  # relative name -> bytes ("" for a single file)
    is_dir: bool = False
    # False: the path is not there (a playbook a pull request adds or deletes).
    present: bool = True

    def display(self, name: str) -> str:
        if not self.is_dir:
            return self.label
        return os.path.join(self.label, name)


def is_revision(spec: str) -> bool:
    """``main:policy/standard.playbook`` (not an existing path that holds a colon)."""
    rev, sep, path = spec.partition(":")
    return bool(sep and rev and path) and not os.path.exists(spec)


def git_show(rev: str, path: str, cwd: str | None = None) -> bytes:
    """The bytes of ``path`` at ``rev``, or ``SourceError`` saying what git said."""
    if rev.startswith("-"):
        raise SourceError(f"{rev}:{path}: a revision cannot start with '-'")
    try:
        done = subprocess.run(
            ["git", "show", f"{rev}:{path}"],
            cwd=cwd,
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise SourceError(
            f"{rev}:{path}: reading a revision needs git, which is not installed"
        ) from None
    except subprocess.TimeoutExpired:
        raise SourceError(f"{rev}:{path}: git show took longer than {_GIT_TIMEOUT} s") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = said[0] if said else f"git exited with {done.returncode}"
        if "not a git repository" in reason:
            where = os.path.abspath(cwd or ".")
            reason = f"{where} is not inside a git repository (REV:PATH reads from one)"
        raise SourceError(f"{rev}:{path}: {reason.removeprefix('fatal: ')}")
    return done.stdout[:READ_LIMIT]


def git_files(rev: str, path: str, cwd: str | None = None) -> list[tuple[str, str]]:
    """(mode, path in the repository) of every file at or under ``path`` in ``rev``:
    one entry for a file, several for a folder, none when ``rev`` has no such path.
    ``SourceError`` when git cannot say (no repository, no such revision)."""
    if rev.startswith("-"):
        raise SourceError(f"{rev}:{path}: a revision cannot start with '-'")
    spec = path.strip("/") or "."
    # --full-tree: the path is from the repository's root, as in `git show REV:PATH`;
    # --literal-pathspecs: `*` or `:(glob)` in a path is a character, not a pattern.
    argv = ["git", "--literal-pathspecs", "ls-tree", "-r", "-z", "--full-tree", rev, "--", spec]
    try:
        done = subprocess.run(
            argv,
            cwd=cwd,
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise SourceError(
            f"{rev}:{path}: reading a revision needs git, which is not installed"
        ) from None
    except subprocess.TimeoutExpired:
        raise SourceError(f"{rev}:{path}: git ls-tree took longer than {_GIT_TIMEOUT} s") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = said[0] if said else f"git exited with {done.returncode}"
        if "not a git repository" in reason:
            where = os.path.abspath(cwd or ".")
            reason = f"{where} is not inside a git repository (REV:PATH reads from one)"
        raise SourceError(f"{rev}:{path}: {reason.removeprefix('fatal: ')}")
    found = []
    for entry in done.stdout.split(b"\0"):
        meta, tab, name = entry.partition(b"\t")
        if tab:
            found.append((meta.split(b" ")[0].decode("ascii", "replace"), os.fsdecode(name)))
    return found


def _read_revision(spec: str) -> Side:
    """``REV:PATH``: a file, a folder (its playbooks by path relative to it), or absent."""
    rev, _, path = spec.partition(":")
    entries = git_files(rev, path)
    root = path.strip("/")
    if not entries:
        return Side(spec, {}, present=False)
    if len(entries) == 1 and entries[0][1] == root:
        mode, _ = entries[0]
        if mode not in _REGULAR:
            raise SourceError(f"{spec}: not a regular file in {rev} (mode {mode})")
        return Side(spec, {"": git_show(rev, root)})
    files = {
        name.removeprefix(root + "/") if root else name: git_show(rev, name)
        for mode, name in entries
        if mode in _REGULAR and is_playbook_name(name)
    }
    return Side(spec, files, is_dir=True)


# A blob git checks out as a regular file (not a link, not a submodule).
_REGULAR = frozenset({"100644", "100755"})


def read_side(spec: str, other: str | None = None) -> Side:
    """A file, a directory (its playbooks by relative path) or ``REV:PATH``. A path that
    is not there is an absent side when the other side, ``other``, is a ``REV:PATH``:
    ``diff BASE:x.playbook x.playbook`` on a pull request that deletes it."""
    if os.path.isdir(spec):
        try:
            found = discover([spec])
        except PathNotFound as missing:
            raise SourceError(f"no such file or directory: {missing}") from None
        return Side(spec, {os.path.relpath(p, spec): _read(p) for p in found}, is_dir=True)
    if os.path.exists(spec):
        return Side(spec, {"": _read(spec)})
    if is_revision(spec):
        return _read_revision(spec)
    if other is not None and is_revision(other):
        return Side(spec, {}, present=False)
    raise SourceError(f"no such file or directory: {spec} (nor a REV:PATH)")


def _read(path: str) -> bytes:
    """At most ``READ_LIMIT`` bytes of a regular file: a FIFO or a device named as a side
    is an error, never a hang (issue 23 item 6)."""
    from ..run.discovery import read_regular

    try:
        return read_regular(path, READ_LIMIT)
    except OSError as error:
        raise SourceError(f"cannot read {path}: {error.strerror}") from None
