"""The one table of formats of every front end: ``check``, ``diff`` and ``audit``.

Each line names a command, a format and where its ``Format`` record lives, as
``"room.module:NAME"`` inside the package; ``output/registry.py`` imports a record when a
command asks for its formats. The table itself is names only, so:

* the names (``--format`` choices, help text, the config's check of its ``format`` key)
  cost no import: ``check`` does not load diff's or audit's machinery at start-up;
* it sits in ``run/``, the lowest room that reads it (the config names formats), so the
  config and ``output/`` (below ``diff/`` and ``audit/``) read it without an arrow upward.

Adding a format is one module with its ``Format`` record plus one line here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """One ``--format`` of one command: where its ``Format`` record is."""

    command: str  # check, diff or audit
    name: str
    where: str  # "room.module:NAME" inside the package


# In the order of each command's help.
ENTRIES: tuple[Entry, ...] = (
    Entry("check", "full", "output.text:FULL"),
    Entry("check", "concise", "output.text:CONCISE"),
    Entry("check", "json", "output.json_report:JSON"),
    Entry("check", "jsonl", "output.jsonl:JSONL"),
    Entry("check", "sarif", "output.sarif:SARIF"),
    Entry("check", "github", "output.github:GITHUB"),
    Entry("check", "gitlab", "output.gitlab:GITLAB"),
    Entry("check", "junit", "output.junit:JUNIT"),
    Entry("diff", "text", "diff.report:TEXT"),
    Entry("diff", "json", "diff.report:JSON"),
    Entry("diff", "markdown", "diff.report:MARKDOWN"),
    Entry("diff", "github", "diff.report:GITHUB"),
    Entry("audit", "json", "audit.formats:JSON"),
    Entry("audit", "csv", "audit.formats:CSV"),
    Entry("audit", "sarif", "audit.formats:SARIF"),
    Entry("audit", "concise", "audit.formats:CONCISE"),
)


def names(command: str) -> tuple[str, ...]:
    """The format names of ``command``, in the order of its help; imports nothing."""
    return tuple(e.name for e in ENTRIES if e.command == command)


def listed(command: str) -> str:
    """The names for a help text: ``json, csv, sarif or concise``."""
    *head, last = names(command)
    return f"{', '.join(head)} or {last}" if head else last
