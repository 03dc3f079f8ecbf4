"""Reading bytes without ever blocking or reading more than a bound: the one way every
room (rulesets, phrase lists, config, playbooks, baselines, evidence) reads a file, so it
sits on the bottom floor."""

from __future__ import annotations

import errno
import os
import stat
import sys


def read_stdin(limit: int) -> bytes:
    """At most ``limit`` bytes of standard input. A closed one (``0<&-``: Python then has
    no ``sys.stdin`` at all) or one that cannot be read raises OSError with a message a
    user can act on, never an AttributeError (issue 23 item 8)."""
    stream = sys.stdin
    if stream is None or getattr(stream, "buffer", None) is None:
        raise OSError(errno.EBADF, "standard input is closed; give file paths instead of '-'")
    try:
        data: bytes = stream.buffer.read(limit)
    except (OSError, ValueError) as error:  # ValueError: "I/O operation on closed file"
        reason = getattr(error, "strerror", None) or str(error)
        raise OSError(errno.EBADF, f"cannot read standard input: {reason}") from None
    return data


def read_regular(path: str, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file. A FIFO, a device or a folder raises
    OSError ("not a regular file") without blocking: opened non-blocking, checked on the
    open descriptor, so a file swapped for a FIFO after the scan cannot hang the run."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", path)
        os.set_blocking(descriptor, True)
        chunks: list[bytes] = []
        left = limit
        while left > 0:
            chunk = os.read(descriptor, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)
