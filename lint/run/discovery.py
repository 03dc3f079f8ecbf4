"""Which files to lint, and how to decode what was read without ever raising on bad input
(reading the bytes is ``lint/files.py``)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..model import Position
from .ignores import GitIgnores, work_tree_of

PLAYBOOK_SUFFIXES = (".playbook", ".playbook.yaml", ".playbook.yml")
# Bigger than any real playbook by orders of magnitude; bounds time and memory on junk.
MAX_FILE_BYTES = 4 * 1024 * 1024


def is_playbook_name(name: str) -> bool:
    return name.endswith(PLAYBOOK_SUFFIXES)


class PathNotFound(Exception):
    """A path named on the command line does not exist."""


def discover(
    paths: Iterable[str], problems: list[str] | None = None, *, git_ignores: bool = True
) -> list[str]:
    """Files named directly, plus playbooks found under directories (hidden folders and,
    with ``git_ignores``, git-ignored files skipped). Order is stable and duplicates are
    dropped. No program is run: ``.gitignore`` files are read as data (``ignores``).

    A scan stays inside the tree it was given: a symlink whose target lies outside the
    scanned folder, a FIFO or a device named like a playbook, and a folder that cannot
    be listed are not read, and each is added to ``problems`` (the CLI exits 2), never
    skipped silently (issue 15 item 7)."""
    problems = [] if problems is None else problems
    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(_walk(path, problems, git_ignores)))
        elif path.exists():
            found.append(raw)
        elif os.path.lexists(raw):
            raise PathNotFound(f"{raw} (a symlink that leads nowhere, or loops)")
        else:
            raise PathNotFound(raw)
    return list(dict.fromkeys(found))


def _walk(root: Path, problems: list[str], git_ignores: bool) -> Iterator[str]:
    real_root = os.path.realpath(root)
    ignores = work_tree_of(real_root) if git_ignores else None

    def unlistable(error: OSError) -> None:
        problems.append(f"cannot read folder {os.path.normpath(error.filename)}: {error.strerror}")

    for folder, dirs, files in os.walk(root, onerror=unlistable):
        # The real path of this folder: os.walk does not enter symbolic links.
        real = os.path.normpath(os.path.join(real_root, os.path.relpath(folder, root)))
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and not _ignored(ignores, os.path.join(real, d), True)
        )
        for name in files:
            if not is_playbook_name(name) or _ignored(ignores, os.path.join(real, name), False):
                continue
            path = os.path.normpath(os.path.join(folder, name))
            problem = _not_linted(path, real_root)
            if problem:
                problems.append(f"not read: {path} {problem}")
            else:
                yield path


def _not_linted(path: str, real_root: str) -> str | None:
    """Why a file found in a scan must not be read, or None."""
    real = os.path.realpath(path)
    if os.path.commonpath([real, real_root]) != real_root:
        return "is a symlink to a file outside the scanned folder"
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        return f"cannot be opened ({error.strerror})"
    if not stat.S_ISREG(mode):
        return "is not a regular file"
    return None


def _ignored(ignores: GitIgnores | None, real_path: str, is_dir: bool) -> bool:
    return ignores is not None and ignores.ignored(real_path, is_dir)


@dataclass(frozen=True)
class Unreadable:
    """Why a file's text could not be had, and where (for a finding)."""

    message: str
    position: Position


def decode(data: bytes) -> str | Unreadable:
    """UTF-8 text (a BOM is allowed), or where the first undecodable byte is."""
    if len(data) > MAX_FILE_BYTES:
        # Only the first bytes were read: the size is "over", never a made-up number
        # (a 50 MB file was once "4096 KiB").
        return Unreadable(
            f"file is over {MAX_FILE_BYTES // 1024} KiB; larger playbooks are not read",
            Position(1, 1),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8", errors="replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        return Unreadable(
            f"file is not UTF-8 text: byte 0x{data[error.start]:02x} at line {line}, "
            f"column {column}; save it as UTF-8",
            Position(line, column),
        )
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        return Unreadable("file contains NUL bytes; is it a binary file?", Position(line, 1))
    return text
