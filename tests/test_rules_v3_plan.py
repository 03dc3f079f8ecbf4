"""Issue 18 items 4-6, what the first landing left: the estate judged as the consumer for
frequency and hours (language.md v3 item 2), PB507 an error in every ruleset (checks.md v3
item 6), and the rules each ruleset owes for PB505 and the `post` channel (rulesets.md v3)."""

from __future__ import annotations

import pytest

from playbook_lint.diagnostics import Severity
from playbook_lint.model import Target, as_consumer
from support import lint_source

ESTATE_CALLS = """\
playbook "estate-calls"
jurisdiction {ruleset}
timezone America/New_York
template rep call "Hello, this is Jane from Harbor Point for the estate of {{name}}. Call 555-0100."
stage late days 31..60 {{
  call to estate using rep daily at 07:00, 12:00, 18:00 after deceased
}}
on conversation: pause call for 7 days
on payment_received: stop all
"""


def test_the_estate_joins_the_borrower_and_nobody_else() -> None:
    assert as_consumer((Target.BORROWER,)) == (Target.BORROWER, Target.ESTATE)
    assert as_consumer((Target.FAMILY,)) == (Target.FAMILY,)
    assert as_consumer((Target.BORROWER, Target.ESTATE)) == (Target.BORROWER, Target.ESTATE)


@pytest.mark.parametrize(
    ("ruleset", "cap", "hours"),
    [
        ("us-regf", "calls to estate can reach 21 within 7 days", "at 07:00"),
        ("us-ma", "calls to estate can reach 21 within 7 days (days 31-37); at most 2", "at 07:00"),
        ("cn-gbt45251", None, "at 07:00"),
        ("au-accc-asic", None, "at 07:00"),
    ],
)
def test_calls_to_the_estate_are_held_to_the_consumer_limits(
    ruleset: str, cap: str | None, hours: str | None
) -> None:
    # Before v3 the estate's calls were counted by no rule, and PB201 crashed on them.
    found = lint_source(ESTATE_CALLS.format(ruleset=ruleset))
    assert not [f for f in found if f.code == "PB000"]
    frequency = [f.message for f in found if f.code == "PB101"]
    timing = [f.message for f in found if f.code == "PB201"]
    if cap is not None:
        assert any(cap in m for m in frequency), frequency
    if hours is not None:
        assert any("estates' representatives" in m and hours in m for m in timing), timing


def test_photos_sent_to_contacts_are_an_error_even_under_baseline() -> None:
    text = """\
playbook "wall"
timezone Asia/Manila
template wall sms attach photo "Kilala mo ba ito?"
stage late days 31..60 {
  sms to contacts using wall on day 31 at 11:00
}
on payment_received: stop all
"""
    found = [f for f in lint_source(text) if f.code == "PB507"]
    assert [(f.rule, f.severity) for f in found] == [
        ("baseline/no-personal-data-to-others", Severity.ERROR)
    ]


THREAT_AND_POST = """\
playbook "bluff"
jurisdiction {ruleset}
timezone {zone}
template final letter "{threat}"
template wall im "{wall}"
stage late days 31..90 {{
  letter using final on day 31
  post to contacts using wall on day 60
}}
on payment_received: stop all
"""

# Each ruleset that rulesets.md v3 gives PB505 and a `post` rule: its own rule ids, their
# severity (law: error; guidance: warning, except the standard's 不得), and its words.
OWN_RULES = [
    ("us-regf", "America/New_York", "error", "error", "FDCPA §806(3)"),
    ("uk-cca", "Europe/London", "error", "error", "CONC 7.9.7R"),
    ("au-accc-asic", "Australia/Sydney", "warning", "warning", "Part 2 s1(a)"),
    ("cn-gbt45251", "Asia/Shanghai", "warning", "error", "GB/T 45251-2025"),
    ("cn-cba2026", "Asia/Shanghai", "warning", "error", "GB/T 45251-2025"),
    ("tw-fsc", "Asia/Taipei", "error", "error", "art. 14 III(2)(3)"),
]


@pytest.mark.parametrize(("ruleset", "zone", "threat", "post", "post_cite"), OWN_RULES)
def test_each_ruleset_judges_bluffs_and_posts_by_its_own_text(
    ruleset: str, zone: str, threat: str, post: str, post_cite: str
) -> None:
    chinese = ruleset.startswith(("cn", "tw"))
    text = THREAT_AND_POST.format(
        ruleset=ruleset,
        zone=zone,
        threat="如不还款，我们将起诉你。" if chinese else "Pay within 10 days or we will sue you.",
        wall="请大家转告他还钱。" if chinese else "Tell him to pay up.",
    )
    found = lint_source(text)
    bluffs = [f for f in found if f.code == "PB505"]
    posts = [f for f in found if f.code == "PB601" and f.message.startswith("post")]
    assert [(f.rule, f.severity.value) for f in bluffs] == [
        (f"{ruleset}/threaten-only-the-plan", threat)
    ]
    owner = "cn-gbt45251" if ruleset == "cn-cba2026" else ruleset
    assert [(f.rule, f.severity.value) for f in posts] == [(f"{owner}/no-public-posts", post)]
    assert post_cite in (posts[0].cite or "")
    # No finding of these rules cites another country's text (rulesets.md v3).
    assert "baseline" not in (bluffs[0].rule or "") + (posts[0].rule or "")
