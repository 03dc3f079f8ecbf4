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

The playbook's keys are read here; the shapes of nodes and their values in
``yaml_reader`` (through the one value reader, ``yaml_values``), positions in
``yaml_source``, and text that is not YAML is worded by ``yaml_syntax_errors``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import Enum
from typing import Any, TypeVar

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
    Timing,
)
from .action_clauses import DayRange
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
    PLAYBOOK_LIMIT,
    SCHEDULE,
    TIME,
    Start,
    parse_phrase,
)
from .phrase_reader import NOTICES_WORD
from .positions import TableLocator
from .yaml_comments import comments_from_nodes
from .yaml_nodes import YamlProblem, compose
from .yaml_reader import Entry, NodeReader, TooManyErrors
from .yaml_source import Source, mark_position, node_span
from .yaml_syntax_errors import syntax_error
from .yaml_values import flag, is_null

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


# --------------------------------------------------------------------------- the walk

E = TypeVar("E", bound=Enum)
T = TypeVar("T")


class _Walker(NodeReader):
    """Walks the composed nodes of a playbook, building the model."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        # The text of each template, stage or action that could not be built: names
        # written there explain later "unknown template" / "never used" (engine cascades).
        self.failed: list[str] = []

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
                mark_position(entry.key.start_mark), mark_position(entry.value.end_mark)
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
            "templates": lambda n: tuple(self._named(n, "templates", "template", self._template)),
            "stages": lambda n: tuple(self._named(n, "stages", "stage", self._stage)),
            "handlers": lambda n: tuple(self._listed(n, "handlers", self._handler)),
            "limits": lambda n: tuple(self._listed(n, "limits", self._playbook_limit)),
        }

    # ---------------------------------------------------------------- sections

    def _named(
        self, node: Node, section: str, noun: str, read: Callable[[ScalarNode, Node], T | None]
    ) -> Iterator[T]:
        """A section that maps names to entries (``templates``, ``stages``): empty when
        null; each name must be a word the DSL would accept; entries ``read`` cannot
        build are left out (it reported why)."""
        if is_null(node):
            return
        if not isinstance(node, MappingNode):
            self.report("PB002", node, f"'{section}' must be a mapping, found {self.kind(node)}")
            return
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                self.report("PB002", key, f"a {noun} name must be a word")
                continue
            problem = name_problem(key.value)
            if problem is not None:
                # The DSL's rule for names, so YAML refuses what the DSL refuses.
                self.report("PB002", self.name(key).span, problem)
                continue
            built = read(key, value)
            if built is not None:
                yield built

    def _listed(self, node: Node, section: str, read: Callable[[Node], T | None]) -> Iterator[T]:
        """A section that lists entries (``handlers``, ``limits``, a stage's ``actions``):
        empty when null; entries ``read`` cannot build are left out (it reported why)."""
        if is_null(node):
            return
        if not isinstance(node, SequenceNode):
            self.report("PB002", node, f"'{section}' must be a list, found {self.kind(node)}")
            return
        for item in node.value:
            built = read(item)
            if built is not None:
                yield built

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
        span = Span.between(mark_position(key.start_mark), mark_position(node.end_mark))
        return Template(
            self.ident(key),
            channel,
            self.text(text),
            notice,
            span=span,
            limited_content=self._flag(entries, "limited_content"),
            attachments=self._attachments(entries),
        )

    def _flag(self, entries: dict[str, Entry], key: str) -> bool:
        """``limited_content: true`` (language.md v3 item 4); anything but true/false is PB002."""
        if key not in entries:
            return False
        scalar = self.scalar(entries[key].value, key)
        value = flag(scalar.value) if scalar is not None else None
        if value is None:
            self.report("PB002", entries[key].value, f"'{key}' is true or false")
        return value is True

    def _attachments(self, entries: dict[str, Entry]) -> tuple[AttachmentKind, ...]:
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
        self, entries: dict[str, Entry], key: str, enum: type[E], parent: Node, what: str
    ) -> E | None:
        if key not in entries:
            if id(parent) not in self.misspelt:
                self.report("PB002", parent, f"missing key '{key}'")
            return None
        scalar = self.scalar(entries[key].value, key)
        return None if scalar is None else self.choose(enum, scalar, what)

    # ---------------------------------------------------------------- stages

    def _stage(self, key: ScalarNode, node: Node) -> Stage | None:
        entries = self.mapping(node, STAGE_KEYS, f"stage '{key.value}'")
        if not isinstance(node, MappingNode):
            return None
        days = self._days(entries["days"].value) if "days" in entries else None
        if "days" not in entries and id(node) not in self.misspelt:
            self.report("PB002", key, f"stage '{key.value}' has no 'days' (like days: 1..30)")
        actions: tuple[Action, ...] = ()
        if "actions" in entries:
            actions = tuple(self._listed(entries["actions"].value, "actions", self._action))
        if days is None or id(node) in self.misspelt:
            self.failed.append(self.written(node))
        if days is None:
            return None
        span = Span.between(mark_position(key.start_mark), mark_position(node.end_mark))
        return Stage(
            self.ident(key), days.first, days.last, actions, span=span, days_span=days.span
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

    def _schedule(self, entries: dict[str, Entry], parent: Node) -> Schedule | None:
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

    def _day(self, entries: dict[str, Entry], key: str) -> Day | None:
        if key not in entries:
            return None
        scalar = self.scalar(entries[key].value, key)
        if scalar is None:
            return None
        return self.phrase(scalar, DAY)

    def _list_phrases(self, entries: dict[str, Entry], key: str, start: Start[T]) -> list[T]:
        if key not in entries:
            return []
        values = [self.phrase(item, start) for item in self.items(entries[key].value, key)]
        return [v for v in values if v is not None]

    def _timing(self, entries: dict[str, Entry], parent: Node) -> Timing | None:
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

    def _between(self, entries: dict[str, Entry]) -> Between | None:
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

    def _channel_set(self, node: Node, excepted: Entry | None) -> ChannelSet | None:
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

    def _playbook_limit(self, node: Node) -> PlaybookLimit | None:
        """One of ``limits:`` (language.md v3 item 1): the DSL phrase, with or without the
        word ``limit``, or a mapping of ``channel``, ``except``, ``to`` and ``max``."""
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


_FIELD_OF = {
    "jurisdiction": "jurisdictions",
    "borrowers_in": "borrower_zones",
}


# --------------------------------------------------------------------------- entry point


def parse_yaml(text: str) -> ParseResult:
    """Read a YAML playbook. Never raises: every problem becomes a diagnostic."""
    source = Source(text)
    try:
        root = compose(text)
    except YamlProblem as problem:
        if problem.cause is not None:
            return ParseResult(None, (syntax_error(problem.cause, source),))
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
    except TooManyErrors:
        playbook = None
    except RecursionError:
        walker.diagnostics.append(
            ParseDiagnostic(
                "PB001", node_span(root), "this YAML is nested too deeply to be a playbook"
            )
        )
        playbook = None
    return ParseResult(
        playbook,
        tuple(walker.diagnostics),
        tuple(walker.failed),
        comments=lambda: _comments(text, root),
    )


def _comments(text: str, root: Node) -> tuple[tuple[int, int, str], ...] | None:
    found = comments_from_nodes(text, root)
    return None if found is None else found.found
