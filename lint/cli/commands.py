"""Every command beside ``check``: argv into its run's request, the run, what it prints,
its exit status. Each imports its machinery when it runs: ``check`` never pays for it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from typing import Any

import click

from ..diagnostics import Severity
from ..output.console import Outcome, progress_bar
from ..rules.rulesets import RulesetError
from ..run.check import RunError, read_one
from ..run.format_table import listed, names
from ..run.guard import bounded
from .common import JOBS, LIMITS, STDIN, YEAR, console, finish, limits_of, opt, write_to

# Each command's options, in the order of its --help (``common.opt``).
_RULESET = opt("--ruleset ruleset_id", None, "ID", "List that ruleset's rules instead.")
_LIST_FORMAT = opt("--format list_format", click.Choice(["text", "json"]), None,
    "text for people; json for tooling (shape: docs/rules-json.md).", default="text")  # fmt: skip
_SVG = opt("--svg svg_file", None, "OUT.svg", "Write the intensity chart as SVG.")
_FORMAT = (
    opt("--check", "flag", None, "Write nothing; exit 1 if a file would change."),
    opt("--diff", "flag", None, "Write nothing; print what would change."),
)
_TO = opt("--to form", click.Choice(["dsl", "yaml"]), None, None, required=True)
_AUDIT = (
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
_DIFF = (
    opt("--ruleset rulesets", "many", "ID|PATH",
        "Judge both sides against this ruleset too (repeatable)."),
    opt("--fail-on", click.Choice(["new-findings", "loosens", "none"]), None,
        "Exit 1 on new findings; on those or any loosening; or never.", default="new-findings"),
    opt("--format", click.Choice(names("diff")), None, None, default="text"),
    opt("--output", None, "FILE", "Write the report to FILE instead of stdout."),
    YEAR,
    *LIMITS,
)  # fmt: skip
_PATH, _PATHS = click.Argument(["path"]), click.Argument(["paths"], nargs=-1)


def _page(render: Callable[[], str]) -> None:
    """Print a page; an unknown code, rule or ruleset (or a broken one) is exit 2."""
    try:
        click.echo(render(), nl=False)
    except (LookupError, RulesetError) as error:
        raise RunError(str(error.args[0] if error.args else error)) from None


@click.command(params=[click.Argument(["code"])])
def explain(code: str) -> None:
    """Show the page of a check (PB101) or a ruleset rule (us-regf/call-frequency)."""
    from ..output.docs import explain as explain_text

    _page(lambda: explain_text(code))


@click.command(params=[_RULESET, _LIST_FORMAT])
def rules(ruleset_id: str | None, list_format: str) -> None:
    """List every check, or every rule of a ruleset, one line each."""
    from ..output.docs import list_rules
    from ..output.rules_json import rules_json

    _page(lambda: (rules_json if list_format == "json" else list_rules)(ruleset_id))


@click.command(name="rulesets", params=[_LIST_FORMAT])
def rulesets_command(list_format: str) -> None:
    """List the bundled rulesets: id, title, source, rule count."""
    from ..output.docs import list_rulesets
    from ..output.rules_json import rulesets_json

    click.echo(rulesets_json() if list_format == "json" else list_rulesets(), nl=False)


@click.command()
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of the YAML form."""
    from ..editing.schema import schema_text

    click.echo(schema_text(), nl=False)


@click.command(params=[_PATH, STDIN, _SVG, *LIMITS])
def timeline(path: str, stdin_filename: str | None, svg_file: str | None, **limits: Any) -> None:
    """Draw the worst-case contact calendar of one playbook ('-' reads stdin)."""
    from ..output.timeline_view import drawable, render_timeline

    bound = limits_of(limits)
    path, text = read_one(path, stdin_filename)
    playbook, color = drawable(path, text, bound), console().color()
    if svg_file:
        from ..audit.charts import intensity_svg

        write_to(svg_file, bounded(path, bound, lambda: intensity_svg(playbook)))
    else:
        click.echo(bounded(path, bound, lambda: render_timeline(playbook, color=color)), nl=False)


@click.command(name="format", params=[_PATHS, *_FORMAT, STDIN, *LIMITS])
def format_command(**options: Any) -> None:
    """Rewrite DSL playbooks in the canonical layout (PATHS default to '.'; '-': stdin to
    stdout). YAML files are never rewritten."""
    from ..editing.format_files import FormatRequest, format_files

    finish(format_files(FormatRequest(limits=limits_of(options), **options), console()))


@click.command(params=[_PATH, _TO, STDIN, *LIMITS])
def convert(path: str, form: str, stdin_filename: str | None, **limits: Any) -> None:
    """Print a playbook in the other surface form (DSL <-> YAML), comments carried."""
    from ..editing.convert import convert_file

    name, text = read_one(path, stdin_filename)
    click.echo(convert_file(text, name, form, limits_of(limits)), nl=False)


@click.command(params=[_PATHS, *_AUDIT])
def audit(**options: Any) -> None:
    """Judge submitted playbooks against a matrix of rulesets (audit.md)."""
    from ..audit import command

    progress = partial(progress_bar, stream=sys.stderr)
    outcome = command.run_audit(command.AuditRequest(**options), write_to, progress)
    click.echo(outcome.output, nl=False)
    finish(Outcome(outcome.status, tuple(f"playbook-lint: {m}" for m in outcome.errors)))


@click.command(params=[click.Argument(["old"]), click.Argument(["new"]), *_DIFF])
def diff(output: str | None, **options: Any) -> None:
    """What a policy change does: OLD and NEW are files, directories or REV:PATH."""
    from ..diff.command import DiffRequest, run_diff

    outcome = run_diff(DiffRequest(limits=limits_of(options), **options))
    write_to(output, outcome.text) if output else click.echo(outcome.text, nl=False)
    finish(Outcome(outcome.status))


@click.command()
def server() -> None:
    """Run the language server on stdin/stdout (for editors)."""
    from ..server.app import serve

    serve()


# Every command but check (click lists them by name).
COMMANDS = (explain, rules, rulesets_command, schema, timeline,
    format_command, convert, audit, diff, server)  # fmt: skip
