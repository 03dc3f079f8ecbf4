"""Checks PB001-PB009 (except PB006): is the playbook well formed? Always on, no ruleset.

PB001 and PB002 are reported by the parsers while they read the text; their entries
here give them a name, a severity and a page for ``explain``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from functools import cache

from ..analysis.holiday_calendar import (  # without importing the holidays package
    country_codes,
    known_country,
)
from ..analysis.zones import zone_names
from ..diagnostics import Diagnostic
from ..model import (
    EXTERNAL_EVENTS,
    IMPLIED_BY,
    KNOWN_EVENTS,
    MAX_DAYS,
    STEP_EVENTS,
    TIMED_CHANNELS,
    Action,
    At,
    Between,
    Every,
    Name,
    NoticeKind,
    OnDays,
    Playbook,
    Span,
    Stage,
    Unit,
)
from ..resources import bundled_ruleset_ids, is_bundled
from ..rules.catalogue import PB001, PB002, PB003, PB004, PB005, PB007, PB008, PB009
from ..rules.params import NoParams
from ..suggest import closest, zones_meant
from .base import Applicability, Check, CheckDoc, Context, FixDoc

_DOC_PLAYBOOK = """playbook "demo"
timezone Europe/London
template reminder sms "Your payment is late. Reply STOP to opt out."
stage early days 1..30 {{
  {action}
}}
"""


def _demo(action: str) -> str:
    return _DOC_PLAYBOOK.format(action=action)


def _parser_reported(context: Context, params: NoParams) -> Iterator[Diagnostic]:
    """PB001/PB002 come from the parsers, not from the model."""
    return iter(())


def _did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    close = closest(word, choices)
    return f"did you mean '{close}'?" if close else None


def _zones() -> frozenset[str]:
    return zone_names()


def _is_zone(name: str) -> bool:
    # The bundled tzdata's names only: localtime, posixrules or right/... depend on the host.
    return name in zone_names()


@cache
def _holiday_countries() -> frozenset[str]:
    return country_codes()


# --------------------------------------------------------------------------- PB003


def unknown_reference(context: Context, params: NoParams) -> Iterator[Diagnostic]:
    """Every name that points nowhere: templates, events, zones, rulesets, holiday countries."""
    playbook = context.playbook
    templates = [t.name.text for t in playbook.templates]
    for _, action in playbook.actions():
        if action.template and action.template.text not in templates:
            yield _unknown(action.template, "template", templates)
    for event in _event_names(playbook):
        if event.text not in KNOWN_EVENTS:
            yield _unknown_event(event)
    for zone in (playbook.timezone, *playbook.borrower_zones):
        if zone is not None and not _is_zone(zone.text):
            yield _unknown_zone(zone)
    for ruleset in playbook.jurisdictions:
        if not is_bundled(ruleset.text):
            yield _unknown_ruleset(ruleset, bundled_ruleset_ids())
    if playbook.holidays and not known_country(playbook.holidays.text.upper()):
        yield _unknown(playbook.holidays, "holiday country", sorted(_holiday_countries()))
    yield from _missing_timezone(playbook)


def _event_names(playbook: Playbook) -> Iterator[Name]:
    for _, action in playbook.actions():
        for condition in action.conditions:
            yield condition.event
    for handler in playbook.handlers:
        yield handler.event
        if handler.until is not None:
            yield handler.until


def _unknown(name: Name, kind: str, choices: Iterable[str]) -> Diagnostic:
    return Diagnostic(name.span, f"unknown {kind} '{name.text}'", _did_you_mean(name.text, choices))


def known_events_text() -> str:
    """Every event the language knows, grouped by how it happens (language.md v3 item 7):
    a list a user can pick from, whatever language they tried first."""
    groups = (
        ("at any time", sorted(EXTERNAL_EVENTS)),
        ("when a notice is sent", [kind.value for kind in NoticeKind]),
        ("when a step runs", list(STEP_EVENTS)),
        ("only after another", list(IMPLIED_BY)),
    )
    listed = "; ".join(f"{when}: {', '.join(names)}" for when, names in groups)
    return f"events are English words in both forms ({listed})"


def _unknown_event(name: Name) -> Diagnostic:
    """language.md v3 item 7: the closest known event, and the list of them all."""
    close = _did_you_mean(name.text, sorted(KNOWN_EVENTS))
    listed = known_events_text()
    help_text = f"{close} {listed[0].upper()}{listed[1:]}" if close else listed
    return Diagnostic(name.span, f"unknown event '{name.text}'", help_text)


def _unknown_zone(name: Name) -> Diagnostic:
    """An abbreviation (``CST``) names the zones people mean by it, not a look-alike."""
    meant = zones_meant(name.text)
    if not meant:
        return _unknown(name, "time zone", sorted(_zones()))
    listed = " or ".join(f"'{z}'" for z in meant)
    return Diagnostic(
        name.span,
        f"unknown time zone '{name.text}'",
        f"did you mean {listed}? An abbreviation is ambiguous and ignores daylight time; "
        "use an IANA zone name",
    )


def _unknown_ruleset(name: Name, bundled: Sequence[str]) -> Diagnostic:
    """``jurisdiction US``: the rulesets of that country, else every bundled one."""
    prefix = name.text.lower() + "-"
    country = [r for r in bundled if r.startswith(prefix)]
    close = closest(name.text, bundled)
    if country:
        hint = "did you mean " + " or ".join(f"'{r}'" for r in country) + "?"
    elif close:
        hint = f"did you mean '{close}'?"
    else:
        hint = "a jurisdiction names a bundled ruleset: " + ", ".join(bundled)
    return Diagnostic(name.span, f"unknown ruleset '{name.text}'", hint)


def _missing_timezone(playbook: Playbook) -> Iterator[Diagnostic]:
    if playbook.timezone is not None:
        return
    for _, action in playbook.actions():
        if action.timing is not None:
            yield Diagnostic(
                action.timing.span,
                "times need a clock, but the playbook declares no timezone",
                "add a header statement such as `timezone America/New_York`",
            )
            return


# --------------------------------------------------------------------------- PB004


def invalid_value(context: Context, params: NoParams) -> Iterator[Diagnostic]:
    """Values that cannot mean anything: reversed ranges, 24:61, days outside a stage, zeros."""
    playbook = context.playbook
    if playbook.horizon < 1:
        yield Diagnostic(playbook.span, f"horizon must be at least 1 day, not {playbook.horizon}")
    yield from _days_out_of_range(playbook)
    for stage in playbook.stages:
        if _reversed(stage):
            yield Diagnostic(
                stage.days_span,
                f"stage '{stage.name}' runs from day {stage.first_day} back to day "
                f"{stage.last_day}; write the smaller day first",
            )
        yield from _invalid_in_stage(playbook, stage)


def _days_out_of_range(playbook: Playbook) -> Iterator[Diagnostic]:
    days: list[tuple[int, Span]] = [(playbook.horizon, playbook.span)]
    for stage in playbook.stages:
        days.extend((d, stage.days_span) for d in (stage.first_day, stage.last_day) if d)
        for action in stage.actions:
            schedule = action.schedule
            if isinstance(schedule.recurrence, OnDays):
                days.extend((d.value, d.span) for d in schedule.recurrence.days)
            if isinstance(schedule.recurrence, Every) and schedule.recurrence.unit is Unit.DAYS:
                days.append((schedule.recurrence.count, schedule.span))
            days.extend((d.value, d.span) for d in (schedule.from_day, schedule.until_day) if d)
            days.extend((c.delay_days, c.span) for c in action.conditions)
    days.extend((h.for_days, h.span) for h in playbook.handlers if h.for_days)
    for value, span in days:
        if abs(value) > MAX_DAYS:
            yield Diagnostic(span, f"{value} days is more than a century; at most {MAX_DAYS}")


def exceeds_day_bound(playbook: Playbook) -> bool:
    """Does some day number lie beyond a century? Then only PB004 may look at the
    playbook: every other check expands days, and 999999999 of them is 15 GB (issue 9)."""
    return any(True for _ in _days_out_of_range(playbook))


def _reversed(stage: Stage) -> bool:
    return stage.last_day is not None and stage.last_day < stage.first_day


def _invalid_in_stage(playbook: Playbook, stage: Stage) -> Iterator[Diagnostic]:
    for action in stage.actions:
        yield from _invalid_schedule(playbook, stage, action)
        yield from _invalid_timing(action)
        for limit in action.limits:
            if limit.count < 1:
                yield Diagnostic(limit.span, f"`max {limit.count}` allows nothing")
        if action.agents is not None and action.agents < 1:
            yield Diagnostic(action.span, f"a visit needs at least 1 agent, not {action.agents}")
        for condition in action.conditions:
            if condition.delay_days < 0:
                yield Diagnostic(condition.span, "a delay after an event cannot be negative")


def _invalid_schedule(playbook: Playbook, stage: Stage, action: Action) -> Iterator[Diagnostic]:
    last = playbook.stage_end(stage)
    schedule = action.schedule
    recurrence = schedule.recurrence
    if isinstance(recurrence, OnDays) and not _reversed(stage):
        for day in recurrence.days:
            if not stage.first_day <= day.value <= last:
                yield Diagnostic(
                    day.span,
                    f"day {day.value} is outside stage '{stage.name}' "
                    f"(days {stage.first_day}..{last})",
                )
    if isinstance(recurrence, Every):
        every = f"`every {recurrence.count} {recurrence.unit}`"
        if recurrence.count < 1:
            yield Diagnostic(schedule.span, f"{every} never repeats")
        if recurrence.unit is not Unit.DAYS and isinstance(action.timing, At):
            yield Diagnostic(
                action.timing.span,
                f"{every} sets its own times; bound it with `between`, not `at`",
            )
    start, until = schedule.from_day, schedule.until_day
    if start is not None and until is not None and until.value < start.value:
        yield Diagnostic(
            until.span, f"`until day {until.value}` is before `from day {start.value}`"
        )


def _invalid_timing(action: Action) -> Iterator[Diagnostic]:
    timing = action.timing
    if timing is None:
        return
    if action.channel not in TIMED_CHANNELS:
        yield Diagnostic(
            timing.span, f"{action.channel} takes no time of day; remove `at`/`between`"
        )
    times = timing.times if isinstance(timing, At) else (timing.start, timing.end)
    for time in times:
        if not time.is_valid:
            yield Diagnostic(time.span, f"{time} is not a time of day; use 00:00 to 23:59")
    if not isinstance(timing, Between):
        return
    start, end = timing.start, timing.end
    if start.is_valid and end.is_valid and start.minutes >= end.minutes:
        yield Diagnostic(
            timing.span,
            f"`between {start} and {end}` is empty: the start must come before the end",
        )
    if timing.times is not None and timing.times < 1:
        yield Diagnostic(timing.span, f"`{timing.times} times` makes no attempt")


def _invalid_handlers(playbook: Playbook) -> Iterator[Diagnostic]:
    for handler in playbook.handlers:
        if handler.for_days is not None and handler.for_days < 1:
            yield Diagnostic(handler.span, f"a pause for {handler.for_days} days pauses nothing")


# --------------------------------------------------------------------------- PB005, PB007-PB009


def overlapping_stages(context: Context, params: NoParams) -> Iterator[Diagnostic]:
    """Two stages that cover the same day: legal, but usually a typo in a range."""
    playbook = context.playbook
    # A reversed range is already PB004; it covers no day, so it overlaps nothing.
    stages = sorted((s for s in playbook.stages if not _reversed(s)), key=lambda s: s.first_day)
    for earlier, later in itertools.pairwise(stages):
        end = playbook.stage_end(earlier)
        if later.first_day <= end:
            overlap_end = min(end, playbook.stage_end(later))
            yield Diagnostic(
                later.days_span,
                f"stage '{later.name}' overlaps stage '{earlier.name}' on days "
                f"{later.first_day}..{overlap_end}",
                f"start '{later.name}' on day {end + 1}, or end '{earlier.name}' "
                f"on day {later.first_day - 1}",
            )


def duplicate_definition(context: Context, params: NoParams) -> Iterator[Diagnostic]:
    """Two templates or two stages with one name (header statements: the parsers)."""
    playbook = context.playbook
    for kind, names in (
        ("template", [t.name for t in playbook.templates]),
        ("stage", [s.name for s in playbook.stages]),
    ):
        seen: dict[str, Name] = {}
        for name in names:
            first = seen.setdefault(name.text, name)
            if first is not name:
                yield Diagnostic(
                    name.span,
                    f"{kind} '{name.text}' is already defined on line {first.span.line}",
                )


def channel_mismatch(context: Context, params: NoParams) -> Iterator[Diagnostic]:
    """An action that sends a template written for another channel (an SMS read out as a call)."""
    playbook = context.playbook
    for _, action in playbook.actions():
        template = playbook.template(action.template.text) if action.template else None
        if action.template and template and template.channel is not action.channel:
            yield Diagnostic(
                action.template.span,
                f"{action.channel} uses template '{template.name}', which is written for "
                f"{template.channel}",
            )


def unused_template(context: Context, params: NoParams) -> Iterator[Diagnostic]:
    """A template no action uses: dead text, or an action that forgot its `using`."""
    playbook = context.playbook
    used = {action.template.text for _, action in playbook.actions() if action.template}
    for template in playbook.templates:
        if template.name.text not in used:
            yield Diagnostic(template.name.span, f"template '{template.name}' is never used")


def _all_invalid(context: Context, params: NoParams) -> Iterator[Diagnostic]:
    yield from invalid_value(context, params)
    yield from _invalid_handlers(context.playbook)


CHECKS = (
    Check(
        PB001,
        "the DSL or YAML does not parse",
        _parser_reported,
        CheckDoc(
            what="Reports text that is not a playbook: a misspelt keyword, a missing brace, "
            "a time written as 9.30, broken YAML.",
            why="Nothing else can be checked in a file that does not parse; "
            "a policy that does not parse is not the policy anyone approved.",
            example=_demo("call to borrower dayly at 10:00"),
            use_instead=_demo("call to borrower daily at 10:00 max 1 per day"),
        ),
    ),
    Check(
        PB002,
        "YAML keys or values of the wrong shape; unknown keys",
        _parser_reported,
        CheckDoc(
            what="Reports YAML that parses but is not a playbook: an unknown key, a list "
            "where a word belongs, a missing `playbook` name.",
            why="A misspelt key is silently ignored by most YAML consumers; here it would "
            "drop a limit or a condition from the policy.",
            example="playbook: demo\nstages:\n  early:\n    dayz: 1..30\n    actions: []\n",
            use_instead="playbook: demo\nstages:\n  early:\n    days: 1..30\n    actions: []\n",
        ),
    ),
    Check(
        PB003,
        "undefined template, event, notice kind, time zone, ruleset",
        unknown_reference,
        CheckDoc(
            what="Reports a name that points nowhere: a template that is not defined, an "
            "event the language does not know, a time zone that is not an IANA name, a "
            "ruleset id that is not bundled.",
            why="An unknown event never happens, so a condition on it silently disables "
            "the action; an unknown zone makes every hour check meaningless.",
            example=_demo("sms using reminderr daily at 10:00 max 1 per day"),
            use_instead=_demo("sms using reminder daily at 10:00 max 1 per day"),
        ),
    ),
    Check(
        PB004,
        "reversed day range, empty window, 24:61, a day outside its stage, `every 0 days`",
        _all_invalid,
        CheckDoc(
            what="Reports values that cannot mean anything: a stage from day 30 back to day "
            "1, `between 18:00 and 09:00`, 24:61, `on day 45` in a stage of days 1..30.",
            why="The dialer will either reject such a plan or do something nobody intended.",
            example=_demo("sms using reminder on day 45 at 10:00"),
            use_instead=_demo("sms using reminder on day 15 at 10:00"),
        ),
    ),
    Check(
        PB005,
        "two stages cover the same day",
        overlapping_stages,
        CheckDoc(
            what="Reports two stages whose day ranges share days.",
            why="Both stages' actions run on the shared days, which doubles contact on "
            "exactly the days the plan meant to hand over.",
            example='playbook "demo"\nstage early days 1..30 {\n  letter on day 1\n}\n'
            "stage late days 30..60 {\n  letter on day 45\n}\n",
            use_instead='playbook "demo"\nstage early days 1..30 {\n  letter on day 1\n}\n'
            "stage late days 31..60 {\n  letter on day 45\n}\n",
        ),
    ),
    Check(
        PB007,
        "two templates or stages with one name; a header statement twice",
        duplicate_definition,
        CheckDoc(
            what="Reports a template or stage defined twice, or a header statement repeated.",
            why="Only one of the two can be meant; which one an executor picks is anyone's guess.",
            example='playbook "demo"\ntemplate a letter "Balance due."\n'
            'template a letter "Final notice."\n'
            "stage s days 1..30 {\n  letter using a on day 1\n}\n",
            use_instead='playbook "demo"\ntemplate a letter "Balance due."\n'
            "stage s days 1..30 {\n  letter using a on day 1\n}\n",
        ),
    ),
    Check(
        PB008,
        "an action uses a template written for another channel",
        channel_mismatch,
        CheckDoc(
            what="Reports an action whose template was written for a different channel.",
            why="An SMS text read out on a call, or a call script mailed as a letter, lacks "
            "what that channel legally needs (disclosures, opt-out wording).",
            example=_demo("call using reminder daily at 10:00 max 1 per day"),
            use_instead=_demo("sms using reminder daily at 10:00 max 1 per day"),
        ),
    ),
    Check(
        PB009,
        "a template no action uses",
        unused_template,
        CheckDoc(
            what="Reports a template that no action sends.",
            why="Usually an action forgot its `using`, so it goes out with no reviewed text.",
            example=_demo("sms daily at 10:00 max 1 per day"),
            use_instead=_demo("sms using reminder daily at 10:00 max 1 per day"),
            fix=FixDoc(
                Applicability.UNSAFE,
                "deletes the unused template (unsafe: the text may be one an action forgot to use)",
            ),
        ),
    ),
)
