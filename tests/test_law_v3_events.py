"""Issue 21 items 2 and 3 (language.md v3 items 3, 6 and 7), in both forms:

* `represented`: a us-regf playbook that keeps contacting the borrower after an attorney is
  known gets PB701 (12 CFR 1006.6(b)(2)); one that stops does not;
* `once between …` on a call says, in words, that the window retries and how to mean one call;
* an unknown event (`on 還款:`) lists the known events, with the closest one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook_lint.diagnostics import Finding
from support import REPO, lint_source

EXAMPLE = REPO / "examples" / "us-third-party-collector.playbook"
YAML_EXAMPLE = REPO / "examples" / "us-third-party-collector.playbook.yaml"
DSL_HANDLER = "on represented: stop all to borrower\n"
YAML_HANDLER = "  - {on: represented, stop: all, to: borrower}\n"


def _lint(text: str, path: Path) -> list[Finding]:
    return lint_source(text, path.name)


def _with_handler(path: Path, handler: str | None) -> str:
    """The clean us-regf example with its `represented` handler replaced (None: removed)."""
    text = path.read_text(encoding="utf-8")
    current = DSL_HANDLER if path.suffix == ".playbook" else YAML_HANDLER
    assert current in text
    return text.replace(current, "" if handler is None else handler)


FORMS = [
    (EXAMPLE, None),
    (YAML_EXAMPLE, None),
    (EXAMPLE, "on represented: stop sms, email, letter\n"),
    (YAML_EXAMPLE, "  - on represented: stop sms, email, letter\n"),
    (EXAMPLE, "on represented: stop all to family\n"),
    (YAML_EXAMPLE, "  - {on: represented, stop: all, to: [family]}\n"),
]


def test_the_clean_us_regf_example_stops_contact_once_an_attorney_is_known() -> None:
    for path in (EXAMPLE, YAML_EXAMPLE):
        assert _lint(path.read_text(encoding="utf-8"), path) == [], path.name


@pytest.mark.parametrize(("path", "handler"), FORMS, ids=lambda v: str(v)[-30:])
def test_calling_the_borrower_after_represented_is_pb701(path: Path, handler: str | None) -> None:
    findings = _lint(_with_handler(path, handler), path)
    assert [(f.code, f.rule) for f in findings] == [("PB701", "us-regf/attorney-represented")]
    finding = findings[0]
    assert "call" in finding.message
    assert "represented" in finding.message
    assert finding.cite is not None
    assert finding.cite.startswith("12 CFR 1006.6(b)(2)")
    assert finding.url == (
        "https://www.ecfr.gov/current/title-12/part-1006/section-1006.6#p-1006.6(b)(2)"
    )


@pytest.mark.parametrize(
    ("path", "handler"),
    [
        (EXAMPLE, "on represented: stop all\n"),
        (YAML_EXAMPLE, "  - {on: represented, stop: all}\n"),
        (EXAMPLE, "on represented: stop sms, call, email, letter, push, im, visit to borrower\n"),
    ],
    ids=lambda v: str(v)[-30:],
)
def test_stopping_every_contact_to_the_borrower_satisfies_it(path: Path, handler: str) -> None:
    # Stopping contact also stops the validation letter: from then on notices go to the
    # attorney, so the stop never makes the notice late (no PB402).
    assert _lint(_with_handler(path, handler), path) == []


def test_represented_is_a_known_event_in_both_forms() -> None:
    dsl = 'playbook "p"\non represented: stop all to borrower\n'
    yaml = "playbook: p\nhandlers:\n  - {on: represented, stop: all, to: borrower}\n"
    assert [f.code for f in lint_source(dsl, "t.playbook")] == []
    assert [f.code for f in lint_source(yaml, "t.playbook.yaml")] == []


# --------------------------------------------------------------------------- once between

ONCE_DSL = """playbook "once"
timezone America/New_York
stage early days 1..30 {
  call to borrower once between 10:00 and 17:00
}
on payment_received: stop all
"""
ONCE_YAML = """playbook: once
timezone: America/New_York
stages:
  early:
    days: 1..30
    actions:
      - {channel: call, to: borrower, schedule: once, between: ["10:00", "17:00"]}
handlers:
  - on payment_received: stop all
"""
ONCE_MESSAGE = (
    "`once between 10:00 and 17:00` is not one call: `once` is the stage's first day, and "
    "on that day a call window with no `max` lets the dialer retry again and again until "
    "17:00; at most 6 per day"
)
ONCE_HELP = "for one attempt write `between 10:00 and 17:00 1 time`, or add `max 1 per day`"


@pytest.mark.parametrize(
    ("text", "name"), [(ONCE_DSL, "t.playbook"), (ONCE_YAML, "t.playbook.yaml")]
)
def test_once_between_on_a_call_says_the_window_retries(text: str, name: str) -> None:
    findings = lint_source(text, name)
    assert [(f.code, f.message, f.help) for f in findings] == [("PB103", ONCE_MESSAGE, ONCE_HELP)]


@pytest.mark.parametrize(
    "fixed",
    [
        "call to borrower once between 10:00 and 17:00 1 time",
        "call to borrower once between 10:00 and 17:00 max 1 per day",
    ],
)
def test_one_time_or_a_daily_max_makes_it_one_attempt(fixed: str) -> None:
    text = ONCE_DSL.replace("call to borrower once between 10:00 and 17:00", fixed)
    assert lint_source(text, "t.playbook") == []


# --------------------------------------------------------------------------- unknown events

KNOWN = (
    "events are English words in both forms (at any time: bankruptcy_filed, "
    "cease_requested, contact_refused, conversation, deceased, dispute_raised, "
    "hardship_declared, incapacitated, opt_out, payment_received, promise_broken, "
    "promise_to_pay, represented, unreachable; when a notice is sent: validation, default, "
    "arrears, pre_litigation, final_demand, assignment, credit_reporting, hardship; when a "
    "step runs: lawsuit_filed, credit_reported, assigned_to_agency; only after another: "
    "summons_served, judgment_entered, dispute_verified)"
)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('playbook "p"\non 還款: stop all\n', "t.playbook"),
        ("playbook: p\nhandlers:\n  - on 還款: stop all\n", "t.playbook.yaml"),
        ("playbook: p\nhandlers:\n  - {on: 還款, stop: all}\n", "t.playbook.yaml"),
    ],
)
def test_an_unknown_event_lists_the_known_ones(text: str, name: str) -> None:
    findings = lint_source(text, name)
    assert [(f.code, f.message, f.help) for f in findings] == [
        ("PB003", "unknown event '還款'", KNOWN)
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('playbook "p"\non payment_recieved: stop all\n', "t.playbook"),
        ("playbook: p\nhandlers:\n  - {on: payment_recieved, stop: all}\n", "t.playbook.yaml"),
    ],
)
def test_a_misspelt_event_gets_the_closest_then_the_list(text: str, name: str) -> None:
    findings = lint_source(text, name)
    listed = KNOWN[0].upper() + KNOWN[1:]
    assert [(f.code, f.message, f.help) for f in findings] == [
        (
            "PB003",
            "unknown event 'payment_recieved'",
            f"did you mean 'payment_received'? {listed}",
        )
    ]
