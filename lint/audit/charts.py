"""The three pictures of a playbook: what is drawn is computed here from the worst-case
timeline and the rulesets, then drawn as SVG with ``svg.py``.

* intensity: worst-case contacts per day past due per channel and target, and for each
  frequency cap (PB101 rule) the count in the window ending on each day against the cap;
* hours: per borrower zone, where in the week contacts can land, over each ruleset's
  permitted hours (PB201 rules);
* ladder: the earliest day of each escalation step against the earliest lawful day the
  rulesets allow (PB301, PB302, PB304, PB403 rules), with the conditions that gate it.

The data functions are pure and typed so tests can assert numbers, not pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..analysis.events import EventAnalysis
from ..analysis.timeline import (
    DAY_MINUTES,
    ActionPlan,
    DayProfile,
    Timeline,
    analyse_timeline,
    day_count,
    local_reach,
    merge_spans,
)
from ..analysis.timeline import Count as Worst
from ..model import Channel, Playbook, Target
from ..output import svg
from ..rules.params import (
    ContactFrequency,
    ContactHours,
    Count,
    NoticeWait,
    PrematureCreditReport,
    PrematureLawsuit,
    PrematureVisit,
)
from ..rules.rule_meta import Basis
from ..rules.rulesets import Rule
from ..run.engine import applicable_rules

# A chart covers at most two years of days past due: a ten-year horizon would make bars
# thinner than a pixel, and the pattern repeats long before.
MAX_DAYS = 730
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# --------------------------------------------------------------------------- intensity


@dataclass(frozen=True)
class DailySeries:
    """Worst-case attempts per day past due of one channel to one target."""

    label: str
    first_day: int
    counts: tuple[Worst, ...]


@dataclass(frozen=True)
class CapSeries:
    """One frequency cap: the worst count in the ``window_days`` ending on each day."""

    label: str
    rule: str
    limit: int
    window_days: int
    first_day: int
    counts: tuple[Worst, ...]

    @property
    def exceeded(self) -> tuple[int, ...]:
        """The days past due where the window ending that day holds more than the cap."""
        return tuple(
            self.first_day + i for i, c in enumerate(self.counts) if c is None or c > self.limit
        )


@dataclass(frozen=True)
class Intensity:
    first_day: int
    last_day: int
    daily: tuple[DailySeries, ...]
    caps: tuple[CapSeries, ...]
    truncated: bool = False


def _label(channel: Channel, target: Target) -> str:
    return f"{channel} to {target}" if channel.is_contact else str(channel)


def _window_total(plans: Sequence[ActionPlan], end: int, width: int, connected: bool) -> Worst:
    """The most attempts the plans can make together in days ``end-width+1..end``."""
    weekdays = range(7) if any(p.skip_weekdays for p in plans) else range(1)
    worst: Worst = 0
    for weekday0 in weekdays:
        total: Worst = 0
        for plan in plans:
            count = plan.window_count(end - width + 1, width, weekday0, connected)
            total = None if total is None or count is None else total + count
        if total is None:
            return None
        worst = max(worst or 0, total)
    return worst


def intensity(timeline: Timeline, rules: Sequence[Rule]) -> Intensity:
    """The intensity chart's data; ``rules`` are every rule of the rulesets judged against."""
    first = timeline.first_day
    last = min(timeline.last_day, first + MAX_DAYS - 1)
    days = range(first, last + 1)
    grouped: dict[tuple[Channel, Target], list[ActionPlan]] = {}
    for plan in timeline.live():
        if plan.channel.is_contact:
            grouped.setdefault((plan.channel, plan.target), []).append(plan)
    daily = tuple(
        DailySeries(_label(c, t), first, tuple(day_count(plans, d) for d in days))
        for (c, t), plans in grouped.items()
    )
    caps: list[CapSeries] = []
    for rule in rules:
        params = rule.params
        if not isinstance(params, ContactFrequency) or params.window.minutes < DAY_MINUTES:
            continue
        width = params.window.minutes // DAY_MINUTES
        connected = params.count is Count.CONNECTED
        for target in params.targets:
            plans = timeline.live(params.channels, (target,))
            if not plans:
                continue
            channels = "/".join(dict.fromkeys(str(p.channel) for p in plans))
            what = "connected contacts" if connected else "attempts"
            caps.append(
                CapSeries(
                    label=f"{channels} to {target}: {what} in {params.window.text}, "
                    f"at most {params.max}",
                    rule=rule.id,
                    limit=params.max,
                    window_days=width,
                    first_day=first,
                    counts=tuple(_window_total(plans, d, width, connected) for d in days),
                )
            )
    return Intensity(first, last, daily, tuple(caps), timeline.last_day > last)


_PLOT_LEFT, _PLOT_WIDTH, _PANEL, _GAP = 46, 700, 64, 30


def _runs(counts: Sequence[Worst]) -> list[tuple[int, int, Worst]]:
    """Runs of equal counts as (first index, last index, count): one bar per run keeps a
    year of days a few kilobytes."""
    runs: list[tuple[int, int, Worst]] = []
    for i, count in enumerate(counts):
        if runs and runs[-1][2] == count and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i, count)
        else:
            runs.append((i, i, count))
    return runs


def _bars(
    counts: Sequence[Worst], first: int, top: float, y0: float, limit: int | None
) -> list[str]:
    x_of = svg.linear(0, max(len(counts), 1), _PLOT_LEFT, _PLOT_LEFT + _PLOT_WIDTH)
    y_of = svg.linear(0, top, y0 + _PANEL, y0)
    out = []
    for lo, hi, count in _runs(counts):
        if count == 0:
            continue
        days = f"day {first + lo}" if lo == hi else f"days {first + lo}-{first + hi}"
        x, width = x_of(lo), max(x_of(hi + 1) - x_of(lo) - 0.3, 0.6)
        if count is None:
            out.append(
                svg.rect(
                    x,
                    y0,
                    width,
                    _PANEL,
                    fill=svg.UNBOUNDED,
                    class_="bar unbounded",
                    tip=f"{days}: unbounded",
                )
            )
            continue
        over = limit is not None and count > limit
        out.append(
            svg.rect(
                x,
                y_of(count),
                width,
                y0 + _PANEL - y_of(count),
                fill=svg.DANGER if over else svg.BAR,
                class_="bar exceeded" if over else "bar",
                tip=f"{days}: {count}" + (f" (cap {limit})" if over else ""),
            )
        )
    return out


def _axes(first: int, days: int, top: float, y0: float, ticks: Sequence[int]) -> list[str]:
    y_of = svg.linear(0, top, y0 + _PANEL, y0)
    out = [
        svg.line(_PLOT_LEFT, y0 + _PANEL, _PLOT_LEFT + _PLOT_WIDTH, y0 + _PANEL, stroke=svg.MUTED)
    ]
    for tick in ticks:
        out.append(
            svg.line(_PLOT_LEFT, y_of(tick), _PLOT_LEFT + _PLOT_WIDTH, y_of(tick), stroke=svg.GRID)
        )
        out.append(
            svg.text(
                _PLOT_LEFT - 4,
                y_of(tick) + 4,
                str(tick),
                text_anchor="end",
                font_size=9,
                fill=svg.MUTED,
            )
        )
    x_of = svg.linear(0, max(days, 1), _PLOT_LEFT, _PLOT_LEFT + _PLOT_WIDTH)
    # Round days past due (0, 30, 60…), not whatever an eighth of the range happens to be.
    ticks = svg.nice_ticks(max(days, 1), 8)
    step = ticks[1] - ticks[0]
    for i in (day - first for day in range(-(-first // step) * step, first + days, step)):
        out.append(
            svg.text(
                x_of(i),
                y0 + _PANEL + 11,
                str(first + i),
                font_size=9,
                fill=svg.MUTED,
                text_anchor="middle",
            )
        )
    return out


def _panel(
    label: str, counts: Sequence[Worst], first: int, y0: float, limit: int | None, kind: str
) -> str:
    numbers = [c for c in counts if c is not None]
    top = max([*numbers, limit or 0, 1])
    ticks = svg.nice_ticks(top)
    top = ticks[-1]
    parts = [svg.text(_PLOT_LEFT, y0 - 6, label, font_weight="600")]
    parts += _axes(first, len(counts), top, y0, ticks)
    parts += _bars(counts, first, top, y0, limit)
    if limit is not None:
        y = svg.linear(0, top, y0 + _PANEL, y0)(limit)
        parts.append(
            svg.line(
                _PLOT_LEFT,
                y,
                _PLOT_LEFT + _PLOT_WIDTH,
                y,
                stroke=svg.INK,
                stroke_width=1.5,
                stroke_dasharray="5 3",
                class_="cap",
                tip=f"cap: {limit}",
            )
        )
        flags = [c is None or c > limit for c in counts]
        x_of = svg.linear(0, max(len(counts), 1), _PLOT_LEFT, _PLOT_LEFT + _PLOT_WIDTH)
        for lo, hi in svg.spans_of(flags):
            parts.append(
                svg.rect(
                    x_of(lo),
                    y0 + _PANEL + 13,
                    x_of(hi + 1) - x_of(lo),
                    4,
                    fill=svg.DANGER,
                    class_="exceeded-days",
                    tip=f"over the cap on days {first + lo}-{first + hi}",
                )
            )
    return svg.group(parts, class_=kind)


def draw_intensity(data: Intensity, name: str) -> str:
    """The intensity chart as a standalone SVG."""
    panels: list[tuple[str, tuple[Worst, ...], int | None, str]] = [
        (s.label, s.counts, None, "daily") for s in data.daily
    ]
    panels += [(f"{c.label} [{c.rule}]", c.counts, c.limit, "cap-panel") for c in data.caps]
    height = 40 + len(panels) * (_PANEL + _GAP + 16) if panels else 60
    parts = [
        svg.text(
            8, 16, f"Worst-case contacts per day past due: {name}", font_size=13, font_weight="700"
        )
    ]
    if not panels:
        parts.append(svg.text(8, 40, "No contact can be made.", fill=svg.MUTED))
    y = 46.0
    for label, counts, limit, kind in panels:
        parts.append(_panel(label, counts, data.first_day, y, limit, kind))
        y += _PANEL + _GAP + 16
    if data.truncated:
        parts.append(svg.text(8, height - 4, f"first {MAX_DAYS} days shown", fill=svg.MUTED))
    return svg.document(760, height, f"Intensity chart of {name}", parts, class_="chart intensity")


def intensity_svg(playbook: Playbook) -> str:
    """``timeline --svg``: the report's intensity chart, against the playbook's own rulesets."""
    rules = applicable_rules(playbook, ())
    return draw_intensity(intensity(analyse_timeline(playbook), rules), playbook.name)


# --------------------------------------------------------------------------- hours


@dataclass(frozen=True)
class Band:
    """A ruleset's permitted local hours, in minutes since midnight, per weekday."""

    rule: str
    by_weekday: tuple[tuple[int, int], ...]  # 7 entries, Monday first


@dataclass(frozen=True)
class ZoneHours:
    zone: str
    # Per weekday (Monday first): the (earliest, latest) local minutes a contact can land.
    spans: tuple[tuple[tuple[int, int], ...], ...]
    bands: tuple[Band, ...]

    def outside(self, weekday: int) -> bool:
        """Can a contact land outside some ruleset's permitted hours on this weekday?"""
        return any(
            lo < band.by_weekday[weekday][0] or hi > band.by_weekday[weekday][1]
            for band in self.bands
            for lo, hi in self.spans[weekday]
        )


def hours(timeline: Timeline, rules: Sequence[Rule]) -> tuple[ZoneHours, ...]:
    """Where contacts land in each borrower zone, against each PB201 rule's hours."""
    bands = tuple(
        Band(
            rule.id,
            tuple(
                (r.start, r.end) for r in [rule.params.weekdays] * 5 + [rule.params.weekends] * 2
            ),
        )
        for rule in rules
        if isinstance(rule.params, ContactHours)
    )
    timed = [p for p in timeline.live() if p.channel.is_contact and p.channel.takes_timing]
    pieces = [piece for plan in timed for piece in _pieces(plan)]
    playbook = timeline.playbook
    clock = playbook.timezone.text if playbook.timezone else None
    holidays = playbook.holidays.text if playbook.holidays else None
    out = []
    for zone in timeline.zones:
        per_day: list[list[tuple[int, int]]] = [[] for _ in range(7)]
        for piece in pieces:
            for reach in local_reach(piece, clock, zone, timeline.year, holidays):
                per_day[reach.weekday].append((reach.earliest, reach.latest))
        spans = tuple(merge_spans(day) for day in per_day)
        out.append(ZoneHours(zone or "playbook clock", spans, bands))
    return tuple(out)


# Past this many separate times in a day (``every 15 minutes``), one bar from the first
# to the last: each piece costs a pass over the year's dates.
_MAX_PIECES = 24


def _pieces(plan: ActionPlan) -> list[ActionPlan]:
    """The plan once per separate time or window of its day, so ``at 07:30, 19:00`` draws
    two marks rather than one bar from 07:30 to 19:00."""
    spans = plan.profile.spans
    if len(spans) > _MAX_PIECES:
        return [plan]
    return [replace(plan, profile=DayProfile(window=span, flexible=1)) for span in spans]


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def draw_hours(zones: Sequence[ZoneHours], name: str) -> str:
    """Per zone a week of rows: permitted bands (green, one strip per rule), contacts over them."""
    left, width, row = 90, 640, 18
    x_of = svg.linear(0, DAY_MINUTES, left, left + width)
    parts = [
        svg.text(
            8,
            16,
            f"Hours a contact can land, per borrower zone: {name}",
            font_size=13,
            font_weight="700",
        )
    ]
    y = 34.0
    rules = [b.rule for b in zones[0].bands] if zones else []
    if rules:
        parts.append(
            svg.text(
                8,
                y,
                "Green: permitted hours, one strip per rule, top to bottom:",
                font_size=10,
                fill=svg.MUTED,
            )
        )
        for start in range(0, len(rules), 3):
            y += 12
            parts.append(
                svg.text(20, y, ", ".join(rules[start : start + 3]), font_size=10, fill=svg.MUTED)
            )
        y += 12
    parts.append(
        svg.text(
            8,
            y,
            "Blue: the local times a contact can land (a mark at a set time, a bar over a window); "
            "red: outside a rule's hours",
            font_size=10,
            fill=svg.MUTED,
        )
    )
    y += 8
    for zone in zones:
        parts.append(svg.text(8, y + 10, zone.zone, font_weight="600"))
        y += 16
        for hour in range(0, 25, 3):
            parts.append(
                svg.text(
                    x_of(hour * 60),
                    y + 8,
                    f"{hour:02d}",
                    font_size=9,
                    fill=svg.MUTED,
                    text_anchor="middle",
                )
            )
        y += 12
        for weekday in range(7):
            parts.append(
                svg.text(left - 8, y + row - 5, WEEKDAYS[weekday], text_anchor="end", font_size=10)
            )
            parts.append(svg.rect(left, y, width, row - 2, fill="#f5f7fa"))
            strip = (row - 2) / max(len(zone.bands), 1)
            for index, band in enumerate(zone.bands):
                lo, hi = band.by_weekday[weekday]
                parts.append(
                    svg.rect(
                        x_of(lo),
                        y + index * strip,
                        x_of(hi) - x_of(lo),
                        strip,
                        fill=svg.ALLOWED,
                        class_="permitted",
                        tip=f"{band.rule}: {_clock(lo)}-{_clock(hi)}",
                    )
                )
            for lo, hi in zone.spans[weekday]:
                outside = any(
                    lo < b.by_weekday[weekday][0] or hi > b.by_weekday[weekday][1]
                    for b in zone.bands
                )
                parts.append(
                    svg.rect(
                        x_of(lo),
                        y + 4,
                        max(x_of(hi + 1) - x_of(lo), 3),
                        row - 10,
                        fill=svg.DANGER if outside else svg.BAR,
                        class_="contact outside" if outside else "contact",
                        tip=f"{WEEKDAYS[weekday]} {_clock(lo)}-{_clock(hi)}",
                    )
                )
            y += row
        y += 12
    if not zones:
        parts.append(svg.text(8, y, "No timed contact.", fill=svg.MUTED))
        y += 12
    return svg.document(760, y + 8, f"Hours chart of {name}", parts, class_="chart hours")


# --------------------------------------------------------------------------- ladder


@dataclass(frozen=True)
class Rung:
    """One escalation step: when it can first happen, and when it may lawfully."""

    step: str
    earliest: int | None  # None: never happens
    gates: tuple[str, ...]  # the playbook's conditions on it, as written
    lawful: int | None  # earliest lawful day (0: no rule restricts it)
    lawful_never: bool  # a rule requires an event that never happens
    reasons: tuple[str, ...]  # which rules set the lawful day

    @property
    def premature(self) -> bool:
        if self.earliest is None:
            return False
        return self.lawful_never or (self.lawful is not None and self.earliest < self.lawful)


_STEPS = (Channel.CREDIT_REPORT, Channel.AGENCY, Channel.LAWSUIT, Channel.VISIT)


def _event_day(events: EventAnalysis, name: str) -> int | None:
    day = events.event_earliest_day(name)
    if day is not None:
        return day
    for channel in Channel:
        if channel.value == name:
            found = [
                f.earliest
                for f in events.actions()
                if f.reachable and f.action.channel is channel and f.earliest is not None
            ]
            return min(found, default=None)
    return None


def _lawful(
    events: EventAnalysis, channel: Channel, rules: Sequence[Rule]
) -> tuple[int | None, bool, tuple[str, ...]]:
    day: int | None = None
    never = False
    reasons: list[str] = []

    def need(at: int | None, why: str) -> None:
        nonlocal day, never
        reasons.append(why)
        if at is None:
            never = True
        else:
            day = at if day is None else max(day, at)

    for rule in rules:
        if rule.basis is Basis.PRACTICE:
            continue  # common practice is not law: it sets no earliest *lawful* day
        p = rule.params
        requires: tuple[str, ...] = ()
        wait = 0
        if channel is Channel.LAWSUIT and isinstance(p, PrematureLawsuit):
            if p.min_day is not None:
                need(p.min_day, f"{rule.id}: not before day {p.min_day}")
            requires, wait = p.requires, p.wait_days
        elif channel is Channel.CREDIT_REPORT and isinstance(p, PrematureCreditReport):
            requires, wait = p.requires, p.wait_days
        elif channel is Channel.VISIT and isinstance(p, PrematureVisit):
            requires = p.requires
        elif isinstance(p, NoticeWait) and channel in p.actions:
            requires, wait = (p.kind,), p.wait_days
        for name in requires:
            at = _event_day(events, name)
            plus = f" + {wait} days" if wait else ""
            need(None if at is None else at + wait, f"{rule.id}: after {name}{plus}")
    return day, never, tuple(reasons)


def ladder(events: EventAnalysis, rules: Sequence[Rule]) -> tuple[Rung, ...]:
    """First contact, each notice, and each legal step, in the order they can happen."""
    rungs = [Rung("first contact", events.first_contact_day(), (), None, False, ())]
    kinds = dict.fromkeys(t.notice.value for t in events.playbook.templates if t.notice is not None)
    for kind in kinds:
        days = events.notice_days(kind)
        rungs.append(Rung(f"{kind} notice", days[0] if days else None, (), None, False, ()))
    for channel in _STEPS:
        facts = [f for f in events.actions() if f.action.channel is channel]
        if not facts:
            continue
        reachable = [f.earliest for f in facts if f.earliest is not None]
        gates = tuple(
            dict.fromkeys(
                f"after {c.event.text}" + (f" + {c.delay_days} days" if c.delay_days else "")
                for f in facts
                for c in f.action.conditions
            )
        )
        lawful, never, reasons = _lawful(events, channel, rules)
        earliest = min(reachable, default=None)
        rungs.append(Rung(str(channel), earliest, gates, lawful, never, reasons))
    return tuple(rungs)


def draw_ladder(rungs: Sequence[Rung], name: str) -> str:
    """One row per step: a dot at its earliest day, a green tick at the earliest lawful day."""
    left, width, row = 130, 480, 34
    days = [r.earliest for r in rungs if r.earliest is not None]
    days += [r.lawful for r in rungs if r.lawful is not None]
    top = max([*days, 1])
    ticks = svg.nice_ticks(top, 6)
    x_of = svg.linear(0, ticks[-1], left, left + width)
    parts = [
        svg.text(
            8,
            16,
            f"Escalation ladder: earliest day of each step: {name}",
            font_size=13,
            font_weight="700",
        )
    ]
    y = 40.0
    for tick in ticks:
        parts.append(svg.line(x_of(tick), y - 6, x_of(tick), y + row * len(rungs), stroke=svg.GRID))
        parts.append(
            svg.text(
                x_of(tick), y - 8, str(tick), font_size=9, fill=svg.MUTED, text_anchor="middle"
            )
        )
    for rung in rungs:
        mid = y + row / 2
        parts.append(svg.text(left - 8, mid + 4, rung.step, text_anchor="end"))
        if rung.lawful is not None and rung.lawful > 0:
            parts.append(
                svg.line(
                    x_of(rung.lawful),
                    mid - 10,
                    x_of(rung.lawful),
                    mid + 10,
                    stroke="#2e7d32",
                    stroke_width=3,
                    class_="lawful",
                    tip=f"earliest lawful day {rung.lawful}: " + "; ".join(rung.reasons),
                )
            )
        if rung.earliest is None:
            note = "never happens"
        else:
            colour = svg.DANGER if rung.premature else svg.BAR
            parts.append(
                svg.circle(
                    x_of(rung.earliest),
                    mid,
                    6,
                    fill=colour,
                    class_="step premature" if rung.premature else "step",
                    tip=f"{rung.step}: day {rung.earliest}",
                )
            )
            note = f"day {rung.earliest}"
            if rung.lawful_never:
                note += "; never lawful here"
            elif rung.lawful:
                note += f"; lawful from day {rung.lawful}"
        if rung.gates:
            note += f"; {', '.join(rung.gates)}"
        parts.append(
            svg.text(
                left + width + 10,
                mid + 4,
                note,
                font_size=10,
                fill=svg.DANGER if rung.premature else svg.INK,
            )
        )
        y += row
    return svg.document(900, y + 10, f"Escalation ladder of {name}", parts, class_="chart ladder")
