"""`playbook-lint schema`: the JSON Schema of the YAML form, as a YAML language server uses it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from playbook_lint.cli import main
from playbook_lint.editing.schema import playbook_schema, schema_text
from playbook_lint.model import KNOWN_EVENTS, Channel, NoticeKind, SkipKind, Target
from playbook_lint.syntax.parse_yaml import ACTION_KEYS, HANDLER_KEYS, TOP_KEYS, parse_yaml

REPO = Path(__file__).parent.parent
SCHEMA_FILE = REPO / "schema" / "playbook.schema.json"
CORPUS = Path(__file__).parent / "fixtures" / "schema" / "corpus.yaml"
YAML_FILES = sorted(
    p
    for folder in (REPO / "examples", REPO / "tests" / "fixtures")
    for p in folder.rglob("*.playbook.y*ml")
)

_INT = re.compile(r"[-+]?[0-9]+$")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def yaml12(node: Node) -> Any:
    """The JSON value a YAML 1.2 (core schema) reader makes of a node, as editors' YAML
    servers read a file: ``10:30`` stays text, ``on`` stays a key."""
    if isinstance(node, MappingNode):
        # Merge keys (`<<`) are expanded as YAML servers do: the merged keys first, the
        # mapping's own keys winning (language.md v2 item 7 allows them in playbooks).
        merged: dict[str, Any] = {}
        own: dict[str, Any] = {}
        for key, value in node.value:
            if key.value == "<<" and key.tag == "tag:yaml.org,2002:merge":
                sources = value.value if isinstance(value, SequenceNode) else [value]
                for source in reversed(sources):
                    merged.update(yaml12(source))
            else:
                own[str(key.value)] = yaml12(value)
        return {**merged, **own}
    if isinstance(node, SequenceNode):
        return [yaml12(item) for item in node.value]
    assert isinstance(node, ScalarNode)
    value: str = node.value
    if node.style is not None:
        return value
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return value.lower() == "true"
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value


def schema_errors(text: str) -> list[str]:
    instance = yaml12(yaml.compose(text, Loader=yaml.SafeLoader))
    validator = jsonschema.Draft202012Validator(playbook_schema())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


def _schema_level(text: str) -> bool:
    """Does the parser report a problem of shape: PB002, or an unknown notice kind (a
    vocabulary the schema lists, which the parser reports as an unknown reference)?"""
    return any(
        d.code == "PB002" or (d.code == "PB003" and "notice kind" in d.message)
        for d in parse_yaml(text).diagnostics
    )


def test_the_committed_schema_is_what_the_command_prints() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert result.output == schema_text()
    assert SCHEMA_FILE.read_text(encoding="utf-8") == result.output, (
        "schema/playbook.schema.json is stale: run `playbook-lint schema > "
        "schema/playbook.schema.json`"
    )


def test_it_is_a_valid_2020_12_schema() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_keys_are_the_parsers_keys() -> None:
    schema = playbook_schema()
    assert list(schema["properties"]) == list(TOP_KEYS)
    assert list(schema["$defs"]["action"]["properties"]) == list(ACTION_KEYS)
    handler = schema["$defs"]["handler"]["anyOf"][2]
    assert list(handler["properties"]) == list(HANDLER_KEYS)


def test_vocabularies_come_from_the_model() -> None:
    action = playbook_schema()["$defs"]["action"]["properties"]
    assert action["channel"]["enum"] == [c.value for c in Channel]
    assert action["to"]["enum"] == [t.value for t in Target]
    assert action["skip"]["anyOf"][0]["enum"] == [s.value for s in SkipKind]
    template = playbook_schema()["$defs"]["template"]["properties"]
    assert template["notice"]["enum"] == [k.value for k in NoticeKind]
    assert all("description" in value for value in action.values())


def test_v2_handler_vocabularies_come_from_the_model() -> None:
    """Handler ``to`` lists the targets, channel sets take ``notices``, and ``on``/``until``
    offer every known event (the v2 ones too) while leaving unknown ones to PB003."""
    handler = playbook_schema()["$defs"]["handler"]["anyOf"][2]["properties"]
    assert handler["to"]["anyOf"][1]["items"]["enum"] == [t.value for t in Target]
    for key in ("stop", "pause", "except"):
        assert handler[key]["anyOf"][1]["items"]["enum"] == [
            *(c.value for c in Channel),
            "notices",
        ]
    for key in ("on", "until"):
        assert handler[key]["examples"] == sorted(KNOWN_EVENTS)
    assert {"incapacitated", "contact_refused"} <= set(handler["on"]["examples"])
    top = playbook_schema()["properties"]
    assert "placeholders" in top
    assert "description" in top["placeholders"]


def test_there_are_yaml_files_to_validate() -> None:
    assert len([p for p in YAML_FILES if "examples" in p.parts]) >= 10


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_yaml_example_and_fixture_agrees_with_the_parser(path: Path) -> None:
    """Files without a shape problem validate (every example); the few fixtures made to
    break the shape are rejected by the schema too."""
    text = path.read_text(encoding="utf-8")
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        pytest.skip("not YAML at all (a PB001 fixture)")
    errors = schema_errors(text)
    if _schema_level(text):
        assert errors, "the parser reports PB002 but the schema accepts the file"
    else:
        assert errors == []


def _corpus() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    return cases


@pytest.mark.parametrize("case", _corpus(), ids=lambda c: c["name"])
def test_pb002_and_the_schema_agree_on_broken_files(case: dict[str, Any]) -> None:
    text = case["text"]
    assert _schema_level(text) is case["pb002"]
    errors = schema_errors(text)
    assert bool(errors) is case["pb002"], errors
