"""Checks: PB006: actions that can never fire."""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.events import describe_action
from ..analysis.holds import covers, describe_handler, notice_of, stops_for_good
from ..diagnostics import Diagnostic
from ..model import KNOWN_EVENTS, Action, OnDays, Playbook, Stage
from ..rules.catalogue import PB006
from ..rules.params import NoParams
from .base import AnyCheck, Check, CheckDoc, Context


def unreachable_action(context: Context, params: NoParams) -> Iterator[Diagnostic]:
    """Every action whose schedule is empty or whose ``after`` events cannot happen in time."""
    for facts in context.events.actions():
        if facts.reachable or facts.unreachable_reason is None:
            continue
        # An unknown event is PB003's to report; saying it never happens would repeat it.
        if any(c.event.text not in KNOWN_EVENTS for c in facts.action.conditions):
            continue
        if _invalid_schedule(context.playbook, facts.stage, facts.action):
            continue
        yield Diagnostic(
            facts.action.span,
            f"{describe_action(facts.action)} can never fire: {facts.unreachable_reason}",
            "fix the schedule or the `after` condition, or delete the action",
        )
    yield from _stopped_by_its_own_event(context)


def _stopped_by_its_own_event(context: Context) -> Iterator[Diagnostic]:
    """language.md v2 item 4: an action that waits for an event a handler answers with
    `stop` (covering the action) can never fire: the event that lets it run stops it."""
    playbook = context.playbook
    for facts in context.events.actions():
        if not facts.reachable:
            continue
        notice = notice_of(playbook, facts.action)
        for condition in facts.action.conditions:
            event = condition.event.text
            handler = next(
                (
                    h
                    for h in playbook.handlers
                    if stops_for_good(h, event) and covers(h, facts.action, notice, None)
                ),
                None,
            )
            if handler is None:
                continue
            yield Diagnostic(
                facts.action.span,
                f"{describe_action(facts.action)} can never fire: it waits for {event}, and "
                f"`{describe_handler(handler)}` stops it then",
                "scope the handler to the targets it must stop (`to borrower`), except this "
                "channel, or delete the action",
            )
            break


def _invalid_schedule(playbook: Playbook, stage: Stage, action: Action) -> bool:
    """A schedule PB004 already reports as meaningless (``from day 50 until day 40``, every
    ``on day`` outside the stage): one finding per mistake is enough."""
    schedule = action.schedule
    first, until = schedule.from_day, schedule.until_day
    if first is not None and until is not None and first.value > until.value:
        return True
    if isinstance(schedule.recurrence, OnDays):
        last = playbook.stage_end(stage)
        return all(not stage.first_day <= d.value <= last for d in schedule.recurrence.days)
    return False


_EXAMPLE = """playbook "demo"
template reminder sms "Your payment is late. Reply STOP to opt out."
stage early days 1..30 {
  sms using reminder on day 5 after summons_served
}
"""

_USE_INSTEAD = """playbook "demo"
template reminder sms "Your payment is late. Reply STOP to opt out."
stage early days 1..30 {
  sms using reminder on day 5 after promise_broken
}
"""

CHECKS: tuple[AnyCheck, ...] = (
    Check(
        spec=PB006,
        summary="an action that can never fire",
        run=unreachable_action,
        doc=CheckDoc(
            what=(
                "Finds actions that can never fire: the schedule names no day inside the stage "
                "(an `until day` before the stage starts, `on day` entries all outside it), or "
                "the action waits for an event nothing can cause within the horizon (a notice no "
                "template sends, `summons_served` without a lawsuit step), or the wait ends after "
                "the last scheduled day, or it waits for an event on which a handler stops it "
                "(`after deceased` with `on deceased: stop all`; scope the handler with `to`)."
            ),
            why=(
                "A line that never runs is dead weight at best; more often it is a step the plan "
                "relies on (a notice, a reminder) that silently never happens."
            ),
            example=_EXAMPLE,
            use_instead=_USE_INSTEAD,
        ),
    ),
)
