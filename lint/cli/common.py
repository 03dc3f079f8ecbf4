"""What every command of the command line shares: failing with one line and exit 2, the
command group that survives closed streams, colour, and the options several commands
declare alike (``--jobs``, ``--year``, the per-file limits)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn, TypeVar

import click

from ..analysis.year import FIRST_YEAR, LAST_YEAR
from ..diagnostics import Finding
from ..output.color import use_color
from ..output.escape import safe
from ..output.report_files import ReportTarget
from ..output.reports import ReportError, write_target
from ..run.check import EXIT_ERROR, RunError
from ..run.config import ConfigError
from ..run.guard import PB000, Limits, guarded

_T = TypeVar("_T")

# The errors of a step that mean "the tool cannot do this": one line and exit 2.
STEP_ERRORS = (ConfigError, RunError, ReportError)


def fail(message: str) -> click.exceptions.Exit:
    # Messages name files and quote config values: escaped, so none forges a line.
    click.echo(f"playbook-lint: error: {safe(message)}", err=True)
    return click.exceptions.Exit(EXIT_ERROR)


def step(work: Callable[[], _T]) -> _T:
    """Whatever ``work`` returns; a config, run or report error is exit status 2."""
    try:
        return work()
    except STEP_ERRORS as error:
        raise fail(str(error)) from None


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def color_wanted(choice: str = "auto") -> bool:
    return use_color(choice, os.environ, stdout_is_terminal())


def echo_to(color: bool) -> Callable[[str], None]:
    # click strips ANSI codes from non-terminals unless told the colour is wanted.
    return lambda text: click.echo(text, nl=False, color=color)


def warn(line: str) -> None:
    click.echo(line, err=True)


def write_given(path: str, text: str) -> None:
    """A report file named on the command line (trusted: used as given)."""
    step(lambda: write_target(ReportTarget(path), text))


JOBS_OPTION = click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Files analysed in parallel (default: the cores other work is not keeping busy).",
)
# One declaration for every command that analyses calendar dates.
YEAR_OPTION = click.option(
    "--year",
    type=click.IntRange(FIRST_YEAR, LAST_YEAR),
    default=None,
    metavar="YYYY",
    help="The analysed calendar year (hours, DST, holidays); default: the current year.",
)
STDIN_FILENAME_OPTION = click.option(
    "--stdin-filename", metavar="NAME", help="Name (and so form) of what '-' reads from stdin."
)


def limit_options(command: Callable[..., None]) -> Callable[..., None]:
    """--file-time-limit and --file-memory-limit, as ``check`` has them: one file past
    them is a PB000 error, the others still done, and the exit status 2 (issue 23)."""
    time_limit = click.option(
        "--file-time-limit",
        type=click.FloatRange(min=0),
        default=Limits.seconds,
        show_default=True,
        metavar="SECONDS",
        help="Per-file time; a file that needs more is a PB000 error (0: no limit).",
    )
    memory_limit = click.option(
        "--file-memory-limit",
        type=click.IntRange(min=0),
        default=Limits.megabytes,
        show_default=True,
        metavar="MB",
        help="Per-file memory; a file that needs more is a PB000 error (0: no limit).",
    )
    return time_limit(memory_limit(command))


@dataclass(frozen=True)
class PastBound:
    """A file that passed the per-file bound (or crashed): its PB000 error line."""

    message: str


def bound(path: str, limits: Limits, work: Callable[[], _T]) -> _T | PastBound:
    """``work()`` under the per-file bound, or the error line of its PB000."""
    done = guarded(path, limits, work)
    if isinstance(done, Finding):
        return PastBound(f"{PB000} {path}: {done.message}")
    return done


def bounded_or_fail(path: str, limits: Limits, work: Callable[[], _T]) -> _T:
    """``work()`` under the per-file bound; past it, the PB000 error and exit 2."""
    done = bound(path, limits, work)
    if isinstance(done, PastBound):
        raise fail(done.message)
    return done


class Main(click.Group):
    """The command group, made to end with one line and exit 2 when a standard stream is
    closed or full (``>&-``, ``>/dev/full``, a reader that went away), never a traceback
    and never exit 1, which means findings."""

    def invoke(self, ctx: click.Context) -> object:
        if sys.stderr is None:  # closed: nothing can be said there, the rest still works
            sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        if sys.stdout is None:
            _stream_failed("standard output is closed")
        try:
            return super().invoke(ctx)
        except OSError as error:
            _stream_failed(f"cannot write the output: {error.strerror or error}")


def _stream_failed(message: str) -> NoReturn:
    # Say what happened, if stderr still can; then point the broken streams at /dev/null,
    # so that Python's own flush at exit does not fail again with a traceback.
    broken: tuple[str, ...]
    try:
        print(f"playbook-lint: error: {message}", file=sys.stderr, flush=True)
        broken = ("stdout",)
    except (OSError, ValueError, AttributeError):
        broken = ("stdout", "stderr")
    for name in broken:
        stream = getattr(sys, name)
        try:
            if stream is None:
                setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
            else:
                os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        except (OSError, ValueError, AttributeError):
            continue
    raise click.exceptions.Exit(EXIT_ERROR)
