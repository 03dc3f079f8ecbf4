"""Handlers that hold actions back, in the worst case (language.md v2 items 3 and 4).

An external event may happen at any time the model allows, so a handler that stops or
pauses a channel can drop the occurrences of an action that would have sent a notice: a
``stop`` (or a ``pause … until`` an event that may never come) drops every occurrence from
its event on, a ``pause … for N days`` drops those of N consecutive days, starting on the
event's day. An occurrence that falls in a pause is dropped, not sent later.

Events that end the debt (``DISCHARGING_EVENTS``) discharge the notices they hold back;
every other handler counts. ``notices`` in a channel set means the actions whose template
carries a notice kind an applied ruleset requires (``required``); where that is not known
(``required`` None, for the always-on PB006) the word is read so as never to claim more
than the playbook surely says.

This module only reads ``events``' analysis; the checks ask it three questions: which
handlers hold an action (``holds_on``), when a notice is first certain after a day despite
them (``first_sure_send``), and what is certain before an action once they are taken
into account (``HeldAnalysis.lead``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from ..model import (
    DISCHARGING_EVENTS,
    IMPLIED_BY,
    Action,
    Handler,
    HandlerVerb,
    Playbook,
    Stage,
)
from .event_facts import ActionFacts, Lead, Mark, action_key, action_marks
from .events import EventAnalysis, _bound, _guaranteed_days
from .leads import certain_leads
from .skips import sure_day


@dataclass(frozen=True)
class Hold:
    """One handler that can hold an action back: from which day, and for how long."""

    handler: Handler
    earliest: int  # the first day its event can happen
    days: int | None  # how many days it drops; None: every day from its event on
    # The actions it was found to cover (``notice_holds``), by ``event_facts.action_key``.
    covered: frozenset[tuple[int, int]] = field(default=frozenset(), compare=False)

    def window(self, event_day: int) -> tuple[int, int | None]:
        """The days dropped when the event happens on ``event_day`` (end None: for good)."""
        if self.days is None:
            return event_day, None
        return event_day, event_day + self.days - 1


def notice_of(playbook: Playbook, action: Action) -> str | None:
    """The notice kind the action's template carries, if any."""
    if action.template is None:
        return None
    template = playbook.template(action.template.text)
    return template.notice.value if template is not None and template.notice else None


def covers(
    handler: Handler, action: Action, notice: str | None, required: frozenset[str] | None
) -> bool:
    """Whether the handler's channel set and targets take in the action.

    ``required`` None: the notice kinds the rulesets require are unknown, so ``notices``
    adds nothing and ``except notices`` spares every notice (never an overstatement).
    """
    if not handler.reaches(action.target):
        return False
    written = handler.channels
    if required is None:
        spared, named = notice is not None, False
    else:
        spared = named = notice is not None and notice in required
    if written.except_notices and spared:
        return False
    if action.channel in written.excepted:
        return False
    if written.channels is None:
        return True
    return action.channel in written.channels or (written.notices and named)


def holds_on(
    events: EventAnalysis, action: Action, required: frozenset[str] | None
) -> tuple[Hold, ...]:
    """The handlers that can drop occurrences of ``action``, discharging events left out."""
    notice = notice_of(events.playbook, action)
    found: list[Hold] = []
    for handler in events.playbook.handlers:
        event = handler.event.text
        if event in DISCHARGING_EVENTS or not covers(handler, action, notice, required):
            continue
        earliest = events.event_earliest_day(event)
        if earliest is None:
            continue
        lasting = handler.verb is HandlerVerb.STOP or handler.until is not None
        found.append(Hold(handler, earliest, None if lasting else max(handler.for_days or 0, 1)))
    return tuple(found)


def stops_for_good(handler: Handler, event: str) -> bool:
    """Whether ``handler`` stops everything it covers for good once ``event`` has happened:
    a ``stop`` on the event itself or on one that must come before it."""
    if handler.verb is not HandlerVerb.STOP:
        return False
    chain = {event}
    while event in IMPLIED_BY:
        event = IMPLIED_BY[event]
        chain.add(event)
    return handler.event.text in chain


# --------------------------------------------------------------------------- sending a notice


def _dropped(days: Sequence[int], window: tuple[int, int | None]) -> tuple[int, ...]:
    start, end = window
    return tuple(d for d in days if d < start or (end is not None and d > end))


def first_sure_send(
    events: EventAnalysis,
    senders: Iterable[ActionFacts],
    day: int,
    hold: Hold | None = None,
    event_day: int | None = None,
) -> tuple[int, ActionFacts] | None:
    """The first day at or after ``day`` by which one of ``senders`` has certainly run, and
    which one; with ``hold`` and ``event_day``, the occurrences that handler drops when its
    event happens that day are taken away from the senders it covers."""
    best: tuple[int, ActionFacts] | None = None
    for facts in senders:
        bound = _bound(facts.action, events.event_latest)
        if bound is None or facts.earliest is None:
            continue
        days: Sequence[int] = facts.days
        if (
            hold is not None
            and event_day is not None
            and action_key(facts.stage, facts.action) in hold.covered
        ):
            days = _dropped(days, hold.window(event_day))
        sure = sure_day(events.playbook, facts.action, tuple(days), max(bound, day), events.year)
        if sure is not None and (best is None or sure < best[0]):
            best = (sure, facts)
    return best


def notice_holds(
    events: EventAnalysis, senders: Sequence[ActionFacts], required: frozenset[str] | None
) -> tuple[Hold, ...]:
    """The distinct holds over a notice's senders, each knowing which senders it covers."""
    found: dict[int, Hold] = {}
    for facts in senders:
        key = action_key(facts.stage, facts.action)
        for hold in holds_on(events, facts.action, required):
            known = found.get(id(hold.handler))
            covered = (known.covered if known else frozenset()) | {key}
            found[id(hold.handler)] = replace(hold, covered=covered)
    return tuple(found.values())


# --------------------------------------------------------------------------- certainty


class HeldAnalysis:
    """What is certain before each action once handlers may hold the producers back: the
    leads of ``events`` recomputed with every action's occurrences thinned by the handlers
    that cover it (the worst one of each at the worst moment)."""

    def __init__(self, events: EventAnalysis, required: frozenset[str] | None) -> None:
        self.events = events
        self.required = required

    @cached_property
    def _holds(self) -> Mapping[tuple[int, int], tuple[Hold, ...]]:
        return {
            action_key(f.stage, f.action): holds_on(self.events, f.action, self.required)
            for f in self.events.facts
        }

    @property
    def any_hold(self) -> bool:
        return any(self._holds.values())

    @cached_property
    def _leads(self) -> Mapping[tuple[int, int], Mapping[Mark, Lead]]:
        events = self.events
        playbook = events.playbook
        pairs = [(f.stage, f.action) for f in events.facts]
        days = {action_key(f.stage, f.action): self._thinned(f) for f in events.facts}
        earliest = {action_key(f.stage, f.action): f.earliest for f in events.facts}
        guaranteed = _guaranteed_days(playbook, pairs, days, events.year)
        return certain_leads(playbook, pairs, earliest, guaranteed)

    def _thinned(self, facts: ActionFacts) -> tuple[int, ...]:
        """The days an action is still sure to run on once its holds have struck."""
        days = tuple(facts.days)
        for hold in self._holds[action_key(facts.stage, facts.action)]:
            if hold.days is None:
                days = tuple(d for d in days if d < hold.earliest)
                continue
            bound = _bound(facts.action, self.events.event_latest)
            sure = (
                None
                if bound is None
                else sure_day(self.events.playbook, facts.action, days, bound, self.events.year)
            )
            if sure is not None and hold.earliest <= sure:
                days = _dropped(days, hold.window(sure))
        return days

    def lead(self, stage: Stage, action: Action, mark: Mark) -> Lead | None:
        """How long before ``action`` the mark has certainly happened, handlers considered."""
        if not self.any_hold:
            return self.events.lead(stage, action, mark)
        return self._leads[action_key(stage, action)].get(mark)

    def holds_of(self, stage: Stage, action: Action) -> tuple[Hold, ...]:
        return self._holds[action_key(stage, action)]

    def holding(self, mark: Mark) -> tuple[Handler, ...]:
        """The handlers that can hold back an action whose running makes ``mark`` happen."""
        found: dict[int, Handler] = {}
        for facts in self.events.facts:
            if mark in action_marks(self.events.playbook, facts.action):
                for hold in self._holds[action_key(facts.stage, facts.action)]:
                    found.setdefault(id(hold.handler), hold.handler)
        return tuple(found.values())


def describe_handler(handler: Handler) -> str:
    """``on conversation: pause all for 7 days`` as written (near enough for a message)."""
    written = handler.channels
    words = ["all"] if written.channels is None else sorted(str(c) for c in written.channels)
    if written.notices:
        words.append("notices")
    text = f"on {handler.event.text}: {handler.verb} {', '.join(words)}"
    excepted = sorted(str(c) for c in written.excepted) + (
        ["notices"] if written.except_notices else []
    )
    if excepted:
        text += " except " + ", ".join(excepted)
    if handler.targets is not None:
        text += " to " + ", ".join(sorted(str(t) for t in handler.targets))
    if handler.until is not None:
        text += f" until {handler.until.text}"
    elif handler.for_days is not None:
        text += f" for {handler.for_days} days"
    return text
