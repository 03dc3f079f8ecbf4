"""Reading the shapes of a YAML playbook's nodes: the part of the YAML walker that knows
YAML and the DSL's phrases but not the playbook's keys (``parse_yaml`` knows those).

Every value goes through the one value reader (``yaml_values``); every problem is a
diagnostic at its node's (or its character's) place, capped at ``MAX_ERRORS``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..diagnostics import ParseDiagnostic, PlaybookSyntaxError
from ..model import Name, Span, Text
from ..suggest import closest
from .names import canonical_name
from .phrase_parser import Lower, Start, parse_phrase
from .positions import TableLocator
from .yaml_source import Source, node_span
from .yaml_values import Unknown, choose, whole_number

E = TypeVar("E", bound=Enum)
T = TypeVar("T")


@dataclass(frozen=True)
class Entry:
    key: ScalarNode
    value: Node


# At most this many findings from one YAML file's structure (the DSL's cap, too).
MAX_ERRORS = 100


class TooManyErrors(Exception):
    """The cap was reached: stop walking."""


class NodeReader:
    """Reads the shapes of composed nodes (mappings, single values, lists, names, whole
    numbers, words, DSL phrases), reporting each problem at its place."""

    def __init__(self, text: str) -> None:
        self.source = Source(text)
        # One phrase transformer for the whole file.
        self.lower = Lower()
        self.diagnostics: list[ParseDiagnostic] = []
        # Mappings with an unknown key: "missing key" there is usually the same typo.
        self.misspelt: set[int] = set()

    # ---------------------------------------------------------------- reporting

    def report(self, code: str, node: Node | Span, message: str) -> None:
        span = node if isinstance(node, Span) else node_span(node)
        if len(self.diagnostics) >= MAX_ERRORS:
            # Capped as the DSL's syntax errors are: 100,000 unknown keys were 100,000
            # findings in 20 s (issue 15 item 13).
            stop = f"too many errors; stopped reading after {MAX_ERRORS}"
            self.diagnostics.append(ParseDiagnostic("PB001", span, stop))
            raise TooManyErrors
        self.diagnostics.append(ParseDiagnostic(code, span, message))

    def kind(self, node: Node) -> str:
        if isinstance(node, MappingNode):
            return "a mapping"
        if isinstance(node, SequenceNode):
            return "a list"
        return f"'{shown(node.value)}'" if node.value != "" else "nothing"

    # ---------------------------------------------------------------- shapes

    def mapping(self, node: Node, allowed: Sequence[str], what: str) -> dict[str, Entry]:
        """The entries of a mapping; unknown keys are PB002, repeated keys PB007."""
        if not isinstance(node, MappingNode):
            self.report("PB002", node, f"{what} must be a mapping, found {self.kind(node)}")
            return {}
        entries: dict[str, Entry] = {}
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
                entries[word] = Entry(key, value)
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
            message = f"'{what}' must be a whole number, found '{shown(scalar.value)}'"
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

    def written(self, node: Node) -> str:
        """The text of ``node`` as the file has it."""
        return self.source.text[node.start_mark.index : node.end_mark.index]


def shown(value: str) -> str:
    """A value quoted in a message: one line, and short."""
    line = value.splitlines()[0] if value else ""
    return line if len(line) <= 40 and line == value else line[:39] + "…"


def unknown_key_message(word: str, allowed: Sequence[str]) -> str:
    """``unknown key 'chanel'; did you mean 'channel'?``."""
    word = word if len(word) <= 40 else word[:39] + "…"
    close = closest(word, allowed)
    if close:
        return f"unknown key '{word}'; did you mean '{close}'?"
    return f"unknown key '{word}' (expected one of {', '.join(allowed)})"
