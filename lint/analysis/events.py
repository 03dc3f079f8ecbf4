"""What must have happened before what: events, the actions they gate, and the handlers.

The worst case of language.md, at the level of days past due:

* an action fires on its scheduled days at or after every ``after EVENT + N days``
  condition can hold; its *earliest day* is the first such day;
* external events (``dispute_raised``, ``unreachable`` …) may happen at any moment, or never;
* a notice kind happens when an action using a template with that notice runs; a step
  event (``lawsuit_filed`` …) when an action of that channel runs; an implied event
  (``summons_served``) no earlier than the event it follows, and only if that one can happen;
* an event is *certain* before an action only if every way the action can fire has it
  happened first: the action waits for it (or for something that implies it, or for an
  event only other actions produce and those had it certain), or an action that produces it
  is guaranteed to have run on an earlier day (it waits for nothing uncertain);
* day 0 may fall on any date, so a ``skip`` can take any scheduled day away: an action is
  guaranteed by the first day that survives its skips whatever date day 0 falls on (see
  ``sure_day``); one whose every day can be skipped is not guaranteed at all.

Handlers are not used to prove certainty (a handler may also hold back the action that
would send a notice); they are described per event for the checks that ask about them.
Everything here is computed once per playbook by ``analyse_events``: the fixed points of
earliest and guaranteed days here, the leads in ``leads``, skips in ``skips``, and the
vocabulary (marks, leads, the facts of an action) in ``event_facts``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from ..model import (
    EXTERNAL_EVENTS,
    IMPLIED_BY,
    STEP_EVENTS,
    Action,
    Channel,
    HandlerVerb,
    Playbook,
    Stage,
    Target,
)
from .event_facts import (
    MAX_ROUNDS,
    Key,
    Pair,
    action_key,
    notice_of,
    produced_events,
)

# The vocabulary of the analysis lives in event_facts; re-exported for the checks.
from .event_facts import ActionFacts as ActionFacts
from .event_facts import HandlerEffect as HandlerEffect
from .event_facts import Lead as Lead
from .event_facts import Mark as Mark
from .event_facts import Sent as Sent
from .event_facts import describe_action as describe_action
from .event_facts import describe_mark as describe_mark
from .event_facts import mark_of as mark_of
from .leads import certain_leads
from .schedule import active_bounds, scheduled_days
from .skips import sure_day
from .year import default_year


@dataclass(frozen=True)
class EventAnalysis:
    """The answer to "what can have happened, and what has certainly happened, by when"."""

    playbook: Playbook
    facts: tuple[ActionFacts, ...]
    event_days: Mapping[str, int]  # event -> earliest day it can happen (absent: never)
    event_latest: Mapping[str, int]  # event -> day by which it has certainly happened
    handlers: Mapping[str, tuple[HandlerEffect, ...]]
    year: int  # the analysed year: the dates day 0 may fall on (``skip holidays``)
    _index: Mapping[tuple[int, int], ActionFacts] = field(repr=False, default_factory=dict)

    # ----------------------------------------------------------------- actions

    def facts_for(self, stage: Stage, action: Action) -> ActionFacts:
        """The facts of one action of this playbook (by identity)."""
        found = self._index.get(action_key(stage, action))
        if found is not None:
            return found
        # An equal action that is not the same object (a test's copy): match by value.
        for facts in self.facts:
            if facts.stage == stage and facts.action == action:
                return facts
        raise KeyError(f"{action.channel} is not an action of stage {stage.name}")

    def earliest_day(self, stage: Stage, action: Action) -> int | None:
        """The first day the action can fire, or None when it never can."""
        return self.facts_for(stage, action).earliest

    def guaranteed_day(self, stage: Stage, action: Action) -> int | None:
        """The day by which the action has certainly fired at least once, if there is one."""
        return self.facts_for(stage, action).guaranteed

    def firing_days(self, stage: Stage, action: Action) -> tuple[int, ...]:
        """The scheduled days the action can fire on, its conditions taken into account."""
        return self.facts_for(stage, action).firing_days()

    def leads(self, stage: Stage, action: Action) -> Mapping[Mark, Lead]:
        """Every mark certain to have happened before any firing of the action, with the
        fewest days between them."""
        return self.facts_for(stage, action).leads

    def lead(self, stage: Stage, action: Action, mark: Mark) -> Lead | None:
        """How long before the action ``mark`` has certainly happened; None if it may not have."""
        return self.facts_for(stage, action).leads.get(mark)

    def certain_events(self, stage: Stage, action: Action) -> dict[str, int]:
        """The events certain to have happened whenever the action fires, each with the
        earliest day it can have happened."""
        return {
            mark: self.event_days.get(mark, 0)
            for mark in self.facts_for(stage, action).leads
            if isinstance(mark, str)
        }

    def actions(self) -> Iterator[ActionFacts]:
        return iter(self.facts)

    # ----------------------------------------------------------------- events

    def event_earliest_day(self, event: str) -> int | None:
        """The earliest day the event can happen (external events: the first day of the
        playbook); None when nothing can make it happen within the horizon."""
        return self.event_days.get(event)

    def event_certain_by(self, event: str) -> int | None:
        """The day by which the event has certainly happened, whatever the borrower does."""
        return self.event_latest.get(event)

    def producers(self, event: str) -> tuple[ActionFacts, ...]:
        """The reachable actions whose running makes ``event`` happen."""
        return tuple(
            f
            for f in self.facts
            if f.reachable and event in produced_events(self.playbook, f.action)
        )

    def notice_senders(self, kind: str) -> tuple[ActionFacts, ...]:
        """Every action (reachable or not) using a template with notice ``kind``."""
        return tuple(f for f in self.facts if notice_of(self.playbook, f.action) == kind)

    def notice_days(self, kind: str) -> tuple[int, ...]:
        """Every day a notice of ``kind`` can be sent."""
        days = {d for f in self.notice_senders(kind) for d in f.firing_days()}
        return tuple(sorted(days))

    def first_contact_day(self, target: Target = Target.BORROWER) -> int | None:
        """The earliest day any contact-channel action to ``target`` can fire."""
        days = [
            f.earliest
            for f in self.facts
            if f.earliest is not None and f.action.channel.is_contact and f.action.target is target
        ]
        return min(days, default=None)

    # ----------------------------------------------------------------- handlers

    def handlers_for(self, event: str) -> tuple[HandlerEffect, ...]:
        """The handlers that act when ``event`` happens, in source order."""
        return self.handlers.get(event, ())

    def stopped_channels(self, event: str) -> frozenset[Channel]:
        """The channels some handler stops for good when ``event`` happens."""
        return frozenset(
            c for h in self.handlers_for(event) if h.verb is HandlerVerb.STOP for c in h.channels
        )

    def paused_channels(self, event: str, until: str | None = None) -> frozenset[Channel]:
        """The channels stopped or paused when ``event`` happens (``stop`` covers ``pause``);
        with ``until``, only pauses that last until that event count."""
        paused = {
            c
            for h in self.handlers_for(event)
            if h.verb is HandlerVerb.PAUSE and (until is None or h.until == until)
            for c in h.channels
        }
        return self.stopped_channels(event) | frozenset(paused)


# --------------------------------------------------------------------------- the analysis


def analyse_events(playbook: Playbook, year: int | None = None) -> EventAnalysis:
    """Compute earliest and guaranteed days, certain marks and handler effects, once;
    ``year`` is the analysed year (None: the current one)."""
    year = default_year() if year is None else year
    pairs = list(playbook.actions())
    days = {action_key(s, a): tuple(scheduled_days(playbook, s, a)) for s, a in pairs}
    start = min((s.first_day for s in playbook.stages), default=0)
    made = _made(playbook, pairs)

    earliest = _earliest_days(playbook, pairs, days, start, made)
    event_days = _event_days(made, earliest, start)
    guaranteed = _guaranteed_days(playbook, pairs, days, year, made)
    event_latest = _first_made(made, guaranteed)
    leads = certain_leads(playbook, pairs, earliest, guaranteed)

    keys = [action_key(s, a) for s, a in pairs]
    facts = tuple(
        ActionFacts(
            stage=s,
            action=a,
            days=days[key],
            earliest=earliest[key],
            guaranteed=guaranteed[key],
            leads=leads[key],
            unreachable_reason=(
                _why_unreachable(playbook, s, a, days[key], event_days)
                if earliest[key] is None
                else None
            ),
            skipped_away=(
                guaranteed[key] is None and _sure_but_for_skips(a, days[key], event_latest)
            ),
        )
        for (s, a), key in zip(pairs, keys, strict=True)
    )
    return EventAnalysis(
        playbook=playbook,
        facts=facts,
        event_days=event_days,
        event_latest=event_latest,
        handlers=_handler_effects(playbook),
        year=year,
        _index=dict(zip(keys, facts, strict=True)),
    )


def _event_day(event: str, produced: Mapping[str, int], start: int) -> int | None:
    """The earliest day ``event`` can happen, given the earliest day of each produced event."""
    if event in EXTERNAL_EVENTS:
        return start
    if event in IMPLIED_BY:
        return _event_day(IMPLIED_BY[event], produced, start)
    return produced.get(event)


def _first_day_from(days: tuple[int, ...], day: int) -> int | None:
    return next((d for d in days if d >= day), None)


def _made(playbook: Playbook, pairs: list[Pair]) -> dict[Key, frozenset[str]]:
    """What each action makes happen, once: the fixed points ask it every round."""
    return {action_key(s, a): produced_events(playbook, a) for s, a in pairs}


def _earliest_days(
    playbook: Playbook,
    pairs: list[Pair],
    days: Mapping[Key, tuple[int, ...]],
    start: int,
    made: Mapping[Key, frozenset[str]] | None = None,
) -> dict[Key, int | None]:
    """Least fixed point: nothing can fire until the events it waits for can happen."""
    made = _made(playbook, pairs) if made is None else made
    earliest: dict[Key, int | None] = {action_key(s, a): None for s, a in pairs}
    for _ in range(MAX_ROUNDS):
        produced = _first_made(made, earliest)
        changed = False
        for stage, action in pairs:
            key = action_key(stage, action)
            bound: int | None = -(10**9)
            for condition in action.conditions:
                day = _event_day(condition.event.text, produced, start)
                if day is None or bound is None:
                    bound = None
                    break
                bound = max(bound, day + condition.delay_days)
            new = None if bound is None else _first_day_from(days[key], bound)
            if new != earliest[key]:
                earliest[key] = new
                changed = True
        if not changed:
            break
    return earliest


def _first_made(
    made: Mapping[Key, frozenset[str]], days: Mapping[Key, int | None]
) -> dict[str, int]:
    """Each produced event's first day: the least ``days`` of the actions that make it
    (actions with no day make nothing). With the earliest days this is when an event may
    first happen; with the guaranteed days, the latest it certainly has."""
    first: dict[str, int] = {}
    for key, events in made.items():
        day = days[key]
        if day is None:
            continue
        for event in events:
            first[event] = min(first.get(event, day), day)
    return first


def _event_days(
    made: Mapping[Key, frozenset[str]], earliest: Mapping[Key, int | None], start: int
) -> dict[str, int]:
    produced = _first_made(made, earliest)
    names = set(EXTERNAL_EVENTS) | set(IMPLIED_BY) | set(produced)
    result: dict[str, int] = {}
    for name in names:
        day = _event_day(name, produced, start)
        if day is not None:
            result[name] = day
    return result


def _guaranteed_days(
    playbook: Playbook,
    pairs: list[Pair],
    days: Mapping[Key, tuple[int, ...]],
    year: int,
    made: Mapping[Key, frozenset[str]] | None = None,
) -> dict[Key, int | None]:
    """Least fixed point of "certainly fired by": an action is guaranteed to run on the first
    scheduled day by which every event it waits for has certainly happened (plus its delay)
    that no skip can take away (``sure_day``). External and court events are never certain;
    a produced event is certain once one of its producers is."""
    made = _made(playbook, pairs) if made is None else made
    guaranteed: dict[Key, int | None] = {action_key(s, a): None for s, a in pairs}
    sure: dict[tuple[Key, int], int | None] = {}  # the skips make sure_day worth keeping
    for _ in range(MAX_ROUNDS):
        latest = _first_made(made, guaranteed)
        changed = False
        for stage, action in pairs:
            key = action_key(stage, action)
            bound = _bound(action, latest)
            if bound is None:
                new = None
            elif (key, bound) in sure:
                new = sure[key, bound]
            else:
                new = sure[key, bound] = sure_day(playbook, action, days[key], bound, year)
            if new != guaranteed[key]:
                guaranteed[key] = new
                changed = True
        if not changed:
            break
    return guaranteed


def _bound(action: Action, latest: Mapping[str, int]) -> int | None:
    """The day by which everything the action waits for has certainly happened (plus its
    delays); None when something may never happen."""
    bound = -(10**9)
    for condition in action.conditions:
        day = latest.get(condition.event.text)
        if day is None:
            return None
        bound = max(bound, day + condition.delay_days)
    return bound


def _sure_but_for_skips(action: Action, days: tuple[int, ...], latest: Mapping[str, int]) -> bool:
    """Whether the action would be guaranteed if it skipped nothing."""
    bound = _bound(action, latest)
    return bound is not None and _first_day_from(days, bound) is not None


# --------------------------------------------------------------------------- reasons


def _why_unreachable(
    playbook: Playbook,
    stage: Stage,
    action: Action,
    days: tuple[int, ...],
    event_days: Mapping[str, int],
) -> str:
    """In words, why an action can never fire (for PB006)."""
    first, last = active_bounds(playbook, stage, action)
    if not days:
        if first > last:
            return (
                f"its schedule leaves no day of stage {stage.name} "
                f"(days {stage.first_day}-{playbook.stage_end(stage)})"
            )
        return f"its schedule names no day in days {first}-{last}"
    for condition in action.conditions:
        event = condition.event.text
        if event not in event_days:
            return (
                f"it waits for {event}, which cannot happen within the horizon "
                f"({_no_source(playbook, event)})"
            )
    bound = max(event_days[c.event.text] + c.delay_days for c in action.conditions)
    waits = " and ".join(
        c.event.text + (f" + {c.delay_days} days" if c.delay_days else "")
        for c in action.conditions
    )
    return (
        f"it waits for {waits}, which cannot hold before day {bound}, after its last day {days[-1]}"
    )


def _no_source(playbook: Playbook, event: str) -> str:
    """Why nothing can cause ``event``."""
    if event in IMPLIED_BY:
        before = IMPLIED_BY[event]
        return f"it follows {before}, and {_no_source(playbook, before)}"
    if event in STEP_EVENTS:
        channel = STEP_EVENTS[event]
        if any(a.channel is channel for _, a in playbook.actions()):
            return f"no {channel} step can run"
        return f"there is no {channel} step"
    if any(t.notice is not None and t.notice.value == event for t in playbook.templates):
        return f"no action that can run sends a {event} notice"
    return f"no template is marked `notice {event}`"


# --------------------------------------------------------------------------- handlers


def _handler_effects(playbook: Playbook) -> dict[str, tuple[HandlerEffect, ...]]:
    effects: dict[str, list[HandlerEffect]] = {}
    for handler in playbook.handlers:
        effects.setdefault(handler.event.text, []).append(
            HandlerEffect(
                handler=handler,
                verb=handler.verb,
                channels=handler.channels.covers(),
                until=handler.until.text if handler.until is not None else None,
                for_days=handler.for_days,
            )
        )
    return {event: tuple(found) for event, found in effects.items()}
