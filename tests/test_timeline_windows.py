"""The busiest whole-day window, and each action's own busiest window, against brute force.

One finding per action (PB101) asks for the busiest window every action contributes to.
The brute force tries every window start over the whole schedule and every weekday day 0
can fall on, summing each action's own count (``window_count``); the timeline must report
the same worst count, at a window that holds it and that the action counts in, with the
same contributions. Schedules mix progressions, listed days, skipped weekdays, day, week,
month and connected caps (zero included) and unbounded ``between`` calls.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from timeline_models import action, at, between, limit, playbook, stage

from playbook_lint.analysis.timeline import (
    DAY_MINUTES,
    ActionPlan,
    Count,
    Timeline,
    analyse_timeline,
)
from playbook_lint.model import Action, Channel, Day, Every, OnDays, Playbook, Target, Unit, Weekly


@st.composite
def _actions(draw: st.DrawFn, first: int, last: int) -> Action:
    kind = draw(st.sampled_from(["daily", "weekly", "every", "on"]))
    recurrence = None
    if kind == "weekly":
        recurrence = Weekly()
    elif kind == "every":
        recurrence = Every(draw(st.integers(2, 5)), Unit.DAYS)
    elif kind == "on":
        days = draw(st.lists(st.integers(first, last), min_size=1, max_size=4, unique=True))
        recurrence = OnDays(tuple(Day(d) for d in sorted(days)))
    timing = draw(
        st.sampled_from(
            [
                at("10:00"),
                at("09:00", "15:00"),
                between("09:00", "17:00", 2),
                between("09:00", "17:00"),
            ]
        )
    )
    limits = draw(
        st.lists(
            st.tuples(
                st.integers(0, 4), st.sampled_from(["day", "week", "month"]), st.booleans()
            ).map(lambda t: limit(*t)),
            max_size=2,
        )
    )
    skip = draw(st.sampled_from([(), ("weekends",), ("sundays",)]))
    return action(
        draw(st.sampled_from(["call", "sms"])),
        recurrence,
        timing=timing,
        skip=skip,
        limits=tuple(limits),
    )


@st.composite
def _playbooks(draw: st.DrawFn) -> Playbook:
    stages = []
    start = draw(st.integers(-3, 3))
    for _ in range(draw(st.integers(1, 3))):
        end = start + draw(st.integers(0, 12))
        acts = draw(st.lists(_actions(start, end), min_size=1, max_size=3))
        stages.append(stage(start, end, *acts))
        start = end + 1 + draw(st.integers(0, 3))
    return playbook(*stages)


def _add(a: Count, b: Count) -> Count:
    return None if a is None or b is None else a + b


def _heavier(a: Count, b: Count) -> bool:
    return (a is None and b is not None) or (a is not None and b is not None and a > b)


def _brute(
    plans: tuple[ActionPlan, ...], width: int, connected: bool, member: ActionPlan | None
) -> Count:
    """The worst total over every window start and weekday of day 0 (0: no window)."""
    lo = min(p.first for p in plans if p.first is not None) - width
    hi = max(p.last for p in plans) + width
    best: Count = 0
    for weekday0 in range(7):
        for start in range(lo, hi + 1):
            if member is not None and member.window_count(start, width, weekday0, connected) == 0:
                continue
            total: Count = 0
            for plan in plans:
                total = _add(total, plan.window_count(start, width, weekday0, connected))
            if _heavier(total, best):
                best = total
    return best


def _check(timeline: Timeline, width: int, connected: bool, member: ActionPlan | None) -> None:
    channels = [Channel.CALL, Channel.SMS]
    plans = timeline.live(channels, (Target.BORROWER,))
    found = timeline.busiest(channels, Target.BORROWER, width * DAY_MINUTES, connected, member)
    expected = _brute(plans, width, connected, member) if plans else 0
    if found is None:
        assert expected == 0
        return
    assert found.count == expected
    start, weekday0 = found.first_day, found.weekday0
    assert found.last_day == start + width - 1
    counts = {p.index: p.window_count(start, width, weekday0, connected) for p in plans}
    assert {c.plan.index: c.count for c in found.contributions} == {
        i: c for i, c in counts.items() if c != 0
    }
    total: Count = 0
    for count in counts.values():
        total = _add(total, count)
    assert total == found.count
    if member is not None:
        assert counts[member.index] != 0


@settings(max_examples=200, deadline=None)
@given(_playbooks(), st.sampled_from([1, 2, 3, 7, 10, 30]), st.booleans())
def test_busiest_day_windows_match_brute_force(pb: Playbook, width: int, connected: bool) -> None:
    timeline = analyse_timeline(pb, year=2026)
    _check(timeline, width, connected, None)
    for plan in timeline.live([Channel.CALL, Channel.SMS], (Target.BORROWER,)):
        _check(timeline, width, connected, plan)


def _doubled(pb: Playbook) -> Playbook:
    """Every action twice in its stage: pairs of plans of one shape, which share their
    worst case alone (``Timeline.alone``) and must each still be named in it."""
    stages = tuple(replace(s, actions=s.actions + s.actions) for s in pb.stages)
    return replace(pb, stages=stages)


@settings(max_examples=150, deadline=None)
@given(_playbooks(), st.sampled_from([1, 2, 7, 30]), st.booleans())
def test_each_action_alone_matches_brute_force(pb: Playbook, width: int, connected: bool) -> None:
    timeline = analyse_timeline(_doubled(pb), year=2026)
    for plan in timeline.plans:
        if not plan.fires:
            continue
        found = timeline.alone(plan, width * DAY_MINUTES, connected)
        expected = _brute((plan,), width, connected, None)
        if found is None:
            assert expected == 0
            continue
        assert found.count == expected
        assert [c.plan for c in found.contributions] == [plan]
        own = plan.window_count(found.first_day, width, found.weekday0, connected)
        assert found.contributions[0].count == own == found.count
