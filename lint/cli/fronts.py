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
from ..run.format_table import listed, names
from ..run.guard import Limits
from .common import JOBS_OPTION, YEAR_OPTION, fail, limit_options, write_given


@click.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--ruleset",
    "rulesets",
    multiple=True,
    metavar="ID|PATH",
    help="A ruleset of the matrix (repeatable; default: each playbook's own).",
)
@click.option("--all-rulesets", is_flag=True, help="The matrix over every bundled ruleset.")
@click.option(
    "--html",
    metavar="FILE",
    help="Write the self-contained HTML report to FILE (past 100 playbooks: a folder of "
    "pages, FILE without .html).",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    metavar="FMT[:FILE]",
    help=f"{listed('audit')}; repeatable; FMT:FILE writes to FILE.",
)
@click.option(
    "--trust-submitter",
    is_flag=True,
    help="Honour the inputs' own config files and suppression comments.",
)
@JOBS_OPTION
@click.option("--title", default="Playbook audit", show_default=True, help="The report's heading.")
@click.option(
    "--fail-level",
    type=click.Choice([s.value for s in Severity]),
    default="warning",
    show_default=True,
    help="Lowest severity that makes the exit status 1.",
)
@YEAR_OPTION
@click.option(
    "--verify",
    "verify_file",
    metavar="AUDIT.json",
    help="Re-run the audit recorded in AUDIT.json; exit 1 naming what differs.",
)
def audit(
    paths: tuple[str, ...],
    rulesets: tuple[str, ...],
    all_rulesets: bool,
    html: str | None,
    formats: tuple[str, ...],
    trust_submitter: bool,
    jobs: int | None,
    title: str,
    fail_level: str,
    year: int | None,
    verify_file: str | None,
) -> None:
    """Judge submitted playbooks against a matrix of rulesets (audit.md)."""
    from ..audit import command

    request = command.AuditRequest(
        paths=paths,
        rulesets=rulesets,
        all_rulesets=all_rulesets,
        html=html,
        formats=formats,
        trust_submitter=trust_submitter,
        jobs=jobs,
        title=title,
        fail_level=fail_level,
        year=year,
        verify=verify_file,
    )
    try:
        outcome = command.run_audit(request, write_given, progress_bar)
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


@click.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--ruleset",
    "rulesets",
    multiple=True,
    metavar="ID|PATH",
    help="Judge both sides against this ruleset too (repeatable).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["new-findings", "loosens", "none"]),
    default="new-findings",
    show_default=True,
    help="Exit 1 on new findings; on those or any loosening; or never.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(names("diff")),
    default="text",
    show_default=True,
)
@click.option("--output", metavar="FILE", help="Write the report to FILE instead of stdout.")
@YEAR_OPTION
@limit_options
def diff(
    old: str,
    new: str,
    rulesets: tuple[str, ...],
    fail_on: str,
    output_format: str,
    output: str | None,
    year: int | None,
    file_time_limit: float,
    file_memory_limit: int,
) -> None:
    """What a policy change does: OLD and NEW are files, directories or REV:PATH."""
    from ..diff.command import DiffError, DiffRequest, run_diff

    limits = Limits(file_time_limit, file_memory_limit)
    request = DiffRequest(old, new, rulesets, fail_on, output_format, year, limits)
    try:
        outcome = run_diff(request)
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
