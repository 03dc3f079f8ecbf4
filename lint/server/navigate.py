"""Hover, go to definition, references and the outline of one document."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lsprotocol import types

from ..analysis.timeline import DAY_MINUTES, ActionPlan, Count, Timeline, busiest
from ..editing.format import playbook_limit_text
from ..model import Action, Name, Playbook, Position, Span, Stage, Template
from ..output.docs import explain
from ..run.suppressions import comments
from .analysis import Analysis
from .positions import from_position, to_range

_WORD = re.compile(r"[\w/.\-]+")


def _word_at(analysis: Analysis, line: int, column: int) -> tuple[str, Span] | None:
    if not 0 < line <= len(analysis.lines):
        return None
    for match in _WORD.finditer(analysis.lines[line - 1]):
        if match.start() < column <= match.end() + 1 and match.start() + 1 <= column:
            span = Span(line, match.start() + 1, line, match.end() + 1)
            return match.group(), span
    return None


def _in_comment(analysis: Analysis, line: int, column: int) -> bool:
    return any(n == line and c < column for n, c, _ in comments(analysis.text, analysis.form))


def _contains(span: Span, line: int, column: int) -> bool:
    return (span.line, span.column) <= (line, column) < (span.end_line, span.end_column)


# --------------------------------------------------------------------------- names


def template_names(analysis: Analysis) -> Iterator[tuple[Name, Template | None]]:
    """Every place a template name is written: definitions, then each ``using``."""
    playbook = analysis.playbook
    if playbook is None:
        return
    for template in playbook.templates:
        yield template.name, template
    for _, action in playbook.actions():
        if action.template is not None:
            yield action.template, playbook.template(action.template.text)


def _name_at(analysis: Analysis, line: int, column: int) -> tuple[str, str] | None:
    """("template"|"stage", name) under the cursor."""
    playbook = analysis.playbook
    if playbook is None:
        return None
    for name, _ in template_names(analysis):
        if _contains(name.span, line, column) or name.span.end == Position(line, column):
            return "template", name.text
    for stage in playbook.stages:
        if _contains(stage.name.span, line, column):
            return "stage", stage.name.text
    return None


def _named(analysis: Analysis, position: types.Position) -> tuple[str, str, Playbook] | None:
    """What ``definition`` and ``references`` ask about: the name under the cursor."""
    line, column = from_position(analysis.lines, position)
    found = _name_at(analysis, line, column)
    if found is None or analysis.playbook is None:
        return None
    return found[0], found[1], analysis.playbook


def _locations(analysis: Analysis, spans: list[Span]) -> list[types.Location]:
    return [types.Location(uri=analysis.uri, range=to_range(analysis.lines, s)) for s in spans]


def definition(analysis: Analysis, position: types.Position) -> list[types.Location]:
    named = _named(analysis, position)
    if named is None:
        return []
    kind, text, playbook = named
    if kind == "template":
        return _locations(
            analysis, [t.name.span for t in playbook.templates if t.name.text == text]
        )
    return _locations(analysis, [s.name.span for s in playbook.stages if s.name.text == text])


def references(
    analysis: Analysis, position: types.Position, include_declaration: bool
) -> list[types.Location]:
    named = _named(analysis, position)
    if named is None:
        return []
    kind, text, playbook = named
    spans: list[Span] = []
    if kind == "template":
        for name, template in template_names(analysis):
            is_definition = template is not None and template.name is name
            if name.text == text and (include_declaration or not is_definition):
                spans.append(name.span)
    elif include_declaration:
        # Stages are named, never referred to: the definition is the only reference.
        spans = [s.name.span for s in playbook.stages if s.name.text == text]
    return _locations(analysis, spans)


# --------------------------------------------------------------------------- hover


def hover(analysis: Analysis, position: types.Position) -> types.Hover | None:
    line, column = from_position(analysis.lines, position)
    word = _word_at(analysis, line, column)
    text: str | None = None
    span: Span | None = None
    if word is not None and _in_comment(analysis, line, column):
        text, span = _check_page(word[0]), word[1]
    if text is None:
        found = _name_at(analysis, line, column)
        if found is not None and found[0] == "template" and analysis.playbook is not None:
            template = analysis.playbook.template(found[1])
            text = _template_hover(template) if template else None
            span = word[1] if word else None
    if text is None:
        text, span = _action_hover(analysis, line, column)
    if text is None:
        return None
    value = types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)
    place = to_range(analysis.lines, span) if span else None
    return types.Hover(contents=value, range=place)


def _check_page(word: str) -> str | None:
    if not re.fullmatch(r"PB\d{3}|[\w.\-]+/[\w.\-]+", word):
        return None
    try:
        return explain(word)
    except LookupError:
        return None


def _template_hover(template: Template) -> str:
    notice = f", notice {template.notice}" if template.notice else ""
    if template.limited_content:
        notice += ", limited-content message (Regulation F 1006.2(j))"
    if template.attachments:
        notice += ", attaches " + ", ".join(str(k) for k in template.attachments)
    body = template.text.value.replace("```", "` ` `")
    return f"**template {template.name.text}** ({template.channel}{notice})\n\n```\n{body}\n```"


def _count(value: Count) -> str:
    return "unbounded" if value is None else str(value)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _action_hover(analysis: Analysis, line: int, column: int) -> tuple[str | None, Span | None]:
    playbook = analysis.playbook
    if playbook is None:
        return None, None
    hit = next(
        ((s, a) for s, a in playbook.actions() if a.span.line <= line <= a.span.end_line),
        None,
    )
    if hit is None:
        return None, None
    stage, action = hit
    context = analysis.context
    if context is None:
        return "worst case: not analysed while the file has errors (PB001-PB004)", action.span
    try:
        plan = next(p for p in context.timeline.plans if p.stage is stage and p.action is action)
        return _worst_case(analysis, stage, action, plan), action.span
    except Exception:  # a bug in the analysis must not take the editor's hover down
        return None, None


def _worst_case(analysis: Analysis, stage: Stage, action: Action, plan: ActionPlan) -> str:
    if not plan.fires:
        return f"**{plan.describe()}** in stage {stage.name.text}: can never fire"
    lines = [
        f"**{plan.describe()}** in stage {stage.name.text}, worst case "
        f"(days {plan.first}-{plan.last}):",
        "",
    ]
    for label, days in (("one day", 1), ("any 7 days", 7), ("any 30 days", 30)):
        found = busiest([plan], days * DAY_MINUTES)
        lines.append(f"- {label}: {_count(found.count if found else 0)}")
    context = analysis.context
    if context is not None:
        lines += _clamps(plan, context.timeline)
    if not action.channel.takes_timing or context is None:
        lines += ["", "No hour of the day (letters and legal steps)."]
        return "\n".join(lines)
    lines += ["", "Local hours:"]
    for zone in context.timeline.zones:
        reaches = context.timeline.local_reach(plan, zone)
        if not reaches:
            continue
        earliest = min(r.earliest for r in reaches)
        latest = max(r.latest for r in reaches)
        lines.append(f"- `{zone or 'playbook clock'}`: {_clock(earliest)}-{_clock(latest)}")
    return "\n".join(lines)


_WINDOW_OF = {"hour": ("any hour", 60), "day": ("one day", DAY_MINUTES)}


def _clamps(plan: ActionPlan, timeline: Timeline) -> list[str]:
    """The playbook-wide limits that clamp this action (language.md v3 item 1), and what
    they let it and the other actions they cover hold together."""
    if not plan.shared:
        return []
    lines = ["", "Clamped by playbook-wide limits (counts above include them):"]
    for cap in plan.shared:
        members = [p for p in timeline.live() if any(c.index == cap.index for c in p.shared)]
        others = len(members) - 1
        lines.append(f"- `{playbook_limit_text(cap.limit)}` (line {cap.limit.span.line})")
        with_others = f"with {others} other action{'s' if others != 1 else ''}"
        for limit in cap.limits:
            label, minutes = _WINDOW_OF.get(
                limit.per.value, (f"any {limit.per.minutes // DAY_MINUTES} days", 0)
            )
            found = busiest(members, minutes or limit.per.minutes, limit.connected)
            lines.append(
                f"  - {with_others}: {_count(found.count if found else 0)} in {label} "
                f"(at most {limit.count})"
            )
    return lines


# --------------------------------------------------------------------------- outline


def symbols(analysis: Analysis) -> list[types.DocumentSymbol]:
    """Header, templates, stages (with their actions) and handlers."""
    playbook = analysis.playbook
    if playbook is None:
        return []

    def symbol(
        name: str,
        kind: types.SymbolKind,
        span: Span,
        selection: Span | None = None,
        children: list[types.DocumentSymbol] | None = None,
    ) -> types.DocumentSymbol:
        whole = to_range(analysis.lines, span)
        return types.DocumentSymbol(
            name=name or "?",
            kind=kind,
            range=whole,
            selection_range=to_range(analysis.lines, selection) if selection else whole,
            children=children,
        )

    found = [symbol(f"playbook {playbook.name}", types.SymbolKind.File, playbook.span)]
    for template in playbook.templates:
        found.append(
            symbol(
                f"template {template.name.text}",
                types.SymbolKind.String,
                template.span,
                template.name.span,
            )
        )
    for stage in playbook.stages:
        actions = [
            symbol(
                a.channel.value
                + (f" to {a.target}" if a.target.value != "borrower" else "")
                + (f" using {a.template.text}" if a.template else ""),
                types.SymbolKind.Event,
                a.span,
            )
            for a in stage.actions
        ]
        last = "" if stage.last_day is None else str(stage.last_day)
        found.append(
            symbol(
                f"stage {stage.name.text} (days {stage.first_day}..{last})",
                types.SymbolKind.Namespace,
                stage.span,
                stage.name.span,
                actions,
            )
        )
    for handler in playbook.handlers:
        found.append(
            symbol(
                f"on {handler.event.text}: {handler.verb}", types.SymbolKind.Function, handler.span
            )
        )
    return found
