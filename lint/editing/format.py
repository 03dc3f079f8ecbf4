"""The canonical layout of the DSL (``playbook-lint format``), as ``gofmt`` does for Go.

Header statements in the order language.md lists them, then templates, stages and
handlers, one blank line between sections; actions indented two spaces; an action's
clauses in the order language.md writes them (CHANNEL to using SCHEDULE from until
TIMING skip by max after); channel sets in the model's order; nothing aligned.

Each statement is re-read with the parser's own pieces (``parse_dsl.cut`` and
``parse_piece``) and printed back from what it means. Comments stay with the statement
they sit on or above, so a suppression keeps covering its line. A template's text is
copied as written. The printers below are also how ``convert`` writes the DSL.

Only a file that parses cleanly is formatted, and the result is parsed again: if the
model it gives differs from the original one, nothing is written (``FormatError``). A
formatter that might change what a playbook means is worse than none.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from lark import Token

from ..diagnostics import PlaybookSyntaxError
from ..model import (
    Action,
    At,
    Between,
    Channel,
    ChannelSet,
    Condition,
    Daily,
    Every,
    Handler,
    HandlerVerb,
    Limit,
    Once,
    OnDays,
    Playbook,
    PlaybookLimit,
    Schedule,
    SkipKind,
    Span,
    Stage,
    Target,
    Template,
    Weekly,
)
from ..output import escape
from ..run.suppressions import comments
from ..syntax.action_clauses import HeaderItem, StageOpening
from ..syntax.dsl_strings import decode_string
from ..syntax.parse import is_yaml_name, parse_source
from ..syntax.parse_dsl import _HEADER_FIELDS, Piece, cut, parse_dsl
from ..syntax.phrase_parser import Lower, parse_piece
from ..syntax.phrase_reader import NOTICES_WORD
from ..syntax.positions import FileLocator, line_starts

INDENT = "  "
_EXPLICIT_TARGET = re.compile(r"\bto\s+borrower\b")
# The header in the order of language.md's table (the parser's own table).
HEADER_ORDER: tuple[str, ...] = tuple(_HEADER_FIELDS)


class FormatError(Exception):
    """The file cannot be formatted: it does not parse cleanly, or (a bug) formatting
    would change its meaning. ``span`` points at the problem."""

    def __init__(self, span: Span, message: str) -> None:
        super().__init__(message)
        self.span = span
        self.message = message


# --------------------------------------------------------------------------- printers


def quote(value: str) -> str:
    """A one-line DSL string for any text (escapes for what a ``"…"`` cannot hold)."""
    out: list[str] = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 or char in "\u2028\u2029":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def text_literal(value: str, indent: str = INDENT) -> str:
    """A DSL string for a template's text: ``\"\"\"…\"\"\"`` over several lines when the text
    has line breaks and reads back the same, else a one-line string."""
    if "\n" in value and not value.startswith((" ", "\t")):
        body = value.replace("\\", "\\\\").replace('"', '\\"')
        lines = [indent + line if line.strip() else "" for line in body.split("\n")]
        literal = '"""\n' + "\n".join(lines) + '\n"""'
        if _reads_back(literal) == value:
            return literal
    return quote(value)


def _reads_back(literal: str) -> str | None:
    token = Token("LONG_STRING", literal, start_pos=0, end_pos=len(literal))
    try:
        return decode_string(token, FileLocator(line_starts(literal))).value
    except PlaybookSyntaxError:
        return None


def _channels(channels: Iterable[Channel], notices: bool = False) -> str:
    """Channels in the model's order, then the word ``notices`` (v2) when it was written."""
    wanted = frozenset(channels)
    words = [c.value for c in Channel if c in wanted]
    return ", ".join([*words, NOTICES_WORD] if notices else words)


def channel_set(value: ChannelSet) -> str:
    words = "all" if value.channels is None else _channels(value.channels, value.notices)
    if value.excepted or value.except_notices:
        words += " except " + _channels(value.excepted, value.except_notices)
    return words


def targets_text(targets: frozenset[Target]) -> str:
    """A handler's ``to`` list, in the model's order."""
    return ", ".join(t.value for t in Target if t in targets)


def handler_text(handler: Handler) -> str:
    """``on EVENT: stop|pause CHANNELS [except …] [to TARGETS] …`` (without a trailing
    comment), in the clause order of language.md's v2 handler syntax."""
    text = f"on {handler.event.text}: {handler.verb} {channel_set(handler.channels)}"
    if handler.targets is not None:
        text += f" to {targets_text(handler.targets)}"
    if handler.verb is HandlerVerb.PAUSE:
        if handler.until is not None:
            text += f" until {handler.until.text}"
        elif handler.for_days is not None:
            text += f" for {handler.for_days} days"
    return text


def recurrence_text(schedule: Schedule) -> str:
    recurrence = schedule.recurrence
    match recurrence:
        case OnDays(days):
            return "on day " + ", ".join(str(d.value) for d in days)
        case Once():
            return "once"
        case Daily():
            return "daily"
        case Weekly():
            return "weekly"
        case Every(count, unit):
            return f"every {count} {unit}"
    raise AssertionError(recurrence)


def limit_text(limit: Limit) -> str:
    connected = " connected" if limit.connected else ""
    return f"{limit.count}{connected} per {limit.per}"


def playbook_limit_text(value: PlaybookLimit) -> str:
    """``limit CHANNELS [to TARGETS] max N per …`` (language.md v3 item 1)."""
    to = "" if value.targets is None else f" to {targets_text(value.targets)}"
    # A dialer's account cap reads as the law it follows: "7 per 7 days" (Reg F).
    caps = ", ".join(
        f"max {limit_text(limit)}".replace(" per week", " per 7 days").replace(
            " per month", " per 30 days"
        )
        for limit in value.limits
    )
    return f"limit {channel_set(value.channels)}{to} {caps}"


def condition_text(condition: Condition) -> str:
    delay = f" + {condition.delay_days} days" if condition.delay_days else ""
    return f"{condition.event.text}{delay}"


def timing_text(timing: At | Between) -> str:
    if isinstance(timing, At):
        return "at " + ", ".join(str(t) for t in timing.times)
    text = f"between {timing.start} and {timing.end}"
    if timing.times is not None:
        text += f" {timing.times} {'time' if timing.times == 1 else 'times'}"
    return text


def skip_text(skip: frozenset[SkipKind]) -> str:
    return ", ".join(k.value for k in SkipKind if k in skip)


def action_text(action: Action, *, explicit_target: bool = False) -> str:
    """One action line in canonical clause order. The default target ``to borrower`` is
    written only when asked (the formatter keeps it where the author wrote it)."""
    parts = [action.channel.value]
    if explicit_target or action.target.value != "borrower":
        parts.append(f"to {action.target}")
    if action.template is not None:
        parts.append(f"using {action.template.text}")
    parts.append(recurrence_text(action.schedule))
    if action.schedule.from_day is not None:
        parts.append(f"from day {action.schedule.from_day.value}")
    if action.schedule.until_day is not None:
        parts.append(f"until day {action.schedule.until_day.value}")
    if action.timing is not None:
        parts.append(timing_text(action.timing))
    if action.skip:
        parts.append("skip " + skip_text(action.skip))
    if action.agents is not None:
        parts.append(f"by {action.agents} {'agent' if action.agents == 1 else 'agents'}")
    if action.limits:
        parts.append(", ".join(f"max {limit_text(limit)}" for limit in action.limits))
    parts.extend(f"after {condition_text(c)}" for c in action.conditions)
    return " ".join(parts)


def stage_open_text(name: str, first_day: int, last_day: int | None) -> str:
    last = "" if last_day is None else str(last_day)
    return f"stage {name} days {first_day}..{last} {{"


def template_text(template: Template, literal: str | None = None) -> str:
    notice = f" notice {template.notice}" if template.notice is not None else ""
    if template.limited_content:
        notice += " limited_content"
    if template.attachments:
        notice += " attach " + ", ".join(str(k) for k in template.attachments)
    text = literal if literal is not None else text_literal(template.text.value)
    return f"template {template.name.text} {template.channel}{notice} {text}"


def header_text(keyword: str, value: object) -> str:
    """One header statement from its keyword and the value the parser gives it."""
    if keyword in ("playbook", "version"):
        return f"{keyword} {quote(str(value))}"
    if keyword == "jurisdiction":
        assert isinstance(value, tuple)
        return "jurisdiction " + ", ".join(str(n) for n in value)
    if keyword == "borrowers":
        assert isinstance(value, tuple)
        return "borrowers in " + ", ".join(str(n) for n in value)
    if keyword == "horizon":
        return f"horizon {value} days"
    if keyword == "placeholders":
        assert isinstance(value, tuple)
        return "placeholders " + ", ".join(str(n) for n in value)
    return f"{keyword} {value}"


def header_items(playbook: Playbook) -> list[tuple[str, object]]:
    """The header statements a model needs, in canonical order (defaults left out)."""
    items: list[tuple[str, object]] = [("playbook", playbook.name)]
    if playbook.version is not None:
        items.append(("version", playbook.version))
    if playbook.jurisdictions:
        items.append(("jurisdiction", playbook.jurisdictions))
    if playbook.timezone is not None:
        items.append(("timezone", playbook.timezone))
    if playbook.borrower_zones:
        items.append(("borrowers", playbook.borrower_zones))
    if playbook.horizon != Playbook.horizon:
        items.append(("horizon", playbook.horizon))
    if playbook.instalments != Playbook.instalments:
        items.append(("instalments", playbook.instalments))
    if playbook.holidays is not None:
        items.append(("holidays", playbook.holidays))
    if playbook.placeholders is not None:
        items.append(("placeholders", playbook.placeholders))
    return items


# --------------------------------------------------------------------------- formatting a file


@dataclass
class _Unit:
    """A printed statement with the comments that travel with it."""

    text: str  # may span lines (a template's long text)
    first_line: int
    last_line: int
    leading: list[str] = field(default_factory=list)
    trailing: str | None = None
    blank_before: bool = False
    # The source line the unit's leading block starts on (for blank-line detection).
    top_line: int = 0


@dataclass
class _StageUnit:
    opening: _Unit
    actions: list[_Unit]
    closing: _Unit


class _Layout:
    """The pieces of one file, printed and grouped into sections."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)
        self.locator = FileLocator(self.starts)
        self.lower = Lower()
        self.header: dict[str, _Unit] = {}
        self.templates: list[_Unit] = []
        self.stages: list[_StageUnit] = []
        self.handlers: list[_Unit] = []
        self.limits: list[_Unit] = []  # playbook-wide limits: header statements that repeat
        self.units: list[_Unit] = []  # every unit in source order, for comments
        self.open: _StageUnit | None = None

    def line_of(self, offset: int) -> int:
        return self.locator.position(offset).line

    def slice(self, span: Span) -> str:
        start = self.starts[span.line - 1] + span.column - 1
        end = self.starts[span.end_line - 1] + span.end_column - 1
        return self.text[start:end]

    def add(self, piece: Piece) -> None:
        lines = (self.line_of(piece.start), self.line_of(max(piece.start, piece.end - 1)))
        if piece.kind == "close":
            if self.open is not None:
                self.open.closing = self._unit("}", lines)
                self.open = None
            return
        start = {"statement": "statement", "stage_open": "stage_open", "action": "action"}
        chunk = self.text[piece.start : piece.end]
        value = parse_piece(
            self.lower, chunk, start[piece.kind], self.locator.moved(piece.start), []
        )
        if isinstance(value, HeaderItem):
            self.header[value.keyword] = self._unit(header_text(value.keyword, value.value), lines)
        elif isinstance(value, Template):
            literal = self.slice(value.text.span)
            self.templates.append(self._unit(template_text(value, literal), lines))
        elif isinstance(value, Handler):
            self.handlers.append(self._unit(handler_text(value), lines))
        elif isinstance(value, PlaybookLimit):
            self.limits.append(self._unit(playbook_limit_text(value), lines))
        elif isinstance(value, StageOpening):
            opening = self._unit(
                stage_open_text(value.name.text, value.first_day, value.last_day), lines
            )
            self.open = _StageUnit(opening, [], _Unit("}", lines[1], lines[1]))
            self.stages.append(self.open)
        elif isinstance(value, Action) and self.open is not None:
            written = _EXPLICIT_TARGET.search(chunk) is not None
            self.open.actions.append(self._unit(action_text(value, explicit_target=written), lines))

    def _unit(self, text: str, lines: tuple[int, int]) -> _Unit:
        unit = _Unit(text, lines[0], lines[1], top_line=lines[0])
        self.units.append(unit)
        return unit


def _attach_comments(layout: _Layout, text: str) -> tuple[list[str], list[str]]:
    """Give every comment to a unit: on the unit's lines it trails it, above it it leads
    it. Returns the file's preamble (comments above the first statement, set off from it
    by a blank line) and its tail (comments after the last unit).

    Linear in comments and units (issue 23 item 6: it was their product): each line's
    owner is looked up in a table, and the comments above the units are dealt out in one
    sweep, both in line order."""
    source_lines = text.split("\n")
    units = sorted(layout.units, key=lambda u: u.first_line)
    owners = _line_owners(units)
    trailing: dict[int, list[str]] = {}
    pending: list[tuple[int, str]] = []
    for number, _column, body in comments(text, "dsl"):
        comment = "#" + body.rstrip()
        owner = owners.get(number)
        if owner is not None:
            trailing.setdefault(owner, []).append(comment)
        else:
            pending.append((number, comment))
    for index, parts in trailing.items():
        unit = units[index]
        unit.trailing = " ".join([unit.trailing, *parts] if unit.trailing else parts)
    pending.sort(key=lambda item: item[0])
    preamble: list[str] = []
    taken = 0
    for position, unit in enumerate(units):
        start = taken
        while taken < len(pending) and pending[taken][0] < unit.first_line:
            taken += 1
        leading = pending[start:taken]
        if position == 0:
            blanks = [n for n in range(1, unit.first_line) if not source_lines[n - 1].strip()]
            if blanks:
                preamble = [c for n, c in leading if n < blanks[-1]]
                leading = [(n, c) for n, c in leading if n > blanks[-1]]
        unit.leading = _with_gaps(leading, source_lines)
        top = leading[0][0] if leading else unit.first_line
        unit.blank_before = top >= 2 and not source_lines[top - 2].strip()
    return preamble, [c for _, c in pending[taken:]]


def _line_owners(units: Sequence[_Unit]) -> dict[int, int]:
    """Each line a unit is written on -> the first unit (in ``units``' order) on it.
    Units are cut from the text without overlapping, so this is linear in its lines."""
    owners: dict[int, int] = {}
    for index, unit in enumerate(units):
        for line in range(unit.first_line, unit.last_line + 1):
            owners.setdefault(line, index)
    return owners


def _with_gaps(block: Sequence[tuple[int, str]], source_lines: Sequence[str]) -> list[str]:
    """A comment block's lines, with one empty line where the author left blank lines."""
    lines: list[str] = []
    for position, (number, comment) in enumerate(block):
        if position and any(
            not s.strip() for s in source_lines[block[position - 1][0] : number - 1]
        ):
            lines.append("")
        lines.append(comment)
    return lines


def _emit(unit: _Unit, indent: str, out: list[str], blank: bool) -> None:
    if blank and out and out[-1] != "":
        out.append("")
    out.extend(indent + c if c else "" for c in unit.leading)
    lines = unit.text.split("\n")
    lines[0] = indent + lines[0]
    if unit.trailing:
        lines[-1] += "  " + unit.trailing
    out.extend(lines)


def _section(out: list[str], units: Sequence[_Unit], indent: str = "") -> None:
    """A run of statements; a blank line the author left between two of them stays."""
    for position, unit in enumerate(units):
        _emit(unit, indent, out, blank=position > 0 and unit.blank_before)


def _section_break(out: list[str]) -> None:
    if out and out[-1] != "":
        out.append("")


def format_dsl(text: str) -> str:
    """The canonical layout of a DSL playbook. Raises ``FormatError`` for a file that
    does not parse cleanly (formatting is refused rather than guessed)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    # As check reads it: a lone CR or NEL is a PB001 there, so it is not formatted away.
    original = parse_source(text, "formatted.playbook")
    if original.diagnostics or original.playbook is None:
        first = original.diagnostics[0] if original.diagnostics else None
        span = first.span if first else Span(1, 1, 1, 1)
        raise FormatError(span, first.message if first else "nothing to format")
    layout = _Layout(text)
    for piece in cut(text):
        layout.add(piece)
    preamble, tail = _attach_comments(layout, text)
    out: list[str] = [*preamble]
    header = [layout.header[k] for k in HEADER_ORDER if k in layout.header] + layout.limits
    for units in (header, layout.templates):
        if units:
            _section_break(out)
            _section(out, units)
    for stage in layout.stages:
        _section_break(out)
        _emit(stage.opening, "", out, blank=False)
        _section(out, stage.actions, INDENT)
        # Comments above the closing brace belong inside the stage.
        out.extend(INDENT + c for c in stage.closing.leading)
        stage.closing.leading = []
        _emit(stage.closing, "", out, blank=False)
    if layout.handlers:
        _section_break(out)
        _section(out, layout.handlers)
    if tail:
        _section_break(out)
        out.extend(tail)
    result = "\n".join(out).strip("\n") + "\n"
    _same_meaning(original.playbook, result)
    return result


def _same_meaning(before: Playbook, formatted: str) -> None:
    after = parse_dsl(formatted)
    if after.diagnostics or after.playbook != before:
        where = after.diagnostics[0].span if after.diagnostics else Span(1, 1, 1, 1)
        raise FormatError(
            where, "formatting would change this playbook's meaning; left as is (please report)"
        )


def needs_formatting(text: str) -> bool:
    return format_dsl(text) != text.removeprefix("\ufeff").replace("\r\n", "\n")


def stage_lines(stage: Stage) -> Sequence[str]:
    """A stage printed from the model alone (``convert``)."""
    return [
        stage_open_text(stage.name.text, stage.first_day, stage.last_day),
        *(INDENT + action_text(a) for a in stage.actions),
        "}",
    ]


@dataclass(frozen=True)
class Formatted:
    """What ``format`` made of one file: the new text (None when it is left as is) or why
    it could not be formatted."""

    path: str
    before: str
    after: str | None
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.after is not None and self.after != self.before

    def diff(self) -> str:
        if not self.changed or self.after is None:
            return ""
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            fromfile=self.path,
            tofile=self.path,
        )
        return "".join(_shown(line) for line in lines)


def visible(text: str) -> str:
    """``text`` (a file name, a line of a file) with every character that could forge a
    line or drive a terminal escaped (``\\n``, ``\\x1b``) by the one rule
    (``output/escape.py``); tabs are ordinary diff content and stay."""
    return "\t".join(map(escape.visible, text.split("\t")))


def _shown(line: str) -> str:
    """One diff line with its line end, every unsafe character escaped."""
    return visible(line.removesuffix("\n").removesuffix("\r")) + "\n"


def format_file(path: str, text: str) -> Formatted:
    """Format one file's text. YAML is reported on, never rewritten (its layout is the
    YAML tooling's business); a DSL file that does not parse cleanly is an error."""
    if is_yaml_name(path):
        return Formatted(path, text, None)
    try:
        formatted = format_dsl(text)
    except FormatError as error:
        where = f"{path}:{error.span.line}:{error.span.column}"
        return Formatted(path, text, None, f"cannot format {where}: {error.message}")
    if "\r\n" in text:
        formatted = formatted.replace("\n", "\r\n")  # keep the file's line ends
    return Formatted(path, text, formatted)
