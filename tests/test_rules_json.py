"""``--version``, ``rules --format json`` and ``rulesets --format json`` (cli.md v3 items 3-4):
the rules as data, checked against the JSON Schema committed beside their documentation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from playbook_lint import __version__
from playbook_lint.cli import main
from playbook_lint.resources import bundled_ruleset_ids
from support import REPO

SCHEMA = json.loads((REPO / "docs" / "rules-json.schema.json").read_text(encoding="utf-8"))


def _json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.output)
    jsonschema.validate(document, SCHEMA)
    return document


def test_version_prints_the_package_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"playbook-lint, version {__version__}\n"


def test_the_version_has_one_home() -> None:
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert 'version = { attr = "playbook_lint.__version__" }' in pyproject
    assert f"## {__version__}" in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")


def test_rules_json_lists_every_check() -> None:
    text = CliRunner().invoke(main, ["rules"]).output
    document = _json("rules", "--format", "json")
    assert document["kind"] == "checks"
    assert document["version"] == __version__
    codes = [c["code"] for c in document["checks"]]
    assert codes == sorted(codes)
    # The same checks as the text listing, one line each there.
    assert codes == [line.split()[0] for line in text.splitlines()]
    pb101 = next(c for c in document["checks"] if c["code"] == "PB101")
    assert pb101["family"] == "frequency"
    assert pb101["always_on"] is False


@pytest.mark.parametrize("ruleset_id", bundled_ruleset_ids())
def test_rules_json_of_every_bundled_ruleset_fits_the_schema(ruleset_id: str) -> None:
    document = _json("rules", "--ruleset", ruleset_id, "--format", "json")
    assert document["ruleset"]["id"] == ruleset_id
    assert document["ruleset"]["rule_count"] == len(document["rules"]) > 0
    for rule in document["rules"]:
        assert rule["id"] == f"{rule['ruleset']}/{rule['name']}"


def test_a_rule_carries_its_numbers_citation_and_basis() -> None:
    document = _json("rules", "--ruleset", "us-regf", "--format", "json")
    rule = next(r for r in document["rules"] if r["id"] == "us-regf/call-frequency")
    assert rule["code"] == "PB101"
    assert rule["severity"] == "error"
    assert rule["basis"] == "law"
    assert rule["url"].startswith("https://")
    assert "1006.14" in rule["cite"]
    written = {p["name"]: p for p in rule["parameters"] if p["written"]}
    assert written["max"]["value"] == 7
    assert written["max"]["text"] == "7"


def test_rulesets_json_carries_every_bundled_ruleset_with_its_rules() -> None:
    document = _json("rulesets", "--format", "json")
    assert [r["id"] for r in document["rulesets"]] == list(bundled_ruleset_ids())
    for ruleset in document["rulesets"]:
        assert ruleset["rule_count"] == len(ruleset["rules"])


def test_a_ruleset_file_cannot_put_controls_into_the_json(tmp_path: Path) -> None:
    ruleset = tmp_path / "house.yaml"
    ruleset.write_text(
        "id: house\n"
        'title: "House \\u202erules\\x9b31m"\n'
        "source: our own\n"
        "rules:\n"
        "  calls:\n"
        "    check: PB101\n"
        "    channels: [call]\n"
        "    max: 3\n"
        "    window: 7 days\n"
        '    cite: "Policy 4.2\\u2028forged line"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["rules", "--ruleset", str(ruleset), "--format", "json"])
    assert result.exit_code == 0, result.output
    for raw in ("\u202e", "\x9b", "\u2028"):
        assert raw not in result.output
    document = json.loads(result.output)
    assert document["ruleset"]["title"] == "House \\u202erules\\x9b31m"
    assert document["rules"][0]["cite"] == "Policy 4.2\\u2028forged line"


def test_an_unknown_ruleset_is_exit_2_in_json_too() -> None:
    result = CliRunner().invoke(main, ["rules", "--ruleset", "us-regff", "--format", "json"])
    assert result.exit_code == 2
    assert "us-regf" in result.output
