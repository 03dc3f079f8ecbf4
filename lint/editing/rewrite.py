"""Rewriting a linted playbook in place (``format``, ``check --fix``), safely.

A report is a new file the user asked for; a rewrite replaces a file somebody wrote,
found in a tree that may be hostile. So, unlike a report:

- only a regular file is rewritten: a FIFO or a device named ``x.playbook`` is left
  alone (replacing it would destroy the pipe or, as root, the device node);
- a symlink is written through (the link stays a link) but only to a file inside what
  the command line named: ``tree/x.playbook -> ~/.bashrc`` is never touched by
  ``format tree``;
- a read-only file stays as it is (``os.replace`` would swap it out regardless);
- the new file keeps the old one's permission bits, owner, BOM and CRLF line ends;
- a file that changed on disk since it was read (an editor saving meanwhile) is not
  overwritten with a result computed from the old text.

The replace itself is atomic: readers see the old file or the new one. A hard link is
split rather than written through, so a link into the tree never edits a file outside it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Sequence

BOM = b"\xef\xbb\xbf"


class RewriteError(Exception):
    """The file was left as it is; the message says why."""


def encoded(before: bytes, text: str) -> bytes:
    """``text`` as the file's bytes, in the file's own conventions: a BOM if it had one,
    CRLF line ends if every line of it ended so."""
    crlf = before.count(b"\r\n")
    if crlf and crlf == before.count(b"\n"):
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    data = text.encode("utf-8")
    return BOM + data if before.startswith(BOM) and not data.startswith(BOM) else data


def _inside(path: str, root: str) -> bool:
    return os.path.commonpath([path, root]) == root


def rewrite(path: str, before: bytes, text: str, named: Sequence[str]) -> bool:
    """Replace the file at ``path``, read as ``before``, with ``text``; ``named`` are the
    paths the command line gave (the tree a symlink must stay inside). Returns whether the
    file changed (False when it already holds the result, e.g. reached twice through a
    link). Raises ``RewriteError`` or ``OSError``."""
    real = os.path.realpath(path)
    if real != os.path.abspath(path) and not any(
        _inside(real, os.path.realpath(root)) for root in named
    ):
        raise RewriteError(f"{path} is a link to a file outside {', '.join(named)}; left as is")
    info = os.stat(real)
    if not stat.S_ISREG(info.st_mode):
        raise RewriteError(f"{path} is not a regular file; left as is")
    # Mode bits, not os.access: root may write anything, but a 0444 file says "leave me".
    if not info.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise RewriteError(f"{path} is read-only; left as is")
    data = encoded(before, text)
    with open(real, "rb") as handle:
        current = handle.read(len(before) + len(data) + 1)
    if current == data:
        return False
    if current != before:
        raise RewriteError(f"{path} changed while it was being read; left as is, run again")
    _replace(real, data, info)
    return True


def _replace(real: str, data: bytes, info: os.stat_result) -> None:
    folder, name = os.path.split(real)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if os.geteuid() == 0:  # only root can give the file back to its owner
                os.fchown(stream.fileno(), info.st_uid, info.st_gid)
            # After the chown, which clears the setuid bits.
            os.fchmod(stream.fileno(), stat.S_IMODE(info.st_mode))
        os.replace(temporary, real)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def rewrite_or_why(path: str, before: bytes, text: str, named: Sequence[str]) -> str | None:
    """``rewrite``, and why the file was not rewritten (None: it was)."""
    try:
        rewrite(path, before, text, named)
    except RewriteError as error:
        return str(error)
    except OSError as error:
        return f"cannot write {path}: {error.strerror or error}"
    return None
