"""Which days past due an action's schedule names, before conditions, skips and hours.

This is day-level arithmetic only; ``events`` narrows it by conditions and
``timeline`` turns it into attempts at clock times.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Action, Daily, Every, Once, OnDays, Playbook, Stage, Unit, Weekly


def active_bounds(playbook: Playbook, stage: Stage, action: Action) -> tuple[int, int]:
    """The first and last day the action may run: its stage, narrowed by ``from``/``until``."""
    first, last = stage.first_day, playbook.stage_end(stage)
    schedule = action.schedule
    if schedule.from_day is not None:
        first = max(first, schedule.from_day.value)
    if schedule.until_day is not None:
        last = min(last, schedule.until_day.value)
    return first, last


def scheduled_days(playbook: Playbook, stage: Stage, action: Action) -> Sequence[int]:
    """The days the schedule names, ascending. ``on day`` entries outside the stage are dropped
    (PB004 reports them); an empty result means the action can never fire (PB006)."""
    first, last = active_bounds(playbook, stage, action)
    recurrence = action.schedule.recurrence
    if isinstance(recurrence, OnDays):
        return sorted({d.value for d in recurrence.days if first <= d.value <= last})
    if isinstance(recurrence, Once):
        return range(first, first + 1) if first <= last else range(0)
    if isinstance(recurrence, Weekly):
        return range(first, last + 1, 7)
    if isinstance(recurrence, Every) and recurrence.unit is Unit.DAYS:
        return range(first, last + 1, max(recurrence.count, 1))
    assert isinstance(recurrence, Daily | Every)  # daily, or every N hours/minutes: every day
    return range(first, last + 1)
