"""Completion: the keywords the LALR parser can take next at the cursor (its expected
terminals, asked of Lark's interactive parser), plus the names that fit there: channels,
targets, events, notice kinds, template and zone names, ruleset ids."""

from __future__ import annotations

import re
import zoneinfo
from functools import cache

from lark.exceptions import LarkError
from lsprotocol import types

from ..model import (
    KNOWN_EVENTS,
    AttachmentKind,
    Channel,
    Instalments,
    NoticeKind,
    Period,
    SkipKind,
    Target,
    Unit,
)
from ..rules.normalise import find_placeholders
from ..rules.rulesets import bundled_ruleset_ids
from ..syntax.parse_dsl import cut
from ..syntax.phrase_parser import channel_set_words, dsl_parser
from .analysis import Analysis
from .positions import from_position

# Terminals that are not keywords (names, numbers, punctuation).
_NOT_KEYWORDS = frozenset(
    {"NAME", "WORD", "CLOCK", "INT", "LONG_STRING", "SHORT_STRING", "RBRACE", "$END"}
)
_PARTIAL = re.compile(r"[\w/+\-.]*$")


def expected(prefix: str, start: str) -> frozenset[str] | None:
    """The terminals the parser accepts after ``prefix`` (None: the prefix is broken)."""
    try:
        interactive = dsl_parser().parse_interactive(prefix, start=start)
        interactive.exhaust_lexer()
        accepted: set[str] = interactive.accepts()  # type: ignore[no-untyped-call]
        return frozenset(accepted)
    except (LarkError, RecursionError):
        return None


@cache
def _zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def _names_after(previous: list[str], analysis: Analysis) -> tuple[list[str], bool]:
    """The names that fit where a NAME/WORD is expected, from the words before it; the
    flag says whether they are zone-like WORDs."""
    templates = [t.name.text for t in analysis.playbook.templates] if analysis.playbook else []
    # ``placeholders`` (v2): the {names} the templates use, each once, in order of use.
    used = (
        find_placeholders(t.text.value)
        for t in (analysis.playbook.templates if analysis.playbook else ())
    )
    placeholders = list(dict.fromkeys(p.name for found in used for p in found))
    # A channel set may name ``notices`` (v2): the actions that send a required notice.
    channel_words = channel_set_words()
    keywords = [w for w in previous if w not in (",",)]
    last = keywords[-1] if keywords else ""
    table: dict[str, list[str]] = {
        "to": Target.all_words(),
        "using": templates,
        "after": sorted(KNOWN_EVENTS),
        "until": sorted(KNOWN_EVENTS),
        "on": sorted(KNOWN_EVENTS),
        "skip": SkipKind.all_words(),
        "per": Period.all_words(),
        "notice": NoticeKind.all_words(),
        "attach": AttachmentKind.all_words(),
        "instalments": Instalments.all_words(),
        "stop": ["all", *channel_words],
        "pause": ["all", *channel_words],
        "except": channel_words,
        "placeholders": placeholders,
        "jurisdiction": list(bundled_ruleset_ids()),
    }
    if last in ("timezone", "in"):
        return list(_zones()), True
    if last == "template" and len(keywords) >= 2:
        return Channel.all_words(), False
    if len(keywords) >= 2 and keywords[-2] == "every":
        return Unit.all_words(), False
    if not keywords:
        return Channel.all_words(), False
    # Inside a comma list, the list's keyword decides (``skip weekends, …``).
    for word in reversed(keywords):
        if word in table:
            return table[word], False
        if not re.fullmatch(r"[\w/+\-.]+", word):
            break
    return [], False


def _piece_start(analysis: Analysis, line: int, prefix: str) -> tuple[str, str] | None:
    """The start symbol and text to parse for the cursor's line: an action inside a
    stage, a stage opening, a top-level statement; in YAML, an action or handler item."""
    if analysis.form == "yaml":
        item = re.match(r"\s*-\s+[\"']?", prefix)
        if item is None:
            return None
        above = analysis.lines[: line - 1]
        section = next(
            (
                m.group(1)
                for m in map(re.compile(r"\s*(actions|handlers)\s*:").match, reversed(above))
                if m
            ),
            None,
        )
        if section is None:
            return None
        return ("action" if section == "actions" else "handler"), prefix[item.end() :]
    before = "\n".join(analysis.lines[: line - 1])
    pieces = cut(before)
    # A stage still open where the cursor's line begins: the scanner ends with it unclosed.
    in_stage = bool(pieces) and pieces[-1].kind == "unclosed" and pieces[-1].start == len(before)
    stripped = prefix.lstrip()
    if in_stage:
        return "action", stripped
    if stripped.startswith("stage"):
        return "stage_open", stripped
    return "statement", stripped


def completion(analysis: Analysis, position: types.Position) -> list[types.CompletionItem]:
    if analysis.oversized:
        return []
    line, column = from_position(analysis.lines, position)
    if line > len(analysis.lines):
        return []
    prefix = analysis.lines[line - 1][: column - 1]
    if "#" in prefix:
        return []
    found = _piece_start(analysis, line, prefix)
    if found is None:
        return []
    start, text = found
    partial = _PARTIAL.search(text)
    head = text[: partial.start()] if partial else text
    accepted = expected(head, start)
    if accepted is None:
        return []
    items: list[types.CompletionItem] = []
    keywords = sorted(
        t.lower() for t in accepted if t not in _NOT_KEYWORDS and not t.startswith("_")
    )
    if start == "statement" and not head.strip():
        # A stage is read from its own start symbol; at the top it is one more choice.
        keywords.append("stage")
    for word in keywords:
        items.append(types.CompletionItem(label=word, kind=types.CompletionItemKind.Keyword))
    if accepted & {"NAME", "WORD"}:
        previous = re.findall(r"[\w/+\-.]+|,", head)
        names, zones = _names_after(previous, analysis)
        kind = types.CompletionItemKind.Value if zones else types.CompletionItemKind.EnumMember
        seen = set(keywords)
        for name in names:
            if name not in seen:
                seen.add(name)
                items.append(types.CompletionItem(label=name, kind=kind))
    return items
