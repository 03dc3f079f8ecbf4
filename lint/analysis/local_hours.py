"""Local clocks: where an action's attempts land in each borrower zone over the dates of the
analysed year. Dates whose zone offset from the playbook clock is the same all day are
grouped; only the few dates with a DST switch inside the day are converted minute by
minute.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from .holiday_calendar import country_holidays  # only when a calendar is asked for
from .plans import DAY_MINUTES, LAST_MINUTE, ActionPlan
from .zones import load_zone


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
            part = _clip(spans, lo, lo + LAST_MINUTE)
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
