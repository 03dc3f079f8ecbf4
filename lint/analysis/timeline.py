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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar, cast

from ..model import Channel, Playbook, Target
from .events import EventAnalysis, analyse_events
from .local_hours import LocalReach, local_reach
from .plans import (
    DAY_MINUTES,
    SATURDAY,
    SUNDAY,
    WEEKDAY_NAMES,
    ActionPlan,
    Count,
    DayProfile,
    merge_spans,
    plan_action,
)
from .windows import Busiest, Contribution, busiest, busiest_alone, day_count

# The analysis's vocabulary, in one place for the checks and the views (the parts live in
# plans.py, windows.py and local_hours.py).
__all__ = [
    "DAY_MINUTES",
    "SATURDAY",
    "SUNDAY",
    "WEEKDAY_NAMES",
    "ActionPlan",
    "Busiest",
    "Contribution",
    "Count",
    "DayProfile",
    "LocalReach",
    "Timeline",
    "analyse_timeline",
    "busiest",
    "day_count",
    "local_reach",
    "merge_spans",
]

T = TypeVar("T")


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
            self._cache[key] = busiest_alone(plan, window_minutes, connected, self._cache)
        result = self._cache[key]
        assert result is None or isinstance(result, Busiest)
        return result

    def kept(self, key: tuple[object, ...], make: Callable[[], T]) -> T:
        """``make()``, once per ``key`` for this timeline: a check's answer about a shape
        of plan (``ActionPlan.shape``, its day profile) is the same for every plan of that
        shape and for every rule with the same parameters, so it is worked out once."""
        full = ("kept", *key)
        if full not in self._cache:
            self._cache[full] = make()
        return cast(T, self._cache[full])

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
