"""Frames (checks.md v3 item 1): a category as a consequence, written once per language
with named lexicons, and lowered to token patterns (``patterns.py``) so that every frame
runs in the one linear automaton with the phrase lists.

A frame file is ``rulesets/phrases/frames-LANG.yaml``::

    language: en
    lexicons:                      # named word lists: triggers, role cues, modality
      we: [we, i, our team, "we'll", "i'll"]
      circle: [employer, boss, hr, family, relatives, neighbours, contacts]
      tell: [tell, inform, call, contact, notify, message]
    frames:                        # by category: the consequence and who does it to whom
      public-shaming:
        - frame: <we> ..3 <tell> ..3 <circle>
          match: we will call your employer and your family today   # must be reported
          no_match: you can call our office or your bank             # must not

``<name>`` stands for one of the lexicon's entries, as ``(a|b|c)`` would; an entry may be
several words or end in ``*`` (a prefix), exactly like a pattern item. Why lexicons: the
same trigger words (inflections, both Chinese scripts, slang spellings) and the same role
cues (the collector as actor, the borrower's circle as object) recur in dozens of frames;
writing them once keeps every frame of a language in step when a word is added.

This module only reads and expands the data; ``phrases.py`` turns each frame into a
``Phrase`` of its category and checks its examples like any pattern's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FRAME_PREFIX = "frames-"
_FILE_KEYS = frozenset({"language", "lexicons", "frames"})
_FRAME_KEYS = frozenset({"frame", "match", "no_match"})
_PATTERN_SYNTAX = frozenset("()[]|<>")


class FrameError(ValueError):
    """A frame file that cannot be used, with the key that is wrong."""


@dataclass(frozen=True)
class Frame:
    """One frame, its lexicons expanded: a token pattern of ``category`` in ``language``."""

    category: str
    language: str
    pattern: str
    must_match: str
    must_not: str


def read_frames(data: dict[str, Any]) -> list[Frame]:
    """The frames of one parsed frame file, each lowered to a pattern."""
    unknown = sorted(str(k) for k in data if k not in _FILE_KEYS)
    if unknown:
        raise FrameError(f"unknown key {unknown[0]!r}")
    language = data.get("language")
    if not isinstance(language, str) or not language.strip():
        raise FrameError("language: expected a language code (en, zh, id, fil, hi)")
    lexicons = _lexicons(data.get("lexicons", {}))
    by_category = data.get("frames")
    if not isinstance(by_category, dict) or not by_category:
        raise FrameError("frames: expected a mapping of category to a list of frames")
    frames: list[Frame] = []
    for name, entries in by_category.items():
        if not isinstance(entries, list) or not entries:
            raise FrameError(f"frames.{name}: expected a non-empty list")
        for i, entry in enumerate(entries):
            frames.append(_frame(str(name), language, entry, lexicons, f"frames.{name}[{i}]"))
    return frames


def _lexicons(value: Any) -> dict[str, str]:
    """Each lexicon as the alternation that replaces ``<name>``."""
    if not isinstance(value, dict):
        raise FrameError("lexicons: expected a mapping of name to a list of words")
    out: dict[str, str] = {}
    for name, words in value.items():
        where = f"lexicons.{name}"
        if not isinstance(words, list) or not words:
            raise FrameError(f"{where}: expected a non-empty list")
        for word in words:
            if not isinstance(word, str) or not word.strip():
                raise FrameError(f"{where}: expected non-empty strings")
            if _PATTERN_SYNTAX & set(word):
                raise FrameError(f"{where}: {word!r} holds pattern syntax; list plain words")
        if len(set(words)) != len(words):
            raise FrameError(f"{where}: a word is listed twice")
        out[str(name)] = "(" + "|".join(words) + ")"
    return out


def _frame(category: str, language: str, entry: Any, lexicons: dict[str, str], where: str) -> Frame:
    if not isinstance(entry, dict) or set(entry) != _FRAME_KEYS:
        raise FrameError(f"{where}: expected exactly the keys frame, match, no_match")
    texts = [entry[k] for k in ("frame", "match", "no_match")]
    if not all(isinstance(t, str) and t.strip() for t in texts):
        raise FrameError(f"{where}: expected three non-empty strings")
    return Frame(category, language, expand(texts[0], lexicons, where), texts[1], texts[2])


def expand(source: str, lexicons: dict[str, str], where: str = "frame") -> str:
    """``source`` with every ``<name>`` replaced by its lexicon's alternation."""
    out: list[str] = []
    at = 0
    while True:
        opening = source.find("<", at)
        if opening < 0:
            out.append(source[at:])
            return "".join(out)
        closing = source.find(">", opening)
        if closing < 0:
            raise FrameError(f"{where}: '<' at {opening} is not closed by '>'")
        name = source[opening + 1 : closing]
        if name not in lexicons:
            known = ", ".join(sorted(lexicons)) or "none"
            raise FrameError(f"{where}: no lexicon <{name}> (known: {known})")
        out.append(source[at:opening])
        out.append(lexicons[name])
        at = closing + 1
