"""The command line: the only package that reads argv, prints or exits. Each command
turns its options into its run's request (``CheckRequest``, ``AuditRequest``,
``DiffRequest``, ``FormatRequest``), calls the run, prints what it gives and exits:
``check.py``, ``commands.py`` (every other command), ``common.py`` (what they share)."""

from __future__ import annotations

import gc

import click

from .. import __version__
from . import check, commands
from .common import Main


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook-lint")
def main() -> None:
    """Static analysis for debt-collection playbooks."""
    # What start-up imported lives as long as the process: out of the collector's reach, it
    # is not walked by every collection a big playbook's analysis triggers (2,000 actions:
    # 10-15% of the CPU time, bench/RESULTS.md). Once per process (tests invoke this often).
    if not gc.get_freeze_count():
        gc.freeze()


for command in (check.check, *commands.COMMANDS):
    main.add_command(command)
