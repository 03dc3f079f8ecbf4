"""The pages of the command line: ``explain``, ``rules``, ``rulesets`` and ``schema``
(their modules are imported when the command runs: ``check`` never pays for them)."""

from __future__ import annotations

from collections.abc import Callable

import click

from ..rules.rulesets import RulesetError
from .common import fail, opt


def _page(render: Callable[[], str]) -> None:
    """Print a page; an unknown code, rule or ruleset (or a broken one) is exit 2."""
    try:
        click.echo(render(), nl=False)
    except (LookupError, RulesetError) as error:
        raise fail(str(error.args[0] if error.args else error)) from None


@click.command()
@click.argument("code")
def explain(code: str) -> None:
    """Show the page of a check (PB101) or a ruleset rule (us-regf/call-frequency)."""
    from ..output.docs import explain as explain_text

    _page(lambda: explain_text(code))


_LIST_FORMAT = opt(
    "--format list_format",
    click.Choice(["text", "json"]),
    None,
    "text for people; json for tooling (shape: docs/rules-json.md).",
    default="text",
)
_RULESET = opt("--ruleset ruleset_id", None, "ID", "List that ruleset's rules instead.")


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
