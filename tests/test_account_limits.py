"""Playbook-wide limits (language.md v3 item 1, issue 21 item 1) in both forms and in every
tool that reads or writes a playbook: parser, formatter, converter, JSON Schema, the
language server's hover, ``diff`` and PB101/PB103."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from lsprotocol import types

from playbook_lint.diff.compare import LOOSENS, TIGHTENS, compare_facts, facts_of
from playbook_lint.editing.convert import convert
from playbook_lint.editing.format import format_dsl
from playbook_lint.editing.schema import playbook_schema
from playbook_lint.model import Channel, Period, Target
from playbook_lint.server.analysis import Analysis
from playbook_lint.server.navigate import hover
from playbook_lint.syntax.parse import parse_source
from support import FIXTURES, lint_file, lint_source

DSL = """playbook "dialer"
jurisdiction us-regf
timezone America/New_York
limit call to borrower max 7 per 7 days
limit all max 3 per day, max 20 per 30 days

stage early days 1..10 {
  call to borrower daily at 10:00, 15:00
}

stage late days 11..30 {
  call to borrower daily at 11:00, 16:00
  sms to borrower every 3 days at 12:00
}
"""
YAML = """playbook: dialer
jurisdiction: [us-regf]
timezone: America/New_York
limits:
  - limit call to borrower max 7 per 7 days
  - {channel: all, max: [3 per day, 20 per 30 days]}
stages:
  early:
    days: 1..10
    actions:
      - call to borrower daily at 10:00, 15:00
  late:
    days: 11..30
    actions:
      - {channel: call, to: borrower, schedule: daily, at: ["11:00", "16:00"]}
      - sms to borrower every 3 days at 12:00
"""


def _playbook(text: str, name: str):  # type: ignore[no-untyped-def]
    parsed = parse_source(text, name)
    assert parsed.diagnostics == ()
    assert parsed.playbook is not None
    return parsed.playbook


def test_both_forms_give_the_same_limits() -> None:
    dsl, yml = _playbook(DSL, "d.playbook"), _playbook(YAML, "d.playbook.yaml")
    assert dsl == yml
    first, second = dsl.limits
    assert first.covers(Channel.CALL, Target.BORROWER)
    assert not first.covers(Channel.CALL, Target.FAMILY)
    assert not first.covers(Channel.SMS, Target.BORROWER)
    assert [(lim.count, lim.per) for lim in first.limits] == [(7, Period.WEEK)]
    # `all` is every contact channel, to every target; not a legal step.
    assert second.covers(Channel.VISIT, Target.EMPLOYER)
    assert not second.covers(Channel.LAWSUIT, Target.BORROWER)
    assert [(lim.count, lim.per) for lim in second.limits] == [(3, Period.DAY), (20, Period.MONTH)]


@pytest.mark.parametrize(("text", "name"), [(DSL, "d.playbook"), (YAML, "d.playbook.yaml")])
def test_a_split_plan_under_an_account_cap_is_lawful(text: str, name: str) -> None:
    # Without the limits, two calls a day in each stage are 14 in 7 days (PB101).
    codes = {f.code for f in lint_source(text, name)}
    assert "PB101" not in codes
    assert "PB103" not in codes
    uncapped = text.replace("  - limit call to borrower max 7 per 7 days\n", "").replace(
        "limit call to borrower max 7 per 7 days\n", ""
    )
    messages = [f.message for f in lint_source(uncapped, name) if f.code == "PB101"]
    assert messages
    assert all("can reach 14 within 7 days" in m for m in messages)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('playbook "p"\nlimit call max 7 per 8 days\n', "p.playbook"),
        ("playbook: p\nlimits:\n  - call max 7 per 8 days\n", "p.playbook.yaml"),
        ("playbook: p\nlimits:\n  - {channel: call, max: 7 per 8 days}\n", "p.playbook.yaml"),
    ],
)
def test_a_period_that_is_not_a_limit_period_is_named(text: str, name: str) -> None:
    findings = lint_source(text, name)
    assert [(f.code, f.message) for f in findings] == [
        ("PB001", "a limit counts per hour, day, week, month, 7 days or 30 days, not 8 days")
    ]


def test_yaml_mapping_needs_channel_and_max() -> None:
    findings = lint_source("playbook: p\nlimits:\n  - {to: borrower, max: 2 per day}\n", "p.yaml")
    assert [(f.code, f.message) for f in findings] == [
        ("PB002", "missing key 'channel': the channels it counts")
    ]


def test_a_limit_after_a_stage_is_a_header_out_of_place() -> None:
    text = DSL + "limit sms max 1 per day\n"
    findings = lint_source(text, "d.playbook")
    assert ("PB001", "'limit' comes after a stage; header statements go before the stages") in {
        (f.code, f.message) for f in findings
    }


def test_the_formatter_keeps_limits_in_the_header_as_the_law_counts() -> None:
    messy = DSL.replace(
        "limit call to borrower max 7 per 7 days", "limit   call to borrower max 7 per week"
    )
    formatted = format_dsl(messy)
    assert (
        "limit call to borrower max 7 per 7 days\nlimit all max 3 per day, max 20 per 30 days\n"
        in formatted
    )
    assert format_dsl(formatted) == formatted


def test_conversion_carries_limits_both_ways() -> None:
    as_yaml = convert(DSL, "d.playbook", "yaml")
    assert "limits:\n  - limit call to borrower max 7 per 7 days\n" in as_yaml
    assert _playbook(as_yaml, "c.playbook.yaml") == _playbook(DSL, "d.playbook")
    back = convert(YAML, "d.playbook.yaml", "dsl")
    assert "limit all max 3 per day, max 20 per 30 days\n" in back
    assert _playbook(back, "c.playbook") == _playbook(YAML, "d.playbook.yaml")


def test_the_schema_accepts_limits_and_refuses_unknown_keys() -> None:
    validator = jsonschema.Draft202012Validator(playbook_schema())
    validator.validate(yaml.safe_load(YAML))
    bad = yaml.safe_load(YAML)
    bad["limits"].append({"channel": "call", "maxx": "2 per day"})
    assert not validator.is_valid(json.loads(json.dumps(bad)))
    assert "limit" in playbook_schema()["$defs"]


def _hover_text(text: str, name: str, needle: str) -> str:
    analysis = Analysis(f"file:///nowhere/{name}", text)
    line = next(i for i, t in enumerate(text.splitlines()) if needle in t)
    found = hover(analysis, types.Position(line, text.splitlines()[line].index(needle)))
    assert found is not None
    contents = found.contents
    assert isinstance(contents, types.MarkupContent)
    return contents.value


@pytest.mark.parametrize(("text", "name"), [(DSL, "d.playbook"), (YAML, "d.playbook.yaml")])
def test_hover_on_an_action_shows_the_clamp(text: str, name: str) -> None:
    page = _hover_text(text, name, "10:00")
    # The action alone: two a day, held to 7 in any 7 days by the account cap.
    assert "- one day: 2" in page
    assert "- any 7 days: 7" in page
    assert "Clamped by playbook-wide limits" in page
    line = 4 if name.endswith(".playbook") else 5
    assert f"- `limit call to borrower max 7 per 7 days` (line {line})" in page
    assert "  - with 1 other action: 7 in any 7 days (at most 7)" in page
    assert "  - with 2 other actions: 3 in one day (at most 3)" in page


def _changes(old: str, new: str) -> list[tuple[str, str, str, str]]:
    facts = [facts_of(_playbook(t, "d.playbook"), year=2026) for t in (old, new)]
    return [(c.subject, c.old, c.new, c.effect) for c in compare_facts(*facts) if c.aspect == "cap"]


def test_diff_classes_limit_changes() -> None:
    raised = DSL.replace("max 7 per 7 days", "max 9 per 7 days")
    removed = DSL.replace("limit call to borrower max 7 per 7 days\n", "")
    key = "limit call to borrower: max per week"
    assert _changes(DSL, raised) == [(key, "7", "9", LOOSENS)]
    assert _changes(raised, DSL) == [(key, "9", "7", TIGHTENS)]
    assert _changes(DSL, removed) == [(key, "7", "none", LOOSENS)]
    assert _changes(removed, DSL) == [(key, "none", "7", TIGHTENS)]


@pytest.mark.parametrize(("suffix", "line"), [(".playbook", 8), (".playbook.yaml", 9)])
def test_a_cap_above_the_law_points_at_the_limit(suffix: str, line: int) -> None:
    path = FIXTURES / "checks" / "v3-account-limits" / f"cap-above-the-law{suffix}"
    found = [f for f in lint_file(path, ["us-regf"]) if f.code == "PB101"]
    assert [f.message.split(";")[0] for f in found][:1] == [
        "calls to borrower can reach 10 within 7 days (days 1-7)"
    ]
    assert found[0].help == (
        f"the playbook-wide `limit` (line {line}) lets the dialer reach this; lower it to "
        "`max 7 per week` or less, or thin the schedule"
    )
