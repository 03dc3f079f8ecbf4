"""Issue 15 item 11: one name rule for templates and stages in both forms.

language.md: names are letters in any script, digits and '_', not starting with a digit.
Devanagari and Thai words carry combining vowel signs; the DSL used to refuse them while
YAML accepted names the DSL refuses (``123``, a zero-width joiner inside a name).
"""

from __future__ import annotations

import pytest

from playbook_lint.diagnostics import Finding
from playbook_lint.run.check import lint_one

TEXT = "Hi {name}, a payment is due. Reply STOP to opt out."


def _dsl(template: str, stage: str, using: str | None = None) -> str:
    return (
        'playbook "names"\ntimezone Asia/Kolkata\n'
        f'template {template} sms "{TEXT}"\n'
        f"stage {stage} days 1..30 {{\n"
        f"  sms using {using or template} on day 1 at 10:00\n"
        "}\n"
        "on payment_received: stop all\n"
    )


def _yaml(template: str, stage: str, using: str | None = None) -> str:
    return (
        "playbook: names\ntimezone: Asia/Kolkata\ntemplates:\n"
        f'  "{template}": {{channel: sms, text: "{TEXT}"}}\n'
        "stages:\n"
        f'  "{stage}":\n'
        "    days: 1..30\n    actions:\n"
        f'      - {{channel: sms, using: "{using or template}", schedule: on day 1, at: "10:00"}}\n'
        "handlers:\n  - {on: payment_received, stop: all}\n"
    )


def _findings(name: str, text: str) -> list[Finding]:
    return list(lint_one(name, text.encode("utf-8"), ()).findings)


FORMS = [("names.playbook", _dsl), ("names.playbook.yaml", _yaml)]

LAWFUL = [
    ("ठीक_सूचना", "पहला_चरण"),  # Devanagari with vowel signs and virama
    ("สวัสดี", "ขั้นแรก"),  # Thai with combining marks
    ("cafe\u0301", "étape_1"),  # a combining acute
    ("催收一期", "_early"),
]


@pytest.mark.parametrize(("file_name", "build"), FORMS)
@pytest.mark.parametrize(("template", "stage"), LAWFUL)
def test_names_in_any_script_are_accepted(file_name, build, template, stage):
    found = _findings(file_name, build(template, stage))
    assert [f for f in found if f.code in ("PB001", "PB002", "PB003")] == []


@pytest.mark.parametrize(("file_name", "build"), FORMS)
def test_a_name_and_its_nfc_form_are_one_name(file_name, build):
    # Defined decomposed, used precomposed: the same template (no PB003, no PB009).
    found = _findings(file_name, build("cafe\u0301", "s", using="caf\u00e9"))
    assert [f.code for f in found if f.code in ("PB003", "PB009")] == []


REFUSED = [
    ("a\u200db", "invisible format character U+200D"),
    ("a\u2060b", "invisible format character U+2060"),
    ("\u202eab", "invisible format character U+202E"),
]


@pytest.mark.parametrize(("file_name", "build"), FORMS)
@pytest.mark.parametrize(("bad", "says"), REFUSED)
def test_format_characters_are_refused_in_both_forms_at_the_name(file_name, build, bad, says):
    text = build(bad, "s")
    found = [f for f in _findings(file_name, text) if says in f.message]
    assert len(found) == 1
    line = text.split("\n")[found[0].line - 1]
    assert line[found[0].column - 1 : found[0].end_column - 1] == bad
    assert found[0].code == ("PB001" if file_name.endswith(".playbook") else "PB002")


@pytest.mark.parametrize(("file_name", "build"), FORMS)
def test_a_stage_name_with_a_format_character_is_refused(file_name, build):
    text = build("t", "early\u200d")
    assert any("U+200D" in f.message for f in _findings(file_name, text))


def test_yaml_refuses_a_name_starting_with_a_digit_as_the_dsl_does():
    dsl = _findings("n.playbook", _dsl("123", "s", using="t"))
    assert any(f.code == "PB001" and f.line == 3 for f in dsl)
    text = _yaml("123", "s", using="t")
    found = [f for f in _findings("n.playbook.yaml", text) if "starts with a digit" in f.message]
    assert [(f.code, f.line) for f in found] == [("PB002", 4)]
    assert text.split("\n")[3][found[0].column - 1 : found[0].end_column - 1] == "123"
