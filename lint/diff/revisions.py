"""What ``diff`` compares: a file, a directory, or ``REV:PATH`` read with ``git show``.

git runs as a subprocess with an argument list (no shell), so nothing in a revision or
path is interpreted by a shell; a revision that looks like an option is refused, so it
cannot become one of git's.

git reads the configuration of the repository it runs in, and a repository someone else
wrote can name programs there (``core.fsmonitor``, ``core.pager``, ``diff.external``,
filters, textconv, hooks, ``core.sshCommand`` for a lazy fetch). So git runs with its
configuration pinned (issue 23 item 1): no system or user config, no ``GIT_*`` variable
from our environment that could point it at another repository or config, every
command-running setting overridden on the command line, no network protocol at all, no
pager, no textconv; and what it prints is read up to ``READ_LIMIT``, then it is stopped.
"""

from __future__ import annotations

import os
import selectors
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO

from ..files import read_regular
from ..run.check import READ_LIMIT
from ..run.discovery import PathNotFound, discover, is_playbook_name

_GIT_TIMEOUT = 60

# Settings that would make git run a program, each overridden (``-c`` wins over every
# config file). Hooks do not run for ``show``; core.hooksPath is pinned all the same.
GIT_PINNED = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "protocol.allow=never",
    "core.sshCommand=false",
    "diff.external=",
    "core.pager=cat",
    "log.showSignature=false",
    "gpg.program=false",
    "core.askPass=false",
)


def git_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` without any ``GIT_*`` variable, plus the ones that pin git's config."""
    kept = {k: v for k, v in environ.items() if not k.upper().startswith("GIT_")}
    return {
        **kept,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_NO_LAZY_FETCH": "1",  # a partial clone's missing blob is an error, not a fetch
        "GIT_OPTIONAL_LOCKS": "0",
    }


def git_command(*args: str) -> list[str]:
    """``git`` with every command-running setting pinned, then ``args``."""
    pinned = [part for setting in GIT_PINNED for part in ("-c", setting)]
    return ["git", *pinned, "--no-pager", *args]


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
    status, out, err = _git_at(
        rev, path, ["show", "--no-textconv", f"{rev}:{path}"], "git show", cwd
    )
    if len(out) >= READ_LIMIT:
        return out[:READ_LIMIT]  # over the limit: decode() says the file is too large
    if status != 0:
        raise _git_failed(rev, path, status, err, cwd)
    return out


def _git_at(
    rev: str, path: str, args: list[str], what: str, cwd: str | None
) -> tuple[int, bytes, bytes]:
    """Run pinned git (``git_command``) on ``rev``, bounded to ``READ_LIMIT`` and
    ``_GIT_TIMEOUT``; every way it cannot run is a ``SourceError`` naming ``REV:PATH``."""
    if rev.startswith("-"):
        raise SourceError(f"{rev}:{path}: a revision cannot start with '-'")
    try:
        return _run_bounded(git_command(*args), cwd, READ_LIMIT)
    except FileNotFoundError:
        raise SourceError(
            f"{rev}:{path}: reading a revision needs git, which is not installed"
        ) from None
    except (OSError, subprocess.SubprocessError) as error:
        raise SourceError(f"{rev}:{path}: cannot run git: {error}") from None
    except TimeoutError:
        raise SourceError(f"{rev}:{path}: {what} took longer than {_GIT_TIMEOUT} s") from None


def _git_failed(rev: str, path: str, status: int, err: bytes, cwd: str | None) -> SourceError:
    """What git said when it exited non-zero, in words for ``REV:PATH``."""
    said = err.decode("utf-8", "replace").strip().splitlines()
    reason = said[0] if said else f"git exited with {status}"
    if "not a git repository" in reason:
        where = os.path.abspath(cwd or ".")
        reason = f"{where} is not inside a git repository (REV:PATH reads from one)"
    return SourceError(f"{rev}:{path}: {reason.removeprefix('fatal: ')}")


def _run_bounded(argv: list[str], cwd: str | None, limit: int) -> tuple[int, bytes, bytes]:
    """Run ``argv`` with git's pinned environment; its exit status, at most ``limit``
    bytes of its output (it is killed once it has printed that much) and the start of its
    errors. Raises TimeoutError past ``_GIT_TIMEOUT`` seconds."""
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=git_environment(os.environ),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=errors,
        )
        try:
            stdout = process.stdout
            if stdout is None:  # never: stdout=PIPE; for the type checker
                raise OSError("git has no output pipe")
            out = _read_until(stdout, limit, time.monotonic() + _GIT_TIMEOUT)
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()
        errors.seek(0)
        return process.returncode, out, errors.read(4096)


def _read_until(stream: IO[bytes], limit: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        while size < limit:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                raise TimeoutError
            chunk = os.read(stream.fileno(), min(1 << 20, limit - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    return b"".join(chunks)


def git_files(rev: str, path: str, cwd: str | None = None) -> list[tuple[str, str]]:
    """(mode, path in the repository) of every file at or under ``path`` in ``rev``:
    one entry for a file, several for a folder, none when ``rev`` has no such path.
    ``SourceError`` when git cannot say (no repository, no such revision)."""
    spec = path.strip("/") or "."
    # --full-tree: the path is from the repository's root, as in `git show REV:PATH`;
    # --literal-pathspecs: `*` or `:(glob)` in a path is a character, not a pattern;
    # git's configuration pinned as for `git show` (_git_at).
    args = ["--literal-pathspecs", "ls-tree", "-r", "-z", "--full-tree", rev, "--", spec]
    status, out, err = _git_at(rev, path, args, "git ls-tree", cwd)
    if len(out) >= READ_LIMIT:
        raise SourceError(f"{rev}:{path}: too many files to compare (a listing over 4 MB)")
    if status != 0:
        raise _git_failed(rev, path, status, err, cwd)
    found = []
    for entry in out.split(b"\0"):
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
    try:
        return read_regular(path, READ_LIMIT)
    except OSError as error:
        raise SourceError(f"cannot read {path}: {error.strerror}") from None
