"""SARIF 2.1.0: valid against the OASIS schema, and what GitHub code scanning needs."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest
from report_samples import MIXED, finding, structure

from playbook_lint.diagnostics import BASELINE_REASON
from playbook_lint.output.sarif import FINGERPRINT_KEY, render_sarif

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())


def _log(findings: list) -> dict:  # type: ignore[type-arg]
    return json.loads(render_sarif(findings))


@pytest.mark.parametrize(
    "findings",
    [
        [],
        MIXED,
        [finding(suppressed="consent on file, CMP-42")],
        [finding(suppressed=BASELINE_REASON)],
    ],
    ids=["empty", "mixed", "suppressed", "baselined"],
)
def test_valid_against_the_sarif_schema(findings: list) -> None:  # type: ignore[type-arg]
    jsonschema.validate(_log(findings), SCHEMA)


def test_rules_carry_descriptions_help_uri_and_citations() -> None:
    run = _log(MIXED)["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    regf = rules["us-regf/call-frequency"]
    # helpUri: the check's stable docs anchor, for every check (PB0xx included); the
    # law's own page and the citation are properties; tags stay short.
    assert regf["helpUri"].endswith("docs/checks.md#pb101-contact-frequency")
    assert regf["properties"]["source"].startswith("https://www.ecfr.gov/")
    assert regf["properties"]["cite"] == "12 CFR 1006.14(b)(2)(i)"
    assert regf["properties"]["tags"] == ["PB101", "contact-frequency", "us-regf"]
    assert regf["fullDescription"]["text"].startswith("more than 7 calls")
    assert rules["PB009"]["name"] == "unused-template"
    assert rules["PB009"]["helpUri"].endswith("docs/checks.md#pb009-unused-template")
    # help.markdown is the `explain` page.
    assert rules["PB009"]["help"]["markdown"].startswith("# PB009 unused-template")
    assert "## Why is this bad?" in regf["help"]["markdown"]


def test_results_point_at_1_based_regions_and_their_rule() -> None:
    run = _log(MIXED)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    first = run["results"][0]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"]
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "examples/metro.playbook"
    assert location["region"] == {"startLine": 4, "startColumn": 1, "endLine": 4, "endColumn": 40}
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {
        "PB009": "warning",
        "us-regf/call-frequency": "error",
        "uk-cca/reasonable-hours": "warning",
        "PB012": "note",
    }


def test_uri_of_an_awkward_path_is_percent_encoded() -> None:
    run = _log([finding("plans/my plan#2.playbook")])["runs"][0]
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "plans/my%20plan%232.playbook"


def _print(f: object) -> str:
    return _log([f])["runs"][0]["results"][0]["partialFingerprints"][FINGERPRINT_KEY]


def test_fingerprint_survives_moving_lines_and_changing_numbers() -> None:
    original = finding()
    moved = dataclasses.replace(original, line=19, end_line=19, column=5)
    worse = dataclasses.replace(original, message=original.message.replace("14", "21"))
    assert _print(original) == _print(moved) == _print(worse)


def test_fingerprint_changes_with_rule_element_or_file() -> None:
    base = finding()
    others = [
        dataclasses.replace(base, rule="us-ma/call-or-text-frequency"),
        dataclasses.replace(base, anchor="stage:late/action:call:ffffffffffff"),
        dataclasses.replace(base, path="examples/other.playbook"),
    ]
    assert len({_print(base), *(_print(o) for o in others)}) == 4


def test_fingerprints_unique_even_for_identical_findings() -> None:
    twins = [finding(line=9), finding(line=10)]
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in _log(twins)["runs"][0]["results"]]
    assert len(set(prints)) == 2


def test_suppressed_findings_stay_with_their_justification() -> None:
    results = _log(
        [
            finding(suppressed="consent on file, CMP-42"),
            structure(suppressed=BASELINE_REASON),
            finding(line=30),
        ]
    )["runs"][0]["results"]
    by_line = {r["locations"][0]["physicalLocation"]["region"]["startLine"]: r for r in results}
    assert by_line[9]["suppressions"] == [
        {"kind": "inSource", "justification": "consent on file, CMP-42"}
    ]
    assert by_line[4]["suppressions"][0]["kind"] == "external"
    assert by_line[4]["baselineState"] == "unchanged"
    assert "suppressions" not in by_line[30]


def test_driver_names_the_tool_and_version() -> None:
    from playbook_lint import __version__

    driver = _log([])["runs"][0]["tool"]["driver"]
    assert driver["name"] == "playbook-lint"
    assert driver["version"] == __version__


def test_a_rule_descriptor_carries_the_rules_basis() -> None:
    # checks.md v2 item 1: the basis is in SARIF's rule properties.
    from support import lint_source

    text = (
        'playbook "p"\ntimezone America/New_York\n'
        "stage s days 1..30 {\n  call to borrower daily between 09:00 and 18:00 max 3 per day\n}\n"
        "on payment_received: stop all\n"
    )
    findings = [f for f in lint_source(text, rulesets=["us-regf"]) if f.rule]
    assert findings
    rules = json.loads(render_sarif(findings))["runs"][0]["tool"]["driver"]["rules"]
    by_id = {r["id"]: r for r in rules}
    assert by_id["us-regf/call-frequency"]["properties"]["basis"] == "law"
    assert all(r["properties"]["basis"] in ("law", "guidance", "practice") for r in rules)


def test_paths_are_relative_to_the_project_root_normalised(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "plans").mkdir()
    inside = dataclasses.replace(
        MIXED[0], path=str(tmp_path / "plans" / ".." / "plans" / "a.playbook")
    )
    log = json.loads(render_sarif([inside], root=str(tmp_path)))
    run = log["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "plans/a.playbook", "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    jsonschema.validate(log, SCHEMA)


def test_the_project_root_is_the_git_top_level_else_the_current_directory(
    tmp_path: Path,
) -> None:
    from playbook_lint.output.sarif import project_root

    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "deep" / "er").mkdir(parents=True)
    assert project_root(str(tmp_path / "repo" / "deep" / "er")) == str(
        (tmp_path / "repo").resolve()
    )
    (tmp_path / "plain").mkdir()
    assert project_root(str(tmp_path / "plain")) in (str((tmp_path / "plain").resolve()), "/")


def test_related_places_are_related_locations_and_the_year_a_run_property() -> None:
    from playbook_lint.diagnostics import Related
    from playbook_lint.model import Span

    other = Related(Span(12, 3, 12, 40), "call to borrower in stage late adds to the same window")
    log = json.loads(render_sarif([dataclasses.replace(MIXED[0], related=(other,))], year=2027))
    run = log["runs"][0]
    [related] = run["results"][0]["relatedLocations"]
    assert related["physicalLocation"]["region"]["startLine"] == 12
    assert related["message"]["text"].startswith("call to borrower")
    assert run["properties"]["analysisYear"] == 2027
    jsonschema.validate(log, SCHEMA)
