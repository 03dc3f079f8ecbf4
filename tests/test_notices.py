"""PB401-PB403 on playbooks built in Python."""

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
    notice,
    on,
    run,
    stage,
    weekly,
)

from playbook_lint.checks.notices import CHECKS
from playbook_lint.model import Instalments, NoticeKind, Playbook
from playbook_lint.rules.params import (
    LateNotice,
    MissingNotice,
    NoticeTrigger,
    NoticeWait,
    TriggerKind,
)

CHECK = {check.code: check for check in CHECKS}
FIRST_CONTACT = NoticeTrigger(TriggerKind.FIRST_CONTACT, 0, "first_contact")


def test_missing_notice_points_at_the_playbook() -> None:
    playbook = book(stage("s", 1, 30, act(Channel.CALL, daily())))
    [found] = run(CHECK["PB401"], playbook, MissingNotice("validation"))
    assert found.span == playbook.span
    assert (
        found.message
        == "the validation notice is never sent: no template is marked `notice validation`"
    )
    assert found.anchor == "notice:validation"


def test_a_template_no_action_uses_is_not_a_notice_sent() -> None:
    playbook = book(stage("s", 1, 30, act(Channel.CALL, daily())), templates=(VALIDATION,))
    assert messages(CHECK["PB401"], playbook, MissingNotice("validation")) == [
        "the validation notice is never sent: no action uses `validation_letter`"
    ]


def test_a_sent_notice_is_not_missing() -> None:
    letter = act(Channel.LETTER, on(3), using="validation_letter")
    playbook = book(stage("s", 1, 30, letter), templates=(VALIDATION,))
    assert messages(CHECK["PB401"], playbook, MissingNotice("validation")) == []


def test_late_validation_notice_after_first_contact() -> None:
    call = act(Channel.CALL, daily())
    letter = act(Channel.LETTER, on(12), using="validation_letter")
    playbook = book(stage("s", 1, 30, call, letter), templates=(VALIDATION,))
    found = run(CHECK["PB402"], playbook, LateNotice("validation", 5, FIRST_CONTACT))
    assert [d.span for d in found] == [letter.span]
    assert found[0].message == (
        "validation notice is sent on day 12, 11 days after the first contact on day 1; at most 5"
    )


def test_notice_in_the_first_contact_is_in_time() -> None:
    letter = act(Channel.LETTER, on(4), using="validation_letter")
    call = act(Channel.CALL, on(6))
    playbook = book(stage("s", 1, 30, letter, call), templates=(VALIDATION,))
    assert messages(CHECK["PB402"], playbook, LateNotice("validation", 5, FIRST_CONTACT)) == []


def test_missed_payments_use_the_instalment_period() -> None:
    arrears = notice("arrears", NoticeKind.ARREARS)
    letter = act(Channel.LETTER, on(29), using="arrears")
    weekly_book = Playbook(
        "t",
        templates=(arrears,),
        stages=(stage("s", 1, 60, letter),),
        instalments=Instalments.WEEKLY,
    )
    trigger = NoticeTrigger(TriggerKind.MISSED_PAYMENTS, 2, "missed_payments 2")
    assert messages(CHECK["PB402"], weekly_book, LateNotice("arrears", 14, trigger)) == [
        "arrears notice is sent on day 29, 22 days after 2 missed payments on day 7; at most 14"
    ]


def test_a_notice_that_waits_for_an_external_event_may_never_be_sent() -> None:
    call = act(Channel.CALL, daily())
    letter = act(Channel.LETTER, daily(), after("conversation"), using="validation_letter")
    playbook = book(stage("s", 1, 30, call, letter), templates=(VALIDATION,))
    [message] = messages(CHECK["PB402"], playbook, LateNotice("validation", 5, FIRST_CONTACT))
    assert "waits for conversation, which may never happen" in message


def test_notice_wait_before_enforcement() -> None:
    letter = act(Channel.LETTER, weekly(), after("promise_broken"), using="default_letter")
    ok = act(Channel.LAWSUIT, on(100), after("default", 14))
    short = act(Channel.LAWSUIT, on(110), after("default", 13))
    blind = act(Channel.LAWSUIT, on(120))
    playbook = book(stage("s", 31, None, letter, ok, short, blind), templates=(DEFAULT,))
    found = run(CHECK["PB403"], playbook, NoticeWait("default", (Channel.LAWSUIT,), 14))
    assert [d.span for d in found] == [short.span, blind.span]
    assert found[1].message == (
        "lawsuit can happen on day 120; nothing guarantees the default notice before it "
        "(requires: default + 14 days)"
    )


def test_a_notice_a_skip_can_take_away_says_so() -> None:
    from support import FIXTURES, fixture_rulesets, lint_file

    path = FIXTURES / "checks" / "PB4xx-notices" / "validation-skipped.playbook"
    [finding] = [f for f in lint_file(path, fixture_rulesets(path)) if f.code == "PB402"]
    assert "is kept off weekends (`skip weekends`), and each of its days can fall on one" in (
        finding.message
    )


def test_calendar_months_span_28_to_31_days_each() -> None:
    # language.md v2 item 6: the 2nd monthly instalment is missed 28 to 31 days after day 0.
    from playbook_lint.checks.notices import calendar_months

    assert calendar_months(1) == (28, 31)
    assert calendar_months(2) == (59, 62)
    assert calendar_months(0) == (0, 0)
