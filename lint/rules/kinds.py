"""What a check parameter is, declared once by its type: how a ruleset writes it, how
``explain`` describes it and how ``rules`` shows it.

Every field of ``rules/params.py`` resolves to a ``Kind`` through its annotation
(``kind_of``): ``Annotated[..., SOME_KIND]`` names it; ``int``, ``bool``, enums,
``X | None`` and ``tuple[X, ...]`` are built from their parts. A plain ``str`` has no
kind (text of which vocabulary?), so a new parameter must say what it is. The ruleset
loader reads YAML and hands each scalar here; the docs ask the same kinds to describe.
Nothing here reads a file or knows a field's name.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

from ..syntax.yaml_values import Unknown, choose, choose_word
from .phrases import PhraseListError, check_phrase

V = TypeVar("V")
V_co = TypeVar("V_co", covariant=True)


class Scalar(NamedTuple):
    """One scalar as a ruleset wrote it: its raw text, and YAML's reading of it (an int
    or bool for those tags, None for null, else the text)."""

    raw: str
    value: object


@dataclass(frozen=True)
class Problem:
    """Why a scalar is not a value of a kind; ``hint`` follows the parameter's name."""

    problem: str
    hint: str = ""


@dataclass(frozen=True)
class Means:
    """A parameter's meaning, written beside its field and printed by ``explain``."""

    text: str


class Kind(Protocol[V_co]):
    """A parameter type: parse a scalar, describe itself, show a value."""

    def describe(self) -> str:
        """What a value looks like in a ruleset file (``explain``)."""
        ...

    def show(self, value: Any) -> str:
        """A value as a ruleset writes it (``rules``, ``explain``)."""
        ...


class ScalarKind(Kind[V_co], Protocol):
    """A kind written as one scalar."""

    # What a ruleset must write instead of a list or a mapping.
    expected: str

    def parse(self, scalar: Scalar) -> V_co | Problem: ...


# What a text-like kind says when a list or a mapping stands where one value belongs.
_SINGLE_VALUE = "; expected a single value"


def _text_of(scalar: Scalar) -> str | Problem:
    """The text of a single value (``08:00`` as written, not YAML 1.1's 480)."""
    if scalar.value is None:
        return Problem(f"invalid value '{scalar.raw}'", _SINGLE_VALUE)
    return scalar.raw.strip()


# --------------------------------------------------------------------------- scalars


@dataclass(frozen=True)
class Whole:
    expected: str = "; expected a whole number"

    def parse(self, scalar: Scalar) -> int | Problem:
        value = scalar.value
        if not isinstance(value, int) or isinstance(value, bool):
            return Problem(f"invalid value '{scalar.raw}'", self.expected)
        if value < 0:
            return Problem(f"invalid value {value}", "; expected 0 or more")
        return value

    def describe(self) -> str:
        return "whole number"

    def show(self, value: Any) -> str:
        return str(value)


@dataclass(frozen=True)
class Flag:
    expected: str = "; expected true or false"

    def parse(self, scalar: Scalar) -> bool | Problem:
        if not isinstance(scalar.value, bool):
            return Problem(f"invalid value '{scalar.raw}'", self.expected)
        return scalar.value

    def describe(self) -> str:
        return "true or false"

    def show(self, value: Any) -> str:
        return "true" if value else "false"


class _Word:
    """A kind of text: described by its noun, shown as written."""

    noun: str

    def describe(self) -> str:
        return self.noun

    def show(self, value: Any) -> str:
        return str(value)


@dataclass(frozen=True)
class Text(_Word):
    """Free text of a kind no list constrains (a country code, a placeholder)."""

    noun: str = "text"
    plural: str = "texts"
    expected: str = _SINGLE_VALUE

    def parse(self, scalar: Scalar) -> str | Problem:
        return _text_of(scalar)


@dataclass(frozen=True)
class Words(_Word):
    """A word from a known list (events, notice kinds, phrase categories, languages);
    ``values`` is called when needed, so lists read from files are read once, lazily."""

    noun: str
    plural: str
    values: Callable[[], Sequence[str]]
    expected: str = _SINGLE_VALUE

    def parse(self, scalar: Scalar) -> str | Problem:
        text = _text_of(scalar)
        if isinstance(text, Problem):
            return text
        word = choose_word(tuple(self.values()), text)
        if isinstance(word, Unknown):
            return Problem(
                f"unknown {self.noun} '{word.word}'", f"{word.hint()} (known: {word.listed()})"
            )
        return word


@dataclass(frozen=True)
class Phrase(_Word):
    """Text the content checks match as a phrase: it must be a usable one."""

    noun: str = "phrase"
    plural: str = "phrases"
    expected: str = _SINGLE_VALUE

    def parse(self, scalar: Scalar) -> str | Problem:
        text = _text_of(scalar)
        if isinstance(text, Problem):
            return text
        try:
            check_phrase(text, where="phrase")
        except PhraseListError as error:
            return Problem("phrase " + str(error).removeprefix("phrase: "))
        return text


E = TypeVar("E", bound=Enum)


@dataclass(frozen=True)
class Members:
    """A word that stands for several values of a list (a channel class: ``voice``); the
    list reading it puts them where the word was (``ListOf.flatten``)."""

    word: str
    values: tuple[Any, ...]

    def __str__(self) -> str:
        return self.word


@dataclass(frozen=True)
class Choice(Generic[E]):
    """A member of an enum, by value; or, where ``groups`` names some, a group of members
    by its word (a channel class, read as ``Members``)."""

    enum: type[E]
    noun: str = "value"
    expected: str = _SINGLE_VALUE
    # (word, members): the classes a list may name instead of members.
    groups: tuple[tuple[str, tuple[E, ...]], ...] = ()
    group_noun: str = "class"

    def parse(self, scalar: Scalar) -> E | Members | Problem:
        text = _text_of(scalar)
        if isinstance(text, Problem):
            return text
        member = choose(self.enum, text)
        if not isinstance(member, Unknown):
            return member
        for word, members in self.groups:
            if word == text:
                return Members(word, members)
        if not self.groups:
            return Problem(
                f"unknown {self.noun} '{member.word}'",
                f"{member.hint()} (one of {member.listed()})",
            )
        words = [word for word, _ in self.groups]
        either = Unknown(member.word, (*member.choices, *words))
        return Problem(
            f"unknown {self.noun} or {self.group_noun} '{text}'",
            f"{either.hint()} ({self.noun}s: {member.listed()}; "
            f"{self.group_noun}es: {', '.join(words)})",
        )

    def values(self) -> str:
        return ", ".join(str(m.value) for m in self.enum)

    def describe(self) -> str:
        return "one of: " + self.values()

    def show(self, value: Any) -> str:
        return str(value.value)


@dataclass(frozen=True)
class Parsed(Generic[V]):
    """A value written as one phrase of its own grammar (``7 days``, ``08:00-21:00``):
    ``read`` returns it, or None; ``value.text`` shows it again."""

    noun: str
    read: Callable[[str], V | None]
    description: str
    # After "invalid <noun> '<text>'": a did-you-mean or what to write instead.
    advice: Callable[[str], str]
    expected: str = _SINGLE_VALUE

    def parse(self, scalar: Scalar) -> V | Problem:
        text = _text_of(scalar)
        if isinstance(text, Problem):
            return text
        value = self.read(text)
        if value is None:
            return Problem(f"invalid {self.noun} '{text}'", self.advice(text))
        return value

    def describe(self) -> str:
        return self.description

    def show(self, value: Any) -> str:
        return str(value.text)


# --------------------------------------------------------------------------- composites


@dataclass(frozen=True)
class OrNull:
    """``X | None``: null is None."""

    inner: Kind[Any]

    def describe(self) -> str:
        return self.inner.describe() + " or null"

    def show(self, value: Any) -> str:
        return "none" if value is None else self.inner.show(value)


@dataclass(frozen=True)
class ListOf:
    """A list (one value stands for a list of one); ``every`` is what ``all`` means, when
    it means something."""

    item: ScalarKind[Any]
    description: str
    every: tuple[Any, ...] | None = None
    # Values ``rules`` shows as ``all``.
    shown_as_all: tuple[tuple[Any, ...], ...] = ()
    # The explain page's text for an empty default.
    when_empty: str = "none"

    def describe(self) -> str:
        return self.description

    def show(self, value: Any) -> str:
        if value in self.shown_as_all:
            return "all"
        return self.listed(value)

    def listed(self, value: Any) -> str:
        return "[" + ", ".join(self.item.show(v) for v in value) + "]"

    @staticmethod
    def flatten(values: Sequence[Any]) -> tuple[Any, ...]:
        """A list as read, each ``Members`` word replaced by its members where it stood;
        a value named twice this way (``[voice, call]``) counts once."""
        found: dict[Any, None] = {}
        for value in values:
            found.update(dict.fromkeys(value.values if isinstance(value, Members) else (value,)))
        return tuple(found)


@dataclass(frozen=True)
class PhraseMap:
    """Category -> a list of phrases (PB501's own phrases)."""

    item: ScalarKind[str]

    def describe(self) -> str:
        return "mapping of category to a list of phrases"

    def show(self, value: Any) -> str:
        return "{" + ", ".join(f"{k}: {len(v)} phrases" for k, v in value) + "}" if value else "[]"


@dataclass(frozen=True)
class GroupsOf:
    """A list of lists (PB502's ``all_of``: groups of phrases, one phrase from each)."""

    group: ListOf

    def describe(self) -> str:
        return f"list of groups, each a {self.group.describe()}"

    def show(self, value: Any) -> str:
        return "[" + ", ".join(self.group.listed(g) for g in value) + "]"


def list_of(item: ScalarKind[Any]) -> ListOf:
    """A plain list of ``item``: 'list of events', 'list of: sunday, weekend, …'."""
    if isinstance(item, Choice):
        return ListOf(item, "list of: " + item.values())
    return ListOf(item, f"list of {getattr(item, 'plural', 'values')}")


WHOLE = Whole()
FLAG = Flag()


def default_text(kind: Kind[Any], value: Any) -> str:
    """A parameter's default as the explain page shows it."""
    if isinstance(kind, ListOf):
        return kind.when_empty if value == () else kind.listed(value)
    return kind.show(value)


# --------------------------------------------------------------------------- resolution


class NoKind(TypeError):
    """A parameter annotation that names no kind (a plain ``str``, an unknown class)."""


def kind_of(hint: Any) -> Kind[Any]:
    """The kind of a parameter from its annotation (``get_type_hints(...,
    include_extras=True)``); raises ``NoKind`` when the annotation names none."""
    if typing.get_origin(hint) is typing.Annotated:
        kinds = [m for m in hint.__metadata__ if not isinstance(m, Means | str)]
        if kinds:
            return typing.cast(Kind[Any], kinds[-1])
        return kind_of(hint.__origin__)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union) and type(None) in args and len(args) == 2:
        (inner,) = (a for a in args if a is not type(None))
        return OrNull(kind_of(inner))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = kind_of(args[0])
        if not hasattr(item, "parse"):
            raise NoKind(f"a list of {args[0]!r} is not a list of single values")
        return list_of(typing.cast(ScalarKind[Any], item))
    if hint is bool:
        return FLAG
    if hint is int:
        return WHOLE
    if isinstance(hint, type) and issubclass(hint, Enum):
        return Choice(hint)
    raise NoKind(f"no parameter kind for {hint!r}: annotate it with one")


def meaning_of(hint: Any) -> str | None:
    """The ``Means`` text of an annotation, if it has one."""
    if typing.get_origin(hint) is typing.Annotated:
        for meta in reversed(hint.__metadata__):
            if isinstance(meta, Means):
                return meta.text
        return meaning_of(hint.__origin__)
    return None


def field_kinds(params: type) -> Mapping[str, Kind[Any]]:
    """Every field of a params dataclass and its kind (once per class: reading the
    annotations evaluates them, about 0.4 ms a class for every rule that uses it)."""
    found = _FIELD_KINDS.get(params)
    if found is None:
        hints = typing.get_type_hints(params, include_extras=True)
        found = _FIELD_KINDS[params] = {name: kind_of(hint) for name, hint in hints.items()}
    return found


_FIELD_KINDS: dict[type, Mapping[str, Kind[Any]]] = {}


def field_meanings(params: type) -> dict[str, str | None]:
    """Every field of a params dataclass and its meaning."""
    hints = typing.get_type_hints(params, include_extras=True)
    return {name: meaning_of(hint) for name, hint in hints.items()}
