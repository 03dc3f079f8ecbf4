"""Issue 9, item 2: one finding per violating action, so a waiver never hides another.

A suppression covers its own line only: an action waived on one line must not hide a
different action's breach, and a waiver on an action that breaks a rule by itself is used.
"""

from __future__ import annotations

from support import lint_source

DSL = """playbook "waivers"
jurisdiction us-regf
timezone America/New_York

on conversation: pause call for 7 days
on cease_requested: stop all

stage early days 1..30 {{
  call to borrower daily at 10:00, 14:00, 18:00{waiver}
}}
stage late days 31..60 {{
  call to borrower daily at 10:00, 16:00
}}
"""

YAML = """playbook: waivers
jurisdiction: [us-regf]
timezone: America/New_York
handlers:
  - "on conversation: pause call for 7 days"
  - "on cease_requested: stop all"
stages:
  early:
    days: 1..30
    actions:
      - call to borrower daily at 10:00, 14:00, 18:00{waiver}
  late:
    days: 31..60
    actions:
      - call to borrower daily at 10:00, 16:00
"""

WAIVER = "  # playbook-lint: ignore[PB101] -- agreed with the borrower"


def _pb101(text: str, name: str) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in lint_source(text, name) if f.code in ("PB101", "PB012")]


def test_a_waiver_on_one_action_never_hides_another_actions_breach() -> None:
    assert _pb101(DSL.format(waiver=""), "t.playbook") == [(9, "PB101"), (12, "PB101")]
    # Waiving the 3-a-day action leaves the 2-a-day action's own breach (14 > 7) reported.
    assert _pb101(DSL.format(waiver=WAIVER), "t.playbook") == [(12, "PB101")]


def test_the_same_in_the_yaml_form() -> None:
    assert _pb101(YAML.format(waiver=""), "t.playbook.yaml") == [(11, "PB101"), (15, "PB101")]
    assert _pb101(YAML.format(waiver=WAIVER), "t.playbook.yaml") == [(15, "PB101")]


def test_a_waiver_on_an_action_that_breaks_the_rule_itself_is_not_unused() -> None:
    # The 2-a-day action breaks the cap alone; before, only the worse action was reported
    # and this waiver was called "unused" (PB012).
    text = DSL.replace(
        "daily at 10:00, 16:00\n", "daily at 10:00, 16:00  " + WAIVER.strip() + "\n"
    ).format(waiver="")
    assert _pb101(text, "t.playbook") == [(9, "PB101")]


def test_a_breach_that_needs_two_actions_is_reported_at_both_naming_the_other() -> None:
    text = """playbook "two"
timezone America/New_York
on conversation: pause call for 7 days
stage s days 1..30 {
  call to borrower daily at 10:00 max 1 per day
  call to borrower weekly at 15:00
}
"""
    found = [f for f in lint_source(text, rulesets=("us-regf",)) if f.code == "PB101"]
    assert [(f.line, [r.span.line for r in f.related]) for f in found] == [(5, [6]), (6, [5])]
    assert found[0].message.endswith("(with line 6)")
    # The baseline identity holds no line: the message without "(with line 6)".
    assert "line" not in found[0].stable_message


def test_pb602_every_contact_of_the_third_party_is_reported() -> None:
    text = """playbook "tp"
timezone America/New_York
template ask call "Please ask the borrower to call Acme."
on conversation: pause call for 7 days
stage s days 1..60 {
  call to emergency_contact using ask on day 20 at 11:00
  call to emergency_contact using ask on day 40 at 11:00  # playbook-lint: ignore[PB602] -- x
}
"""
    found = [(f.line, f.code) for f in lint_source(text, rulesets=("us-regf",))]
    assert (6, "PB602") in found
    assert (7, "PB602") not in found
    assert (7, "PB012") not in found


def test_pb102_each_exposed_action_without_a_handler_is_reported() -> None:
    text = """playbook "conv"
timezone America/New_York
stage s days 1..30 {
  call to borrower weekly at 10:00
  call to borrower weekly at 15:00
}
"""
    found = [f.line for f in lint_source(text, rulesets=("us-regf",)) if f.code == "PB102"]
    assert found == [4, 5]


def test_a_breach_across_two_stages_says_so_and_suggests_no_clause_both_have() -> None:
    text = """playbook "stages"
timezone America/New_York
on conversation: pause call for 7 days
stage early days 1..30 {
  call to borrower daily at 10:00, 15:00 max 7 per week
}
stage late days 31..60 {
  call to borrower daily at 10:00, 15:00 max 7 per week
}
"""
    found = [f for f in lint_source(text, rulesets=("us-regf",)) if f.code == "PB101"]
    assert [f.line for f in found] == [5, 8]
    assert "across stages early and late" in found[0].message
    assert "across stages late and early" in found[1].message
    for finding in found:
        assert finding.help is not None
        assert "add `max 7 per week`" not in finding.help
        assert "each action is capped on its own" in finding.help


def test_pb602_a_breach_of_many_contacts_names_the_first_few_and_how_many_more() -> None:
    days = range(2, 22)
    body = "\n".join(f"  call to emergency_contact using ask on day {d} at 11:00" for d in days)
    text = (
        'playbook "tp"\ntimezone America/New_York\n'
        'template ask call "Please ask the borrower to call Acme."\n'
        "on conversation: pause call for 7 days\n"
        f"stage s days 1..60 {{\n{body}\n}}\n"
    )
    found = [f for f in lint_source(text, rulesets=("us-regf",)) if f.code == "PB602"]
    # Every one of the 20 calls is reported at its own line (line 6 is the first).
    assert [f.line for f in found] == [6 + i for i in range(len(days))]
    first, last = found[0], found[-1]
    assert "emergency_contact can be contacted 20 times (" in first.message
    # Six parts named, then how many more; the last call names its own part too.
    assert "call to emergency_contact 1 time on day 7; and 14 more); at most 1" in first.message
    assert "on day 21; and 13 more); at most 1" in last.message
    # Five related places and "and 14 more" of them, whichever action the finding is at.
    assert [r.span.line for r in first.related] == [7, 8, 9, 10, 11]
    assert [r.span.line for r in last.related] == [6, 7, 8, 9, 10]
    assert first.message.endswith("(with lines 7, 8, 9, 10, 11 and 14 more)")
