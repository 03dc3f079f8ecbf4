"""Text normalisation for phrase matching, with a map back to the original characters.

Collection scripts that threaten people are often written to slip past keyword lists:
full-width letters (``ＡＲＲＥＳＴ``), Traditional characters (``逮捕你、殺了你``), spaces or
dots inside a word (``逮 捕``, ``a.r.r.e.s.t``), zero-width characters. Phrase lists and
template texts both go through :func:`normalise`, so a phrase written once matches every
such spelling. Every normalised character remembers the range of original characters it
came from, so a match can be reported at its exact place in the file
(``Text.span_of(start, end)``).

The steps, per original character:

1. ``{placeholder}`` becomes one opaque character (``OPAQUE``): a phrase never matches
   inside a placeholder's name, and a placeholder separates words.
2. NFKD compatibility decomposition (full-width and other compatibility forms become plain
   letters and digits), combining marks and format characters (zero-width spaces and joiners,
   soft hyphens) dropped, then case folding.
   Devanagari vowel signs and virama are kept (they are letters of the word, not accents:
   dropping them would make पुलिस and पलिस one word); its nukta is dropped and its
   chandrabindu folded to anusvara, the two spellings people mix freely (ज़ेल / जेल).
3. Traditional Chinese to Simplified, one character at a time with OpenCC's ``t2s`` tables,
   keeping a character unchanged when its conversion is not exactly one character. Phrase
   conversion is not used on purpose: it can change lengths, and per-character folding is
   the same on both sides of the match, which is all matching needs. The polite and the
   written-feminine "you" (您, 妳) fold to 你: a threat is the same threat said politely.
4. Apostrophes inside words are dropped (``you’ll`` is ``youll``); Cyrillic and Greek
   look-alikes in a word that also has Latin letters become Latin (``аrrest``).
5. Separators (whitespace and the punctuation people insert inside words, see
   ``SEPARATORS``):
   * between two Han or kana characters they are dropped, since Chinese and Japanese put no
     spaces between words (``逮 捕`` is ``逮捕``);
   * inside a spelled-out Latin word (three or more one-letter tokens, ``a r r e s t``,
     ``k-i-l-l``) they are dropped;
   * otherwise a run of them becomes a single space, a word boundary.
   Other punctuation (commas, full stops, brackets) stays as it is, and is a boundary.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from opencc import OpenCC  # type: ignore[import-untyped]

# Stands in for a whole ``{placeholder}``: an object replacement character, which no phrase
# or ordinary text contains.
OPAQUE = "\ufffc"

# Characters people put between the letters of a word to dodge keyword filters, and
# dashes. Applied after NFKD, so full-width forms (－ ＿ ． ＊ ／) are already these.
SEPARATORS = frozenset("-_.*·•~|/\\+=^`'‧・’‘‐–—―")
# An apostrophe inside a word is dropped: "you'll", "you’ll" and "youll" match alike, and
# "I'm a" stays two words rather than three letters of a spelled-out word.
APOSTROPHES = frozenset("'’‘`")

# ``{name}``: a letter or underscore, then letters, digits, underscores or dots. Fixed and
# linear; users never supply regular expressions.
_PLACEHOLDER = re.compile(r"\{([^\W\d][\w.]*)\}")

# Cyrillic and Greek letters (after case folding) that look like Latin ones.
_LOOKALIKES = {
    **dict(zip("авеіјкмнорстухѕԁԛԝ", "abeijkmhopctyxsdqw", strict=True)),
    **dict(zip("αβεικμνορτυχ", "abeikmvoptux", strict=True)),
}

_LOOKALIKE_SET = frozenset(_LOOKALIKES)

_WHITESPACE = re.compile(r"\s+")

# Devanagari: the nukta is dropped (ज़ = ज) and chandrabindu folds to anusvara (ँ = ं).
_DEVANAGARI = range(0x0900, 0x0980)
_DEVANAGARI_FOLD = {"\u093c": "", "\u0901": "\u0902"}
# Pronouns that say "you" alike: polite 您, written-feminine 妳 (and its Simplified form).
_PRONOUN_FOLD = {"您": "你", "妳": "你"}

# Spelled-out words need at least this many one-letter tokens, so "file a lawsuit" or
# "Plan B" stay words.
_MIN_SPELLED = 3


@dataclass(frozen=True)
class Placeholder:
    """A ``{name}`` in a text: its name and the range ``[start, end)`` of the braces."""

    name: str
    start: int
    end: int

    @property
    def text(self) -> str:
        return "{" + self.name + "}"


def find_placeholders(value: str) -> tuple[Placeholder, ...]:
    """Every ``{name}`` in ``value``, in order."""
    return tuple(Placeholder(m.group(1), m.start(), m.end()) for m in _PLACEHOLDER.finditer(value))


@dataclass(frozen=True)
class Normalised:
    """A normalised text; ``text[i]`` came from ``source[starts[i]:ends[i]]``."""

    source: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        """The range of ``source`` that produced ``text[start:end]`` (``end > start``)."""
        return self.starts[start], self.ends[end - 1]


# The character classes below are asked about several times for every character of
# every template text: each answer is kept (bounded), one look-up instead of a call.
_CHARS = 65536


@lru_cache(maxsize=_CHARS)
def is_han(ch: str) -> bool:
    """Han ideographs and Japanese kana: scripts written without spaces between words."""
    code = ord(ch)
    return (
        0x3040 <= code <= 0x30FF  # hiragana, katakana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        or 0x20000 <= code <= 0x3134F  # CJK extensions B-G
    )


@lru_cache(maxsize=_CHARS)
def is_word_char(ch: str) -> bool:
    """A letter or digit of a script that separates words with spaces (Latin, Cyrillic,
    Devanagari…), or a vowel sign or virama inside a Devanagari word."""
    if ch.isalnum():
        return not is_han(ch)
    return len(ch) == 1 and ord(ch) in _DEVANAGARI and unicodedata.category(ch) in ("Mn", "Mc")


@cache
def _t2s() -> OpenCC:
    return OpenCC("t2s")


@lru_cache(maxsize=65536)
def _simplified(ch: str) -> str:
    converted = _t2s().convert(ch)
    return converted if isinstance(converted, str) and len(converted) == 1 else ch


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    """Steps 2 and 3 for one character: may yield zero, one or several characters."""
    out: list[str] = []
    for part in unicodedata.normalize("NFKD", ch):
        if ord(part) in _DEVANAGARI:
            out.append(_DEVANAGARI_FOLD.get(part, part))
            continue
        if unicodedata.category(part) in ("Mn", "Me", "Cf"):
            continue
        for folded in part.casefold():
            han = _simplified(folded) if is_han(folded) else folded
            out.append(_PRONOUN_FOLD.get(han, han))
    return "".join(out)


def _fold(value: str) -> list[tuple[str, int, int]]:
    """Steps 1-3: each output character with the source range it came from."""
    out: list[tuple[str, int, int]] = []
    placeholders = iter(find_placeholders(value))
    upcoming = next(placeholders, None)
    i = 0
    while i < len(value):
        if upcoming is not None and upcoming.start == i:
            out.append((OPAQUE, upcoming.start, upcoming.end))
            i = upcoming.end
            upcoming = next(placeholders, None)
            continue
        for folded in _fold_char(value[i]):
            out.append((folded, i, i + 1))
        i += 1
    return out


def _drop_inner_apostrophes(chars: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    return [
        item
        for i, item in enumerate(chars)
        if not (
            item[0] in APOSTROPHES
            and 0 < i < len(chars) - 1
            and is_word_char(chars[i - 1][0])
            and is_word_char(chars[i + 1][0])
        )
    ]


def _unmask_lookalikes(chars: list[tuple[str, int, int]]) -> None:
    """Replace Cyrillic and Greek look-alikes inside words that also hold Latin letters.

    ``аrrest`` with a Cyrillic ``а`` reads as "arrest"; a word wholly in Cyrillic or Greek
    is left alone, so real Russian or Greek text is not turned into Latin nonsense.
    """
    if _LOOKALIKE_SET.isdisjoint(ch for ch, _, _ in chars):
        return  # nothing to replace (most texts): no walk over their words
    n = len(chars)
    i = 0
    while i < n:
        if not is_word_char(chars[i][0]):
            i += 1
            continue
        j = i
        while j < n and is_word_char(chars[j][0]):
            j += 1
        word = chars[i:j]
        if any(ch.isascii() for ch, _, _ in word) and any(ch in _LOOKALIKES for ch, _, _ in word):
            for k in range(i, j):
                ch, lo, hi = chars[k]
                chars[k] = (_LOOKALIKES.get(ch, ch), lo, hi)
        i = j


@lru_cache(maxsize=_CHARS)
def _is_separator(ch: str) -> bool:
    return ch.isspace() or ch in SEPARATORS


def _spelled_letters(chars: list[tuple[str, int, int]]) -> dict[int, int]:
    """One-letter Latin tokens that belong to a spelled-out word (``a-r-r-e-s-t``): the index
    of each, mapped to the index of the first letter of its word.

    The letters of one spelled-out word share one separator: in ``son of a b-i-t-c-h`` the
    space after ``a`` is not the dash of the spelling, so ``a`` stays a word of its own.
    """
    spelled: dict[int, int] = {}
    run: list[int] = []  # the one-letter tokens of the current spelled-out word
    gap = ""  # the separator between its letters ("" until it has two)
    pending = ""  # the separators since the last token
    broken = False  # punctuation since the last token: no word spans it

    def close() -> None:
        if len(run) >= _MIN_SPELLED:
            spelled.update(dict.fromkeys(run, run[0]))
        run.clear()

    n = len(chars)
    i = 0
    while i < n:
        j = i
        if is_word_char(chars[i][0]):
            while j < n and is_word_char(chars[j][0]):
                j += 1
            if j - i > 1:
                close()
            elif run and not broken and (not gap or pending == gap):
                gap = pending
                run.append(i)
            else:
                # a new spelling may start at the last letter of a run too short to count
                last = run[-1] if run and not broken and len(run) < _MIN_SPELLED else None
                close()
                run.extend([last, i] if last is not None else [i])
                gap = pending if last is not None else ""
            pending, broken = "", False
        else:
            while j < n and not is_word_char(chars[j][0]):
                j += 1
            between = [ch for ch, _, _ in chars[i:j]]
            broken = not all(_is_separator(ch) for ch in between)
            pending = _WHITESPACE.sub(" ", "".join(between))
        i = j
    close()
    return spelled


def normalise(value: str) -> Normalised:
    """``value`` normalised for matching, with the source range of every character."""
    return _normalise(value)


@lru_cache(maxsize=4096)
def _normalise(value: str) -> Normalised:
    chars = _drop_inner_apostrophes(_fold(value))
    _unmask_lookalikes(chars)
    spelled = _spelled_letters(chars)
    text: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    n = len(chars)
    i = 0
    while i < n:
        ch, lo, hi = chars[i]
        if not _is_separator(ch):
            text.append(ch)
            starts.append(lo)
            ends.append(hi)
            i += 1
            continue
        j = i
        while j < n and _is_separator(chars[j][0]):
            j += 1
        before = text[-1] if text else ""
        after = chars[j][0] if j < n else ""
        joined_han = bool(before and after) and is_han(before) and is_han(after)
        joined_spelled = spelled.get(i - 1, -1) == spelled.get(j, -2)
        if not (joined_han or joined_spelled):
            text.append(" ")
            starts.append(lo)
            ends.append(chars[j - 1][2])
        i = j
    return Normalised(value, "".join(text), tuple(starts), tuple(ends))
