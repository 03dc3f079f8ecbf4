"""The worst-case calendar in the terminal: days past due across, channel and target down.

Each cell is the most attempts one day can hold (over every weekday day 0 can fall on);
when the horizon is wider than the terminal, a column covers several days and shows the
busiest of them. Under each row whose actions have ``max`` limits, a marker line shows
the busiest window of each limited period (day, week, month) and its count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..analysis.timeline import (
    DAY_MINUTES,
    ActionPlan,
    Busiest,
    Count,
    Timeline,
    analyse_timeline,
    day_count,
)
from ..model import Channel, Period, Playbook, Target
from ..run.check import RunError
from ..run.engine import BLOCKING_CODES, lint_text
from ..run.guard import Limits, bounded
from .escape import safe

_CELL = 4
_RESET = "\x1b[0m"
_DIM = "\x1b[2m"
_BOLD = "\x1b[1m"
_RED = "\x1b[31m"
_YELLOW = "\x1b[33m"
_WINDOW_WORDS = {
    Period.HOUR: "hour",
    Period.DAY: "day",
    Period.WEEK: "7 days",
    Period.MONTH: "30 days",
}


@dataclass(frozen=True)
class _Row:
    channel: Channel
    target: Target
    plans: tuple[ActionPlan, ...]

    @property
    def label(self) -> str:
        if self.channel.is_contact:
            return f"{self.channel} to {self.target}"
        return str(self.channel)


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color and text.strip() else text


def _cell(count: Count, color: bool) -> str:
    if count is None:
        return _paint("∞".rjust(_CELL), _RED + _BOLD, color)
    if count == 0:
        return _paint("·".rjust(_CELL), _DIM, color)
    text = str(count) if count < 1000 else f"{count // 1000}k"
    return text.rjust(_CELL)


def _rows(timeline: Timeline) -> list[_Row]:
    grouped: dict[tuple[Channel, Target], list[ActionPlan]] = {}
    for plan in timeline.live():
        grouped.setdefault((plan.channel, plan.target), []).append(plan)
    return [_Row(c, t, tuple(plans)) for (c, t), plans in grouped.items()]


def _periods(row: _Row) -> list[Period]:
    """The limited periods of a row's actions, shortest first (hours show as a day)."""
    found = {
        Period.DAY if lim.per is Period.HOUR else lim.per
        for plan in row.plans
        for lim in plan.action.limits
    }
    return [p for p in Period if p in found]


def _marker(
    found: Busiest, period: Period, first: int, bucket: int, columns: int, color: bool
) -> str:
    lo = (found.first_day - first) // bucket
    hi = (found.last_day - first) // bucket
    lo, hi = max(lo, 0), min(hi, columns - 1)
    line = " " * (lo * _CELL + 1) + "^" * ((hi - lo + 1) * _CELL - 1)
    days = (
        f"day {found.first_day}"
        if found.first_day == found.last_day
        else f"days {found.first_day}-{found.last_day}"
    )
    count = "unbounded" if found.count is None else str(found.count)
    note = f" busiest {_WINDOW_WORDS[period]}: {count} ({days})"
    return _paint(line, _YELLOW, color) + note


def drawable(path: str, text: str, limits: Limits) -> Playbook:
    """The playbook ``timeline`` draws, linted under the per-file bound (``PastBound``);
    one with errors cannot be drawn (``RunError`` naming the first)."""
    # (a ruleset that cannot be loaded is PB000 inside the bound, like any other failure)
    result = bounded(path, limits, lambda: lint_text(text, path))
    blocking = [f for f in result.findings if f.code in BLOCKING_CODES]
    if result.playbook is None or blocking:
        where = path
        if blocking:
            where += f":{blocking[0].line}:{blocking[0].column}: {blocking[0].message}"
        raise RunError(f"cannot draw the timeline of a playbook with errors: {where}")
    return result.playbook


def render_timeline(playbook: Playbook, *, color: bool, width: int = 100) -> str:
    """The worst-case calendar of ``playbook`` as text at most ``width`` columns wide."""
    timeline = analyse_timeline(playbook)
    rows = _rows(timeline)
    title = f"Worst-case contacts per day past due: {safe(playbook.name)}"
    if not rows:
        return f"{title}\n(no action can fire)\n"
    first, last = timeline.first_day, timeline.last_day
    label_width = max(len(r.label) for r in rows) + 2
    columns_room = max((width - label_width) // _CELL, 1)
    days = last - first + 1
    bucket = max(math.ceil(days / columns_room), 1)
    columns = math.ceil(days / bucket)
    starts = [first + i * bucket for i in range(columns)]

    lines = [_paint(title, _BOLD, color)]
    scale = "one day per column" if bucket == 1 else f"{bucket} days per column, busiest day shown"
    lines.append(f"{scale}; ∞ = unbounded; · = none")
    header = "day".ljust(label_width)
    for i, start in enumerate(starts):
        # Label every other column so three-digit days keep a gap between them.
        header += str(start).rjust(_CELL) if i % 2 == 0 else " " * _CELL
    lines.append(header.rstrip())
    for row in rows:
        cells = "".join(
            _cell(_bucket_count(row.plans, start, min(start + bucket - 1, last)), color)
            for start in starts
        )
        lines.append(row.label.ljust(label_width) + cells)
        for period in _periods(row):
            found = timeline.busiest([row.channel], row.target, _minutes(period))
            if found is not None:
                marker = _marker(found, period, first, bucket, columns, color)
                lines.append(" " * label_width + marker)
    return "\n".join(lines) + "\n"


def _minutes(period: Period) -> int:
    return max(period.minutes, DAY_MINUTES)


def _bucket_count(plans: tuple[ActionPlan, ...], lo: int, hi: int) -> Count:
    worst: Count = 0
    for day in range(lo, hi + 1):
        count = day_count(plans, day)
        if count is None:
            return None
        worst = max(worst or 0, count)
    return worst
