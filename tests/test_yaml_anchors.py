"""YAML anchors, aliases and merge keys in playbooks (language.md v2 item 7).

The expansion bound itself (10,000 nodes, one PB002 at the alias that crosses it) is built
in ``lint/syntax/yaml_nodes.py`` by issue 15; these tests pin what a user of this branch's
playbooks sees once that lands: anchors read as written, in both forms the same playbook.
"""

from __future__ import annotations

from pathlib import Path

from playbook_lint.syntax.parse_dsl import parse_dsl
from playbook_lint.syntax.parse_yaml import parse_yaml
from support import FIXTURES, lint_file

ANCHORS = FIXTURES / "anchors"


def test_anchors_and_merge_keys_read_as_written() -> None:
    dsl = parse_dsl((ANCHORS / "anchors.playbook").read_text(encoding="utf-8"))
    yaml = parse_yaml((ANCHORS / "anchors.playbook.yaml").read_text(encoding="utf-8"))
    assert yaml.diagnostics == ()
    assert dsl.playbook is not None
    assert yaml.playbook == dsl.playbook


def test_anchored_playbook_lints_like_its_twin() -> None:
    def key(path: Path) -> list[tuple[str, str]]:
        return sorted((f.code, f.message) for f in lint_file(path))

    assert key(ANCHORS / "anchors.playbook.yaml") == key(ANCHORS / "anchors.playbook")


def test_a_merge_key_gives_way_to_the_keys_written_beside_it() -> None:
    yaml = parse_yaml((ANCHORS / "anchors.playbook.yaml").read_text(encoding="utf-8"))
    assert yaml.playbook is not None
    late = yaml.playbook.stages[1].actions[0]
    assert [str(limit.per) for limit in late.limits] == ["day", "week"]


def test_an_alias_bomb_is_one_schema_error() -> None:
    bomb = "playbook: p\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in range(1, 9):
        bomb += (
            f"{chr(97 + level)}: &{chr(97 + level)} [{', '.join(['*' + chr(96 + level)] * 10)}]\n"
        )
    result = parse_yaml(bomb)
    assert [d.code for d in result.diagnostics] == ["PB002"]
    assert result.playbook is None
