"""The pages of the command line: ``explain``, ``rules``, ``rulesets`` and ``schema``
(their modules are imported when the command runs: ``check`` never pays for them)."""

from __future__ import annotations

import click

from ..rules.rulesets import RulesetError
from .common import fail


@click.command()
@click.argument("code")
def explain(code: str) -> None:
    """Show the page of a check (PB101) or a ruleset rule (us-regf/call-frequency)."""
    from ..output.docs import explain as explain_text

    try:
        click.echo(explain_text(code), nl=False)
    except (LookupError, RulesetError) as error:
        raise fail(str(error.args[0] if error.args else error)) from None


_LIST_FORMAT = click.option(
    "--format",
    "list_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people; json for tooling (shape: docs/rules-json.md).",
)


@click.command()
@click.option("--ruleset", "ruleset_id", metavar="ID", help="List that ruleset's rules instead.")
@_LIST_FORMAT
def rules(ruleset_id: str | None, list_format: str) -> None:
    """List every check, or every rule of a ruleset, one line each."""
    from ..output.docs import list_rules
    from ..output.rules_json import rules_json

    render = rules_json if list_format == "json" else list_rules
    try:
        click.echo(render(ruleset_id), nl=False)
    except (LookupError, RulesetError) as error:
        raise fail(str(error.args[0] if error.args else error)) from None


@click.command(name="rulesets")
@_LIST_FORMAT
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
