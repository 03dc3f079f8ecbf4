"""The worst-case timeline: every attempt the playbook allows, counted without simulating.

language.md's worst case: the borrower never pays or answers, external events happen
whenever that is worst, and day 0 may fall on any calendar date. So an action's attempts
are described, not enumerated:

* a ``DayProfile`` says where in a day one occurrence's attempts can fall (fixed minutes,
  or a flexible count anywhere in a window, or "as many as the limits allow");
* an ``ActionPlan`` says on which days past due it runs (a progression or a list of days,
  from the first day its conditions allow, minus skipped weekdays) and how many attempts
  and connected contacts one day and one rolling week or month can hold under its limits;
* window counts range over the alignments of day 0 to a weekday and over window starts
  near the places where something changes (a stage boundary, an ``on day``), plus one
  period of the repeating pattern, so a ten-year horizon costs what one month does;
* local clock times are judged per borrower zone over every date of the analysed year,
  grouping the dates whose zone offset is the same all day and converting minute by
  minute only on the few dates where a DST switch happens inside the day.

Counting windows of whole days are aligned to days past due ("14 within 7 days (days
1-7)"), as a regulation's "seven consecutive days" is; shorter windows roll by the minute.
Plain limits cap attempts; ``connected`` limits cap the contacts that reach the person,
which without such a limit are all attempts. Skipped holidays are assumed to fall outside
a counting window (a holiday can fall on any day past due, so that is the worst case).
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from ..model import (
    Action,
    At,
    Between,
    Channel,
    ChannelClass,
    Every,
    Limit,
    Once,
    OnDays,
    Period,
    Playbook,
    SkipKind,
    Stage,
    Target,
    Unit,
    Weekly,
)
from .account_limits import (
    SharedCap,
    clamp,
    covering,
    most_together,
    most_within_minutes,
    shared_caps,
)
from .events import EventAnalysis, analyse_events
from .holiday_calendar import country_holidays  # only when a calendar is asked for
from .schedule import active_bounds, scheduled_days
from .zones import load_zone

DAY_MINUTES = 24 * 60
_LAST_MINUTE = DAY_MINUTES - 1
SATURDAY, SUNDAY = 5, 6
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

Count = int | None
"""A worst-case count; None means unbounded (a bare ``between`` with no limit)."""


def _min(*values: Count) -> Count:
    """The smallest bound; None (no bound) loses to any number."""
    numbers = [v for v in values if v is not None]
    return min(numbers) if numbers else None


def _add(a: Count, b: Count) -> Count:
    return None if a is None or b is None else a + b


def _gt(a: Count, b: Count) -> bool:
    """``a > b`` where None is infinity."""
    if a is None:
        return b is not None
    return b is not None and a > b


# --------------------------------------------------------------------------- within a day


@dataclass(frozen=True)
class DayProfile:
    """Where one occurrence's attempts fall within a day, in playbook-clock minutes.

    ``points`` are attempts at fixed minutes (``at``, ``every N minutes``); ``flexible``
    attempts may fall anywhere in the closed ``window`` (``between … N times``, or an action
    with no time: one anywhere in the day); ``flexible`` None is a bare ``between``, which
    the dialer may repeat as often as the limits allow.
    """

    points: tuple[int, ...] = ()
    window: tuple[int, int] | None = None
    flexible: Count = 0

    @property
    def attempts(self) -> Count:
        if self.flexible is None:
            return None
        return len(self.points) + self.flexible

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """The minutes an attempt can fall at, as sorted, merged closed intervals."""
        pieces = [(p, p) for p in self.points]
        if self.window is not None and self.flexible != 0:
            pieces.append(self.window)
        return merge_spans(pieces)

    def raw(self, lo: int, hi: int) -> Count:
        """Schedule-only attempts that can fall in minutes ``lo..hi`` (closed) of one day."""
        if hi < lo:
            return 0
        found = bisect_right(self.points, hi) - bisect_left(self.points, lo)
        window = self.window
        if window is not None and self.flexible != 0 and window[0] <= hi and lo <= window[1]:
            return None if self.flexible is None else found + self.flexible
        return found

    def per_hour_cap(self, per_hour: int) -> Count:
        """The most attempts one day can hold when any 60 minutes hold at most ``per_hour``."""
        kept: list[int] = []
        for point in self.points:  # earliest first is optimal for one sliding window
            if len(kept) - bisect_left(kept, point - 59) < per_hour:
                kept.append(point)
        flexible: Count = 0
        if self.window is not None and self.flexible != 0:
            room = per_hour * ((self.window[1] - self.window[0]) // 60 + 1)
            flexible = _min(self.flexible, room)
        return _add(len(kept), flexible)


def merge_spans(pieces: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Closed intervals, sorted, with touching or overlapping ones merged."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(pieces):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return tuple(merged)


def _clock(minutes: int) -> int:
    return min(max(minutes, 0), _LAST_MINUTE)


def day_profile(action: Action) -> DayProfile:
    """language.md's "how many attempts one occurrence makes", as a profile."""
    timing = action.timing
    recurrence = action.schedule.recurrence
    if isinstance(recurrence, Every) and recurrence.unit is not Unit.DAYS:
        step = max(recurrence.count, 1) * (60 if recurrence.unit is Unit.HOURS else 1)
        if isinstance(timing, Between):
            start, end = sorted((_clock(timing.start.minutes), _clock(timing.end.minutes)))
        elif isinstance(timing, At) and timing.times:
            start, end = min(_clock(t.minutes) for t in timing.times), _LAST_MINUTE
        else:
            start, end = 0, _LAST_MINUTE
        return DayProfile(points=tuple(range(start, end + 1, step)))
    if timing is None:
        return DayProfile(window=(0, _LAST_MINUTE), flexible=1)
    if isinstance(timing, At):
        return DayProfile(points=tuple(sorted(_clock(t.minutes) for t in timing.times)))
    start, end = sorted((_clock(timing.start.minutes), _clock(timing.end.minutes)))
    return DayProfile(window=(start, end), flexible=_between_attempts(action, timing))


def _between_attempts(action: Action, timing: Between) -> Count:
    """language.md v2 item 1: a bare ``between`` retries only for calls (a dialer); a message
    gateway or a visit makes one attempt per occurrence, somewhere in the window."""
    if timing.times is not None or ChannelClass.VOICE in action.channel.classes:
        return timing.times
    return 1


# --------------------------------------------------------------------------- one action


@dataclass(frozen=True)
class ActionPlan:
    """One action's worst case: its days, where in a day, and how many under its limits."""

    index: int  # position in source order
    stage: Stage
    action: Action
    first: int | None  # the first day it can fire; None: never
    last: int
    step: int  # days between occurrences of a progression
    anchor: int  # a day of the progression
    on_days: frozenset[int] | None  # explicit days (``on day``, ``once``) instead
    skip_weekdays: frozenset[int]
    skips_holidays: bool
    profile: DayProfile
    per_day: Count  # attempts one day can hold
    connected_per_day: Count
    per_hour: Count  # attempts any 60 minutes can hold
    connected_per_hour: Count
    # (days, max) of rolling week and month limits, for attempts and for connected contacts.
    rolling: tuple[tuple[int, int], ...]
    connected_rolling: tuple[tuple[int, int], ...]
    # The playbook-wide limits that cover it (language.md v3 item 1), already folded into
    # the caps above; kept to clamp windows it shares with the other actions they cover.
    shared: tuple[SharedCap, ...] = ()

    @property
    def channel(self) -> Channel:
        return self.action.channel

    @property
    def target(self) -> Target:
        return self.action.target

    @property
    def fires(self) -> bool:
        return self.first is not None and self.first <= self.last

    @property
    def limited(self) -> bool:
        return bool(self.action.limits or self.shared)

    def describe(self) -> str:
        """``call to borrower`` (``lawsuit`` for a step)."""
        if self.channel.is_contact:
            return f"{self.channel} to {self.target}"
        return str(self.channel)

    def active(self, day: int, weekday0: int) -> bool:
        """Whether it runs on ``day`` when day 0 is weekday ``weekday0`` (0 = Monday)."""
        if self.first is None or day < self.first or day > self.last:
            return False
        if self.on_days is not None:
            if day not in self.on_days:
                return False
        elif (day - self.anchor) % self.step:
            return False
        return (weekday0 + day) % 7 not in self.skip_weekdays

    def cap(self, connected: bool) -> Count:
        return self.connected_per_day if connected else self.per_day

    def window_count(self, start: int, width: int, weekday0: int, connected: bool) -> Count:
        """The most attempts (or connected contacts) in days ``start..start+width-1``."""
        if self.first is None or start > self.last or start + width <= self.first:
            return 0
        cap = self.cap(connected)
        days = [d for d in range(start, start + width) if self.active(d, weekday0)]
        if cap is None:
            return None if days else 0
        rolling = self.connected_rolling if connected else self.rolling
        if not rolling:
            return cap * len(days)
        # Earliest first is optimal under sliding-window caps: an early attempt leaves every
        # later window sooner than a late one would.
        on = set(days)
        prefix = [0]
        for i, day in enumerate(range(start, start + width)):
            room = cap if day in on else 0
            for length, most in rolling:
                room = min(room, most - (prefix[i] - prefix[max(0, i - length + 1)]))
            prefix.append(prefix[i] + max(room, 0))
        return prefix[-1]

    def part_count(self, day_active: bool, lo: int, hi: int, connected: bool) -> Count:
        """Attempts that can fall in minutes ``lo..hi`` of one day it runs on, capped by the day."""
        if not day_active:
            return 0
        return _min(self.profile.raw(lo, hi), self.cap(connected))


def _limit(limits: Iterable[Limit], period: Period, connected: bool) -> Count:
    return _min(*(lim.count for lim in limits if lim.per is period and lim.connected == connected))


_ROLLING_DAYS = {Period.WEEK: 7, Period.MONTH: 30}


def plan_action(
    playbook: Playbook, index: int, stage: Stage, action: Action, first: int | None
) -> ActionPlan:
    """The worst case of one action, given the first day its conditions allow."""
    lo, hi = active_bounds(playbook, stage, action)
    recurrence = action.schedule.recurrence
    on_days: frozenset[int] | None = None
    step = 1
    if isinstance(recurrence, OnDays | Once):
        on_days = frozenset(scheduled_days(playbook, stage, action))
    elif isinstance(recurrence, Weekly):
        step = 7
    elif isinstance(recurrence, Every) and recurrence.unit is Unit.DAYS:
        step = max(recurrence.count, 1)
    skip_weekdays: frozenset[int] = frozenset()
    if SkipKind.WEEKENDS in action.skip:
        skip_weekdays = frozenset({SATURDAY, SUNDAY})
    elif SkipKind.SUNDAYS in action.skip:
        skip_weekdays = frozenset({SUNDAY})

    profile = day_profile(action)
    # A playbook-wide limit caps every action it covers as the action's own `max` would.
    shared = covering(shared_caps(playbook), action.channel, action.target)
    limits = action.limits + tuple(lim for cap in shared for lim in cap.limits)
    hour, hour_c = _limit(limits, Period.HOUR, False), _limit(limits, Period.HOUR, True)
    week, week_c = _limit(limits, Period.WEEK, False), _limit(limits, Period.WEEK, True)
    month, month_c = _limit(limits, Period.MONTH, False), _limit(limits, Period.MONTH, True)
    per_day = _min(
        profile.attempts,
        _limit(limits, Period.DAY, False),
        week,
        month,
        None if hour is None else profile.per_hour_cap(hour),
    )
    connected_per_day = _min(
        per_day,
        _limit(limits, Period.DAY, True),
        week_c,
        month_c,
        None if hour_c is None else profile.per_hour_cap(hour_c),
    )
    rolling = tuple(
        (_ROLLING_DAYS[period], most)
        for period, most in ((Period.WEEK, week), (Period.MONTH, month))
        if most is not None
    )
    connected_rolling = rolling + tuple(
        (_ROLLING_DAYS[period], most)
        for period, most in ((Period.WEEK, week_c), (Period.MONTH, month_c))
        if most is not None
    )
    return ActionPlan(
        index=index,
        stage=stage,
        action=action,
        first=None if first is None else max(first, lo),
        last=hi,
        step=step,
        anchor=lo,
        on_days=on_days,
        skip_weekdays=skip_weekdays,
        skips_holidays=SkipKind.HOLIDAYS in action.skip,
        profile=profile,
        per_day=per_day,
        connected_per_day=connected_per_day,
        # Not the day caps: an hour across midnight holds some of two days.
        per_hour=_min(hour, week, month),
        connected_per_hour=_min(hour, hour_c, week, month, week_c, month_c),
        rolling=rolling,
        connected_rolling=connected_rolling,
        shared=shared,
    )


def shared_groups(plans: Iterable[ActionPlan]) -> list[tuple[SharedCap, list[ActionPlan]]]:
    """Each playbook-wide limit with the plans among ``plans`` it covers, where it covers
    more than one (a single plan already carries the limit as its own)."""
    found: dict[int, tuple[SharedCap, list[ActionPlan]]] = {}
    for plan in plans:
        for cap in plan.shared:
            found.setdefault(cap.index, (cap, []))[1].append(plan)
    return [group for group in found.values() if len(group[1]) > 1]


def _room(plans: Iterable[ActionPlan], day: int, weekday0: int, connected: bool) -> Count:
    """What ``plans`` can hold together on one day by their schedules and day caps."""
    total: Count = 0
    for plan in plans:
        if plan.active(day, weekday0):
            total = _add(total, plan.cap(connected))
    return total


def clamp_days(
    plans: Sequence[ActionPlan], start: int, width: int, weekday0: int, connected: bool
) -> Count:
    """The worst case of ``plans`` together in days ``start..start+width-1``, every
    playbook-wide limit covering several of them applied to what they hold together."""
    end = start + width - 1
    parts = {
        p.index: p.window_count(start, width, weekday0, connected)
        for p in plans
        if _overlaps(p, start, end)
    }
    groups = [
        (
            frozenset(p.index for p in members),
            most_together(
                [_room(members, d, weekday0, connected) for d in range(start, end + 1)],
                cap,
                connected,
            ),
        )
        for cap, members in shared_groups(plans)
    ]
    return clamp(parts, groups)


# --------------------------------------------------------------------------- windows


@dataclass(frozen=True)
class Contribution:
    """What one action adds to a busiest window."""

    plan: ActionPlan
    count: Count


@dataclass(frozen=True)
class Busiest:
    """The most attempts (or connected contacts) in any window of a length, and where.

    ``first_day``..``last_day`` are the days past due the window covers; ``minute`` is the
    window's start on ``first_day`` for windows shorter than a day (else None).
    """

    count: Count
    first_day: int
    last_day: int
    minute: int | None
    weekday0: int
    contributions: tuple[Contribution, ...]

    @property
    def top(self) -> ActionPlan:
        """The action that adds the most (the later one on a tie: it pushes the count over)."""
        best = self.contributions[0]
        for item in self.contributions[1:]:
            if not _gt(best.count, item.count):
                best = item
        return best.plan


def _weekday_matters(plans: Sequence[ActionPlan]) -> bool:
    return any(p.skip_weekdays for p in plans)


def _candidate_starts(plans: Sequence[ActionPlan], width: int) -> list[int]:
    """Window starts that reach every distinct window: near each place where a plan starts,
    stops or has a listed day, and one full period of the repeating pattern after it."""
    period = 7 if _weekday_matters(plans) else 1
    breaks: set[int] = set()
    for plan in plans:
        assert plan.first is not None
        if plan.on_days is not None:
            breaks.update(d for day in plan.on_days for d in (day, day + 1))
        else:
            period = math.lcm(period, plan.step)
            breaks.update((plan.first, plan.last + 1))
    # A window starting before anything runs holds no more than one starting when it does.
    lo = min(p.first for p in plans if p.first is not None)
    hi = max(p.last for p in plans)
    starts: set[int] = set()
    for b in breaks:
        starts.update(range(max(b - width + 1, lo), min(b + period, hi + 1)))
    return sorted(starts)


def busiest(
    plans: Sequence[ActionPlan],
    window_minutes: int,
    connected: bool = False,
    member: ActionPlan | None = None,
    cache: dict[tuple[object, ...], object] | None = None,
) -> Busiest | None:
    """The worst case of ``plans`` together in any window of ``window_minutes``; with
    ``member``, only among the windows that plan contributes to (its own worst case).
    ``cache`` keeps the window totals for asking again about other members (the plans'
    indices key it: pass one only for plans of one timeline).

    A multiple of a day counts whole days past due; anything shorter rolls by the minute.
    """
    live, indices = _live_of(plans, cache)
    if not live or (member is not None and not member.fires):
        return None
    if window_minutes >= DAY_MINUTES:
        width = math.ceil(window_minutes / DAY_MINUTES)
        return _busiest_days(live, width, connected, member, cache, indices)
    return _busiest_minutes(live, window_minutes, connected, member)


def _live_of(
    plans: Sequence[ActionPlan], cache: dict[tuple[object, ...], object] | None
) -> tuple[list[ActionPlan], tuple[int, ...]]:
    """The plans that fire and their indices (the window tables' key), kept in ``cache``
    per ``plans`` object: a timeline asks about the same plans once per member, and
    filtering them each time made a breach of n actions cost n² (issue 24)."""
    key = ("live-of", id(plans))
    entry = None if cache is None else cache.get(key)
    if isinstance(entry, tuple) and entry[0] is plans:  # the same object, not a reused id
        return entry[1], entry[2]
    live = [p for p in plans if p.fires]
    indices = tuple(p.index for p in live)
    if cache is not None:
        cache[key] = (plans, live, indices)  # holds ``plans``, so its id is not reused
    return live, indices


def _overlaps(plan: ActionPlan, first: int, last: int) -> bool:
    return plan.first is not None and plan.first <= last and first <= plan.last


def _busiest_days(
    plans: list[ActionPlan],
    width: int,
    connected: bool,
    member: ActionPlan | None = None,
    cache: dict[tuple[object, ...], object] | None = None,
    indices: tuple[int, ...] | None = None,
) -> Busiest | None:
    """Whole-day windows: the best of the candidate windows (of those ``member`` counts in),
    the heaviest first, then the earliest start, then the earliest weekday of day 0.
    ``indices``: the plans' indices, when the caller has them."""
    if indices is None:
        indices = tuple(p.index for p in plans)
    key = ("day-windows", indices, width, connected)
    table = None if cache is None else cache.get(key)
    if not isinstance(table, _DayWindows):
        table = _DayWindows(plans, width, connected)
        if cache is not None:
            cache[key] = table
    best = table.best(member)
    if best is None or best[0] == 0:
        return None
    total, start, weekday0 = best
    end = start + width - 1
    parts = []
    for plan in plans:
        first = plan.first  # ``_overlaps``, inline: this runs for every plan per member
        if first is not None and first <= end and start <= plan.last:
            count = plan.window_count(start, width, weekday0, connected)
            if count != 0:
                parts.append(Contribution(plan, count))
    return Busiest(total, start, end, None, weekday0, tuple(parts))


_UNBOUNDED = math.inf  # an unbounded window total, as a number max() can compare


def _active_days(plan: ActionPlan, lo: int, hi: int, weekday0: int) -> list[int]:
    """The days in ``lo..hi`` ``plan`` runs on when day 0 is ``weekday0`` (as ``active``)."""
    assert plan.first is not None
    lo, hi = max(lo, plan.first), min(hi, plan.last)
    if lo > hi:
        return []
    days: Iterable[int]
    if plan.on_days is not None:
        days = sorted(d for d in plan.on_days if lo <= d <= hi)
    else:
        days = range(lo + (plan.anchor - lo) % plan.step, hi + 1, plan.step)
    skip = plan.skip_weekdays
    return [d for d in days if (weekday0 + d) % 7 not in skip] if skip else list(days)


def _counts_when_active(plan: ActionPlan, connected: bool) -> bool:
    """Whether ``window_count`` is non-zero for every window holding a day ``plan`` runs on:
    its day cap and every rolling cap leave room for the first of them."""
    cap = plan.cap(connected)
    if cap is None:
        return True
    rolling = plan.connected_rolling if connected else plan.rolling
    if not rolling:
        return cap != 0
    return cap > 0 and all(most > 0 for _, most in rolling)


class _DayWindows:
    """The total of every candidate whole-day window of ``plans``, per weekday of day 0,
    computed once and asked again for each member (one finding per action asks as many
    times as there are actions). Day totals of the plans without rolling limits are laid
    out once per alignment and summed with prefix sums; plans with rolling limits are
    counted greedily per window."""

    def __init__(self, plans: list[ActionPlan], width: int, connected: bool) -> None:
        self.plans = plans
        self.width = width
        self.connected = connected
        self.starts = _candidate_starts(plans, width)
        self.alignments = range(7) if _weekday_matters(plans) else range(1)
        # The days the windows cover, as disjoint closed intervals.
        self.spans = merge_spans((start, start + width - 1) for start in self.starts)
        self.ends = [b for _, b in self.spans]
        self.shared = bool(shared_groups(plans))
        self._days: dict[tuple[int, int], list[int]] = {}
        self.values = [self._totals(weekday0) for weekday0 in self.alignments]

    def days_of(self, plan: ActionPlan, weekday0: int) -> list[int]:
        """The days of ``plan`` inside the windows, when day 0 is ``weekday0``."""
        key = (plan.index, weekday0 if plan.skip_weekdays else -1)
        found = self._days.get(key)
        if found is None:
            assert plan.first is not None
            found = []
            for a, b in self.spans[bisect_left(self.ends, plan.first) :]:
                if a > plan.last:
                    break
                found += _active_days(plan, a, b, weekday0)
            self._days[key] = found
        return found

    def _totals(self, weekday0: int) -> list[float]:
        starts, width, connected = self.starts, self.width, self.connected
        if not starts:
            return []
        base = starts[0]
        size = starts[-1] + width - base
        sums, unbounded = [0] * size, [0] * size
        rolling: list[ActionPlan] = []
        for plan in self.plans:
            if plan.connected_rolling if connected else plan.rolling:
                rolling.append(plan)
                continue
            cap = plan.cap(connected)
            if cap == 0:
                continue
            for day in self.days_of(plan, weekday0):
                if cap is None:
                    unbounded[day - base] = 1
                else:
                    sums[day - base] += cap
        total_sums = [0, *itertools.accumulate(sums)]
        total_unbounded = [0, *itertools.accumulate(unbounded)]
        values: list[float] = []
        for start in starts:
            i, j = start - base, start - base + width
            if total_unbounded[j] != total_unbounded[i]:
                values.append(_UNBOUNDED)
                continue
            total: Count = total_sums[j] - total_sums[i]
            end = start + width - 1
            if self.shared:
                total = clamp_days(self.plans, start, width, weekday0, connected)
            else:
                for plan in rolling:
                    if _overlaps(plan, start, end):
                        total = _add(total, plan.window_count(start, width, weekday0, connected))
            values.append(_UNBOUNDED if total is None else total)
        return values

    def best(self, member: ActionPlan | None) -> tuple[Count, int, int] | None:
        """The heaviest window (of those ``member`` counts in): count, start, weekday0."""
        starts = self.starts
        best: tuple[float, int, int] | None = None
        for weekday0, values in zip(self.alignments, self.values, strict=True):
            if member is None:
                ranges = [(0, len(starts))]
            elif not _counts_when_active(member, self.connected):
                return None
            else:
                ranges = self._ranges(member, weekday0)
            for i, j in ranges:
                if i >= j:
                    continue
                most = max(values[i:j])
                k = values.index(most, i, j)
                if best is None or (most, -starts[k]) > (best[0], -best[1]):
                    best = (most, starts[k], weekday0)
        if best is None:
            return None
        most, start, weekday0 = best
        return (None if most == _UNBOUNDED else int(most)), start, weekday0

    def _ranges(self, member: ActionPlan, weekday0: int) -> list[tuple[int, int]]:
        """The index ranges of the starts whose windows hold a day ``member`` runs on."""
        width = self.width
        merged = merge_spans((day - width + 1, day) for day in self.days_of(member, weekday0))
        return [(bisect_left(self.starts, a), bisect_right(self.starts, b)) for a, b in merged]


def _busiest_minutes(
    plans: list[ActionPlan], length: int, connected: bool, member: ActionPlan | None = None
) -> Busiest | None:
    """Windows shorter than a day: per day, the best start minute (a window may run past
    midnight into the next day). Days that look alike are computed once."""
    alignments = range(7) if _weekday_matters(plans) else range(1)
    seen: dict[tuple[tuple[int, bool, bool], ...], tuple[Count, int, tuple[Contribution, ...]]] = {}
    best: Busiest | None = None
    for day in _candidate_starts(plans, 2):
        near = [p for p in plans if p.first is not None and p.first <= day + 1 and day <= p.last]
        for weekday0 in alignments:
            key = tuple(
                (p.index, p.active(day, weekday0), p.active(day + 1, weekday0)) for p in near
            )
            if member is not None and all(p is not member for p in near):
                continue
            if key not in seen:
                seen[key] = _best_minute(near, key, length, connected, member)
            total, minute, parts = seen[key]
            if parts and (best is None or _gt(total, best.count)):
                last = day + (minute + length - 1) // DAY_MINUTES
                best = Busiest(total, day, last, minute, weekday0, parts)
                if total is None:
                    return best
    return best


def _best_minute(
    plans: list[ActionPlan],
    key: tuple[tuple[int, bool, bool], ...],
    length: int,
    connected: bool,
    member: ActionPlan | None = None,
) -> tuple[Count, int, tuple[Contribution, ...]]:
    """The best window start in one day, given which plans run that day and the next."""
    candidates = {0}
    for plan, (_, today, tomorrow) in zip(plans, key, strict=True):
        starts = [s for s, _ in plan.profile.spans] + list(plan.profile.points)
        for s in starts:
            if today:
                candidates.add(_clock(s - length + 1))
            if tomorrow and s + DAY_MINUTES - length + 1 <= _LAST_MINUTE:
                candidates.add(max(s + DAY_MINUTES - length + 1, 0))
    best: tuple[Count, int, tuple[Contribution, ...]] = (0, 0, ())
    for minute in sorted(candidates):
        end = minute + length - 1
        parts: list[Contribution] = []
        total: Count = 0
        for plan, (_, today, tomorrow) in zip(plans, key, strict=True):
            count = _add(
                plan.part_count(today, minute, min(end, _LAST_MINUTE), connected),
                plan.part_count(tomorrow, 0, end - DAY_MINUTES, connected),
            )
            hourly = plan.connected_per_hour if connected else plan.per_hour
            hours = math.ceil(length / 60)
            count = _min(count, None if hourly is None else hourly * hours)
            if count != 0:
                parts.append(Contribution(plan, count))
            total = _add(total, count)
        total = _clamp_minutes(plans, parts, total, minute, length, connected)
        if member is not None and all(p.plan is not member for p in parts):
            continue
        if parts and (not best[2] or _gt(total, best[0])):
            best = (total, minute, tuple(parts))
            if total is None:
                break
    return best


def _clamp_minutes(
    plans: Sequence[ActionPlan],
    parts: Sequence[Contribution],
    total: Count,
    minute: int,
    length: int,
    connected: bool,
) -> Count:
    """A window shorter than a day, held to every playbook-wide limit covering several of
    its actions (their hour caps, and day caps for each calendar day it touches)."""
    groups = shared_groups(plans)
    if not groups:
        return total
    days = 1 if minute + length - 1 < DAY_MINUTES else 2
    return clamp(
        {c.plan.index: c.count for c in parts},
        [
            (
                frozenset(p.index for p in members),
                most_within_minutes(cap, length, days, connected),
            )
            for cap, members in groups
        ],
    )


def day_count(plans: Iterable[ActionPlan], day: int, connected: bool = False) -> Count:
    """The most attempts on one day past due, over every weekday day 0 can fall on."""
    live = [p for p in plans if p.fires]
    worst: Count = 0
    for weekday0 in range(7) if _weekday_matters(live) else range(1):
        total = clamp_days(live, day, 1, weekday0, connected)
        worst = total if _gt(total, worst) else worst
    return worst


# --------------------------------------------------------------------------- local clocks


@dataclass(frozen=True)
class LocalReach:
    """Where one action's attempts can land on one local date in one borrower zone.

    ``date`` is an example playbook-clock date of such an occurrence (the first in the
    analysed year); ``weekday`` the local date's weekday (0 = Monday); ``earliest`` and
    ``latest`` local minutes since midnight.
    """

    zone: str | None
    date: date
    weekday: int
    earliest: int
    latest: int


def _offset(moment: datetime, zone: ZoneInfo) -> int:
    delta = moment.astimezone(zone).utcoffset()
    return 0 if delta is None else int(delta.total_seconds()) // 60


def _clip(spans: Sequence[tuple[int, int]], lo: int, hi: int) -> tuple[int, int] | None:
    """The first and last minute of ``spans`` inside ``lo..hi``."""
    inside = [(max(a, lo), min(b, hi)) for a, b in spans if a <= hi and lo <= b]
    if not inside:
        return None
    return inside[0][0], inside[-1][1]


def _zone(name: str | None) -> ZoneInfo | None:
    if name is None:
        return None
    return load_zone(name)  # the bundled tzdata's, never the host's


@cache
def holiday_dates(country: str, year: int) -> frozenset[date]:
    """Public holidays of ``country`` (ISO 3166) in ``year``; empty for an unknown country."""
    try:
        return country_holidays(country.upper(), year)
    except NotImplementedError:
        return frozenset()


@lru_cache(maxsize=64)
def _date_offsets(
    clock: str | None, zone: str | None, year: int
) -> tuple[tuple[date, int | None], ...]:
    """Each date of ``year`` with the zone's offset from the playbook clock in minutes, held
    all day; None on a date where a DST switch on either clock changes it within the day."""
    home, away = _zone(clock), _zone(zone)
    out: list[tuple[date, int | None]] = []
    day = date(year, 1, 1)
    while day.year == year:
        if home is None or away is None:
            out.append((day, 0))
        else:
            midnight = datetime(day.year, day.month, day.day, tzinfo=home)
            late = midnight.replace(hour=23, minute=59)
            # Each clock must hold its own offset all day: two switches on one date (Sydney
            # and Chatham) can cancel out at midnight yet differ for the hours between them.
            same = _offset(midnight, home) == _offset(late, home) and _offset(
                midnight, away
            ) == _offset(late, away)
            first = _offset(midnight, away) - _offset(midnight, home)
            out.append((day, first if same else None))
        day += timedelta(days=1)
    return tuple(out)


def local_reach(
    plan: ActionPlan, clock: str | None, zone: str | None, year: int, holidays: str | None
) -> tuple[LocalReach, ...]:
    """Every (local weekday, earliest, latest) the action's attempts can land on in ``zone``
    over the dates of ``year``, with the first date each happens.

    Day 0 can be any date, so every date not skipped is a possible occurrence. Dates whose
    offset between the playbook clock and the zone holds all day are grouped; on a date
    with a DST switch inside the day each minute is converted."""
    skipped = holiday_dates(holidays, year) if plan.skips_holidays and holidays else frozenset()
    return _local_reach(plan.profile.spans, plan.skip_weekdays, skipped, clock, zone, year)


@lru_cache(maxsize=1024)
def _local_reach(
    spans: tuple[tuple[int, int], ...],
    skip_weekdays: frozenset[int],
    skipped: frozenset[date],
    clock: str | None,
    zone: str | None,
    year: int,
) -> tuple[LocalReach, ...]:
    found: dict[tuple[int, int, int], date] = {}

    def note(day: date, weekday: int, lo: int, hi: int) -> None:
        found.setdefault((weekday, lo, hi), day)

    groups: dict[tuple[int, int], date] = {}
    for current, delta in _date_offsets(clock, zone, year):
        if current.weekday() in skip_weekdays or current in skipped:
            continue
        if delta is not None:
            groups.setdefault((current.weekday(), delta), current)
            continue
        home, away = _zone(clock), _zone(zone)
        assert home is not None
        assert away is not None
        _minute_by_minute(current, spans, home, away, note)
    for (weekday, delta), example in groups.items():
        for shift in (-1, 0, 1):
            lo = shift * DAY_MINUTES - delta
            part = _clip(spans, lo, lo + _LAST_MINUTE)
            if part is not None:
                note(example, (weekday + shift) % 7, part[0] - lo, part[1] - lo)
    reaches = [LocalReach(zone, d, w, lo, hi) for (w, lo, hi), d in found.items()]
    return tuple(sorted(reaches, key=lambda r: (r.date, r.weekday, r.earliest, r.latest)))


def _minute_by_minute(
    day: date,
    spans: Sequence[tuple[int, int]],
    home: ZoneInfo,
    away: ZoneInfo,
    note: Callable[[date, int, int, int], None],
) -> None:
    """A date with a DST switch on either clock: convert each possible minute."""
    parts: dict[date, list[int]] = {}
    for lo, hi in spans:
        for minute in range(lo, hi + 1):
            moment = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=home)
            local = moment.astimezone(away)
            parts.setdefault(local.date(), []).append(local.hour * 60 + local.minute)
    for local_day, minutes in parts.items():
        note(day, local_day.weekday(), min(minutes), max(minutes))


# --------------------------------------------------------------------------- the timeline


@dataclass(frozen=True)
class Timeline:
    """The worst case of a whole playbook; checks and the timeline view ask it questions."""

    playbook: Playbook
    plans: tuple[ActionPlan, ...]
    year: int
    _cache: dict[tuple[object, ...], object] = field(
        default_factory=dict, compare=False, repr=False
    )

    def live(
        self, channels: Iterable[Channel] | None = None, targets: Iterable[Target] | None = None
    ) -> tuple[ActionPlan, ...]:
        """The actions that can fire, of these channels and targets (None: any)."""
        wanted_c = None if channels is None else frozenset(channels)
        wanted_t = None if targets is None else frozenset(targets)
        # Asked once per action of a breach (each finding's own worst case): kept, so
        # the question costs the number of actions once, not once per action.
        key = ("live", wanted_c, wanted_t)
        found = self._cache.get(key)
        if found is None:
            found = tuple(
                p
                for p in self.plans
                if p.fires
                and (wanted_c is None or p.channel in wanted_c)
                and (wanted_t is None or p.target in wanted_t)
            )
            self._cache[key] = found
        assert isinstance(found, tuple)
        return found

    def busiest(
        self,
        channels: Iterable[Channel],
        target: Target,
        window_minutes: int,
        connected: bool = False,
        member: ActionPlan | None = None,
    ) -> Busiest | None:
        """The worst case of the actions of ``channels`` to ``target`` in any window (with
        ``member``: in any window that action contributes to)."""
        wanted = frozenset(channels)
        plans = self.live(wanted, (target,))
        own = None if member is None else member.index
        # The channels and the target name the plans (``live``): no key as long as they.
        key = ("busiest", wanted, target, window_minutes, connected, own)
        if key not in self._cache:
            self._cache[key] = busiest(plans, window_minutes, connected, member, self._cache)
        result = self._cache[key]
        assert result is None or isinstance(result, Busiest)
        return result

    def alone(
        self, plan: ActionPlan, window_minutes: int, connected: bool = False
    ) -> Busiest | None:
        """The worst case of ``plan`` by itself in any window (``busiest([plan], …)``),
        kept: every rule of a window length asks it again for each of its actions."""
        key = ("alone", plan.index, window_minutes, connected)
        if key not in self._cache:
            self._cache[key] = busiest([plan], window_minutes, connected)
        result = self._cache[key]
        assert result is None or isinstance(result, Busiest)
        return result

    def local_reach(self, plan: ActionPlan, zone: str | None) -> tuple[LocalReach, ...]:
        """Where ``plan`` lands in ``zone`` (None: on the playbook clock) over the year."""
        key = ("reach", plan.index, zone)
        if key not in self._cache:
            clock = self.playbook.timezone.text if self.playbook.timezone else None
            holidays = self.playbook.holidays.text if self.playbook.holidays else None
            self._cache[key] = local_reach(plan, clock, zone, self.year, holidays)
        result = self._cache[key]
        assert isinstance(result, tuple)
        return result

    @property
    def zones(self) -> tuple[str | None, ...]:
        """The borrower zones hours are judged in (None: only the playbook clock is known)."""
        return self.playbook.zones or (None,)

    @property
    def first_day(self) -> int:
        return min((p.first for p in self.plans if p.first is not None and p.fires), default=0)

    @property
    def last_day(self) -> int:
        return max((p.last for p in self.plans if p.fires), default=0)


def analyse_timeline(
    playbook: Playbook, *, year: int | None = None, events: EventAnalysis | None = None
) -> Timeline:
    """The worst case the playbook allows; ``year`` is the analysed year for local clocks
    (default: the current one, or the year ``events`` was analysed in); ``events`` an
    event analysis already made for it, in the same year (one run, one year)."""
    if events is not None and year is not None and year != events.year:
        raise ValueError(f"the events were analysed in {events.year}, not {year}")
    analysis = analyse_events(playbook, year) if events is None else events
    plans = tuple(
        plan_action(playbook, index, stage, action, analysis.earliest_day(stage, action))
        for index, (stage, action) in enumerate(playbook.actions())
    )
    return Timeline(playbook, plans, analysis.year)
