"""Phrase lists (bundled data) and a linear-time matcher over normalised text.

The bundled lists live in ``rulesets/phrases/*.yaml`` (``resources.phrases_dir()``), one
file per category::

    category: arrest-or-jail          # must equal the file name
    check: PB501                      # the check that uses the list
    label: threatens arrest or jail   # how a finding names the category
    phrases:
      en: [have you arrested, …]
      zh: [逮捕你, …]
    placeholders: [amount]            # optional: placeholders whose value says the same

and ``placeholders.yaml`` (``check: PB504``, ``placeholders: [name, …]``).

How a phrase matches (the same for bundled lists and a ruleset's own phrases): both phrase
and text are normalised (``normalise.py``: width, case, Traditional/Simplified, separators
inside words); an end of the phrase that is a Latin-script letter or digit must fall on a
word boundary of the text ("arrest" does not match "interest rate", nor "arrested"), while
Chinese matches anywhere. A trailing ``*`` drops the boundary at the end (``motherfuck*``).
No regular expressions: every phrase is a literal, and one Aho–Corasick automaton finds all
of them in one pass over the text.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

from . import yaml_load
from .normalise import Normalised, is_word_char, normalise
from .resources import phrases_dir

PLACEHOLDERS_FILE = "placeholders"
_CATEGORY_KEYS = frozenset({"category", "check", "label", "phrases", "placeholders"})
_PLACEHOLDER_KEYS = frozenset({"check", "placeholders"})


class PhraseListError(ValueError):
    """A bundled or ruleset phrase list that cannot be used, with where and why; ``path``
    and ``line`` say which file (and line, when known) for an error at ruleset load."""

    def __init__(self, message: str, path: Path | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.line = line


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Phrase:
    """One phrase as written, with its category and language (``custom`` for a ruleset's own)."""

    text: str
    category: str
    language: str


@dataclass(frozen=True)
class Category:
    """A bundled phrase list."""

    name: str
    check: str
    label: str
    phrases: tuple[Phrase, ...]
    placeholders: tuple[str, ...] = ()

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.language for p in self.phrases))

    def in_languages(self, languages: Iterable[str]) -> tuple[Phrase, ...]:
        wanted = frozenset(languages)
        return tuple(p for p in self.phrases if p.language in wanted)


@dataclass(frozen=True)
class Match:
    """Where a phrase matched: ``[start, end)`` indices into the original text."""

    phrase: Phrase
    start: int
    end: int


# --------------------------------------------------------------------------- loading


def _where(path: Path, key: str) -> str:
    return f"{path.name}: {key}"


def _string_list(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise PhraseListError(f"{_where(path, key)}: expected a non-empty list of strings")
    out: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise PhraseListError(f"{_where(path, f'{key}[{i}]')}: expected a non-empty string")
        if item in out:
            raise PhraseListError(f"{_where(path, f'{key}[{i}]')}: {item!r} is listed twice")
        out.append(item)
    return tuple(out)


def _read_mapping(path: Path, allowed: frozenset[str]) -> dict[str, Any]:
    try:
        data = yaml_load.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(error, "problem", None) or error
        raise PhraseListError(f"{path.name}: not valid YAML: {reason}", path, line) from error
    if not isinstance(data, dict):
        raise PhraseListError(f"{path.name}: expected a mapping at the top level")
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        raise PhraseListError(f"{path.name}: unknown key {unknown[0]!r}")
    return data


def parse_category(path: Path) -> Category:
    """Read and validate one category file; raise ``PhraseListError`` naming file and key."""
    data = _read_mapping(path, _CATEGORY_KEYS)
    for key in ("category", "check", "label", "phrases"):
        if key not in data:
            raise PhraseListError(f"{path.name}: missing key {key!r}")
    name, check, label = data["category"], data["check"], data["label"]
    for key, value in (("category", name), ("check", check), ("label", label)):
        if not isinstance(value, str) or not value.strip():
            raise PhraseListError(f"{_where(path, key)}: expected a non-empty string")
    if name != path.stem:
        raise PhraseListError(f"{_where(path, 'category')}: {name!r} must match the file name")
    by_language = data["phrases"]
    if not isinstance(by_language, dict) or not by_language:
        raise PhraseListError(
            f"{_where(path, 'phrases')}: expected a mapping of language to phrase list"
        )
    phrases: list[Phrase] = []
    for language, texts in by_language.items():
        key = f"phrases.{language}"
        for text in _string_list(path, key, texts):
            check_phrase(text, where=_where(path, key))
            phrases.append(Phrase(text, name, str(language)))
    placeholders: tuple[str, ...] = ()
    if "placeholders" in data:
        placeholders = _string_list(path, "placeholders", data["placeholders"])
    return Category(name, check, label, tuple(phrases), placeholders)


def check_phrase(text: str, *, where: str) -> None:
    """Raise ``PhraseListError`` when a phrase could never match sensibly."""
    key = _key(text)
    if len(key.strip()) < 2:
        raise PhraseListError(f"{where}: {text!r} is too short to match reliably")


@cache
def bundled_categories() -> tuple[Category, ...]:
    """Every bundled category list, sorted by name (read once)."""
    folder = phrases_dir()
    return tuple(
        _in_file(parse_category, path)
        for path in sorted(folder.glob("*.yaml"))
        if path.stem != PLACEHOLDERS_FILE
    )


_T = TypeVar("_T")


def _in_file(read: Callable[[Path], _T], path: Path) -> _T:
    """``read(path)``, its errors naming the file (and the line, when PyYAML knew it)."""
    try:
        return read(path)
    except PhraseListError as error:
        raise PhraseListError(str(error), path, error.line) from error
    except (OSError, UnicodeDecodeError) as error:
        raise PhraseListError(f"{path.name}: cannot be read: {error}", path) from error


def load_bundled_lists() -> None:
    """Read and validate every bundled phrase list, once. A ruleset calls this when it
    loads, so a broken list stops the run up front (exit 2) and no check reads a file
    while linting."""
    bundled_categories()
    known_placeholders()


def category(name: str) -> Category:
    """The bundled category called ``name``."""
    for candidate in bundled_categories():
        if candidate.name == name:
            return candidate
    known = ", ".join(c.name for c in bundled_categories())
    raise PhraseListError(f"no bundled phrase list {name!r}; known: {known}")


def categories_for(check: str) -> tuple[Category, ...]:
    """The bundled categories a check uses (``PB501``: the prohibited-content lists)."""
    return tuple(c for c in bundled_categories() if c.check == check)


@cache
def known_placeholders() -> tuple[str, ...]:
    """The bundled list of common template placeholders (PB504's default)."""
    return _in_file(_read_placeholders, phrases_dir() / f"{PLACEHOLDERS_FILE}.yaml")


def _read_placeholders(path: Path) -> tuple[str, ...]:
    data = _read_mapping(path, _PLACEHOLDER_KEYS)
    if "placeholders" not in data:
        raise PhraseListError(f"{path.name}: missing key 'placeholders'")
    return _string_list(path, "placeholders", data["placeholders"])


# --------------------------------------------------------------------------- matching


def _key(text: str) -> str:
    """A phrase's normalised form, without a trailing prefix marker."""
    return normalise(text.rstrip().removesuffix("*")).text.strip()


class _Automaton:
    """Aho–Corasick over characters: all occurrences of all patterns in one pass.

    Written here rather than taken from ``pyahocorasick``: the lists are small (hundreds of
    phrases), a pure-Python automaton builds in milliseconds, and it keeps the package free
    of a compiled dependency without type information.
    """

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = tuple(patterns)
        self._goto: list[dict[str, int]] = [{}]
        self._fail: list[int] = [0]
        own: list[list[int]] = [[]]
        for index, pattern in enumerate(self.patterns):
            state = 0
            for ch in pattern:
                nxt = self._goto[state].get(ch)
                if nxt is None:
                    nxt = len(self._goto)
                    self._goto[state][ch] = nxt
                    self._goto.append({})
                    self._fail.append(0)
                    own.append([])
                state = nxt
            own[state].append(index)
        self._out: list[tuple[int, ...]] = [()] * len(self._goto)
        self._out[0] = tuple(own[0])
        queue: deque[int] = deque()
        for child in self._goto[0].values():
            self._out[child] = tuple(own[child])
            queue.append(child)
        while queue:
            state = queue.popleft()
            for ch, child in self._goto[state].items():
                fail = self._fail[state]
                while fail and ch not in self._goto[fail]:
                    fail = self._fail[fail]
                self._fail[child] = self._goto[fail].get(ch, 0)
                self._out[child] = tuple(own[child]) + self._out[self._fail[child]]
                queue.append(child)

    def occurrences(self, text: str) -> Iterable[tuple[int, int, int]]:
        """``(start, end, pattern index)`` of every occurrence, by end position."""
        state = 0
        for i, ch in enumerate(text):
            while state and ch not in self._goto[state]:
                state = self._fail[state]
            state = self._goto[state].get(ch, 0)
            for index in self._out[state]:
                yield i + 1 - len(self.patterns[index]), i + 1, index


@dataclass(frozen=True)
class _Entry:
    phrase: Phrase
    whole_word_end: bool


class PhraseMatcher:
    """Finds phrases in texts, normalised, on word boundaries for Latin-script ends."""

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        by_key: dict[str, list[_Entry]] = {}
        for phrase in phrases:
            key = _key(phrase.text)
            if not key:
                continue
            whole_word_end = not phrase.text.rstrip().endswith("*")
            entries = by_key.setdefault(key, [])
            # One entry per key and kind of end: the first phrase (list order) names the match.
            if not any(e.whole_word_end == whole_word_end for e in entries):
                entries.append(_Entry(phrase, whole_word_end))
        self._keys = tuple(by_key)
        self._entries = tuple(tuple(by_key[k]) for k in self._keys)
        self._automaton = _Automaton(self._keys)

    def __bool__(self) -> bool:
        return bool(self._keys)

    def find(self, value: str) -> tuple[Match, ...]:
        """Non-overlapping matches in ``value``, leftmost first and longest at each start."""
        norm = normalise(value)
        text = norm.text
        candidates: list[tuple[int, int, int, _Entry]] = []
        for start, end, index in self._automaton.occurrences(text):
            for entry in self._fitting(norm, start, end, index):
                if not entry.whole_word_end:
                    # a prefix phrase covers the rest of its word: "fuck*" quotes "fucking"
                    while end < len(text) and is_word_char(text[end]):
                        end += 1
                candidates.append((start, -(end - start), index, entry))
        candidates.sort()
        matches: list[Match] = []
        reached = 0
        for start, negative_length, _, entry in candidates:
            if start < reached:
                continue
            end = start - negative_length
            reached = end
            lo, hi = norm.source_range(start, end)
            matches.append(Match(entry.phrase, lo, hi))
        return tuple(matches)

    def _fitting(self, norm: Normalised, start: int, end: int, index: int) -> list[_Entry]:
        text = norm.text
        key = self._keys[index]
        if is_word_char(key[0]) and start > 0 and is_word_char(text[start - 1]):
            return []
        open_end = is_word_char(key[-1]) and end < len(text) and is_word_char(text[end])
        # The first entry of a key wins, so the category order of the lists decides.
        for entry in self._entries[index]:
            if not (open_end and entry.whole_word_end):
                return [entry]
        return []


@lru_cache(maxsize=256)
def matcher(phrases: tuple[Phrase, ...]) -> PhraseMatcher:
    """A matcher for these phrases, built once per distinct list."""
    return PhraseMatcher(phrases)
