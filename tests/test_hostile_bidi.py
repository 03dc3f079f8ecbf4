"""Issue 15 item 13: bidi controls in template text are stripped before phrase matching
(a threat stored reversed inside a right-to-left override displays as the threat) and
flagged, at their exact place, as PB501 content, in both forms."""

from __future__ import annotations

import pytest

from playbook_lint.diagnostics import Finding
from playbook_lint.rules.bidi import displayed
from playbook_lint.run.check import lint_one

RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"
# Shown to the borrower as "we will arrest you today" (the letters after RLO display
# right to left); stored, it contains no threat a keyword list would see.
REVERSED = f"Hi {{name}}, pay now or {RLO}uoy tserra lliw ew{PDF} today. Reply STOP to opt out."


def _dsl(text: str) -> str:
    return (
        'playbook "bidi"\ntimezone America/New_York\njurisdiction us-regf\n'
        f'template t sms "{text}"\n'
        "stage s days 1..30 {\n  sms using t on day 1 at 10:00\n}\n"
        "on payment_received: stop all\n"
    )


def _yaml(text: str) -> str:
    return (
        "playbook: bidi\ntimezone: America/New_York\njurisdiction: us-regf\ntemplates:\n"
        f'  t: {{channel: sms, text: "{text}"}}\n'
        "stages:\n  s:\n    days: 1..30\n    actions:\n"
        '      - {channel: sms, using: t, schedule: on day 1, at: "10:00"}\n'
        "handlers:\n  - {on: payment_received, stop: all}\n"
    )


FORMS = [("t.playbook", _dsl, 4), ("t.playbook.yaml", _yaml, 5)]


def _pb501(name: str, text: str) -> list[Finding]:
    report = lint_one(name, text.encode("utf-8"), ())
    return [f for f in report.findings if f.code == "PB501"]


def _at(source: str, finding: Finding) -> str:
    line = source.split("\n")[finding.line - 1]
    return line[finding.column - 1 : finding.end_column - 1]


@pytest.mark.parametrize(("name", "build", "line"), FORMS)
def test_a_threat_reversed_inside_an_override_is_caught(name, build, line):
    source = build(REVERSED)
    threats = [f for f in _pb501(name, source) if "arrest" in f.message.lower()]
    assert [f.line for f in threats] == [line]
    # quoted as the borrower reads it, reported at the stored letters of the threat
    assert '"arrest you"' in threats[0].message
    assert "tserra" in _at(source, threats[0])


@pytest.mark.parametrize(("name", "build", "line"), FORMS)
def test_every_bidi_control_is_flagged_at_its_place(name, build, line):
    source = build(REVERSED)
    hidden = [f for f in _pb501(name, source) if "bidi control" in f.message]
    assert len(hidden) == 1
    assert (hidden[0].line, _at(source, hidden[0])) == (line, RLO)
    assert "U+202E" in hidden[0].message
    assert "1 more" in hidden[0].message


@pytest.mark.parametrize(("name", "build", "line"), FORMS)
def test_an_isolate_around_a_name_is_flagged_but_not_a_threat(name, build, line):
    source = build(f"Hi {LRI}{{name}}{PDI}, a payment is due. Reply STOP to opt out.")
    found = _pb501(name, source)
    assert [(f.line, _at(source, f)) for f in found] == [(line, LRI)]


@pytest.mark.parametrize(("name", "build", "line"), FORMS)
def test_a_lawful_template_without_controls_has_no_pb501(name, build, line):
    assert _pb501(name, build("Hi {name}, a payment is due. Reply STOP to opt out.")) == []


def test_display_order_reverses_only_inside_an_override():
    shown = displayed(f"ab{RLO}cde{PDF}f{LRI}gh{PDI}")
    assert shown.text == "abedcfgh"
    assert shown.source_range(2, 5) == (3, 6)
