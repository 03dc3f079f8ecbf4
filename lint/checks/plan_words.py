"""Checks: the v3 content checks that read the words against the plan (checks.md v3 items
4-6): PB505 a threatened step the playbook never takes (or not by the date said), PB506 a
Regulation F limited-content message, PB507 personal data and images sent to others.

Only a playbook linter can see these: the threat or the attachment is in the template, the
plan (which steps run, to whom, through which channel) is in the schedule.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from ..analysis.plans import ActionPlan
from ..diagnostics import Diagnostic, Related
from ..model import PERSONAL_ATTACHMENTS, Action, Channel, ChannelClass, Stage, Target, Template
from ..rules.catalogue import PB505, PB506, PB507
from ..rules.deadlines import deadline
from ..rules.normalise import find_placeholders
from ..rules.params import LimitedContent, PersonalAttachments, UnplannedThreat
from ..rules.phrases import Match, Phrase, categories_for, matcher
from .base import AnyCheck, Check, CheckDoc, Context
from .content import debt_rules, grouped_matches, quote, quoted_list, template_span

# The step each PB505 list threatens.
STEPS: dict[str, Channel] = {
    "threat-lawsuit": Channel.LAWSUIT,
    "threat-visit": Channel.VISIT,
    "threat-credit-report": Channel.CREDIT_REPORT,
    "threat-agency": Channel.AGENCY,
}


def _senders(ctx: Context) -> dict[str, list[tuple[Stage, Action]]]:
    """Every action that sends each template, by template name, in order."""
    found: dict[str, list[tuple[Stage, Action]]] = {}
    for stage, action in ctx.playbook.actions():
        if action.template is not None:
            found.setdefault(action.template.text, []).append((stage, action))
    return found


# --------------------------------------------------------------------------- PB505


def _first_steps(ctx: Context) -> dict[Channel, ActionPlan]:
    """The earliest live action of each step the PB505 lists name (visits: to the
    borrower), by the first day it can come."""
    found: dict[Channel, ActionPlan] = {}
    for plan in ctx.timeline.live(STEPS.values()):
        if plan.channel is Channel.VISIT and plan.target is not Target.BORROWER:
            continue
        known = found.get(plan.channel)
        if plan.first is not None and (known is None or plan.first < (known.first or 0)):
            found[plan.channel] = plan
    return found


def _first_sends(ctx: Context) -> dict[str, ActionPlan]:
    """The earliest live action that sends each template, by template name."""
    found: dict[str, ActionPlan] = {}
    for plan in ctx.timeline.live():
        name = plan.action.template
        if name is None or plan.first is None:
            continue
        known = found.get(name.text)
        if known is None or plan.first < (known.first or 0):
            found[name.text] = plan
    return found


def _too_soon(
    template: Template,
    label: str,
    matches: list[Match],
    sending: ActionPlan | None,
    step: ActionPlan | None,
) -> Diagnostic | None:
    """checks.md v3 item 4, the timing side: the words give the step a date ("within 10
    days", "tomorrow") that falls before the playbook's first such action can come."""
    if sending is None or step is None or sending.first is None or step.first is None:
        return None
    text = template.text
    dated = [(d, m) for m in matches if (d := deadline(text.value, m.start, m.end)) is not None]
    if not dated:
        return None
    when, _ = min(dated, key=lambda pair: (pair[0].days, pair[1].start))
    latest = sending.first + when.days
    if latest >= step.first:
        return None
    said = quote(text.value, when.start, when.end)
    channel = step.channel
    return grouped_matches(
        template,
        matches,
        f"template '{template.name}' {label} ({quoted_list(text, matches)}) \"{said}\": "
        f"sent from day {sending.first}, that is by day {latest}, but the playbook's first "
        f"{channel} is on day {step.first}",
        f'threaten only what the plan does, when it does it: drop "{said}", send this '
        f"from day {step.first - when.days} on, or take the {channel} step by day {latest}",
        related=(
            Related(text.span_of(when.start, when.end), said, cited=False),
            Related(sending.action.span, f"{sending.describe()} sends it from day {sending.first}"),
            Related(step.action.span, f"the first {channel}, day {step.first}"),
        ),
    )


def run_unplanned_threat(ctx: Context, params: UnplannedThreat) -> Iterator[Diagnostic]:
    """A template, sent by some action, that threatens a step no action of the playbook
    takes (``visit`` counts only to the borrower), or gives the step a date before the
    playbook's first such action."""
    planned = {
        action.channel
        for _, action in ctx.playbook.actions()
        if action.channel is not Channel.VISIT or action.target is Target.BORROWER
    }
    lists = categories_for("PB505")
    languages = params.languages
    phrases = tuple(
        p for c in lists for p in (c.in_languages(languages) if languages else c.phrases)
    )
    found = matcher(phrases)
    labels = {c.name: c.label for c in lists}
    sent = _senders(ctx)
    steps = _first_steps(ctx)
    sends = _first_sends(ctx)
    for template in ctx.playbook.templates:
        if template.name.text not in sent:
            continue
        by_list: dict[str, list[Match]] = {}
        for match in found.find_unnegated(template.text.value):
            by_list.setdefault(match.phrase.category, []).append(match)
        for name, matches in by_list.items():
            step = STEPS[name]
            if step in planned:
                soon = _too_soon(
                    template, labels[name], matches, sends.get(template.name.text), steps.get(step)
                )
                if soon is not None:
                    yield soon
                continue
            yield grouped_matches(
                template,
                matches,
                f"template '{template.name}' {labels[name]} ({quoted_list(template.text, matches)})"
                f", but the playbook has no {step} action",
                f"threaten only what the plan does: add the {step} step, or take the threat out",
            )


UNPLANNED_THREAT = Check(
    spec=PB505,
    summary="a template threatens a step the playbook never takes, or not by when it says",
    run=run_unplanned_threat,
    doc=CheckDoc(
        what=(
            "Reads every template that an action sends for a threatened step — a lawsuit "
            "(or garnishment, seizure), a home or work visit, a credit-bureau report, a "
            "hand-over to a collection agency — in the bundled lists (`threat-lawsuit`, "
            "`threat-visit`, `threat-credit-report`, `threat-agency`; en, zh, id, fil, hi) "
            "and reports it when the playbook has no action of that kind (a `visit` only "
            "counts to the borrower), or when the sentence of the threat gives the step a "
            'date ("within 10 days", "tomorrow", "3天内", "dalam 2 x 24 jam", "bukas", '
            '"24 घंटे में") that falls, counted from the first day an action sends the '
            "template, before the first day the playbook's own such action can come. A "
            'negated mention ("we will not sue") is not a threat; a date the words do not '
            'fix ({due_date}, "soon") is not judged. Parameters: `languages` (default: '
            "every language of the lists)."
        ),
        why=(
            "A threat of action that is not intended or cannot legally be taken is a "
            "deceptive collection practice (FDCPA §807(5), 15 USC 1692e(5); SEC MC 18 (2019) "
            "Sec. 1; CONC 7.3). The words are in the template, the plan is in the schedule: "
            "only a playbook linter sees both."
        ),
        example=(
            'playbook "threat"\n'
            "timezone America/New_York\n"
            'template final letter "Pay within 10 days or we will file a lawsuit."\n'
            "stage late days 31..60 {\n"
            "  letter using final on day 31\n"
            "}\n"
        ),
        use_instead=(
            'playbook "threat"\n'
            "timezone America/New_York\n"
            'template final letter "Pay within 10 days or we will file a lawsuit."\n'
            "stage late days 31..120 {\n"
            "  letter using final on day 80\n"
            "  lawsuit on day 90\n"
            "}\n"
        ),
    ),
)


# --------------------------------------------------------------------------- PB506

# What 12 CFR 1006.2(j) requires of a limited-content message, in any wording.
_REQUIRED: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "a person's name",
        ("this is", "my name is", "this message is for", "{agent_name}", "{caller}"),
    ),
    (
        "a request to reply",
        ("call", "call us back", "return", "reply", "contact us", "get back to"),
    ),
)
_PHONE_WORDS = ("phone", "number", "callback")


def _has_phone(template: Template) -> bool:
    """A telephone number: seven digits or more in a row (separators aside), or a
    placeholder that carries one ({callback_number})."""
    digits = 0
    for ch in template.text.value:
        if unicodedata.category(ch) == "Nd":
            digits += 1
            if digits >= 7:
                return True
        elif ch not in " -().+":
            digits = 0
    return any(
        word in p.name.lower()
        for p in find_placeholders(template.text.value)
        for word in _PHONE_WORDS
    )


# 1006.2(j)(1)(i): "a business name for the debt collector that does not indicate that the
# caller is in the business of collecting debts". A name is a run of capitalised words (and
# "&") that follows "from", "with" or "on behalf of", or of two words or more that end in a
# company word ("Harbor Point Financial") or hold a collection word; a
# placeholder that carries one ({company}) counts too. Words that say collection in a
# company's name ("Acme Collections", "Summit Recovery") make it indicate debt collection.
_NAME_RUN = re.compile(r"[A-Z][\w'&-]*(?: (?:&|[A-Z][\w'&-]*))*")
_INTRODUCERS = ("from", "with", "on behalf of")
_COMPANY_WORDS = frozenset(
    [
        "llc",
        "inc",
        "ltd",
        "corp",
        "co",
        "company",
        "group",
        "services",
        "bank",
        "financial",
        "associates",
        "partners",
        "solutions",
        "management",
    ]
)
_COLLECTION_WORDS = frozenset(
    [
        "collection",
        "collections",
        "collector",
        "collectors",
        "collecting",
        "debt",
        "debts",
        "debtor",
        "recovery",
        "recoveries",
        "receivable",
        "receivables",
    ]
)
_BUSINESS_PLACEHOLDERS = frozenset({"company", "company_name", "business_name", "brand"})


@dataclass(frozen=True)
class BusinessName:
    """A business name as written in a template, and whether it says debt collection."""

    text: str
    start: int
    end: int
    says_collection: bool


def business_names(text: str) -> list[BusinessName]:
    """Every business name ``text`` gives (see above), in order."""
    found: list[BusinessName] = []
    lowered = text.lower()
    for run in _NAME_RUN.finditer(text):
        words = run.group().lower().split()
        before = lowered[: run.start()].rstrip()
        introduced = any(before.endswith(" " + w) or before == w for w in _INTRODUCERS)
        collection = any(w in _COLLECTION_WORDS for w in words)
        # one capitalised word alone ("Debt", "Please") starts a sentence, not a name
        named = len(words) > 1 and (collection or words[-1] in _COMPANY_WORDS)
        if introduced or named:
            found.append(BusinessName(run.group(), run.start(), run.end(), collection))
    found += [
        BusinessName(p.text, p.start, p.end, says_collection=False)
        for p in find_placeholders(text)
        if p.name in _BUSINESS_PLACEHOLDERS
    ]
    return sorted(found, key=lambda b: b.start)


def _required_groups(params: LimitedContent) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if params.all_of:
        return tuple((" / ".join(group), group) for group in params.all_of if group)
    return _REQUIRED


def run_limited_content(ctx: Context, params: LimitedContent) -> Iterator[Diagnostic]:
    """Each template marked ``limited_content``: only a call, nothing about the debt, and
    every element 1006.2(j) requires."""
    forbidden = debt_rules(params.forbidden, ("en",))
    for template in ctx.playbook.templates:
        if not template.limited_content:
            continue
        span = template_span(template)
        if ChannelClass.VOICE not in template.channel.classes:
            yield Diagnostic(
                span,
                f"template '{template.name}' is marked limited_content but is a "
                f"{template.channel} template; a limited-content message is a voicemail",
                help="send it as a call, or drop `limited_content`",
            )
        names = business_names(template.text.value)
        telling = [n for n in names if n.says_collection]
        if telling:
            yield Diagnostic(
                template.text.span_of(telling[0].start, telling[0].end),
                f"limited-content message '{template.name}' gives a business name that "
                "says debt collection: " + ", ".join(f"'{n.text}'" for n in telling),
                help="1006.2(j)(1)(i) requires a business name that does not indicate that "
                "the caller collects debts; use a trade name that does not, or send a full "
                "message with the disclosures",
            )
        matches = [
            m
            for m in forbidden.matcher.find(template.text.value)
            # a word of a business name is reported once, with the name
            if not any(n.start <= m.start and m.end <= n.end for n in telling)
        ]
        matches += [
            Match(Phrase(p.text, "debt-mention", "placeholder"), p.start, p.end)
            for p in find_placeholders(template.text.value)
            if p.name in forbidden.placeholders
        ]
        if matches:
            matches.sort(key=lambda m: (m.start, m.end))
            yield grouped_matches(
                template,
                matches,
                f"limited-content message '{template.name}' says more than 1006.2(j) "
                f"allows: {quoted_list(template.text, matches)}",
                "a limited-content message may not mention the debt or collection; "
                "remove it, or send a full message with the disclosures",
            )
        missing = [] if names or params.all_of else ["a business name"]
        missing += [
            what
            for what, words in _required_groups(params)
            if not matcher(tuple(Phrase(w, "required", "custom") for w in words)).find(
                template.text.value
            )
        ]
        if not params.all_of and not _has_phone(template):
            missing.append("a telephone number")
        if missing:
            yield Diagnostic(
                span,
                f"limited-content message '{template.name}' lacks " + ", ".join(missing),
                help="1006.2(j)(1) requires a business name that does not say debt "
                "collection, a request to reply, a person's name and a telephone number",
            )


LIMITED_CONTENT = Check(
    spec=PB506,
    summary="a limited-content message says too much or too little",
    run=run_limited_content,
    doc=CheckDoc(
        what=(
            "Judges every template marked `limited_content` (language v3) as a Regulation F "
            "limited-content message: a call (voicemail) only; no word about the debt or "
            "collection (the bundled English debt words and debt placeholders such as "
            "{amount}, or the rule's `forbidden`); a business name that does not say "
            'debt collection ("Acme Collections" and "Summit Recovery" do: collection, '
            "collector, debt, recovery, receivables); and each required element: a business "
            'name (capitalised words after "from", "with" or "on behalf of", a name ending '
            'in a company word such as LLC or Financial, or {company}), a name ("this is '
            '…"), a request to reply, a telephone number (seven digits or a '
            "{callback_number}-like placeholder). PB502 does not judge these templates: the "
            "debt-collector disclosure would make the message unlawful."
        ),
        why=(
            "12 CFR 1006.2(j) defines a limited-content message: it is not a communication, "
            "so it may be left with anyone who hears a voicemail, only if it holds exactly "
            'the allowed content. Saying "debt" or "a debt collector" in it discloses the '
            "debt to whoever plays the message."
        ),
        example=(
            'playbook "voicemail"\n'
            "timezone America/New_York\n"
            'template vm call limited_content "This is Jane from Acme Collections about your '
            'debt."\n'
            "stage late days 31..60 {\n"
            "  call using vm on day 31 at 11:00\n"
            "}\n"
        ),
        use_instead=(
            'playbook "voicemail"\n'
            "timezone America/New_York\n"
            'template vm call limited_content "Hi, this is Jane Doe from Acme. Please call '
            'us back at 555-010-0100. Thank you."\n'
            "stage late days 31..60 {\n"
            "  call using vm on day 31 at 11:00\n"
            "}\n"
        ),
    ),
)


# --------------------------------------------------------------------------- PB507


def run_personal_attachments(ctx: Context, params: PersonalAttachments) -> Iterator[Diagnostic]:
    """A photo, identity document or contact list sent to one of ``targets``; any
    attachment sent through ``post`` (a public display)."""
    sent = _senders(ctx)
    for template in ctx.playbook.templates:
        if not template.attachments:
            continue
        personal = [k for k in template.attachments if k in PERSONAL_ATTACHMENTS]
        reported: set[str] = set()
        for _, action in sent.get(template.name.text, ()):
            if ChannelClass.PUBLIC in action.channel.classes:
                what = ", ".join(str(k) for k in template.attachments)
                where = "shown to the public"
            elif personal and action.target in params.targets:
                what = ", ".join(str(k) for k in personal)
                where = f"sent to {action.target}"
            else:
                continue
            # one finding per way it leaves: to a person, or to the public
            kind = "post" if ChannelClass.PUBLIC in action.channel.classes else "person"
            if kind in reported:
                continue
            reported.add(kind)
            yield Diagnostic(
                template_span(template),
                f"template '{template.name}' attaches {what}, {where}",
                help="the borrower's photos, identity documents and contacts go to no one "
                "but the borrower, and nothing is attached to a public post",
                related=(Related(action.span, f"{action.channel} to {action.target} sends it"),),
            )


PERSONAL_DATA_TO_OTHERS = Check(
    spec=PB507,
    summary="a template sends photos, documents or contacts to someone else",
    run=run_personal_attachments,
    doc=CheckDoc(
        what=(
            "Reports a template whose `attachments` (language v3) hold a `photo`, an "
            "`id_document` or a `contact_list` when an action sends it to one of `targets` "
            "(default: everyone but the borrower and the estate), and a template with any "
            "attachment sent through the `post` channel (a public display)."
        ),
        why=(
            "Sending a borrower's photo, identity card or phone book to contacts, or posting "
            "them, is the shaming tactic of the loan-app cases: an unfair practice under SEC "
            "MC 18 (2019) Sec. 1, intrusion on privacy under RBI/2022-23/108, and "
            "intimidation under POJK 22/2023 art. 62; good practice everywhere else."
        ),
        example=(
            'playbook "photos"\n'
            "timezone Asia/Manila\n"
            'template blast sms attach photo "Kilala mo ba ito?"\n'
            "stage late days 31..60 {\n"
            "  sms to contacts using blast on day 31 at 11:00\n"
            "}\n"
        ),
        use_instead=(
            'playbook "photos"\n'
            "timezone Asia/Manila\n"
            'template reminder sms attach statement "Paalala: may balanse ka sa amin."\n'
            "stage late days 31..60 {\n"
            "  sms to borrower using reminder on day 31 at 11:00\n"
            "}\n"
        ),
    ),
)


CHECKS: tuple[AnyCheck, ...] = (UNPLANNED_THREAT, LIMITED_CONTENT, PERSONAL_DATA_TO_OTHERS)
