"""The command line: the only package that reads argv, prints or exits.

Each command turns its options into what its run reads (``check``: a ``CheckRequest``;
``audit``: an ``AuditRequest``), calls that run, prints what it gives and exits. The
commands of a group live in one module each: ``check.py``; ``pages.py`` (explain, rules,
rulesets, schema); ``tools.py`` (timeline, format, convert); ``fronts.py`` (audit, diff,
server). ``common.py`` holds what they share.
"""

from __future__ import annotations

import gc

import click

from .. import __version__
from . import check, fronts, pages, tools
from .common import Main


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook-lint")
def main() -> None:
    """Static analysis for debt-collection playbooks."""
    _freeze_start_up()


_frozen = False


def _freeze_start_up() -> None:
    """Everything imported so far lives as long as the process: moved out of the
    collector's reach, it is not walked again by every collection a big playbook's
    analysis triggers (2,000 actions: 10-15% of the CPU time, bench/RESULTS.md). Once per
    process, so a host that invokes the command many times (tests) freezes only once."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


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
