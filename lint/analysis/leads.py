"""What is certain to have happened before each action, and how long before: the leads
of ``EventAnalysis`` (rules 1-4 of ``certain_leads``), computed in linear time per round."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping

from ..model import EXTERNAL_EVENTS, IMPLIED_BY, Action, Playbook
from .event_facts import (
    MAX_ROUNDS,
    Key,
    Lead,
    Mark,
    Pair,
    action_key,
    action_marks,
    describe_action,
    describe_mark,
    produced_events,
)


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


def certain_leads(
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
    reachable = [(s, a) for s, a in pairs if earliest[action_key(s, a)] is not None]
    leads: dict[Key, dict[Mark, Lead]] = {action_key(s, a): {} for s, a in pairs}
    producers: dict[str, list[Key]] = {}
    for stage, action in reachable:
        for event in produced_events(playbook, action):
            producers.setdefault(event, []).append(action_key(stage, action))

    # Rule 3 asks, for an event, what every one of its producers had certain before it.
    # Many actions can wait on one event that many actions produce, so the answer is kept
    # per event and forgotten whenever one of its producers' leads changes.
    made_by: dict[Key, list[str]] = {}
    for event, producer_keys in producers.items():
        for producer in producer_keys:
            made_by.setdefault(producer, []).append(event)
    kept: dict[str, list[tuple[Mark, int]]] = {}

    def forget(key: Key) -> None:
        for event in made_by.get(key, ()):
            kept.pop(event, None)

    def shared_before(event: str) -> list[tuple[Mark, int]]:
        """Rule 3's marks for ``event``: those certain before every producer, each with
        its shortest lead among them (none when ``event`` is external or unproduced)."""
        found = kept.get(event)
        if found is None:
            found = kept[event] = _shared_marks(event, producers, leads)
        return found

    keys = [action_key(s, a) for s, a in reachable]
    marks_of = [action_marks(playbook, a) for _, a in reachable]
    # Actions that are sure to run, by guaranteed day (then source order): the offerers.
    sure = sorted((g, i) for i, key in enumerate(keys) if (g := guaranteed[key]) is not None)
    sure_days = [g for g, _ in sure]
    slot = {i: n for n, (_, i) in enumerate(sure)}
    offers: dict[Mark, _BestOffers] = {}
    sure_of: dict[int, str] = {}

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
    # Rules 1 and 2 in words, once: each round offers the same leads again.
    waits = [_waits(action) for _, action in reachable]
    for _ in range(MAX_ROUNDS):
        changed = False
        for i in range(len(reachable)):
            key = keys[i]
            own = leads[key]
            before = {mark: lead.days for mark, lead in own.items()}
            first = earliest[key]
            assert first is not None
            for event, lead, implied in waits[i]:
                merged = _merge(own, event, lead)
                for follows, implied_lead in implied:
                    merged |= _merge(own, follows, implied_lead)
                for waited in (event, *(follows for follows, _ in implied)):
                    if merged:  # this action's leads changed: so did what it passes on
                        forget(key)
                    changed |= merged
                    merged = _inherit(own, waited, lead.days, lead.reason, shared_before)
                changed |= merged
                if merged:
                    forget(key)
            count = bisect_right(sure_days, first)
            if not count:  # no action is sure to have run by its first day: no offer
                publish(i, (m for m, lead in own.items() if before.get(m) != lead.days))
                continue
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
                worded = sure_of.get(other)
                if worded is None:  # worded for the actions that offer, once
                    worded = f"{describe_action(reachable[other][1])} is sure to run"
                    sure_of[other] = worded
                sure_text = f"{worded} by day {day}"
                if mark in marks_of[other] and (passed is None or passed.days == 0):
                    own[mark] = Lead(first + gain, sure_text)
                else:
                    assert passed is not None
                    own[mark] = Lead(first + gain, f"{sure_text}, and {passed.reason}")
                changed = True
                forget(key)
            publish(i, (m for m, lead in own.items() if before.get(m) != lead.days))
        if not changed:
            break
    return leads


_Wait = tuple[str, Lead, list[tuple[str, Lead]]]
"""An ``after EVENT + N`` condition: the event, its lead, and the events it implies with theirs."""


def _waits(action: Action) -> list[_Wait]:
    """Rules 1 and 2 for ``action``: what each of its conditions makes certain, worded."""
    found: list[_Wait] = []
    for condition in action.conditions:
        event, delay = condition.event.text, condition.delay_days
        plus = f" + {delay} days" if delay else ""
        reason = f"it waits for {event}{plus}"
        implied = [
            (other, Lead(delay, f"{reason} ({event} follows {other})"))
            for other in _implied_chain(event)
        ]
        found.append((event, Lead(delay, reason), implied))
    return found


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
    shared_before: Callable[[str], list[tuple[Mark, int]]],
) -> bool:
    """Rule 3: what was certain before every producer of ``event`` is certain before us."""
    changed = False
    for mark, days in shared_before(event):
        changed |= _merge(
            own, mark, Lead(delay + days, f"{reason}, which comes after {describe_mark(mark)}")
        )
    return changed


def _shared_marks(
    event: str, producers: Mapping[str, list[Key]], leads: Mapping[Key, dict[Mark, Lead]]
) -> list[tuple[Mark, int]]:
    """The marks certain before every producer of ``event``, each with its shortest lead
    among them; none for an event from outside or one no action produces."""
    keys = producers.get(event)
    if not keys or event in EXTERNAL_EVENTS:
        return []
    common = set(leads[keys[0]])
    for key in keys[1:]:
        common &= set(leads[key])
    return [(mark, min(leads[key][mark].days for key in keys)) for mark in common]
