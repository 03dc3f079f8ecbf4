"""One action's worst case: where in a day its attempts fall (``DayProfile``), on which
days past due it runs and how many attempts one day, hour, week or month holds under its
limits (``ActionPlan``). The windows (``windows.py``) and the local clocks
(``local_hours.py``) are asked about these plans; ``timeline.py`` makes them.

Plain limits cap attempts; ``connected`` limits cap the contacts that reach the person,
which without such a limit are all attempts.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

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
from .account_limits import SharedCap, covering, shared_caps
from .schedule import active_bounds, scheduled_days

DAY_MINUTES = 24 * 60
LAST_MINUTE = DAY_MINUTES - 1
SATURDAY, SUNDAY = 5, 6
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

Count = int | None
"""A worst-case count; None means unbounded (a bare ``between`` with no limit)."""


def min_count(*values: Count) -> Count:
    """The smallest bound; None (no bound) loses to any number."""
    numbers = [v for v in values if v is not None]
    return min(numbers) if numbers else None


def add_count(a: Count, b: Count) -> Count:
    return None if a is None or b is None else a + b


def exceeds(a: Count, b: Count) -> bool:
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
            flexible = min_count(self.flexible, room)
        return add_count(len(kept), flexible)


def merge_spans(pieces: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Closed intervals, sorted, with touching or overlapping ones merged."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(pieces):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return tuple(merged)


def clock_minute(minutes: int) -> int:
    return min(max(minutes, 0), LAST_MINUTE)


def day_profile(action: Action) -> DayProfile:
    """language.md's "how many attempts one occurrence makes", as a profile."""
    timing = action.timing
    recurrence = action.schedule.recurrence
    if isinstance(recurrence, Every) and recurrence.unit is not Unit.DAYS:
        step = max(recurrence.count, 1) * (60 if recurrence.unit is Unit.HOURS else 1)
        if isinstance(timing, Between):
            start, end = sorted(
                (clock_minute(timing.start.minutes), clock_minute(timing.end.minutes))
            )
        elif isinstance(timing, At) and timing.times:
            start, end = min(clock_minute(t.minutes) for t in timing.times), LAST_MINUTE
        else:
            start, end = 0, LAST_MINUTE
        return DayProfile(points=tuple(range(start, end + 1, step)))
    if timing is None:
        return DayProfile(window=(0, LAST_MINUTE), flexible=1)
    if isinstance(timing, At):
        return DayProfile(points=tuple(sorted(clock_minute(t.minutes) for t in timing.times)))
    start, end = sorted((clock_minute(timing.start.minutes), clock_minute(timing.end.minutes)))
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

    def shape(self, whole_days: bool) -> tuple[object, ...]:
        """Everything its counts in a window depend on, without who it is: two plans of
        one shape have the same worst case alone (a long plan repeats "daily at 10:00" in
        every stage). Windows of whole days count days and day caps, not minutes."""
        days = (
            self.first,
            self.last,
            self.step,
            self.anchor,
            self.on_days,
            self.skip_weekdays,
            self.per_day,
            self.connected_per_day,
            self.rolling,
            self.connected_rolling,
        )
        if whole_days:
            return days
        return (*days, self.profile, self.per_hour, self.connected_per_hour)

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

    def days_in(self, lo: int, hi: int, weekday0: int) -> list[int]:
        """The days in ``lo..hi`` it runs on when day 0 is ``weekday0``, in order: what
        ``active`` says day by day, stepped along its progression instead."""
        if self.first is None:
            return []
        lo, hi = max(lo, self.first), min(hi, self.last)
        if lo > hi:
            return []
        days: Iterable[int]
        if self.on_days is not None:
            days = sorted(d for d in self.on_days if lo <= d <= hi)
        else:
            days = range(lo + (self.anchor - lo) % self.step, hi + 1, self.step)
        skip = self.skip_weekdays
        return [d for d in days if (weekday0 + d) % 7 not in skip] if skip else list(days)

    def window_count(self, start: int, width: int, weekday0: int, connected: bool) -> Count:
        """The most attempts (or connected contacts) in days ``start..start+width-1``."""
        if self.first is None or start > self.last or start + width <= self.first:
            return 0
        cap = self.cap(connected)
        days = self.days_in(start, start + width - 1, weekday0)
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
        return min_count(self.profile.raw(lo, hi), self.cap(connected))


def _limits(limits: Iterable[Limit]) -> dict[tuple[Period, bool], int]:
    """The smallest count per period and connectedness (absent: no such limit), in one
    pass: each action asks for eight of them."""
    least: dict[tuple[Period, bool], int] = {}
    for lim in limits:
        key = (lim.per, lim.connected)
        old = least.get(key)
        if old is None or lim.count < old:
            least[key] = lim.count
    return least


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
    shared: tuple[SharedCap, ...] = ()
    if playbook.limits:
        shared = covering(shared_caps(playbook), action.channel, action.target)
    least = _limits(action.limits + tuple(lim for cap in shared for lim in cap.limits))
    hour, hour_c = least.get((Period.HOUR, False)), least.get((Period.HOUR, True))
    week, week_c = least.get((Period.WEEK, False)), least.get((Period.WEEK, True))
    month, month_c = least.get((Period.MONTH, False)), least.get((Period.MONTH, True))
    per_day = min_count(
        profile.attempts,
        least.get((Period.DAY, False)),
        week,
        month,
        None if hour is None else profile.per_hour_cap(hour),
    )
    connected_per_day = min_count(
        per_day,
        least.get((Period.DAY, True)),
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
        per_hour=min_count(hour, week, month),
        connected_per_hour=min_count(hour, hour_c, week, month, week_c, month_c),
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
