"""Fixes for findings, as ruff has them: ``check --fix`` / ``--unsafe-fixes`` / ``--diff``
and the language server's code actions.

A fix is *safe* when it cannot change what the playbook means beyond the finding,
*unsafe* otherwise (adding a limit, a handler, deleting a template someone wrote, removing
a suppression and the reason written in it): only safe fixes apply unless asked. No fix
deletes a comment's text except the unsafe removal of a suppression (cli.md v3 item 2):
a written reason is a person's work, and a typo elsewhere must never cost it.

Fixes are made here, from the finding, the text and the model, so the checks stay pure
and know nothing of edits. Each one is verified: applied, the file re-linted, and kept
only if the finding it was made for is gone (``fix_text``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ..checks.base import Applicability
from ..checks.frequency import CAP
from ..diagnostics import Finding, PlaybookSyntaxError
from ..model import Action, Handler, Playbook, Span, Template
from ..run.engine import BLOCKING_CODES
from ..run.suppressions import Scope, comments, find_suppressions, form_of
from ..syntax.parse import is_yaml_name, parse_source
from ..syntax.phrase_parser import HANDLER, parse_phrase
from ..syntax.positions import TableLocator, line_starts


@dataclass(frozen=True)
class Edit:
    """Replace ``span`` (1-based, end exclusive; an empty span inserts) with ``text``."""

    span: Span
    text: str


@dataclass(frozen=True)
class Fix:
    finding: Finding
    title: str
    applicability: Applicability
    edits: tuple[Edit, ...]


# --------------------------------------------------------------------------- the source


class Source:
    """A file's text with offsets, its form and its model (None if it did not parse)."""

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.yaml = is_yaml_name(path)
        self.starts = line_starts(text)
        self.lines = text.split("\n")
        self.playbook: Playbook | None = parse_source(text, path).playbook

    def offset(self, line: int, column: int) -> int:
        line = max(1, min(line, len(self.starts)))
        return min(self.starts[line - 1] + column - 1, len(self.text))

    def line_end(self, line: int) -> Span:
        """An empty span at the end of ``line``."""
        length = len(self.lines[line - 1]) if line <= len(self.lines) else 0
        return Span(line, length + 1, line, length + 1)

    def slice(self, span: Span) -> str:
        return self.text[
            self.offset(span.line, span.column) : self.offset(span.end_line, span.end_column)
        ]

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


def _whole_lines(first: int, last: int) -> Span:
    """Lines ``first``..``last`` with their line breaks."""
    return Span(first, 1, last + 1, 1)


# --------------------------------------------------------------------------- the fixers


def _unused_suppression(source: Source, finding: Finding) -> Fix | None:
    """PB012: drop the selector; the whole comment when nothing in it is used."""
    found = [
        s
        for s in find_suppressions(source.text, form_of(source.path))
        if s.span.line == finding.line
        and any(sel.span.column == finding.column for sel in s.selectors)
    ]
    if not found:
        return None
    suppression = found[0]
    others = [s for s in suppression.selectors if s.span.column != finding.column]
    selector = next(s for s in suppression.selectors if s.span.column == finding.column)
    because = f" (reason: {suppression.reason})" if suppression.reason else ""
    title = f"Remove unused `{selector.text}` from the suppression{because}"
    if not others:
        line = source.lines[suppression.span.line - 1]
        before = line[: suppression.span.column - 1]
        if not before.strip():
            edit = Edit(_whole_lines(suppression.span.line, suppression.span.line), "")
        else:
            start = len(before.rstrip()) + 1
            end = len(line) + 1
            edit = Edit(Span(finding.line, start, finding.line, end), "")
        title = f"Remove the unused suppression{because}"
        return Fix(finding, title, Applicability.UNSAFE, (edit,))
    # Remove the selector and the comma that joins it to its neighbour.
    line = source.lines[finding.line - 1]
    start, end = selector.span.column - 1, selector.span.end_column - 1
    comma_after = re.match(r"\s*,\s*", line[end:])
    comma_before = re.search(r",\s*$", line[:start])
    if comma_after:
        end += comma_after.end()
    elif comma_before:
        start = comma_before.start()
    edit = Edit(Span(finding.line, start + 1, finding.line, end + 1), "")
    return Fix(finding, title, Applicability.UNSAFE, (edit,))


def _unused_template(source: Source, finding: Finding) -> Fix | None:
    """PB009: delete the template's lines (unsafe: it may be text an action forgot)."""
    template = _template_at(source.playbook, finding)
    if template is None:
        return None
    span = template.span
    last = span.end_line if span.end_column > 1 else span.end_line - 1
    # A YAML block's end runs over the blank and comment lines below it: keep those.
    while last > span.line and source.lines[last - 1].strip()[:1] in ("", "#"):
        last -= 1
    if source.slice(Span(span.line, 1, span.line, span.column)).strip():
        return None  # something else shares the line; leave it to a person
    after = source.lines[last - 1][_column_after(source, span, last) :]
    if after.strip() and not after.strip().startswith("}"):
        return None  # a comment (perhaps a reason) or code shares the line: keep it
    if any(span.line <= line <= last for line, _, _ in comments(source.text, form_of(source.path))):
        return None  # deleting these lines would delete a comment someone wrote
    name = template.name.text
    return Fix(
        finding,
        f"Delete the unused template '{name}'",
        Applicability.UNSAFE,
        (Edit(_whole_lines(span.line, last), ""),),
    )


def _column_after(source: Source, span: Span, last: int) -> int:
    return span.end_column - 1 if span.end_line == last else len(source.lines[last - 1])


def _template_at(playbook: Playbook | None, finding: Finding) -> Template | None:
    if playbook is None:
        return None
    return next((t for t in playbook.templates if t.name.span == finding.span), None)


def _action_at(playbook: Playbook | None, finding: Finding) -> Action | None:
    if playbook is None:
        return None
    inside = [
        a
        for _, a in playbook.actions()
        if (a.span.line, a.span.column) <= (finding.line, finding.column)
        and (finding.end_line, finding.end_column) <= (a.span.end_line, a.span.end_column)
    ]
    return inside[0] if inside else None


def _add_cap(source: Source, finding: Finding) -> Fix | None:
    """PB103: add ``max 1 per day`` to the action."""
    action = _action_at(source.playbook, finding)
    if action is None or action.limits:
        return None
    title = f"Add `{CAP}`"
    written = source.slice(action.span)
    if not source.yaml or not _is_mapping(written):
        end = Span(
            action.span.end_line,
            action.span.end_column,
            action.span.end_line,
            action.span.end_column,
        )
        return Fix(finding, title, Applicability.UNSAFE, (Edit(end, f" {CAP}"),))
    if re.search(r"(^|[\s{,])max\s*:", written):
        return None
    start = Span(action.span.line, action.span.column, action.span.line, action.span.column)
    if written.startswith("{"):
        after = Span(start.line, start.column + 1, start.line, start.column + 1)
        return Fix(
            finding,
            title,
            Applicability.UNSAFE,
            (Edit(after, f"{CAP.replace('max', 'max:', 1)}, "),),
        )
    indent = " " * (action.span.column - 1)
    return Fix(finding, title, Applicability.UNSAFE, (Edit(start, f"max: {CAP[4:]}\n{indent}"),))


def _is_mapping(written: str) -> bool:
    """A YAML action written as a mapping (``channel: sms`` / ``{channel: sms}``), not a phrase."""
    return written.startswith("{") or re.match(r"[\w-]+\s*:(\s|$)", written) is not None


_SUGGESTED_HANDLER = re.compile(r"`(on [^`]+)`")


def _add_handler(source: Source, finding: Finding) -> Fix | None:
    """PB701/PB102: add the handler the finding's help names, if it is a whole handler."""
    match = _SUGGESTED_HANDLER.search(finding.help or "")
    if match is None or source.playbook is None:
        return None
    phrase = match.group(1)
    try:
        handler, _ = parse_phrase(phrase, HANDLER, TableLocator(()))
    except PlaybookSyntaxError:
        return None  # `pause call` with no `until`/`for`: not a handler a tool may guess
    if not isinstance(handler, Handler):
        return None
    edit = _yaml_handler_edit(source, phrase) if source.yaml else _dsl_handler_edit(source, phrase)
    if edit is None:
        return None
    return Fix(finding, f"Add `{phrase}`", Applicability.UNSAFE, (edit,))


def _dsl_handler_edit(source: Source, phrase: str) -> Edit:
    handlers = source.playbook.handlers if source.playbook else ()
    if handlers:
        return Edit(source.line_end(handlers[-1].span.end_line), "\n" + phrase)
    end = len(source.lines)
    body = source.text.rstrip("\n")
    line, column = source.position(len(body))
    return Edit(Span(line, column, end, len(source.lines[-1]) + 1), "\n\n" + phrase + "\n")


def _yaml_handler_edit(source: Source, phrase: str) -> Edit | None:
    key = next((i for i, line in enumerate(source.lines) if re.match(r"handlers\s*:", line)), None)
    if key is None:
        body = source.text.rstrip("\n")
        line, column = source.position(len(body))
        end = Span(line, column, len(source.lines), len(source.lines[-1]) + 1)
        return Edit(end, f"\nhandlers:\n  - {phrase}\n")
    rest = source.lines[key].split(":", 1)[1].split("#", 1)[0].strip()
    if rest not in ("", "~", "null"):
        return None  # a flow list or something stranger: leave it to a person
    last, prefix = key + 1, "  - "
    for number in range(key + 2, len(source.lines) + 1):
        text = source.lines[number - 1]
        if text.strip() and not text.startswith((" ", "\t", "-", "#")):
            break
        if text.strip() and not text.lstrip().startswith("#"):
            last = number
            item = re.match(r"(\s*-\s+)", text)
            if item and number == key + 2:
                prefix = item.group(1)
    if rest:
        return Edit(
            Span(
                key + 1,
                len(source.lines[key]) - len(source.lines[key].lstrip()) + 1,
                key + 1,
                len(source.lines[key]) + 1,
            ),
            f"handlers:\n{prefix}{phrase}",
        )
    return Edit(source.line_end(last), f"\n{prefix}{phrase}")


# One group the finding says is missing: ``none of "a", "b"`` (``; and none of …`` for the
# next one, as PB502 writes them for ``all_of``).
_MISSING_GROUP = re.compile(r'none of ((?:"(?:[^"\\]|\\.)*"(?:, )?)+)')
_PHRASE = re.compile(r'"((?:[^"\\]|\\.)*)"')


def missing_groups(message: str) -> list[list[str]]:
    """The phrase groups a PB502 finding says the template misses, in the message's order."""
    return [_PHRASE.findall(group.group(1)) for group in _MISSING_GROUP.finditer(message)]


def _sentence(phrase: str) -> str:
    """A phrase as a sentence of its own (matching ignores case, so capitals are safe)."""
    sentence = phrase[:1].upper() + phrase[1:]
    if sentence[-1:].isascii() and sentence[-1:].isalnum():
        sentence += "."
    return sentence


def _add_disclosure(source: Source, finding: Finding) -> Fix | None:
    """PB502: append, for every group of required wording the template misses, its first
    phrase that can be written into the string (unsafe: the sentences are the regulation's,
    the rest of the message is the lender's). A group with no writable phrase means no fix:
    a fix that satisfies only some groups would leave its finding standing."""
    groups = missing_groups(finding.message)
    template = _template_at(source.playbook, finding)
    if not groups or template is None:
        return None
    text = template.text
    if len(text.positions) != len(text.value) + 1:
        return None
    chosen: list[str] = []
    for group in groups:
        writable = (p for p in group if _literal_for(source, text.span, " " + _sentence(p)))
        phrase = next(writable, None)
        if phrase is None:
            return None
        chosen.append(phrase)
    literal = _literal_for(source, text.span, "".join(" " + _sentence(p) for p in chosen))
    if literal is None:
        return None
    end = text.positions[-1]
    added = " and ".join(f'"{p}"' for p in chosen)
    title = f"Add {added} to template '{template.name.text}'"
    span = Span(end.line, end.column, end.line, end.column)
    return Fix(finding, title, Applicability.UNSAFE, (Edit(span, literal),))


def _literal_for(source: Source, span: Span, words: str) -> str | None:
    """``words`` written for the string at ``span``: escaped for its quotes, refused in
    a YAML plain scalar where they would change its meaning."""
    opening = source.slice(Span(span.line, span.column, span.line, span.column + 1))
    if opening == '"':
        return words.replace("\\", "\\\\").replace('"', '\\"')
    if opening == "'":
        return words.replace("'", "''")
    if opening in ("|", ">") or not source.yaml:
        return words
    return None if re.search(r":\s|\s#|^[\s-]", words.strip()) else words


Fixer = Callable[[Source, Finding], Fix | None]

FIXERS: dict[str, Fixer] = {
    "PB009": _unused_template,
    "PB012": _unused_suppression,
    "PB102": _add_handler,
    "PB103": _add_cap,
    "PB502": _add_disclosure,
    "PB701": _add_handler,
}


def fixes_for(text: str, path: str, findings: Sequence[Finding]) -> list[Fix]:
    """A fix for each finding that has one, in the findings' order."""
    source = Source(text, path)
    fixes = []
    for finding in findings:
        fixer = FIXERS.get(finding.code)
        fix = fixer(source, finding) if fixer else None
        if fix is not None:
            fixes.append(fix)
    return fixes


# --------------------------------------------------------------------------- applying


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied (overlaps are a bug: ValueError)."""
    starts = line_starts(text)

    def offset(line: int, column: int) -> int:
        if line > len(starts):
            return len(text)
        return min(starts[line - 1] + column - 1, len(text))

    ordered = sorted(edits, key=lambda e: (e.span.line, e.span.column), reverse=True)
    end_of_next = len(text) + 1
    for edit in ordered:
        start = offset(edit.span.line, edit.span.column)
        end = offset(edit.span.end_line, edit.span.end_column)
        if end > end_of_next:
            raise ValueError("overlapping edits")
        text = text[:start] + edit.text + text[end:]
        end_of_next = start
    return text


@dataclass(frozen=True)
class Fixed:
    """What ``fix_text`` did to one file."""

    text: str
    applied: tuple[Fix, ...]
    # Fixes left out because they are unsafe and --unsafe-fixes was not given.
    unsafe_left: int


def _same(a: Finding, b: Finding) -> bool:
    return (a.code, a.rule, a.message) == (b.code, b.rule, b.message)


def fix_text(
    text: str,
    path: str,
    lint: Callable[[str], Sequence[Finding]],
    *,
    unsafe: bool,
    rounds: int = 50,
) -> Fixed:
    """Apply every wanted fix to ``text``, one at a time, keeping a fix only when the
    re-linted text no longer has the finding it was made for. ``lint`` gives the findings
    the user sees (selection and suppressions applied)."""
    applied: list[Fix] = []
    refused: list[Finding] = []
    findings = list(lint(text))
    for _ in range(rounds):
        candidates = [
            f
            for f in fixes_for(text, path, findings)
            if (unsafe or f.applicability is Applicability.SAFE)
            and not any(_same(f.finding, r) and f.finding.line == r.line for r in refused)
        ]
        if not candidates:
            break
        fix = candidates[0]
        try:
            new_text = apply_edits(text, fix.edits)
        except ValueError:
            refused.append(fix.finding)
            continue
        new_findings = list(lint(new_text))
        if any(_same(fix.finding, f) for f in new_findings if _near(f, fix)) or _breaks(
            findings, new_findings
        ):
            refused.append(fix.finding)
            continue
        text, findings = new_text, new_findings
        applied.append(fix)
    unsafe_left = sum(
        1 for f in fixes_for(text, path, findings) if f.applicability is Applicability.UNSAFE
    )
    return Fixed(text, tuple(applied), 0 if unsafe else unsafe_left)


def _breaks(before: Sequence[Finding], after: Sequence[Finding]) -> bool:
    """Does the fixed text parse worse? A fix that breaks the file also "removes" its
    finding (nothing is checked in a file that does not parse), so that alone is no proof."""

    def broken(findings: Sequence[Finding]) -> int:
        return sum(1 for f in findings if f.code in BLOCKING_CODES)

    return broken(after) > broken(before)


def _near(finding: Finding, fix: Fix) -> bool:
    """Is ``finding`` (after the fix) where the fixed one was? Edits move lines below them,
    so compare within the lines the edit spans and the shift it causes."""
    first = min(e.span.line for e in fix.edits)
    shift = sum(e.text.count("\n") - (e.span.end_line - e.span.line) for e in fix.edits)
    line = fix.finding.line if fix.finding.line < first else fix.finding.line + shift
    return abs(finding.line - line) <= max(0, shift) or finding.line == fix.finding.line


def fixable_codes() -> Iterator[str]:
    yield from FIXERS


def suppress_line(source_line: str, code: str, yaml: bool) -> str:
    """``line  # playbook-lint: ignore[CODE] -- `` for "suppress with a reason"."""
    del yaml  # both forms use `#` comments
    return f"{source_line.rstrip()}  # playbook-lint: {Scope.LINE}[{code}] -- "
