"""Windows of the worst case: the most attempts (or connected contacts) a set of action
plans can make together in any window of a length, and where.

Counting windows of whole days are aligned to days past due ("14 within 7 days (days
1-7)"), as a regulation's "seven consecutive days" is; shorter windows roll by the minute.
Window counts range over the alignments of day 0 to a weekday and over window starts near
the places where something changes (a stage boundary, an ``on day``), plus one period of
the repeating pattern, so a ten-year horizon costs what one month does. Skipped holidays
are assumed to fall outside a counting window (a holiday can fall on any day past due, so
that is the worst case).
"""

from __future__ import annotations

import itertools
import math
import operator
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .account_limits import SharedCap, clamp, most_together, most_within_minutes
from .plans import (
    DAY_MINUTES,
    LAST_MINUTE,
    ActionPlan,
    Count,
    add_count,
    clock_minute,
    exceeds,
    merge_spans,
    min_count,
    shared_groups,
)


def _room(plans: Iterable[ActionPlan], day: int, weekday0: int, connected: bool) -> Count:
    """What ``plans`` can hold together on one day by their schedules and day caps."""
    total: Count = 0
    for plan in plans:
        if plan.active(day, weekday0):
            total = add_count(total, plan.cap(connected))
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
            if not exceeds(best.count, item.count):
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


def busiest_alone(
    plan: ActionPlan,
    window_minutes: int,
    connected: bool,
    cache: dict[tuple[object, ...], object],
) -> Busiest | None:
    """``busiest([plan], …)``, computed once per shape of plan (``ActionPlan.shape``) and
    window: alone, a plan's worst case depends on nothing else (a playbook-wide limit
    clamps only windows it shares with other plans, and is folded into its caps)."""
    shape = plan.shape(whole_days=window_minutes >= DAY_MINUTES)
    key = ("alone-shape", shape, window_minutes, connected)
    found = cache.get(key)
    if found is None:
        simple = window_minutes >= DAY_MINUTES and not _rolling(plan, connected)
        if simple and plan.fires:
            width = math.ceil(window_minutes / DAY_MINUTES)
            found = (_alone_days(plan, width, connected),)
        else:
            found = (busiest([plan], window_minutes, connected),)
        cache[key] = found
    assert isinstance(found, tuple)
    model = found[0]
    if model is None:
        return None
    assert isinstance(model, Busiest)
    if all(c.plan is plan for c in model.contributions):
        return model
    # The same window and counts, each share now this plan's.
    parts = tuple(Contribution(plan, c.count) for c in model.contributions)
    return Busiest(
        model.count, model.first_day, model.last_day, model.minute, model.weekday0, parts
    )


def _rolling(plan: ActionPlan, connected: bool) -> tuple[tuple[int, int], ...]:
    return plan.connected_rolling if connected else plan.rolling


def _alone_days(plan: ActionPlan, width: int, connected: bool) -> Busiest | None:
    """``_busiest_days([plan], width, connected)`` for a plan without rolling caps, whose
    count in a window is its day cap times the days it runs there: each candidate window's
    days counted by bisection in the days the plan runs on, instead of day sums laid out
    over the whole horizon (asked once per action and window length, this was a tenth of a
    check of generated playbooks). The same window wins: the heaviest, then the earliest
    start, then the earliest weekday of day 0."""
    cap = plan.cap(connected)
    if cap == 0:
        return None
    first = plan.first
    assert first is not None
    if plan.on_days is None:
        # A progression repeats every ``period`` days from its first: a window reaching
        # past its last day holds no more than the window of the same phase in the first
        # period, which starts earlier. So only the first period's starts can win.
        period = math.lcm(7 if plan.skip_weekdays else 1, plan.step)
        starts = list(range(first, min(first + period, plan.last + 1)))
    else:
        starts = _candidate_starts([plan], width)
    if not starts:
        return None
    ends = [start + width - 1 for start in starts]
    best: tuple[float, int, int] | None = None
    for weekday0 in range(7) if plan.skip_weekdays else range(1):
        days = plan.days_in(first, ends[-1], weekday0)
        if not days:
            continue
        # Each window's days, by bisection: mapped, since there are many windows.
        counts = list(
            map(
                operator.sub,
                map(bisect_right, itertools.repeat(days), ends),
                map(bisect_left, itertools.repeat(days), starts),
            )
        )
        most = max(counts)
        if not most:
            continue
        # Unbounded: any day makes the window so, and the earliest such window wins.
        k = counts.index(most) if cap is not None else next(i for i, n in enumerate(counts) if n)
        value = _UNBOUNDED if cap is None else cap * most
        if best is None or (value, -starts[k]) > (best[0], -best[1]):
            best = (value, starts[k], weekday0)
    if best is None:
        return None
    most, start, weekday0 = best
    count = None if most == _UNBOUNDED else int(most)
    part = (Contribution(plan, count),)
    return Busiest(count, start, start + width - 1, None, weekday0, part)


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
    return table.window(*best)


_UNBOUNDED = math.inf  # an unbounded window total, as a number max() can compare


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


class _ByDays:
    """Plans by the days they run between, to find those overlapping a window without
    walking them all: sorted by first day, in blocks that know their latest last day
    (a long plan's window query costs the blocks, not every plan)."""

    BLOCK = 32

    def __init__(self, plans: Sequence[ActionPlan]) -> None:
        # Live plans only: each has a first day (``ActionPlan.fires``).
        self.firsts = sorted((p.first or 0, p.index) for p in plans)
        by_index = {p.index: p for p in plans}
        self.order = [by_index[i] for _, i in self.firsts]
        block = self.BLOCK
        self.lasts = [
            max(p.last for p in self.order[i : i + block]) for i in range(0, len(self.order), block)
        ]

    def overlapping(self, first: int, last: int) -> list[ActionPlan]:
        """The plans whose days ``first..last`` overlap theirs, in source order."""
        stop = bisect_right(self.firsts, (last, math.inf))
        found: list[ActionPlan] = []
        block = self.BLOCK
        for number, latest in enumerate(self.lasts):
            lo = number * block
            if lo >= stop:
                break
            if latest < first:
                continue
            found += [p for p in self.order[lo : min(lo + block, stop)] if p.last >= first]
        found.sort(key=lambda p: p.index)
        return found


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
        self._windows: dict[tuple[int, int], Busiest] = {}
        self._member_ranges: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self._by_days = _ByDays(plans)
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
                found += plan.days_in(a, b, weekday0)
            self._days[key] = found
        return found

    def _totals(self, weekday0: int) -> list[float]:
        starts, width, connected = self.starts, self.width, self.connected
        if not starts:
            return []
        base = starts[0]
        size = starts[-1] + width - base
        sums, unbounded, rolling = self._laid_out(weekday0, base, size)
        total_sums = [0, *itertools.accumulate(sums)]
        total_unbounded = [0, *itertools.accumulate(unbounded)]
        # Each window's sums from the prefix sums, by C loops (there are many windows).
        lows = [start - base for start in starts]
        highs = [low + width for low in lows]
        plain = list(
            map(operator.sub, map(total_sums.__getitem__, highs), map(total_sums.__getitem__, lows))
        )
        loose = list(
            map(
                operator.ne,
                map(total_unbounded.__getitem__, highs),
                map(total_unbounded.__getitem__, lows),
            )
        )
        if not self.shared and not rolling:
            return [_UNBOUNDED if u else t for t, u in zip(plain, loose, strict=True)]
        rolling_days = _ByDays(rolling)
        rooms = self._group_rooms(weekday0, base, size) if self.shared else []
        values: list[float] = []
        for start, total, unbound in zip(starts, plain, loose, strict=True):
            if unbound:
                values.append(_UNBOUNDED)
                continue
            end = start + width - 1
            count: Count = total
            if self.shared:
                count = self._clamped(start, weekday0, rooms, start - base)
            else:
                for plan in rolling_days.overlapping(start, end):
                    count = add_count(count, plan.window_count(start, width, weekday0, connected))
            values.append(_UNBOUNDED if count is None else count)
        return values

    def _group_rooms(
        self, weekday0: int, base: int, size: int
    ) -> list[tuple[SharedCap, frozenset[int], list[Count]]]:
        """Each playbook-wide limit covering several plans, their indices and what they can
        hold together on each day from ``base`` (``_room``), laid out once per alignment:
        every window of ``clamp_days`` asked it day by day again."""
        found = []
        for cap, members in shared_groups(self.plans):
            sums, unbounded = [0] * size, [False] * size
            for plan in members:
                most = plan.cap(self.connected)
                for day in plan.days_in(base, base + size - 1, weekday0):
                    if most is None:
                        unbounded[day - base] = True
                    else:
                        sums[day - base] += most
            room: list[Count] = [None if u else t for t, u in zip(sums, unbounded, strict=True)]
            found.append((cap, frozenset(p.index for p in members), room))
        return found

    def _clamped(
        self,
        start: int,
        weekday0: int,
        rooms: list[tuple[SharedCap, frozenset[int], list[Count]]],
        offset: int,
    ) -> Count:
        """``clamp_days`` of the window at ``start``, its groups' rooms read from ``rooms``."""
        width, connected = self.width, self.connected
        end = start + width - 1
        parts = {
            p.index: p.window_count(start, width, weekday0, connected)
            for p in self._by_days.overlapping(start, end)
        }
        groups = [
            (indices, most_together(room[offset : offset + width], cap, connected))
            for cap, indices, room in rooms
        ]
        return clamp(parts, groups)

    def _laid_out(
        self, weekday0: int, base: int, size: int
    ) -> tuple[list[int], list[int], list[ActionPlan]]:
        """Day sums and unbounded marks of the plans without rolling caps over the windows'
        days from ``base``, and the plans with them."""
        connected = self.connected
        sums, unbounded = [0] * size, [0] * size
        rolling: list[ActionPlan] = []
        for plan in self.plans:
            if _rolling(plan, connected):
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
        return sums, unbounded, rolling

    def window(self, total: Count, start: int, weekday0: int) -> Busiest:
        """The window of ``start`` (day 0 on ``weekday0``) with each plan's share, made once:
        the actions of one breach share their busiest window, and listing every plan's
        share again for each of them made a breach of n actions cost n² (issue 24)."""
        key = (start, weekday0)
        found = self._windows.get(key)
        if found is None:
            width, connected = self.width, self.connected
            end = start + width - 1
            parts = []
            for plan in self._by_days.overlapping(start, end):
                count = plan.window_count(start, width, weekday0, connected)
                if count != 0:
                    parts.append(Contribution(plan, count))
            found = Busiest(total, start, end, None, weekday0, tuple(parts))
            self._windows[key] = found
        return found

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
        # A member that skips no weekday has the same days, so ranges, in every alignment.
        key = (member.index, weekday0 if member.skip_weekdays else -1)
        found = self._member_ranges.get(key)
        if found is None:
            found = self._member_ranges[key] = self._ranges_of(member, weekday0)
        return found

    def _ranges_of(self, member: ActionPlan, weekday0: int) -> list[tuple[int, int]]:
        width, starts = self.width, self.starts
        days = self.days_of(member, weekday0)
        if not days:
            return []
        # The days are in order: the windows of two neighbours overlap or touch unless
        # more than ``width`` days lie between them (``merge_spans`` without the sort).
        cuts = [k for k in range(1, len(days)) if days[k] - days[k - 1] > width]
        firsts = [days[0], *(days[k] for k in cuts)]
        lasts = [*(days[k - 1] for k in cuts), days[-1]]
        return [
            (bisect_left(starts, a - width + 1), bisect_right(starts, b))
            for a, b in zip(firsts, lasts, strict=True)
        ]


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
            if parts and (best is None or exceeds(total, best.count)):
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
                candidates.add(clock_minute(s - length + 1))
            if tomorrow and s + DAY_MINUTES - length + 1 <= LAST_MINUTE:
                candidates.add(max(s + DAY_MINUTES - length + 1, 0))
    best: tuple[Count, int, tuple[Contribution, ...]] = (0, 0, ())
    for minute in sorted(candidates):
        end = minute + length - 1
        parts: list[Contribution] = []
        total: Count = 0
        for plan, (_, today, tomorrow) in zip(plans, key, strict=True):
            count = add_count(
                plan.part_count(today, minute, min(end, LAST_MINUTE), connected),
                plan.part_count(tomorrow, 0, end - DAY_MINUTES, connected),
            )
            hourly = plan.connected_per_hour if connected else plan.per_hour
            hours = math.ceil(length / 60)
            count = min_count(count, None if hourly is None else hourly * hours)
            if count != 0:
                parts.append(Contribution(plan, count))
            total = add_count(total, count)
        total = _clamp_minutes(plans, parts, total, minute, length, connected)
        if member is not None and all(p.plan is not member for p in parts):
            continue
        if parts and (not best[2] or exceeds(total, best[0])):
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
        worst = total if exceeds(total, worst) else worst
    return worst
