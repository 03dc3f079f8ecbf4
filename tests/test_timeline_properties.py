"""The analytic window counts against brute force on random small schedules.

The brute force lays every attempt out day by day (or minute by minute) for every weekday
day 0 can fall on and slides the window over all of it; the timeline must agree exactly.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st
from timeline_models import action, hm, limit, playbook, stage

from playbook_lint.analysis.schedule import scheduled_days
from playbook_lint.analysis.timeline import analyse_timeline
from playbook_lint.model import (
    Action,
    At,
    Between,
    Channel,
    Daily,
    Day,
    Every,
    OnDays,
    Period,
    Playbook,
    Recurrence,
    SkipKind,
    Stage,
    Target,
    Unit,
    Weekly,
)

minutes = st.integers(min_value=0, max_value=1439)


@st.composite
def recurrences(draw: st.DrawFn, first: int, last: int) -> Recurrence:
    kind = draw(st.sampled_from(["daily", "weekly", "every", "on", "every_minutes"]))
    if kind == "weekly":
        return Weekly()
    if kind == "every":
        return Every(draw(st.integers(1, 5)), Unit.DAYS)
    if kind == "on":
        days = draw(st.lists(st.integers(first, last), min_size=1, max_size=4, unique=True))
        return OnDays(tuple(Day(d) for d in sorted(days)))
    if kind == "every_minutes":
        return Every(draw(st.sampled_from([45, 90, 200, 400])), Unit.MINUTES)
    return Daily()


@st.composite
def fixed_actions(draw: st.DrawFn, first: int, last: int, caps: bool) -> Action:
    recurrence = draw(recurrences(first, last))
    if isinstance(recurrence, Every) and recurrence.unit is Unit.MINUTES:
        start = draw(st.integers(0, 1200))
        end = draw(st.integers(start, 1439))
        timing: At | Between = Between(hm(_t(start)), hm(_t(end)))
    else:
        points = draw(st.lists(minutes, min_size=1, max_size=3))
        timing = At(tuple(hm(_t(p)) for p in points))
    skip = draw(st.sampled_from([(), ("weekends",), ("sundays",)]))
    limits = (limit(draw(st.integers(1, 3)), "day"),) if caps and draw(st.booleans()) else ()
    return action("call", recurrence, timing=timing, skip=skip, limits=limits)


def _t(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@st.composite
def playbooks(draw: st.DrawFn, caps: bool) -> Playbook:
    stages = []
    start = draw(st.integers(-3, 3))
    for _ in range(draw(st.integers(1, 2))):
        end = start + draw(st.integers(0, 9))
        acts = draw(st.lists(fixed_actions(start, end, caps), min_size=1, max_size=2))
        stages.append(stage(start, end, *acts))
        start = end + 1 + draw(st.integers(0, 2))
    return playbook(*stages)


def _minutes_of(a: Action) -> list[int]:
    timing = a.timing
    recurrence = a.schedule.recurrence
    if isinstance(recurrence, Every) and recurrence.unit is Unit.MINUTES:
        assert isinstance(timing, Between)
        return list(range(timing.start.minutes, timing.end.minutes + 1, recurrence.count))
    assert isinstance(timing, At)
    return [t.minutes for t in timing.times]


def _skipped(a: Action, weekday: int) -> bool:
    if SkipKind.WEEKENDS in a.skip:
        return weekday >= 5
    return SkipKind.SUNDAYS in a.skip and weekday == 6


def _layout(pb: Playbook, weekday0: int) -> list[tuple[int, list[int], int | None]]:
    """(day, attempt minutes, daily cap) of every occurrence, laid out one by one."""
    out = []
    for s, a in pb.actions():
        cap = next((lim.count for lim in a.limits if lim.per is Period.DAY), None)
        for day in scheduled_days(pb, s, a):
            if not _skipped(a, (weekday0 + day) % 7):
                out.append((day, _minutes_of(a), cap))
    return out


def _brute_days(pb: Playbook, width: int) -> int:
    best = 0
    for weekday0 in range(7):
        layout = _layout(pb, weekday0)
        per_day: dict[int, int] = {}
        for day, points, cap in layout:
            n = len(points) if cap is None else min(len(points), cap)
            per_day[day] = per_day.get(day, 0) + n
        for start in range(-20, 40):
            best = max(best, sum(per_day.get(d, 0) for d in range(start, start + width)))
    return best


def _brute_minutes(pb: Playbook, length: int) -> int:
    best = 0
    for weekday0 in range(7):
        timeline = [0] * (60 * 1440)
        base = -10 * 1440
        for day, points, _ in _layout(pb, weekday0):
            for p in points:
                timeline[day * 1440 + p - base] += 1
        running = sum(timeline[:length])
        best = max(best, running)
        for t in range(length, len(timeline)):
            running += timeline[t] - timeline[t - length]
            best = max(best, running)
    return best


def _analytic(pb: Playbook, window: int) -> int:
    found = analyse_timeline(pb, year=2026).busiest([Channel.CALL], Target.BORROWER, window)
    assert found is None or found.count is not None
    return 0 if found is None else found.count or 0


@settings(max_examples=150, deadline=None)
@given(playbooks(caps=True), st.sampled_from([1, 2, 3, 7, 10]))
def test_day_windows_match_brute_force(pb: Playbook, width: int) -> None:
    assert _analytic(pb, width * 1440) == _brute_days(pb, width)


@settings(max_examples=40, deadline=None)
@given(playbooks(caps=False), st.sampled_from([30, 60, 90]))
def test_minute_windows_match_brute_force(pb: Playbook, length: int) -> None:
    assert _analytic(pb, length) == _brute_minutes(pb, length)


def _feasible(xs: Sequence[int], length: int, most: int) -> bool:
    return all(sum(xs[i : i + length]) <= most for i in range(len(xs)))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.booleans(), min_size=1, max_size=8),
    st.integers(1, 2),
    st.integers(1, 4),
    st.integers(1, 8),
)
def test_rolling_week_cap_matches_exhaustive_search(
    active: list[bool], per_day: int, per_week: int, width: int
) -> None:
    days = tuple(Day(i) for i, on in enumerate(active) if on) or (Day(0),)
    a = action(
        "call",
        OnDays(days),
        timing=Between(hm("09:00"), hm("17:00")),
        limits=(limit(per_day, "day"), limit(per_week, "week")),
    )
    pb = playbook(stage(0, len(active) - 1, a))
    plan = analyse_timeline(pb, year=2026).plans[0]
    on = {d.value for d in days}
    for start in range(-2, len(active)):
        window = list(range(start, start + width))
        choices = [range(per_day + 1) if d in on else range(1) for d in window]
        best = max(sum(xs) for xs in itertools.product(*choices) if _feasible(xs, 7, per_week))
        assert plan.window_count(start, width, 0, connected=False) == best


def test_stages_do_not_leak_into_each_other() -> None:
    pb = playbook(Stage(stage(1, 2).name, 1, 2, (action(timing=At((hm("10:00"),))),)))
    assert _analytic(pb, 7 * 1440) == 2


ZONES = [
    "America/New_York",
    "America/Phoenix",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "America/St_Johns",
]


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(ZONES),
    st.sampled_from(ZONES),
    st.lists(minutes, min_size=1, max_size=3),
    st.sampled_from([(), ("weekends",), ("sundays",)]),
)
def test_local_reach_matches_converting_every_attempt(
    home: str, away: str, points: list[int], skip: tuple[str, ...]
) -> None:
    a = action("sms", timing=At(tuple(hm(_t(p)) for p in points)), skip=skip)
    pb = playbook(stage(1, 30, a), timezone=home, zones=(away,))
    timeline = analyse_timeline(pb, year=2026)
    analytic = {
        (r.weekday, r.earliest, r.latest) for r in timeline.local_reach(timeline.plans[0], away)
    }
    brute: set[tuple[int, int, int]] = set()
    day = date(2026, 1, 1)
    while day.year == 2026:
        if not _skipped(a, day.weekday()):
            local_days: dict[date, list[int]] = {}
            for p in points:
                moment = datetime(
                    day.year, day.month, day.day, p // 60, p % 60, tzinfo=ZoneInfo(home)
                )
                local = moment.astimezone(ZoneInfo(away))
                local_days.setdefault(local.date(), []).append(local.hour * 60 + local.minute)
            for local_day, found in local_days.items():
                brute.add((local_day.weekday(), min(found), max(found)))
        day += timedelta(days=1)
    assert analytic == brute
