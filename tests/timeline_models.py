"""Small builders for playbook models, for the timeline and check tests that do not go
through a parser."""

from __future__ import annotations

from playbook_lint.model import (
    Action,
    At,
    Between,
    Channel,
    ClockTime,
    Condition,
    Daily,
    Handler,
    Limit,
    Name,
    Period,
    Playbook,
    Recurrence,
    Schedule,
    SkipKind,
    Stage,
    Target,
    Timing,
)


def hm(text: str) -> ClockTime:
    hour, minute = text.split(":")
    return ClockTime(int(hour), int(minute))


def at(*times: str) -> At:
    return At(tuple(hm(t) for t in times))


def between(start: str, end: str, times: int | None = None) -> Between:
    return Between(hm(start), hm(end), times)


def limit(count: int, per: str, connected: bool = False) -> Limit:
    return Limit(count, Period(per), connected)


def action(
    channel: str = "call",
    recurrence: Recurrence | None = None,
    *,
    timing: Timing | None = None,
    target: str = "borrower",
    limits: tuple[Limit, ...] = (),
    skip: tuple[str, ...] = (),
    after: tuple[tuple[str, int], ...] = (),
) -> Action:
    return Action(
        channel=Channel(channel),
        schedule=Schedule(recurrence or Daily()),
        target=Target(target),
        timing=timing,
        skip=frozenset(SkipKind(s) for s in skip),
        limits=limits,
        conditions=tuple(Condition(Name(e), d) for e, d in after),
    )


def stage(first: int, last: int | None, *actions: Action, name: str = "s") -> Stage:
    return Stage(Name(name), first, last, tuple(actions))


def playbook(
    *stages: Stage,
    timezone: str = "America/New_York",
    zones: tuple[str, ...] = (),
    horizon: int = 365,
    holidays: str | None = None,
    handlers: tuple[Handler, ...] = (),
) -> Playbook:
    named = tuple(
        Stage(Name(f"{s.name.text}{i}"), s.first_day, s.last_day, s.actions)
        for i, s in enumerate(stages)
    )
    return Playbook(
        "t",
        stages=named,
        timezone=Name(timezone),
        borrower_zones=tuple(Name(z) for z in zones),
        horizon=horizon,
        holidays=Name(holidays) if holidays else None,
        handlers=handlers,
    )
