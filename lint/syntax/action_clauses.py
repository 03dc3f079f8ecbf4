"""An action from its clauses: what the grammar's transformer and the hand-written
phrase reader (``phrase_reader``) both build, so both give the same model and the same
errors (a clause written twice, no schedule)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..diagnostics import PlaybookSyntaxError
from ..model import Action, Channel, Condition, Limit, Name, Schedule, Span, Target, Timing


@dataclass(frozen=True)
class HeaderItem:
    """One header statement: ``timezone Europe/London``."""

    keyword: str
    value: Any
    span: Span


@dataclass(frozen=True)
class Clause:
    """One clause of an action, before the action is assembled."""

    group: str  # "schedule", "timing", "from", … : what may appear once
    word: str  # as the user wrote it, for messages
    value: Any
    span: Span


@dataclass(frozen=True)
class DayRange:
    """``1..30`` or ``91..``."""

    first: int
    last: int | None
    span: Span


@dataclass(frozen=True)
class StageOpening:
    """``stage NAME days A..B {`` (here, not in ``phrase_parser``, so that the phrase
    reader can build it too)."""

    name: Name
    first_day: int
    last_day: int | None
    span: Span
    days_span: Span


_REPEATABLE = frozenset({"limits", "condition"})
_CLAUSE_NAMES = {
    "target": "'to'",
    "template": "'using'",
    "schedule": "schedule",
    "from": "'from day'",
    "until": "'until day'",
    "timing": "timing",
    "skip": "'skip'",
    "staff": "'by'",
}
_NO_SCHEDULE = (
    "this action has no schedule; add one of 'on day D', 'once', 'daily', 'weekly' "
    "or 'every N days'"
)


def assemble_action(
    channel: Channel, channel_span: Span, clauses: Sequence[Clause], span: Span
) -> Action:
    """An ``Action`` from its clauses, in any order; each once except limits and conditions."""
    seen: dict[str, Clause] = {}
    limits: list[Limit] = []
    conditions: list[Condition] = []
    for clause in clauses:
        if clause.group == "limits":
            limits.extend(clause.value)
            continue
        if clause.group == "condition":
            conditions.append(clause.value)
            continue
        if clause.group in seen:
            first = seen[clause.group]
            what = _CLAUSE_NAMES.get(clause.group, f"'{clause.word}'")
            raise PlaybookSyntaxError(
                clause.span,
                f"this action already has a {what} ('{first.word}'); "
                f"each clause may appear once, except 'max' and 'after'",
            )
        seen[clause.group] = clause
    if "schedule" not in seen:
        raise PlaybookSyntaxError(span, _NO_SCHEDULE)

    def value(group: str) -> Any:
        found = seen.get(group)
        return None if found is None else found.value

    schedule_span = seen["schedule"].span
    schedule = Schedule(value("schedule"), value("from"), value("until"), span=schedule_span)
    timing: Timing | None = value("timing")
    return Action(
        channel=channel,
        schedule=schedule,
        target=value("target") or Target.BORROWER,
        template=value("template"),
        timing=timing,
        skip=value("skip") or frozenset(),
        agents=value("staff"),
        limits=tuple(limits),
        conditions=tuple(conditions),
        span=span,
        channel_span=channel_span,
    )
