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
Everything here is computed once per playbook by ``analyse_events``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import islice

from ..model import (
    EXTERNAL_EVENTS,
    IMPLIED_BY,
    KNOWN_EVENTS,
    NOTICE_KINDS,
    STEP_EVENTS,
    Action,
    Channel,
    Handler,
    HandlerVerb,
    Playbook,
    SkipKind,
    Stage,
    Target,
)
from .holiday_calendar import country_holidays  # only when a skip needs a calendar
from .schedule import active_bounds, scheduled_days
from .year import default_year

# Each fixed point below moves one way only and is bounded by the horizon, so it converges;
# the cap guards against a bug turning into a hang, not a limit a real playbook reaches.
_MAX_ROUNDS = 1000


@dataclass(frozen=True)
class Sent:
    """A pseudo-event: a contact through ``channel`` to ``target`` has been made.

    It lets the escalation checks ask "was the borrower written to before the visit?"
    with the same certainty machinery as for named events.
    """

    channel: Channel
    target: Target = Target.BORROWER

    def __str__(self) -> str:
        return f"{self.channel} to {self.target}"

    def __hash__(self) -> int:
        # Marks are dictionary keys in the analysis' inner loops: hash the members' value
        # strings (their hashes are cached) rather than call ``Enum.__hash__`` twice.
        return hash((self.channel._value_, self.target._value_))


Mark = str | Sent
"""Something that can have happened before an action: an event name or a ``Sent``."""


@dataclass(frozen=True)
class Lead:
    """How surely and how long before an action a mark has happened.

    ``days`` is the fewest days between the mark's first happening and any firing of the
    action (0: possibly the same day). ``reason`` says in words what guarantees it.
    """

    days: int
    reason: str


@dataclass(frozen=True)
class HandlerEffect:
    """What one handler does when its event happens."""

    handler: Handler
    verb: HandlerVerb
    channels: frozenset[Channel]
    until: str | None
    for_days: int | None


@dataclass(frozen=True)
class ActionFacts:
    """Everything the analysis knows about one action."""

    stage: Stage
    action: Action
    days: tuple[int, ...]  # scheduled days, before conditions
    earliest: int | None  # the first day it can fire; None: never
    guaranteed: int | None  # the day by which it has certainly fired once; None: maybe never
    leads: Mapping[Mark, Lead] = field(default_factory=dict)
    # Why it can never fire (when ``earliest`` is None), in words.
    unreachable_reason: str | None = None
    # Not guaranteed only because its skips can take away every day it would be sure on
    # (``skip weekends`` on a lone day): what it waits for is certain in time.
    skipped_away: bool = False

    @property
    def reachable(self) -> bool:
        return self.earliest is not None

    def firing_days(self) -> tuple[int, ...]:
        """The scheduled days on which it can fire (at or after its earliest day)."""
        if self.earliest is None:
            return ()
        earliest = self.earliest
        return tuple(d for d in self.days if d >= earliest)


def _key(stage: Stage, action: Action) -> tuple[int, int]:
    return id(stage), id(action)


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
        found = self._index.get(_key(stage, action))
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
            f for f in self.facts if f.reachable and event in _produced(self.playbook, f.action)
        )

    def notice_senders(self, kind: str) -> tuple[ActionFacts, ...]:
        """Every action (reachable or not) using a template with notice ``kind``."""
        return tuple(f for f in self.facts if _notice_of(self.playbook, f.action) == kind)

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
    days = {_key(s, a): tuple(scheduled_days(playbook, s, a)) for s, a in pairs}
    start = min((s.first_day for s in playbook.stages), default=0)

    earliest = _earliest_days(playbook, pairs, days, start)
    event_days = _event_days(playbook, pairs, earliest, start)
    guaranteed = _guaranteed_days(playbook, pairs, days, year)
    event_latest = _latest_from(playbook, pairs, guaranteed)
    leads = _leads(playbook, pairs, earliest, guaranteed)

    facts = tuple(
        ActionFacts(
            stage=s,
            action=a,
            days=days[_key(s, a)],
            earliest=earliest[_key(s, a)],
            guaranteed=guaranteed[_key(s, a)],
            leads=leads[_key(s, a)],
            unreachable_reason=(
                _why_unreachable(playbook, s, a, days[_key(s, a)], event_days)
                if earliest[_key(s, a)] is None
                else None
            ),
            skipped_away=(
                guaranteed[_key(s, a)] is None
                and _sure_but_for_skips(a, days[_key(s, a)], event_latest)
            ),
        )
        for s, a in pairs
    )
    return EventAnalysis(
        playbook=playbook,
        facts=facts,
        event_days=event_days,
        event_latest=event_latest,
        handlers=_handler_effects(playbook),
        year=year,
        _index={_key(f.stage, f.action): f for f in facts},
    )


def _notice_of(playbook: Playbook, action: Action) -> str | None:
    if action.template is None:
        return None
    template = playbook.template(action.template.text)
    return template.notice.value if template is not None and template.notice is not None else None


def _produced(playbook: Playbook, action: Action) -> frozenset[str]:
    """The named events that happen when the action runs."""
    events = {e for e, channel in STEP_EVENTS.items() if channel is action.channel}
    notice = _notice_of(playbook, action)
    if notice is not None:
        events.add(notice)
    return frozenset(events)


def _marks(playbook: Playbook, action: Action) -> frozenset[Mark]:
    """Everything that has happened once the action runs: its events and its contact."""
    marks: set[Mark] = set(_produced(playbook, action))
    if action.channel.is_contact:
        marks.add(Sent(action.channel, action.target))
    return frozenset(marks)


def _event_day(event: str, produced: Mapping[str, int], start: int) -> int | None:
    """The earliest day ``event`` can happen, given the earliest day of each produced event."""
    if event in EXTERNAL_EVENTS:
        return start
    if event in IMPLIED_BY:
        return _event_day(IMPLIED_BY[event], produced, start)
    return produced.get(event)


def _first_day_from(days: tuple[int, ...], day: int) -> int | None:
    return next((d for d in days if d >= day), None)


Pair = tuple[Stage, Action]
Key = tuple[int, int]


def _earliest_days(
    playbook: Playbook, pairs: list[Pair], days: Mapping[Key, tuple[int, ...]], start: int
) -> dict[Key, int | None]:
    """Least fixed point: nothing can fire until the events it waits for can happen."""
    earliest: dict[Key, int | None] = {_key(s, a): None for s, a in pairs}
    for _ in range(_MAX_ROUNDS):
        produced = _produced_days(playbook, pairs, earliest)
        changed = False
        for stage, action in pairs:
            key = _key(stage, action)
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


def _produced_days(
    playbook: Playbook, pairs: list[Pair], earliest: Mapping[Key, int | None]
) -> dict[str, int]:
    produced: dict[str, int] = {}
    for stage, action in pairs:
        day = earliest[_key(stage, action)]
        if day is None:
            continue
        for event in _produced(playbook, action):
            produced[event] = min(produced.get(event, day), day)
    return produced


def _event_days(
    playbook: Playbook, pairs: list[Pair], earliest: Mapping[Key, int | None], start: int
) -> dict[str, int]:
    produced = _produced_days(playbook, pairs, earliest)
    names = set(EXTERNAL_EVENTS) | set(IMPLIED_BY) | set(produced)
    result: dict[str, int] = {}
    for name in names:
        day = _event_day(name, produced, start)
        if day is not None:
            result[name] = day
    return result


def _guaranteed_days(
    playbook: Playbook, pairs: list[Pair], days: Mapping[Key, tuple[int, ...]], year: int
) -> dict[Key, int | None]:
    """Least fixed point of "certainly fired by": an action is guaranteed to run on the first
    scheduled day by which every event it waits for has certainly happened (plus its delay)
    that no skip can take away (``sure_day``). External and court events are never certain;
    a produced event is certain once one of its producers is."""
    guaranteed: dict[Key, int | None] = {_key(s, a): None for s, a in pairs}
    sure: dict[tuple[Key, int], int | None] = {}  # the skips make sure_day worth keeping
    for _ in range(_MAX_ROUNDS):
        latest = _latest_from(playbook, pairs, guaranteed)
        changed = False
        for stage, action in pairs:
            key = _key(stage, action)
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


# --------------------------------------------------------------------------- skips

# ``date.weekday()`` numbers of the days each skip keeps an action off.
_SKIPPED_WEEKDAYS: Mapping[SkipKind, frozenset[int]] = {
    SkipKind.WEEKENDS: frozenset({5, 6}),
    SkipKind.SUNDAYS: frozenset({6}),
}
# Day 0 is taken to fall on any date of the analysed year and this many years either side.
_YEARS_AROUND = 3


def sure_day(
    playbook: Playbook, action: Action, days: tuple[int, ...], bound: int, year: int
) -> int | None:
    """The first of ``days`` (ascending) at or after ``bound`` by which the action has certainly
    fired once, whatever date day 0 falls on; None when its skips can take every one away.

    ``skip weekends`` / ``skip sundays`` are judged over the 7 weekdays day 0 can fall on.
    ``skip holidays`` uses the calendar of the playbook's ``holidays CC``: every date of the
    analysed ``year`` and ``_YEARS_AROUND`` years either side is tried as day 0, so runs of
    public holidays (with the weekends around them, when those are skipped too) and holidays
    a week apart that a sparse schedule can hit twice are both counted. With no ``holidays``
    country (or one the calendar does not know, which PB003 reports) ``skip holidays`` is
    taken to skip nothing, as the timeline and PB202 take it.
    """
    start = bisect_left(days, bound)
    if start == len(days):
        return None
    weekdays = frozenset(w for skip in action.skip for w in _SKIPPED_WEEKDAYS.get(skip, ()))
    country = (
        playbook.holidays.text.upper()
        if SkipKind.HOLIDAYS in action.skip and playbook.holidays is not None
        else None
    )
    if not weekdays and country is None:
        return days[start]
    by_weekday = _sure_by_weekday(days, start, weekdays)
    if by_weekday is None or country is None:
        return by_weekday
    return _sure_by_calendar(days, start, weekdays, country, year, by_weekday)


def _sure_by_weekday(days: tuple[int, ...], start: int, weekdays: frozenset[int]) -> int | None:
    """The worst case over the 7 weekdays day 0 can fall on of the first of ``days[start:]``
    not skipped."""
    waiting = set(range(7))  # the weekdays of day 0 under which nothing has survived yet
    seen: set[int] = set()
    for day in islice(days, start, None):
        if day % 7 in seen:  # the same weekday as an earlier day: no alignment gains
            continue
        seen.add(day % 7)
        waiting = {first for first in waiting if (first + day) % 7 in weekdays}
        if not waiting:
            return day
    return None


def _sure_by_calendar(
    days: tuple[int, ...],
    start: int,
    weekdays: frozenset[int],
    country: str,
    year: int,
    worst: int,
) -> int | None:
    """``_sure_by_weekday`` (``worst``), with the public holidays of ``country`` skipped too,
    over every date of the years around ``year`` as day 0.

    Only the dates of day 0 that put the first day on a skipped date can do worse, and for
    each the scan stops at the first day not skipped, which comes within a few days: the
    cost is a few thousand set lookups per action and bound.
    """
    first_day = days[start]
    low = date(year - _YEARS_AROUND, 1, 1).toordinal() + first_day
    high = date(year + _YEARS_AROUND, 12, 31).toordinal() + first_day
    first_year, last_year = _year_of(low), _year_of(high)
    if first_year is None or last_year is None:
        return worst
    near = _holidays_between(country, first_year, min(last_year + 1, date.max.year))
    if not near:  # a country the calendar does not know
        return worst

    def skipped(ordinal: int) -> bool:
        if (ordinal + 6) % 7 in weekdays:
            return True
        if low <= ordinal < high + 365:
            return ordinal in near
        far = _year_of(ordinal)  # a day far from day 0 (a sparse schedule): rare
        return far is not None and ordinal in _holidays_in(country, far)

    firsts = {h for h in near if low <= h <= high}
    if weekdays:
        firsts.update(o for o in range(low, high + 1) if (o + 6) % 7 in weekdays)
    for first in firsts:
        zero = first - first_day
        rest = islice(days, start + 1, None)
        survivor = next((day for day in rest if not skipped(zero + day)), None)
        if survivor is None:
            return None
        worst = max(worst, survivor)
    return worst


def _year_of(ordinal: int) -> int | None:
    """The year of a date ordinal; None outside the calendar (years 1-9999)."""
    if not date.min.toordinal() <= ordinal <= date.max.toordinal():
        return None
    return date.fromordinal(ordinal).year


@lru_cache(maxsize=64)
def _holidays_between(country: str, first_year: int, last_year: int) -> frozenset[int]:
    """The ordinals of the public holidays of ``country`` in the years given."""
    return frozenset().union(*(_holidays_in(country, y) for y in range(first_year, last_year + 1)))


@lru_cache(maxsize=512)
def _holidays_in(country: str, year: int) -> frozenset[int]:
    """The ordinals of the public holidays of ``country`` in ``year``; empty for a country the
    calendar does not know."""
    try:
        found = country_holidays(country, year)
    except NotImplementedError:
        return frozenset()
    return frozenset(day.toordinal() for day in found)


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


def _latest_from(
    playbook: Playbook, pairs: list[Pair], guaranteed: Mapping[Key, int | None]
) -> dict[str, int]:
    latest: dict[str, int] = {}
    for stage, action in pairs:
        day = guaranteed[_key(stage, action)]
        if day is None:
            continue
        for event in _produced(playbook, action):
            latest[event] = min(latest.get(event, day), day)
    return latest


def _merge(into: dict[Mark, Lead], mark: Mark, lead: Lead) -> bool:
    """Keep the longer of two guaranteed leads; report whether anything changed."""
    old = into.get(mark)
    if old is None or lead.days > old.days:
        into[mark] = lead
        return True
    return False


def _offer(
    into: dict[Mark, Lead], mark: Mark, days: int, sure: str, via: Lead | None = None
) -> bool:
    """``_merge`` for the hot loop of rule 4: the reason is only worded when the lead is
    kept, since most offers lose to a lead already known."""
    old = into.get(mark)
    if old is None or days > old.days:
        into[mark] = Lead(days, f"{sure}, and {via.reason}" if via else sure)
        return True
    return False


def _implied_chain(event: str) -> Iterator[str]:
    """``judgment_entered`` -> ``summons_served`` -> ``lawsuit_filed``."""
    while event in IMPLIED_BY:
        event = IMPLIED_BY[event]
        yield event


def _leads(
    playbook: Playbook,
    pairs: list[Pair],
    earliest: Mapping[Key, int | None],
    guaranteed: Mapping[Key, int | None],
) -> dict[Key, dict[Mark, Lead]]:
    """Least fixed point of what is certain before each action, and how long before.

    Rules (each sound on its own, so the fixed point is too):
    1. ``after E + N``: E happened at least N days before;
    2. what implies an event had it happen first (a summons follows a filed lawsuit);
    3. if E is produced only by actions, its first happening was one of them firing, so
       whatever was certain before every one of them was certain before E;
    4. if an action X has certainly fired by day g and the action cannot fire before day
       e >= g, X's marks (and what was certain before X) happened at least e - g days before.

    Rule 4 is where the time went: offering every action's marks to every other action each
    round is quadratic. Here each mark keeps, over the actions sorted by guaranteed day, the
    best offer any of them can make (``_BestOffers``), so an action asks once per mark for
    the best among the actions sure by its earliest day: O(actions x marks x log actions)
    a round. The answer is the one the pairwise offers gave, reason included: the longest
    lead, and on a tie the action first in source order (its own mark before a lead it
    passes on), kept only when longer than what the action already knew.
    """
    reachable = [(s, a) for s, a in pairs if earliest[_key(s, a)] is not None]
    leads: dict[Key, dict[Mark, Lead]] = {_key(s, a): {} for s, a in pairs}
    producers: dict[str, list[Key]] = {}
    for stage, action in reachable:
        for event in _produced(playbook, action):
            producers.setdefault(event, []).append(_key(stage, action))

    keys = [_key(s, a) for s, a in reachable]
    marks_of = [_marks(playbook, a) for _, a in reachable]
    sure_of = [f"{describe_action(a)} is sure to run" for _, a in reachable]
    # Actions that are sure to run, by guaranteed day (then source order): the offerers.
    sure = sorted((g, i) for i, key in enumerate(keys) if (g := guaranteed[key]) is not None)
    sure_days = [g for g, _ in sure]
    slot = {i: n for n, (_, i) in enumerate(sure)}
    offers: dict[Mark, _BestOffers] = {}

    def publish(i: int, marks: Iterator[Mark]) -> None:
        """Record what action ``i`` can offer for ``marks`` now (values only grow)."""
        n = slot.get(i)
        if n is None:
            return
        day = sure_days[n]
        own, passed = marks_of[i], leads[keys[i]]
        for mark in marks:
            lead = passed.get(mark)
            best = max(0 if mark in own else -1, -1 if lead is None else lead.days)
            if mark not in offers:
                offers[mark] = _BestOffers(len(sure))
            offers[mark].raise_to(n, (best - day, -i))

    for i in range(len(keys)):
        publish(i, iter(marks_of[i]))
    for _ in range(_MAX_ROUNDS):
        changed = False
        for i, (_, action) in enumerate(reachable):
            key = keys[i]
            own = leads[key]
            before = {mark: lead.days for mark, lead in own.items()}
            first = earliest[key]
            assert first is not None
            for condition in action.conditions:
                event, delay = condition.event.text, condition.delay_days
                plus = f" + {delay} days" if delay else ""
                reason = f"it waits for {event}{plus}"
                changed |= _merge(own, event, Lead(delay, reason))
                for implied in _implied_chain(event):
                    changed |= _merge(
                        own, implied, Lead(delay, f"{reason} ({event} follows {implied})")
                    )
                changed |= _inherit(own, event, delay, reason, producers, leads)
                for implied in _implied_chain(event):
                    changed |= _inherit(own, implied, delay, reason, producers, leads)
            count = bisect_right(sure_days, first)
            for mark, best_offers in offers.items():
                found = best_offers.best(count, -i)
                if found is None:
                    continue
                gain, other = found[0], -found[1]
                old = own.get(mark)
                if old is not None and first + gain <= old.days:
                    continue
                day = guaranteed[keys[other]]
                passed = leads[keys[other]].get(mark)
                sure_text = f"{sure_of[other]} by day {day}"
                if mark in marks_of[other] and (passed is None or passed.days == 0):
                    own[mark] = Lead(first + gain, sure_text)
                else:
                    assert passed is not None
                    own[mark] = Lead(first + gain, f"{sure_text}, and {passed.reason}")
                changed = True
            publish(i, (m for m, lead in own.items() if before.get(m) != lead.days))
        if not changed:
            break
    return leads


_Offer = tuple[int, int]
"""(lead days minus the offerer's guaranteed day, minus its source index): greater is better."""


class _BestOffers:
    """For one mark, the best two offers among the first ``n`` offerers, for any ``n``.

    A Fenwick tree of prefix maxima: offers only ever grow (leads only lengthen), which is
    what such a tree can update in place. Two are kept so that an action can be left out
    of its own question.
    """

    __slots__ = ("_tree",)

    def __init__(self, size: int) -> None:
        self._tree: list[tuple[_Offer, ...]] = [()] * (size + 1)

    def raise_to(self, position: int, offer: _Offer) -> None:
        tree = self._tree
        n = position + 1
        while n < len(tree):
            kept = tree[n]
            raised = _top_two(kept, offer)
            if raised is kept:  # not among the best here: nor in any larger range
                return
            tree[n] = raised
            n += n & -n

    def best(self, count: int, leave_out: int) -> _Offer | None:
        """The best offer among the first ``count`` offerers but the one ``leave_out``
        (a negated source index)."""
        tree = self._tree
        top: _Offer | None = None
        n = count
        while n > 0:
            for offer in tree[n]:  # best first: the first not left out is this range's
                if offer[1] != leave_out:
                    if top is None or offer > top:
                        top = offer
                    break
            n -= n & -n
        return top


def _top_two(kept: tuple[_Offer, ...], offer: _Offer) -> tuple[_Offer, ...]:
    """``kept`` (best first, distinct offerers) with ``offer`` in, replacing its offerer's
    earlier (never better) offer; ``kept`` itself when ``offer`` changes nothing."""
    if not kept:
        return (offer,)
    first = kept[0]
    if first[1] == offer[1]:
        rest = kept[1:]
    elif len(kept) == 1:
        return (first, offer) if first > offer else (offer, first)
    elif kept[1][1] == offer[1]:
        rest = (first,)
    elif offer > first:
        return (offer, first)
    elif offer > kept[1]:
        return (first, offer)
    else:
        return kept
    if kept == (offer, *rest):
        return kept
    if not rest:
        return (offer,)
    other = rest[0]
    return (offer, other) if offer > other else (other, offer)


def _inherit(
    own: dict[Mark, Lead],
    event: str,
    delay: int,
    reason: str,
    producers: Mapping[str, list[Key]],
    leads: Mapping[Key, dict[Mark, Lead]],
) -> bool:
    """Rule 3: what was certain before every producer of ``event`` is certain before us."""
    keys = producers.get(event)
    if not keys or event in EXTERNAL_EVENTS:
        return False
    common = set(leads[keys[0]])
    for key in keys[1:]:
        common &= set(leads[key])
    changed = False
    for mark in common:
        days = min(leads[key][mark].days for key in keys)
        changed |= _merge(
            own, mark, Lead(delay + days, f"{reason}, which comes after {describe_mark(mark)}")
        )
    return changed


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


# --------------------------------------------------------------------------- words for messages


def describe_action(action: Action) -> str:
    """``visit to borrower``, ``lawsuit``: how messages name an action."""
    if action.channel.is_contact:
        return f"{action.channel} to {action.target}"
    return str(action.channel)


def mark_of(name: str) -> Mark:
    """A rule's ``requires`` entry: an event name, or a channel name meaning "a contact
    through that channel to the borrower"."""
    if name in KNOWN_EVENTS:
        return name
    try:
        channel = Channel(name)
    except ValueError:
        return name
    return Sent(channel) if channel.is_contact else STEP_EVENT_OF.get(channel, name)


def describe_mark(mark: Mark) -> str:
    """``the validation notice``, ``a letter to borrower``, ``summons_served``."""
    if isinstance(mark, Sent):
        return f"{mark.channel.article} {mark.channel} to {mark.target}"
    if mark in NOTICE_KINDS:
        return f"the {mark} notice"
    return mark


STEP_EVENT_OF: dict[Channel, str] = {channel: event for event, channel in STEP_EVENTS.items()}
