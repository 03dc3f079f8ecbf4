"""Checks: PB4xx notices: a required notice is sent, in time, and respected.

A notice is sent when an action using a template marked ``notice KIND`` runs. "Sent by day
N" means certain by then in the worst case: the first action sure to run that sends it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache

from ..analysis.events import ActionFacts, EventAnalysis, describe_action
from ..analysis.holds import Hold, describe_handler, first_sure_send, notice_holds
from ..diagnostics import Diagnostic
from ..model import Action, Instalments, Playbook
from ..rules.catalogue import PB401, PB402, PB403
from ..rules.params import LateNotice, MissingNotice, NoticeTrigger, NoticeWait, TriggerKind
from .base import AnyCheck, Check, CheckDoc, Context
from .escalation import waits_for

# --------------------------------------------------------------------------- PB401


def missing_notice(context: Context, params: MissingNotice) -> Iterator[Diagnostic]:
    playbook, kind = context.playbook, params.kind
    senders = context.events.notice_senders(kind)
    if any(f.reachable for f in senders):
        return
    templates = [t.name.text for t in playbook.templates if t.notice and t.notice.value == kind]
    if not templates:
        why = f"no template is marked `notice {kind}`"
    elif not senders:
        why = f"no action uses {_names(templates)}"
    else:
        why = f"no action using {_names(templates)} can fire"
    yield Diagnostic(
        playbook.span,
        f"the {kind} notice is never sent: {why}",
        f"add a template marked `notice {kind}` and an action that sends it",
        anchor=f"notice:{kind}",
    )


def _names(templates: list[str]) -> str:
    return ", ".join(f"`{name}`" for name in templates)


# --------------------------------------------------------------------------- PB402


def late_notice(context: Context, params: LateNotice) -> Iterator[Diagnostic]:
    events, kind = context.events, params.kind
    triggers = trigger_range(context.playbook, events, params.after)
    senders = [f for f in events.notice_senders(params.kind) if f.reachable]
    if triggers is None or not senders:  # nothing to be late after, or PB401's finding
        return
    trigger = triggers[0]
    deadline = trigger + params.within_days
    when = _trigger_words(params.after, trigger)
    sure = [f for f in senders if f.guaranteed is not None]
    if not sure:
        first = senders[0]
        uncertain = sorted(
            {
                c.event.text
                for c in first.action.conditions
                if events.event_certain_by(c.event.text) is None
            }
        )
        why = _skipped_away(first.action) if first.skipped_away else _why_unsure(uncertain)
        yield Diagnostic(
            first.action.span,
            f"the {kind} notice may never be sent: {describe_action(first.action)} "
            f"{why}; it must be sent within {params.within_days} days after {when}",
            f"send the {kind} notice on a fixed day, by day {deadline}",
        )
        return
    latest = min(sure, key=lambda f: f.guaranteed or 0)
    day = latest.guaranteed
    assert day is not None
    if day > deadline:
        yield Diagnostic(
            latest.action.span,
            f"{kind} notice is sent on day {day}, {day - trigger} days after {when}; "
            f"at most {params.within_days}",
            f"send it by day {deadline}",
        )
        return
    if params.after.kind is TriggerKind.MISSED_PAYMENTS:
        found = _before_trigger(context, params, senders, triggers)
        if found is not None:
            yield found
            return
    yield from _held_back(context, params, senders, triggers)


def _before_trigger(
    context: Context, params: LateNotice, senders: list[ActionFacts], triggers: range
) -> Diagnostic | None:
    """A notice sure to be sent only before a day its trigger can fall on (language.md v2
    precisions: monthly instalments fall 28 to 31 days apart)."""
    for trigger in triggers:
        found = first_sure_send(context.events, senders, trigger)
        if found is not None and found[0] <= trigger + params.within_days:
            continue
        first = senders[0]
        then = (
            f"after day {trigger} it is sure to be sent only on day {found[0]}"
            if found is not None
            else f"{describe_action(first.action)} is not sure to run again after day {trigger}"
        )
        spread = (
            f"can fall on any of days {triggers[0]}-{triggers[-1]} "
            "(monthly instalments are calendar months, 28 to 31 days apart)"
            if len(triggers) > 1
            else f"fall on day {trigger}"
        )
        last = triggers[0] + params.within_days
        fix = (
            f"send it on a day from {triggers[-1]} to {last}"
            if triggers[-1] <= last
            else "send it again once every day the trigger can fall on has passed"
        )
        return Diagnostic(
            (found[1] if found else first).action.span,
            f"the {params.kind} notice may come before its trigger: {params.after.number} "
            f"missed payments {spread}, and {then}; it must be sent within "
            f"{params.within_days} days after them",
            fix,
        )
    return None


def _held_back(
    context: Context, params: LateNotice, senders: list[ActionFacts], triggers: range
) -> Iterator[Diagnostic]:
    """language.md v2 item 4: a handler whose event may come at the worst moment can drop
    the notice's occurrences, so it is sent late or never (one finding, at the notice)."""
    events = context.events
    required = context.required_notices | {params.kind}
    within = params.within_days
    for hold in notice_holds(events, senders, required):
        for trigger in triggers:
            base = first_sure_send(events, senders, trigger)
            if base is None:
                continue
            if hold.days is None:
                starts = range(max(hold.earliest, trigger), trigger + within + 1)[:1]
            else:
                # Latest first: "if E comes on the day of the letter" reads best.
                starts = range(
                    trigger + within, max(hold.earliest, trigger - hold.days + 1) - 1, -1
                )
            for start in starts:
                found = first_sure_send(events, senders, trigger, hold, start)
                if found is not None and found[0] <= trigger + within:
                    continue
                yield _held_finding(params, hold, base, found, start, trigger)
                return


def _held_finding(
    params: LateNotice,
    hold: Hold,
    base: tuple[int, ActionFacts],
    found: tuple[int, ActionFacts] | None,
    start: int,
    trigger: int,
) -> Diagnostic:
    day, facts = base
    handler = hold.handler
    event = handler.event.text
    then = (
        "and it is not sure to be sent after that"
        if found is None
        else f"and it is then sure to be sent only on day {found[0]}, {found[0] - trigger} "
        f"days after {_trigger_words(params.after, trigger)}"
    )
    keep = (
        "keep the notice out of the handler (`except notices`)"
        if hold.days is None
        else "keep the notice out of the handler (`except notices`), or send it again "
        "once the pause is over"
    )
    return Diagnostic(
        facts.action.span,
        f"the {params.kind} notice can be held back past its deadline: "
        f"`{describe_handler(handler)}` drops "
        f"{describe_action(facts.action)} on day {day} if {event} comes on day {start}, "
        f"{then}; it must be sent within {params.within_days} days after "
        f"{_trigger_words(params.after, trigger)}",
        keep,
    )


def _skipped_away(action: Action) -> str:
    skips = ", ".join(sorted(str(kind) for kind in action.skip))
    return f"is kept off {skips} (`skip {skips}`), and each of its days can fall on one"


def _why_unsure(uncertain: list[str]) -> str:
    if uncertain:
        return f"waits for {' and '.join(uncertain)}, which may never happen"
    return "waits for events that may come after its last scheduled day"


def trigger_range(
    playbook: Playbook, events: EventAnalysis, trigger: NoticeTrigger
) -> range | None:
    """Every day a notice deadline can start from; None when the trigger never happens.

    Day 0 is the first missed instalment; each further one is a period later, and a
    calendar month is 28 to 31 days (language.md v2 item 6)."""
    if trigger.kind is TriggerKind.FIRST_CONTACT:
        day = events.first_contact_day()
        return None if day is None else range(day, day + 1)
    if trigger.kind is TriggerKind.DAY:
        return range(trigger.number, trigger.number + 1)
    if playbook.instalments is Instalments.MONTHLY:
        low, high = calendar_months(trigger.number - 1)
        return range(low, high + 1)
    day = (trigger.number - 1) * playbook.instalments.days
    return range(day, day + 1)


def _month_days(year: int, month: int) -> int:
    """``calendar.monthrange(year, month)[1]`` (importing ``calendar`` costs 1.5 ms a start)."""
    return (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day


@cache
def calendar_months(count: int) -> tuple[int, int]:
    """The fewest and most days ``count`` calendar months can span, the instalment day kept
    (clamped to the month's length), over every start date of a four-year leap cycle."""
    if count <= 0:
        return 0, 0
    low, high = None, 0
    start = date(2024, 1, 1)
    for offset in range(4 * 365 + 1):
        first = start + timedelta(days=offset)
        month = first.month - 1 + count
        year, month = first.year + month // 12, month % 12 + 1
        last = date(year, month, min(first.day, _month_days(year, month)))
        span = (last - first).days
        low = span if low is None else min(low, span)
        high = max(high, span)
    assert low is not None
    return low, high


def _trigger_words(trigger: NoticeTrigger, day: int) -> str:
    if trigger.kind is TriggerKind.FIRST_CONTACT:
        return f"the first contact on day {day}"
    if trigger.kind is TriggerKind.DAY:
        return f"day {day}"
    return f"{trigger.number} missed payments on day {day}"


# --------------------------------------------------------------------------- PB403


def notice_wait(context: Context, params: NoticeWait) -> Iterator[Diagnostic]:
    held = context.held(frozenset({params.kind}))
    for facts in context.events.actions():
        if facts.reachable and facts.action.channel in params.actions:
            yield from waits_for(facts, (params.kind,), params.wait_days, held, notice_first=True)


# --------------------------------------------------------------------------- docs

_HEAD = """playbook "demo"
timezone America/New_York
template first_call call "This is Acme. This is an attempt to collect a debt."
template validation letter notice validation "Validation notice: you owe {amount}."
"""

CHECKS: tuple[AnyCheck, ...] = (
    Check(
        spec=PB401,
        summary="a required notice kind is never sent",
        run=missing_notice,
        doc=CheckDoc(
            what=(
                "Finds a required notice kind that no action that can fire sends: no template is "
                "marked `notice KIND`, no action uses such a template, or none of those actions "
                "can ever run."
            ),
            why=(
                "Statutory notices (a validation notice, an arrears or default notice) are what "
                "make later collection steps lawful; a plan without them breaks the law on its "
                "first day."
            ),
            example="""playbook "demo"
timezone America/New_York
template first_call call "This is Acme. This is an attempt to collect a debt."
stage early days 1..30 {
  call to borrower using first_call daily between 09:00 and 18:00 max 1 per day
}
""",
            use_instead=_HEAD
            + """stage early days 1..30 {
  letter using validation on day 1
  call to borrower using first_call daily between 09:00 and 18:00 max 1 per day
}
""",
            example_params="kind: validation\n",
        ),
    ),
    Check(
        spec=PB402,
        summary="a notice sent later than N days after its trigger",
        run=late_notice,
        doc=CheckDoc(
            what=(
                "Finds a notice that, in the worst case, is first sent more than `within_days` "
                "after its trigger: `first_contact` (the earliest day any contact to the borrower "
                "can happen), `day N`, or `missed_payments N` (day (N-1) x the instalment "
                "period). The worst case is the latest day by which the notice is certain to "
                "have been sent; a notice sent only after an event that may never happen may "
                "never be sent at all. `missed_payments N` with monthly instalments is a range: "
                "calendar months fall 28 to 31 days apart, so the notice must come after the "
                "latest day the trigger can fall on and within the days after the earliest. "
                "Handlers count in the worst case: an event may come at the worst moment, so a "
                "`stop` or a `pause` that covers the notice's action can drop it (an occurrence "
                "inside a pause is dropped, not sent later); write `except notices` to spare "
                "it. A handler on payment_received, bankruptcy_filed or deceased discharges the "
                "notice."
            ),
            why=(
                "Deadlines for notices run from the event that triggers them; a notice sent late "
                "is, for the law, a notice not sent."
            ),
            example=_HEAD
            + """stage early days 1..30 {
  call to borrower using first_call daily between 09:00 and 18:00 max 1 per day
  letter using validation on day 12
}
""",
            use_instead=_HEAD
            + """stage early days 1..30 {
  call to borrower using first_call daily between 09:00 and 18:00 max 1 per day
  letter using validation on day 3
}
""",
            example_params="kind: validation\nwithin_days: 5\nafter: first_contact\n",
        ),
    ),
    Check(
        spec=PB403,
        summary="an action follows a notice sooner than N days",
        run=notice_wait,
        doc=CheckDoc(
            what=(
                "Finds an action of the `actions` channels that can fire before the `kind` "
                "notice is certain to have been sent at least `wait_days` earlier: it must wait "
                "for the notice with `after KIND + N days`, or come that long after a step that "
                "is sure to send it, and that no handler can hold back (an event at the worst "
                "moment may pause or stop the notice's action; payment, bankruptcy and death "
                "discharge it). With `wait_days: 0` an action on the same day as the notice "
                "counts as before it unless it waits `after KIND`."
            ),
            why=(
                "Enforcement (a lawsuit, repossession) may only follow a default notice once the "
                "period it gives the borrower to put things right has passed."
            ),
            example="""playbook "demo"
template default_letter letter notice default "Default notice: pay {amount} within 14 days."
stage late days 31..90 {
  letter using default_letter on day 45
  lawsuit on day 50 after default
}
""",
            use_instead="""playbook "demo"
template default_letter letter notice default "Default notice: pay {amount} within 14 days."
stage late days 31..90 {
  letter using default_letter on day 45
  lawsuit on day 60 after default + 14 days
}
""",
            example_params="kind: default\nactions: [lawsuit]\nwait_days: 14\n",
        ),
    ),
)
