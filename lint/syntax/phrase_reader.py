"""A small hand-written reader for the regular phrases, in front of the Lark parser.

Most phrases of a playbook are plain: ``sms using reminder daily at 10:00 skip
weekends``, ``every 3 days``, ``2 per day``, ``12:00``. Lark reads each in about a third of
a millisecond and its tree is then lowered; YAML playbooks hold thousands of them, nearly
all distinct, so the Lark tree memo rarely hits and parsing was a third of a check.

This reader takes the grammar's action clauses and YAML values as the grammar writes
them (whole tokens separated by spaces or commas) and builds the very model
objects the transformer builds, with the same spans. It accepts a strict subset of what
the grammar accepts: anything else — a comment, an unknown word, a
misspelling, a number stuck to a word, a token it does not expect — gives ``None``, and
the phrase goes through Lark, which reports the error as it always has. The one error
raised here is ``assemble_action``'s (a clause twice, no schedule), the same function the
transformer calls. ``tests/test_phrase_reader.py`` compares both paths, spans included,
on every phrase of the examples, the fixtures, the hostile corpus and generated ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum
from functools import lru_cache
from typing import Any, TypeVar

from ..model import (
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
    Unit,
    Weekly,
)
from .action_clauses import Clause, DayRange, HeaderItem, StageOpening, assemble_action
from .dsl_strings import decode_string_at
from .names import canonical_name, name_problem
from .positions import Locator
from .yaml_values import MAX_DIGITS, Unknown, choose

# The grammar's terminals as it writes them (WS, CLOCK, INT, NAME), then `..`, `,`, `+`;
# `{` only ends a stage's opening (no other reader takes a ``brace``).
_TOKEN = re.compile(
    r"(?P<ws>[ \t\f\r\n]+)|(?P<clock>[0-9]{1,2}:[0-9]{2})|(?P<int>-?[0-9]+)"
    r"|(?P<word>(?:[^\W\d]|(?![\d\s])[^\x00-\x7f])(?:\w|[^\x00-\x7f\s])*)"
    r"|(?P<punct>\.\.|[,+])|(?P<brace>\{)"
)
# A statement's tokens also take strings (the grammar's LONG_STRING and SHORT_STRING) and
# a handler's colon.
_STATEMENT_TOKEN = re.compile(
    r"(?P<ws>[ \t\f\r\n]+)|(?P<string>\"\"\"(?:[^\"\\]|\\[\s\S]|\"(?!\"\"))*\"\"\""
    r"|\"(?:[^\"\\\n]|\\[^\n])*\")|(?P<clock>[0-9]{1,2}:[0-9]{2})|(?P<int>-?[0-9]+)"
    r"|(?P<word>(?:[^\W\d]|(?![\d\s])[^\x00-\x7f])(?:\w|[^\x00-\x7f\s])*)"
    r"|(?P<punct>[,+:])"
)
# The grammar's WORD (time zones, ruleset ids, holiday countries).
_WORD = re.compile(r"\w[\w+\-.\/]*")
_SPACE = frozenset(" \t\f\r\n")
_SOLID = frozenset({"clock", "int", "word", "string"})
# The channel-set word for "the actions that send a required notice" (language.md v2 item 3).
NOTICES_WORD = "notices"
_ROLLING = {"7": Period.WEEK, "30": Period.MONTH}


class _Unsure(Exception):
    """Not a phrase this reader is sure of: Lark reads it."""


_Tok = tuple[str, str, int, int]  # kind, text, start, end
E = TypeVar("E", bound=Enum)


# Phrases up to this long have their tokens kept, the last 4,096 read (at most ~1 MB).
_KEPT_LENGTH = 240


def _tokens(text: str) -> tuple[_Tok, ...] | None:
    """The tokens of ``text``, or None when it holds anything else (or two solid tokens
    touch, like ``3days``, which Lark's lexer would cut differently). A playbook repeats
    its short phrases (``12:00``, ``weekly``, ``2 per day``) hundreds of times, and tokens
    are offsets into the phrase, not the file: a short one is cut once."""
    return _kept_tokens(text) if len(text) <= _KEPT_LENGTH else _cut(text)


@lru_cache(maxsize=4096)
def _kept_tokens(text: str) -> tuple[_Tok, ...] | None:
    return _cut(text)


def _cut(text: str, pattern: re.Pattern[str] = _TOKEN) -> tuple[_Tok, ...] | None:
    out: list[_Tok] = []
    at, touching = 0, False
    for match in pattern.finditer(text):
        if match.start() != at:
            return None
        at = match.end()
        kind = match.lastgroup or ""
        if kind == "ws":
            touching = False
            continue
        if touching and kind in _SOLID:
            return None
        out.append((kind, match.group(), match.start(), at))
        touching = kind in _SOLID
    return tuple(out) if at == len(text) and out else None


class _Reader:
    def __init__(self, toks: tuple[_Tok, ...], locator: Locator) -> None:
        self.toks = toks
        self.at = 0
        self.loc = locator

    # ---------------------------------------------------------------- tokens

    def peek(self) -> _Tok | None:
        return self.toks[self.at] if self.at < len(self.toks) else None

    def take(self, kind: str, text: str | None = None) -> _Tok:
        tok = self.peek()
        if tok is None or tok[0] != kind or (text is not None and tok[1] != text):
            raise _Unsure
        self.at += 1
        return tok

    def keyword(self, text: str) -> _Tok:
        return self.take("word", text)

    def comes(self, kind: str, text: str | None = None) -> bool:
        tok = self.peek()
        return tok is not None and tok[0] == kind and (text is None or tok[1] == text)

    def done(self) -> bool:
        return self.at == len(self.toks)

    def span(self, start: int, end: int) -> Span:
        return self.loc.span(start, end)

    def tspan(self, tok: _Tok) -> Span:
        return self.loc.span(tok[2], tok[3])

    def since(self, first: _Tok) -> Span:
        """From ``first`` to the last token taken (a rule's meta span)."""
        return self.loc.span(first[2], self.toks[self.at - 1][3])

    # ---------------------------------------------------------------- values

    def int(self) -> tuple[int, _Tok]:
        tok = self.take("int")
        if len(tok[1].lstrip("-")) > MAX_DIGITS:
            # Longer numbers go to Lark, whose transformer refuses them with the one
            # number rule's message (``yaml_values``).
            raise _Unsure
        return int(tok[1]), tok

    def day(self) -> Day:
        value, tok = self.int()
        return Day(value, self.tspan(tok))

    def clock(self) -> ClockTime:
        tok = self.take("clock")
        hour, minute = tok[1].split(":")
        return ClockTime(int(hour), int(minute), self.tspan(tok))

    def choose(self, enum: type[E]) -> tuple[E, _Tok]:
        tok = self.take("word")
        chosen = choose(enum, tok[1])
        if isinstance(chosen, Unknown):
            raise _Unsure  # Lark words the unknown word, with the choices
        return chosen, tok

    def listed(self, read: Callable[[], Any]) -> list[Any]:
        """``read`` once, then again after each comma."""
        items = [read()]
        while self.comes("punct", ","):
            self.at += 1
            items.append(read())
        return items

    def day_list(self) -> tuple[Day, ...]:
        return tuple(self.listed(self.day))

    def limit_body(self, first: _Tok) -> Limit:
        count, _ = self.int()
        connected = self.comes("word", "connected")
        if connected:
            self.at += 1
        self.keyword("per")
        if self.comes("int"):
            number = self.take("int")[1]
            self.keyword("days")
            per = _ROLLING.get(number.lstrip("0") or "0")
            if per is None:
                raise _Unsure
        else:
            per = self.choose(Period)[0]
        return Limit(count, per, connected, self.since(first))

    def event_delay(self, first: _Tok) -> Condition:
        event = self.take("word")
        delay = 0
        if self.comes("punct", "+"):
            self.at += 1
            delay = self.int()[0]
            self.keyword("days")
        return Condition(Name(event[1], self.tspan(event)), delay, self.since(first))

    # ---------------------------------------------------------------- clauses

    def recurrence(self, word: _Tok) -> tuple[str, Recurrence]:
        """The schedule clause that starts with ``word`` (already taken)."""
        name = word[1]
        if name == "on":
            self.keyword("day")
            return "on day", OnDays(self.day_list())
        if name == "once":
            return name, Once()
        if name == "daily":
            return name, Daily()
        if name == "weekly":
            return name, Weekly()
        if name == "every":
            count = self.int()[0]
            return name, Every(count, self.choose(Unit)[0])
        raise _Unsure

    def clause(self) -> Clause:
        first = self.take("word")
        word = first[1]
        if word in _SCHEDULES:
            said, recurrence = self.recurrence(first)
            return Clause("schedule", said, recurrence, self.since(first))
        if word == "to":
            target = self.choose(Target)[0]
            return Clause("target", "to", target, self.since(first))
        if word == "using":
            tok = self.take("word")
            name = Name(canonical_name(tok[1]), self.tspan(tok))
            return Clause("template", "using", name, self.since(first))
        if word in ("from", "until"):
            self.keyword("day")
            group = word
            return Clause(group, f"{word} day", self.day(), self.since(first))
        if word == "at":
            clocks = tuple(self.listed(self.clock))
            span = self.since(first)
            return Clause("timing", "at", At(clocks, span), span)
        if word == "between":
            begin = self.clock()
            self.keyword("and")
            end = self.clock()
            times = None
            if self.comes("int"):
                times = self.int()[0]
                if not (self.comes("word", "time") or self.comes("word", "times")):
                    raise _Unsure
                self.at += 1
            span = self.since(first)
            return Clause("timing", "between", Between(begin, end, times, span), span)
        if word == "skip":
            kinds = frozenset(self.listed(lambda: self.choose(SkipKind)[0]))
            return Clause("skip", "skip", kinds, self.since(first))
        if word == "by":
            count = self.int()[0]
            if not (self.comes("word", "agent") or self.comes("word", "agents")):
                raise _Unsure
            self.at += 1
            return Clause("staff", "by", count, self.since(first))
        if word == "max":
            self.at -= 1
            limits = tuple(self.listed(self.limit))
            return Clause("limits", "max", limits, self.since(first))
        if word == "after":
            inner = self.event_delay(self.peek() or first)
            span = self.since(first)
            return Clause(
                "condition", "after", Condition(inner.event, inner.delay_days, span), span
            )
        raise _Unsure

    def limit(self) -> Limit:
        first = self.keyword("max")
        return self.limit_body(first)


_SCHEDULES = frozenset({"on", "once", "daily", "weekly", "every"})


# --------------------------------------------------------------------------- starts


def _action(r: _Reader) -> Any:
    channel, tok = r.choose(Channel)
    clauses = []
    while not r.done():
        clauses.append(r.clause())
    return assemble_action(channel, r.tspan(tok), clauses, r.since(tok))


def _y_schedule(r: _Reader) -> Any:
    first = r.take("word")
    if first[1] == "day":
        return OnDays(r.day_list())
    return r.recurrence(first)[1]


def _y_day(r: _Reader) -> Any:
    if r.comes("word", "day"):
        r.at += 1
    return r.day()


def _y_time(r: _Reader) -> Any:
    return r.clock()


def _y_limit(r: _Reader) -> Any:
    first = r.peek()
    if r.comes("word", "max"):
        r.at += 1
    assert first is not None
    return r.limit_body(first)


def _y_condition(r: _Reader) -> Any:
    first = r.peek()
    if r.comes("word", "after"):
        r.at += 1
    assert first is not None
    inner = r.event_delay(r.peek() or first)
    return Condition(inner.event, inner.delay_days, r.since(first))


def _y_days(r: _Reader) -> Any:
    first_day, first = r.int()
    r.take("punct", "..")
    last = r.int()[0] if r.comes("int") else None
    return DayRange(first_day, last, r.since(first))


def _y_count_days(r: _Reader) -> Any:
    value = r.int()[0]
    if r.comes("word", "days"):
        r.at += 1
    return value


def _stage_open(r: _Reader) -> Any:
    """``stage NAME days A..B {``: 2,000 stages are 2,000 distinct openings, which the
    Lark tree memo cannot hold (issue 24)."""
    first = r.keyword("stage")
    name = r.take("word")
    if name_problem(name[1]) is not None:
        raise _Unsure  # Lark's path words the error
    r.keyword("days")
    days = _y_days(r)
    r.take("brace")
    defined = Name(canonical_name(name[1]), r.tspan(name))
    return StageOpening(defined, days.first, days.last, r.since(first), days.span)


# --------------------------------------------------------------------------- statements
# Top-level statements of the DSL, so that a playbook of plain statements never loads the
# Lark parser (its tables and lexer: 20 ms of a one-file check, issue 24 item 5).


def _string(r: _Reader) -> Any:
    tok = r.take("string")
    return decode_string_at(tok[1], tok[2], tok[3], r.loc)


def _word_list(r: _Reader, read: Callable[[], Any]) -> tuple[Any, ...]:
    return tuple(r.listed(read))


def _plain_name(r: _Reader) -> Name:
    tok = r.take("word")
    return Name(tok[1], r.tspan(tok))


def _channel_list(r: _Reader) -> tuple[frozenset[Channel], bool]:
    words = r.listed(lambda: r.take("word"))
    notices = any(tok[1] == NOTICES_WORD for tok in words)
    channels = []
    for tok in words:
        if tok[1] != NOTICES_WORD:
            chosen = choose(Channel, tok[1])
            if isinstance(chosen, Unknown):
                raise _Unsure
            channels.append(chosen)
    return frozenset(channels), notices


def _channel_set(r: _Reader) -> ChannelSet:
    every = r.comes("word", "all")
    if every:
        r.at += 1
        channels, notices = None, False
    else:
        channels, notices = _channel_list(r)
    excepted: frozenset[Channel] = frozenset()
    except_notices = False
    if r.comes("word", "except"):
        r.at += 1
        excepted, except_notices = _channel_list(r)
    return ChannelSet(channels, excepted, notices, except_notices)


def _targets(r: _Reader) -> frozenset[Target] | None:
    if not r.comes("word", "to"):
        return None
    r.at += 1
    return frozenset(r.listed(lambda: r.choose(Target)[0]))


def _template(r: _Reader, first: _Tok) -> Template:
    name = r.take("word")
    if name_problem(name[1]) is not None:
        raise _Unsure  # Lark's path words the error
    channel = r.choose(Channel)[0]
    notice = None
    if r.comes("word", "notice"):
        r.at += 1
        notice = r.choose(NoticeKind)[0]
    limited = r.comes("word", "limited_content")
    if limited:
        r.at += 1
    attached: tuple[AttachmentKind, ...] = ()
    if r.comes("word", "attach"):
        r.at += 1
        attached = tuple(r.listed(lambda: r.choose(AttachmentKind)[0]))
    text = _string(r)
    defined = Name(canonical_name(name[1]), r.tspan(name))
    return Template(
        defined,
        channel,
        text,
        notice,
        span=r.since(first),
        limited_content=limited,
        attachments=attached,
    )


def _handler(r: _Reader, first: _Tok) -> Handler:
    event = _plain_name(r)
    r.take("punct", ":")
    verb = HandlerVerb.STOP if r.comes("word", "stop") else HandlerVerb.PAUSE
    r.keyword(verb.value)
    channels = _channel_set(r)
    targets = _targets(r)
    until, for_days = None, None
    if verb is HandlerVerb.PAUSE:
        if r.comes("word", "until"):
            r.at += 1
            until = _plain_name(r)
        else:
            r.keyword("for")
            for_days = r.int()[0]
            r.keyword("days")
    return Handler(
        event, verb, channels, until=until, for_days=for_days, span=r.since(first), targets=targets
    )


def _playbook_limit(r: _Reader, first: _Tok) -> PlaybookLimit:
    channels = _channel_set(r)
    targets = _targets(r)
    if not r.comes("word", "max"):
        raise _Unsure
    limits = tuple(r.listed(r.limit))
    return PlaybookLimit(channels, limits, targets, r.since(first))


def _y_playbook_limit(r: _Reader) -> PlaybookLimit:
    first = r.peek()
    if r.comes("word", "limit"):
        r.at += 1
    assert first is not None
    return _playbook_limit(r, first)


def _header(r: _Reader, first: _Tok) -> HeaderItem:
    keyword = first[1]
    value: Any
    if keyword in ("playbook", "version"):
        value = _string(r).value
    elif keyword == "horizon":
        value = r.int()[0]
        r.keyword("days")
    elif keyword == "instalments":
        value = r.choose(Instalments)[0]
    elif keyword == "placeholders":
        value = _word_list(r, lambda: _plain_name(r))
    else:
        raise _Unsure
    return HeaderItem(keyword, value, r.since(first))


_STATEMENTS: dict[str, Callable[[_Reader, _Tok], Any]] = {
    "template": _template,
    "on": _handler,
    "limit": _playbook_limit,
    "playbook": _header,
    "version": _header,
    "horizon": _header,
    "instalments": _header,
    "placeholders": _header,
}
# Header statements whose values are the grammar's WORDs (``Europe/London``, ``uk-cca``).
_WORD_STATEMENTS = {"timezone": (), "holidays": (), "jurisdiction": (), "borrowers": ("in",)}


def _statement(text: str, locator: Locator) -> Any:
    """One top-level statement as the transformer lowers it; ``_Unsure`` otherwise."""
    keyword = text.lstrip(" \t\f\r\n").split(maxsplit=1)[:1]
    if keyword and keyword[0] in _WORD_STATEMENTS:
        return _word_statement(text, keyword[0], locator)
    toks = _cut(text, _STATEMENT_TOKEN)
    if toks is None:
        raise _Unsure
    r = _Reader(toks, locator)
    first = r.take("word")
    read = _STATEMENTS.get(first[1])
    if read is None:
        raise _Unsure
    value = read(r, first)
    if not r.done():
        raise _Unsure
    return value


def _word_statement(text: str, keyword: str, locator: Locator) -> HeaderItem:
    """``timezone WORD``, ``holidays WORD``, ``jurisdiction WORD, …``, ``borrowers in
    WORD, …``: the WORDs matched as the grammar's terminal matches them."""
    at = len(text) - len(text.lstrip(" \t\f\r\n"))
    begin = at
    for word in (keyword, *_WORD_STATEMENTS[keyword]):
        end = at + len(word)
        if text[at:end] != word or end >= len(text) or text[end] not in _SPACE:
            raise _Unsure
        at = _skip_space(text, end)
    words: list[Name] = []
    while True:
        match = _WORD.match(text, at)
        if match is None:
            raise _Unsure
        words.append(Name(match.group(), locator.span(match.start(), match.end())))
        last = match.end()
        at = _skip_space(text, last)
        if at < len(text) and text[at] == "," and keyword in ("jurisdiction", "borrowers"):
            at = _skip_space(text, at + 1)
            continue
        if at != len(text) or (last < len(text) and text[last] not in _SPACE):
            raise _Unsure
        break
    value: Any = tuple(words) if keyword in ("jurisdiction", "borrowers") else words[0]
    return HeaderItem(keyword, value, locator.span(begin, last))


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in _SPACE:
        at += 1
    return at


_STARTS: dict[str, Callable[[_Reader], Any]] = {
    "stage_open": _stage_open,
    "action": _action,
    "y_schedule": _y_schedule,
    "y_day": _y_day,
    "y_time": _y_time,
    "y_limit": _y_limit,
    "y_condition": _y_condition,
    "y_days": _y_days,
    "y_count_days": _y_count_days,
    "handler": lambda r: _handler(r, r.keyword("on")),
    "y_playbook_limit": lambda r: _y_playbook_limit(r),
    "y_channels": _channel_set,
}


def read_regular(text: str, start: str, locator: Locator) -> Any | None:
    """The model value of ``text`` read from ``start``, as the transformer would give it;
    None when this reader is not sure (the caller then asks Lark). May raise
    ``assemble_action``'s ``PlaybookSyntaxError``, or a string's escape error."""
    if start == "statement":
        try:
            return _statement(text, locator)
        except _Unsure:
            return None
    read = _STARTS.get(start)
    if read is None:
        return None
    toks = _cut(text, _STATEMENT_TOKEN) if start == "handler" else _tokens(text)
    if toks is None:
        return None
    reader = _Reader(toks, locator)
    try:
        value = read(reader)
    except _Unsure:
        return None
    return value if reader.done() else None
