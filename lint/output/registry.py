"""The ``Format`` records of every front end's formats, imported on use.

The table of names (``run/format_table.py``) says where each record lives, as
``"room.module:NAME"`` inside the package; a record is imported when a command asks for
its formats (``formats``), not when the table is read, so ``output/`` (below ``diff/``
and ``audit/``) names their formats without importing them: no arrow upward, no circle.
"""

from __future__ import annotations

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


def formats(command: str) -> dict[str, Format[Any, Any]]:
    """The ``Format`` records of ``command`` by name, each imported now."""
    return {e.name: _record(e) for e in ENTRIES if e.command == command}
