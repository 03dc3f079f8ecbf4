"""The DSL's LALR tables, built when the package is made instead of on every start.

Building the parser from ``grammar/playbook.lark`` costs about 40 ms a process. The
built parser is saved as plain JSON next to the grammar (``playbook.lark.json``, shipped
in the wheel) with the grammar's digest and the Lark version that built it; at start-up
the tables are loaded when both still match and rebuilt from the grammar otherwise.
Nothing is ever written at run time, and nothing is read from a shared temp folder
(Lark's own ``cache=True`` unpickles a file from there, which another user could plant).

Regenerate after editing the grammar (a test fails until you do)::

    .venv/bin/python -m playbook_lint.syntax.build_tables

(Lark's serialisation follows set order, so two builds differ byte for byte; the tests
check the digest and that loaded and built parsers read every playbook alike.)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import lark
from lark import Lark
from lark.grammar import Rule
from lark.lexer import TerminalDef

from ..resources import grammar_path

# Options the tables do not carry: objects, given again when loading.
_OBJECT_OPTIONS = ("postlex", "transformer", "tree_class", "lexer_callbacks", "edit_terminals")


def tables_path(grammar: Path | None = None) -> Path:
    grammar = grammar or grammar_path()
    return grammar.with_name(grammar.name + ".json")


def grammar_digest(grammar: Path | None = None) -> str:
    return hashlib.sha256((grammar or grammar_path()).read_bytes()).hexdigest()


def tables_of(parser: Lark, grammar: Path | None = None) -> dict[str, Any]:
    """What ``build_tables`` writes: the parser's serialised tables with their provenance."""
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    data["options"] = {k: v for k, v in data["options"].items() if k not in _OBJECT_OPTIONS}
    return {
        "grammar_sha256": grammar_digest(grammar),
        "lark": lark.__version__,
        "data": data,
        "memo": memo,
    }


def load_or_build(build: Callable[[], Lark], **objects: Any) -> Lark:
    """The parser from the shipped tables when they were built from this grammar by this
    Lark; otherwise ``build()``. ``objects`` are the options JSON cannot hold (postlex)."""
    tables = _read_tables()
    if tables is not None:
        try:
            return Lark._load_from_dict(tables["data"], tables["memo"], **objects)  # type: ignore[no-untyped-call,no-any-return]
        except Exception:  # tables from an incompatible Lark: build instead
            pass
    return build()


def _read_tables() -> Mapping[str, Any] | None:
    try:
        tables = json.loads(tables_path().read_text(encoding="utf-8"), object_pairs_hook=_keys)
    except (OSError, ValueError):
        return None
    if not isinstance(tables, dict):
        return None
    if tables.get("lark") != lark.__version__ or tables.get("grammar_sha256") != grammar_digest():
        return None
    return tables


def _keys(pairs: list[tuple[str, Any]]) -> dict[Any, Any]:
    """JSON keys are strings; Lark's memo and parse states are keyed by numbers (no key of
    the tables is a number written as a string: terminal and rule names are words)."""
    return {int(k) if k.isdigit() else k: v for k, v in pairs}
