"""Issue 15 item 13, the small ones: capped YAML errors, end columns inside the line,
bidi controls in template text."""

from __future__ import annotations

import pytest

from playbook_lint.run.engine import lint_text


def test_yaml_errors_are_capped_as_the_dsls_are() -> None:
    text = "playbook: p\n" + "".join(f"unknown{n}: 1\n" for n in range(5000))
    findings = lint_text(text, "many.playbook.yaml").findings
    assert len(findings) == 101
    assert findings[-1].message == "too many errors; stopped reading after 100"


def test_a_syntax_error_at_the_end_of_the_file_ends_inside_its_line() -> None:
    # The open flow sequence runs to the end of the file: the error is on the empty last
    # line, and its span once ended one column past that line's end.
    text = "playbook: p\nstages: [a,\n"
    (finding,) = lint_text(text, "x.playbook.yaml").findings
    assert (finding.code, finding.line, finding.column) == ("PB001", 3, 1)
    assert finding.end_column == 1


@pytest.mark.parametrize("zone", ["localtime", "posixrules", "Factory", "right/UTC", "posix/UTC"])
@pytest.mark.parametrize("form", ["dsl", "yaml"])
def test_host_dependent_zones_are_unknown(zone: str, form: str) -> None:
    if form == "dsl":
        text, name = f'playbook "p"\ntimezone {zone}\n', "z.playbook"
    else:
        text, name = f"playbook: p\ntimezone: {zone}\n", "z.playbook.yaml"
    codes = [(f.code, f.line) for f in lint_text(text, name).findings]
    assert ("PB003", 2) in codes, codes


def test_canonical_zones_still_load_from_the_bundled_data() -> None:
    from playbook_lint.analysis.zones import load_zone

    zone = load_zone("Asia/Kolkata")
    assert zone is not None
    assert zone.key == "Asia/Kolkata"
    assert load_zone("localtime") is None


DSL_ACTION = 'playbook "p"\ntimezone America/New_York\n\nstage s days 1..30 {{\n  {action}\n}}\n'
YAML_ACTION = (
    "playbook: p\ntimezone: America/New_York\nstages:\n  s:\n    days: 1..30\n"
    "    actions:\n      - {{{action}}}\n"
)


@pytest.mark.parametrize(
    "action",
    [
        "call to borrower daily at １０:００",
        "call to borrower on day ٣ at 10:00",
        "call to borrower daily at 10:00 max ３ per day",
    ],
)
def test_dsl_numbers_are_ascii_decimal_only(action: str) -> None:
    findings = lint_text(DSL_ACTION.format(action=action), "n.playbook").findings
    assert [(f.code, f.line) for f in findings] == [("PB001", 5)], findings


@pytest.mark.parametrize(
    "action",
    [
        'channel: call, to: borrower, schedule: daily, at: "１０:００"',
        'channel: call, to: borrower, schedule: "on day ٣", at: "10:00"',
        'channel: call, to: borrower, schedule: daily, at: "10:00", max: "３ per day"',
    ],
)
def test_yaml_numbers_are_ascii_decimal_only(action: str) -> None:
    findings = lint_text(YAML_ACTION.format(action=action), "n.playbook.yaml").findings
    assert [f.code for f in findings if f.line == 7] in (["PB001"], ["PB002"]), findings


@pytest.mark.parametrize("value", ["1_000", "+5", "٣٠"])
def test_yaml_whole_numbers_as_written(value: str) -> None:
    action = f"channel: visit, to: borrower, schedule: daily, at: '10:00', agents: {value}"
    findings = lint_text(YAML_ACTION.format(action=action), "v.playbook.yaml").findings
    assert [(f.code, f.line) for f in findings if f.line == 7] == [("PB002", 7)], findings
    assert "'agents' must be a whole number" in findings[0].message
