"""The linear lead analysis gives exactly what offering every action's marks to every other
action did: the same leads, the same days, the same reasons (PB5xx messages quote them).

``pairwise_leads`` is the former quadratic fixed point, kept here as the brute force.
"""

from __future__ import annotations

from collections.abc import Mapping

from events_support import act, after, book, notice, on
from events_support import stage as make_stage
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook_lint.analysis.event_facts import (
    MAX_ROUNDS,
    Key,
    Lead,
    Mark,
    Pair,
    action_key,
    action_marks,
    describe_action,
    produced_events,
)
from playbook_lint.analysis.events import _earliest_days, _guaranteed_days, analyse_events
from playbook_lint.analysis.leads import (
    _implied_chain,
    _inherit,
    _merge,
    _offer,
    _shared_marks,
    certain_leads,
)
from playbook_lint.analysis.schedule import scheduled_days
from playbook_lint.model import Action, Channel, NoticeKind, Playbook, SkipKind, Target
from playbook_lint.syntax.parse import parse_source


def pairwise_leads(
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
    """
    reachable = [(s, a) for s, a in pairs if earliest[action_key(s, a)] is not None]
    leads: dict[Key, dict[Mark, Lead]] = {action_key(s, a): {} for s, a in pairs}
    producers: dict[str, list[Key]] = {}
    for stage, action in reachable:
        for event in produced_events(playbook, action):
            producers.setdefault(event, []).append(action_key(stage, action))

    # Per action, computed once: the innermost loop below runs for every pair of actions.
    marks_of = {action_key(s, a): action_marks(playbook, a) for s, a in reachable}
    sure_of = {action_key(s, a): f"{describe_action(a)} is sure to run" for s, a in reachable}

    # Rule 3 asked of the live leads every time: the answer certain_leads keeps per event.
    def live(event: str) -> list[tuple[Mark, int]]:
        return _shared_marks(event, producers, leads)

    for _ in range(MAX_ROUNDS):
        changed = False
        for stage, action in reachable:
            key = action_key(stage, action)
            own = leads[key]
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
                changed |= _inherit(own, event, delay, reason, live)
                for implied in _implied_chain(event):
                    changed |= _inherit(own, implied, delay, reason, live)
            for other_key, other_marks in marks_of.items():
                day = guaranteed[other_key]
                if other_key == key or day is None or day > first:
                    continue
                gap = first - day
                sure = sure_of[other_key]
                for mark in other_marks:
                    changed |= _offer(own, mark, gap, f"{sure} by day {day}")
                for mark, lead in list(leads[other_key].items()):
                    changed |= _offer(own, mark, gap + lead.days, f"{sure} by day {day}", lead)
        if not changed:
            break
    return leads


KINDS = (NoticeKind.DEFAULT, NoticeKind.ARREARS, NoticeKind.FINAL_DEMAND)
TEMPLATES = tuple(notice(kind.value, kind) for kind in KINDS)
EVENTS = (*(k.value for k in KINDS), "unreachable", "lawsuit_filed", "summons_served")
CHANNELS = (Channel.LETTER, Channel.SMS, Channel.CALL, Channel.LAWSUIT, Channel.VISIT)


@st.composite
def actions(draw: st.DrawFn) -> Action:
    channel = draw(st.sampled_from(CHANNELS))
    days = draw(st.lists(st.integers(1, 40), min_size=1, max_size=4, unique=True))
    using = draw(st.sampled_from([None, *(k.value for k in KINDS)]))
    conditions = draw(
        st.lists(st.builds(after, st.sampled_from(EVENTS), st.integers(0, 9)), max_size=2)
    )
    found = act(
        channel,
        on(*sorted(days)),
        *conditions,
        using=using if channel is Channel.LETTER else None,
        to=draw(st.sampled_from((Target.BORROWER, Target.GUARANTOR))),
    )
    skip = draw(st.sampled_from(((), (SkipKind.SUNDAYS,), (SkipKind.WEEKENDS,))))
    return Action(**{**found.__dict__, "skip": frozenset(skip)})


playbooks = st.lists(actions(), min_size=1, max_size=12).map(
    lambda found: book(make_stage("s", 1, 40, *found), templates=TEMPLATES)
)


def _both(playbook: Playbook) -> tuple[dict[Key, dict[Mark, Lead]], dict[Key, dict[Mark, Lead]]]:
    pairs = list(playbook.actions())
    days = {action_key(s, a): tuple(scheduled_days(playbook, s, a)) for s, a in pairs}
    start = min((s.first_day for s in playbook.stages), default=0)
    earliest = _earliest_days(playbook, pairs, days, start)
    guaranteed = _guaranteed_days(playbook, pairs, days, 2026)
    return (
        certain_leads(playbook, pairs, earliest, guaranteed),
        pairwise_leads(playbook, pairs, earliest, guaranteed),
    )


@settings(max_examples=300, deadline=None)
@given(playbooks)
def test_same_leads_and_reasons_as_pairwise_offers(playbook: Playbook) -> None:
    linear, pairwise = _both(playbook)
    assert linear == pairwise


def test_same_leads_on_every_example_playbook() -> None:
    from pathlib import Path

    examples = sorted((Path(__file__).parent.parent / "examples").glob("*.playbook*"))
    assert examples
    for path in examples:
        playbook = parse_source(path.read_text(encoding="utf-8"), path.name).playbook
        if playbook is None:
            continue
        linear, pairwise = _both(playbook)
        assert linear == pairwise, path.name
        analyse_events(playbook)
