"""Which scanned files git would ignore, read from ``.gitignore`` files as data.

Discovery used to ask ``git check-ignore``, but git runs with the configuration of the
repository it is in, and a scanned folder's ``.git/config`` can name programs
(``core.fsmonitor``, ``core.hooksPath``…) that git then runs (issue 23 item 1). So no
program is started here: the ignore files are read and matched with ``pathspec``'s
``GitIgnoreSpec``, which implements git's wildmatch rules.

What is honoured, as git does in a work tree: every ``.gitignore`` from the top of the
work tree (the nearest folder holding a ``.git``) down to a file's folder, a deeper
file overriding a shallower one, and ``.git/info/exclude`` below them all. A folder that
is ignored is not entered, so a file inside it cannot be re-included. Outside a work
tree nothing is ignored. What is not: the user's ``core.excludesFile`` (a setting, and
settings are not read). A ``.gitignore`` that is a symbolic link (git does not follow
those either), not a regular file, or too large is skipped, and so is a pattern that
pathspec refuses or whose wildcards could make matching take exponential time: each
of these can only make a scan lint more files, never fewer.
"""

from __future__ import annotations

import os
import re
import stat
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where a spec is built: 13 ms a start, and most runs read none
    from pathspec import GitIgnoreSpec

# Real ignore files are a few KB; a bigger one is not read (and lints more, not less).
MAX_IGNORE_BYTES = 256 * 1024
MAX_PATTERNS = 2_000
# pathspec matches with Python regular expressions, which backtrack: a pattern such as
# ``*a*a*a*b`` took 16 s against one 200-character name. Up to three runs of ``*`` stay
# under a tenth of a second on a 4,000-character path; a pattern with more is skipped.
MAX_STAR_RUNS = 3
_STAR_RUN = re.compile(r"\*+")
VCS_FOLDERS = (".git", ".hg", ".svn", ".jj")


@dataclass(frozen=True)
class _Level:
    """The patterns of one ignore file and the folder they are relative to."""

    base: str
    spec: GitIgnoreSpec


class GitIgnores:
    """The ignore rules of one work tree, read lazily folder by folder as a scan goes."""

    def __init__(self, top: str) -> None:
        self._top = top  # the work tree's top folder, real path
        # .git/info/exclude is below every .gitignore (only in a .git folder: a .git
        # file points elsewhere, and is not followed).
        exclude = _level(top, os.path.join(".git", "info", "exclude"))
        bottom = _with((), exclude) if os.path.isdir(os.path.join(top, ".git")) else ()
        first = _with(bottom, _level(top, ".gitignore"))
        self._levels: dict[str, tuple[_Level, ...]] = {top: first}

    def ignored(self, path: str, is_dir: bool) -> bool:
        """Does git ignore ``path`` (a real path inside the work tree)?"""
        levels = self._for_folder(os.path.dirname(path))
        for level in reversed(levels):  # the deepest file that decides wins
            relative = os.path.relpath(path, level.base).replace(os.sep, "/")
            result = level.spec.check_file(relative + "/" if is_dir else relative)
            if result.include is not None:
                return bool(result.include)
        return False

    def _for_folder(self, folder: str) -> tuple[_Level, ...]:
        if folder in self._levels:
            return self._levels[folder]
        parent = os.path.dirname(folder)
        if parent == folder or os.path.commonpath([folder, self._top]) != self._top:
            return ()
        levels = _with(self._for_folder(parent), _level(folder, ".gitignore"))
        self._levels[folder] = levels
        return levels


def work_tree_of(folder: str) -> GitIgnores | None:
    """The ignore rules of the work tree ``folder`` is in (a real path), or None when it
    is in none: no folder from it up to ``/`` holds a ``.git``."""
    current = folder
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            return GitIgnores(current)
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _with(levels: tuple[_Level, ...], level: _Level | None) -> tuple[_Level, ...]:
    return (*levels, level) if level is not None else levels


def _level(folder: str, name: str) -> _Level | None:
    """The patterns of ``folder/name`` when it is a readable regular file."""
    data = _read(os.path.join(folder, name))
    if data is None or len(data) > MAX_IGNORE_BYTES:
        return None
    lines = data.decode("utf-8", "replace").splitlines()[:MAX_PATTERNS]
    spec = _spec([line for line in lines if _tractable(line)])
    return _Level(folder, spec) if spec is not None else None


def _tractable(line: str) -> bool:
    return len(_STAR_RUN.findall(line)) <= MAX_STAR_RUNS and len(line) <= 1024


def _read(path: str) -> bytes | None:
    """Up to one byte past the limit of a regular file, never through a symbolic link
    and never blocking on a FIFO; None when it is anything else or unreadable."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None  # missing, a symbolic link (ELOOP), no permission
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        chunks = []
        left = MAX_IGNORE_BYTES + 1
        while left > 0 and (chunk := os.read(descriptor, left)):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(descriptor)


def _spec(lines: list[str]) -> GitIgnoreSpec | None:
    """The spec of ``lines``, leaving out any line pathspec refuses."""
    kept = [line for line in lines if _compiles(line)]
    return _compiled(kept) if kept else None


def _compiles(line: str) -> bool:
    return _compiled([line]) is not None


def _compiled(lines: list[str]) -> GitIgnoreSpec | None:
    # pathspec costs 13 ms to import; a check of files outside a work tree, or in one
    # without ignore files, never gets here.
    from pathspec import GitIgnoreSpec

    # A hostile pattern makes re warn ("possible nested set") on stderr: not ours to print.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return GitIgnoreSpec.from_lines(lines)
        except (ValueError, re.error):  # pathspec's GitIgnorePatternError is a ValueError
            return None
