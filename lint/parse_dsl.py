"""The DSL parser: ``*.playbook`` text -> ``model.Playbook`` plus PB001/PB003/PB007 diagnostics.

The grammar (``grammar/playbook.lark``) is LALR and built once per process. A file is
read statement by statement: a small scanner cuts it into header/template/handler
statements, stage openings, action lines and closing braces (strings and comments
respected), and each piece is parsed with its own start symbol. One broken line
therefore costs one finding and the rest of the file is still read and checked.

Positions: Lark is 1-based, but it only sees one piece at a time, so every span is
built from character offsets through a ``Locator`` (offset in the parsed text ->
file position). The YAML parser reuses this module for phrases written as strings,
with a locator that maps into the YAML file.
"""

from __future__ import annotations

import bisect
import difflib
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
    VisitError,
)
from lark.lark import PostLex

from .diagnostics import ParseDiagnostic, PlaybookSyntaxError
from .model import (
    NO_SPAN,
    Action,
    At,
    Between,
    Channel,
    ChannelSet,
    ClockTime,
    Condition,
    Daily,
    Day,
    Every,
    Handler,
    HandlerVerb,
    Instalments,
    Limit,
    Name,
    NoticeKind,
    Once,
    OnDays,
    Period,
    Playbook,
    Position,
    Recurrence,
    Schedule,
    SkipKind,
    Span,
    Stage,
    Target,
    Template,
    Text,
    Timing,
    Unit,
    Weekly,
)
from .resources import grammar_path
from .suggest import did_you_mean
from .yaml_scalars import DeferredPositions

# Every start symbol of the grammar; one LALR table serves them all.
START_SYMBOLS = (
    "start",
    "statement",
    "stage_open",
    "action",
    "handler",
    "y_schedule",
    "y_day",
    "y_time",
    "y_limit",
    "y_condition",
    "y_days",
    "y_count_days",
    "y_channels",
)

# A file with more broken lines than this is not a playbook; stop reporting.
MAX_SYNTAX_ERRORS = 100


@dataclass(frozen=True)
class ParseResult:
    """What a parser made of a file: the playbook (None if nothing usable) and its problems."""

    playbook: Playbook | None
    diagnostics: tuple[ParseDiagnostic, ...]


# --------------------------------------------------------------------------- the parser


class _NamesEverywhere(PostLex):
    """Offer NAME in every lexer state, so ``everyday`` lexes as one unknown word
    (and gets "did you mean 'every'?") instead of the keyword ``every`` plus ``day``."""

    always_accept = ("NAME",)

    def process(self, stream: Iterable[Token]) -> Iterable[Token]:  # type: ignore[override]
        return stream


@cache
def dsl_parser() -> Lark:
    """The LALR parser of the DSL, once per process: loaded from the tables shipped with
    the package (``lalr_tables``), or built from the grammar when they are out of date."""
    from .lalr_tables import load_or_build

    return load_or_build(build_dsl_parser, postlex=_NamesEverywhere())


def build_dsl_parser() -> Lark:
    """Build the parser from ``grammar/playbook.lark`` (about 40 ms)."""
    return Lark.open(
        str(grammar_path()),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        start=list(START_SYMBOLS),
        postlex=_NamesEverywhere(),
    )


@cache
def _lower() -> Lower:
    """One model builder, reused: building a Transformer costs more than a short line."""
    return Lower()


_LOCK = threading.Lock()


# --------------------------------------------------------------------------- positions


class Locator:
    """Maps character offsets in the text handed to Lark to positions in the file."""

    def position(self, offset: int) -> Position:
        raise NotImplementedError

    def span(self, start: int, end: int) -> Span:
        """The file span of ``text[start:end]`` (end exclusive)."""
        first = self.position(start)
        if end <= start:
            return Span(first.line, first.column, first.line, first.column)
        last = self.position(end - 1)
        return Span(first.line, first.column, last.line, last.column + 1)


class FileLocator(Locator):
    """Offsets into a slice of a file that starts at ``base``."""

    def __init__(self, line_starts: Sequence[int], base: int = 0) -> None:
        self._line_starts = line_starts
        self._base = base

    def position(self, offset: int) -> Position:
        absolute = self._base + offset
        index = bisect.bisect_right(self._line_starts, absolute) - 1
        return Position(index + 1, absolute - self._line_starts[index] + 1)

    def moved(self, base: int) -> FileLocator:
        return FileLocator(self._line_starts, base)


class TableLocator(Locator):
    """Offsets into a string whose every character's file position is known (YAML scalars)."""

    def __init__(self, positions: Sequence[Position]) -> None:
        self._positions = positions

    def position(self, offset: int) -> Position:
        if not self._positions:
            return Position(1, 1)
        return self._positions[max(0, min(offset, len(self._positions) - 1))]


def line_starts(text: str) -> list[int]:
    """The offset at which each line of ``text`` starts."""
    return [0, *(m.end() for m in re.finditer("\n", text))]


# --------------------------------------------------------------------------- strings

_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "{": "{"}


def _decode_escapes(chars: Sequence[tuple[str, int]], locator: Locator) -> tuple[str, list[int]]:
    """Undo backslash escapes in (character, offset) pairs; keep each result's source offset."""
    out: list[str] = []
    offsets: list[int] = []
    i = 0
    while i < len(chars):
        char, offset = chars[i]
        if char != "\\" or i + 1 >= len(chars):
            out.append(char)
            offsets.append(offset)
            i += 1
            continue
        code = chars[i + 1][0]
        if code in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[code])
            offsets.append(offset)
            i += 2
            continue
        width = {"u": 4, "U": 8}.get(code, 0)
        digits = "".join(c for c, _ in chars[i + 2 : i + 2 + width])
        if width and len(digits) == width and all(c in "0123456789abcdefABCDEF" for c in digits):
            value = int(digits, 16)
            if value <= 0x10FFFF:
                out.append(chr(value))
                offsets.append(offset)
                i += 2 + width
                continue
        end = chars[min(i + 1 + max(width, 1), len(chars) - 1)][1]
        raise PlaybookSyntaxError(
            locator.span(offset, end),
            f"unknown escape '\\{code}' in text; write '\\\\' for a backslash",
        )
    return "".join(out), offsets


def _dedent(inner: str, base: int) -> list[tuple[str, int]]:
    """The characters of a ``\"\"\"…\"\"\"`` string with the common indentation removed.

    A first line that is empty (the text starts on the line after the quotes) and a
    last line that holds only the indentation of the closing quotes are dropped.
    """
    lines: list[tuple[str, int]] = []
    start = 0
    for part in inner.split("\n"):
        lines.append((part, base + start))
        start += len(part) + 1
    # Text right after the opening quotes has no indentation of its own (as in a
    # Python docstring): it neither sets nor loses the common indentation.
    first_inline = bool(lines[0][0].strip())
    if len(lines) > 1 and not first_inline:
        lines = lines[1:]
    if len(lines) > 1 and not lines[-1][0].strip():
        lines = lines[:-1]
    rest = lines[1:] if first_inline else lines
    indents = [len(t) - len(t.lstrip(" \t")) for t, _ in rest if t.strip()]
    indent = min(indents, default=0)
    chars: list[tuple[str, int]] = []
    for number, (line, offset) in enumerate(lines):
        if number:
            chars.append(("\n", offset - 1))
        if not line.strip():
            continue
        cut = 0 if number == 0 and first_inline else indent
        chars.extend((c, offset + k) for k, c in enumerate(line) if k >= cut)
    return chars


def decode_string(token: Token, locator: Locator) -> Text:
    """The text of a string token, with the file position of every character."""
    raw = str(token)
    start = _start(token)
    if raw.startswith('"""'):
        chars = _dedent(raw[3:-3], start + 3)
    else:
        chars = [(c, start + 1 + k) for k, c in enumerate(raw[1:-1])]
    value, offsets = _decode_escapes(chars, locator)
    end = offsets[-1] + 1 if offsets else start + 1
    offsets.append(end)
    positions = DeferredPositions(lambda: [locator.position(o) for o in offsets], len(offsets))
    return Text(value, locator.span(start, _end(token)), positions)


# --------------------------------------------------------------------------- tree -> model


def _start(item: Token | Tree[Any]) -> int:
    if isinstance(item, Token):
        return item.start_pos or 0
    return item.meta.start_pos


def _end(item: Token | Tree[Any]) -> int:
    if isinstance(item, Token):
        return item.end_pos or 0
    return item.meta.end_pos


E = TypeVar("E", bound=Enum)


def _choose(enum: type[E], token: Token, what: str, locator: Locator) -> E:
    """The enum member spelled by ``token``, or a syntax error that lists the choices."""
    word = str(token)
    for member in enum:
        if member.value == word:
            return member
    choices = [str(m.value) for m in enum]
    raise PlaybookSyntaxError(
        locator.span(_start(token), _end(token)), unknown_word_message(what, word, choices)
    )


def unknown_word_message(what: str, word: str, choices: Sequence[str]) -> str:
    """``unknown channel 'smss'; did you mean 'sms'? (expected one of sms, call, …)``."""
    shown = word if len(word) <= 40 else word[:39] + "…"
    hint = did_you_mean(shown.lower(), choices)
    return f"unknown {what} '{shown}'{hint} (expected one of {', '.join(choices)})"


@dataclass(frozen=True)
class Clause:
    """One clause of an action, before the action is assembled."""

    group: str  # "schedule", "timing", "from", … : what may appear once
    word: str  # as the user wrote it, for messages
    value: Any
    span: Span


@dataclass(frozen=True)
class HeaderItem:
    """One header statement: ``timezone Europe/London``."""

    keyword: str
    value: Any
    span: Span


@dataclass(frozen=True)
class DayRange:
    """``1..30`` or ``91..``."""

    first: int
    last: int | None
    span: Span


@dataclass(frozen=True)
class StageOpening:
    """``stage NAME days A..B {``."""

    name: Name
    first_day: int
    last_day: int | None
    span: Span
    days_span: Span


_REPEATABLE = frozenset({"limits", "condition"})
_CLAUSE_NAMES = {
    "target": "'to'",
    "template": "'using'",
    "schedule": "schedule",
    "from": "'from day'",
    "until": "'until day'",
    "timing": "timing",
    "skip": "'skip'",
    "staff": "'by'",
}
_NO_SCHEDULE = (
    "this action has no schedule; add one of 'on day D', 'once', 'daily', 'weekly' "
    "or 'every N days'"
)


# Longer than any day count or limit anyone means; Python refuses > 4300 digits anyway.
_MAX_DIGITS = 18


@v_args(meta=True)
class Lower(Transformer[Token, Any]):
    """Turns one parsed piece into model objects; spans go through the locator."""

    def __init__(self) -> None:
        super().__init__()
        # Set by ``parse_piece`` before each use; the instance is shared, so a lock
        # guards it.
        self.loc: Locator = TableLocator(())
        # Problems that do not stop the piece from becoming a model (PB003).
        self.notes: list[ParseDiagnostic] = []

    # ---------------------------------------------------------------- helpers

    def _span(self, meta: Any) -> Span:
        if getattr(meta, "empty", True):
            return NO_SPAN
        return self.loc.span(meta.start_pos, meta.end_pos)

    def _tspan(self, token: Token) -> Span:
        return self.loc.span(_start(token), _end(token))

    def _name(self, token: Token) -> Name:
        return Name(str(token), self._tspan(token))

    def _int(self, token: Token) -> int:
        digits = str(token)
        if len(digits.lstrip("-")) > _MAX_DIGITS:
            raise PlaybookSyntaxError(self._tspan(token), f"the number {digits[:12]}… is too long")
        return int(digits)

    def _day(self, token: Token) -> Day:
        return Day(self._int(token), self._tspan(token))

    def _clock(self, token: Token) -> ClockTime:
        hour, minute = str(token).split(":")
        return ClockTime(int(hour), int(minute), self._tspan(token))

    def _channel(self, token: Token) -> Channel:
        return _choose(Channel, token, "channel", self.loc)

    # ---------------------------------------------------------------- header

    def statement(self, meta: Any, children: list[Any]) -> Any:
        return children[0]

    def string(self, meta: Any, children: list[Token]) -> Text:
        return decode_string(children[0], self.loc)

    def playbook_stmt(self, meta: Any, children: list[Text]) -> HeaderItem:
        return HeaderItem("playbook", children[0].value, self._span(meta))

    def version_stmt(self, meta: Any, children: list[Text]) -> HeaderItem:
        return HeaderItem("version", children[0].value, self._span(meta))

    def word_list(self, meta: Any, children: list[Token]) -> tuple[Name, ...]:
        return tuple(self._name(t) for t in children)

    def jurisdiction_stmt(self, meta: Any, children: list[Any]) -> HeaderItem:
        return HeaderItem("jurisdiction", children[0], self._span(meta))

    def timezone_stmt(self, meta: Any, children: list[Token]) -> HeaderItem:
        return HeaderItem("timezone", self._name(children[0]), self._span(meta))

    def borrowers_stmt(self, meta: Any, children: list[Any]) -> HeaderItem:
        return HeaderItem("borrowers", children[0], self._span(meta))

    def horizon_stmt(self, meta: Any, children: list[Token]) -> HeaderItem:
        return HeaderItem("horizon", self._int(children[0]), self._span(meta))

    def instalments_stmt(self, meta: Any, children: list[Token]) -> HeaderItem:
        period = _choose(Instalments, children[0], "instalment period", self.loc)
        return HeaderItem("instalments", period, self._span(meta))

    def holidays_stmt(self, meta: Any, children: list[Token]) -> HeaderItem:
        return HeaderItem("holidays", self._name(children[0]), self._span(meta))

    # ---------------------------------------------------------------- templates

    def notice(self, meta: Any, children: list[Token]) -> NoticeKind | None:
        token = children[0]
        try:
            return _choose(NoticeKind, token, "notice kind", self.loc)
        except PlaybookSyntaxError as error:
            # The template is still usable; the kind is an unknown reference (PB003).
            self.notes.append(ParseDiagnostic("PB003", error.span, error.message))
            return None

    def template(self, meta: Any, children: list[Any]) -> Template:
        name, channel, *rest = children
        text: Text = rest[-1]
        notice: NoticeKind | None = rest[0] if len(rest) == 2 else None
        return Template(
            self._name(name), self._channel(channel), text, notice, span=self._span(meta)
        )

    # ---------------------------------------------------------------- stages

    def day_range(self, meta: Any, children: list[Token]) -> DayRange:
        first = self._int(children[0])
        last = self._int(children[1]) if len(children) > 1 else None
        return DayRange(first, last, self._span(meta))

    def stage_open(self, meta: Any, children: list[Any]) -> StageOpening:
        name, days = children[0], children[1]
        return StageOpening(self._name(name), days.first, days.last, self._span(meta), days.span)

    # ---------------------------------------------------------------- action clauses

    def target(self, meta: Any, children: list[Token]) -> Clause:
        value = _choose(Target, children[0], "target", self.loc)
        return Clause("target", "to", value, self._span(meta))

    def using(self, meta: Any, children: list[Token]) -> Clause:
        return Clause("template", "using", self._name(children[0]), self._span(meta))

    def day_list(self, meta: Any, children: list[Token]) -> tuple[Day, ...]:
        return tuple(self._day(t) for t in children)

    def on_days(self, meta: Any, children: list[Any]) -> Clause:
        return Clause("schedule", "on day", OnDays(children[0]), self._span(meta))

    def once(self, meta: Any, children: list[Any]) -> Clause:
        return Clause("schedule", "once", Once(), self._span(meta))

    def daily(self, meta: Any, children: list[Any]) -> Clause:
        return Clause("schedule", "daily", Daily(), self._span(meta))

    def weekly(self, meta: Any, children: list[Any]) -> Clause:
        return Clause("schedule", "weekly", Weekly(), self._span(meta))

    def every(self, meta: Any, children: list[Token]) -> Clause:
        unit = _choose(Unit, children[1], "unit", self.loc)
        return Clause("schedule", "every", Every(self._int(children[0]), unit), self._span(meta))

    def from_day(self, meta: Any, children: list[Token]) -> Clause:
        return Clause("from", "from day", self._day(children[0]), self._span(meta))

    def until_day(self, meta: Any, children: list[Token]) -> Clause:
        return Clause("until", "until day", self._day(children[0]), self._span(meta))

    def at(self, meta: Any, children: list[Token]) -> Clause:
        span = self._span(meta)
        return Clause("timing", "at", At(tuple(self._clock(t) for t in children), span), span)

    def between(self, meta: Any, children: list[Token]) -> Clause:
        span = self._span(meta)
        times = self._int(children[2]) if len(children) > 2 else None
        value = Between(self._clock(children[0]), self._clock(children[1]), times, span)
        return Clause("timing", "between", value, span)

    def skip(self, meta: Any, children: list[Token]) -> Clause:
        kinds = frozenset(_choose(SkipKind, t, "day to skip", self.loc) for t in children)
        return Clause("skip", "skip", kinds, self._span(meta))

    def staff(self, meta: Any, children: list[Token]) -> Clause:
        return Clause("staff", "by", self._int(children[0]), self._span(meta))

    def limit_body(self, meta: Any, children: list[Token]) -> Limit:
        count, *rest = children
        connected = any(t.type == "CONNECTED" for t in rest)
        per = _choose(Period, rest[-1], "period", self.loc)
        return Limit(self._int(count), per, connected, self._span(meta))

    def limit(self, meta: Any, children: list[Limit]) -> Limit:
        inner = children[0]
        return Limit(inner.count, inner.per, inner.connected, self._span(meta))

    def limits(self, meta: Any, children: list[Limit]) -> Clause:
        return Clause("limits", "max", tuple(children), self._span(meta))

    def event_delay(self, meta: Any, children: list[Token]) -> Condition:
        delay = self._int(children[1]) if len(children) > 1 else 0
        return Condition(self._name(children[0]), delay, self._span(meta))

    def condition(self, meta: Any, children: list[Condition]) -> Clause:
        inner = children[0]
        span = self._span(meta)
        return Clause("condition", "after", Condition(inner.event, inner.delay_days, span), span)

    def action(self, meta: Any, children: list[Any]) -> Action:
        channel_token, *clauses = children
        return assemble_action(
            self._channel(channel_token),
            self._tspan(channel_token),
            clauses,
            self._span(meta),
        )

    # ---------------------------------------------------------------- handlers

    def channel_list(self, meta: Any, children: list[Token]) -> frozenset[Channel]:
        return frozenset(self._channel(t) for t in children)

    def channel_set(self, meta: Any, children: list[Any]) -> ChannelSet:
        first, *rest = children
        channels = None if isinstance(first, Token) else first
        excepted: frozenset[Channel] = rest[0] if rest else frozenset()
        return ChannelSet(channels, excepted)

    def stop(self, meta: Any, children: list[Any]) -> tuple[HandlerVerb, ChannelSet, Any]:
        return HandlerVerb.STOP, children[0], None

    def pause(self, meta: Any, children: list[Any]) -> tuple[HandlerVerb, ChannelSet, Any]:
        return HandlerVerb.PAUSE, children[0], children[1]

    def pause_until(self, meta: Any, children: list[Token]) -> Name:
        return self._name(children[0])

    def pause_for(self, meta: Any, children: list[Token]) -> int:
        return self._int(children[0])

    def handler(self, meta: Any, children: list[Any]) -> Handler:
        event, (verb, channels, tail) = children
        return Handler(
            self._name(event),
            verb,
            channels,
            until=tail if isinstance(tail, Name) else None,
            for_days=tail if isinstance(tail, int) else None,
            span=self._span(meta),
        )

    # ---------------------------------------------------------------- YAML values

    def y_schedule(self, meta: Any, children: list[Any]) -> Recurrence:
        first = children[0]
        if isinstance(first, Clause):
            value: Recurrence = first.value
            return value
        return OnDays(first)

    def y_day(self, meta: Any, children: list[Token]) -> Day:
        return self._day(children[-1])

    def y_time(self, meta: Any, children: list[Token]) -> ClockTime:
        return self._clock(children[0])

    def y_limit(self, meta: Any, children: list[Any]) -> Limit:
        inner: Limit = children[-1]
        return Limit(inner.count, inner.per, inner.connected, self._span(meta))

    def y_condition(self, meta: Any, children: list[Any]) -> Condition:
        inner: Condition = children[-1]
        return Condition(inner.event, inner.delay_days, self._span(meta))

    def y_days(self, meta: Any, children: list[Any]) -> DayRange:
        value: DayRange = children[0]
        return value

    def y_count_days(self, meta: Any, children: list[Token]) -> int:
        return self._int(children[0])

    def y_channels(self, meta: Any, children: list[Any]) -> ChannelSet:
        value: ChannelSet = children[0]
        return value


def assemble_action(
    channel: Channel, channel_span: Span, clauses: Sequence[Clause], span: Span
) -> Action:
    """An ``Action`` from its clauses, in any order; each once except limits and conditions."""
    seen: dict[str, Clause] = {}
    limits: list[Limit] = []
    conditions: list[Condition] = []
    for clause in clauses:
        if clause.group == "limits":
            limits.extend(clause.value)
            continue
        if clause.group == "condition":
            conditions.append(clause.value)
            continue
        if clause.group in seen:
            first = seen[clause.group]
            what = _CLAUSE_NAMES.get(clause.group, f"'{clause.word}'")
            raise PlaybookSyntaxError(
                clause.span,
                f"this action already has a {what} ('{first.word}'); "
                f"each clause may appear once, except 'max' and 'after'",
            )
        seen[clause.group] = clause
    if "schedule" not in seen:
        raise PlaybookSyntaxError(span, _NO_SCHEDULE)

    def value(group: str) -> Any:
        found = seen.get(group)
        return None if found is None else found.value

    schedule_span = seen["schedule"].span
    schedule = Schedule(value("schedule"), value("from"), value("until"), span=schedule_span)
    timing: Timing | None = value("timing")
    return Action(
        channel=channel,
        schedule=schedule,
        target=value("target") or Target.BORROWER,
        template=value("template"),
        timing=timing,
        skip=value("skip") or frozenset(),
        agents=value("staff"),
        limits=tuple(limits),
        conditions=tuple(conditions),
        span=span,
        channel_span=channel_span,
    )


# --------------------------------------------------------------------------- syntax errors

_TERMINALS = {
    "NAME": "a name",
    "WORD": "a name",
    "CLOCK": "a time like 09:30",
    "INT": "a number",
    "LONG_STRING": 'a text in quotes like "…"',
    "SHORT_STRING": 'a text in quotes like "…"',
    "_COMMA": "','",
    "_DOTDOT": "'..'",
    "_COLON": "':'",
    "_PLUS": "'+'",
    "_LBRACE": "'{'",
    "RBRACE": "'}'",
    "$END": "the end of the line",
}
# What a NAME or WORD means right after a given word.
_NAME_AFTER = {
    "to": "a target (borrower, guarantor, emergency_contact, family, employer, contacts, "
    "third_party)",
    "using": "a template name",
    "per": "hour, day, week or month",
    "skip": "weekends, sundays or holidays",
    "after": "an event such as default or summons_served",
    "until": "an event such as dispute_verified",
    "on": "an event such as payment_received",
    "stage": "a stage name",
    "template": "a template name",
    "notice": "a notice kind (validation, default, arrears, …)",
    "instalments": "monthly, fortnightly or weekly",
    "timezone": "a time zone like America/New_York",
    "in": "a time zone like America/New_York",
    "jurisdiction": "a ruleset id like us-regf",
    "holidays": "a country code like US",
    "stop": "a list of channels (sms, call, …)",
    "pause": "a list of channels (sms, call, …)",
    "except": "a channel (sms, call, email, …)",
    "{": "a channel (sms, call, email, letter, …)",
}
_CLAUSE_KEYWORDS = (
    "TO",
    "USING",
    "ON",
    "ONCE",
    "DAILY",
    "WEEKLY",
    "EVERY",
    "FROM",
    "UNTIL",
    "AT",
    "BETWEEN",
    "SKIP",
    "BY",
    "MAX",
    "AFTER",
)
_STATEMENT_KEYWORDS = (
    "PLAYBOOK",
    "VERSION",
    "JURISDICTION",
    "TIMEZONE",
    "BORROWERS",
    "HORIZON",
    "INSTALMENTS",
    "HOLIDAYS",
    "TEMPLATE",
    "STAGE",
    "ON",
)


def _keyword(terminal: str) -> str | None:
    """The word a keyword terminal stands for (``DAILY`` -> ``daily``), else None."""
    if terminal in _TERMINALS or not terminal.isupper() or terminal.startswith("_"):
        return None
    return terminal.lower()


def _describe(expected: Iterable[str], previous: str) -> str:
    """``a time like 09:30``, ``'daily', 'weekly' or a number``: what would have fitted."""
    names = set(expected)
    clause_words = {k for k in _CLAUSE_KEYWORDS if k in names}
    parts: list[str] = []
    if len(clause_words) >= 8:
        names -= set(_CLAUSE_KEYWORDS)
        parts.append(
            "another clause (to, using, on day, once, daily, weekly, every, from day, "
            "until day, at, between, skip, by, max, after)"
        )
    if len({k for k in _STATEMENT_KEYWORDS if k in names}) >= 6:
        names -= set(_STATEMENT_KEYWORDS)
        parts.append(
            "a statement (playbook, version, jurisdiction, timezone, borrowers in, horizon, "
            "instalments, holidays, template, stage, or a handler 'on EVENT: …')"
        )
    for terminal in sorted(names, key=lambda t: (t == "$END", t)):
        keyword = _keyword(terminal)
        if keyword is not None:
            parts.append(f"'{keyword}'")
        elif terminal in ("NAME", "WORD") and previous in _NAME_AFTER:
            parts.append(_NAME_AFTER[previous])
        elif terminal in _TERMINALS:
            parts.append(_TERMINALS[terminal])
    unique = list(dict.fromkeys(parts))
    if not unique:
        return "something else"
    if len(unique) == 1:
        return unique[0]
    return ", ".join(unique[:-1]) + " or " + unique[-1]


def _previous_word(text: str, offset: int) -> str:
    """The word (or punctuation) just before ``offset``, for "after 'between'"."""
    head = text[:offset].rstrip()
    match = re.search(r"(\d+:\d+|\w[\w.\-/+]*|[^\w\s])$", head)
    return match.group(1) if match else ""


def _found(text: str, offset: int) -> str:
    """The whole word the parser stumbled on (``9am``, not just ``9``), shortened."""
    match = re.match(r'[^\s,{}:"]+|\S', text[offset:])
    word = match.group(0) if match else ""
    return word if len(word) <= 30 else word[:29] + "…"


def _show(word: str) -> str:
    return repr(word)[1:-1] if not word.isprintable() else word


def _accepted(text: str, offset: int, start: str, fallback: Iterable[str]) -> set[str]:
    """The terminals the parser would take at ``offset``.

    Lark's own ``expected`` is computed after LALR default reductions (and the contextual
    lexer adds every terminal of its state), so for ``sms dayly`` it is empty; replaying
    the text before the error and asking the parser is exact.
    """
    try:
        parser = dsl_parser().parse_interactive(text[:offset], start=start)
        parser.exhaust_lexer()
        accepted: set[str] = parser.accepts()  # type: ignore[no-untyped-call]
        return accepted
    except Exception:
        return set(fallback)


def syntax_message(error: UnexpectedInput, text: str, start: str) -> tuple[int, str]:
    """The offset of a Lark error and a sentence a compliance officer can act on."""
    if isinstance(error, UnexpectedCharacters):
        offset = error.pos_in_stream or 0
        char = text[offset : offset + 1]
        if char == '"' and text[max(0, offset - 2) : offset] == '""':
            # `"""` never closed: the lexer read `""` as an empty string first.
            offset -= 2
        if char == '"':
            if text.startswith('"""', offset):
                return offset, 'this text is never closed: a closing \'"""\' is missing'
            return offset, "this text is never closed: a closing '\"' is missing on this line"
        previous = _previous_word(text, offset)
        expected = _describe(_accepted(text, offset, start, error.allowed or ()), previous)
        return offset, f"unexpected character '{_show(char)}'; expected {expected}"
    if isinstance(error, UnexpectedToken):
        token = error.token
        at_end = token.type == "$END"
        offset = len(text.rstrip()) if at_end else (token.start_pos or 0)
        previous = _previous_word(text, offset)
        accepted = _accepted(text, offset, start, error.expected)
        expected = _describe(accepted, previous)
        after = f" after '{previous}'" if previous else ""
        if at_end:
            return offset, f"expected {expected}{after}, but the line ends here"
        word = _found(text, offset)
        keywords = [k for k in (_keyword(t) for t in accepted) if k is not None]
        if token.type == "NAME" and keywords:
            close = difflib.get_close_matches(str(token).lower(), keywords, n=1, cutoff=0.7)
            if close:
                return offset, f"unknown word '{_show(word)}'; did you mean '{close[0]}'?"
        return offset, f"expected {expected}{after}, found '{_show(word)}'"
    if isinstance(error, UnexpectedEOF):
        offset = len(text.rstrip())
        return offset, f"expected {_describe(error.expected, _previous_word(text, offset))}"
    return 0, "this line cannot be read"


_CHANNELS = [c.value for c in Channel]


def _check_channel_first(text: str, locator: Locator) -> None:
    """An action starts with its channel: say so before the parser trips further on
    (``to borrower sms daily`` would otherwise fail at ``borrower``)."""
    match = re.match(r"\s*(\w+)", text)
    if match and match.group(1) not in _CHANNELS:
        word = match.group(1)
        raise PlaybookSyntaxError(
            locator.span(match.start(1), match.end(1)),
            _action_start_message(word),
        )


def _action_start_message(word: str) -> str:
    message = unknown_word_message("channel", word, _CHANNELS)
    if "did you mean" in message:
        return message
    return f"an action starts with its channel; {message}"


def parse_piece(text: str, start: str, locator: Locator, notes: list[ParseDiagnostic]) -> Any:
    """Parse ``text`` from ``start`` and lower it; raise ``PlaybookSyntaxError`` if impossible."""
    if start == "action":
        _check_channel_first(text, locator)
    try:
        tree = dsl_parser().parse(text, start=start)
    except UnexpectedInput as error:
        offset, message = syntax_message(error, text, start)
        end = offset + max(1, len(_found(text, offset))) if offset < len(text) else offset
        raise PlaybookSyntaxError(locator.span(offset, min(end, len(text))), message) from None
    except RecursionError:  # pragma: no cover - the grammar has no deep nesting
        raise PlaybookSyntaxError(locator.span(0, 1), "this line is nested too deeply") from None
    lower = _lower()
    try:
        with _LOCK:
            lower.loc, lower.notes = locator, notes
            return lower.transform(tree)
    except VisitError as error:
        if isinstance(error.orig_exc, PlaybookSyntaxError):
            raise error.orig_exc from None
        raise


# --------------------------------------------------------------------------- cutting a file

_SCAN = re.compile(
    r'''
      (?P<string>"""(?:[^"\\]|\\[\s\S]|"(?!""))*(?:"""|\Z) | "(?:[^"\\\n]|\\[^\n])*"?)
    | (?P<comment>\#[^\n]*)
    | (?P<nl>\n)
    | (?P<open>\{)
    | (?P<close>\})
    | (?P<ws>[^\S\n]+)
    | (?P<word>[^\s"\#{}]+)
    ''',
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Tok:
    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Piece:
    """A statement-sized slice of the file and the start symbol that reads it.

    ``kind``: statement, stage_open, action, close (``}``), stray_close (a ``}`` with no
    stage open), unclosed (a stage still open at the next ``stage`` or at the end).
    """

    kind: str
    start: int
    end: int


def _lines(text: str) -> list[list[_Tok]]:
    """The file's logical lines as significant tokens (a ``\"\"\"`` string spans lines)."""
    lines: list[list[_Tok]] = [[]]
    for match in _SCAN.finditer(text):
        kind = match.lastgroup or "word"
        if kind == "nl":
            lines.append([])
        elif kind not in ("ws", "comment"):
            lines[-1].append(_Tok(kind, match.start(), match.end(), match.group()))
    return [line for line in lines if line]


def cut(text: str) -> list[Piece]:
    """Cut a file into pieces: statements at the top, action lines inside stages."""
    pieces: list[Piece] = []
    lines = _lines(text)
    in_stage = False
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        i = 0
        while i < len(line):
            tok = line[i]
            if in_stage:
                if tok.kind == "close":
                    pieces.append(Piece("close", tok.start, tok.end))
                    in_stage = False
                    i += 1
                elif tok.kind == "word" and tok.text == "stage":
                    pieces.append(Piece("unclosed", tok.start, tok.end))
                    in_stage = False
                else:
                    j = next((k for k in range(i, len(line)) if line[k].kind == "close"), len(line))
                    pieces.append(Piece("action", tok.start, line[j - 1].end))
                    i = j
                continue
            if tok.kind == "close":
                pieces.append(Piece("stray_close", tok.start, tok.end))
                i += 1
                continue
            if tok.kind == "word" and tok.text == "stage":
                brace = next((k for k in range(i, len(line)) if line[k].kind == "open"), None)
                if brace is None and index < len(lines) and lines[index][0].kind == "open":
                    # `stage early days 1..30` with the `{` on the next line.
                    brace = len(line)
                    line = [*line, *lines[index]]
                    index += 1
                end = line[brace].end if brace is not None else line[-1].end
                pieces.append(Piece("stage_open", tok.start, end))
                in_stage = True
                i = brace + 1 if brace is not None else len(line)
                continue
            pieces.append(Piece("statement", tok.start, line[-1].end))
            break
    if in_stage:
        pieces.append(Piece("unclosed", len(text), len(text)))
    return pieces


# --------------------------------------------------------------------------- assembling

_HEADER_FIELDS = {
    "playbook": "name",
    "version": "version",
    "jurisdiction": "jurisdictions",
    "timezone": "timezone",
    "borrowers": "borrower_zones",
    "horizon": "horizon",
    "instalments": "instalments",
    "holidays": "holidays",
}
_HEADER_WORDS = {"borrowers": "borrowers in"}


@dataclass
class _OpenStage:
    opening: StageOpening | None
    start: int
    actions: list[Any]


class _Reader:
    """Reads the pieces of one file in order and collects the model and the diagnostics."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.locator = FileLocator(line_starts(text))
        self.diagnostics: list[ParseDiagnostic] = []
        self.header: dict[str, HeaderItem] = {}
        self.templates: list[Template] = []
        self.stages: list[Stage] = []
        self.handlers: list[Handler] = []
        self.stage: _OpenStage | None = None
        self.syntax_errors = 0
        self.seen_stage = False
        self.readable = 0

    def error(self, code: str, span: Span, message: str) -> None:
        self.diagnostics.append(ParseDiagnostic(code, span, message))

    def parse(self, piece: Piece, start: str) -> Any:
        notes: list[ParseDiagnostic] = []
        try:
            result = parse_piece(
                self.text[piece.start : piece.end], start, self.locator.moved(piece.start), notes
            )
        except PlaybookSyntaxError as failure:
            self.syntax_errors += 1
            self.error("PB001", failure.span, failure.message)
            return None
        self.diagnostics.extend(notes)
        self.readable += 1
        return result

    def read(self, piece: Piece) -> None:
        handler = getattr(self, f"_{piece.kind}")
        handler(piece)

    def _statement(self, piece: Piece) -> None:
        item = self.parse(piece, "statement")
        if isinstance(item, HeaderItem):
            self._header(item)
        elif isinstance(item, Template):
            self.templates.append(item)
        elif isinstance(item, Handler):
            self.handlers.append(item)

    def _header(self, item: HeaderItem) -> None:
        word = _HEADER_WORDS.get(item.keyword, item.keyword)
        first = self.header.get(item.keyword)
        if first is not None:
            self.error(
                "PB007",
                item.span,
                f"'{word}' is given twice (first on line {first.span.line}); "
                "each header statement may appear once",
            )
            return
        if self.seen_stage:
            self.error(
                "PB001",
                item.span,
                f"'{word}' comes after a stage; header statements go before the stages",
            )
        self.header[item.keyword] = item

    def _stage_open(self, piece: Piece) -> None:
        opening = self.parse(piece, "stage_open")
        self.seen_stage = True
        self.stage = _OpenStage(
            opening if isinstance(opening, StageOpening) else None, piece.start, []
        )

    def _action(self, piece: Piece) -> None:
        action = self.parse(piece, "action")
        if action is not None and self.stage is not None:
            self.stage.actions.append(action)

    def _close(self, piece: Piece) -> None:
        self._finish(piece.end)

    def _finish(self, end: int) -> None:
        stage, self.stage = self.stage, None
        if stage is None or stage.opening is None:
            return
        opening = stage.opening
        span = self.locator.span(stage.start, max(end, stage.start + 1))
        self.stages.append(
            Stage(
                opening.name,
                opening.first_day,
                opening.last_day,
                tuple(stage.actions),
                span=span,
                days_span=opening.days_span,
            )
        )

    def _stray_close(self, piece: Piece) -> None:
        self.syntax_errors += 1
        self.error(
            "PB001",
            self.locator.span(piece.start, piece.end),
            "this '}' closes no stage; remove it or open a stage with 'stage NAME days A..B {'",
        )

    def _unclosed(self, piece: Piece) -> None:
        stage = self.stage
        name = stage.opening.name.text if stage and stage.opening else ""
        self.syntax_errors += 1
        called = f"stage '{name}'" if name else "the stage"
        if piece.start < len(self.text):
            span = self.locator.span(piece.start, piece.end)
            message = f"missing '}}' to close {called} before the next stage"
        else:
            # The last line may be broken too (a truncated file): point at the opening.
            opened = stage.start if stage else 0
            span = (
                stage.opening.span
                if stage and stage.opening
                else self.locator.span(opened, opened + 5)
            )
            message = f"{called} is never closed: missing '}}' before the end of the file"
        self.error("PB001", span, message)
        self._finish(piece.start)

    def playbook(self) -> Playbook | None:
        fields: dict[str, Any] = {}
        for keyword, item in self.header.items():
            fields[_HEADER_FIELDS[keyword]] = item.value
        if "playbook" not in self.header:
            if not self.readable and not self.syntax_errors:
                self.error(
                    "PB001",
                    Span(1, 1, 1, 1),
                    "this file is empty; a playbook starts with 'playbook \"NAME\"'",
                )
                return None
            if not _mentions_playbook(self.text):
                self.error(
                    "PB001",
                    Span(1, 1, 1, 1),
                    "missing 'playbook \"NAME\"'; every playbook names itself first",
                )
            if not self.readable:
                return None
        span = self.header["playbook"].span if "playbook" in self.header else NO_SPAN
        return Playbook(
            name=fields.pop("name", ""),
            templates=tuple(self.templates),
            stages=tuple(self.stages),
            handlers=tuple(self.handlers),
            span=span,
            **fields,
        )


def _mentions_playbook(text: str) -> bool:
    return re.search(r"(?m)^\s*playbook\b", text) is not None


def parse_dsl(text: str) -> ParseResult:
    """Read a DSL playbook. Never raises: every problem becomes a diagnostic."""
    # Editors hide a byte-order mark and count a CRLF line end as one: so do we. Neither
    # change moves any other character's line or column.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    reader = _Reader(text)
    for piece in cut(text):
        if reader.syntax_errors >= MAX_SYNTAX_ERRORS:
            reader.error(
                "PB001",
                reader.locator.span(piece.start, piece.start),
                f"too many syntax errors; stopped reading after {MAX_SYNTAX_ERRORS}",
            )
            break
        reader.read(piece)
    playbook = reader.playbook()
    return ParseResult(playbook, _one_syntax_error_per_line(reader.diagnostics))


def _one_syntax_error_per_line(
    diagnostics: Sequence[ParseDiagnostic],
) -> tuple[ParseDiagnostic, ...]:
    """The first PB001 of each line: a second one on a line is an echo of the first."""
    lines: set[int] = set()
    kept: list[ParseDiagnostic] = []
    for diagnostic in diagnostics:
        if diagnostic.code == "PB001":
            if diagnostic.span.line in lines:
                continue
            lines.add(diagnostic.span.line)
        kept.append(diagnostic)
    return tuple(kept)


def parse_phrase(
    text: str, start: str, locator: Locator
) -> tuple[Any, tuple[ParseDiagnostic, ...]]:
    """Parse a phrase (an action, a handler, a YAML value) written inside another file.

    Raises ``PlaybookSyntaxError`` with a span mapped through ``locator``.
    """
    notes: list[ParseDiagnostic] = []
    value = parse_piece(text, start, locator, notes)
    return value, tuple(notes)
