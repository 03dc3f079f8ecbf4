"""Checks: PB6xx third parties: who besides the borrower may be contacted, and how often."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..analysis.events import describe_action
from ..analysis.timeline import ActionPlan, Count
from ..diagnostics import Diagnostic, Related
from ..model import ChannelClass, Target
from ..rules.catalogue import PB601, PB602
from ..rules.params import ALL_CONTACT_CHANNELS, ForbiddenTarget, ThirdPartyRepeat
from .base import AnyCheck, Check, CheckDoc, Context
from .frequency import LISTED

# --------------------------------------------------------------------------- PB601


def forbidden_target(context: Context, params: ForbiddenTarget) -> Iterator[Diagnostic]:
    for facts in context.events.actions():
        action = facts.action
        if not facts.reachable or action.target not in params.targets:
            continue
        if action.channel not in params.channels:
            continue
        if not params.unless_after and ChannelClass.PUBLIC in action.channel.classes:
            # language.md v3 item 5: no hours, frequency or consent make a public display
            # lawful, so the message says what is wrong with it, not whom it reaches.
            yield Diagnostic(
                action.span,
                f"{action.channel} to {action.target}: a message shown to the public or a "
                "crowd is not allowed, whatever its hours or frequency",
                "take it out; write to the borrower alone",
            )
            continue
        if not params.unless_after:
            yield Diagnostic(
                action.span,
                f"{describe_action(action)}: contacting {action.target} is not allowed",
                f"contact the borrower instead of {action.target}",
            )
            continue
        if any(event in facts.leads for event in params.unless_after):
            continue
        events = " or ".join(params.unless_after)
        yield Diagnostic(
            action.span,
            f"{describe_action(action)} can happen on day {facts.earliest} without waiting for "
            f"{events}; {action.target} may be contacted only after {events}",
            f"add `after {params.unless_after[0]}` to the action",
        )


# --------------------------------------------------------------------------- PB602


@dataclass(frozen=True)
class ContactCount:
    """The worst-case number of contacts one action makes; ``total`` None: unbounded."""

    plan: ActionPlan
    total: Count
    days: tuple[int, ...] = ()  # the days it can fire on, for the message


def count_contacts(plan: ActionPlan) -> ContactCount:
    """Contacts that reach the person over every day the action can fire: the timeline's
    worst case (days x attempts, capped by every limit, connected limits included), at the
    weekday alignment that gives the most."""
    if not plan.fires or plan.first is None:
        return ContactCount(plan, 0)
    width = plan.last - plan.first + 1
    alignments = range(7) if plan.skip_weekdays else range(1)
    counts = [plan.window_count(plan.first, width, weekday0, True) for weekday0 in alignments]
    if any(c is None for c in counts):
        return ContactCount(plan, None)
    return ContactCount(plan, max(c for c in counts if c is not None))


def third_party_repeat(context: Context, params: ThirdPartyRepeat) -> Iterator[Diagnostic]:
    for target in params.targets:
        plans = context.timeline.live(ALL_CONTACT_CHANNELS, (target,))
        counts = (count_contacts(p) for p in plans)
        found = [
            replace(c, days=context.events.firing_days(c.plan.stage, c.plan.action))
            for c in counts
            if c.total != 0
        ]
        if not _exceeds(found, params.max):
            continue
        # One finding per action: alone when it exceeds the cap by itself, else naming the
        # others it adds up with; a waiver on one never hides another's.
        together = _Together(found)
        for count in found:
            if _exceeds([count], params.max):
                yield _too_many(target, _Together([count]), count, params.max)
            else:
                yield _too_many(target, together, count, params.max)


def _exceeds(counts: list[ContactCount], most: int) -> bool:
    totals = [c.total for c in counts]
    return any(t is None for t in totals) or sum(t for t in totals if t is not None) > most


class _Together:
    """The actions of one breach, described once for all their findings: the total, and
    each action's part and related place (a finding names the first few and "and N more",
    as PB101 does, so a breach of n actions costs n, not n², issue 24 item 4)."""

    def __init__(self, found: list[ContactCount]) -> None:
        self.found = found
        totals = [c.total for c in found]
        if any(t is None for t in totals):
            self.amount = "without limit"
        else:
            self.amount = _times(sum(t for t in totals if t is not None))
        self.head = found[: LISTED + 2]
        self.parts = {id(c): f"{c.plan.describe()} {_amount(c)}" for c in self.head}
        self.places = [(c, Related(c.plan.action.span, self.parts[id(c)])) for c in self.head]

    def part(self, count: ContactCount) -> str:
        found = self.parts.get(id(count))
        return found if found is not None else f"{count.plan.describe()} {_amount(count)}"


def _too_many(target: Target, together: _Together, culprit: ContactCount, most: int) -> Diagnostic:
    found = together.found
    others = len(found) - 1
    if others <= LISTED + 1:
        named = [together.part(c) for c in found]
        shown = others
    else:
        named = [together.part(c) for c in found[: LISTED + 1]]
        if all(c is not culprit for c in found[: LISTED + 1]):
            named.append(together.part(culprit))
        named.append(f"and {len(found) - len(named)} more")
        shown = LISTED
    related = tuple(r for c, r in together.places if c is not culprit)[:shown]
    return Diagnostic(
        culprit.plan.action.span,
        f"{target} can be contacted {together.amount} ({'; '.join(named)}); at most {most}",
        f"contact {target} at most {_times(most)}: use `on day D` or a `max` limit",
        related=related,
        more=others - shown,
    )


def _times(count: int) -> str:
    return f"{count} {'time' if count == 1 else 'times'}"


def _amount(count: ContactCount) -> str:
    days = count.days
    if not days:
        where = ""
    elif len(days) == 1:
        where = f" on day {days[0]}"
    else:
        where = f" on days {days[0]}-{days[-1]}"
    if count.total is None:
        return f"without limit{where}"
    return f"{_times(count.total)}{where}"


# --------------------------------------------------------------------------- docs

_HEAD = """playbook "demo"
timezone Asia/Shanghai
template reminder sms "Your payment is late. Reply STOP to opt out."
stage early days 1..30 {
  sms using reminder daily at 10:00
}
"""

CHECKS: tuple[AnyCheck, ...] = (
    Check(
        spec=PB601,
        summary="a contact to a target the ruleset forbids, or before the event that allows it",
        run=forbidden_target,
        doc=CheckDoc(
            what=(
                "Finds contacts through `channels` to a forbidden target. With `unless_after`, "
                "the target may be contacted once one of those events is certain: the action "
                "waits for it with `after`, directly or through what it waits for."
            ),
            why=(
                "Calling a borrower's family, employer or phone book about a debt shames the "
                "borrower and breaches their privacy; many rules allow it only to find a borrower "
                "who cannot be reached, or not at all."
            ),
            example=_HEAD
            + """stage late days 31..90 {
  call to emergency_contact weekly between 10:00 and 18:00 max 1 per week
}
""",
            use_instead=_HEAD
            + """stage late days 31..90 {
  call to emergency_contact weekly between 10:00 and 18:00 max 1 per week after unreachable
}
""",
            example_params="targets: [emergency_contact]\nunless_after: [unreachable]\n",
        ),
    ),
    Check(
        spec=PB602,
        summary="a third party contacted more than N times",
        run=third_party_repeat,
        doc=CheckDoc(
            what=(
                "Adds up, per target, the worst-case number of contacts with each third party "
                "(every day the action can fire, times the attempts of one occurrence, capped "
                "by its `max` limits) and finds targets contacted more than `max` times."
            ),
            why=(
                "A third party may be asked once where the borrower can be found; contacting "
                "them again and again is harassment and tells them about the debt."
            ),
            example=_HEAD
            + """stage late days 31..90 {
  call to employer weekly between 10:00 and 18:00 max 1 per week after unreachable
}
""",
            use_instead=_HEAD
            + """stage late days 31..90 {
  call to employer on day 40 between 10:00 and 18:00 1 time after unreachable
}
""",
            example_params="max: 1\n",
        ),
    ),
)
