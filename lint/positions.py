"""Positions in a file: character offsets in the text a parser saw -> line and column.

Lark and PyYAML see pieces of a file (one DSL statement, one YAML scalar); a ``Locator``
maps an offset in that piece back to the file, so both forms report the same positions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from .model import (
    Position,
    Span,
)


class Locator:
    """Maps character offsets in the text handed to Lark to positions in the file."""

    def position(self, offset: int) -> Position:
        raise NotImplementedError

    def span(self, start: int, end: int) -> Span:
        """The file span of ``text[start:end]`` (end exclusive)."""
        first = self.position(start)
        if end <= start:
            return Span(first.line, first.column, first.line, first.column)
        last = self.position(end - 1)
        return Span(first.line, first.column, last.line, last.column + 1)


class FileLocator(Locator):
    """Offsets into a slice of a file that starts at ``base``."""

    def __init__(self, line_starts: Sequence[int], base: int = 0) -> None:
        self._line_starts = line_starts
        self._base = base

    def position(self, offset: int) -> Position:
        absolute = self._base + offset
        index = bisect.bisect_right(self._line_starts, absolute) - 1
        return Position(index + 1, absolute - self._line_starts[index] + 1)

    def moved(self, base: int) -> FileLocator:
        return FileLocator(self._line_starts, base)


class TableLocator(Locator):
    """Offsets into a string whose every character's file position is known (YAML scalars)."""

    def __init__(self, positions: Sequence[Position]) -> None:
        self._positions = positions

    def position(self, offset: int) -> Position:
        if not self._positions:
            return Position(1, 1)
        return self._positions[max(0, min(offset, len(self._positions) - 1))]


def line_starts(text: str) -> list[int]:
    """The offset at which each line of ``text`` starts."""
    return [0, *(m.end() for m in re.finditer("\n", text))]
