"""Checks: PB2xx timing (at which hours and on which days contact can land).

Hours are judged in each borrower zone on every date of the analysed year (day 0 may be
any date, so any day past due may fall on any of them), which makes DST shifts count.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import assert_never
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..analysis.timeline import SATURDAY, SUNDAY, WEEKDAY_NAMES, ActionPlan, LocalReach, Timeline
from ..diagnostics import Diagnostic
from ..model import At, Between, SkipKind, Span, Target, Timing, as_consumer
from ..rules.catalogue import PB201, PB202
from ..rules.params import ContactDay, ContactHours, DayKind, HourRange
from .base import AnyCheck, Check, CheckDoc, Context


def _people(target: Target) -> str:
    """Who ``target`` is, in the plural, for "lands at 07:00 for borrowers in …"."""
    match target:
        case Target.BORROWER:
            return "borrowers"
        case Target.GUARANTOR:
            return "guarantors"
        case Target.EMERGENCY_CONTACT:
            return "emergency contacts"
        case Target.FAMILY:
            return "family members"
        case Target.EMPLOYER:
            return "employers"
        case Target.CONTACTS:
            return "phone contacts"
        case Target.THIRD_PARTY:
            return "third parties"
        case Target.ESTATE:
            return "estates' representatives"
        case _:
            assert_never(target)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _where(zone: str | None) -> str:
    return f"in {zone}" if zone is not None else "on the playbook clock"


# --------------------------------------------------------------------------- PB201


@dataclass(frozen=True)
class _Outside:
    reach: LocalReach
    minute: int
    allowed: HourRange
    weekend: bool


def _outside(reach: LocalReach, params: ContactHours) -> _Outside | None:
    weekend = reach.weekday in (SATURDAY, SUNDAY)
    allowed = params.weekends if weekend else params.weekdays
    if reach.earliest < allowed.start:
        return _Outside(reach, reach.earliest, allowed, weekend)
    if reach.latest > allowed.end:
        return _Outside(reach, reach.latest, allowed, weekend)
    return None


def _distance(found: _Outside) -> int:
    """How far outside the permitted hours (minutes)."""
    return max(found.allowed.start - found.minute, found.minute - found.allowed.end)


def _worst_outside(timeline: Timeline, plan: ActionPlan, params: ContactHours) -> _Outside | None:
    """The worst landing outside the hours in any borrower zone: farthest outside, then on a
    weekday (the common case) rather than a weekend, then the earliest date, then the zone
    listed first. Naming the worst zone means one fix clears the finding everywhere.

    Where a plan lands depends only on its day profile and skips: the answer is kept per
    such shape and permitted hours, for every plan and every rule that asks again."""
    shape = (plan.profile.spans, plan.skip_weekdays, plan.skips_holidays)
    key = ("outside", params.weekdays, params.weekends, *shape)
    return timeline.kept(key, lambda: _farthest_outside(timeline, plan, params))


def _farthest_outside(
    timeline: Timeline, plan: ActionPlan, params: ContactHours
) -> _Outside | None:
    found = [
        (order, o)
        for order, zone in enumerate(timeline.zones)
        for r in timeline.local_reach(plan, zone)
        if (o := _outside(r, params)) is not None
    ]
    if not found:
        return None
    return min(found, key=lambda f: (-_distance(f[1]), f[1].weekend, f[1].reach.date, f[0]))[1]


def contact_hours(ctx: Context, params: ContactHours) -> Iterator[Diagnostic]:
    """One finding per action that can land outside the permitted hours somewhere."""
    timeline = ctx.timeline
    for plan in timeline.live(params.channels, as_consumer(params.targets)):
        # Letters and legal steps have no hour of the day.
        if not plan.channel.takes_timing or plan.first is None:
            continue
        if params.until_day is not None and plan.first > params.until_day:
            continue
        found = _worst_outside(timeline, plan, params)
        if found is None:
            continue
        yield _hours_finding(timeline, plan, found)


def _zone_offset(clock: str | None, zone: str | None, on: date) -> int:
    """Minutes ``zone`` is ahead of the playbook clock at noon on ``on`` (0 if unknown)."""
    if clock is None or zone is None:
        return 0
    try:
        home, there = ZoneInfo(clock), ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return 0
    noon = datetime(on.year, on.month, on.day, 12, tzinfo=home)
    ahead = noon.astimezone(there).utcoffset()
    behind = noon.utcoffset()
    if ahead is None or behind is None:
        return 0
    return int((ahead - behind).total_seconds()) // 60


def _timing_text(timing: Timing | None) -> str:
    if isinstance(timing, Between):
        return f"between {timing.start} and {timing.end}"
    if isinstance(timing, At):
        return "at " + ", ".join(str(t) for t in timing.times)
    return "with no time"


def _hours_finding(timeline: Timeline, plan: ActionPlan, found: _Outside) -> Diagnostic:
    """The breach in the playbook's own clock: what the action says, where it lands, and
    the permitted window translated back to the playbook clock for that zone."""
    action = plan.action
    reach = found.reach
    clock = timeline.playbook.timezone.text if timeline.playbook.timezone else None
    offset = _zone_offset(clock, reach.zone, reach.date)
    days = "weekends" if found.weekend else "weekdays"
    said = f"{action.channel} {_timing_text(action.timing)}"
    if clock is not None and action.timing is not None:
        said += f" {clock} time"
    where = f"{_people(action.target)} {_where(reach.zone)}"
    start = _clock((found.allowed.start - offset) % DAY)
    end = _clock((found.allowed.end - offset) % DAY) if found.allowed.end < DAY else None
    if action.timing is None:
        fix = f"add `between {start} and {end or '23:59'}`"
    else:
        fixes = []
        if reach.earliest < found.allowed.start:
            fixes.append(f"start at {start}")
        if reach.latest > found.allowed.end and end is not None:
            fixes.append(f"end by {end}")
        fix = " and ".join(fixes) or f"keep inside {start}-{end or '24:00'}"
    message = (
        f"{said} reaches {where} at {_clock(found.minute)} on {days}; "
        f"permitted {found.allowed.text}: {fix}"
    )
    example = reach.date.isoformat()
    if action.timing is None:
        help_text = (
            f"it has no time, so it can happen at any hour; add `between` inside "
            f"{found.allowed.text} (borrower time)"
        )
    else:
        help_text = (
            f"for example when the occurrence falls on {example} (playbook clock); keep "
            f"times inside {found.allowed.text} in every borrower zone"
        )
    span: Span = action.timing.span if action.timing is not None else action.span
    return Diagnostic(span, message, help_text)


DAY = 24 * 60


# --------------------------------------------------------------------------- PB202

_KIND_DAYS = {DayKind.SUNDAY: frozenset({SUNDAY}), DayKind.WEEKEND: frozenset({SATURDAY, SUNDAY})}
_SKIP_FOR = {DayKind.SUNDAY: "skip sundays", DayKind.WEEKEND: "skip weekends"}


def _forbidden_weekday(
    timeline: Timeline, plan: ActionPlan, weekdays: frozenset[int]
) -> tuple[int, LocalReach | None] | None:
    """A forbidden weekday the action can land on: on the playbook clock, or (for a timed
    contact) in a borrower zone whose date differs at that moment."""
    open_days = sorted(weekdays - plan.skip_weekdays)
    if open_days:
        return open_days[0], None
    if not plan.channel.takes_timing:
        return None
    for zone in timeline.zones:
        for reach in timeline.local_reach(plan, zone):
            if reach.weekday in weekdays:
                return reach.weekday, reach
    return None


def contact_day(ctx: Context, params: ContactDay) -> Iterator[Diagnostic]:
    """One finding per action that can land on a forbidden day."""
    timeline = ctx.timeline
    calendar = ctx.playbook.holidays.text.upper() if ctx.playbook.holidays else None
    wanted = params.country.upper() if params.country else None
    for plan in timeline.live(params.channels):
        problems: list[str] = []
        fixes: list[str] = []
        for kind in params.days:
            if kind is DayKind.PUBLIC_HOLIDAY:
                if SkipKind.HOLIDAYS not in plan.action.skip:
                    problems.append("on a public holiday")
                    fixes.append("add `skip holidays`")
                elif calendar is None:
                    problems.append("on a public holiday (`skip holidays` with no `holidays CC`)")
                    fixes.append(f"name the country with `holidays {wanted or 'CC'}`")
                elif wanted is not None and calendar != wanted:
                    problems.append(
                        f"on a public holiday in {wanted} (`skip holidays` follows the "
                        f"{calendar} calendar)"
                    )
                    fixes.append(f"use `holidays {wanted}`")
                continue
            found = _forbidden_weekday(timeline, plan, _KIND_DAYS[kind])
            if found is None:
                continue
            weekday, reach = found
            if reach is None:
                problems.append(f"on a {WEEKDAY_NAMES[weekday]}")
                fixes.append(f"add `{_SKIP_FOR[kind]}`")
            else:
                local = f"{WEEKDAY_NAMES[weekday]} {_clock(reach.earliest)}"
                problems.append(f"on a {WEEKDAY_NAMES[weekday]} in {reach.zone} ({local})")
                fixes.append("move its times away from midnight")
        if not problems:
            continue
        allowed = ", ".join(str(k) for k in params.days)
        yield Diagnostic(
            plan.action.span,
            f"{plan.describe()} can land {' and '.join(dict.fromkeys(problems))}; "
            f"no contact on {allowed}",
            "; ".join(dict.fromkeys(fixes)),
        )


# --------------------------------------------------------------------------- the checks

_HEADER = """playbook "demo"
timezone America/New_York
borrowers in America/New_York, America/Los_Angeles
holidays US
template due sms "Your payment is due. Reply STOP to opt out."
"""


def _doc(body: str) -> str:
    return _HEADER + body


CHECKS: tuple[AnyCheck, ...] = (
    Check(
        spec=PB201,
        summary="a timed contact can land outside permitted hours in some borrower zone",
        run=contact_hours,
        doc=CheckDoc(
            what=(
                "Converts every time a contact can happen into each borrower zone "
                "(`borrowers in`, else the playbook's `timezone`) on every date of the "
                "analysed year, and reports a contact that can land outside `weekdays` or "
                "`weekends` hours of the borrower's local date. DST counts: a zone whose "
                "offset to the playbook clock changes for half the year is judged on both "
                "halves. A `between` window is judged whole; an action with no time can "
                "happen at any hour. Letters are not judged. With `until_day` only actions "
                "that can run up to that day past due are judged. A rule whose `targets` name "
                "the borrower judges contact with the `estate` too (language v3). The finding "
                "points at the timing clause (or the action, when it has none)."
            ),
            why=(
                "Calls and messages at night or early in the morning are inconvenient by law "
                "in many places (before 8 a.m. or after 9 p.m. in the borrower's time under "
                "Regulation F). A playbook written in head-office time reaches borrowers in "
                "other zones hours earlier or later."
            ),
            example=_doc("stage early days 1..30 {\n  sms using due every 3 days at 08:30\n}\n"),
            use_instead=_doc(
                "stage early days 1..30 {\n  sms using due every 3 days at 11:30\n}\n"
            ),
            example_params="weekdays: 08:00-21:00\nweekends: 08:00-21:00",
        ),
    ),
    Check(
        spec=PB202,
        summary="a contact can land on a forbidden day",
        run=contact_day,
        doc=CheckDoc(
            what=(
                "Day 0 can fall on any date, so an action lands on every weekday and on "
                "public holidays unless it skips them: `skip sundays` or `skip weekends` "
                "keeps it off Sundays, only `skip weekends` off Saturdays, and `skip "
                "holidays` off public holidays only when the playbook names the country with "
                "`holidays CC` (and, when the rule sets `country`, only that country's "
                "calendar counts). A timed contact near midnight can still reach a borrower in "
                "another zone on a forbidden local day."
            ),
            why=(
                "Several rules forbid collection on Sundays or public holidays (Indonesia's "
                "POJK 22/2023, Ireland's Consumer Credit Act s46, the Australian guideline). "
                "A schedule by days past due ignores the calendar unless it says otherwise."
            ),
            example=_doc("stage early days 1..30 {\n  sms using due every 3 days at 11:30\n}\n"),
            use_instead=_doc(
                "stage early days 1..30 {\n"
                "  sms using due every 3 days at 11:30 skip sundays, holidays\n"
                "}\n"
            ),
            example_params="days: [sunday, public-holiday]",
        ),
    ),
)
