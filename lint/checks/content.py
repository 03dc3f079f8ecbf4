"""Checks: PB501, PB503 and PB504, the words of templates (PB502, the sentences a ruleset
requires, is ``required_words.py``; PB505-PB507, words against the plan, ``plan_words.py``).

All read template texts through the phrase matcher (``phrases.py``), which normalises
width, case, Traditional/Simplified Chinese and separators inside words, and maps every
match back to its line and column in the file (``Text.span_of``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..diagnostics import Diagnostic, Related, Severity
from ..model import (
    NO_SPAN,
    Action,
    Span,
    Stage,
    Template,
    Text,
)
from ..rules.bidi import BIDI_CONTROLS, control_label, control_offsets, displayed
from ..rules.catalogue import PB501, PB503, PB504
from ..rules.normalise import find_placeholders
from ..rules.params import (
    ProhibitedContent,
    ThirdPartyDisclosure,
    UnknownPlaceholder,
)
from ..rules.phrases import (
    Match,
    Phrase,
    PhraseListError,
    PhraseMatcher,
    categories_for,
    category,
    is_negated,
    known_placeholders,
    matcher,
)
from ..rules.signal import reading
from ..suggest import osa_distance
from .base import AnyCheck, Check, CheckDoc, Context

PROHIBITED = "PB501"
DEBT_MENTION = "debt-mention"
_QUOTE_LIMIT = 60


# --------------------------------------------------------------------------- helpers


def quote(value: str, start: int, end: int) -> str:
    """``value[start:end]`` as a finding quotes it: one line, whitespace collapsed, invisible
    characters (zero-width spaces) left out, bounded."""
    display = _display_positions(value)
    if display is None:
        part = value[start:end]
    else:
        # quoted as displayed: a threat stored reversed inside an override reads forwards
        shown, where = display
        part = "".join(shown[p] for p in sorted(where[i] for i in range(start, end) if i in where))
    visible = "".join(ch for ch in part if unicodedata.category(ch) != "Cf")
    text = " ".join(visible.split())
    return text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1] + "…"


@lru_cache(maxsize=16)
def _display_positions(value: str) -> tuple[str, dict[int, int]] | None:
    """The display text of ``value`` and where each stored character shows in it; None
    without bidi controls. Once per text, not once per match: a template with thousands
    of matches was quadratic here (70 s for 5,500 matches in 100 KB)."""
    if BIDI_CONTROLS.isdisjoint(value):
        return None
    shown = displayed(value)
    return shown.text, {origin: at for at, origin in enumerate(shown.origin)}


def template_span(template: Template) -> Span:
    """Where a finding about a whole template points: its name, else the statement."""
    for span in (template.name.span, template.span, template.text.span):
        if span != NO_SPAN:
            return span
    return NO_SPAN


def template_anchor(template: Template) -> str:
    return f"template:{template.name.text}"


# --------------------------------------------------------------------------- PB501


@dataclass(frozen=True)
class _Rules:
    matcher: PhraseMatcher
    labels: dict[str, str]


@lru_cache(maxsize=64)
def prohibited_rules(params: ProhibitedContent) -> _Rules:
    """The matcher and category labels PB501 uses for these parameters.

    ``phrases`` adds a ruleset's own phrases by category; a category of its own is named by
    its id in findings. ``categories`` empty means every bundled PB501 list, unless the rule
    brings its own ``phrases``: then it means none, so a company's house-rules rule reports
    only its own phrases and does not repeat the findings of the jurisdiction's rule.
    """
    names = params.categories
    if not names and not params.phrases:
        names = tuple(c.name for c in categories_for(PROHIBITED))
    phrases: list[Phrase] = []
    labels: dict[str, str] = {}
    for name in names:
        bundled = category(name)
        if bundled.check != PROHIBITED:
            raise PhraseListError(f"phrase list {name!r} is for {bundled.check}, not {PROHIBITED}")
        phrases.extend(bundled.in_languages(params.languages))
        labels[name] = bundled.label
    for name, own in params.phrases:
        phrases.extend(Phrase(text, name, "custom") for text in own)
        if name not in labels:
            known = {c.name: c.label for c in categories_for(PROHIBITED)}
            labels[name] = known.get(name, f"prohibited ({name})")
    return _Rules(matcher(tuple(phrases)), labels)


def _own(params: ProhibitedContent) -> set[str]:
    """Categories a rule brings only through its own ``phrases``."""
    return {name for name, _ in params.phrases} - set(params.categories)


def merge_touching(matches: tuple[Match, ...]) -> list[Match]:
    """Join matches of one category that touch (警察上门 + 抓你): one threat, one finding."""
    merged: list[Match] = []
    for match in matches:
        last = merged[-1] if merged else None
        if last and last.end == match.start and last.phrase.category == match.phrase.category:
            merged[-1] = Match(last.phrase, last.start, match.end)
        else:
            merged.append(match)
    return merged


def prohibited_matches(rules: _Rules, value: str) -> list[Match]:
    """The prohibited phrases PB501 reports in ``value``: touching matches of one category
    merged, directly negated ones (reassurances: "we will never tell your employer",
    "我们不会联系你的单位"; the negations are data, ``negation.yaml``) left out."""
    if BIDI_CONTROLS.isdisjoint(value):
        return _unnegated(rules, value)
    # Matched as displayed, controls stripped, so a threat reversed inside an override
    # is caught; reported at its stored place.
    shown = displayed(value)
    return [
        Match(m.phrase, *shown.source_range(m.start, m.end)) for m in _unnegated(rules, shown.text)
    ]


def _unnegated(rules: _Rules, value: str) -> list[Match]:
    return [
        m
        for m in merge_touching(rules.matcher.find(value))
        if not is_negated(value, m.start, m.phrase.language)
    ]


def bidi_finding(template: Template) -> Diagnostic | None:
    """A template whose text holds bidi controls: displayed in an order other than the one
    stored, so what a reviewer or a filter reads is not what the borrower sees. At the
    first control; every other one is a related place."""
    text = template.text
    offsets = control_offsets(text.value)
    if not offsets:
        return None
    first = text.value[offsets[0]]
    more = f" and {len(offsets) - 1} more" if len(offsets) > 1 else ""
    return Diagnostic(
        text.span_of(offsets[0], offsets[0] + 1),
        f"hidden text direction: bidi control {control_label(first)}{more} changes the order "
        "in which the text is displayed, so it reads differently from what is stored",
        help="remove the bidi control characters; write the text in the order it is read",
        anchor=template_anchor(template),
        related=tuple(
            Related(text.span_of(i, i + 1), control_label(text.value[i]), cited=False)
            for i in offsets[1:_LISTED]
        ),
    )


def run_prohibited_content(ctx: Context, params: ProhibitedContent) -> Iterator[Diagnostic]:
    """One finding per template and category, at its first match, listing every match
    (each match's exact span is a related place)."""
    rules = prohibited_rules(params)
    for template in ctx.playbook.templates:
        text = template.text
        # A house rule with only its own phrases leaves this to the jurisdiction's rule,
        # and so does a rule of the narrow categories alone (false legal threats,
        # exposure: v3 adds them as rules beside no-threats), so it is reported once.
        hidden = bidi_finding(template) if _BROAD & (rules.labels.keys() - _own(params)) else None
        if hidden is not None:
            yield hidden
        by_category: dict[str, list[Match]] = {}
        for match in prohibited_matches(rules, text.value):
            by_category.setdefault(match.phrase.category, []).append(match)
        if (
            not by_category
            and rules.labels.keys() - _own(params) >= _BROAD
            # a template whose threat words are all negated reassures ("hindi namin
            # sasabihin sa employer mo"): the signal, blind to negation, stays silent
            and not rules.matcher.find(text.value)
        ):
            signal = signal_finding(template, params.languages)
            if signal is not None:
                yield signal
        for name, matches in by_category.items():
            yield grouped_matches(
                template,
                matches,
                f"{rules.labels[name]}: {quoted_list(text, matches)}",
                "remove it; a collection message may state only what the lender can "
                "lawfully do and intends to do",
            )


def signal_finding(template: Template, languages: tuple[str, ...]) -> Diagnostic | None:
    """A template no frame matched that still reads like the abusive messages the project
    knows (``signal.py``, checks.md v3 item 8): ``info`` at most, with the closest known
    example, so that a reviewer judges it; never an error on its own. Only the main
    no-threats rule (every broad category) reports it, and only when the closest example
    is in one of the rule's languages: a rule in Chinese does not judge English."""
    found = reading(template.text.value)
    if found is None or found.language not in languages:
        return None
    closest = f'; closest known example: "{found.closest}"'
    return Diagnostic(
        template_span(template),
        f"reads like a threat (statistical signal {found.score} >= {found.threshold}){closest}",
        help="read it as the borrower hears it: if it implies harm, exposure, arrest or a "
        "legal step, reword it; if it is plainly lawful, suppress this with a reason",
        anchor=template_anchor(template),
        at_most=Severity.INFO,
    )


_LISTED = 8
# The categories of a ruleset's main no-threats rule (baseline's list).
_BROAD = frozenset(
    {"violence", "arrest-or-jail", "impersonating-authority", "public-shaming", "obscenity"}
)


def quoted_list(text: Text, matches: list[Match]) -> str:
    """``"a", "b", "c"`` (at most eight, then how many more)."""
    quoted = [f'"{quote(text.value, m.start, m.end)}"' for m in matches[:_LISTED]]
    more = len(matches) - _LISTED
    return ", ".join(quoted) + (f" and {more} more" if more > 0 else "")


def grouped_matches(
    template: Template,
    matches: list[Match],
    message: str,
    help_text: str,
    related: tuple[Related, ...] = (),
) -> Diagnostic:
    """One finding for several matches in a template: at the first, the others related."""
    text = template.text
    return Diagnostic(
        text.span_of(matches[0].start, matches[0].end),
        message,
        help=help_text,
        anchor=template_anchor(template),
        related=related + match_places(text, matches),
    )


def match_places(text: Text, matches: list[Match]) -> tuple[Related, ...]:
    """Every match after the first, at its exact span (not named in the message text)."""
    return tuple(
        Related(text.span_of(m.start, m.end), quote(text.value, m.start, m.end), cited=False)
        for m in matches[1:]
    )


PROHIBITED_CONTENT = Check(
    spec=PB501,
    summary="a template threatens, abuses, shames or impersonates an authority",
    run=run_prohibited_content,
    doc=CheckDoc(
        what=(
            "Looks for prohibited phrases in every template: threats of violence, of arrest "
            "or jail, posing as police, courts or government, public shaming and exposing the "
            "debt to the borrower's contacts, obscene or abusive language, and (where a ruleset "
            "asks) fake blacklists and exaggerated legal consequences. The bundled lists cover "
            "English (en), Chinese (zh), Indonesian (id), Filipino and Taglish (fil) and Hindi "
            "in Devanagari and Latin script (hi), as phrases and as patterns that survive "
            "rephrasing (other verbs and word orders, inserted words, 您/你). Matching ignores "
            "width (ＡＲＲＥＳＴ), case, Traditional versus Simplified characters "
            "(逮捕你 / 殺了你), and spaces, dots or dashes put "
            "inside a word (逮 捕, a-r-r-e-s-t). Latin-script phrases match whole words only, so "
            '"arrest" does not fire on "interest rate". A phrase directly negated is a '
            'reassurance, not a threat ("we will never tell your employer", "我们不会…"). '
            "Each finding points at the phrase "
            "inside the string. A template no phrase matched that still reads like the "
            "abusive messages the project knows (a statistical signal trained in the "
            "repository, `bench/train_signal.py`) gets an `info` finding from the main "
            "no-threats rule, quoting the closest known example; it is never an error on "
            "its own. Parameters: `categories` (bundled lists; default all of them, "
            "or none when the rule gives its own `phrases`), `languages` (default en, zh; also "
            "id, fil, hi) and "
            "`phrases` (a mapping of category to a company's own phrases; a trailing * "
            "matches the start of a word)."
        ),
        why=(
            "Threats, abuse, impersonation and shaming are banned collection practices almost "
            "everywhere (FDCPA 1692d-1692e in the US, the 2026 banking-association guideline "
            "and GB/T 45251 in China, RBI and SEC rules in India and the Philippines). A script "
            "is read out thousands of times: one bad line becomes thousands of violations."
        ),
        example=(
            'playbook "threats"\n'
            "timezone Asia/Shanghai\n"
            'template final sms "{name}，今天不还款，我们马上逮捕你。"\n'
            "stage late days 31..60 {\n"
            "  sms using final on day 31 at 10:00\n"
            "}\n"
        ),
        use_instead=(
            'playbook "threats"\n'
            "timezone Asia/Shanghai\n"
            'template final sms "{name}，您的借款已逾期，请尽快还款；如有异议请致电客服。"\n'
            "stage late days 31..60 {\n"
            "  sms using final on day 31 at 10:00\n"
            "}\n"
        ),
    ),
)


# --------------------------------------------------------------------------- PB503


@dataclass(frozen=True)
class _DebtRules:
    matcher: PhraseMatcher
    placeholders: frozenset[str]


@lru_cache(maxsize=64)
def debt_rules(phrases: tuple[str, ...], languages: tuple[str, ...] = ()) -> _DebtRules:
    """PB503's matcher: a ruleset's own phrases, or the bundled list (in ``languages``, all
    when empty) and its placeholders."""
    if phrases:
        return _DebtRules(
            matcher(tuple(Phrase(t, DEBT_MENTION, "custom") for t in phrases)), frozenset()
        )
    bundled = category(DEBT_MENTION)
    chosen = bundled.in_languages(languages) if languages else bundled.phrases
    return _DebtRules(matcher(chosen), frozenset(bundled.placeholders))


def debt_mentions(text: Text, rules: _DebtRules) -> list[Match]:
    """Debt phrases and debt-revealing placeholders (``{amount}``) in a text, in order."""
    found = list(rules.matcher.find(text.value))
    for placeholder in find_placeholders(text.value):
        if placeholder.name in rules.placeholders:
            phrase = Phrase(placeholder.text, DEBT_MENTION, "placeholder")
            found.append(Match(phrase, placeholder.start, placeholder.end))
    return sorted(found, key=lambda m: (m.start, m.end))


def run_third_party_disclosure(ctx: Context, params: ThirdPartyDisclosure) -> Iterator[Diagnostic]:
    playbook = ctx.playbook
    rules = debt_rules(params.phrases, params.languages)
    senders: dict[str, list[tuple[Stage, Action]]] = {}
    for stage, action in playbook.actions():
        if action.target in params.targets and action.template is not None:
            senders.setdefault(action.template.text, []).append((stage, action))
    for name, sent_by in senders.items():
        template = playbook.template(name)
        if template is None:
            continue
        stage, action = sent_by[0]
        more = f", and {len(sent_by) - 1} more" if len(sent_by) > 1 else ""
        # No line in the message (baseline identity): the sending action is a related place.
        sender = f"sent to {action.target} (stage {stage.name}{more})"
        text = template.text
        matches = debt_mentions(text, rules)
        if not matches:
            continue
        sending = tuple(
            Related(a.span, f"{a.channel} to {a.target} sends it") for _, a in sent_by[:1]
        )
        yield grouped_matches(
            template,
            matches,
            f"template '{name}' {sender} mentions the debt: {quoted_list(text, matches)}",
            "a message to a third party may only ask the borrower to get in touch; "
            "say nothing about a debt, a loan, an amount or a payment",
            sending,
        )


THIRD_PARTY_DISCLOSURE = Check(
    spec=PB503,
    summary="a message to a third party mentions the debt",
    run=run_third_party_disclosure,
    doc=CheckDoc(
        what=(
            "For every action whose target is one of `targets` (by default every third party: "
            "emergency contact, family, employer, phone contacts, others; not the guarantor), "
            "looks in its template for words that reveal a debt: the bundled debt-mention "
            "list (debt, owe, overdue, collection, 欠款, 逾期, 催收, utang, tagihan, बकाया, "
            "karz…; in `languages`, default all of en, zh, id, fil, hi) and placeholders that "
            "carry debt data ({amount}, {due_date}…), or the ruleset's own `phrases`. The "
            "finding points at the word and names the action that sends the template to "
            "the third party."
        ),
        why=(
            "Telling a relative, employer or contact that someone owes money is a privacy "
            "breach and a shaming tactic. US law lets a collector ask a third party only for "
            "location information and forbids saying the consumer owes a debt (FDCPA 1692b, "
            "Reg F 1006.10); Chinese rules forbid disclosing the debt to contacts (GB/T 45251, "
            "banking-association guideline 2026)."
        ),
        example=(
            'playbook "locate"\n'
            "timezone America/New_York\n"
            'template ec_locate call "Hi, we are calling about {name}, who owes us {amount}."\n'
            "stage late days 31..90 {\n"
            "  call to emergency_contact using ec_locate on day 45 at 11:00 "
            "after unreachable\n"
            "}\n"
        ),
        use_instead=(
            'playbook "locate"\n'
            "timezone America/New_York\n"
            'template ec_locate call "Hi, this is Jane from Acme. We are trying to reach '
            '{name}. Could you ask them to call us back at {callback_number}?"\n'
            "stage late days 31..90 {\n"
            "  call to emergency_contact using ec_locate on day 45 at 11:00 "
            "after unreachable\n"
            "}\n"
        ),
    ),
)


# --------------------------------------------------------------------------- PB504


def run_unknown_placeholder(ctx: Context, params: UnknownPlaceholder) -> Iterator[Diagnostic]:
    """checks.md v2: with a ``placeholders`` header every other name is reported; without
    one, only a name within a typo's distance of a known one (a lender's own variables are
    not the linter's business)."""
    declared = ctx.playbook.placeholders
    if declared is not None:
        known = tuple(dict.fromkeys(n.text for n in declared))
    else:
        known = params.placeholders or known_placeholders()
    known_set = frozenset(known)
    for template in ctx.playbook.templates:
        text = template.text
        for placeholder in find_placeholders(text.value):
            if placeholder.name in known_set:
                continue
            near = nearest_placeholder(placeholder.name, known)
            if declared is None and near is None:
                continue
            if near is not None:
                hint = f"did you mean {{{near}}}?"
            else:
                hint = "use a placeholder the playbook declares, or add it to `placeholders`"
            why = " (not in the playbook's `placeholders`)" if declared is not None else ""
            yield Diagnostic(
                text.span_of(placeholder.start, placeholder.end),
                f"unknown placeholder {placeholder.text} in template '{template.name}'{why}",
                help=hint,
                anchor=template_anchor(template),
            )


def nearest_placeholder(name: str, known: Sequence[str]) -> str | None:
    """The known name a typo of ``name`` most likely meant: optimal-string-alignment distance
    1 for names under 10 characters, at most 2 for longer ones (checks.md v2 precisions)."""
    limit = 1 if len(name) < 10 else 2
    best: tuple[int, str] | None = None
    for candidate in known:
        if abs(len(candidate) - len(name)) > limit:
            continue
        distance = osa_distance(name, candidate, limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None


UNKNOWN_PLACEHOLDER = Check(
    spec=PB504,
    summary="a template uses a placeholder no one fills in",
    run=run_unknown_placeholder,
    doc=CheckDoc(
        what=(
            "Finds `{x}` placeholders (a letter or _, then letters, digits, _ or .) that no one "
            "fills in. When the playbook declares its `placeholders`, every other name is "
            "reported. When it does not, only typos are: a name that is not in the known "
            "list (the ruleset's `placeholders`, by default the bundled list of common ones: "
            "name, amount, due_date, callback_number…) but within one edit of a known name "
            "(two for names of 10 characters or more; edits are insertions, deletions, "
            "substitutions and swaps of neighbours). Names are case-sensitive."
        ),
        why=(
            'A misspelt placeholder is sent as written: the borrower reads "Dear {nmae}" or, '
            "worse, a blank where the amount or the deadline should be, and a notice with a "
            "wrong or missing amount can be misleading."
        ),
        example=(
            'playbook "placeholders"\n'
            "timezone Europe/London\n"
            'template reminder sms "Hi {nmae}, {amount} is due on {due_date}. Reply STOP to '
            'opt out."\n'
            "stage reminder days -3..0 {\n"
            "  sms using reminder on day -3 at 10:00\n"
            "}\n"
        ),
        use_instead=(
            'playbook "placeholders"\n'
            "timezone Europe/London\n"
            'template reminder sms "Hi {name}, {amount} is due on {due_date}. Reply STOP to '
            'opt out."\n'
            "stage reminder days -3..0 {\n"
            "  sms using reminder on day -3 at 10:00\n"
            "}\n"
        ),
        appendix=("Known placeholders", lambda: ", ".join(known_placeholders())),
    ),
)


CHECKS: tuple[AnyCheck, ...] = (
    PROHIBITED_CONTENT,
    THIRD_PARTY_DISCLOSURE,
    UNKNOWN_PLACEHOLDER,
)
