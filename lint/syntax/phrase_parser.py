"""The phrase parser: the Lark grammar and the transformer that lowers a parse tree to
model objects, for one statement, action, handler or YAML value at a time.

Both forms use it: the DSL reader for each piece of a file, the YAML reader for each
phrase written as a string. Every span goes through a ``Locator``.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import cache, lru_cache
from typing import Any, Generic, TypeVar

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import (
    UnexpectedInput,
    VisitError,
)
from lark.lark import PostLex

from ..diagnostics import ParseDiagnostic, PlaybookSyntaxError
from ..model import (
    NO_SPAN,
    Action,
    At,
    AttachmentKind,
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
    PlaybookLimit,
    Recurrence,
    SkipKind,
    Span,
    Target,
    Template,
    Text,
    Unit,
    Weekly,
)
from ..resources import grammar_path
from .action_clauses import Clause, DayRange, HeaderItem, StageOpening, assemble_action
from .dsl_strings import decode_string
from .lalr_tables import load_or_build
from .names import canonical_name, name_problem
from .phrase_reader import NOTICES_WORD, read_regular
from .positions import Locator, TableLocator
from .syntax_messages import (
    check_channel_first,
    found_word,
    syntax_message,
)
from .yaml_values import NotANumber, Unknown, choose, whole_number

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
    "y_playbook_limit",
)


# --------------------------------------------------------------------------- the parser


class _Limited:
    """The ``limited_content`` mark of a template, between the transformer's methods."""


@dataclass(frozen=True)
class _Attached:
    """The ``attach KIND, …`` mark of a template, between the transformer's methods."""

    kinds: tuple[AttachmentKind, ...]


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
    chosen = choose(enum, str(token))
    if isinstance(chosen, Unknown):
        raise PlaybookSyntaxError(locator.span(_start(token), _end(token)), chosen.message(what))
    return chosen


_ROLLING_DAYS = {"7": Period.WEEK, "30": Period.MONTH}


def rolling_period(token: Token, span: Span) -> Period:
    """``per 7 days`` / ``per 30 days``: the rolling week and month (language.md v3 item 1)."""
    found = _ROLLING_DAYS.get(str(token).lstrip("0") or "0")
    if found is None:
        raise PlaybookSyntaxError(
            span, f"a limit counts per hour, day, week, month, 7 days or 30 days, not {token} days"
        )
    return found


def channel_set_words() -> list[str]:
    """The words a channel set may name: every channel, then ``notices``."""
    return [*Channel.all_words(), NOTICES_WORD]


@dataclass(frozen=True)
class ChannelWords:
    """A channel list as written: the channels, and whether the word ``notices`` was in it."""

    channels: frozenset[Channel]
    notices: bool


@v_args(meta=True)
class Lower(Transformer[Token, Any]):
    """Turns one parsed piece into model objects; spans go through the locator."""

    def __init__(self) -> None:
        super().__init__()
        # Set by ``parse_piece`` before each piece; one instance serves one file, so
        # nothing is shared between threads.
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

    def _definition(self, token: Token) -> Name:
        """A template or stage name being defined: the one name rule (``names.py``)."""
        problem = name_problem(str(token))
        if problem is not None:
            raise PlaybookSyntaxError(self._tspan(token), problem)
        return Name(canonical_name(str(token)), self._tspan(token))

    def _reference(self, token: Token) -> Name:
        """A template name used: NFC, like the definition it must match."""
        return Name(canonical_name(str(token)), self._tspan(token))

    def _int(self, token: Token) -> int:
        # The one number rule (``yaml_values``): the same digits limit in both forms.
        number = whole_number(str(token))
        if isinstance(number, NotANumber):
            raise PlaybookSyntaxError(self._tspan(token), number.too_long_message())
        return number

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

    def placeholders_stmt(self, meta: Any, children: list[Token]) -> HeaderItem:
        return HeaderItem("placeholders", tuple(self._name(t) for t in children), self._span(meta))

    # ---------------------------------------------------------------- templates

    def notice(self, meta: Any, children: list[Token]) -> NoticeKind | None:
        token = children[0]
        try:
            return _choose(NoticeKind, token, "notice kind", self.loc)
        except PlaybookSyntaxError as error:
            # The template is still usable; the kind is an unknown reference (PB003).
            self.notes.append(ParseDiagnostic("PB003", error.span, error.message))
            return None

    def limited(self, meta: Any, children: list[Token]) -> _Limited:
        return _Limited()

    def attach(self, meta: Any, children: list[Token]) -> _Attached:
        kinds: list[AttachmentKind] = []
        for token in children:
            try:
                kinds.append(_choose(AttachmentKind, token, "attachment kind", self.loc))
            except PlaybookSyntaxError as error:
                # The template is still usable; the kind is an unknown reference (PB003).
                self.notes.append(ParseDiagnostic("PB003", error.span, error.message))
        return _Attached(tuple(kinds))

    def template(self, meta: Any, children: list[Any]) -> Template:
        name, channel, *rest = children
        text: Text = rest[-1]
        marks = rest[:-1]
        notice = next((m for m in marks if isinstance(m, NoticeKind)), None)
        attached = next((m.kinds for m in marks if isinstance(m, _Attached)), ())
        return Template(
            self._definition(name),
            self._channel(channel),
            text,
            notice,
            span=self._span(meta),
            limited_content=any(isinstance(m, _Limited) for m in marks),
            attachments=attached,
        )

    # ---------------------------------------------------------------- stages

    def day_range(self, meta: Any, children: list[Token]) -> DayRange:
        first = self._int(children[0])
        last = self._int(children[1]) if len(children) > 1 else None
        return DayRange(first, last, self._span(meta))

    def stage_open(self, meta: Any, children: list[Any]) -> StageOpening:
        name, days = children[0], children[1]
        return StageOpening(
            self._definition(name), days.first, days.last, self._span(meta), days.span
        )

    # ---------------------------------------------------------------- action clauses

    def target(self, meta: Any, children: list[Token]) -> Clause:
        value = _choose(Target, children[0], "target", self.loc)
        return Clause("target", "to", value, self._span(meta))

    def using(self, meta: Any, children: list[Token]) -> Clause:
        return Clause("template", "using", self._reference(children[0]), self._span(meta))

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
        if rest[-1].type == "INT":  # `per 7 days`, `per 30 days`
            per = rolling_period(rest[-1], self._tspan(rest[-1]))
        else:
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

    def channel_list(self, meta: Any, children: list[Token]) -> ChannelWords:
        notices = any(str(t) == NOTICES_WORD for t in children)
        channels = frozenset(self._channel(t) for t in children if str(t) != NOTICES_WORD)
        return ChannelWords(channels, notices)

    def channel_set(self, meta: Any, children: list[Any]) -> ChannelSet:
        first, *rest = children
        excepted = rest[0] if rest else ChannelWords(frozenset(), False)
        if isinstance(first, Token):
            return ChannelSet(None, excepted.channels, False, excepted.notices)
        return ChannelSet(first.channels, excepted.channels, first.notices, excepted.notices)

    def handler_targets(self, meta: Any, children: list[Token]) -> frozenset[Target]:
        return frozenset(_choose(Target, t, "target", self.loc) for t in children)

    def stop(self, meta: Any, children: list[Any]) -> tuple[HandlerVerb, ChannelSet, Any, Any]:
        targets = children[1] if len(children) > 1 else None
        return HandlerVerb.STOP, children[0], None, targets

    def pause(self, meta: Any, children: list[Any]) -> tuple[HandlerVerb, ChannelSet, Any, Any]:
        targets = children[1] if len(children) > 2 else None
        return HandlerVerb.PAUSE, children[0], children[-1], targets

    def pause_until(self, meta: Any, children: list[Token]) -> Name:
        return self._name(children[0])

    def pause_for(self, meta: Any, children: list[Token]) -> int:
        return self._int(children[0])

    def handler(self, meta: Any, children: list[Any]) -> Handler:
        event, (verb, channels, tail, targets) = children
        return Handler(
            self._name(event),
            verb,
            channels,
            until=tail if isinstance(tail, Name) else None,
            for_days=tail if isinstance(tail, int) else None,
            span=self._span(meta),
            targets=targets,
        )

    def playbook_limit(self, meta: Any, children: list[Any]) -> PlaybookLimit:
        channels, *rest = children
        targets = rest[0] if len(rest) == 2 else None
        return PlaybookLimit(channels, rest[-1].value, targets, self._span(meta))

    y_playbook_limit = playbook_limit

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


@lru_cache(maxsize=1024)
def _tree(text: str, start: str) -> Tree[Token]:
    """Lark's tree of ``text`` from ``start``. Playbooks repeat their phrases (``12:00``,
    ``every 3 days``, ``between 09:00 and 19:00``), the same text always gives the same
    tree, and lowering only reads it: the last trees made are kept (their positions are
    offsets into the text; the caller's locator places them in the file). A text that
    does not parse raises each time."""
    return dsl_parser().parse(text, start=start)


def parse_piece(
    lower: Lower, text: str, start: str, locator: Locator, notes: list[ParseDiagnostic]
) -> Any:
    """Parse ``text`` from ``start`` and lower it with ``lower`` (the file's own
    transformer); raise ``PlaybookSyntaxError`` if impossible."""
    if start == "action":
        check_channel_first(text, locator)
    # The plain phrases, most of a playbook, without Lark (same model, same spans).
    regular = read_regular(text, start, locator)
    if regular is not None:
        return regular
    try:
        tree = _tree(text, start)
    except UnexpectedInput as error:
        offset, message = syntax_message(dsl_parser(), error, text, start)
        end = offset + max(1, len(found_word(text, offset))) if offset < len(text) else offset
        raise PlaybookSyntaxError(locator.span(offset, min(end, len(text))), message) from None
    except RecursionError:  # pragma: no cover - the grammar has no deep nesting
        raise PlaybookSyntaxError(locator.span(0, 1), "this line is nested too deeply") from None
    lower.loc, lower.notes = locator, notes
    try:
        return lower.transform(tree)
    except VisitError as error:
        if isinstance(error.orig_exc, PlaybookSyntaxError):
            raise error.orig_exc from None
        raise


T = TypeVar("T")


@dataclass(frozen=True)
class Start(Generic[T]):
    """A start symbol of the grammar, typed by what lowering a phrase from it gives."""

    name: str


ACTION: Start[Action] = Start("action")
HANDLER: Start[Handler] = Start("handler")
SCHEDULE: Start[Recurrence] = Start("y_schedule")
DAY: Start[Day] = Start("y_day")
TIME: Start[ClockTime] = Start("y_time")
LIMIT: Start[Limit] = Start("y_limit")
CONDITION: Start[Condition] = Start("y_condition")
DAYS: Start[DayRange] = Start("y_days")
COUNT_DAYS: Start[int] = Start("y_count_days")
CHANNELS: Start[ChannelSet] = Start("y_channels")
PLAYBOOK_LIMIT: Start[PlaybookLimit] = Start("y_playbook_limit")


def parse_phrase(
    text: str, start: Start[T], locator: Locator, lower: Lower | None = None
) -> tuple[T, tuple[ParseDiagnostic, ...]]:
    """Parse a phrase (an action, a handler, a YAML value) written inside another file;
    ``lower`` is the file's transformer (a new one when not given).

    Raises ``PlaybookSyntaxError`` with a span mapped through ``locator``.
    """
    notes: list[ParseDiagnostic] = []
    value = parse_piece(lower or Lower(), text, start.name, locator, notes)
    # The transformer's method for ``start`` returns a T (each is annotated so).
    return typing.cast(T, value), tuple(notes)
