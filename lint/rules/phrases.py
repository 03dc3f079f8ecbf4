"""Phrase lists and patterns (bundled data), matched in linear time over normalised text.

The bundled lists live in ``rulesets/phrases/*.yaml`` (``resources.phrases_dir()``), one
file per category::

    category: arrest-or-jail          # must equal the file name
    check: PB501                      # the check that uses the list
    label: threatens arrest or jail   # how a finding names the category
    phrases:                          # literal phrases, by language
      en: [have you arrested, …]
      zh: [逮捕你, …]
    patterns:                         # token patterns (patterns.py), by language
      en:
        - pattern: (police|cops) will (come|be sent) ..3 (home|house|work)
          match: the police will come to your house tonight   # must be reported
          no_match: the police will come only if you report fraud  # must not
    placeholders: [amount]            # optional: placeholders whose value says the same

and ``placeholders.yaml`` (``check: PB504``, ``placeholders: [name, …]``) and
``negation.yaml`` (``negations: {en: [not, never, …], …}``: a phrase directly after one
is a reassurance, and a pattern's gap never skips one).

How a phrase matches (the same for bundled lists and a ruleset's own phrases): both phrase
and text are normalised (``normalise.py``: width, case, Traditional/Simplified, 您/你,
separators inside words) and cut into tokens: Latin-script and Devanagari words, single
Han characters, single marks. A literal phrase is the pattern of its tokens, so "arrest"
does not match "interest rate", nor "arrested", while Chinese matches anywhere; a trailing
``*`` makes the last word a prefix (``motherfuck*``). No regular expressions over user
text: all phrases and patterns compile into one automaton that reads each token once.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

from ..canonical import FileRead
from ..files import read_regular
from ..resources import phrases_dir
from ..syntax.yaml_nodes import YamlProblem, compose
from ..syntax.yaml_values import plain
from .frames import FRAME_PREFIX, FrameError, read_frames
from .normalise import Normalised, normalise
from .patterns import (
    SENTENCE_ENDS,
    Automaton,
    Compiled,
    Fragment,
    PatternError,
    Token,
    fragment,
    join,
    literal,
    parse,
    tokens,
    words_of,
)
from .phrase_data import READ, ByLanguage, Negations, decode_compiled, decode_negations, shipped

PLACEHOLDERS_FILE = "placeholders"
NEGATION_FILE = "negation"
_NOT_CATEGORIES = frozenset({PLACEHOLDERS_FILE, NEGATION_FILE})
_CATEGORY_KEYS = frozenset({"category", "check", "label", "phrases", "patterns", "placeholders"})
_PLACEHOLDER_KEYS = frozenset({"check", "placeholders"})
_NEGATION_KEYS = frozenset({"negations", "between", "conditionals", "subjects"})
_PATTERN_KEYS = frozenset({"pattern", "match", "no_match"})


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
    """One phrase as written, with its category and language (``custom`` for a ruleset's own).

    ``pattern``: ``text`` is a token pattern (``patterns.py``), with an example that must
    match (``must_match``) and one that must not (``must_not``); otherwise a literal phrase.
    """

    text: str
    category: str
    language: str
    pattern: bool = False
    must_match: str = ""
    must_not: str = ""


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


# Phrase lists are a few KB each.
MAX_PHRASE_FILE_BYTES = 1024 * 1024


def _read_mapping(path: Path, allowed: frozenset[str]) -> dict[str, Any]:
    try:
        data_read = read_regular(str(path), MAX_PHRASE_FILE_BYTES)
        READ[path] = FileRead.of(path, data_read)
        node = compose(data_read.decode("utf-8"))
        data = plain(node, text_only=True) if node is not None else None
    except YamlProblem as problem:
        raise PhraseListError(
            f"{path.name}: not valid YAML: {problem}", path, problem.line
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise PhraseListError(f"{path.name}: cannot read: {error}", path) from None
    if not isinstance(data, dict):
        raise PhraseListError(f"{path.name}: expected a mapping at the top level")
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        raise PhraseListError(f"{path.name}: unknown key {unknown[0]!r}")
    return data


def parse_category(path: Path) -> Category:
    """Read and validate one category file; raise ``PhraseListError`` naming file and key."""
    data = _read_mapping(path, _CATEGORY_KEYS)
    for key in ("category", "check", "label"):
        if key not in data:
            raise PhraseListError(f"{path.name}: missing key {key!r}")
    name, check, label = data["category"], data["check"], data["label"]
    for key, value in (("category", name), ("check", check), ("label", label)):
        if not isinstance(value, str) or not value.strip():
            raise PhraseListError(f"{_where(path, key)}: expected a non-empty string")
    if name != path.stem:
        raise PhraseListError(f"{_where(path, 'category')}: {name!r} must match the file name")
    phrases = [*_literal_phrases(path, name, data), *_pattern_phrases(path, name, data)]
    if not phrases:
        raise PhraseListError(f"{path.name}: no phrases and no patterns")
    placeholders: tuple[str, ...] = ()
    if "placeholders" in data:
        placeholders = _string_list(path, "placeholders", data["placeholders"])
    return Category(name, check, label, tuple(phrases), placeholders)


def _languages(path: Path, data: dict[str, Any], key: str) -> dict[str, Any]:
    by_language = data.get(key, {})
    if not isinstance(by_language, dict) or (key in data and not by_language):
        raise PhraseListError(f"{_where(path, key)}: expected a mapping of language to a list")
    return {str(language): value for language, value in by_language.items()}


def _literal_phrases(path: Path, name: str, data: dict[str, Any]) -> list[Phrase]:
    phrases: list[Phrase] = []
    for language, texts in _languages(path, data, "phrases").items():
        key = f"phrases.{language}"
        for text in _string_list(path, key, texts):
            check_phrase(text, where=_where(path, key))
            phrases.append(Phrase(text, name, language))
    return phrases


def _pattern_phrases(path: Path, name: str, data: dict[str, Any]) -> list[Phrase]:
    """``patterns: {language: [{pattern, match, no_match}, …]}``: each compiled now, so a
    broken pattern is an error at load, naming file and entry."""
    phrases: list[Phrase] = []
    for language, entries in _languages(path, data, "patterns").items():
        if not isinstance(entries, list) or not entries:
            raise PhraseListError(f"{_where(path, f'patterns.{language}')}: expected a list")
        seen: set[str] = set()
        for i, entry in enumerate(entries):
            key = f"patterns.{language}[{i}]"
            if not isinstance(entry, dict) or set(entry) != _PATTERN_KEYS:
                raise PhraseListError(
                    f"{_where(path, key)}: expected exactly the keys pattern, match, no_match"
                )
            texts = [entry[k] for k in ("pattern", "match", "no_match")]
            if not all(isinstance(t, str) and t.strip() for t in texts):
                raise PhraseListError(f"{_where(path, key)}: expected three non-empty strings")
            if texts[0] in seen:
                raise PhraseListError(f"{_where(path, key)}: {texts[0]!r} is listed twice")
            seen.add(texts[0])
            phrase = Phrase(texts[0], name, language, True, texts[1], texts[2])
            check_pattern(phrase.text, where=_where(path, key))
            phrases.append(phrase)
    return phrases


def check_phrase(text: str, *, where: str) -> None:
    """Raise ``PhraseListError`` when a phrase could never match sensibly."""
    key = _key(text)
    if len(key.strip()) < 2:
        raise PhraseListError(f"{where}: {text!r} is too short to match reliably")


def check_pattern(text: str, *, where: str) -> None:
    """Raise ``PhraseListError`` when a pattern does not compile: patterns and frames are
    compiled at load, so a broken one is an error naming its file and entry."""
    try:
        parse(text)
    except PatternError as error:
        raise PhraseListError(f"{where}: {error}") from None


@cache
def bundled_categories() -> tuple[Category, ...]:
    """Every bundled category list, sorted by name (read once), with the frames of every
    language (``frames-LANG.yaml``, ``frames.py``) added to their categories: from the
    file made at packaging time when it is current (``phrase_data``), else read now."""
    folder = phrases_dir()
    data = shipped(folder)
    if data is not None:
        return tuple(_shipped_category(row) for row in data["categories"])
    return read_categories(folder)


def read_categories(folder: Path) -> tuple[Category, ...]:
    """Every category of ``folder``'s lists, read and validated (``bundled_categories``)."""
    paths = sorted(folder.glob("*.yaml"))
    categories = [
        _in_file(parse_category, path)
        for path in paths
        if path.stem not in _NOT_CATEGORIES and not path.stem.startswith(FRAME_PREFIX)
    ]
    framed: dict[str, list[Phrase]] = {}
    for path in paths:
        if path.stem.startswith(FRAME_PREFIX):
            for phrase in _in_file(parse_frames, path):
                framed.setdefault(phrase.category, []).append(phrase)
    known = {c.name for c in categories}
    for name in framed:
        if name not in known:
            raise PhraseListError(f"frames for unknown category {name!r}", folder)
    return tuple(
        dataclasses.replace(c, phrases=c.phrases + tuple(framed.get(c.name, ())))
        for c in categories
    )


def _shipped_category(row: dict[str, Any]) -> Category:
    name = row["name"]
    phrases = tuple(Phrase(p[0], name, p[1], p[2], p[3], p[4]) for p in row["phrases"])
    return Category(name, row["check"], row["label"], phrases, tuple(row["placeholders"]))


def category_row(category: Category) -> dict[str, Any]:
    """A category as the shipped file holds it (``_shipped_category`` reads it back)."""
    phrases = [[p.text, p.language, p.pattern, p.must_match, p.must_not] for p in category.phrases]
    return {
        "name": category.name,
        "check": category.check,
        "label": category.label,
        "placeholders": list(category.placeholders),
        "phrases": phrases,
    }


def parse_frames(path: Path) -> list[Phrase]:
    """A frame file's frames as pattern phrases, each compiled now (an error names the
    file and the frame)."""
    data = _read_mapping(path, frozenset({"language", "lexicons", "frames"}))
    try:
        frames = read_frames(data)
    except FrameError as error:
        raise PhraseListError(f"{path.name}: {error}") from None
    phrases = []
    for frame in frames:
        phrase = Phrase(
            frame.pattern, frame.category, frame.language, True, frame.must_match, frame.must_not
        )
        check_pattern(phrase.text, where=f"{path.name}: {frame.category}")
        phrases.append(phrase)
    return phrases


_T = TypeVar("_T")


def _in_file(read: Callable[[Path], _T], path: Path) -> _T:
    """``read(path)``, its errors naming the file (and the line, when PyYAML knew it)."""
    try:
        return read(path)
    except PhraseListError as error:
        raise PhraseListError(str(error), path, error.line) from error
    except (OSError, UnicodeDecodeError) as error:
        raise PhraseListError(f"{path.name}: cannot be read: {error}", path) from error


def bundled_lists_read() -> tuple[FileRead, ...]:
    """The files ``load_bundled_lists`` read (every list in ``rulesets/phrases/``), with
    the digest of what it read, in path order."""
    load_bundled_lists()
    return tuple(READ[path] for path in sorted(READ))


def load_bundled_lists() -> None:
    """Read and validate every bundled phrase list, once. A ruleset calls this when it
    loads, so a broken list stops the run up front (exit 2) and no check reads a file
    while linting."""
    bundled_categories()
    known_placeholders()
    _negation_data()


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
    """The bundled list of common template placeholders (PB504's default): from the file
    made at packaging time when it is current, else read now."""
    data = shipped(phrases_dir())
    return tuple(data["placeholders"]) if data is not None else read_placeholders(phrases_dir())


def read_placeholders(folder: Path) -> tuple[str, ...]:
    return _in_file(_read_placeholders, folder / f"{PLACEHOLDERS_FILE}.yaml")


def _read_placeholders(path: Path) -> tuple[str, ...]:
    data = _read_mapping(path, _PLACEHOLDER_KEYS)
    if "placeholders" not in data:
        raise PhraseListError(f"{path.name}: missing key 'placeholders'")
    return _string_list(path, "placeholders", data["placeholders"])


# --------------------------------------------------------------------------- matching


def _key(text: str) -> str:
    """A phrase's normalised form, without a trailing prefix marker."""
    return normalise(text.rstrip().removesuffix("*")).text.strip()


def compile_phrase(phrase: Phrase) -> Fragment:
    """A phrase's compiled pattern: parsed when it is a pattern, its words when it is a
    literal."""
    try:
        return fragment(parse(phrase.text) if phrase.pattern else literal(phrase.text))
    except PatternError as error:
        raise PhraseListError(str(error)) from None


def compile_bundled(categories: Iterable[Category]) -> Compiled:
    """Every phrase of ``categories``, compiled side by side in their order."""
    return join(compile_phrase(p) for c in categories for p in c.phrases)


@cache
def _bundled_compiled() -> tuple[Compiled, dict[Phrase, int]]:
    """Every bundled phrase compiled (from the file made at packaging time when it is
    current, else now), and where each is in it."""
    categories = bundled_categories()
    data = shipped(phrases_dir())
    compiled = (
        decode_compiled(data["automaton"]) if data is not None else compile_bundled(categories)
    )
    index: dict[Phrase, int] = {}
    for phrase in (p for c in categories for p in c.phrases):
        index.setdefault(phrase, len(index))
    return compiled, index


def _automaton(phrases: Sequence[Phrase]) -> Automaton:
    """The bundled phrases' patterns as compiled once, a ruleset's own compiled now."""
    compiled, index = _bundled_compiled()
    chosen = [index.get(p, -1) for p in phrases]
    own = [i for i, at in enumerate(chosen) if at < 0]
    if own:
        first = len(compiled.accepts)
        compiled = join((compile_phrase(phrases[i]) for i in own), onto=compiled)
        placed = {i: first + n for n, i in enumerate(own)}
        chosen = [placed.get(i, at) for i, at in enumerate(chosen)]
    return Automaton.choosing(compiled, chosen, [negation_words(p.language) for p in phrases])


_Found = tuple[tuple[Match, bool], ...]  # each match, and whether a negation governs it
# Characters of scanned text kept at most, over every matcher (a few MB with the matches).
SCANNED_CHARS = 500_000


class _Scans:
    """What each matcher found in each text, kept for the next rule or file that asks,
    the least recently asked let go first once the texts kept pass ``SCANNED_CHARS``.

    Templates are read again and again: PB501 reads each template twice (its matches,
    then whether anything matched at all before its signal), its narrow-category rules
    and PB505-PB507 read them too, the playbooks of one repository share their texts,
    and the language server lints one document after every keystroke. What a matcher
    finds depends only on its phrases and the text, so it is worked out once per run."""

    def __init__(self) -> None:
        self.kept: OrderedDict[tuple[PhraseMatcher, str], _Found] = OrderedDict()
        self.chars = 0

    def get(self, key: tuple[PhraseMatcher, str]) -> _Found | None:
        found = self.kept.get(key)
        if found is not None:
            self.kept.move_to_end(key)
        return found

    def put(self, key: tuple[PhraseMatcher, str], found: _Found) -> None:
        size = len(key[1])
        if size > SCANNED_CHARS or key in self.kept:
            return
        self.kept[key] = found
        self.chars += size
        while self.chars > SCANNED_CHARS:
            (_, text), _ = self.kept.popitem(last=False)
            self.chars -= len(text)


_SCANS = _Scans()


class PhraseMatcher:
    """Finds phrases and patterns in texts, normalised, whole words for Latin scripts.

    Every phrase compiles to a token pattern (``patterns.py``); all of them run in one
    linear pass. Literal phrases keep their v1 meaning: "arrest" matches the word, not
    "interest" or "arrested"; ``fuck*`` matches the start of a word; Chinese anywhere.
    """

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        self._phrases = tuple(phrases)
        self._automaton = _automaton(self._phrases)

    def __bool__(self) -> bool:
        return bool(self._phrases)

    def find(self, value: str) -> tuple[Match, ...]:
        """Non-overlapping matches in ``value``, leftmost first and longest at each start;
        of two phrases matching the same words, the one listed first names the match."""
        return tuple(match for match, _ in self._find(value))

    def find_unnegated(self, value: str) -> tuple[Match, ...]:
        """``find`` without the matches directly after a negation ("we will never tell
        your employer", "我们不会联系你的单位"): reassurances, not threats."""
        return tuple(match for match, negated in self._find(value) if not negated)

    def _find(self, value: str) -> _Found:
        key = (self, value)
        found = _SCANS.get(key)
        if found is None:
            found = self._scan(value)
            _SCANS.put(key, found)
        return found

    def _scan(self, value: str) -> _Found:
        norm, toks = tokenised(value)
        hits = sorted({(h.first, -h.last, h.pattern) for h in self._automaton.scan(toks).hits})
        found: list[tuple[Match, bool]] = []
        reached = 0
        for first, negative_last, index in hits:
            if first < reached:
                continue
            reached = 1 - negative_last
            lo, hi = norm.source_range(toks[first].start, toks[reached - 1].end)
            phrase = self._phrases[index]
            found.append((Match(phrase, lo, hi), negated_at(toks, first, phrase.language)))
        return tuple(found)


# --------------------------------------------------------------------------- negation


# English negations count in every language: Taglish, Hinglish and Indonesian collection
# messages mix English in freely.
_SHARED_LANGUAGE = "en"


# negations, clitics that may stand between, conditions, negative subjects


@cache
def _negation_data() -> Negations:
    """``negation.yaml``, from the file made at packaging time when it is current (each
    word already normalised: 8 ms a start), else read now."""
    data, folder = shipped(phrases_dir()), phrases_dir()
    return decode_negations(data["negations"]) if data is not None else read_negations(folder)


def read_negations(folder: Path) -> Negations:
    return _in_file(_read_negations, folder / f"{NEGATION_FILE}.yaml")


def _read_negations(path: Path) -> Negations:
    data = _read_mapping(path, _NEGATION_KEYS)
    by_language = data.get("negations")
    if not isinstance(by_language, dict) or not by_language:
        raise PhraseListError(f"{path.name}: expected 'negations', a mapping of language to list")
    found: dict[str, tuple[tuple[str, ...], ...]] = {}
    for language, texts in by_language.items():
        words = {words_of(text) for text in _string_list(path, f"negations.{language}", texts)}
        found[str(language)] = tuple(sorted(words, key=lambda w: (-len(w), w)))
    between = _string_list(path, "between", data["between"]) if "between" in data else ()
    clitics = frozenset(w for text in between for w in words_of(text))
    conditions = _word_lists(path, data, "conditionals")
    return found, clitics, conditions, _word_lists(path, data, "subjects")


def _word_lists(path: Path, data: dict[str, Any], key: str) -> ByLanguage:
    out: ByLanguage = {}
    by_language = data.get(key) or {}
    if not isinstance(by_language, dict):
        raise PhraseListError(f"{path.name}: {key}: expected a mapping of language to list")
    for language, texts in by_language.items():
        listed = _string_list(path, f"{key}.{language}", texts)
        out[str(language)] = tuple(sorted({words_of(text) for text in listed}))
    return out


@cache
def conditionals(language: str) -> tuple[tuple[str, ...], ...]:
    """The words that make a later negation a condition, not a reassurance (its own
    language's and English, as ``negations``)."""
    return _in_languages(_negation_data()[2], language)


@cache
def negative_subjects(language: str) -> tuple[tuple[str, ...], ...]:
    """Negations that may stand a few words before what they negate ("no one from …")."""
    return _in_languages(_negation_data()[3], language)


def _in_languages(by_language: ByLanguage, language: str) -> tuple[tuple[str, ...], ...]:
    wanted = {language, _SHARED_LANGUAGE} if language in by_language else set(by_language)
    return tuple(sorted({c for lang in wanted for c in by_language.get(lang, ())}))


@cache
def negations(language: str) -> tuple[tuple[str, ...], ...]:
    """The negations that count for a phrase of ``language`` (``negation.yaml``: its own
    and English; every language's for a ruleset's own phrases), each as its tokens."""
    by_language = _negation_data()[0]
    wanted = {language, _SHARED_LANGUAGE} if language in by_language else set(by_language)
    found = {n for lang in wanted for n in by_language.get(lang, ())}
    return tuple(sorted(found, key=lambda n: (-len(n), n)))


@cache
def negation_words(language: str) -> frozenset[str]:
    """The one-word negations of ``language``: a gap in a pattern never skips one. (Not the
    words of longer ones: "akan" of "tidak akan" is also plain "will".)"""
    return frozenset(n[0] for n in negations(language) if len(n) == 1)


# At most this many clitics (``between``) stand between a negation and what it negates.
_MAX_BETWEEN = 3


# How far back (in tokens, within the sentence) a condition governs a negation.
_CONDITION_REACH = 16
_SENTENCE_STOPS = frozenset(".!?。;।")


def negated_at(toks: tuple[Token, ...], first: int, language: str) -> bool:
    """Does a negation of ``language`` govern the match at token ``first`` and reassure?

    It governs when it ends directly before the match, clitics aside ("hindi *po namin*"),
    or is a negative subject at most ``_SUBJECT_REACH`` words before it in the same clause
    ("*no one* from our company will visit …"). It does not reassure when a condition rules
    it in the same sentence ("if you want to be at home and not in jail", "kalau tidak …"):
    that is a threat (checks.md v3 item 2)."""
    between = _negation_data()[1]
    end = first
    for _ in range(_MAX_BETWEEN + 1):
        start = _ends_with(toks, end, negations(language))
        if start is not None:
            return not conditioned(toks, start, language)
        if end == 0 or toks[end - 1].text not in between:
            break
        end -= 1
    for end in range(first - 1, max(first - 1 - _SUBJECT_REACH, 0), -1):
        if toks[end].text in SENTENCE_ENDS:
            return False
        start = _ends_with(toks, end, negative_subjects(language))
        if start is not None:
            return not conditioned(toks, start, language)
    return False


def _ends_with(toks: tuple[Token, ...], end: int, words: tuple[tuple[str, ...], ...]) -> int | None:
    """Where the first of ``words`` that ends just before token ``end`` starts, or None."""
    for listed in words:
        size = len(listed)
        if size <= end and tuple(t.text for t in toks[end - size : end]) == listed:
            return end - size
    return None


# A negative subject stands this many words before what it negates, at most.
_SUBJECT_REACH = 2


def conditioned(toks: tuple[Token, ...], at: int, language: str) -> bool:
    """Is there a condition ("if", "unless", 如果, kalau…) before token ``at`` in its
    sentence, at most ``_CONDITION_REACH`` tokens back (a bounded look: linear overall)?"""
    start = at
    while start > 0 and at - start < _CONDITION_REACH:
        if toks[start - 1].text in _SENTENCE_STOPS:
            break
        start -= 1
    window = tuple(t.text for t in toks[start:at])
    for cue in conditionals(language):
        size = len(cue)
        if any(window[i : i + size] == cue for i in range(len(window) - size + 1)):
            return True
    return False


@lru_cache(maxsize=1024)
def tokenised(value: str) -> tuple[Normalised, tuple[Token, ...]]:
    """``value`` normalised and cut into tokens, once for all the rules that read it."""
    norm = normalise(value)
    return norm, tokens(norm)


def is_negated(value: str, start: int, language: str = "custom") -> bool:
    """Is the phrase (of ``language``) that starts at index ``start`` of ``value`` directly
    negated?"""
    toks = tokenised(value)[1]
    first = bisect_left(_token_starts(value), start)
    return first < len(toks) and negated_at(toks, first, language)


@lru_cache(maxsize=1024)
def _token_starts(value: str) -> tuple[int, ...]:
    """Where each token of ``value`` starts in ``value``: a binary search finds a match's
    first token, so a text full of matches stays linear."""
    norm, toks = tokenised(value)
    return tuple(norm.starts[t.start] for t in toks)


@lru_cache(maxsize=256)
def matcher(phrases: tuple[Phrase, ...]) -> PhraseMatcher:
    """A matcher for these phrases, built once per distinct list."""
    return PhraseMatcher(phrases)
