"""The command line: the only module that reads argv, prints or exits."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import click

from . import __version__
from .diagnostics import Finding, Severity
from .discovery import PathNotFound, Unreadable, decode, discover
from .engine import lint_text, unreadable_finding
from .parse import parse_source
from .reporters.json_report import render_json
from .reporters.text import render_concise, render_full, render_summary
from .rulesets import RulesetError, load_ruleset

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

FORMATS = ("full", "concise", "json")


@dataclass(frozen=True)
class FileReport:
    """One linted file: what was read (for code frames) and what was found."""

    path: str
    source: str | None
    findings: tuple[Finding, ...]


def _fail(message: str) -> click.exceptions.Exit:
    click.echo(f"playbook-lint: error: {message}", err=True)
    return click.exceptions.Exit(EXIT_ERROR)


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _color_wanted() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return _stdout_is_terminal()


def lint_one(path: str, data: bytes, rulesets: Sequence[str]) -> FileReport:
    """Decode and lint one file's bytes; undecodable text is a finding, not an error."""
    text = decode(data)
    if isinstance(text, Unreadable):
        return FileReport(path, None, (unreadable_finding(path, text),))
    return FileReport(path, text, lint_text(text, path, rulesets).findings)


def _read_inputs(
    paths: Sequence[str], stdin_filename: str | None
) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The bytes of every input, and the errors of those that could not be read (the rest
    are still linted; the exit status is 2)."""
    inputs: list[tuple[str, bytes]] = []
    errors: list[str] = []
    for path in discover(p for p in paths if p != "-"):
        try:
            with open(path, "rb") as handle:
                inputs.append((path, handle.read(_READ_LIMIT)))
        except OSError as error:
            errors.append(f"cannot read {path}: {error.strerror}")
    if "-" in paths:
        inputs.append((stdin_filename or "-", sys.stdin.buffer.read(_READ_LIMIT)))
    return inputs, errors


# One byte over the decode limit, so decode() can tell a file is too large without
# reading a huge one whole.
_READ_LIMIT = 4 * 1024 * 1024 + 1


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook-lint")
def main() -> None:
    """Static analysis for debt-collection playbooks."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--ruleset",
    "rulesets",
    multiple=True,
    metavar="ID|PATH",
    help="Add a bundled ruleset or a ruleset file (repeatable).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format (default: full on a terminal, concise otherwise).",
)
@click.option(
    "--fail-level",
    type=click.Choice([s.value for s in Severity]),
    default="warning",
    show_default=True,
    help="Lowest severity that makes the exit status 1.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option(
    "--stdin-filename", metavar="NAME", help="Name (and so form) of what '-' reads from stdin."
)
def check(
    paths: tuple[str, ...],
    rulesets: tuple[str, ...],
    output_format: str | None,
    fail_level: str,
    exit_zero: bool,
    stdin_filename: str | None,
) -> None:
    """Lint playbooks (PATHS default to '.'; '-' reads stdin)."""
    for ruleset in rulesets:
        try:
            load_ruleset(ruleset)
        except RulesetError as error:
            raise _fail(str(error)) from None
    try:
        inputs, read_errors = _read_inputs(paths or (".",), stdin_filename)
    except PathNotFound as missing:
        raise _fail(f"no such file or directory: {missing}") from None
    try:
        reports = [lint_one(path, data, rulesets) for path, data in inputs]
    except RulesetError as error:
        raise _fail(str(error)) from None
    findings = sorted(f for report in reports for f in report.findings)
    fmt = output_format or ("full" if _stdout_is_terminal() else "concise")
    click.echo(_render(fmt, findings, reports), nl=False)
    for message in read_errors:
        click.echo(f"playbook-lint: error: {message}", err=True)
    if read_errors:
        raise click.exceptions.Exit(EXIT_ERROR)
    threshold = Severity(fail_level).rank
    failed = any(f.severity.rank >= threshold for f in findings)
    raise click.exceptions.Exit(EXIT_FINDINGS if failed and not exit_zero else EXIT_OK)


def _render(fmt: str, findings: Sequence[Finding], reports: Sequence[FileReport]) -> str:
    if fmt == "json":
        return render_json(findings)
    summary = render_summary(findings, len(reports))
    if fmt == "concise":
        return render_concise(findings) + summary
    sources = {r.path: r.source for r in reports if r.source is not None}
    return render_full(findings, sources, color=_color_wanted()) + summary


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Show the page of a check (PB101) or a ruleset rule (us-regf/call-frequency)."""
    from .docs import explain as explain_text

    try:
        click.echo(explain_text(code), nl=False)
    except LookupError as error:
        raise _fail(str(error.args[0] if error.args else error)) from None


@main.command()
@click.option("--ruleset", "ruleset_id", metavar="ID", help="List that ruleset's rules instead.")
def rules(ruleset_id: str | None) -> None:
    """List every check, or every rule of a ruleset, one line each."""
    from .docs import list_rules

    try:
        click.echo(list_rules(ruleset_id), nl=False)
    except (LookupError, RulesetError) as error:
        raise _fail(str(error.args[0] if error.args else error)) from None


@main.command(name="rulesets")
def rulesets_command() -> None:
    """List the bundled rulesets: id, title, source, rule count."""
    from .docs import list_rulesets

    click.echo(list_rulesets(), nl=False)


@main.command()
@click.argument("path")
def timeline(path: str) -> None:
    """Draw the worst-case contact calendar of one playbook."""
    from .timeline_view import render_timeline

    try:
        with open(path, "rb") as handle:
            text = decode(handle.read(_READ_LIMIT))
    except OSError as error:
        raise _fail(f"cannot read {path}: {error.strerror}") from None
    if isinstance(text, Unreadable):
        raise _fail(f"{path}: {text.message}")
    parsed = parse_source(text, path)
    if parsed.playbook is None or parsed.diagnostics:
        first = parsed.diagnostics[0] if parsed.diagnostics else None
        where = f"{path}:{first.span.line}:{first.span.column}: {first.message}" if first else path
        raise _fail(f"cannot draw a timeline of a playbook that does not parse: {where}")
    click.echo(render_timeline(parsed.playbook, color=_color_wanted()), nl=False)
