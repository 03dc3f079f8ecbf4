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
from ..run.discovery import PathNotFound, discover

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


def read_side(spec: str) -> Side:
    """A file, a directory (its playbooks by relative path) or ``REV:PATH``."""
    if os.path.isdir(spec):
        try:
            found = discover([spec])
        except PathNotFound as missing:
            raise SourceError(f"no such file or directory: {missing}") from None
        return Side(spec, {os.path.relpath(p, spec): _read(p) for p in found}, is_dir=True)
    if os.path.exists(spec):
        return Side(spec, {"": _read(spec)})
    if is_revision(spec):
        rev, _, path = spec.partition(":")
        return Side(spec, {"": git_show(rev, path)})
    raise SourceError(f"no such file or directory: {spec} (nor a REV:PATH)")


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(READ_LIMIT)
    except OSError as error:
        raise SourceError(f"cannot read {path}: {error.strerror}") from None
