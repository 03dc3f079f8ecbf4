"""``playbook-lint convert FILE --to dsl|yaml``: either surface form into the other.

Both forms lower into one model, so converting is printing the model in the other form:
the DSL with ``format``'s printers, YAML with actions and handlers written as their DSL
phrases (language.md: the YAML form takes them as written). Comments travel with the
header statement, template, stage, action or handler they sit on or above; what has no
such place (a comment after the last statement) ends the file.

The output is parsed again and must give the same model; otherwise nothing is printed
(``ConvertError``): a YAML name the DSL cannot spell (``a b``) is refused, not mangled.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import yaml

from ..model import Name, Playbook, Span, Template
from ..run.check import RunError
from ..run.guard import Limits, bounded
from ..run.suppressions import comments
from ..syntax.parse import is_yaml_name, parse_source
from .format import (
    HEADER_ORDER,
    INDENT,
    action_text,
    handler_text,
    header_items,
    header_text,
    playbook_limit_text,
    stage_open_text,
    template_text,
    visible,
)

FORMS = ("dsl", "yaml")


class ConvertError(Exception):
    """The file cannot be converted faithfully (it does not parse cleanly, or the other
    form cannot say what it says)."""

    def __init__(self, span: Span, message: str) -> None:
        super().__init__(message)
        self.span = span
        self.message = message


# --------------------------------------------------------------------------- comment places


@dataclass
class Notes:
    """Comments that travel with one place: above it, and at the end of its line."""

    leading: list[str] = field(default_factory=list)
    trailing: list[str] = field(default_factory=list)


Place = tuple[str, int, int]  # ("template", 2, 0), ("action", stage, action), ("header", k, 0)

# Comments above everything: they head the converted file too.
HEAD: Place = ("head", 0, 0)
_HEADER_KEYS: tuple[str, ...] = tuple(HEADER_ORDER)
_YAML_HEADER = {"borrowers": "borrowers_in"}


def _header_lines(text: str, form: str) -> Iterator[tuple[Place, int, int]]:
    """The line of each header statement (the model keeps no span for most of them)."""
    for index, keyword in enumerate(_HEADER_KEYS):
        word = _YAML_HEADER.get(keyword, keyword) if form == "yaml" else keyword
        pattern = rf"^{re.escape(word)}:" if form == "yaml" else rf"^\s*{re.escape(word)}\b"
        match = re.search(pattern, text, re.MULTILINE)
        if match:
            line = text.count("\n", 0, match.start()) + 1
            yield ("header", index, 0), line, line


def _places(playbook: Playbook, text: str, form: str) -> list[tuple[Place, int, int]]:
    """Every place a comment can travel with, and the lines it is written on."""
    found = list(_header_lines(text, form))
    for i, limit in enumerate(playbook.limits):
        found.append((("limit", i, 0), limit.span.line, limit.span.end_line))
    for i, template in enumerate(playbook.templates):
        found.append((("template", i, 0), template.span.line, template.span.end_line))
    for i, stage in enumerate(playbook.stages):
        found.append((("stage", i, 0), stage.span.line, stage.days_span.end_line))
        for j, action in enumerate(stage.actions):
            found.append((("action", i, j), action.span.line, action.span.end_line))
    for i, handler in enumerate(playbook.handlers):
        found.append((("handler", i, 0), handler.span.line, handler.span.end_line))
    return sorted(found, key=lambda p: (p[1], -p[2]))


def attach_comments(
    playbook: Playbook, text: str, form: str
) -> tuple[dict[Place, Notes], list[str]]:
    """Each comment of ``text`` given to the place it sits on (trailing) or the first place
    below it (leading); the rest is the file's tail.

    Near-linear in comments and places (issue 23 item 6: it was their product): the
    place a line is on comes from a table, the place below from a binary search."""
    places = _places(playbook, text, form)
    notes: dict[Place, Notes] = {}
    tail: list[str] = []
    source_lines = text.split("\n")
    found = list(comments(text, form))
    # Only a comment after code on its line trails; one alone on its line leads the
    # next place (a YAML block scalar's span runs over the comments below it).
    trailing_lines = sorted(
        {line for line, column, _ in found if source_lines[line - 1][: column - 1].strip()}
    )
    on = _innermost(places, trailing_lines)
    firsts = [first for _, first, _ in places]
    for line, _column, body in found:
        # A control or break character that one form keeps inside a comment ends the
        # line (CR, NEL, U+2028) or the file (form feed) in the other: carried escaped.
        comment = "#" + visible(body.rstrip())
        if line in on:
            # The innermost place: an action's line is inside its stage's span.
            notes.setdefault(on[line], Notes()).trailing.append(comment)
            continue
        after = bisect.bisect_right(firsts, line)
        if places and line < places[0][1]:
            notes.setdefault(HEAD, Notes()).leading.append(comment)
        elif after == len(places):
            tail.append(comment)
        else:
            notes.setdefault(places[after][0], Notes()).leading.append(comment)
    return notes, tail


def _innermost(places: Sequence[tuple[Place, int, int]], lines: Sequence[int]) -> dict[int, Place]:
    """Each of ``lines`` (sorted) -> the last place in ``places``' order (first line up,
    then last line down: the innermost) written over it; lines on no place are left out.
    Each place looks only at the given lines inside its span."""
    on: dict[int, Place] = {}
    for place, first, last in places:
        start = bisect.bisect_left(lines, first)
        for line in lines[start : bisect.bisect_right(lines, last)]:
            on[line] = place
    return on


# --------------------------------------------------------------------------- writers


class _Out:
    def __init__(self, notes: dict[Place, Notes], trail_first: bool = False) -> None:
        self.lines: list[str] = []
        self.notes = notes
        self.used: set[Place | None] = {HEAD}
        # YAML: a comment after a block scalar's last line would become its text.
        self.trail_at = 0 if trail_first else -1

    def put(self, place: Place | None, text: str, indent: str = "") -> None:
        """``text`` (may span lines) at ``indent``, with its place's comments."""
        note = self.notes.get(place) if place else None
        self.used.add(place)
        if note:
            self.lines.extend(indent + c for c in note.leading)
        lines = [indent + line if line else "" for line in text.split("\n")]
        if note and note.trailing:
            lines[self.trail_at] += "  " + " ".join(note.trailing)
        self.lines.extend(lines)

    def head(self) -> None:
        note = self.notes.get(HEAD)
        if note:
            self.lines.extend([*note.leading, ""])

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def text(self, tail: Sequence[str]) -> str:
        # A place the other form does not write (a default header value): its comments
        # end the file rather than vanish.
        unplaced = [
            c
            for place, note in self.notes.items()
            if place not in self.used
            for c in (*note.leading, *note.trailing)
        ]
        tail = [*unplaced, *tail]
        if tail:
            self.blank()
            self.lines.extend(tail)
        return "\n".join(self.lines).strip("\n") + "\n"


def to_dsl(playbook: Playbook, notes: dict[Place, Notes], tail: Sequence[str] = ()) -> str:
    out = _Out(notes)
    out.head()
    for keyword, value in header_items(playbook):
        out.put(("header", _HEADER_KEYS.index(keyword), 0), header_text(keyword, value))
    for i, limit in enumerate(playbook.limits):
        out.put(("limit", i, 0), playbook_limit_text(limit))
    if playbook.templates:
        out.blank()
    for i, template in enumerate(playbook.templates):
        out.put(("template", i, 0), template_text(template))
    for i, stage in enumerate(playbook.stages):
        out.blank()
        out.put(("stage", i, 0), stage_open_text(stage.name.text, stage.first_day, stage.last_day))
        for j, action in enumerate(stage.actions):
            out.put(("action", i, j), action_text(action), INDENT)
        out.put(None, "}")
    if playbook.handlers:
        out.blank()
    for i, handler in enumerate(playbook.handlers):
        out.put(("handler", i, 0), handler_text(handler))
    return out.text(tail)


def yaml_string(value: str) -> str:
    """A YAML scalar that reads back as exactly ``value`` (JSON's quoting is YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def _yaml_text(value: str, indent: str) -> str:
    """A template's text: a ``|-`` block when it has line breaks and reads back the same
    (the parser drops a block's final line break), else a quoted string."""
    if "\n" in value and not value.startswith((" ", "\t")) and not value.endswith("\n"):
        block = "|-\n" + "\n".join(indent + line if line else "" for line in value.split("\n"))
        try:
            node = yaml.compose("k: " + block, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            node = None
        if node is not None and node.value[0][1].value == value:
            return block
    return yaml_string(value)


def _names(names: Sequence[Name]) -> str:
    return "[" + ", ".join(_plain(n.text) for n in names) + "]"


_PLAIN = re.compile(r"^[^\W\d][\w+\-./]*$|^\d[\w+\-./]*$")


def _plain(word: str) -> str:
    """A name as a plain scalar when YAML reads it as written, else quoted."""
    return word if _PLAIN.match(word) else yaml_string(word)


def _yaml_header(keyword: str, value: object) -> str:
    key = _YAML_HEADER.get(keyword, keyword)
    if keyword in ("playbook", "version"):
        return f"{key}: {yaml_string(str(value))}"
    if keyword in ("jurisdiction", "borrowers", "placeholders"):
        assert isinstance(value, tuple)
        return f"{key}: {_names(value)}"
    if isinstance(value, Name):
        return f"{key}: {_plain(value.text)}"
    return f"{key}: {value}"


def _yaml_template(template: Template) -> str:
    lines = [f"{_plain(template.name.text)}:", f"  channel: {template.channel}"]
    if template.notice is not None:
        lines.append(f"  notice: {template.notice}")
    if template.limited_content:
        lines.append("  limited_content: true")
    if template.attachments:
        lines.append(f"  attachments: [{', '.join(str(k) for k in template.attachments)}]")
    lines.append(f"  text: {_yaml_text(template.text.value, '    ')}")
    return "\n".join(lines)


def to_yaml(playbook: Playbook, notes: dict[Place, Notes], tail: Sequence[str] = ()) -> str:
    out = _Out(notes, trail_first=True)
    out.head()
    for keyword, value in header_items(playbook):
        out.put(("header", _HEADER_KEYS.index(keyword), 0), _yaml_header(keyword, value))
    if playbook.limits:
        out.put(None, "limits:")
    for i, limit in enumerate(playbook.limits):
        out.put(("limit", i, 0), f"- {playbook_limit_text(limit)}", INDENT)
    if playbook.templates:
        out.blank()
        out.put(None, "templates:")
    for i, template in enumerate(playbook.templates):
        out.put(("template", i, 0), _yaml_template(template), INDENT)
    if playbook.stages:
        out.blank()
        out.put(None, "stages:")
    for i, stage in enumerate(playbook.stages):
        last = "" if stage.last_day is None else str(stage.last_day)
        days = f"days: {stage.first_day}..{last}"
        out.put(("stage", i, 0), f"{_plain(stage.name.text)}:\n  {days}", INDENT)
        out.put(None, "actions:" + ("" if stage.actions else " []"), INDENT * 2)
        for j, action in enumerate(stage.actions):
            out.put(("action", i, j), f"- {action_text(action)}", INDENT * 3)
    if playbook.handlers:
        out.blank()
        out.put(None, "handlers:")
    for i, handler in enumerate(playbook.handlers):
        out.put(("handler", i, 0), f"- {handler_text(handler)}", INDENT)
    return out.text(tail)


# --------------------------------------------------------------------------- entry point


def convert(text: str, path: str, to: str) -> str:
    """``text`` (named ``path``, which says its form) written in the form ``to``.

    Raises ``ConvertError`` for a file that does not parse cleanly, or whose meaning the
    other form cannot carry."""
    parsed = parse_source(text, path)
    if parsed.diagnostics or parsed.playbook is None:
        first = parsed.diagnostics[0] if parsed.diagnostics else None
        span = first.span if first else Span(1, 1, 1, 1)
        raise ConvertError(span, first.message if first else "nothing to convert")
    form = "yaml" if is_yaml_name(path) else "dsl"
    notes, tail = attach_comments(parsed.playbook, text, form)
    writer = to_yaml if to == "yaml" else to_dsl
    result = writer(parsed.playbook, notes, tail)
    again = parse_source(result, "converted.playbook" + (".yaml" if to == "yaml" else ""))
    if again.diagnostics or again.playbook != parsed.playbook:
        where = again.diagnostics[0] if again.diagnostics else None
        detail = f": {where.message}" if where else ""
        raise ConvertError(
            Span(1, 1, 1, 1), f"this playbook cannot be written in the {to} form as is{detail}"
        )
    return result


def convert_file(text: str, path: str, to: str, limits: Limits) -> str:
    """``convert`` as the command runs it: under the per-file bound (``PastBound``), and a
    file that cannot be converted is the command's refusal naming its file, line and
    column (``RunError``), not an internal error: the bound turns any exception raised
    inside it into PB000, so the refusal is returned out of it and raised here."""
    done = bounded(path, limits, lambda: _attempt(text, path, to))
    if isinstance(done, ConvertError):
        where = f"{path}:{done.span.line}:{done.span.column}"
        raise RunError(f"cannot convert {where}: {done.message}")
    return done


def _attempt(text: str, path: str, to: str) -> str | ConvertError:
    try:
        return convert(text, path, to)
    except ConvertError as error:
        return error
