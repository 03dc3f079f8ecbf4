"""Playbook-wide limits (language.md v3 item 1) against brute force.

The brute force lays every attempt out day by day for every weekday day 0 can fall on, as
``test_timeline_properties`` does; then, for every window, it searches every way the
covered actions' attempts can be spread over the window's days that keeps the account's
caps (its day cap, and every 7 and 30 consecutive days), and takes the most. The
timeline's clamp must find exactly that, with calls split over stages and actions, and
with other channels the limit does not cover counted beside them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st
from test_timeline_properties import _layout, fixed_actions
from timeline_models import at, limit, playbook, stage

from playbook_lint.analysis.timeline import analyse_timeline
from playbook_lint.model import (
    Action,
    Channel,
    ChannelSet,
    Daily,
    Limit,
    Period,
    Playbook,
    PlaybookLimit,
    Schedule,
    Target,
)


@st.composite
def caps(draw: st.DrawFn) -> tuple[Limit, ...]:
    found = []
    if draw(st.booleans()):
        found.append(limit(draw(st.integers(1, 4)), "day"))
    if draw(st.booleans()):
        found.append(limit(draw(st.integers(1, 9)), "week"))
    if draw(st.booleans()) or not found:
        found.append(limit(draw(st.integers(1, 12)), "month"))
    return tuple(found)


@st.composite
def split_playbooks(draw: st.DrawFn) -> Playbook:
    """Calls split over one to three stages (each action with at most a day cap, as a dialer
    plan written before account limits existed), some SMS beside them, and one account
    limit on calls to the borrower."""
    stages = []
    start = draw(st.integers(-3, 3))
    for _ in range(draw(st.integers(1, 3))):
        end = start + draw(st.integers(0, 8))
        acts = list(draw(st.lists(fixed_actions(start, end, True), min_size=1, max_size=2)))
        if draw(st.booleans()):
            acts.append(dataclasses.replace(acts[0], channel=Channel.SMS, limits=()))
        stages.append(stage(start, end, *acts))
        start = end + 1 + draw(st.integers(0, 2))
    account = PlaybookLimit(
        ChannelSet(frozenset({Channel.CALL})), draw(caps()), frozenset({Target.BORROWER})
    )
    return dataclasses.replace(playbook(*stages), limits=(account,))


def _fits(ys: Sequence[int], rolling: Sequence[tuple[int, int]]) -> bool:
    """Whether the last day added keeps every rolling cap (the earlier days were checked)."""
    return all(sum(ys[-length:]) <= most for length, most in rolling)


def _most(rooms: Sequence[int], rolling: Sequence[tuple[int, int]]) -> int:
    """Exhaustive search: the most attempts over consecutive days with ``rooms`` each, every
    rolling cap kept."""
    best = 0

    def search(i: int, ys: list[int], total: int) -> None:
        nonlocal best
        if total + sum(rooms[i:]) <= best:
            return
        if i == len(rooms):
            best = total
            return
        for y in range(rooms[i], -1, -1):
            ys.append(y)
            if _fits(ys, rolling):
                search(i + 1, ys, total + y)
            ys.pop()

    search(0, [], 0)
    return best


def _per_day(pb: Playbook, weekday0: int, channel: Channel) -> dict[int, int]:
    """The attempts each day can hold by the actions' schedules and own day caps."""
    per_day: dict[int, int] = {}
    wanted = [a for _, a in pb.actions() if a.channel is channel]
    only = dataclasses.replace(
        pb,
        stages=tuple(
            dataclasses.replace(s, actions=tuple(a for a in s.actions if a in wanted))
            for s in pb.stages
        ),
    )
    for day, points, cap in _layout(only, weekday0):
        n = len(points) if cap is None else min(len(points), cap)
        per_day[day] = per_day.get(day, 0) + n
    return per_day


def _brute(pb: Playbook, width: int) -> int:
    account = pb.limits[0].limits
    day_cap = min((lim.count for lim in account if lim.per is Period.DAY), default=None)
    rolling = [
        (days, lim.count)
        for lim in account
        for per, days in ((Period.WEEK, 7), (Period.MONTH, 30))
        if lim.per is per
    ]
    best = 0
    for weekday0 in range(7):
        calls = _per_day(pb, weekday0, Channel.CALL)
        sms = _per_day(pb, weekday0, Channel.SMS)
        for start in range(-20, 40):
            days = range(start, start + width)
            rooms = [
                calls.get(d, 0) if day_cap is None else min(calls.get(d, 0), day_cap) for d in days
            ]
            best = max(best, _most(rooms, rolling) + sum(sms.get(d, 0) for d in days))
    return best


def _analytic(pb: Playbook, width: int) -> int:
    timeline = analyse_timeline(pb, year=2026)
    found = timeline.busiest([Channel.CALL, Channel.SMS], Target.BORROWER, width * 1440)
    assert found is None or found.count is not None
    return 0 if found is None else found.count or 0


@settings(max_examples=150, deadline=None)
@given(split_playbooks(), st.sampled_from([1, 2, 3, 7, 10]))
def test_account_limit_clamps_day_windows_exactly(pb: Playbook, width: int) -> None:
    assert _analytic(pb, width * 1) == _brute(pb, width)


@settings(max_examples=60, deadline=None)
@given(split_playbooks(), st.sampled_from([1, 7, 10]))
def test_each_covered_action_alone_is_held_to_the_account_limit(pb: Playbook, width: int) -> None:
    # The per-action worst case (what PB101 reports for one action's own windows) never
    # exceeds what the account's limit lets all calls hold together.
    timeline = analyse_timeline(pb, year=2026)
    together = timeline.busiest([Channel.CALL], Target.BORROWER, width * 1440)
    for plan in timeline.live([Channel.CALL]):
        alone = timeline.busiest([Channel.CALL], Target.BORROWER, width * 1440, member=plan)
        assert alone is not None
        assert together is not None
        assert alone.count is not None
        assert together.count is not None
        assert alone.count <= together.count


def test_calls_split_over_stages_count_once_against_the_account() -> None:
    # A dialer's "7 calls in 7 days" across the account: two stages of two calls a day are
    # 14 in the 7 days that span the hand-over without it, 7 with it.
    early = Action(Channel.CALL, Schedule(Daily()), timing=at("10:00", "15:00"))
    late = Action(Channel.CALL, Schedule(Daily()), timing=at("11:00", "16:00"))
    split = playbook(stage(1, 10, early), stage(11, 30, late))
    account = PlaybookLimit(
        ChannelSet(frozenset({Channel.CALL})), (limit(7, "week"),), frozenset({Target.BORROWER})
    )
    week = 7 * 1440
    before = analyse_timeline(split, year=2026).busiest([Channel.CALL], Target.BORROWER, week)
    capped = dataclasses.replace(split, limits=(account,))
    after = analyse_timeline(capped, year=2026).busiest([Channel.CALL], Target.BORROWER, week)
    assert before is not None
    assert after is not None
    assert (before.count, after.count) == (14, 7)
