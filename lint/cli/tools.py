"""The commands that work on one playbook's text: ``timeline``, ``format`` and ``convert``
(the editing tools are imported when the command runs: ``check`` never pays for them)."""

from __future__ import annotations

from functools import partial

import click

from ..files import read_regular, read_stdin
from ..output.escape import safe
from ..rules.rulesets import RulesetError
from ..run.check import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, READ_LIMIT, bytes_of, read_named
from ..run.discovery import Unreadable, decode
from ..run.engine import BLOCKING_CODES, lint_text
from ..run.guard import Limits
from .common import (
    STDIN_FILENAME_OPTION,
    PastBound,
    bound,
    bounded_or_fail,
    color_wanted,
    fail,
    limit_options,
    step,
    write_given,
)


@click.command()
@click.argument("path")
@STDIN_FILENAME_OPTION
@click.option("--svg", "svg_file", metavar="OUT.svg", help="Write the intensity chart as SVG.")
@limit_options
def timeline(
    path: str,
    stdin_filename: str | None,
    svg_file: str | None,
    file_time_limit: float,
    file_memory_limit: int,
) -> None:
    """Draw the worst-case contact calendar of one playbook ('-' reads stdin)."""
    from ..output.timeline_view import render_timeline

    limits = Limits(file_time_limit, file_memory_limit)
    path, text = read_one(path, stdin_filename)
    try:
        result = bounded_or_fail(path, limits, lambda: lint_text(text, path))
    except RulesetError as error:
        raise fail(str(error)) from None
    blocking = [f for f in result.findings if f.code in BLOCKING_CODES]
    if result.playbook is None or blocking:
        where = path
        if blocking:
            where += f":{blocking[0].line}:{blocking[0].column}: {blocking[0].message}"
        raise fail(f"cannot draw the timeline of a playbook with errors: {where}")
    playbook, color = result.playbook, color_wanted()
    if svg_file:
        from ..audit.charts import intensity_svg

        write_given(svg_file, bounded_or_fail(path, limits, lambda: intensity_svg(playbook)))
        return
    click.echo(
        bounded_or_fail(path, limits, lambda: render_timeline(playbook, color=color)), nl=False
    )


@click.command(name="format")
@click.argument("paths", nargs=-1)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file would change.")
@click.option("--diff", is_flag=True, help="Write nothing; print what would change.")
@STDIN_FILENAME_OPTION
@limit_options
def format_command(
    paths: tuple[str, ...],
    check: bool,
    diff: bool,
    stdin_filename: str | None,
    file_time_limit: float,
    file_memory_limit: int,
) -> None:
    """Rewrite DSL playbooks in the canonical layout (PATHS default to '.'; '-': stdin to
    stdout). YAML files are never rewritten."""
    from ..editing.format import format_file
    from ..editing.rewrite import rewrite_or_why

    limits = Limits(file_time_limit, file_memory_limit)
    inputs, errors = step(lambda: read_named(paths or (".",), stdin_filename))
    changed = 0
    for path, given in inputs:
        data = bytes_of(path, given)
        if data is None:
            errors.append(f"cannot read {path}")
            continue
        text = decode(data)
        if isinstance(text, Unreadable):
            errors.append(f"{path}: {text.message}")
            continue
        result = bound(path, limits, partial(format_file, path, text))
        if isinstance(result, PastBound):
            errors.append(result.message)
        elif result.error:
            errors.append(result.error)
        elif path == (stdin_filename or "-") and "-" in paths and not (check or diff):
            click.echo(result.after if result.after is not None else text, nl=False)
        elif result.changed:
            changed += 1
            if diff:
                click.echo(result.diff(), nl=False)
            elif check:
                click.echo(f"would reformat {safe(path)}")
            elif result.after is not None:
                refused = rewrite_or_why(path, data, result.after, paths or (".",))
                if refused:
                    errors.append(refused)
                    changed -= 1
    for message in errors:
        click.echo(f"playbook-lint: error: {safe(message)}", err=True)
    verb = "would be reformatted" if check or diff else "reformatted"
    click.echo(f"{changed} file{'s' if changed != 1 else ''} {verb}", err=True)
    if errors:
        raise click.exceptions.Exit(EXIT_ERROR)
    raise click.exceptions.Exit(EXIT_FINDINGS if changed and (check or diff) else EXIT_OK)


@click.command()
@click.argument("path")
@click.option("--to", "form", type=click.Choice(["dsl", "yaml"]), required=True)
@STDIN_FILENAME_OPTION
@limit_options
def convert(
    path: str,
    form: str,
    stdin_filename: str | None,
    file_time_limit: float,
    file_memory_limit: int,
) -> None:
    """Print a playbook in the other surface form (DSL <-> YAML), comments carried."""
    from ..editing.convert import ConvertError
    from ..editing.convert import convert as convert_text

    limits = Limits(file_time_limit, file_memory_limit)
    name, text = read_one(path, stdin_filename)
    try:
        converted = bounded_or_fail(name, limits, lambda: convert_text(text, name, form))
        click.echo(converted, nl=False)
    except ConvertError as error:
        where = f"{name}:{error.span.line}:{error.span.column}"
        raise fail(f"cannot convert {where}: {error.message}") from None


def read_one(path: str, stdin_filename: str | None) -> tuple[str, str]:
    """One file's name and text ('-': stdin); unreadable or undecodable is exit 2."""
    if path == "-":
        try:
            data, path = read_stdin(READ_LIMIT), stdin_filename or "-"
        except OSError as error:
            raise fail(error.strerror or str(error)) from None
    else:
        try:
            data = read_regular(path, READ_LIMIT)  # never blocks on a FIFO
        except OSError as error:
            raise fail(f"cannot read {path}: {error.strerror}") from None
    text = decode(data)
    if isinstance(text, Unreadable):
        raise fail(f"{path}: {text.message}")
    return path, text
