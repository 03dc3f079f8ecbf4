"""Small builders for playbooks made in Python (tests of events and the checks built on them)."""

from __future__ import annotations

from collections.abc import Iterable

from playbook_lint.checks.base import Context
from playbook_lint.diagnostics import Diagnostic
from playbook_lint.model import (
    Action,
    At,
    Between,
    Channel,
    ChannelSet,
    ClockTime,
    Condition,
    Daily,
    Day,
    Handler,
    HandlerVerb,
    Limit,
    Name,
    NoticeKind,
    OnDays,
    Period,
    Playbook,
    Schedule,
    Stage,
    Target,
    Template,
    Text,
    Weekly,
)

__all__ = [
    "At",
    "Between",
    "Channel",
    "ChannelSet",
    "ClockTime",
    "Daily",
    "Day",
    "Handler",
    "HandlerVerb",
    "Limit",
    "Name",
    "NoticeKind",
    "Period",
    "Schedule",
    "Target",
    "Weekly",
]


def on(*days: int) -> Schedule:
    return Schedule(OnDays(tuple(Day(d) for d in days)))


def after(event: str, delay: int = 0) -> Condition:
    return Condition(Name(event), delay)


def act(
    channel: Channel,
    schedule: Schedule,
    *conditions: Condition,
    using: str | None = None,
    to: Target = Target.BORROWER,
    agents: int | None = None,
    timing: At | Between | None = None,
    limits: tuple[Limit, ...] = (),
) -> Action:
    return Action(
        channel,
        schedule,
        target=to,
        template=Name(using) if using else None,
        conditions=tuple(conditions),
        agents=agents,
        timing=timing,
        limits=limits,
    )


def stage(name: str, first: int, last: int | None, *actions: Action) -> Stage:
    return Stage(Name(name), first, last, tuple(actions))


def notice(name: str, kind: NoticeKind, channel: Channel = Channel.LETTER) -> Template:
    return Template(Name(name), channel, Text("Notice."), kind)


def book(
    *stages: Stage, templates: tuple[Template, ...] = (), handlers: tuple[Handler, ...] = ()
) -> Playbook:
    return Playbook("t", templates=templates, stages=stages, handlers=handlers)


DEFAULT = notice("default_letter", NoticeKind.DEFAULT)
VALIDATION = notice("validation_letter", NoticeKind.VALIDATION)


def handler(
    event: str,
    verb: HandlerVerb,
    *channels: Channel,
    until: str | None = None,
    except_: tuple[Channel, ...] = (),
    for_days: int | None = None,
) -> Handler:
    chosen = ChannelSet(frozenset(channels) if channels else None, frozenset(except_))
    return Handler(
        Name(event), verb, chosen, until=Name(until) if until else None, for_days=for_days
    )


def run(check: object, playbook: Playbook, params: object) -> list[Diagnostic]:
    """Run one check's function on a playbook."""
    from playbook_lint.checks.base import Check

    assert isinstance(check, Check)
    found: Iterable[Diagnostic] = check.run(Context(playbook), params)
    return list(found)


def messages(check: object, playbook: Playbook, params: object) -> list[str]:
    return [d.message for d in run(check, playbook, params)]


def daily() -> Schedule:
    return Schedule(Daily())


def weekly() -> Schedule:
    return Schedule(Weekly())


def clock(text: str) -> ClockTime:
    hour, minute = text.split(":")
    return ClockTime(int(hour), int(minute))
