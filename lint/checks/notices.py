"""Checks: PB4xx notices: a required notice is sent, in time, and respected.

A notice is sent when an action using a template marked ``notice KIND`` runs. "Sent by day
N" means certain by then in the worst case: the first action sure to run that sends it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Severity
from ..events import ActionFacts, EventAnalysis, describe_action
from ..model import Action, Playbook
from .base import AnyCheck, Check, CheckDoc, Context
from .escalation import waits_for
from .params import LateNotice, MissingNotice, NoticeTrigger, NoticeWait, TriggerKind

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
    trigger = trigger_day(context.playbook, events, params.after)
    senders = [f for f in events.notice_senders(params.kind) if f.reachable]
    if trigger is None or not senders:  # nothing to be late after, or PB401's finding
        return
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


def _skipped_away(action: Action) -> str:
    skips = ", ".join(sorted(str(kind) for kind in action.skip))
    return f"is kept off {skips} (`skip {skips}`), and each of its days can fall on one"


def _why_unsure(uncertain: list[str]) -> str:
    if uncertain:
        return f"waits for {' and '.join(uncertain)}, which may never happen"
    return "waits for events that may come after its last scheduled day"


def trigger_day(playbook: Playbook, events: EventAnalysis, trigger: NoticeTrigger) -> int | None:
    """The day a notice deadline starts from; None when the trigger never happens."""
    if trigger.kind is TriggerKind.FIRST_CONTACT:
        return events.first_contact_day()
    if trigger.kind is TriggerKind.DAY:
        return trigger.number
    # Day 0 is the first missed instalment; each further one is a period later.
    return (trigger.number - 1) * playbook.instalments.days


def _trigger_words(trigger: NoticeTrigger, day: int) -> str:
    if trigger.kind is TriggerKind.FIRST_CONTACT:
        return f"the first contact on day {day}"
    if trigger.kind is TriggerKind.DAY:
        return f"day {day}"
    return f"{trigger.number} missed payments on day {day}"


# --------------------------------------------------------------------------- PB403


def notice_wait(context: Context, params: NoticeWait) -> Iterator[Diagnostic]:
    for facts in context.events.actions():
        if facts.reachable and facts.action.channel in params.actions:
            yield from _respects(facts, params)


def _respects(facts: ActionFacts, params: NoticeWait) -> Iterator[Diagnostic]:
    yield from waits_for(facts, (params.kind,), params.wait_days)


# --------------------------------------------------------------------------- docs

_HEAD = """playbook "demo"
timezone America/New_York
template first_call call "This is Acme. This is an attempt to collect a debt."
template validation letter notice validation "Validation notice: you owe {amount}."
"""

CHECKS: tuple[AnyCheck, ...] = (
    Check(
        code="PB401",
        name="missing-notice",
        summary="a required notice kind is never sent",
        severity=Severity.ERROR,
        params=MissingNotice,
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
        code="PB402",
        name="late-notice",
        summary="a notice sent later than N days after its trigger",
        severity=Severity.ERROR,
        params=LateNotice,
        run=late_notice,
        doc=CheckDoc(
            what=(
                "Finds a notice that, in the worst case, is first sent more than `within_days` "
                "after its trigger: `first_contact` (the earliest day any contact to the borrower "
                "can happen), `day N`, or `missed_payments N` (day (N-1) x the instalment "
                "period). The worst case is the latest day by which the notice is certain to "
                "have been sent; a notice sent only after an event that may never happen may "
                "never be sent at all."
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
        code="PB403",
        name="notice-wait",
        summary="an action follows a notice sooner than N days",
        severity=Severity.ERROR,
        params=NoticeWait,
        run=notice_wait,
        doc=CheckDoc(
            what=(
                "Finds an action of the `actions` channels that can fire before the `kind` "
                "notice is certain to have been sent at least `wait_days` earlier: it must wait "
                "for the notice with `after KIND + N days`, or come that long after a step that "
                "is sure to send it."
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
