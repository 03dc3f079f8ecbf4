"""PB601 and PB602 on playbooks built in Python."""

from __future__ import annotations

from events_support import (
    At,
    Between,
    Channel,
    Limit,
    Period,
    Target,
    act,
    after,
    book,
    clock,
    messages,
    on,
    stage,
    weekly,
)

from playbook_lint.checks.third_party import CHECKS
from playbook_lint.rules.params import ForbiddenTarget, ThirdPartyRepeat

CHECK = {check.code: check for check in CHECKS}
UNLESS_UNREACHABLE = ForbiddenTarget(unless_after=("unreachable",))


def test_contact_allowed_after_unreachable_passes_when_it_waits() -> None:
    call = act(Channel.CALL, on(40), after("unreachable"), to=Target.EMERGENCY_CONTACT)
    assert messages(CHECK["PB601"], book(stage("s", 31, 90, call)), UNLESS_UNREACHABLE) == []


def test_contact_that_does_not_wait_is_reported() -> None:
    call = act(Channel.CALL, on(45), to=Target.FAMILY)
    assert messages(CHECK["PB601"], book(stage("s", 31, 90, call)), UNLESS_UNREACHABLE) == [
        "call to family can happen on day 45 without waiting for unreachable; family may be "
        "contacted only after unreachable"
    ]


def test_forbidden_outright_without_unless_after() -> None:
    call = act(Channel.CALL, on(45), after("unreachable"), to=Target.CONTACTS)
    params = ForbiddenTarget(targets=(Target.CONTACTS,))
    assert messages(CHECK["PB601"], book(stage("s", 31, 90, call)), params) == [
        "call to contacts: contacting contacts is not allowed"
    ]


def test_guarantor_is_not_a_third_party() -> None:
    call = act(Channel.CALL, weekly(), to=Target.GUARANTOR)
    playbook = book(stage("s", 31, 90, call))
    assert messages(CHECK["PB601"], playbook, ForbiddenTarget()) == []
    assert messages(CHECK["PB602"], playbook, ThirdPartyRepeat(max=1)) == []


def test_repeat_counts_days_times_attempts_capped_by_limits() -> None:
    weekly_sms = act(
        Channel.SMS,
        weekly(),
        after("unreachable"),
        to=Target.EMPLOYER,
        timing=At((clock("10:00"), clock("15:00"))),
    )
    assert messages(
        CHECK["PB602"], book(stage("s", 31, 90, weekly_sms)), ThirdPartyRepeat(max=1)
    ) == ["employer can be contacted 18 times (sms to employer 18 times on days 31-87); at most 1"]
    capped = act(
        Channel.CALL,
        on(40, 41),
        to=Target.EMPLOYER,
        timing=Between(clock("10:00"), clock("18:00")),
        limits=(Limit(1, Period.MONTH),),
    )
    assert messages(CHECK["PB602"], book(stage("s", 31, 90, capped)), ThirdPartyRepeat(max=1)) == []


def test_repeat_without_any_limit_is_unbounded() -> None:
    dialer = act(
        Channel.CALL, on(40), to=Target.FAMILY, timing=Between(clock("10:00"), clock("18:00"))
    )
    assert messages(CHECK["PB602"], book(stage("s", 31, 90, dialer)), ThirdPartyRepeat(max=1)) == [
        "family can be contacted without limit (call to family without limit on day 40); at most 1"
    ]


def test_repeat_adds_up_actions_to_the_same_target() -> None:
    first = act(Channel.CALL, on(40), to=Target.EMERGENCY_CONTACT)
    second = act(Channel.SMS, on(60), to=Target.EMERGENCY_CONTACT)
    playbook = book(stage("s", 31, 90, first, second))
    found = messages(CHECK["PB602"], playbook, ThirdPartyRepeat(max=1))
    # Neither action exceeds the cap alone; both are part of the breach: one finding each.
    assert len(found) == 2
    assert all(m.startswith("emergency_contact can be contacted 2 times") for m in found)
