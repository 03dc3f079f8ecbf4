"""One file must not end the batch: a per-file time and memory bound, and PB000.

An internal error while linting one file (a bug, a RecursionError, a MemoryError), or
an analysis that passes the per-file bound, becomes one PB000 finding for that file,
naming the tool's version and a one-line reason; the other files are still linted and
the run exits 2 at the end (cli.md v2, checks.md v2 item 6).

Time is bounded with a per-file alarm (``SIGALRM``; in the main thread of a process,
which both the serial run and each worker of the pool are); memory with a soft address
space limit raised by the allowance above what the process already uses, and put back
after the file. Both are best effort where the platform lacks them (no ``SIGALRM`` or
``resource``): the analysis then runs unbounded, as before.

A file is bounded once: ``check --fix`` runs its whole fix loop (up to 50 re-lints)
and ``audit`` its whole judgement of a file (a lint per ruleset, the charts) under one
bound, and the runs inside ask for none (``limits`` None), so a failure inside is the
outer guard's PB000 (issue 23 item 6: not 50 times 60 s). Bounds still nest where a
caller puts one inside another: an inner deadline never cancels an outer one, and the
outer one, once passed, is raised through every inner guard to its own.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import TypeVar

from .. import __version__
from ..diagnostics import Finding, Severity

_T = TypeVar("_T")

# Generous: the slowest real playbook takes well under a second and a few tens of MB.
DEFAULT_SECONDS = 60.0
DEFAULT_MEGABYTES = 2048

PB000 = "PB000"


@dataclass(frozen=True)
class Limits:
    """The per-file bound (``--file-time-limit``, ``--file-memory-limit``)."""

    seconds: float = DEFAULT_SECONDS
    megabytes: int = DEFAULT_MEGABYTES


class AnalysisLimit(BaseException):
    """The file needs more than the bound; the message says which. A BaseException, so
    that no ``except Exception`` on the way (a parser's own guard) can swallow it.
    ``owner`` is the bound that was passed: only its own guard turns it into a PB000."""

    def __init__(self, message: str, owner: object = None) -> None:
        super().__init__(message)
        self.owner = owner


@dataclass(frozen=True)
class _Deadline:
    owner: object
    at: float  # time.monotonic() past which the bound is passed
    seconds: float


# The deadlines now running, outermost first (only the main thread sets any).
_DEADLINES: list[_Deadline] = []


def guarded(path: str, limits: Limits | None, work: Callable[[], _T]) -> _T | Finding:
    """``work()``, or the PB000 finding that replaces its result when it fails.
    ``limits`` None: no bound here, ``work()`` as it is; the caller's own guard bounds
    it and reports its failure (``audit`` judges a file with several runs under one)."""
    if limits is None:
        return work()
    owner = object()
    try:
        with _bounded(limits, owner):
            return work()
    except AnalysisLimit as limit:
        if limit.owner is not owner:  # an outer bound was passed: its guard reports it
            raise
        return pb000(path, "analysis-limit", f"this file {limit}")
    except MemoryError:
        return pb000(
            path, "analysis-limit", f"this file needs more than {limits.megabytes} MB to analyse"
        )
    except RecursionError:
        return pb000(path, "internal-error", "internal error: nested too deeply to analyse")
    except Exception as error:  # the point of this module: no exception ends the batch
        first_line = (str(error).splitlines() or [""])[0]
        reason = f"{type(error).__name__}: {first_line}" if first_line else type(error).__name__
        return pb000(path, "internal-error", f"internal error ({reason})")


class PastBound(Exception):
    """A file that passed the per-file bound (or crashed): the message is its PB000 error
    line (exit 2)."""


def bounded(path: str, limits: Limits, work: Callable[[], _T]) -> _T:
    """``work()`` under the per-file bound; past it, ``PastBound``."""
    done = guarded(path, limits, work)
    if isinstance(done, Finding):
        raise PastBound(f"{PB000} {path}: {done.message}")
    return done


def pb000(path: str, check: str, reason: str) -> Finding:
    """The one finding of a file that could not be analysed."""
    message = f"{reason[:300]}; playbook-lint {__version__} could not analyse the file"
    return Finding(
        path=path,
        line=1,
        column=1,
        code=PB000,
        end_line=1,
        end_column=1,
        check=check,
        severity=Severity.ERROR,
        message=message,
        anchor="playbook",
        identity=("", message),
    )


@contextmanager
def _bounded(limits: Limits, owner: object) -> Iterator[None]:
    with _deadline(limits.seconds, owner), _memory_cap(limits.megabytes):
        yield


@contextmanager
def _deadline(seconds: float, owner: object) -> Iterator[None]:
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return
    mine = _Deadline(owner, time.monotonic() + seconds, seconds)
    previous = signal.signal(signal.SIGALRM, _expire)
    try:
        _DEADLINES.append(mine)
        _arm()
        yield
        # Work that ends past its deadline without having heard of it (the alarm landed
        # where Python drops exceptions, a gc callback or a ``__del__``, and the work ended
        # before the repeat) still needed more than the bound.
        late = time.monotonic() >= mine.at
    finally:
        _leave(mine, previous)
    if late:
        raise AnalysisLimit(f"needs more than {seconds:g} s to analyse", owner)


def _leave(mine: _Deadline, previous: signal._HANDLER) -> None:
    """Stop the alarm, forget ``mine`` and put the previous handler back, all of it even
    when the alarm fires meanwhile (the work is over by then; an outer bound that passed
    is armed again at once, so its guard still hears of it)."""
    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            if mine in _DEADLINES:
                _DEADLINES.remove(mine)
            signal.signal(signal.SIGALRM, previous)
            if _DEADLINES:
                _arm()  # the outer bound goes on counting from where it was
            return
        except AnalysisLimit:
            continue


# After the first alarm, again this often until the guard is left: an exception raised in
# a garbage-collector callback or a ``__del__`` is printed and dropped by Python, and a
# one-shot alarm that lands there would leave the work unbounded.
_AGAIN_SECONDS = 0.05


def _arm() -> None:
    """The alarm for the nearest deadline (at once, if it is already passed)."""
    left = min(d.at for d in _DEADLINES) - time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, max(left, 1e-4), _AGAIN_SECONDS)


def _expire(signum: int, frame: FrameType | None) -> None:
    now = time.monotonic()
    # The outermost passed bound wins: every guard inside it unwinds to its guard.
    passed = next((d for d in _DEADLINES if d.at <= now + 1e-3), None)
    if passed is None:
        if _DEADLINES:
            _arm()
        return
    raise AnalysisLimit(f"needs more than {passed.seconds:g} s to analyse", passed.owner)


@contextmanager
def _memory_cap(megabytes: int) -> Iterator[None]:
    try:
        import resource
    except ImportError:  # not on this platform
        yield
        return
    used = _address_space()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if megabytes <= 0 or used is None:
        yield
        return
    cap = used + megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY:
        cap = min(cap, soft)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int | None:
    """This process's virtual size in bytes (Linux), or None where it cannot be had."""
    try:
        with open("/proc/self/statm", encoding="ascii") as stream:
            pages = int(stream.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")
