"""GitLab Code Quality, JUnit XML, JSON lines, --statistics and the colour decision."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from report_samples import MIXED, finding

from playbook_lint.output.color import use_color
from playbook_lint.output.gitlab import render_gitlab
from playbook_lint.output.json_report import finding_object
from playbook_lint.output.jsonl import render_jsonl
from playbook_lint.output.junit import render_junit
from playbook_lint.output.statistics import render_statistics

# ---------------------------------------------------------------- gitlab


def test_gitlab_has_every_required_field() -> None:
    issues = json.loads(render_gitlab(MIXED))
    assert len(issues) == len(MIXED)
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}


def test_gitlab_severity_mapping() -> None:
    issues = json.loads(render_gitlab(MIXED))
    by_check = {i["check_name"]: i["severity"] for i in issues}
    assert by_check["us-regf/call-frequency"] == "critical"
    assert by_check["uk-cca/reasonable-hours"] == "minor"
    assert by_check["PB012"] == "info"


def test_gitlab_fingerprints_unique_even_for_identical_findings() -> None:
    same = [finding(line=n) for n in range(1, 6)]
    prints = [i["fingerprint"] for i in json.loads(render_gitlab(same + MIXED))]
    assert len(prints) == len(set(prints))


def test_gitlab_skips_suppressed() -> None:
    assert json.loads(render_gitlab([finding(suppressed="ok")])) == []


# ---------------------------------------------------------------- junit


def test_junit_parses_with_one_suite_per_file_and_a_passing_case_for_clean_files() -> None:
    root = ET.fromstring(render_junit(MIXED, files=["clean.playbook", "examples/metro.playbook"]))
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {
        "clean.playbook",
        "examples/metro.playbook",
        "plans/info.playbook",
        "plans/uk, weird:name.playbook.yaml",
    }
    clean = suites["clean.playbook"].findall("testcase")
    assert len(clean) == 1
    assert clean[0].find("failure") is None
    metro = suites["examples/metro.playbook"]
    assert metro.get("failures") == "3"
    assert len(metro.findall("testcase/failure")) == 3
    assert root.get("failures") == str(len(MIXED))


def test_junit_escapes_markup_and_control_characters() -> None:
    nasty = finding(message='<b>"&"</b> \x07 bell', help="a < b")
    root = ET.fromstring(render_junit([nasty]))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == '<b>"&"</b> \ufffd bell'
    assert "help: a < b" in (failure.text or "")


# ---------------------------------------------------------------- jsonl


def test_jsonl_is_the_json_objects_one_per_line_sorted() -> None:
    lines = render_jsonl(list(reversed(MIXED))).splitlines()
    objects = [json.loads(line) for line in lines]
    assert objects == [finding_object(f) for f in sorted(MIXED)]
    assert list(objects[0]) == [
        "path", "line", "column", "end_line", "end_column", "code", "check",
        "rule", "severity", "message", "cite", "url", "basis", "help", "fingerprint", "related",
        "suppressed",
    ]  # fmt: skip


def test_jsonl_empty_and_suppressed() -> None:
    assert render_jsonl([]) == ""
    assert render_jsonl([finding(suppressed="ok")]) == ""


# ---------------------------------------------------------------- statistics


def test_statistics_counts_per_code_most_frequent_first() -> None:
    text = render_statistics([*MIXED, finding(line=40)])
    lines = text.splitlines()
    assert lines[0].split()[:3] == ["3", "PB101", "contact-frequency"]
    assert "[us-regf/call-frequency]" in lines[0]
    assert len(lines) == 4


# ---------------------------------------------------------------- colour


@pytest.mark.parametrize(
    ("choice", "env", "tty", "expected"),
    [
        ("always", {"NO_COLOR": "1"}, False, True),
        ("never", {"FORCE_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, True),
        ("auto", {"FORCE_COLOR": "0"}, False, False),
        ("auto", {"NO_COLOR": ""}, True, True),
        ("auto", {}, True, True),
        ("auto", {}, False, False),
    ],
)
def test_color_precedence(choice: str, env: dict[str, str], tty: bool, expected: bool) -> None:
    assert use_color(choice, env, tty) is expected
