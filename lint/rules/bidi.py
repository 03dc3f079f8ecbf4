"""Bidirectional control characters in template text (issue 15 item 13).

A right-to-left override (U+202E) displays the letters after it in reverse: a script
that stores ``tserra lliw ew`` inside an override shows the borrower "we will arrest",
while a keyword filter reading the stored order sees nothing. PB501 therefore matches
the text in the order it is displayed, with the controls stripped, and reports every
control with its position.

The display order here is a small model of the Unicode bidi algorithm, enough for the
controls that reorder Latin and Han letters: inside an RLO override (until its PDF, the
end of the line, or an isolate) characters are shown reversed; LRO, embeddings and
isolates leave the order alone. Real right-to-left scripts stay in stored order, which
is the order phrase lists are written in.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM, RLM = "\u200e", "\u200f"
BIDI_CONTROLS = frozenset((LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM))
_OPENERS = frozenset((LRE, RLE, LRO, RLO, LRI, RLI, FSI))
_ISOLATES = frozenset((LRI, RLI, FSI))
_LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")


def control_offsets(value: str) -> list[int]:
    """The index of every bidi control in ``value``."""
    if BIDI_CONTROLS.isdisjoint(value):
        return []  # most texts: one pass in C, not a Python loop over every character
    return [i for i, ch in enumerate(value) if ch in BIDI_CONTROLS]


def control_label(ch: str) -> str:
    return f"U+{ord(ch):04X} ({unicodedata.name(ch, 'bidi control')})"


@dataclass(frozen=True)
class Displayed:
    """The text as displayed, controls stripped; ``text[i]`` is ``source[origin[i]]``."""

    text: str
    origin: tuple[int, ...]

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        """The smallest range of the source holding ``text[start:end]`` (``end > start``)."""
        picked = self.origin[start:end]
        return min(picked), max(picked) + 1


def displayed(value: str) -> Displayed:
    """``value`` in display order with its bidi controls removed (see the module doc)."""
    stack: list[str] = []
    kept: list[tuple[int, bool]] = []  # (source index, shown reversed)
    for i, ch in enumerate(value):
        if ch in _LINE_BREAKS:
            stack.clear()
        elif ch in _OPENERS:
            stack.append(ch)
            continue
        elif ch == PDF:
            if stack and stack[-1] not in _ISOLATES:
                stack.pop()
            continue
        elif ch == PDI:
            while stack and stack.pop() not in _ISOLATES:
                pass
            continue
        elif ch in (LRM, RLM):
            continue
        kept.append((i, _reversed(stack)))
    order: list[int] = []
    run: list[int] = []
    for index, backwards in kept:
        if backwards:
            run.append(index)
            continue
        order.extend(reversed(run))
        run.clear()
        order.append(index)
    order.extend(reversed(run))
    return Displayed("".join(value[i] for i in order), tuple(order))


def _reversed(stack: list[str]) -> bool:
    """Is a character under these openers shown reversed? The innermost override decides;
    an isolate starts afresh."""
    for opener in reversed(stack):
        if opener in _ISOLATES or opener == LRO:
            return False
        if opener == RLO:
            return True
    return False
