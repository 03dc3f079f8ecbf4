"""PB301-PB305 on playbooks built in Python: messages that prove the point."""

from __future__ import annotations

from events_support import (
    DEFAULT,
    VALIDATION,
    Channel,
    act,
    after,
    book,
    daily,
    messages,
    on,
    run,
    stage,
    weekly,
)

from playbook_lint.checks.escalation import CHECKS
from playbook_lint.rules.params import (
    EscalationOrder,
    PrematureCreditReport,
    PrematureLawsuit,
    PrematureVisit,
    VisitStaffing,
)

CHECK = {check.code: check for check in CHECKS}


def test_visit_without_a_court_event_names_its_day_and_the_missing_event() -> None:
    visit = act(Channel.VISIT, weekly(), agents=2)
    playbook = book(stage("early", 1, 30, act(Channel.SMS, daily())), stage("field", 31, 90, visit))
    assert messages(CHECK["PB301"], playbook, PrematureVisit()) == [
        "visit to borrower can happen on day 31; nothing guarantees summons_served before it "
        "(requires: summons_served)"
    ]


def test_visit_after_judgment_is_after_the_summons() -> None:
    lawsuit = act(Channel.LAWSUIT, on(100))
    visit = act(Channel.VISIT, weekly(), after("judgment_entered"), agents=2)
    playbook = book(stage("legal", 91, None, lawsuit, visit))
    assert messages(CHECK["PB301"], playbook, PrematureVisit()) == []


def test_visit_that_can_never_fire_is_left_to_pb006() -> None:
    visit = act(Channel.VISIT, weekly(), after("summons_served"))
    assert messages(CHECK["PB301"], book(stage("legal", 91, None, visit)), PrematureVisit()) == []


def test_lawsuit_waits_fourteen_days_after_the_default_notice() -> None:
    letter = act(Channel.LETTER, weekly(), after("promise_broken"), using="default_letter")
    ok = act(Channel.LAWSUIT, on(120), after("default", 14))
    short = act(Channel.LAWSUIT, on(150), after("default", 13))
    playbook = book(stage("legal", 91, None, letter, ok, short), templates=(DEFAULT,))
    params = PrematureLawsuit(requires=("default",), wait_days=14)
    found = run(CHECK["PB302"], playbook, params)
    assert [d.span for d in found] == [short.span]
    assert found[0].message == (
        "lawsuit can happen on day 150, only 13 days after the default notice "
        "(it waits for default + 13 days); at least 14"
    )


def test_lawsuit_before_min_day() -> None:
    playbook = book(stage("late", 31, 90, act(Channel.LAWSUIT, on(60))))
    assert messages(CHECK["PB302"], playbook, PrematureLawsuit(min_day=90)) == [
        "lawsuit can be filed on day 60; not before day 90"
    ]


def test_a_notice_sure_to_be_sent_earlier_counts_without_a_condition() -> None:
    letter = act(Channel.LETTER, on(45), using="default_letter")
    lawsuit = act(Channel.LAWSUIT, on(100))
    playbook = book(stage("s", 31, None, letter, lawsuit), templates=(DEFAULT,))
    params = PrematureLawsuit(min_day=90, requires=("default",), wait_days=14)
    assert messages(CHECK["PB302"], playbook, params) == []


def test_escalation_needs_a_contact_on_an_earlier_day() -> None:
    sms = act(Channel.SMS, daily())
    same_day = act(Channel.AGENCY, on(1))
    later = act(Channel.AGENCY, on(2))
    playbook = book(stage("s", 1, 30, sms, same_day, later))
    found = run(CHECK["PB303"], playbook, EscalationOrder())
    assert [d.span for d in found] == [same_day.span]
    assert found[0].message == (
        "agency can happen on day 1 with no sms, call, email or letter to the borrower certain "
        "on an earlier day (only on the same day)"
    )


def test_escalation_ignores_contacts_that_may_never_happen() -> None:
    sms = act(Channel.SMS, daily(), after("promise_broken"))
    visit = act(Channel.VISIT, on(20))
    playbook = book(stage("s", 1, 30, sms, visit))
    assert len(run(CHECK["PB303"], playbook, EscalationOrder(before=(Channel.VISIT,)))) == 1


def test_credit_report_after_validation_and_fourteen_days() -> None:
    letter = act(Channel.LETTER, on(1), using="validation_letter")
    early = act(Channel.CREDIT_REPORT, on(10))
    late = act(Channel.CREDIT_REPORT, on(15))
    playbook = book(stage("s", 1, 30, letter, early, late), templates=(VALIDATION,))
    params = PrematureCreditReport(requires=("validation",), wait_days=14)
    found = run(CHECK["PB304"], playbook, params)
    assert [d.span for d in found] == [early.span]
    assert "only 9 days after the validation notice" in found[0].message


def test_visit_staffing_counts_a_missing_by_as_one_agent() -> None:
    alone = act(Channel.VISIT, weekly())
    pair = act(Channel.VISIT, weekly(), agents=2)
    playbook = book(stage("s", 91, None, alone, pair))
    assert messages(CHECK["PB305"], playbook, VisitStaffing(min_agents=2)) == [
        "visit to borrower is made by 1 agent (no `by` clause); at least 2"
    ]
