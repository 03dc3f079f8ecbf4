"""The LALR tables shipped next to the grammar are the grammar's, and parse as it does."""

from __future__ import annotations

import json
from pathlib import Path

import lark
import pytest

from playbook_lint.syntax import lalr_tables
from playbook_lint.syntax.parse_dsl import parse_dsl
from playbook_lint.syntax.phrase_parser import build_dsl_parser, dsl_parser

ROOT = Path(__file__).parent.parent
PLAYBOOKS = sorted([*ROOT.glob("examples/*.playbook"), *ROOT.glob("tests/fixtures/**/*.playbook")])


def test_the_shipped_tables_were_built_from_this_grammar() -> None:
    shipped = json.loads(lalr_tables.tables_path().read_text(encoding="utf-8"))
    assert shipped["grammar_sha256"] == lalr_tables.grammar_digest(), (
        "grammar/playbook.lark changed: run `python -m playbook_lint.syntax.build_tables`"
    )


def test_the_loaded_parser_is_not_rebuilt() -> None:
    if json.loads(lalr_tables.tables_path().read_text())["lark"] != lark.__version__:
        pytest.skip("tables built by another Lark version; start-up rebuilds them")
    assert dsl_parser().source_path == "<deserialized>"


@pytest.mark.parametrize("path", PLAYBOOKS, ids=lambda p: p.name)
def test_loaded_and_built_parsers_read_every_playbook_alike(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    outcomes = []
    for parser in (dsl_parser(), build_dsl_parser()):
        try:
            outcomes.append(parser.parse(text, start="start"))
        except lark.exceptions.LarkError as error:
            outcomes.append(repr(error))
    assert outcomes[0] == outcomes[1]


def test_stale_or_broken_tables_fall_back_to_the_grammar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = tmp_path / "playbook.lark.json"
    monkeypatch.setattr(lalr_tables, "tables_path", lambda grammar=None: stale)
    for content in ("", "[]", '{"lark": "0", "grammar_sha256": "x"}', "{" * 10):
        stale.write_text(content, encoding="utf-8")
        parser = lalr_tables.load_or_build(build_dsl_parser)
        assert parser.source_path != "<deserialized>"
    # The fallback parser still reads a playbook.
    assert parse_dsl('playbook "p"\n').playbook is not None
