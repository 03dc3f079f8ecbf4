"""What every command shares: options declared as rows of a table, the console a run
writes through and how a run ends, and the command group that says every refusal (and a
closed stream) in one line with exit 2."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any, Literal, NoReturn

import click

from ..analysis.year import FIRST_YEAR, LAST_YEAR
from ..output.console import Console, Outcome, error_line
from ..output.report_files import ReportTarget
from ..output.reports import ReportError, write_target
from ..run.check import EXIT_ERROR, RunError
from ..run.config import ConfigError
from ..run.guard import Limits, PastBound

# What means "the tool cannot do this" in every command (a front end's own errors are
# ``RunError``s too): one line and exit 2, said by the group (``Main``).
REFUSALS = (ConfigError, RunError, ReportError, PastBound)


def console() -> Console:
    # click strips colour codes from a non-terminal unless told the colour is wanted.
    return Console(
        write=lambda text, color: click.echo(text, nl=False, color=color),
        say=lambda text: click.echo(text, err=True, nl=False),
        terminal=sys.stdout.isatty(),
    )


def finish(outcome: Outcome) -> NoReturn:
    for line in outcome.lines:
        click.echo(line, err=True)
    raise click.exceptions.Exit(outcome.status)


def write_to(path: str, text: str) -> None:
    """A report file named on the command line (trusted: used as given)."""
    write_target(ReportTarget(path), text)


# How an option takes its value: "flag" (on when given), "off" (a flag that turns its
# field off: --no-cache is cache=False), "many" (repeatable), or a click type (None: text).
Kind = Literal["flag", "off", "many"] | click.ParamType[Any] | None
_KINDS: dict[str, dict[str, Any]] = {"flag": {"is_flag": True}, "many": {"multiple": True},
    "off": {"flag_value": False, "default": True}}  # fmt: skip


def opt(names: str, kind: Kind, metavar: str | None, help: str | None, **more: Any) -> click.Option:
    """One row of a command's table of options: its names (the last, if not a --name, is
    the field of the request it fills), its ``Kind``, metavar and help; a default other
    than None is shown in --help."""
    shown = more.get("default") is not None
    more.update(_KINDS[kind] if isinstance(kind, str) else {"type": kind})
    return click.Option(names.split(), metavar=metavar, help=help, show_default=shown, **more)


def limits_of(options: dict[str, Any]) -> Limits:
    """The per-file bound of the two limit options (taken out of ``options``)."""
    return Limits(options.pop("file_time_limit"), options.pop("file_memory_limit"))


JOBS = opt("--jobs", click.IntRange(min=1), "N",
    "Files analysed in parallel (default: the cores other work is not keeping busy).")  # fmt: skip
YEAR = opt("--year", click.IntRange(FIRST_YEAR, LAST_YEAR), "YYYY",
    "The analysed calendar year (hours, DST, holidays); default: the current year.")  # fmt: skip
STDIN = opt("--stdin-filename", None, "NAME", "Name (and so form) of what '-' reads from stdin.")
# As ``check`` has them: one file past them is a PB000 error, the others still done.
_PAST = "a file that needs more is a PB000 error (0: no limit)."
LIMITS = (
    opt("--file-time-limit", click.FloatRange(min=0), "SECONDS", f"Per-file time; {_PAST}",
        default=Limits.seconds),
    opt("--file-memory-limit", click.IntRange(min=0), "MB", f"Per-file memory; {_PAST}",
        default=Limits.megabytes),
)  # fmt: skip


class Main(click.Group):
    """The command group: a ``REFUSALS`` error is one line and exit 2, and so is a standard
    stream closed or full (``>&-``, ``>/dev/full``, a reader that went away): never a
    traceback, and never exit 1, which means findings."""

    def invoke(self, ctx: click.Context) -> object:
        if sys.stderr is None:  # closed: nothing can be said there, the rest still works
            sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        if sys.stdout is None:
            _stream_failed("standard output is closed")
        try:
            return super().invoke(ctx)
        except REFUSALS as error:
            click.echo(error_line(str(error)), err=True)
            raise click.exceptions.Exit(EXIT_ERROR) from None
        except OSError as error:
            _stream_failed(f"cannot write the output: {error.strerror or error}")


def _stream_failed(message: str) -> NoReturn:
    # Say what happened, if stderr still can; then point the broken streams at /dev/null,
    # so that Python's own flush at exit does not fail again with a traceback.
    broken = ["stdout"]
    try:
        print(f"playbook-lint: error: {message}", file=sys.stderr, flush=True)
    except (OSError, ValueError, AttributeError):
        broken.append("stderr")
    for name in broken:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            if getattr(sys, name) is None:
                setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
            else:
                os.dup2(os.open(os.devnull, os.O_WRONLY), getattr(sys, name).fileno())
    raise click.exceptions.Exit(EXIT_ERROR)
