"""The event analysis on playbooks built in Python: what can fire when, what is certain before."""

from __future__ import annotations

from events_support import DEFAULT, act, after, book, messages, notice, on, stage

from playbook_lint.analysis.events import Sent, analyse_events, describe_mark, mark_of
from playbook_lint.checks.reachability import CHECKS
from playbook_lint.model import (
    Channel,
    ChannelSet,
    Daily,
    Day,
    Handler,
    HandlerVerb,
    Name,
    NoticeKind,
    Schedule,
    Target,
    Weekly,
)
from playbook_lint.rules.params import NoParams


def test_unconditional_action_fires_on_its_first_scheduled_day() -> None:
    letter = act(Channel.LETTER, on(5, 9))
    early = stage("early", 1, 30, letter)
    analysis = analyse_events(book(early))
    assert analysis.earliest_day(early, letter) == 5
    assert analysis.guaranteed_day(early, letter) == 5
    assert analysis.firing_days(early, letter) == (5, 9)


def test_external_event_does_not_delay_but_is_never_guaranteed() -> None:
    call = act(Channel.CALL, Schedule(Daily()), after("unreachable"), to=Target.EMPLOYER)
    early = stage("early", 1, 30, call)
    analysis = analyse_events(book(early))
    assert analysis.earliest_day(early, call) == 1
    assert analysis.guaranteed_day(early, call) is None
    assert "unreachable" in analysis.certain_events(early, call)


def test_delay_after_a_notice_moves_the_earliest_day() -> None:
    letter = act(Channel.LETTER, on(45), using="default_letter")
    lawsuit = act(Channel.LAWSUIT, Schedule(Daily()), after("default", 14))
    late = stage("late", 31, 120, letter, lawsuit)
    analysis = analyse_events(book(late, templates=(DEFAULT,)))
    assert analysis.earliest_day(late, lawsuit) == 59
    assert analysis.notice_days("default") == (45,)
    lead = analysis.lead(late, lawsuit, "default")
    assert lead is not None
    assert lead.days == 14
    assert analysis.certain_events(late, lawsuit)["default"] == 45
    assert analysis.event_earliest_day("lawsuit_filed") == 59


def test_summons_without_a_lawsuit_can_never_happen() -> None:
    visit = act(Channel.VISIT, Schedule(Weekly()), after("summons_served"))
    legal = stage("legal", 91, None, visit)
    analysis = analyse_events(book(legal))
    facts = analysis.facts_for(legal, visit)
    assert facts.earliest is None
    assert facts.unreachable_reason is not None
    assert "there is no lawsuit step" in facts.unreachable_reason
    assert analysis.event_earliest_day("summons_served") is None


def test_judgment_implies_summons_and_lawsuit() -> None:
    lawsuit = act(Channel.LAWSUIT, on(100))
    visit = act(Channel.VISIT, Schedule(Weekly()), after("judgment_entered"))
    legal = stage("legal", 91, None, lawsuit, visit)
    analysis = analyse_events(book(legal))
    certain = analysis.certain_events(legal, visit)
    assert {"judgment_entered", "summons_served", "lawsuit_filed"} <= set(certain)
    assert analysis.earliest_day(legal, visit) == 105  # weekly from 91: 91, 98, 105


def test_waiting_for_a_step_inherits_what_was_certain_before_it() -> None:
    letter = act(Channel.LETTER, Schedule(Daily()), after("unreachable"), using="default_letter")
    lawsuit = act(Channel.LAWSUIT, on(100), after("default", 14))
    visit = act(Channel.VISIT, Schedule(Weekly()), after("summons_served", 7))
    legal = stage("legal", 31, None, letter, lawsuit, visit)
    analysis = analyse_events(book(legal, templates=(DEFAULT,)))
    lead = analysis.lead(legal, visit, "default")
    assert lead is not None
    assert lead.days == 21
    assert "unreachable" in analysis.certain_events(legal, visit)


def test_a_step_sure_to_run_earlier_is_certain_without_a_condition() -> None:
    sms = act(Channel.SMS, Schedule(Daily()))
    visit = act(Channel.VISIT, on(40))
    early = stage("early", 1, 30, sms)
    late = stage("late", 31, 90, visit)
    analysis = analyse_events(book(early, late))
    lead = analysis.lead(late, visit, Sent(Channel.SMS))
    assert lead is not None
    assert lead.days == 39
    assert analysis.first_contact_day() == 1


def test_a_conditional_step_is_not_certain() -> None:
    sms = act(Channel.SMS, Schedule(Daily()), after("promise_broken"))
    visit = act(Channel.VISIT, on(40))
    analysis = analyse_events(book(stage("s", 1, 90, sms, visit)))
    assert analysis.leads(analysis.facts[1].stage, visit) == {}


def test_cycle_of_notices_never_fires() -> None:
    a = notice("a", NoticeKind.ARREARS)
    b = notice("b", NoticeKind.FINAL_DEMAND)
    first = act(Channel.LETTER, Schedule(Daily()), after("final_demand"), using="a")
    second = act(Channel.LETTER, Schedule(Daily()), after("arrears"), using="b")
    s = stage("s", 1, 30, first, second)
    analysis = analyse_events(book(s, templates=(a, b)))
    assert analysis.earliest_day(s, first) is None
    assert analysis.earliest_day(s, second) is None


def test_wait_past_the_last_scheduled_day_is_unreachable() -> None:
    letter = act(Channel.LETTER, on(20), using="default_letter")
    sms = act(Channel.SMS, on(25), after("default", 10))
    s = stage("s", 1, 30, letter, sms)
    facts = analyse_events(book(s, templates=(DEFAULT,))).facts_for(s, sms)
    assert facts.earliest is None
    assert facts.unreachable_reason is not None
    assert "day 30" in facts.unreachable_reason


def test_until_before_the_stage_is_an_empty_schedule() -> None:
    sms = act(Channel.SMS, Schedule(Daily(), until_day=Day(5)))
    s = stage("s", 10, 30, sms)
    facts = analyse_events(book(s)).facts_for(s, sms)
    assert facts.earliest is None
    assert facts.unreachable_reason is not None
    assert "no day of stage s" in facts.unreachable_reason


def test_handlers_stop_covers_pause_and_except_is_honoured() -> None:
    handlers = (
        Handler(
            Name("cease_requested"), HandlerVerb.STOP, ChannelSet(None, frozenset({Channel.LETTER}))
        ),
        Handler(
            Name("dispute_raised"),
            HandlerVerb.PAUSE,
            ChannelSet(frozenset({Channel.CALL})),
            until=Name("dispute_verified"),
        ),
    )
    analysis = analyse_events(book(stage("s", 1, 30), handlers=handlers))
    assert Channel.LETTER not in analysis.stopped_channels("cease_requested")
    assert Channel.SMS in analysis.paused_channels("cease_requested", "anything")
    assert analysis.paused_channels("dispute_raised", "dispute_verified") == {Channel.CALL}
    assert analysis.paused_channels("dispute_raised", "conversation") == frozenset()
    assert len(analysis.handlers_for("dispute_raised")) == 1


def test_requires_may_name_a_channel_or_a_step() -> None:
    assert mark_of("validation") == "validation"
    assert mark_of("letter") == Sent(Channel.LETTER)
    assert mark_of("lawsuit") == "lawsuit_filed"
    assert describe_mark(mark_of("sms")) == "an sms to borrower"
    assert describe_mark("default") == "the default notice"


def test_pb006_leaves_unknown_events_and_reversed_ranges_to_the_structure_checks() -> None:

    unknown = act(Channel.SMS, on(5), after("default_sent"))
    reversed_range = act(Channel.SMS, Schedule(Daily(), from_day=Day(20), until_day=Day(10)))
    outside = act(Channel.SMS, on(40))
    never = act(Channel.SMS, on(5), after("summons_served"))
    playbook = book(stage("s", 1, 30, unknown, reversed_range, outside, never))
    assert messages(CHECKS[0], playbook, NoParams()) == [
        "sms to borrower can never fire: it waits for summons_served, which cannot happen "
        "within the horizon (it follows lawsuit_filed, and there is no lawsuit step)"
    ]
