"""Checks: PB1xx contact intensity (how many contacts, how close together).

All three read the worst-case timeline (``timeline.py``): every attempt the schedule and
the limits allow, day 0 on whichever weekday is worst, external events whenever worst.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..analysis.timeline import DAY_MINUTES, ActionPlan, Busiest, Count
from ..diagnostics import Diagnostic, Related
from ..model import Between, Channel, Handler, HandlerVerb, Once, Target, as_consumer
from ..rules.catalogue import PB101, PB102, PB103
from ..rules.params import ContactAfterConversation, ContactFrequency, UnboundedSchedule
from ..rules.params import Count as CountKind
from .base import AnyCheck, Applicability, Check, CheckDoc, Context, FixDoc

# How many other actions of a breach a finding names before "and N more".
LISTED = 5
# The limit PB103's fix adds: the contract's own example (editor.md).
CAP = "max 1 per day"
_PERIOD_OF = {60: "hour", DAY_MINUTES: "day", 7 * DAY_MINUTES: "week", 30 * DAY_MINUTES: "month"}


def channels_phrase(channels: Iterable[Channel]) -> str:
    """``calls``, ``calls and sms``, ``contacts (call, sms, email)``."""
    wanted = set(channels)
    ordered = [c for c in Channel if c in wanted]
    if len(ordered) == 1:
        return ordered[0].plural
    if len(ordered) == 2:
        return f"{ordered[0].plural} and {ordered[1].plural}"
    return "contacts (" + ", ".join(str(c) for c in ordered) + ")"


def _clock(minutes: int) -> str:
    minutes %= DAY_MINUTES
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def days_phrase(found: Busiest) -> str:
    """``days 1-7``, ``day 31``, ``days -3 to 0``, ``day 31 from 07:01`` (shorter windows)."""
    if found.minute is not None:
        return f"day {found.first_day} from {_clock(found.minute)}"
    if found.first_day == found.last_day:
        return f"day {found.first_day}"
    if min(found.first_day, found.last_day) < 0:
        return f"days {found.first_day} to {found.last_day}"
    return f"days {found.first_day}-{found.last_day}"


def _count_text(count: Count) -> str:
    return "an unbounded number" if count is None else str(count)


# --------------------------------------------------------------------------- PB101


def contact_frequency(ctx: Context, params: ContactFrequency) -> Iterator[Diagnostic]:
    """One finding per action that is part of a breach, each with its own worst case: the
    busiest window that action contributes to. A suppression on one action therefore never
    hides another action's breach. An action that breaks the cap by itself says so; one
    that needs others names them (related places)."""
    connected = params.count is CountKind.CONNECTED
    timeline = ctx.timeline
    # The actions of one breach share their window: what a finding says of the others is
    # read from it once, not by a walk over all of them per finding (issue 24 item 4).
    breaches: dict[int, _Breach] = {}
    for target in as_consumer(params.targets):
        overall = timeline.busiest(params.channels, target, params.window.minutes, connected)
        if overall is None or not _over(overall.count, params.max):
            continue
        for plan in timeline.live(params.channels, (target,)):
            found = timeline.alone(plan, params.window.minutes, connected)
            if found is None or not _over(found.count, params.max):
                found = timeline.busiest(
                    params.channels, target, params.window.minutes, connected, member=plan
                )
            if found is None or not _over(found.count, params.max):
                continue
            breach = breaches.get(id(found))
            if breach is None or breach.found is not found:
                breach = _Breach(found, params.window.minutes, connected)
                breaches[id(found)] = breach
            yield _frequency_finding(params, target, plan, breach, connected)


def _over(count: Count, most: int) -> bool:
    return count is None or count > most


class _Breach:
    """One busiest window, read once for all the findings of the actions in it: each
    action's share, the channels and stages, how many of them are capped, and the related
    places of the first few (a finding names ``LISTED`` others and "and N more")."""

    def __init__(self, found: Busiest, window_minutes: int, connected: bool) -> None:
        self.found = found
        parts = [c for c in found.contributions if c.count != 0]
        self.share: dict[int, Count] = {}
        for c in found.contributions:
            self.share.setdefault(c.plan.index, c.count)
        self.parts = parts
        self.members = {c.plan.index for c in parts}
        self.channels = {c.plan.channel for c in found.contributions}
        self.stages = {c.plan.stage.name.text for c in parts}
        self.capped = {c.plan.index for c in parts if _has_limit(c.plan, window_minutes, connected)}
        self.places = [
            (
                c.plan,
                Related(
                    c.plan.action.span,
                    f"{c.plan.describe()} in stage {c.plan.stage.name} adds to the same window",
                ),
            )
            for c in parts[: LISTED + 2]
        ]

    def own(self, plan: ActionPlan) -> Count:
        return self.share.get(plan.index, 0)

    def others(self, plan: ActionPlan) -> int:
        """How many other actions add to the window."""
        return len(self.parts) - (plan.index in self.members)


def _frequency_finding(
    params: ContactFrequency,
    target: Target,
    plan: ActionPlan,
    breach: _Breach,
    connected: bool,
) -> Diagnostic:
    found = breach.found
    own = breach.own(plan)
    alone = _over(own, params.max)
    if alone:
        # Its own breach: the others in the window would only make it worse, and they get
        # findings of their own when they are part of a breach.
        seen = {plan.channel}
        count: Count = own
        others = 0
    else:
        seen = breach.channels
        count = found.count
        others = breach.others(plan)
    what = ("connected " if connected else "") + channels_phrase(seen)
    window = params.window.text
    if count is None:
        message = (
            f"{what} to {target} are unbounded within {window} ({days_phrase(found)}): "
            f"`between` with no `max` limit on "
            f"{'connected contacts' if connected else 'attempts'}; at most {params.max}"
        )
    else:
        together = "" if alone else _together(plan, breach, others)
        message = (
            f"{what} to {target} can reach {count} within {window} ({days_phrase(found)})"
            f"{together}; at most {params.max}"
        )
    # The first few others are named; a longer list says how many more (issue 24 item 4).
    shown = others if others <= LISTED + 1 else LISTED
    related = tuple(r for o, r in breach.places if o is not plan)[:shown] if others else ()
    help_text = _frequency_help(params, plan, own, breach, others)
    return Diagnostic(plan.action.span, message, help_text, related=related, more=others - shown)


def _together(plan: ActionPlan, breach: _Breach, others: int) -> str:
    """How the breach needs others: `` with other actions``, `` across stages a and b``."""
    stages = sorted(breach.stages - {plan.stage.name.text})
    if stages:
        return f" across stages {plan.stage.name.text} and {' and '.join(stages)}"
    return f" with {'another action' if others == 1 else 'other actions'}"


def _frequency_help(
    params: ContactFrequency,
    plan: ActionPlan,
    own: Count,
    breach: _Breach,
    others: int,
) -> str:
    connected = params.count is CountKind.CONNECTED
    period = _PERIOD_OF.get(params.window.minutes)
    limit = f"max {params.max}{' connected' if connected else ''} per {period}"
    # A playbook-wide limit (v3 item 1) over the rule's window lets this many through: the
    # fix is there, not in another `max` on the action.
    letting = [
        cap
        for cap in plan.shared
        if any(lim.per.minutes == params.window.minutes for lim in cap.limits)
    ]
    if letting and period:
        lines = ", ".join(str(cap.limit.span.line) for cap in letting)
        where = "line" if len(letting) == 1 else "lines"
        return (
            f"the playbook-wide `limit` ({where} {lines}) lets the dialer reach this; lower "
            f"it to `{limit}` or less, or thin the schedule"
        )
    unbounded = own is None
    prefix = f"{plan.describe()} adds {_count_text(own)} of them; " + (
        "write `between … 1 time` for one attempt, " if unbounded else ""
    )
    if not others:
        return prefix + (f"add `{limit}` or " if period else "") + "thin the schedule"
    if not period:
        return prefix + "thin the schedules"
    own_capped = _has_limit(plan, params.window.minutes, connected)
    others_capped = len(breach.capped - {plan.index})
    if own_capped and others_capped == others:
        # Each action already has that limit: suggesting it again is no fix; the limits
        # together must stay within the cap.
        return (
            prefix + f"each action is capped on its own, but together they exceed {params.max} "
            f"per {period}: lower the limits so they add up to at most {params.max}, or keep "
            "the actions' days apart"
        )
    if own_capped:
        return (
            prefix + f"this action is capped already: cap the others so all of them add up "
            f"to at most {params.max} per {period}, or thin the schedules"
        )
    return (
        prefix + f"add `max … per {period}` here so the actions together stay within "
        f"{params.max}, or thin the schedules"
    )


def _has_limit(plan: ActionPlan, window_minutes: int, connected: bool) -> bool:
    return any(
        limit.per.minutes == window_minutes and (limit.connected or not connected)
        for limit in plan.action.limits
    )


# --------------------------------------------------------------------------- PB102


def _covers(ctx: Context, handler: Handler, channel: Channel, days: int) -> bool:
    if channel not in handler.channels.covers():
        return False
    if handler.verb is HandlerVerb.STOP:
        return True
    if handler.until is not None:
        # `pause call until promise_broken` ends whenever that event happens, which for an
        # external event may be the same day: it holds calls back only if the event
        # cannot happen at all.
        return ctx.events.event_earliest_day(handler.until.text) is None
    return handler.for_days is not None and handler.for_days >= days


def contact_after_conversation(
    ctx: Context, params: ContactAfterConversation
) -> Iterator[Diagnostic]:
    """A conversation may happen at any moment (worst case), so every live action of the
    channels can follow one unless an ``on conversation`` handler holds it back long enough."""
    handlers = [h for h in ctx.playbook.handlers if h.event.text == "conversation"]
    exposed = [
        plan
        for plan in ctx.timeline.live(params.channels)
        if not any(
            _covers(ctx, h, plan.channel, params.days) and h.reaches(plan.action.target)
            for h in handlers
        )
    ]
    if not exposed:
        return
    # A pause that is too short is one cause, reported once at the handler (the actions it
    # leaves exposed are related places); with no handler at all each exposed action is a
    # finding of its own, so a waiver on one never hides another.
    reported: set[int] = set()
    for plan in exposed:
        if plan.index in reported:
            continue
        handler_finding = _short_pause(handlers, plan.channel, params.days, exposed)
        if handler_finding is not None:
            reported.update(p.index for p in exposed if p.channel is plan.channel)
            yield handler_finding
            continue
        yield Diagnostic(
            plan.action.span,
            f"{plan.describe()} can follow a conversation the same day: no `on conversation` "
            f"handler pauses {plan.channel}; none within {params.days} days",
            f"add `on conversation: pause {plan.channel} for {params.days} days`",
        )


def _short_pause(
    handlers: list[Handler], channel: Channel, days: int, exposed: list[ActionPlan]
) -> Diagnostic | None:
    """The finding at an ``on conversation`` pause of ``channel`` that is too short."""
    short = [
        h
        for h in handlers
        if channel in h.channels.covers() and h.verb is HandlerVerb.PAUSE and h.for_days
    ]
    open_ended = [h for h in handlers if channel in h.channels.covers() and h.until is not None]
    if not short and not open_ended:
        # Nothing to report at a handler: do not list the exposed actions (this runs once
        # per exposed action, and the list is as long as they are).
        return None
    related = tuple(
        Related(p.action.span, f"{p.describe()} can follow a conversation", cited=False)
        for p in exposed
        if p.channel is channel
    )
    fix = f"pause {channel} for at least {days} days after a conversation"
    if short:
        handler = short[0]
        return Diagnostic(
            handler.span,
            f"{channel.plural} can follow a conversation after {handler.for_days} days "
            f"(`pause {channel} for {handler.for_days} days`); none within {days} days",
            fix,
            related=related,
        )
    if open_ended:
        handler = open_ended[0]
        return Diagnostic(
            handler.span,
            f"{channel.plural} can follow a conversation the same day: the pause ends when "
            f"{handler.until} happens, which can be at once; none within {days} days",
            fix,
            related=related,
        )
    return None


# --------------------------------------------------------------------------- PB103


def unbounded_schedule(ctx: Context, params: UnboundedSchedule) -> Iterator[Diagnostic]:
    """Each unlimited action of the channels denser than the threshold."""
    threshold = params.threshold
    for plan in ctx.timeline.live(params.channels):
        if plan.limited:
            continue
        found = ctx.timeline.alone(plan, threshold.per.minutes)
        if found is None or (found.count is not None and found.count <= threshold.count):
            continue
        timing = plan.action.timing
        if found.count is None and isinstance(plan.action.schedule.recurrence, Once):
            yield _once_retries(plan, threshold.text)
            continue
        if found.count is None:
            span = timing.span if isinstance(timing, Between) else plan.action.span
            message = (
                f"{plan.describe()} is unbounded: `between` with no `max` limit lets the "
                f"dialer retry all through the window; at most {threshold.text}"
            )
        else:
            span = plan.action.span
            message = (
                f"{plan.describe()} can reach {found.count} per {threshold.per} with no "
                f"`max` limit; at most {threshold.text}"
            )
        limit = f"add a limit such as `max {threshold.count} per {threshold.per}`"
        if found.count is None:
            # A reminder sent once in a window wants `1 time`, not a dialer cap.
            limit = f"write `between … 1 time` for one attempt, or {limit[0].lower()}{limit[1:]}"
        yield Diagnostic(span, message, limit)


def _once_retries(plan: ActionPlan, most: str) -> Diagnostic:
    """language.md v3 item 6: ``once between …`` reads as one call, but ``once`` is the
    stage's first day and a bare call window retries; say so, and how to mean one call."""
    timing = plan.action.timing
    assert isinstance(timing, Between)
    window = f"between {timing.start} and {timing.end}"
    return Diagnostic(
        timing.span,
        f"`once {window}` is not one call: `once` is the stage's first day, and on that "
        f"day a call window with no `max` lets the dialer retry again and again until "
        f"{timing.end}; at most {most}",
        f"for one attempt write `{window} 1 time`, or add `max 1 per day`",
    )


# --------------------------------------------------------------------------- the checks

_HEADER = """playbook "demo"
timezone America/New_York
template first_call call "This is Acme Finance. This is an attempt to collect a debt."
"""


def _doc(body: str) -> str:
    return _HEADER + body


CHECKS: tuple[AnyCheck, ...] = (
    Check(
        spec=PB101,
        summary="the worst-case number of contacts in some window exceeds a cap",
        run=contact_frequency,
        doc=CheckDoc(
            what=(
                "Counts, for each target (each is a different person), the worst-case number "
                "of attempts of the rule's channels together in any window of `window` (`1 "
                "hour` rolls by the minute; `1 day`, `7 days`, `30 days` are consecutive days "
                "past due), and reports the busiest window when it exceeds `max`. With `count: "
                "connected` it counts contacts that reach the person: an action's `max N "
                "connected` limits them; without one every attempt may connect. The worst "
                "case of an action is the smaller of its schedule and its limits: `at` makes "
                "one attempt per time, `between … N times` N, a bare `between` on a call as many "
                "as the limits allow (on other channels one), `every N minutes` each point of "
                "its window. Day 0 can fall on any weekday, so `skip weekends` is counted at its "
                "worst alignment. A rule that counts the borrower's contacts counts the "
                "`estate`'s too (language v3: the personal representative is the consumer), "
                "each as a person of its own. The finding points at the action that adds the "
                "most to that window."
            ),
            why=(
                "Calling or writing too often is harassment in most rules: Regulation F "
                "presumes more than 7 calls within 7 days to be harassment, and other "
                "jurisdictions cap daily calls or connected contacts. A dialer does what the "
                "schedule and limits allow, so the allowed worst case is what counts."
            ),
            example=_doc(
                "stage early days 1..30 {\n"
                "  call to borrower using first_call daily between 09:00 and 20:00 "
                "max 2 per day\n"
                "}\n"
            ),
            use_instead=_doc(
                "stage early days 1..30 {\n"
                "  call to borrower using first_call daily between 09:00 and 20:00 "
                "max 2 per day, max 7 per week\n"
                "}\n"
            ),
            example_params="channels: [call]\nmax: 7\nwindow: 7 days",
        ),
    ),
    Check(
        spec=PB102,
        summary="calls may follow a conversation within N days",
        run=contact_after_conversation,
        doc=CheckDoc(
            what=(
                "A `conversation` (a call that reached the person, or the person calling in) "
                "can happen at any time, so every action of the rule's channels may follow "
                "one. The check passes only when an `on conversation` handler stops those "
                "channels, pauses them until an event, or pauses them for at least `days` "
                "days. A pause that is too short is reported once, at the handler; with no "
                "handler every exposed action is reported at its own line."
            ),
            why=(
                "Regulation F presumes a call within 7 days after a telephone conversation "
                "about the debt to be harassment; a dialer keeps calling unless the playbook "
                "tells it to stop."
            ),
            example=_doc(
                "stage early days 1..30 {\n  call to borrower using first_call daily at 10:00\n}\n"
            ),
            use_instead=_doc(
                "stage early days 1..30 {\n"
                "  call to borrower using first_call daily at 10:00\n"
                "}\n"
                "on conversation: pause call for 7 days\n"
            ),
            example_params="channels: [call]\ndays: 7",
            fix=FixDoc(
                Applicability.UNSAFE,
                "adds the `on conversation: pause …` handler the finding names",
            ),
        ),
    ),
    Check(
        spec=PB103,
        summary="a recurring contact with no max limit is denser than a threshold",
        run=unbounded_schedule,
        doc=CheckDoc(
            what=(
                "Finds actions of the rule's channels that have no `max` limit and whose "
                "schedule alone allows more than `threshold` (such as `6 per day`) in the "
                "worst case. A bare `between` with no limit is unbounded: the dialer may "
                "retry all through the window. `every 10 minutes` makes 144 attempts a day."
            ),
            why=(
                "Without a limit the dialer's own settings decide how often a borrower is "
                "called or messaged, and nothing in the playbook shows the plan is reasonable. "
                "Persistent calling is what collection guidelines forbid."
            ),
            example=_doc(
                "stage early days 1..30 {\n"
                "  call to borrower using first_call daily between 09:00 and 20:00\n"
                "}\n"
            ),
            use_instead=_doc(
                "stage early days 1..30 {\n"
                "  call to borrower using first_call daily between 09:00 and 20:00 "
                "max 3 per day\n"
                "}\n"
            ),
            example_params="channels: [call]\nthreshold: 6 per day",
            fix=FixDoc(Applicability.UNSAFE, f"adds `{CAP}` to the unbounded action"),
        ),
    ),
)
