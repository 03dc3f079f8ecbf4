"""The command line: the only package that reads argv, prints or exits.

Each command turns its options into what its run reads (``check``: a ``CheckRequest``;
``audit``: an ``AuditRequest``), calls that run, prints what it gives and exits. The
commands of a group live in one module each: ``check.py``; ``pages.py`` (explain, rules,
rulesets, schema); ``tools.py`` (timeline, format, convert); ``fronts.py`` (audit, diff,
server). ``common.py`` holds what they share.
"""

from __future__ import annotations

import click

from .. import __version__
from . import check, fronts, pages, tools
from .common import Main


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook-lint")
def main() -> None:
    """Static analysis for debt-collection playbooks."""


# Every command, once: click lists them in name order in --help.
COMMANDS: tuple[click.Command, ...] = (
    check.check,
    pages.explain,
    pages.rules,
    pages.rulesets_command,
    pages.schema,
    tools.timeline,
    tools.format_command,
    tools.convert,
    fronts.audit,
    fronts.diff,
    fronts.server,
)
for command in COMMANDS:
    main.add_command(command)
