"""The ``Format`` records of every front end's formats, imported on use.

The table of names (``run/format_table.py``) says where each record lives, as
``"room.module:NAME"`` inside the package; a record is imported when a command asks for
its formats (``formats``), not when the table is read, so ``output/`` (below ``diff/``
and ``audit/``) names their formats without importing them: no arrow upward, no circle.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module
from typing import Any

from ..run.format_table import ENTRIES, Entry
from .sink import Format

# The package this module is in, two floors up: ``lint`` in the tree, the installed name
# otherwise.
_PACKAGE = __name__.rsplit(".", 2)[0]


def _record(entry: Entry) -> Format[Any, Any]:
    module, _, attribute = entry.where.partition(":")
    found = getattr(import_module(f"{_PACKAGE}.{module}"), attribute)
    if not isinstance(found, Format) or found.name != entry.name:
        raise TypeError(f"{entry.where} is not the {entry.command} format {entry.name!r}")
    return found


class Formats(Mapping[str, Format[Any, Any]]):
    """A command's ``Format`` records by name, in the table's order, each imported the
    first time it is asked for: a check that writes ``concise`` never imports the SARIF,
    JUnit (``xml.etree``) or GitLab writers (start-up, issue 24 item 5)."""

    def __init__(self, command: str) -> None:
        self._entries = {e.name: e for e in ENTRIES if e.command == command}
        self._imported: dict[str, Format[Any, Any]] = {}

    def __getitem__(self, name: str) -> Format[Any, Any]:
        found = self._imported.get(name)
        if found is None:
            found = self._imported[name] = _record(self._entries[name])
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


def formats(command: str) -> Formats:
    """The ``Format`` records of ``command`` by name (each imported when asked for)."""
    return Formats(command)
