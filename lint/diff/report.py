"""The formats of ``playbook-lint diff``: text, json, markdown (a pull-request comment) and
github (workflow-command annotations on the NEW file's lines).

Everything taken from a playbook is escaped by the rules of ``output/escape.py``, in one
place (``render`` adds each diff ``_escaped``: findings as check's formats have them, names
and changes ``visible_but_breaks``), so no control character (ESC, CSI, a bidi override)
reaches any format raw; text and Markdown lines are then ``one_line`` (line breaks become
spaces), JSON and GitHub encode the breaks left themselves.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from ..output.common import label
from ..output.escape import escaped, markdown_text, one_line, visible_but_breaks
from ..output.github import escape_data, escape_property
from ..output.json_report import finding_object
from ..output.registry import formats
from ..output.sink import Buffered, Format, Write, render_items
from .compare import LOOSENS, NEUTRAL, TIGHTENS, Change, PlaybookDiff


def _optional(text: str | None) -> str | None:
    return None if text is None else visible_but_breaks(text)


def _escaped(d: PlaybookDiff) -> PlaybookDiff:
    """``d`` with every value from a playbook or a file name escaped for a format that
    encodes line breaks itself: findings as check's formats have them, the rest
    ``visible_but_breaks`` (a template's line breaks are content)."""
    return replace(
        d,
        name=visible_but_breaks(d.name),
        old=_optional(d.old),
        new=_optional(d.new),
        new_findings=tuple(escaped(f) for f in d.new_findings),
        fixed_findings=tuple(escaped(f) for f in d.fixed_findings),
        changed_findings=tuple((escaped(a), escaped(b)) for a, b in d.changed_findings),
        changes=tuple(
            replace(
                c,
                aspect=visible_but_breaks(c.aspect),
                subject=visible_but_breaks(c.subject),
                old=visible_but_breaks(c.old),
                new=visible_but_breaks(c.new),
            )
            for c in d.changes
        ),
    )


def totals(diffs: Sequence[PlaybookDiff]) -> dict[str, int]:
    effects = Counter(c.effect for d in diffs for c in d.changes)
    return {
        LOOSENS: effects.get(LOOSENS, 0),
        TIGHTENS: effects.get(TIGHTENS, 0),
        NEUTRAL: effects.get(NEUTRAL, 0),
        "new_findings": sum(len(d.new_findings) for d in diffs),
        "fixed_findings": sum(len(d.fixed_findings) for d in diffs),
        "changed_findings": sum(len(d.changed_findings) for d in diffs),
    }


def _totals_line(diffs: Sequence[PlaybookDiff]) -> str:
    t = totals(diffs)
    return (
        f"{t[LOOSENS]} loosens, {t[TIGHTENS]} tightens, {t[NEUTRAL]} neutral; "
        f"{t['new_findings']} new findings, {t['fixed_findings']} fixed, "
        f"{t['changed_findings']} changed"
    )


def render_text(diffs: Sequence[PlaybookDiff]) -> str:
    lines: list[str] = []
    for d in diffs:
        if d.status == "same":
            continue
        old, new = one_line(d.old or "-"), one_line(d.new or "-")
        lines.append(f"{one_line(d.name)} ({d.status}: {old} -> {new})")
        lines.append(
            f"  findings: {len(d.new_findings)} new, {len(d.fixed_findings)} fixed, "
            f"{len(d.changed_findings)} changed, {d.unchanged_findings} unchanged"
        )
        for f in d.new_findings:
            where = f"{one_line(f.path)}:{f.line}:{f.column}"
            lines.append(f"  + {where}: {f.severity} {label(f)} {one_line(f.message)}")
        for f in d.fixed_findings:
            lines.append(f"  - {label(f)} {one_line(f.message)} (was line {f.line})")
        for was, f in d.changed_findings:
            where = f"{one_line(f.path)}:{f.line}:{f.column}"
            lines.append(f"  ~ {where}: {f.severity} {label(f)} {one_line(f.message)}")
            lines.append(f"      was: {one_line(was.message)} (line {was.line})")
        for c in d.changes:
            lines.append(f"  {c.effect:<8}  {one_line(c.describe())}")
    lines.append(_totals_line(diffs))
    return "\n".join(lines) + "\n"


def _change_object(change: Change) -> dict[str, Any]:
    return {
        "aspect": change.aspect,
        "subject": change.subject,
        "old": change.old,
        "new": change.new,
        "class": change.effect,
        "line": change.line,
    }


def render_json(diffs: Sequence[PlaybookDiff]) -> str:
    data = {
        "summary": totals(diffs),
        "playbooks": [
            {
                "name": d.name,
                "old": d.old,
                "new": d.new,
                "status": d.status,
                "new_findings": [finding_object(f) for f in d.new_findings],
                "fixed_findings": [finding_object(f) for f in d.fixed_findings],
                "changed_findings": [
                    {"old": finding_object(a), "new": finding_object(b)}
                    for a, b in d.changed_findings
                ],
                "unchanged_findings": d.unchanged_findings,
                "changes": [_change_object(c) for c in d.changes],
            }
            for d in diffs
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _md(text: str) -> str:
    """Safe in a Markdown table cell: no HTML, no table break, no code-span break."""
    return markdown_text(text)


_MARK = {LOOSENS: "⚠️ loosens", TIGHTENS: "✅ tightens", NEUTRAL: "neutral"}


def render_markdown(diffs: Sequence[PlaybookDiff]) -> str:
    out = ["## playbook-lint diff", "", _totals_line(diffs), ""]
    for d in diffs:
        if d.status == "same":
            continue
        out += [f"### {_md(d.name)} ({d.status})", ""]
        if d.new_findings or d.fixed_findings or d.changed_findings:
            out += ["| | finding | line |", "|---|---|---|"]
            out += [
                f"| new | {_md(label(f))} {_md(f.message)} | {f.line} |" for f in d.new_findings
            ]
            out += [
                f"| fixed | {_md(label(f))} {_md(f.message)} | {f.line} |" for f in d.fixed_findings
            ]
            out += [
                f"| changed | {_md(label(f))} {_md(f.message)} (was: {_md(was.message)}) "
                f"| {f.line} |"
                for was, f in d.changed_findings
            ]
            out.append("")
        if d.changes:
            out += ["| class | what | old | new |", "|---|---|---|---|"]
            out += [
                f"| {_MARK[c.effect]} | {_md(c.aspect)}: {_md(c.subject)} | {_md(c.old)} | "
                f"{_md(c.new)} |"
                for c in d.changes
            ]
            out.append("")
    return "\n".join(out) + "\n"


_LEVEL = {LOOSENS: "warning", TIGHTENS: "notice", NEUTRAL: "notice"}


def render_github(diffs: Sequence[PlaybookDiff]) -> str:
    """Annotations on NEW: an error or warning per new finding, a notice per changed one
    (it was there before), a warning per loosening, a notice per other change; a removed
    playbook has no NEW file and is a plain notice."""
    lines = []
    for d in diffs:
        for f in d.new_findings:
            props = f"file={escape_property(f.path)},line={f.line},col={f.column}"
            title = escape_property(f"playbook-lint diff: new {label(f)}")
            level = "error" if str(f.severity) == "error" else "warning"
            lines.append(f"::{level} {props},title={title}::{escape_data(f.message)}")
        for was, f in d.changed_findings:
            props = f"file={escape_property(f.path)},line={f.line},col={f.column}"
            title = escape_property(f"playbook-lint diff: changed {label(f)}")
            message = escape_data(f"{f.message} (was: {was.message})")
            lines.append(f"::notice {props},title={title}::{message}")
        for c in d.changes:
            message = escape_data(c.describe())
            title = escape_property(f"playbook-lint diff: {c.effect}")
            if d.new is None:
                lines.append(f"::notice title={title}::{message}")
            else:
                props = f"file={escape_property(d.new)},line={c.line}"
                lines.append(f"::{_LEVEL[c.effect]} {props},title={title}::{message}")
    lines.append(_totals_line(diffs))
    return "\n".join(lines) + "\n"


DiffFormat = Format[None, Buffered[PlaybookDiff]]


def _whole(name: str, render_all: Callable[[Sequence[PlaybookDiff]], str]) -> DiffFormat:
    """A diff format: each needs the whole run (totals close every one of them)."""

    def open_sink(write: Write, options: None) -> Buffered[PlaybookDiff]:
        return Buffered(write, render_all)

    return Format(name, open_sink)


# The formats of `diff --format`, each a line of the one table (run/format_table.py).
TEXT = _whole("text", render_text)
JSON = _whole("json", render_json)
MARKDOWN = _whole("markdown", render_markdown)
GITHUB = _whole("github", render_github)


def render(name: str, diffs: Sequence[PlaybookDiff]) -> str:
    """The report of ``diffs`` in format ``name``: open its sink, add each (escaped: the
    one place, so a format added to the table gets escaped values), finish."""
    found: DiffFormat = formats("diff")[name]
    return render_items(found, None, [_escaped(d) for d in diffs])
