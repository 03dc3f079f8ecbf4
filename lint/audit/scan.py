"""What an audit reads: each submission as a plain folder.

``check`` serves a project's own author, so it skips hidden and git-ignored folders. An
audit serves someone who does not trust the submitter, so nothing the submitter ships
decides what is looked at: no ``.gitignore``, no VCS (no program is run, a ``.git``
folder is a folder like any other), hidden files and folders included. Whatever is found
and not judged is listed with its reason, and an input that looks like a playbook but
cannot be read (a symlink out of the submission, a FIFO, a folder that cannot be listed)
becomes an ``invalid`` row, so it can never vanish from the report.

Symlinks are not followed into folders; a symlink named like a playbook is read only when
it resolves to a regular file inside the scanned folder (as ``check`` does), and then
only once: a link to a playbook that is audited under its own path is listed as skipped.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..run.discovery import MAX_FILE_BYTES, PLAYBOOK_SUFFIXES, PathNotFound, is_playbook_name

# A submission of more entries than this is not a submission; scanning stops there and
# says so (an invalid row), so a hostile archive cannot make the audit walk for hours.
MAX_ENTRIES = 200_000

NOT_A_PLAYBOOK = "not a playbook (the name does not end in " + ", ".join(PLAYBOOK_SUFFIXES) + ")"


@dataclass(frozen=True)
class Entry:
    """A path found by the scan, and why it is not judged."""

    path: str
    reason: str


@dataclass
class Scan:
    """The result of scanning the submissions."""

    playbooks: list[str] = field(default_factory=list)  # to judge, in order
    unreadable: list[Entry] = field(default_factory=list)  # invalid rows
    skipped: list[Entry] = field(default_factory=list)  # listed, not judged
    entries: int = 0


def scan(paths: Iterable[str], limit: int = MAX_ENTRIES) -> Scan:
    """Every playbook under ``paths``; a file named directly is judged whatever its name.
    Raises ``PathNotFound`` for a named path that does not exist (an operator's typo)."""
    found = Scan()
    for raw in paths:
        if os.path.isdir(raw):  # a link to a folder named by the auditor is followed
            _walk(raw, found, limit)
        elif os.path.lexists(raw):
            found.playbooks.append(raw)  # read by the judge, or an invalid row saying why
        else:
            raise PathNotFound(raw)
    return _deduplicated(found)


def _walk(root: str, found: Scan, limit: int) -> None:
    real_root = os.path.realpath(root)
    seen_folders: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name, reverse=True)
        except OSError as error:
            reason = f"cannot list the folder: {error.strerror or error}"
            found.unreadable.append(Entry(os.path.normpath(folder), reason))
            continue
        subfolders = []
        for entry in reversed(entries):
            found.entries += 1
            if found.entries > limit:
                reason = f"more than {limit} entries in the submissions; the rest were not scanned"
                found.unreadable.append(Entry(os.path.normpath(folder), reason))
                return
            path = os.path.normpath(entry.path)
            folder_key = _classify(entry, path, real_root, found)
            if folder_key is not None and folder_key not in seen_folders:
                seen_folders.add(folder_key)
                subfolders.append(entry.path)
            elif folder_key is not None:
                found.unreadable.append(Entry(path, "a folder loop (seen before); not scanned"))
        stack.extend(reversed(subfolders))


def _classify(
    entry: os.DirEntry[str], path: str, real_root: str, found: Scan
) -> tuple[int, int] | None:
    """File ``entry`` where it belongs; return a folder's (device, inode) to descend."""
    playbook = is_playbook_name(entry.name)
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError as error:
        reason = f"cannot be examined: {error.strerror or error}"
        (found.unreadable if playbook else found.skipped).append(Entry(path, reason))
        return None
    if stat.S_ISDIR(info.st_mode):
        return (info.st_dev, info.st_ino)
    if stat.S_ISLNK(info.st_mode):
        _symlink(path, playbook, real_root, found)
        return None
    if not stat.S_ISREG(info.st_mode):
        reason = f"a {_kind(info.st_mode)}, not a regular file"
        (found.unreadable if playbook else found.skipped).append(Entry(path, reason))
    elif not playbook:
        found.skipped.append(Entry(path, NOT_A_PLAYBOOK))
    elif info.st_size > MAX_FILE_BYTES:
        reason = f"{info.st_size} bytes, over the {MAX_FILE_BYTES // 1024} KiB bound"
        found.unreadable.append(Entry(path, reason))
    else:
        found.playbooks.append(path)
    return None


def _symlink(path: str, playbook: bool, real_root: str, found: Scan) -> None:
    """A link is never followed into a folder, and read only when it stays inside."""
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    if not playbook:
        found.skipped.append(Entry(path, f"a symlink (to {target}), not followed"))
        return
    real = os.path.realpath(path)
    if os.path.commonpath([real, real_root]) != real_root:
        reason = f"a symlink to {target}, outside the submission"
        found.unreadable.append(Entry(path, reason))
    elif not os.path.isfile(real):
        reason = f"a symlink to {target}, which is not a regular file"
        found.unreadable.append(Entry(path, reason))
    else:
        found.playbooks.append(path)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def _deduplicated(found: Scan) -> Scan:
    """One row per file: a path named twice, or a link to a playbook that is audited
    under its own path, is judged once (the link is listed as skipped)."""
    own = {os.path.realpath(p) for p in found.playbooks if not os.path.islink(p)}
    kept: list[str] = []
    seen: set[str] = set()
    for path in found.playbooks:
        real = os.path.realpath(path)
        if os.path.islink(path) and real in own:
            target = os.path.relpath(real)
            found.skipped.append(Entry(path, f"a symlink to {target}, which is audited itself"))
        elif path not in seen:
            seen.add(path)
            kept.append(path)
    found.playbooks = kept
    found.skipped.sort(key=lambda e: e.path)
    return found
