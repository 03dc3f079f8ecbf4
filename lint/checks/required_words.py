"""Checks: PB502, the sentences a ruleset requires in a template (the US "attempt to
collect a debt", the opt-out of every e-mail or text), in every template of a channel, in
each channel's first message, or in whatever can be the first communication.

Split from ``content.py``: PB501/PB503 look for words that must not be there; this looks
for words that must be, and which template counts is a question of the schedule.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.events import ActionFacts
from ..diagnostics import Diagnostic, Related
from ..model import THIRD_PARTIES, Action, Channel, OnDays, Stage, Target, Template
from ..rules.catalogue import PB502
from ..rules.params import MissingDisclosure, Scope
from ..rules.phrases import Phrase, PhraseMatcher, matcher
from .base import AnyCheck, Applicability, Check, CheckDoc, Context, FixDoc
from .content import template_anchor, template_span


def first_day(stage: Stage, action: Action) -> int:
    """The earliest day past due an action can run (conditions aside)."""
    recurrence = action.schedule.recurrence
    if isinstance(recurrence, OnDays) and recurrence.days:
        return min(day.value for day in recurrence.days)
    start = stage.first_day
    if action.schedule.from_day is not None:
        start = max(start, action.schedule.from_day.value)
    return start


# --------------------------------------------------------------------------- PB502


def _disclosure_matcher(any_of: tuple[str, ...]) -> PhraseMatcher:
    return matcher(tuple(Phrase(text, "disclosure", "custom") for text in any_of))


def _first_uses(
    ctx: Context, channels: tuple[Channel, ...]
) -> Iterator[tuple[Template, Stage, Action, int]]:
    """Per channel, the template of the action of that channel that can run first.

    Ties go to the action written first. An action whose template is undefined is skipped
    (PB003 reports it).
    """
    playbook = ctx.playbook
    seen: set[str] = set()
    for channel in channels:
        best: tuple[int, Template, Stage, Action] | None = None
        for stage, action in playbook.actions():
            if action.channel != channel or action.template is None:
                continue
            if action.target in THIRD_PARTIES:
                continue
            template = playbook.template(action.template.text)
            if template is None:
                continue
            day = first_day(stage, action)
            if best is None or day < best[0]:
                best = (day, template, stage, action)
        if best is not None and best[1].name.text not in seen:
            seen.add(best[1].name.text)
            yield best[1], best[2], best[3], best[0]


def disclosure_groups(params: MissingDisclosure) -> tuple[tuple[str, ...], ...]:
    """``all_of``'s groups, then ``any_of`` as one more: a template needs one phrase of each."""
    groups = tuple(g for g in params.all_of if g)
    return (*groups, params.any_of) if params.any_of else groups


def _lacks(text: str, groups: list[tuple[PhraseMatcher, tuple[str, ...]]]) -> str | None:
    """``none of "a", "b"`` for each group the text misses; None when it has them all."""
    missing = [
        "none of " + ", ".join(f'"{phrase}"' for phrase in group)
        for wanted, group in groups
        if not wanted.find(text)
    ]
    return "; and ".join(missing) if missing else None


def _lacking(
    template: Template,
    groups: list[tuple[PhraseMatcher, tuple[str, ...]]],
    what: str,
    help_text: str,
    related: tuple[Related, ...] = (),
) -> Iterator[Diagnostic]:
    """One finding when the template misses a group: ``<what> none of "a", "b"``."""
    # A limited-content message (v3, PB506) must not carry the disclosure: it would
    # tell whoever plays the voicemail that there is a debt.
    lacks = None if template.limited_content else _lacks(template.text.value, groups)
    if lacks is not None:
        yield Diagnostic(
            template_span(template),
            f"{what} {lacks}",
            help=help_text,
            anchor=template_anchor(template),
            related=related,
        )


def run_missing_disclosure(ctx: Context, params: MissingDisclosure) -> Iterator[Diagnostic]:
    groups = [(_disclosure_matcher(g), g) for g in disclosure_groups(params)]
    if not groups or not params.channels:
        return
    playbook = ctx.playbook
    if params.scope is Scope.INITIAL:
        yield from _initial_disclosures(ctx, params, groups)
        return
    if params.first_only:
        for template, stage, action, day in _first_uses(ctx, params.channels):
            yield from _lacking(
                template,
                groups,
                f"first {action.channel} template '{template.name}' (stage {stage.name}, "
                f"day {day}) has",
                "add one of the required sentences to this first message",
                related=(Related(action.span, f"{action.channel} sends it first"),),
            )
        return
    judged = frozenset(params.targets) if params.targets else frozenset(Target) - THIRD_PARTIES
    used_on: set[str] = set()
    to_whom: dict[str, set[bool]] = {}
    for _, action in playbook.actions():
        if action.template is None:
            continue
        name = action.template.text
        to_whom.setdefault(name, set()).add(action.target in judged)
        if action.channel in params.channels:
            used_on.add(name)
    for template in playbook.templates:
        if template.channel not in params.channels and template.name.text not in used_on:
            continue
        if to_whom.get(template.name.text) == {False}:
            continue  # never sent to a judged target (third parties must not hear: PB503)
        yield from _lacking(
            template,
            groups,
            f"{template.channel} template '{template.name}' has",
            "add one of the required sentences to every message of this channel",
        )


def _initial_disclosures(
    ctx: Context,
    params: MissingDisclosure,
    groups: list[tuple[PhraseMatcher, tuple[str, ...]]],
) -> Iterator[Diagnostic]:
    """``scope: initial``: the templates of actions that can be the first communication with
    the borrower, judged from schedules, ``after`` conditions and skips (not handlers)."""
    playbook = ctx.playbook
    seen: set[str] = set()
    for facts, day in initial_contacts(ctx, params.targets or (Target.BORROWER,)):
        action = facts.action
        if action.channel not in params.channels or action.template is None:
            continue
        template = playbook.template(action.template.text)
        if template is None or template.name.text in seen:
            continue
        seen.add(template.name.text)
        yield from _lacking(
            template,
            groups,
            f"{action.channel} template '{template.name}' can be the first communication "
            f"(stage {facts.stage.name}, day {day}) and has",
            "every message that can come first needs the initial disclosure",
            related=(Related(action.span, f"{action.channel} can come first"),),
        )


def initial_contacts(
    ctx: Context, targets: tuple[Target, ...]
) -> Iterator[tuple[ActionFacts, int]]:
    """The contacts to ``targets`` that can come before every other: no other contact to the
    borrower is sure to have been made on an earlier day than they can happen."""
    contacts = [
        f
        for f in ctx.events.actions()
        if f.reachable and f.action.channel.is_contact and f.action.target is Target.BORROWER
    ]
    # The two earliest sure days among them: the earliest other than any one contact is
    # the first, or the second for the contact that holds the first (linear, not n²).
    sure = sorted(
        ((g.guaranteed, i) for i, g in enumerate(contacts) if g.guaranteed is not None),
        key=lambda pair: pair[0],
    )[:2]
    for facts in ctx.events.actions():
        if not (facts.reachable and facts.action.channel.is_contact):
            continue
        if facts.action.target not in targets:
            continue
        day = facts.earliest
        assert day is not None
        others = [g for g, i in sure if contacts[i] is not facts][:1]
        if min(others, default=day) >= day:
            yield facts, day


MISSING_DISCLOSURE = Check(
    spec=PB502,
    summary="a template lacks a sentence the ruleset requires",
    run=run_missing_disclosure,
    doc=CheckDoc(
        what=(
            "Checks that templates of the given channels contain at least one of the `any_of` "
            "phrases (matched like PB501: case, width and spacing do not matter). With "
            "`first_only: false` (the default) every template of those channels needs one: a "
            "template written for the channel or used by an action of it. With "
            "`first_only: true`, only the first message of each channel needs one: for each "
            "channel, the template of the action of that channel that can run earliest (its "
            "first day past due; ties go to the action written first). Later templates are "
            "not checked, so a collector disclosure in the first call script satisfies the "
            "rule and a shorter later script does not need it; a second rule with "
            "`first_only: false` and other phrases can require a shorter disclosure in every "
            "later message. Messages to third parties are never judged here: a location call "
            "to an emergency contact must not mention the debt at all (PB503), so only "
            "templates sent to the borrower or guarantor (or to no one yet) need the sentence."
        ),
        why=(
            "Some sentences are the law's minimum: the US initial communication must say it "
            "is an attempt to collect a debt (Reg F 1006.18(e)), every e-mail or text must say "
            "how to opt out (1006.6(e)). A script without them breaks the rule every time it "
            "is used."
        ),
        example=(
            'playbook "disclosure"\n'
            "timezone America/New_York\n"
            'template first_call call "Hello {name}, this is Acme Finance calling about your '
            'account."\n'
            "stage early days 1..30 {\n"
            "  call to borrower using first_call on day 3 at 10:00\n"
            "}\n"
        ),
        use_instead=(
            'playbook "disclosure"\n'
            "timezone America/New_York\n"
            'template first_call call "Hello {name}, this is Acme Finance. This is an attempt '
            'to collect a debt, and any information obtained will be used for that purpose."\n'
            "stage early days 1..30 {\n"
            "  call to borrower using first_call on day 3 at 10:00\n"
            "}\n"
        ),
        example_params=(
            "channels: [call]\n"
            "any_of: [attempt to collect a debt, from a debt collector]\n"
            "first_only: true\n"
        ),
        fix=FixDoc(
            Applicability.UNSAFE,
            "appends the required wording to the template's text: for each group of phrases "
            "the template lacks (`all_of`), the first one",
        ),
    ),
)


CHECKS: tuple[AnyCheck, ...] = (MISSING_DISCLOSURE,)
