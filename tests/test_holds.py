"""Handlers that hold notices back (language.md v2 items 2-4): what the user sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook_lint.analysis.holds import covers
from playbook_lint.model import Channel, NoticeKind
from playbook_lint.syntax.parse import parse_source
from support import FIXTURES, lint_source

US_RULES = str(FIXTURES / "checks" / "PB4xx-notices" / "us.rules.yaml")

HEAD = """playbook "p"
timezone America/New_York
template first_call call "This is Acme. This is an attempt to collect a debt."
template validation letter notice validation "Validation notice: you owe {amount}."
template pre letter notice pre_litigation "We may take legal action about {amount}."
stage early days 1..30 {
  call to borrower using first_call daily between 09:00 and 18:00 max 1 per day
  letter using validation on day 4
  letter using pre on day 20
}
"""


def _codes(handlers: str) -> list[str]:
    return [f.code for f in lint_source(HEAD + handlers, rulesets=[US_RULES]) if f.code == "PB402"]


@pytest.mark.parametrize(
    ("handler", "codes"),
    [
        ("on conversation: pause all for 7 days", ["PB402"]),
        ("on conversation: pause letter for 2 days", ["PB402"]),
        ("on conversation: pause all except notices for 7 days", []),
        ("on conversation: pause call for 7 days", []),
        ("on promise_to_pay: pause call, notices for 7 days", ["PB402"]),
        ("on dispute_raised: pause all until dispute_verified", ["PB402"]),
        ("on dispute_raised: pause all except notices until dispute_verified", []),
        ("on cease_requested: stop all", ["PB402"]),
        ("on cease_requested: stop all except letter", []),
        ("on cease_requested: stop all to guarantor", []),
        # Events that end the debt discharge the notice.
        ("on payment_received: stop all", []),
        ("on bankruptcy_filed: pause all for 30 days", []),
        ("on deceased: stop all", []),
    ],
)
def test_a_handler_that_can_drop_the_notice_makes_it_late(handler: str, codes: list[str]) -> None:
    assert _codes(handler + "\n") == codes


def test_the_finding_names_the_handler_and_the_worst_moment() -> None:
    [finding] = [
        f
        for f in lint_source(HEAD + "on conversation: pause all for 7 days\n", rulesets=[US_RULES])
        if f.code == "PB402"
    ]
    assert finding.line == 8
    assert finding.message == (
        "the validation notice can be held back past its deadline: `on conversation: pause "
        "all for 7 days` drops letter to borrower on day 4 if conversation comes on day 4, and "
        "it is not sure to be sent after that; it must be sent within 5 days after the first "
        "contact on day 1"
    )
    assert "except notices" in (finding.help or "")


def test_notices_means_only_the_kinds_a_ruleset_requires() -> None:
    result = parse_source(HEAD + "on x: pause all except notices for 7 days\n", "p.playbook")
    assert result.playbook is not None
    [handler] = result.playbook.handlers
    [_, validation, pre] = [a for _, a in result.playbook.actions()]
    required = frozenset({NoticeKind.VALIDATION.value})
    assert not covers(handler, validation, "validation", required)
    # A pre-litigation letter is collection: the pause takes it in.
    assert covers(handler, pre, "pre_litigation", required)
    # Unknown requirements (PB006): `except notices` spares every notice.
    assert not covers(handler, pre, "pre_litigation", None)
    assert validation.channel is Channel.LETTER


_REPORTING = """playbook "p"
timezone America/New_York
template validation letter notice validation "Validation notice: you owe {{amount}}."
stage early days 1..60 {{
  letter using validation on day 3
  credit_report on day 30
}}
{handler}
"""


@pytest.mark.parametrize(
    ("handler", "codes"),
    [
        ("on promise_to_pay: pause letter for 30 days", ["PB304"]),
        ("on promise_to_pay: pause letter except notices for 30 days", []),
        ("on payment_received: stop all", []),
    ],
)
def test_a_held_notice_is_not_sure_before_a_credit_report(
    tmp_path: Path, handler: str, codes: list[str]
) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "id: t\nrules:\n  passive-credit-reporting:\n    check: PB304\n"
        "    requires: [validation]\n    wait_days: 14\n",
        encoding="utf-8",
    )
    text = _REPORTING.format(handler=handler)
    found = [f for f in lint_source(text, rulesets=[str(rules)]) if f.code == "PB304"]
    assert [f.code for f in found] == codes
    if found:
        assert "can hold back what sends it" in found[0].message
