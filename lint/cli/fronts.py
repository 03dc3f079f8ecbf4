"""The front ends beside ``check``: ``audit``, ``diff`` and the language ``server`` (each
imported when its command runs: ``check`` never pays for them)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from ..diagnostics import Severity
from ..output.registry import listed, names
from .common import JOBS, LIMITS, YEAR, fail, limits_of, opt, write_given

_AUDIT_OPTIONS = (
    opt("--ruleset rulesets", "many", "ID|PATH",
        "A ruleset of the matrix (repeatable; default: each playbook's own)."),
    opt("--all-rulesets", "flag", None, "The matrix over every bundled ruleset."),
    opt("--html", None, "FILE", "Write the self-contained HTML report to FILE (past 100 "
        "playbooks: a folder of pages, FILE without .html)."),
    opt("--format formats", "many", "FMT[:FILE]",
        f"{listed('audit')}; repeatable; FMT:FILE writes to FILE."),
    opt("--trust-submitter", "flag", None,
        "Honour the inputs' own config files and suppression comments."),
    JOBS,
    opt("--title", None, None, "The report's heading.", default="Playbook audit"),
    opt("--fail-level", click.Choice([s.value for s in Severity]), None,
        "Lowest severity that makes the exit status 1.", default="warning"),
    YEAR,
    opt("--verify", None, "AUDIT.json",
        "Re-run the audit recorded in AUDIT.json; exit 1 naming what differs."),
)  # fmt: skip


@click.command(params=[click.Argument(["paths"], nargs=-1), *_AUDIT_OPTIONS])
def audit(**options: Any) -> None:
    """Judge submitted playbooks against a matrix of rulesets (audit.md)."""
    from ..audit import command

    try:
        outcome = command.run_audit(command.AuditRequest(**options), write_given, progress_bar)
    except command.AuditError as error:
        raise fail(str(error)) from None
    click.echo(outcome.output, nl=False)
    for message in outcome.errors:
        click.echo(f"playbook-lint: {message}", err=True)
    raise click.exceptions.Exit(outcome.status)


@contextmanager
def progress_bar(total: int) -> Iterator[Callable[[], None]]:
    """click's progress bar on stderr (files done, rate, time left), only on a terminal."""
    if not sys.stderr.isatty() or not total:
        yield lambda: None
        return
    started, done = time.monotonic(), 0
    bar: Any = click.progressbar(
        length=total,
        label="Auditing",
        file=sys.stderr,
        show_pos=True,
        show_eta=True,
        item_show_func=lambda rate: rate,
    )
    with bar:

        def step() -> None:
            nonlocal done
            done += 1
            bar.update(1, f"{done / max(time.monotonic() - started, 1e-6):.1f} files/s")

        yield step


_DIFF_OPTIONS = (
    opt("--ruleset rulesets", "many", "ID|PATH",
        "Judge both sides against this ruleset too (repeatable)."),
    opt("--fail-on", click.Choice(["new-findings", "loosens", "none"]), None,
        "Exit 1 on new findings; on those or any loosening; or never.", default="new-findings"),
    opt("--format", click.Choice(names("diff")), None, None, default="text"),
    opt("--output", None, "FILE", "Write the report to FILE instead of stdout."),
    YEAR,
    *LIMITS,
)  # fmt: skip


@click.command(params=[click.Argument(["old"]), click.Argument(["new"]), *_DIFF_OPTIONS])
def diff(output: str | None, **options: Any) -> None:
    """What a policy change does: OLD and NEW are files, directories or REV:PATH."""
    from ..diff.command import DiffError, DiffRequest, run_diff

    try:
        outcome = run_diff(DiffRequest(limits=limits_of(options), **options))
    except DiffError as error:
        raise fail(str(error)) from None
    if output:
        write_given(output, outcome.text)
    else:
        click.echo(outcome.text, nl=False)
    raise click.exceptions.Exit(outcome.status)


@click.command()
def server() -> None:
    """Run the language server on stdin/stdout (for editors)."""
    from ..server.app import serve

    serve()
