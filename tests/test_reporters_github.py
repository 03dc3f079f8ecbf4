"""GitHub workflow commands: escaping, groups, the annotation cap, the step summary."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from report_samples import MIXED, finding

from playbook_lint.diagnostics import Severity
from playbook_lint.output.github import (
    annotation,
    escape_data,
    escape_property,
    render_github,
    render_step_summary,
)

# A workflow command as the runner parses it: ::name key=value,key=value::data
COMMAND = re.compile(r"^::(?P<name>[a-z-]+)(?: (?P<props>[^:]*))?::(?P<data>.*)$")


def _unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(text: str) -> str:
    return _unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def _parse(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, line
    props = {}
    if match["props"]:
        for pair in match["props"].split(","):
            key, _, value = pair.partition("=")
            props[key] = _unescape_property(value)
    return match["name"], props, _unescape_data(match["data"])


def test_escaping_follows_actions_core() -> None:
    assert escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_every_line_is_one_well_formed_command() -> None:
    out = render_github(MIXED)
    for line in out.splitlines():
        assert "\n" not in line
        assert "\r" not in line
        if line.startswith("::"):
            _parse(line)


def test_properties_and_message_round_trip_through_escaping() -> None:
    awkward = finding(
        "plans/uk, weird:name.playbook.yaml",
        3,
        5,
        message="reach 100% at 21:30,\nthen more",
        help=None,
        cite=None,
    )
    name, props, data = _parse(annotation(awkward))
    assert name == "error"
    assert props == {
        "file": "plans/uk, weird:name.playbook.yaml",
        "line": "3",
        "col": "5",
        "endLine": "3",
        "endColumn": "40",
        "title": "playbook-lint PB101 [us-regf/call-frequency]",
    }
    assert data == "reach 100% at 21:30,\nthen more"


def test_levels_map_to_error_warning_notice() -> None:
    names = [_parse(line)[0] for line in render_github(MIXED).splitlines() if "file=" in line]
    assert sorted(names) == ["error", "error", "notice", "warning", "warning"]


def test_one_group_per_file() -> None:
    lines = render_github(MIXED).splitlines()
    groups = [line for line in lines if line.startswith("::group::")]
    assert groups == [
        "::group::examples/metro.playbook",
        "::group::plans/info.playbook",
        "::group::plans/uk, weird:name.playbook.yaml",
    ]
    assert lines.count("::endgroup::") == 3


def test_cap_keeps_ten_per_level_and_says_how_many_were_left_out() -> None:
    many = [finding(line=n) for n in range(1, 26)] + [
        finding(line=n, severity=Severity.WARNING) for n in range(100, 103)
    ]
    lines = render_github(many).splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    warnings = [line for line in lines if line.startswith("::warning ")]
    assert len(errors) == 10
    assert len(warnings) == 3
    assert lines[-1].startswith("::notice title=playbook-lint::15 more findings were not annotated")
    # Nothing is lost: the rest are plain log lines.
    plain = [line for line in lines if line.startswith("examples/metro.playbook:")]
    assert len(plain) == 15


def test_no_cap_notice_when_under_the_limit() -> None:
    assert "::notice title=playbook-lint" not in render_github(MIXED)


def test_suppressed_findings_are_not_annotated() -> None:
    assert render_github([finding(suppressed="reviewed")]) == ""


def test_step_summary_is_markdown_with_totals_and_escaped_cells() -> None:
    summary = render_step_summary(MIXED, files_checked=5)
    assert summary.startswith("## playbook-lint\n")
    assert "Found 2 errors, 2 warnings, 1 info in 3 of 5 files." in summary
    assert "| PB101 | us-regf/call-frequency | error | 2 |" in summary
    for row in summary.splitlines():
        if row.startswith("|"):
            # Every row has the same number of unescaped cell separators as its header.
            cells = re.split(r"(?<!\\)\|", row)
            assert len(cells) in (4, 6), row


def test_step_summary_when_clean() -> None:
    assert "No findings in 3 files." in render_step_summary([], files_checked=3)


@given(
    path=st.text(min_size=1, max_size=30),
    message=st.text(max_size=60),
)
def test_any_path_and_message_survive_escaping(path: str, message: str) -> None:
    line = annotation(finding(path, message=message, help=None, cite=None))
    assert "\n" not in line
    assert "\r" not in line
    _, props, data = _parse(line)
    assert props["file"] == path
    assert data == message
