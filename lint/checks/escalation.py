"""Checks: PB3xx escalation: legal steps and field visits only after the gentler steps.

Every check here judges an action by what is *certain* to have happened before it fires
(``events.EventAnalysis.lead``): an `after` condition, an event that implies another, or a
step that is sure to have run on an earlier day. Actions that can never fire are PB006's.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.events import ActionFacts, Lead, Sent, describe_action, describe_mark, mark_of
from ..analysis.holds import HeldAnalysis, describe_handler
from ..diagnostics import Diagnostic
from ..model import NOTICE_KINDS, Channel, ChannelClass
from ..rules.catalogue import PB301, PB302, PB303, PB304, PB305
from ..rules.params import (
    EscalationOrder,
    PrematureCreditReport,
    PrematureLawsuit,
    PrematureVisit,
    VisitStaffing,
)
from .base import AnyCheck, Check, CheckDoc, Context


def _reachable(context: Context, channels: tuple[Channel, ...]) -> Iterator[ActionFacts]:
    for facts in context.events.actions():
        if facts.reachable and facts.action.channel in channels:
            yield facts


def _first_day(facts: ActionFacts) -> int:
    assert facts.earliest is not None
    return facts.earliest


def _after_clause(name: str, wait_days: int) -> str:
    return f"`after {name} + {wait_days} days`" if wait_days else f"`after {name}`"


def waits_for(
    facts: ActionFacts,
    requires: tuple[str, ...],
    wait_days: int,
    held: HeldAnalysis | None = None,
    *,
    notice_first: bool = False,
) -> Iterator[Diagnostic]:
    """One finding per required event (or channel) not certain ``wait_days`` before the action.

    With ``held``, what is certain is judged with handlers that may hold the notices back
    (language.md v2 item 4), and a finding names the handler that makes the difference.
    ``notice_first`` (PB403): with ``wait_days`` 0 a notice on the same day is not enough."""
    what, day = describe_action(facts.action), _first_day(facts)
    for name in requires:
        mark = mark_of(name)
        lead = facts.leads.get(mark)
        because = ""
        if held is not None:
            held_lead = held.lead(facts.stage, facts.action, mark)
            if lead is not None and (held_lead is None or held_lead.days < lead.days):
                handlers = held.holding(mark)
                if handlers:
                    because = f"; `{describe_handler(handlers[0])}` can hold back what sends it"
            lead = held_lead
        if lead is None:
            wait = f" + {wait_days} days" if wait_days else ""
            yield Diagnostic(
                facts.action.span,
                f"{what} can happen on day {day}; nothing guarantees {describe_mark(mark)} "
                f"before it (requires: {name}{wait}){because}",
                f"add {_after_clause(name, wait_days)} to the {facts.action.channel}",
            )
        elif notice_first and _same_day(facts, name, lead):
            yield Diagnostic(
                facts.action.span,
                f"{what} can happen on day {day}, the same day as {describe_mark(mark)} "
                f"({lead.reason}){because}, and may come before it",
                f"add `after {name}` to the {facts.action.channel}",
            )
        elif lead.days < wait_days:
            yield Diagnostic(
                facts.action.span,
                f"{what} can happen on day {day}, only {lead.days} days after "
                f"{describe_mark(mark)} ({lead.reason}){because}; at least {wait_days}",
                f"wait longer: {_after_clause(name, wait_days)}",
            )


def _same_day(facts: ActionFacts, name: str, lead: Lead) -> bool:
    """checks.md v2 precisions: with ``wait_days 0`` an action on the same day as a notice
    counts as before it unless it waits ``after KIND``."""
    if name not in NOTICE_KINDS or lead.days > 0:  # wait_days > 0 is judged by days
        return False
    return not any(c.event.text == name for c in facts.action.conditions)


# --------------------------------------------------------------------------- PB301


def premature_visit(context: Context, params: PrematureVisit) -> Iterator[Diagnostic]:
    # Every face-to-face channel is a field visit here (style.md 20).
    for facts in _reachable(context, ChannelClass.IN_PERSON.channels):
        yield from waits_for(facts, params.requires, 0)


# --------------------------------------------------------------------------- PB302


def premature_lawsuit(context: Context, params: PrematureLawsuit) -> Iterator[Diagnostic]:
    for facts in _reachable(context, (Channel.LAWSUIT,)):
        day = _first_day(facts)
        if params.min_day is not None and day < params.min_day:
            yield Diagnostic(
                facts.action.span,
                f"lawsuit can be filed on day {day}; not before day {params.min_day}",
                f"file it on day {params.min_day} or later",
            )
        yield from waits_for(facts, params.requires, params.wait_days)


# --------------------------------------------------------------------------- PB303

# A contact on the same day as the step does not count: a letter posted that day has not
# arrived, and the order of two steps on one day is unknown. The contact must be certain on
# an earlier day (an `after` on a notice sent by that contact, plus at least one day, or a
# contact that is sure to run on an earlier day).
_MIN_LEAD_DAYS = 1


def escalation_order(context: Context, params: EscalationOrder) -> Iterator[Diagnostic]:
    first = [Sent(channel) for channel in params.first if channel.is_contact]
    names = _or_list([str(channel) for channel in params.first])
    for facts in _reachable(context, params.before):
        leads = [facts.leads[m].days for m in first if m in facts.leads]
        if any(days >= _MIN_LEAD_DAYS for days in leads):
            continue
        same_day = " (only on the same day)" if leads else ""
        yield Diagnostic(
            facts.action.span,
            f"{describe_action(facts.action)} can happen on day {_first_day(facts)} with no "
            f"{names} to the borrower certain on an earlier day{same_day}",
            f"try {names} on an earlier day first, and make the {facts.action.channel} wait for it",
        )


def _or_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


# --------------------------------------------------------------------------- PB304


def premature_credit_report(
    context: Context, params: PrematureCreditReport
) -> Iterator[Diagnostic]:
    held = context.held(frozenset(r for r in params.requires if r in NOTICE_KINDS))
    for facts in _reachable(context, (Channel.CREDIT_REPORT,)):
        yield from waits_for(facts, params.requires, params.wait_days, held)


# --------------------------------------------------------------------------- PB305


def visit_staffing(context: Context, params: VisitStaffing) -> Iterator[Diagnostic]:
    for _, action in context.playbook.actions():
        if ChannelClass.IN_PERSON not in action.channel.classes:
            continue
        agents = action.agents if action.agents is not None else 1
        if agents < params.min_agents:
            agent = "agent" if agents == 1 else "agents"
            implicit = " (no `by` clause)" if action.agents is None else ""
            yield Diagnostic(
                action.span,
                f"{describe_action(action)} is made by {agents} {agent}{implicit}; "
                f"at least {params.min_agents}",
                f"add `by {params.min_agents} agents`",
            )


# --------------------------------------------------------------------------- docs

_HEAD = """playbook "demo"
timezone Europe/London
template reminder sms "Your payment is late. Reply STOP to opt out."
"""
_DEFAULT_LETTER = 'template default_letter letter notice default "Default notice: pay {amount}."\n'
_VALIDATION_LETTER = (
    'template validation_letter letter notice validation "Validation notice: you owe {amount}."\n'
)

CHECKS: tuple[AnyCheck, ...] = (
    Check(
        spec=PB301,
        summary="a field visit not conditioned on a legal event",
        run=premature_visit,
        doc=CheckDoc(
            what=(
                "Finds `visit` actions that can happen before the required events (by default "
                "`summons_served`) are certain: the visit must wait for them with `after`, "
                "directly or through an event that implies them (`after judgment_entered` "
                "implies `summons_served`)."
            ),
            why=(
                "A field visit is the most intrusive step of the escalation ladder; good practice "
                "keeps it for accounts where a court has already served a summons."
            ),
            example=_HEAD
            + """stage early days 1..30 {
  sms using reminder daily at 10:00
}
stage field days 31..90 {
  visit to borrower weekly between 10:00 and 17:00 by 2 agents
}
""",
            use_instead=_HEAD
            + """stage early days 1..30 {
  sms using reminder daily at 10:00
}
stage legal days 91.. {
  lawsuit on day 95
  visit to borrower weekly between 10:00 and 17:00 by 2 agents after summons_served
}
""",
        ),
    ),
    Check(
        spec=PB302,
        summary="a lawsuit earlier than a day, or not after a notice plus a waiting period",
        run=premature_lawsuit,
        doc=CheckDoc(
            what=(
                "Finds `lawsuit` steps that can be filed before `min_day`, or before each "
                "`requires` event (a notice kind, another event, or a channel meaning a contact "
                "through it) is certain to have happened at least `wait_days` earlier."
            ),
            why=(
                "Suing early skips the cheaper steps that recover most debts, and many "
                "jurisdictions require a default notice and a waiting period before enforcement."
            ),
            example=_HEAD
            + _DEFAULT_LETTER
            + """stage early days 1..30 {
  sms using reminder daily at 10:00
  letter using default_letter on day 20
  lawsuit on day 30 after default + 7 days
}
""",
            use_instead=_HEAD
            + _DEFAULT_LETTER
            + """stage early days 1..30 {
  sms using reminder daily at 10:00
  letter using default_letter on day 20
}
stage legal days 91.. {
  lawsuit on day 105 after default + 14 days
}
""",
            example_params="min_day: 90\nrequires: [default]\nwait_days: 14\n",
        ),
    ),
    Check(
        spec=PB303,
        summary="a visit, lawsuit or agency step before any non-contact attempt",
        run=escalation_order,
        doc=CheckDoc(
            what=(
                "Finds a step of the `before` channels (visit, lawsuit, agency) that can happen "
                "before a contact through one of the `first` channels (sms, call, email, letter) "
                "to the borrower is certain on an earlier day. A contact on the same day does not "
                "count: its order against the step is unknown, and a letter posted that day has "
                "not arrived."
            ),
            why=(
                "Escalation should start with the least intrusive channel; a borrower should hear "
                "about the debt before a collector knocks or a court summons arrives."
            ),
            example=_HEAD
            + """stage early days 1..30 {
  agency once
  sms using reminder daily at 10:00
}
""",
            use_instead=_HEAD
            + """stage early days 1..30 {
  sms using reminder daily at 10:00
}
stage outsourced days 91.. {
  agency once
}
""",
        ),
    ),
    Check(
        spec=PB304,
        summary="a credit report before a required notice plus a waiting period",
        run=premature_credit_report,
        doc=CheckDoc(
            what=(
                "Finds `credit_report` steps that can run before each `requires` event (usually "
                "a notice kind) is certain to have happened at least `wait_days` earlier."
            ),
            why=(
                "Reporting a debt the borrower has never been told about (passive credit "
                "reporting) is unfair; the collector must first communicate and then wait long "
                "enough to learn whether the letter was undeliverable."
            ),
            example=_HEAD
            + _VALIDATION_LETTER
            + """stage early days 1..30 {
  sms using reminder daily at 10:00
  letter using validation_letter on day 1
  credit_report on day 5
}
""",
            use_instead=_HEAD
            + _VALIDATION_LETTER
            + """stage early days 1..30 {
  sms using reminder daily at 10:00
  letter using validation_letter on day 1
  credit_report on day 30 after validation + 14 days
}
""",
            example_params="requires: [validation]\nwait_days: 14\n",
        ),
    ),
    Check(
        spec=PB305,
        summary="a field visit with fewer collectors than required",
        run=visit_staffing,
        doc=CheckDoc(
            what=(
                "Finds `visit` actions made by fewer than `min_agents` collectors (`by N "
                "agents`; a visit without `by` is made by one)."
            ),
            why=(
                "Some guidelines require field visits in pairs, so that a colleague witnesses "
                "the collector's conduct and the borrower is protected from pressure."
            ),
            example=_HEAD
            + """stage early days 1..30 {
  sms using reminder daily at 10:00
}
stage legal days 91.. {
  lawsuit on day 95
  visit to borrower weekly between 10:00 and 17:00 after summons_served
}
""",
            use_instead=_HEAD
            + """stage early days 1..30 {
  sms using reminder daily at 10:00
}
stage legal days 91.. {
  lawsuit on day 95
  visit to borrower weekly between 10:00 and 17:00 by 2 agents after summons_served
}
""",
        ),
    ),
)
