"""PB701 on playbooks built in Python."""

from __future__ import annotations

from events_support import (
    Channel,
    HandlerVerb,
    act,
    book,
    daily,
    handler,
    messages,
    on,
    run,
    stage,
)

from playbook_lint.checks.base import Context
from playbook_lint.checks.handlers import CHECKS
from playbook_lint.model import Target
from playbook_lint.rules.params import MissingHandler, Must
from playbook_lint.syntax.parse import parse_source

CHECK = {check.code: check for check in CHECKS}
DISPUTE = MissingHandler("dispute_raised", Must.PAUSE, until="dispute_verified")
PAYMENT = MissingHandler("payment_received", Must.STOP)
ACTIONS = (act(Channel.CALL, daily()), act(Channel.SMS, daily()), act(Channel.LETTER, on(5)))


def test_pausing_only_some_channels_names_the_others() -> None:
    pause_call = handler(
        "dispute_raised", HandlerVerb.PAUSE, Channel.CALL, until="dispute_verified"
    )
    playbook = book(stage("s", 1, 30, *ACTIONS), handlers=(pause_call,))
    [found] = run(CHECK["PB701"], playbook, DISPUTE)
    assert found.message == (
        "sms, letter continue after dispute_raised before dispute_verified: "
        "the handler pauses only call until dispute_verified"
    )
    assert found.span == pause_call.span


def test_stop_satisfies_pause() -> None:
    stop_all = handler("dispute_raised", HandlerVerb.STOP)
    playbook = book(stage("s", 1, 30, *ACTIONS), handlers=(stop_all,))
    assert messages(CHECK["PB701"], playbook, DISPUTE) == []


def test_a_pause_for_some_days_is_not_a_pause_until_verification() -> None:
    pause = handler("dispute_raised", HandlerVerb.PAUSE, for_days=30)
    playbook = book(stage("s", 1, 30, *ACTIONS), handlers=(pause,))
    assert messages(CHECK["PB701"], playbook, DISPUTE) == [
        "sms, call, letter continue after dispute_raised before dispute_verified: "
        "the handler pauses all for 30 days"
    ]


def test_pause_does_not_satisfy_stop() -> None:
    pause = handler("payment_received", HandlerVerb.PAUSE, until="promise_broken")
    playbook = book(stage("s", 1, 30, *ACTIONS), handlers=(pause,))
    assert len(messages(CHECK["PB701"], playbook, PAYMENT)) == 1


def test_except_leaves_that_channel_running() -> None:
    stop = handler("payment_received", HandlerVerb.STOP, except_=(Channel.LETTER,))
    playbook = book(stage("s", 1, 30, *ACTIONS), handlers=(stop,))
    assert messages(CHECK["PB701"], playbook, PAYMENT) == [
        "letter continues after payment_received: the handler stops all except letter"
    ]
    cease = MissingHandler("cease_requested", Must.STOP, channels=(Channel.SMS, Channel.CALL))
    stop_cease = handler("cease_requested", HandlerVerb.STOP, except_=(Channel.LETTER,))
    assert (
        messages(CHECK["PB701"], book(stage("s", 1, 30, *ACTIONS), handlers=(stop_cease,)), cease)
        == []
    )


def test_no_handler_points_at_the_playbook() -> None:
    playbook = book(stage("s", 1, 30, *ACTIONS))
    [found] = run(CHECK["PB701"], playbook, PAYMENT)
    assert found.span == playbook.span
    assert (
        found.message
        == "sms, call, letter continue after payment_received: no handler for payment_received"
    )
    assert found.anchor == "handler:payment_received"


def test_channels_the_playbook_never_uses_need_no_handler() -> None:
    stop = handler("payment_received", HandlerVerb.STOP, Channel.SMS)
    playbook = book(stage("s", 1, 30, act(Channel.SMS, daily())), handlers=(stop,))
    assert messages(CHECK["PB701"], playbook, PAYMENT) == []


# --------------------------------------------------------------------------- v2: targets

_SCOPED = """playbook "p"
timezone Asia/Shanghai
template locate call "Hello, this is Acme; we are trying to reach {{name}}."
stage s days 1..60 {{
  call to borrower daily between 09:00 and 18:00 max 1 per day
  {third}
}}
{handlers}
on payment_received: stop all
"""
REFUSED = MissingHandler(
    "contact_refused", Must.STOP, targets=(Target.FAMILY, Target.EMERGENCY_CONTACT)
)


def _pb701(third: str, handlers: str, params: MissingHandler) -> list[str]:
    text = _SCOPED.format(third=third, handlers=handlers)
    result = parse_source(text, "p.playbook")
    assert result.playbook is not None, result.diagnostics
    return [d.message for d in CHECK["PB701"].run(Context(result.playbook), params)]


FAMILY_CALL = "call to family using locate weekly between 10:00 and 18:00 max 1 per week"


def test_a_handler_scoped_to_the_contacted_targets_satisfies_the_rule() -> None:
    handlers = "on contact_refused: stop all to family, emergency_contact"
    assert _pb701(FAMILY_CALL, handlers, REFUSED) == []


def test_a_handler_scoped_to_other_targets_does_not() -> None:
    handlers = "on contact_refused: stop all to borrower"
    assert _pb701(FAMILY_CALL, handlers, REFUSED) == [
        "call continues after contact_refused: the handler stops all to borrower"
    ]


def test_no_finding_when_the_playbook_contacts_none_of_the_targets() -> None:
    assert _pb701("", "", REFUSED) == []


def test_without_targets_a_scoped_stop_must_reach_everyone_contacted() -> None:
    handlers = "on deceased: stop all to borrower"
    deceased = MissingHandler("deceased", Must.STOP)
    assert _pb701(FAMILY_CALL, handlers, deceased) == [
        "call continues after deceased: the handler stops all to borrower"
    ]
