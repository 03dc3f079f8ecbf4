"""Playbook-wide limits (language.md v3 item 1): caps a dialer enforces across the account.

``limit call to borrower max 7 per 7 days`` covers every action of those channels to
those targets, whatever its stage. The worst case clamps every window to every limit that
covers it, two ways:

* each covered action carries the limit as if it were its own ``max`` (``timeline.py``
  folds it in), so an action alone is never counted above the account's cap;
* a window of several covered actions holds at most what the limit lets them hold
  *together*: the earliest-first count of their combined days under the limit's caps
  (``most_together``), and the window's total is the uncovered actions' part plus the
  smaller of the covered part and that count (``clamp``).

Both are upper bounds on what the dialer can do, so the clamp never hides a breach. It is
exact when the covered actions have no rolling (week, month) caps tighter than the
limit's own: then how one day's attempts are split among them does not matter, and the
earliest-first count of one combined series is the most it can hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..model import Channel, Limit, Period, Playbook, PlaybookLimit, Target

Count = int | None
"""A worst-case count; None means unbounded."""

_ROLLING_DAYS = {Period.WEEK: 7, Period.MONTH: 30}


def _smallest(values: Iterable[int]) -> Count:
    found = list(values)
    return min(found) if found else None


@dataclass(frozen=True)
class SharedCap:
    """One ``limit`` statement, read for counting: ``index`` is its place in the playbook."""

    index: int
    limit: PlaybookLimit

    @property
    def limits(self) -> tuple[Limit, ...]:
        return self.limit.limits

    def covers(self, channel: Channel, target: Target) -> bool:
        return self.limit.covers(channel, target)

    def _caps(self, period: Period, connected: bool) -> Count:
        # A plain cap bounds connected contacts too: a contact is an attempt that connected.
        return _smallest(
            lim.count
            for lim in self.limits
            if lim.per is period and (connected or not lim.connected)
        )

    def day_cap(self, connected: bool) -> Count:
        return self._caps(Period.DAY, connected)

    def hour_cap(self, connected: bool) -> Count:
        return self._caps(Period.HOUR, connected)

    def rolling(self, connected: bool) -> tuple[tuple[int, int], ...]:
        """(days, most) of the rolling week and month caps."""
        return tuple(
            (days, most)
            for period, days in _ROLLING_DAYS.items()
            if (most := self._caps(period, connected)) is not None
        )

    def describe(self) -> str:
        """The statement as written in the DSL: ``limit call to borrower max 7 per week``."""
        return describe_limit(self.limit)


def shared_caps(playbook: Playbook) -> tuple[SharedCap, ...]:
    return tuple(SharedCap(i, lim) for i, lim in enumerate(playbook.limits))


def covering(caps: Sequence[SharedCap], channel: Channel, target: Target) -> tuple[SharedCap, ...]:
    """The playbook-wide limits that count contacts of ``channel`` to ``target``."""
    return tuple(c for c in caps if c.covers(channel, target))


def most_together(day_room: Sequence[Count], cap: SharedCap, connected: bool) -> Count:
    """The most ``cap`` lets covered actions hold over consecutive days whose combined room
    (what their schedules and own day caps allow) is ``day_room`` (None: unbounded).

    Earliest first is optimal under sliding-window caps on one series: an early attempt
    leaves every later window no later than a late one would."""
    day = cap.day_cap(connected)
    rolling = cap.rolling(connected)
    if day is None and not rolling:
        return None if any(r is None for r in day_room) else sum(r or 0 for r in day_room)
    prefix = [0]
    for i, room in enumerate(day_room):
        bounds = [b for b in (room, day) if b is not None]
        for length, most in rolling:
            bounds.append(most - (prefix[i] - prefix[max(0, i - length + 1)]))
        prefix.append(prefix[i] + max(min(bounds), 0))
    return prefix[-1]


def most_within_minutes(cap: SharedCap, length: int, days: int, connected: bool) -> Count:
    """The most ``cap`` lets covered actions hold in ``length`` minutes touching ``days``
    calendar days (a window shorter than a day)."""
    bounds: list[int] = []
    hour = cap.hour_cap(connected)
    if hour is not None:
        bounds.append(hour * -(-length // 60))
    day = cap.day_cap(connected)
    if day is not None:
        bounds.append(day * days)
    bounds.extend(most for _, most in cap.rolling(connected))
    return min(bounds) if bounds else None


def _excess(part: Count, most: Count) -> float:
    """How much a group's own count exceeds what its limit lets it hold."""
    if most is None:
        return 0.0
    if part is None:
        return float("inf")
    return float(max(part - most, 0))


def clamp(parts: Mapping[int, Count], groups: Sequence[tuple[frozenset[int], Count]]) -> Count:
    """The total of ``parts`` (each action's own worst case in a window, by plan index) with
    each group of ``groups`` (the actions a limit covers, and what the limit lets them hold
    together) held to its limit.

    Groups that share an action cannot both be applied to it without counting its
    attempts away twice, so the groups that cut the most are applied first and a group
    overlapping one already applied is left out: the result stays an upper bound."""

    def own(members: Iterable[int]) -> Count:
        total: Count = 0
        for i in members:
            value = parts.get(i, 0)
            total = None if total is None or value is None else total + value
        return total

    ranked = sorted(groups, key=lambda g: _excess(own(g[0] & parts.keys()), g[1]), reverse=True)
    applied: list[tuple[frozenset[int], Count]] = []
    taken: set[int] = set()
    for members, most in ranked:
        inside = members & parts.keys()
        if inside and not inside & taken and _excess(own(inside), most) > 0:
            applied.append((inside, most))
            taken |= inside
    total = own(i for i in parts if i not in taken)
    for inside, most in applied:
        held = own(inside)
        value = most if held is None else (held if most is None else min(held, most))
        total = None if total is None or value is None else total + value
    return total


def describe_limit(limit: PlaybookLimit) -> str:
    """``limit call to borrower max 7 per week`` (the canonical DSL of one statement)."""
    channels = limit.channels
    if channels.channels is None:
        words = "all"
    else:
        words = ", ".join(str(c) for c in Channel if c in channels.channels)
    if channels.excepted:
        words += " except " + ", ".join(str(c) for c in Channel if c in channels.excepted)
    to = ""
    if limit.targets is not None:
        to = " to " + ", ".join(str(t) for t in Target if t in limit.targets)
    caps = ", ".join(
        f"max {lim.count}{' connected' if lim.connected else ''} per {lim.per}"
        for lim in limit.limits
    )
    return f"limit {words}{to} {caps}"
