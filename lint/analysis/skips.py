"""Skips in the worst case: day 0 may fall on any date, so ``skip weekends``, ``skip
sundays`` and ``skip holidays`` can take any scheduled day away; ``sure_day`` is the first
day an action has certainly fired by, whatever date day 0 falls on."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from itertools import islice

from ..model import Action, Playbook, SkipKind
from .holiday_calendar import country_holidays  # only when a skip needs a calendar

# ``date.weekday()`` numbers of the days each skip keeps an action off.
_SKIPPED_WEEKDAYS: Mapping[SkipKind, frozenset[int]] = {
    SkipKind.WEEKENDS: frozenset({5, 6}),
    SkipKind.SUNDAYS: frozenset({6}),
}
# Day 0 is taken to fall on any date of the analysed year and this many years either side.
_YEARS_AROUND = 3


def sure_day(
    playbook: Playbook, action: Action, days: tuple[int, ...], bound: int, year: int
) -> int | None:
    """The first of ``days`` (ascending) at or after ``bound`` by which the action has certainly
    fired once, whatever date day 0 falls on; None when its skips can take every one away.

    ``skip weekends`` / ``skip sundays`` are judged over the 7 weekdays day 0 can fall on.
    ``skip holidays`` uses the calendar of the playbook's ``holidays CC``: every date of the
    analysed ``year`` and ``_YEARS_AROUND`` years either side is tried as day 0, so runs of
    public holidays (with the weekends around them, when those are skipped too) and holidays
    a week apart that a sparse schedule can hit twice are both counted. With no ``holidays``
    country (or one the calendar does not know, which PB003 reports) ``skip holidays`` is
    taken to skip nothing, as the timeline and PB202 take it.
    """
    start = bisect_left(days, bound)
    if start == len(days):
        return None
    weekdays = frozenset(w for skip in action.skip for w in _SKIPPED_WEEKDAYS.get(skip, ()))
    country = (
        playbook.holidays.text.upper()
        if SkipKind.HOLIDAYS in action.skip and playbook.holidays is not None
        else None
    )
    if not weekdays and country is None:
        return days[start]
    by_weekday = _sure_by_weekday(days, start, weekdays)
    if by_weekday is None or country is None:
        return by_weekday
    return _sure_by_calendar(days, start, weekdays, country, year, by_weekday)


def _sure_by_weekday(days: tuple[int, ...], start: int, weekdays: frozenset[int]) -> int | None:
    """The worst case over the 7 weekdays day 0 can fall on of the first of ``days[start:]``
    not skipped."""
    waiting = set(range(7))  # the weekdays of day 0 under which nothing has survived yet
    seen: set[int] = set()
    for day in islice(days, start, None):
        if day % 7 in seen:  # the same weekday as an earlier day: no alignment gains
            continue
        seen.add(day % 7)
        waiting = {first for first in waiting if (first + day) % 7 in weekdays}
        if not waiting:
            return day
    return None


def _sure_by_calendar(
    days: tuple[int, ...],
    start: int,
    weekdays: frozenset[int],
    country: str,
    year: int,
    worst: int,
) -> int | None:
    """``_sure_by_weekday`` (``worst``), with the public holidays of ``country`` skipped too,
    over every date of the years around ``year`` as day 0.

    Only the dates of day 0 that put the first day on a skipped date can do worse, and for
    each the scan stops at the first day not skipped, which comes within a few days: the
    cost is a few thousand set lookups per action and bound.
    """
    first_day = days[start]
    low = date(year - _YEARS_AROUND, 1, 1).toordinal() + first_day
    high = date(year + _YEARS_AROUND, 12, 31).toordinal() + first_day
    first_year, last_year = _year_of(low), _year_of(high)
    if first_year is None or last_year is None:
        return worst
    near = _holidays_between(country, first_year, min(last_year + 1, date.max.year))
    if not near:  # a country the calendar does not know
        return worst

    def skipped(ordinal: int) -> bool:
        if (ordinal + 6) % 7 in weekdays:
            return True
        if low <= ordinal < high + 365:
            return ordinal in near
        far = _year_of(ordinal)  # a day far from day 0 (a sparse schedule): rare
        return far is not None and ordinal in _holidays_in(country, far)

    firsts = {h for h in near if low <= h <= high}
    if weekdays:
        firsts.update(_weekday_firsts(low, high, weekdays, near, worst - first_day))
    rest = days[start + 1 :]
    for first in firsts:
        zero = first - first_day
        # The first day not skipped: ``skipped`` written out for the dates near day 0,
        # since this runs for every date tried and every day the scan passes.
        for day in rest:
            ordinal = zero + day
            if (ordinal + 6) % 7 in weekdays:
                continue
            if low <= ordinal < high + 365:
                if ordinal in near:
                    continue
            elif skipped(ordinal):
                continue
            if day > worst:
                worst = day
            break
        else:
            return None
    return worst


def _weekday_firsts(
    low: int, high: int, weekdays: frozenset[int], near: frozenset[int], reach: int
) -> Iterable[int]:
    """The skipped weekdays in ``low..high`` that can put the first day off worse than the
    weekdays alone do (``worst``, ``reach`` days after the first day). From such a date the
    scan meets only skipped weekdays until the day ``_sure_by_weekday`` found for its
    alignment, at most ``reach`` days on, unless a holiday comes first: so only the dates
    with a holiday in the ``reach`` days after them can do worse. (Every skipped weekday
    of seven years was scanned: 2,500 dates per action and bound.)"""
    if reach > 364:  # a sparse schedule (or one past the years in `near`): every date
        return (o for o in range(low, high + 1) if (o + 6) % 7 in weekdays)
    found: set[int] = set()
    for holiday in near:
        lo, hi = max(low, holiday - reach), min(high, holiday - 1)
        found.update(o for o in range(lo, hi + 1) if (o + 6) % 7 in weekdays)
    return found


def _year_of(ordinal: int) -> int | None:
    """The year of a date ordinal; None outside the calendar (years 1-9999)."""
    if not date.min.toordinal() <= ordinal <= date.max.toordinal():
        return None
    return date.fromordinal(ordinal).year


@lru_cache(maxsize=64)
def _holidays_between(country: str, first_year: int, last_year: int) -> frozenset[int]:
    """The ordinals of the public holidays of ``country`` in the years given."""
    return frozenset().union(*(_holidays_in(country, y) for y in range(first_year, last_year + 1)))


@lru_cache(maxsize=512)
def _holidays_in(country: str, year: int) -> frozenset[int]:
    """The ordinals of the public holidays of ``country`` in ``year``; empty for a country the
    calendar does not know."""
    try:
        found = country_holidays(country, year)
    except NotImplementedError:
        return frozenset()
    return frozenset(day.toordinal() for day in found)
