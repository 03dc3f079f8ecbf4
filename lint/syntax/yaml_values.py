"""The one reading of typed values, for every reader: YAML playbooks, rulesets, configs,
phrase lists (and the DSL's numbers and words).

A value is read from its text as written; a tag (``!!int``, ``!!python/object``) is
never constructed and changes nothing, so ``on``, ``10:30`` and ``0x1F`` mean what a
user reads, in every file. One rule each:

* **null** (``is_null``): an unquoted scalar written as nothing, ``~``, ``null``,
  ``Null`` or ``NULL``. Quoted, it is text: ``text: ""`` is empty text, not no text.
* **whole number** (``whole_number``): ASCII digits with an optional minus, at most
  ``MAX_DIGITS`` (9) of them, quoted or not. Not YAML 1.1's ``1_000``, ``+5``, ``0x1F``
  or sexagesimal ``1:30``, nor Arabic-Indic digits. Nine digits is the stricter of the
  two limits the readers had (rulesets 9, playbooks 18): 999,999,999 days is past any
  plan, every day count stays far inside the analysis's bounds (``events.py`` counts
  from -10**9), and the ruleset phrases (``7 days``, ``6 per day``) already stopped at 9.
* **true or false** (``flag``): the words ``true`` and ``false``, any case, quoted or
  not. YAML 1.1's ``yes``/``no``/``on``/``off`` are words, not booleans (``on`` is a
  handler key).
* **a word from a list** (``choose``, ``choose_word``): the member written, or an
  ``Unknown`` that says what was written, the closest choice and every choice; each
  reader words its message from those parts.

``plain`` turns the small files (configs, phrase lists) into plain data with the same
null rule; their readers then ask ``flag`` and ``whole_number`` where they want one.
Every problem keeps its place: ``YamlProblem`` has the 1-based line and column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import TypeVar, cast

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..suggest import did_you_mean
from .yaml_nodes import YamlProblem, position

E = TypeVar("E", bound=Enum)

NULL_WORDS = ("", "~", "null", "Null", "NULL")
MAX_DIGITS = 9
_NUMBER = re.compile(r"-?[0-9]+")
_STR_TAG = "tag:yaml.org,2002:str"


# --------------------------------------------------------------------------- null


def is_null(node: Node) -> bool:
    """``templates:`` with nothing after it: no value (an empty section), not a wrong type."""
    return isinstance(node, ScalarNode) and node.style is None and node.value in NULL_WORDS


# --------------------------------------------------------------------------- numbers


@dataclass(frozen=True)
class NotANumber:
    """Text that is not a whole number by the one rule; ``too_long`` when it is digits,
    only more of them than ``MAX_DIGITS``."""

    text: str
    too_long: bool

    def too_long_message(self) -> str:
        """``the number 123456789012… is too long (at most 9 digits)``."""
        return f"the number {self.text[:12]}… is too long (at most {MAX_DIGITS} digits)"


def whole_number(text: str) -> int | NotANumber:
    """The whole number ``text`` spells (spaces around it aside), or why it is none."""
    written = text.strip()
    if not _NUMBER.fullmatch(written):
        return NotANumber(written, too_long=False)
    if len(written.lstrip("-")) > MAX_DIGITS:
        return NotANumber(written, too_long=True)
    return int(written)


# --------------------------------------------------------------------------- true / false


def flag(text: str) -> bool | None:
    """``true`` or ``false`` in any case, else None (``yes`` is a word, not a boolean)."""
    word = text.strip().lower()
    return True if word == "true" else False if word == "false" else None


# --------------------------------------------------------------------------- words


@dataclass(frozen=True)
class Unknown:
    """A word that is none of the choices: what was written, and every choice."""

    word: str
    choices: tuple[str, ...]

    @property
    def shown(self) -> str:
        """The word as a message quotes it: at most 40 characters."""
        return self.word if len(self.word) <= 40 else self.word[:39] + "…"

    def hint(self) -> str:
        """``"; did you mean 'sms'?"`` or ``""``."""
        return did_you_mean(self.word, self.choices)

    def listed(self) -> str:
        """Every choice: ``sms, call, email``."""
        return ", ".join(self.choices)

    def message(self, what: str) -> str:
        """``unknown channel 'smss'; did you mean 'sms'? (expected one of sms, call, …)``."""
        hint = did_you_mean(self.shown.lower(), self.choices)
        return f"unknown {what} '{self.shown}'{hint} (expected one of {self.listed()})"


def choose_word(choices: Sequence[str], written: str) -> str | Unknown:
    """``written`` (spaces around it aside) if it is one of ``choices``, else ``Unknown``."""
    word = written.strip()
    return word if word in choices else Unknown(word, tuple(choices))


def choose(enum: type[E], written: str) -> E | Unknown:
    """The member of ``enum`` whose value is ``written``, else ``Unknown``."""
    word = written.strip()
    found = _by_value(enum).get(word)
    if found is not None:
        return cast(E, found)
    return Unknown(word, tuple(str(member.value) for member in enum))


@cache
def _by_value(enum: type[Enum]) -> dict[object, Enum]:
    """Each member by its value, the first listed for a value two share: one look-up
    per word of a playbook instead of a walk over the vocabulary."""
    found: dict[object, Enum] = {}
    for member in enum:
        found.setdefault(member.value, member)
    return found


def unknown_word_message(what: str, word: str, choices: Sequence[str]) -> str:
    """``unknown channel 'smss'; did you mean 'sms'? (expected one of sms, call, …)``."""
    return Unknown(word, tuple(choices)).message(what)


# --------------------------------------------------------------------------- plain data


@dataclass(frozen=True)
class NotText:
    """A scalar other YAML tools would read as something other than text (``3``,
    ``true``, ``2024-01-01``), for a reader whose file must mean the same to them
    (phrase lists, which other tools read too)."""

    text: str
    tag: str


def plain(node: Node, *, text_only: bool = False) -> object:
    """A node as plain data for the small files (configs, phrase lists): a scalar is its
    text as written (YAML 1.1's ``on`` is not True, ``10:30`` not 630), null by the one
    rule is None, and a key must be text (a list as a key is a problem at its place, not
    ``ScalarNode(...)`` in a message). With ``text_only``, a scalar other YAML tools
    read as a number, a boolean or a date comes back as ``NotText``."""
    if isinstance(node, ScalarNode):
        if is_null(node):
            return None
        if text_only and node.tag != _STR_TAG:
            return NotText(str(node.value), node.tag)
        return str(node.value)
    if isinstance(node, SequenceNode):
        return [plain(item, text_only=text_only) for item in node.value]
    if isinstance(node, MappingNode):
        out: dict[str, object] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                line, column = position(key.start_mark)
                raise YamlProblem("a key must be text", line, column)
            if key.value in out:
                line, column = position(key.start_mark)
                raise YamlProblem(f"key '{key.value}' is given twice", line, column)
            out[str(key.value)] = plain(value, text_only=text_only)
        return out
    line, column = position(node.start_mark)
    raise YamlProblem("unsupported YAML node", line, column)  # pragma: no cover
