"""Where reports may be written, and how, when the repository being linted is hostile.

A report path given on the command line is used as given. One from a config file was
written by whoever wrote the repository, so it must stay inside that config's project
(issue 15: ``format: ["concise:/home/u/.bashrc"]`` once replaced a shell start-up file).
The project is the folder of the config file that applied, never a folder reached
through its ``extend`` (issue 23: extending any empty file, ``/etc/.pwd.lock``, made
``/etc`` a root); symbolic links are resolved before the check, and a version-control
folder (``.git``, ``.hg``, ``.svn``, ``.jj``) is outside every root, so a config cannot
write over ``.git/config`` or ``.git/HEAD``.
Regular files (and new ones) are replaced atomically; a character device or a FIFO
(``/dev/stdout``, a pipe a CI step reads) is written through, never replaced.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


class ReportPathError(Exception):
    """A report path that must not be written; the message says why."""


@dataclass(frozen=True)
class ReportTarget:
    """One report file: its path, and the config directories it must stay inside
    (empty: the path came from the command line and is trusted)."""

    path: str
    roots: tuple[str, ...] = ()

    @property
    def trusted(self) -> bool:
        return not self.roots


# Version-control folders: what is written there runs (hooks, config), so never a report.
VCS_FOLDERS = frozenset({".git", ".hg", ".svn", ".jj"})


def config_roots(sources: Sequence[str]) -> tuple[str, ...]:
    """The folder a config's report paths must stay inside: that of the config file that
    applied (the first of ``sources``), never that of a file it ``extend``s."""
    return (os.path.dirname(os.path.abspath(sources[0])),) if sources else ()


def _inside(path: str, root: str) -> bool:
    """Is ``path``, every symbolic link resolved, inside ``root`` and outside its
    version-control folders?"""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if os.path.commonpath([real, real_root]) != real_root:
        return False
    parts = Path(os.path.relpath(real, real_root)).parts
    return not any(part in VCS_FOLDERS for part in parts)


def check_targets(targets: Sequence[ReportTarget], inputs: Iterable[str]) -> None:
    """Refuse a config's path outside its project (symlinks resolved), a path that is
    one of the linted files, and a path two reports share (the second would silently
    replace the first)."""
    seen: dict[str, str] = {}
    linted = {_identity(p) for p in inputs}
    for target in targets:
        if not target.trusted and not any(_inside(target.path, r) for r in target.roots):
            raise ReportPathError(
                f"report path {target.path!r} from a config resolves outside the config's "
                "project (or into its version-control folder); give it on the command line "
                "instead"
            )
        key = _identity(target.path)
        if key in linted:
            raise ReportPathError(f"report path {target.path!r} is one of the linted files")
        if key in seen and not _is_stream(target.path):
            raise ReportPathError(
                f"two reports would be written to {target.path!r} "
                f"(as {seen[key]!r} and {target.path!r}); give each its own file"
            )
        seen[key] = target.path


def _identity(path: str) -> str:
    """One name per file: the real path (two spellings of a path are the same file)."""
    return os.path.realpath(path)


def _is_stream(path: str) -> bool:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def write_report(target: ReportTarget, text: str) -> None:
    """Write one report whole, as ``StreamedReport`` writes one: through for a device or
    FIFO, else atomically."""
    report = StreamedReport(target)
    try:
        report.write(text)
        report.commit()
    finally:
        report.discard()


def _mode(path: str) -> int | None:
    try:
        return os.stat(path).st_mode
    except OSError:
        return None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


class StreamedReport:
    """A report written as it is made. A device or FIFO is written through; anything
    else goes to a temporary file beside its target, renamed over it by ``commit``, so
    readers see the old file or the new one, never half of one. Missing parent folders
    are created only for a trusted path or one inside the current directory."""

    def __init__(self, target: ReportTarget) -> None:
        self.path = target.path
        self._temporary: str | None = None
        if _is_stream(target.path):
            self._stream = open(target.path, "w", encoding="utf-8", newline="")  # noqa: SIM115
            return
        existing = _mode(target.path)
        if existing is not None and not stat.S_ISREG(existing):
            raise ReportPathError(f"report path {target.path!r} is not a regular file")
        parent = Path(target.path).parent
        if target.trusted or _inside(str(parent), os.curdir):
            parent.mkdir(parents=True, exist_ok=True)
        handle, self._temporary = tempfile.mkstemp(
            dir=parent, prefix=f".{Path(target.path).name}.", suffix=".tmp"
        )
        self._stream = os.fdopen(handle, "w", encoding="utf-8", newline="")

    def write(self, text: str) -> None:
        self._stream.write(text)

    def commit(self) -> None:
        self._stream.close()
        if self._temporary is not None:
            # mkstemp makes the file owner-only; a report is an ordinary file that a later
            # CI step (an upload running as another user) must read, so honour the umask.
            os.chmod(self._temporary, 0o666 & ~_umask())
            os.replace(self._temporary, self.path)
            self._temporary = None

    def discard(self) -> None:
        """Close, and remove the temporary file of a report that was not committed."""
        if not self._stream.closed:
            self._stream.close()
        if self._temporary is not None and os.path.exists(self._temporary):
            os.unlink(self._temporary)
        self._temporary = None


def open_streamed(target: ReportTarget) -> StreamedReport:
    return StreamedReport(target)
