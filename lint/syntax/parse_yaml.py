"""The YAML parser: ``*.playbook.yaml`` text -> the same ``model.Playbook`` as the DSL.

Nodes come from ``yaml_nodes.compose`` (never ``yaml.load``): they keep their text as
written (so ``10:30`` is a time, not the YAML 1.1 number 630, and the key ``on`` is not
``True``), keep duplicate keys visible, and carry positions. Aliases and merge keys are
allowed up to 10,000 nodes after expansion (one PB002 past that), so a "billion laughs"
file cannot make the walk explode; tags are never constructed.

Phrases written as strings (actions, handlers, ``every 3 days``, ``2 per day`` …) are
parsed with the DSL grammar; every character of a scalar is mapped back to its line
and column in the YAML file, so findings point inside the string.

Codes: PB001 for YAML syntax and for phrases that do not parse, PB002 for the wrong
shape (unknown key, wrong type, missing key, unknown word in a vocabulary), PB003 for
an unknown notice kind, PB007 for a key given twice in one mapping. Two templates or
stages with one name stay in the model so that PB007 (a structure check) reports them
the same way in both forms.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

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
    Day,
    Handler,
    HandlerVerb,
    Instalments,
    Name,
    NoticeKind,
    Playbook,
    PlaybookLimit,
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
)
from ..suggest import closest
from .names import canonical_name, name_problem
from .parse_result import ParseResult
from .phrase_parser import (
    ACTION,
    CONDITION,
    COUNT_DAYS,
    DAY,
    DAYS,
    HANDLER,
    LIMIT,
    NOTICES_WORD,
    PLAYBOOK_LIMIT,
    SCHEDULE,
    TIME,
    DayRange,
    Lower,
    Start,
    parse_phrase,
)
from .positions import DeferredPositions, ShiftedPositions, TableLocator, line_starts
from .yaml_indent import Misplaced, misplaced_before
from .yaml_nodes import YamlProblem, compose
from .yaml_scalars import scalar_offsets
from .yaml_values import Unknown, choose, flag, is_null, whole_number

TOP_KEYS = (
    "playbook",
    "version",
    "jurisdiction",
    "timezone",
    "borrowers_in",
    "horizon",
    "instalments",
    "holidays",
    "placeholders",
    "limits",
    "templates",
    "stages",
    "handlers",
)
TEMPLATE_KEYS = ("channel", "notice", "limited_content", "attachments", "text")
STAGE_KEYS = ("days", "actions")
ACTION_KEYS = (
    "channel",
    "to",
    "using",
    "schedule",
    "from",
    "until",
    "at",
    "between",
    "times",
    "skip",
    "agents",
    "max",
    "after",
)
HANDLER_KEYS = ("on", "stop", "pause", "except", "to", "until", "for")
LIMIT_KEYS = ("channel", "except", "to", "max")


# --------------------------------------------------------------------------- positions


def _mark_position(mark: yaml.Mark) -> Position:
    """PyYAML marks are 0-based: the one place that converts them."""
    return Position(mark.line + 1, mark.column + 1)


def node_span(node: Node) -> Span:
    return Span.between(_mark_position(node.start_mark), _mark_position(node.end_mark))


class _Source:
    """The file text, for turning character offsets into positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)

    def position(self, offset: int) -> Position:
        index = bisect.bisect_right(self.starts, offset) - 1
        return Position(index + 1, offset - self.starts[index] + 1)

    def char_positions(self, node: ScalarNode, keep: int | None = None) -> Sequence[Position]:
        """The file position of each character of ``node.value``, plus one for its end
        (the first ``keep`` of them when given).

        A one-liner written as-is is a fixed shift from its first character. Everything
        else (escapes, ``''``, folded lines, block scalars) is re-scanned by
        ``yaml_scalars``, which maps each character exactly, but only once a position is
        asked for; should that re-scan ever disagree with PyYAML, a short forward search
        in the source keeps each character on its own line and near its column.
        """
        value: str = node.value
        start, end = node.start_mark.index, node.end_mark.index
        quote = 1 if node.style in ("'", '"') else 0
        length = len(value) + 1 if keep is None else min(keep, len(value) + 1)
        if (
            node.style in (None, "'", '"')
            and node.start_mark.line == node.end_mark.line
            and self.text.startswith(value, start + quote)
            and end - start - 2 * quote == len(value)
        ):
            return ShiftedPositions(self.position(start + quote), length)
        return DeferredPositions(lambda: self._table(node, start, end, value), length)

    def _table(self, node: ScalarNode, start: int, end: int, value: str) -> list[Position]:
        raw = self.text[start:end]
        quote = 1 if node.style in ("'", '"') else 0
        offsets: list[int] | None
        if node.style in (None, "'", '"') and raw[quote : len(raw) - quote] == value:
            offsets = list(range(start + quote, start + quote + len(value) + 1))
        else:
            offsets = scalar_offsets(self.text, start, end, node.style, value)
            if offsets is None:
                offsets = _align(value, self.text, start, end)
        return [self.position(o) for o in offsets]


def _align(value: str, text: str, start: int, end: int) -> list[int]:
    """Greedy alignment of ``value`` against ``text[start:end]`` (see ``char_positions``)."""
    offsets: list[int] = []
    cursor = start
    if end > start and text[start] in "|>":
        # A block scalar: its text starts on the line after the header.
        newline = text.find("\n", start, end)
        cursor = newline + 1 if newline >= 0 else start
    for char in value:
        if not char.isspace():
            # Indentation and folded line breaks are not part of the value: skip them
            # however deep the nesting, so the search window stays on the text.
            while cursor < end and text[cursor] in " \t\r\n":
                cursor += 1
        window_end = min(end, cursor + 16)
        found = text.find(char, cursor, window_end)
        if found < 0 and char in " \n":
            found = next((k for k in range(cursor, window_end) if text[k] in " \n"), -1)
        if found < 0:
            offsets.append(min(cursor, max(start, end - 1)))
            cursor = min(cursor + 1, end)
        else:
            offsets.append(found)
            cursor = found + 1
    offsets.append(min(cursor, end))
    return offsets


# --------------------------------------------------------------------------- the walk

E = TypeVar("E", bound=Enum)
T = TypeVar("T")


@dataclass(frozen=True)
class _Entry:
    key: ScalarNode
    value: Node


# At most this many findings from one YAML file's structure (the DSL's cap, too).
MAX_ERRORS = 100


class _TooManyErrors(Exception):
    """The cap was reached: stop walking."""


class _Walker:
    """Walks the composed nodes, building the model and collecting diagnostics."""

    def __init__(self, text: str) -> None:
        self.source = _Source(text)
        # One phrase transformer for the whole file.
        self.lower = Lower()
        self.diagnostics: list[ParseDiagnostic] = []
        # Mappings with an unknown key: "missing key" there is usually the same typo.
        self.misspelt: set[int] = set()
        # The text of each template, stage or action that could not be built: names
        # written there explain later "unknown template" / "never used" (engine cascades).
        self.failed: list[str] = []

    # ---------------------------------------------------------------- reporting

    def report(self, code: str, node: Node | Span, message: str) -> None:
        span = node if isinstance(node, Span) else node_span(node)
        if len(self.diagnostics) >= MAX_ERRORS:
            # Capped as the DSL's syntax errors are: 100,000 unknown keys were 100,000
            # findings in 20 s (issue 15 item 13).
            stop = f"too many errors; stopped reading after {MAX_ERRORS}"
            self.diagnostics.append(ParseDiagnostic("PB001", span, stop))
            raise _TooManyErrors
        self.diagnostics.append(ParseDiagnostic(code, span, message))

    def kind(self, node: Node) -> str:
        if isinstance(node, MappingNode):
            return "a mapping"
        if isinstance(node, SequenceNode):
            return "a list"
        return f"'{_shown(node.value)}'" if node.value != "" else "nothing"

    # ---------------------------------------------------------------- shapes

    def mapping(self, node: Node, allowed: Sequence[str], what: str) -> dict[str, _Entry]:
        """The entries of a mapping; unknown keys are PB002, repeated keys PB007."""
        if not isinstance(node, MappingNode):
            self.report("PB002", node, f"{what} must be a mapping, found {self.kind(node)}")
            return {}
        entries: dict[str, _Entry] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                self.report("PB002", key, f"a key in {what} must be a word")
                continue
            word = key.value
            if word not in allowed:
                self.report("PB002", key, unknown_key_message(word, allowed))
                self.misspelt.add(id(node))
            elif word in entries:
                first = entries[word].key.start_mark.line + 1
                self.report(
                    "PB007", key, f"key '{word}' is given twice in {what} (first on line {first})"
                )
            else:
                entries[word] = _Entry(key, value)
        return entries

    def scalar(self, node: Node, what: str) -> ScalarNode | None:
        if isinstance(node, ScalarNode):
            return node
        self.report("PB002", node, f"'{what}' must be a single value, found {self.kind(node)}")
        return None

    def items(self, node: Node, what: str) -> list[ScalarNode]:
        """A scalar or a list of scalars (``skip: holidays`` or ``skip: [weekends, holidays]``)."""
        nodes = node.value if isinstance(node, SequenceNode) else [node]
        found = [self.scalar(n, what) for n in nodes]
        return [n for n in found if n is not None]

    def text(self, node: ScalarNode) -> Text:
        value: str = node.value
        if node.style in ("|", ">"):
            # A block scalar's final line break is YAML's, not the author's: `|` and a
            # DSL `"""…"""` string mean the same text.
            # The text ends where its first trailing line break was.
            value = value.rstrip("\n")
            return Text(value, node_span(node), self.source.char_positions(node, len(value) + 1))
        return Text(value, node_span(node), self.source.char_positions(node))

    def name(self, node: ScalarNode) -> Name:
        text = self.text(node)
        return Name(text.value, text.span_of(0, len(text.value)) if text.value else text.span)

    def ident(self, node: ScalarNode) -> Name:
        """A template or stage name: NFC, as the DSL stores it (``names.py``)."""
        name = self.name(node)
        return Name(canonical_name(name.text), name.span)

    def names(self, node: Node, what: str) -> tuple[Name, ...]:
        """Words as a list or as one comma-separated string."""
        names: list[Name] = []
        for item in self.items(node, what):
            text = self.text(item)
            offset = 0
            for part in text.value.split(","):
                stripped = part.strip()
                if stripped:
                    begin = offset + part.index(stripped)
                    names.append(Name(stripped, text.span_of(begin, begin + len(stripped))))
                offset += len(part) + 1
        return tuple(names)

    def integer(self, node: Node, what: str) -> int | None:
        scalar = self.scalar(node, what)
        if scalar is None:
            return None
        # The one number rule (int() also takes 1_000, +5 and Arabic-Indic digits,
        # which the DSL does not: issue 15 item 12).
        number = whole_number(scalar.value)
        if isinstance(number, int):
            return number
        if number.too_long:
            self.report("PB002", scalar, f"'{what}': {number.too_long_message()}")
        else:
            message = f"'{what}' must be a whole number, found '{_shown(scalar.value)}'"
            self.report("PB002", scalar, message)
        return None

    def choose(self, enum: type[E], node: ScalarNode, what: str, code: str = "PB002") -> E | None:
        """The member ``node`` names; an unknown word is ``code`` (PB003 for a reference)."""
        chosen = choose(enum, node.value)
        if isinstance(chosen, Unknown):
            self.report(code, self.name(node).span, chosen.message(what))
            return None
        return chosen

    def choose_name(self, enum: type[E], name: Name, what: str) -> E | None:
        """The member one of ``names`` spells; an unknown word is PB002 at that word."""
        chosen = choose(enum, name.text)
        if isinstance(chosen, Unknown):
            self.report("PB002", name.span, chosen.message(what))
            return None
        return chosen

    def phrase(self, node: ScalarNode, start: Start[T]) -> T | None:
        """Parse a scalar's text with the DSL grammar from ``start``; None if it fails."""
        text = self.text(node)
        try:
            value, notes = parse_phrase(text.value, start, TableLocator(text.positions), self.lower)
        except PlaybookSyntaxError as error:
            self.report("PB001", error.span, error.message)
            return None
        self.diagnostics.extend(notes)
        return value

    # ---------------------------------------------------------------- the playbook

    def playbook(self, root: Node) -> Playbook | None:
        top = self.mapping(root, TOP_KEYS, "the playbook")
        if not top:
            if isinstance(root, MappingNode):
                self.report("PB002", root, "the playbook is empty; it needs at least 'playbook'")
            return None
        fields: dict[str, Any] = {}
        span = NO_SPAN
        if "playbook" in top:
            entry = top["playbook"]
            scalar = self.scalar(entry.value, "playbook")
            if scalar is not None:
                fields["name"] = scalar.value
            span = Span.between(
                _mark_position(entry.key.start_mark), _mark_position(entry.value.end_mark)
            )
        else:
            self.report("PB002", root, "missing key 'playbook': the name shown in reports")
        for key, reader in self._top_readers().items():
            if key in top:
                value = reader(top[key].value)
                if value is not None:
                    fields[key] = value
        return Playbook(
            name=fields.pop("name", ""),
            span=span,
            **{_FIELD_OF.get(k, k): v for k, v in fields.items()},
        )

    def _top_readers(self) -> dict[str, Any]:
        return {
            "version": lambda n: self._version(n),
            "jurisdiction": lambda n: self.names(n, "jurisdiction"),
            "timezone": lambda n: self._one_name(n, "timezone"),
            "borrowers_in": lambda n: self.names(n, "borrowers_in"),
            "horizon": lambda n: self._count_days(n, "horizon"),
            "instalments": lambda n: self._instalments(n),
            "holidays": lambda n: self._one_name(n, "holidays"),
            "placeholders": lambda n: self.names(n, "placeholders"),
            "templates": lambda n: tuple(self._templates(n)),
            "stages": lambda n: tuple(self._stages(n)),
            "handlers": lambda n: tuple(self._handlers(n)),
            "limits": lambda n: tuple(self._limits(n)),
        }

    def _version(self, node: Node) -> str | None:
        scalar = self.scalar(node, "version")
        return None if scalar is None else str(scalar.value)

    def _one_name(self, node: Node, what: str) -> Name | None:
        scalar = self.scalar(node, what)
        return None if scalar is None else self.name(scalar)

    def _instalments(self, node: Node) -> Instalments | None:
        scalar = self.scalar(node, "instalments")
        return None if scalar is None else self.choose(Instalments, scalar, "instalment period")

    def _count_days(self, node: Node, what: str) -> int | None:
        """``365`` or ``365 days``."""
        scalar = self.scalar(node, what)
        if scalar is None:
            return None
        return self.phrase(scalar, COUNT_DAYS)

    # ---------------------------------------------------------------- templates

    def _templates(self, node: Node) -> Iterator[Template]:
        if is_null(node):
            return
        if not isinstance(node, MappingNode):
            self.report("PB002", node, f"'templates' must be a mapping, found {self.kind(node)}")
            return
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                self.report("PB002", key, "a template name must be a word")
                continue
            problem = name_problem(key.value)
            if problem is not None:
                # The DSL's rule for names, so YAML refuses what the DSL refuses.
                self.report("PB002", self.name(key).span, problem)
                continue
            template = self._template(key, value)
            if template is not None:
                yield template

    def _template(self, key: ScalarNode, node: Node) -> Template | None:
        entries = self.mapping(node, TEMPLATE_KEYS, f"template '{key.value}'")
        if not isinstance(node, MappingNode):
            return None
        channel = self._required_enum(entries, "channel", Channel, node, "channel")
        text_node = entries["text"].value if "text" in entries else None
        if text_node is None and id(node) not in self.misspelt:
            self.report("PB002", node, f"template '{key.value}' has no 'text'")
        notice = None
        if "notice" in entries:
            scalar = self.scalar(entries["notice"].value, "notice")
            if scalar is not None:
                notice = self._notice(scalar)
        text = self.scalar(text_node, "text") if text_node is not None else None
        if channel is None or text is None or id(node) in self.misspelt:
            # Not built, or built without what a misspelt key meant (`notise:`).
            self.failed.append(self.written(key) + " " + self.written(node))
        if channel is None or text is None:
            return None
        span = Span.between(_mark_position(key.start_mark), _mark_position(node.end_mark))
        return Template(
            self.ident(key),
            channel,
            self.text(text),
            notice,
            span=span,
            limited_content=self._flag(entries, "limited_content"),
            attachments=self._attachments(entries),
        )

    def _flag(self, entries: dict[str, _Entry], key: str) -> bool:
        """``limited_content: true`` (language.md v3 item 4); anything but true/false is PB002."""
        if key not in entries:
            return False
        scalar = self.scalar(entries[key].value, key)
        value = flag(scalar.value) if scalar is not None else None
        if value is None:
            self.report("PB002", entries[key].value, f"'{key}' is true or false")
        return value is True

    def _attachments(self, entries: dict[str, _Entry]) -> tuple[AttachmentKind, ...]:
        """``attachments: [photo, statement]``; an unknown kind is an unknown reference."""
        if "attachments" not in entries:
            return ()
        node = entries["attachments"].value
        items = node.value if isinstance(node, SequenceNode) else [node]
        kinds: list[AttachmentKind] = []
        for item in items:
            scalar = self.scalar(item, "attachments")
            kind = (
                None
                if scalar is None
                else self.choose(AttachmentKind, scalar, "attachment kind", "PB003")
            )
            if kind is not None:
                kinds.append(kind)
        return tuple(kinds)

    def _notice(self, node: ScalarNode) -> NoticeKind | None:
        # An unknown notice kind is an unknown reference, as in the DSL.
        return self.choose(NoticeKind, node, "notice kind", "PB003")

    def _required_enum(
        self, entries: dict[str, _Entry], key: str, enum: type[E], parent: Node, what: str
    ) -> E | None:
        if key not in entries:
            if id(parent) not in self.misspelt:
                self.report("PB002", parent, f"missing key '{key}'")
            return None
        scalar = self.scalar(entries[key].value, key)
        return None if scalar is None else self.choose(enum, scalar, what)

    # ---------------------------------------------------------------- stages

    def _stages(self, node: Node) -> Iterator[Stage]:
        if is_null(node):
            return
        if not isinstance(node, MappingNode):
            self.report("PB002", node, f"'stages' must be a mapping, found {self.kind(node)}")
            return
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                self.report("PB002", key, "a stage name must be a word")
                continue
            problem = name_problem(key.value)
            if problem is not None:
                # The DSL's rule for names, so YAML refuses what the DSL refuses.
                self.report("PB002", self.name(key).span, problem)
                continue
            stage = self._stage(key, value)
            if stage is not None:
                yield stage

    def _stage(self, key: ScalarNode, node: Node) -> Stage | None:
        entries = self.mapping(node, STAGE_KEYS, f"stage '{key.value}'")
        if not isinstance(node, MappingNode):
            return None
        days = self._days(entries["days"].value) if "days" in entries else None
        if "days" not in entries and id(node) not in self.misspelt:
            self.report("PB002", key, f"stage '{key.value}' has no 'days' (like days: 1..30)")
        actions: list[Action] = []
        if "actions" in entries:
            actions_node = entries["actions"].value
            if isinstance(actions_node, SequenceNode):
                for item in actions_node.value:
                    action = self._action(item)
                    if action is not None:
                        actions.append(action)
            elif not is_null(actions_node):
                self.report(
                    "PB002",
                    actions_node,
                    f"'actions' must be a list, found {self.kind(actions_node)}",
                )
        if days is None or id(node) in self.misspelt:
            self.failed.append(self.written(node))
        if days is None:
            return None
        span = Span.between(_mark_position(key.start_mark), _mark_position(node.end_mark))
        return Stage(
            self.ident(key), days.first, days.last, tuple(actions), span=span, days_span=days.span
        )

    def _days(self, node: Node) -> DayRange | None:
        """``1..30``, ``91..`` or ``[1, 30]``."""
        if isinstance(node, SequenceNode):
            if len(node.value) != 2:
                self.report("PB002", node, "'days' as a list needs two numbers, like [1, 30]")
                return None
            first, last = (self.integer(n, "days") for n in node.value)
            if first is None or last is None:
                return None
            return DayRange(first, last, node_span(node))
        scalar = self.scalar(node, "days")
        if scalar is None:
            return None
        return self.phrase(scalar, DAYS)

    # ---------------------------------------------------------------- actions

    def _action(self, node: Node) -> Action | None:
        action = self._built_action(node)
        if action is None or id(node) in self.misspelt:
            self.failed.append(self.written(node))
        return action

    def written(self, node: Node) -> str:
        """The text of ``node`` as the file has it."""
        return self.source.text[node.start_mark.index : node.end_mark.index]

    def _built_action(self, node: Node) -> Action | None:
        if isinstance(node, ScalarNode):
            return self.phrase(node, ACTION)
        entries = self.mapping(node, ACTION_KEYS, "an action")
        if not entries:
            return None
        channel = self._required_enum(entries, "channel", Channel, node, "channel")
        schedule = self._schedule(entries, node)
        target = Target.BORROWER
        if "to" in entries:
            scalar = self.scalar(entries["to"].value, "to")
            chosen = self.choose(Target, scalar, "target") if scalar is not None else None
            target = chosen or Target.BORROWER
        template = None
        if "using" in entries:
            using = self._one_name(entries["using"].value, "using")
            template = None if using is None else Name(canonical_name(using.text), using.span)
        skip: set[SkipKind] = set()
        for item in self.items(entries["skip"].value, "skip") if "skip" in entries else []:
            kind = self.choose(SkipKind, item, "day to skip")
            if kind is not None:
                skip.add(kind)
        agents = self.integer(entries["agents"].value, "agents") if "agents" in entries else None
        limits = self._list_phrases(entries, "max", LIMIT)
        conditions = self._list_phrases(entries, "after", CONDITION)
        timing = self._timing(entries, node)
        if channel is None or schedule is None:
            return None
        channel_span = node_span(entries["channel"].value)
        return Action(
            channel=channel,
            schedule=schedule,
            target=target,
            template=template,
            timing=timing,
            skip=frozenset(skip),
            agents=agents,
            limits=tuple(limits),
            conditions=tuple(conditions),
            span=node_span(node),
            channel_span=channel_span,
        )

    def _schedule(self, entries: dict[str, _Entry], parent: Node) -> Schedule | None:
        if "schedule" not in entries:
            if id(parent) in self.misspelt:
                return None
            self.report(
                "PB002",
                parent,
                "missing key 'schedule' (like schedule: daily, every 3 days or on day 1, 5)",
            )
            return None
        scalar = self.scalar(entries["schedule"].value, "schedule")
        recurrence: Recurrence | None = None
        if scalar is not None:
            recurrence = self.phrase(scalar, SCHEDULE)
        from_day = self._day(entries, "from")
        until_day = self._day(entries, "until")
        if recurrence is None:
            return None
        return Schedule(recurrence, from_day, until_day, span=node_span(entries["schedule"].value))

    def _day(self, entries: dict[str, _Entry], key: str) -> Day | None:
        if key not in entries:
            return None
        scalar = self.scalar(entries[key].value, key)
        if scalar is None:
            return None
        return self.phrase(scalar, DAY)

    def _list_phrases(self, entries: dict[str, _Entry], key: str, start: Start[T]) -> list[T]:
        if key not in entries:
            return []
        values = [self.phrase(item, start) for item in self.items(entries[key].value, key)]
        return [v for v in values if v is not None]

    def _timing(self, entries: dict[str, _Entry], parent: Node) -> Timing | None:
        if "at" in entries and "between" in entries:
            self.report(
                "PB002", entries["between"].key, "an action has one timing: 'at' or 'between'"
            )
        if "times" in entries and "between" not in entries:
            self.report("PB002", entries["times"].key, "'times' needs 'between'")
        if "at" in entries:
            node = entries["at"].value
            times = [self.phrase(item, TIME) for item in self.items(node, "at")]
            clocks = tuple(t for t in times if isinstance(t, ClockTime))
            return At(clocks, node_span(node)) if clocks and len(clocks) == len(times) else None
        if "between" in entries:
            return self._between(entries)
        return None

    def _between(self, entries: dict[str, _Entry]) -> Between | None:
        node = entries["between"].value
        if not isinstance(node, SequenceNode) or len(node.value) != 2:
            self.report("PB002", node, '\'between\' needs a pair of times, like ["09:00", "20:00"]')
            return None
        ends = [self.phrase(item, TIME) for item in self.items(node, "between")]
        times = self.integer(entries["times"].value, "times") if "times" in entries else None
        if len(ends) != 2:
            return None
        start, end = ends
        if start is None or end is None:
            return None
        return Between(start, end, times, node_span(node))

    # ---------------------------------------------------------------- handlers

    def _handlers(self, node: Node) -> Iterator[Handler]:
        if is_null(node):
            return
        if not isinstance(node, SequenceNode):
            self.report("PB002", node, f"'handlers' must be a list, found {self.kind(node)}")
            return
        for item in node.value:
            handler = self._handler(item)
            if handler is not None:
                yield handler

    def _handler(self, node: Node) -> Handler | None:
        if isinstance(node, ScalarNode):
            return self.phrase(node, HANDLER)
        if (
            isinstance(node, MappingNode)
            and len(node.value) == 1
            and isinstance(node.value[0][0], ScalarNode)
            and node.value[0][0].value.startswith("on ")
        ):
            return self._handler_phrase(node)
        entries = self.mapping(node, HANDLER_KEYS, "a handler")
        if not entries:
            return None
        if "on" not in entries:
            self.report("PB002", node, "missing key 'on': the event the handler reacts to")
            return None
        event = self._one_name(entries["on"].value, "on")
        verbs = [k for k in ("stop", "pause") if k in entries]
        if len(verbs) != 1:
            self.report("PB002", node, "a handler needs exactly one of 'stop' or 'pause'")
            return None
        verb = HandlerVerb(verbs[0])
        channels = self._channel_set(entries[verbs[0]].value, entries.get("except"))
        until = self._one_name(entries["until"].value, "until") if "until" in entries else None
        for_days = self._count_days(entries["for"].value, "for") if "for" in entries else None
        if verb is HandlerVerb.STOP and ("until" in entries or "for" in entries):
            self.report("PB002", node, "'stop' takes no 'until' or 'for'; use 'pause'")
        if verb is HandlerVerb.PAUSE and until is None and for_days is None:
            if "until" not in entries and "for" not in entries:
                self.report("PB002", node, "'pause' needs 'until EVENT' or 'for N days'")
            return None
        targets = self._targets(entries["to"].value) if "to" in entries else None
        if event is None or channels is None or ("to" in entries and targets is None):
            return None
        return Handler(
            event,
            verb,
            channels,
            until,
            for_days,
            span=node_span(node),
            targets=targets,
        )

    def _targets(self, node: Node) -> frozenset[Target] | None:
        """A handler's ``to``: the targets; None when one is unknown (reported)."""
        found: set[Target] = set()
        for name in self.names(node, "to"):
            chosen = self.choose_name(Target, name, "target")
            if chosen is None:
                return None
            found.add(chosen)
        return frozenset(found)

    def _handler_phrase(self, node: MappingNode) -> Handler | None:
        """``- on dispute_raised: pause all until dispute_verified``, which YAML reads as a
        one-key mapping: glue key, colon and value back into the phrase, positions kept."""
        key, value = node.value[0]
        if not isinstance(value, ScalarNode):
            self.report("PB002", value, f"a handler phrase must be text, found {self.kind(value)}")
            return None
        head, tail = self.text(key), self.text(value)
        colon = Position(head.span.end_line, head.span.end_column)
        text = f"{head.value}: {tail.value}"
        positions = (
            *head.positions[: len(head.value)],
            colon,
            colon,
            *tail.positions,
        )
        try:
            handler, notes = parse_phrase(text, HANDLER, TableLocator(positions), self.lower)
        except PlaybookSyntaxError as error:
            self.report("PB001", error.span, error.message)
            return None
        self.diagnostics.extend(notes)
        return handler if isinstance(handler, Handler) else None

    def _channel_set(self, node: Node, excepted: _Entry | None) -> ChannelSet | None:
        excepted_channels: frozenset[Channel] = frozenset()
        except_notices = False
        if excepted is not None:
            found = self._channels(excepted.value, "except")
            if found is None:
                return None
            except_notices = NOTICES_WORD in found
            excepted_channels = frozenset(c for c in found if isinstance(c, Channel))
        if isinstance(node, ScalarNode) and node.value.strip() == "all":
            return ChannelSet(None, excepted_channels, False, except_notices)
        channels = self._channels(node, "channels")
        if channels is None:
            return None
        return ChannelSet(
            frozenset(c for c in channels if isinstance(c, Channel)),
            excepted_channels,
            NOTICES_WORD in channels,
            except_notices,
        )

    def _channels(self, node: Node, what: str) -> list[Channel | str] | None:
        """Channel names, and the word ``notices`` (kept as the string)."""
        channels: list[Channel | str] = []
        ok = True
        for name in self.names(node, what):
            if name.text == NOTICES_WORD:
                channels.append(NOTICES_WORD)
                continue
            chosen = self.choose_name(Channel, name, "channel")
            if chosen is None:
                ok = False
            else:
                channels.append(chosen)
        return channels if ok else None

    # ---------------------------------------------------------------- playbook-wide limits

    def _limits(self, node: Node) -> Iterator[PlaybookLimit]:
        """``limits:`` (language.md v3 item 1): each the DSL phrase, with or without the word
        ``limit``, or a mapping of ``channel``, ``except``, ``to`` and ``max``."""
        if is_null(node):
            return
        if not isinstance(node, SequenceNode):
            self.report("PB002", node, f"'limits' must be a list, found {self.kind(node)}")
            return
        for item in node.value:
            found = self._playbook_limit(item)
            if found is not None:
                yield found

    def _playbook_limit(self, node: Node) -> PlaybookLimit | None:
        if isinstance(node, ScalarNode):
            return self.phrase(node, PLAYBOOK_LIMIT)
        entries = self.mapping(node, LIMIT_KEYS, "a limit")
        if not entries:
            return None
        for key, meaning in (("channel", "the channels it counts"), ("max", "the cap")):
            if key not in entries:
                self.report("PB002", node, f"missing key '{key}': {meaning}")
                return None
        channels = self._channel_set(entries["channel"].value, entries.get("except"))
        targets = self._targets(entries["to"].value) if "to" in entries else None
        caps = self._list_phrases(entries, "max", LIMIT)
        if channels is None or not caps or ("to" in entries and targets is None):
            return None
        return PlaybookLimit(channels, tuple(caps), targets, node_span(node))


def _shown(value: str) -> str:
    """A value quoted in a message: one line, and short."""
    line = value.splitlines()[0] if value else ""
    return line if len(line) <= 40 and line == value else line[:39] + "…"


_FIELD_OF = {
    "jurisdiction": "jurisdictions",
    "borrowers_in": "borrower_zones",
}


def unknown_key_message(word: str, allowed: Sequence[str]) -> str:
    """``unknown key 'chanel'; did you mean 'channel'?``."""
    word = word if len(word) <= 40 else word[:39] + "…"
    close = closest(word, allowed)
    if close:
        return f"unknown key '{word}'; did you mean '{close}'?"
    return f"unknown key '{word}' (expected one of {', '.join(allowed)})"


# --------------------------------------------------------------------------- entry point


def _point(source: _Source, at: Position) -> Span:
    """One character at ``at``, or an empty span where the line has none (the end of the
    file): an end column past the end of its line is a position outside the file."""
    lines = source.text.split("\n")
    width = len(lines[at.line - 1]) if at.line <= len(lines) else 0
    end = at.column + 1 if at.column <= width else at.column
    return Span(at.line, at.column, at.line, end)


def _syntax_error(error: yaml.YAMLError, source: _Source) -> ParseDiagnostic:
    """A YAML syntax error as PB001, at its 1-based position."""
    if isinstance(error, yaml.reader.ReaderError):
        at = source.position(max(0, min(error.position, len(source.text))))
        char = chr(error.character) if isinstance(error.character, int) else error.character
        message = f"this file contains a character YAML does not allow ({char!r})"
        return ParseDiagnostic("PB001", _point(source, at), message)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if (
        "\\t" in problem
        or "'\\t'" in problem
        or "\t" in problem
        or (mark is not None and source.text[mark.index : mark.index + 1] == "\t")
    ):
        problem = "a tab here; YAML indentation must use spaces"
    elif problem == "mapping values are not allowed here":
        problem = "a ':' that YAML cannot place; check the indentation of this line"
        wrong = misplaced_before(source.text.split("\n"), mark.line + 1) if mark else None
        if wrong is not None:
            return _indented_against_habit(wrong)
    elif mark is not None and problem.startswith("expected <block end>"):
        return _misindented(mark, source)
    context = getattr(error, "context", None)
    message = f"YAML syntax: {problem}" + (f" ({context})" if context else "")
    if mark is None:
        return ParseDiagnostic("PB001", Span(1, 1, 1, 2), message)
    at = _mark_position(mark)
    return ParseDiagnostic("PB001", _point(source, at), message)


def _misindented(mark: yaml.Mark, source: _Source) -> ParseDiagnostic:
    """PyYAML's "expected <block end>" at a line whose indentation lines up with no block
    above it: say so in words, at that line, with the indentation of the line before."""
    at = _mark_position(mark)
    lines = source.text.split("\n")
    wrong = misplaced_before(lines, at.line)
    if wrong is not None:
        return _indented_against_habit(wrong)
    own = lines[at.line - 1] if at.line <= len(lines) else ""
    indent = len(own) - len(own.lstrip(" "))
    before = [
        line for line in lines[: at.line - 1] if line.strip() and not line.lstrip().startswith("#")
    ]
    previous = len(before[-1]) - len(before[-1].lstrip(" ")) if before else 0
    message = (
        f"YAML indentation: this line is indented {indent} spaces, which lines up with no "
        f"block above it (the line before is indented {previous}); indent it like the "
        "entries it belongs with"
    )
    return ParseDiagnostic("PB001", Span(at.line, 1, at.line, max(indent, 0) + 2), message)


def _indented_against_habit(wrong: Misplaced) -> ParseDiagnostic:
    """The line before the one PyYAML stopped at is the one indented wrong."""
    message = (
        f"YAML indentation: this line is indented {wrong.indent} spaces, but the entries "
        f"it belongs with are indented {wrong.expected} (as the next line is); indent it "
        f"{wrong.expected} spaces"
    )
    return ParseDiagnostic("PB001", Span(wrong.line, 1, wrong.line, wrong.indent + 2), message)


def parse_yaml(text: str) -> ParseResult:
    """Read a YAML playbook. Never raises: every problem becomes a diagnostic."""
    source = _Source(text)
    try:
        root = compose(text)
    except YamlProblem as problem:
        if problem.cause is not None:
            return ParseResult(None, (_syntax_error(problem.cause, source),))
        # A bound: aliases that expand too far are PB002 (language.md v2 item 7), nesting
        # too deep stays the PB001 it always was.
        aliases = "alias" in problem.message
        code = "PB002" if aliases else "PB001"
        message = problem.message if aliases else "this YAML is nested too deeply to be a playbook"
        span = Span(problem.line, problem.column, problem.line, problem.column + 1)
        return ParseResult(None, (ParseDiagnostic(code, span, message),))
    if root is None:
        message = "this file is empty; a playbook needs at least 'playbook: NAME'"
        return ParseResult(None, (ParseDiagnostic("PB002", Span(1, 1, 1, 1), message),))
    walker = _Walker(text)
    try:
        playbook = walker.playbook(root)
    except _TooManyErrors:
        playbook = None
    except RecursionError:
        walker.diagnostics.append(
            ParseDiagnostic(
                "PB001", node_span(root), "this YAML is nested too deeply to be a playbook"
            )
        )
        playbook = None
    return ParseResult(playbook, tuple(walker.diagnostics), tuple(walker.failed))
