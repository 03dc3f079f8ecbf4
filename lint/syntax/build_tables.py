"""Write the DSL's LALR tables next to the grammar (packaging time, never at run time).

    .venv/bin/python -m playbook_lint.syntax.build_tables

A script of its own, above both modules it uses: the runtime reader (``lalr_tables``)
never imports the parser that builds the tables, so the two are not a circle.
"""

from __future__ import annotations

import json
from pathlib import Path

from lark import Lark

from .lalr_tables import tables_of, tables_path
from .phrase_parser import build_dsl_parser


def save(parser: Lark) -> Path:
    """Write ``parser``'s tables next to the grammar."""
    path = tables_path()
    text = json.dumps(tables_of(parser), sort_keys=True, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return path


def main() -> None:
    print(f"wrote {save(build_dsl_parser())}")


if __name__ == "__main__":
    main()
