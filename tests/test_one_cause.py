"""Issue 9, item 3: one problem, one finding (and no cascades after a syntax error)."""

from __future__ import annotations

from repeated_causes import count

from support import REPO, lint_source

UNBOUNDED = """playbook "unbounded"
jurisdiction cn-cba2026, cn-gbt45251
timezone Asia/Shanghai
on payment_received: stop all
stage s days 1..30 {
  call to borrower daily between 09:00 and 20:00
}
"""


def test_no_finding_on_the_examples_repeats_another_ones_cause() -> None:
    total, repeats = count(REPO / "examples")
    assert total > 30
    assert repeats == 0


def test_an_unbounded_between_is_one_pb103_naming_every_pb101_rule() -> None:
    found = [f for f in lint_source(UNBOUNDED) if f.code in ("PB101", "PB103")]
    assert [(f.line, f.code) for f in found] == [(6, "PB103")]
    assert found[0].message.endswith(
        "; it also breaks cn-cba2026/call-attempts-per-day and cn-gbt45251/effective-calls-per-day"
    )


def test_the_folded_finding_keeps_the_worst_severity_and_answers_to_every_rule() -> None:
    text = UNBOUNDED.replace("jurisdiction cn-cba2026, cn-gbt45251", "jurisdiction us-regf")
    text = text.replace("Asia/Shanghai", "America/New_York")
    # baseline's PB103 is a warning; us-regf's call cap an error.
    [finding] = [f for f in lint_source(text, rulesets=("baseline",)) if f.code == "PB103"]
    assert str(finding.severity) == "error"  # us-regf/call-frequency is an error
    # Waiving only the PB103 warning must not hide the Reg F breach it stands for.
    waived = text.replace(
        "20:00\n", "20:00  # playbook-lint: ignore[PB103] -- dialer capped elsewhere\n"
    )
    assert [f.code for f in lint_source(waived, rulesets=("baseline",))].count("PB103") == 1
    both = text.replace(
        "20:00\n", "20:00  # playbook-lint: ignore[PB103, PB101] -- dialer capped elsewhere\n"
    )
    codes = [f.code for f in lint_source(both, rulesets=("baseline",))]
    assert "PB103" not in codes
    assert "PB012" not in codes


def test_one_pb501_per_template_and_category_listing_every_match() -> None:
    text = """playbook "threats"
timezone Asia/Shanghai
template t sms "不还钱就向公安报案，警察上门抓你，让你坐牢。"
on payment_received: stop all
stage s days 1..30 {
  sms using t on day 5 at 10:00
}
"""
    found = [f for f in lint_source(text, rulesets=("cn-gbt45251",)) if f.code == "PB501"]
    assert len(found) == 1
    assert found[0].message.count('"') == 6  # three matches listed
    # Every match keeps its exact place: the first is the finding, the rest related.
    assert len(found[0].related) == 2
    assert all(r.span.line == 3 for r in found[0].related)


DSL_CASCADE = """playbook "cascade"
timezone America/New_York
template hello sms "Hi {name}. Reply STOP to opt out." extra words
template bye sms "Bye. Reply STOP to opt out."
on payment_received: stop all
stage s days 1..30 {
  sms using hello on day 2 at 10:00
  sms using bye on day 3 at 10:00 max
}
"""


def test_after_a_syntax_error_no_cascades() -> None:
    found = [(f.line, f.code) for f in lint_source(DSL_CASCADE)]
    # Line 3 fails (so 'hello' is not "unknown" at its use) and line 8 fails (so 'bye' is
    # not "never used"): only the two syntax errors.
    assert [code for _, code in found if code.startswith("PB00")] == ["PB001", "PB001"]


def test_after_a_syntax_error_no_cascades_in_yaml() -> None:
    text = """playbook: cascade
timezone: America/New_York
templates:
  bye: {channel: sms, text: "Bye. Reply STOP to opt out."}
handlers:
  - "on payment_received: stop all"
stages:
  s:
    days: 1..30
    actions:
      - sms using bye on day 3 at 10:00 max
"""
    found = [f.code for f in lint_source(text, "t.playbook.yaml")]
    assert "PB009" not in found
    assert "PB001" in found


def test_a_folded_finding_answers_to_select_and_ignore_of_every_rule_it_stands_for() -> None:
    from playbook_lint.run.selection import is_selected

    [finding] = [f for f in lint_source(UNBOUNDED) if f.code == "PB103"]
    # --select PB101 still shows the unbounded clause (it breaks the PB101 caps) ...
    assert is_selected(finding, select=["PB101"])
    assert is_selected(finding, select=["cn-cba2026/call-attempts-per-day"])
    # ... --ignore PB103 alone does not hide the PB101 breaches it stands for ...
    assert is_selected(finding, ignore=["PB103"])
    # ... and ignoring all of them does.
    assert not is_selected(finding, ignore=["PB103", "PB101"])
