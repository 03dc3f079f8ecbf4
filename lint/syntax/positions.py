"""Positions in a file: character offsets in the text a parser saw -> line and column.

Lark and PyYAML see pieces of a file (one DSL statement, one YAML scalar); a ``Locator``
maps an offset in that piece back to the file, so both forms report the same positions.

A ``Text`` keeps the position of every character of its value, but most are never asked
for: ``ShiftedPositions`` (a one-line scalar written as itself) computes each from the
first, ``DeferredPositions`` builds its table the first time one is asked for.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from typing import overload

from ..model import (
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
        # A one-line scalar (most phrases): its spans are sums, not table look-ups.
        self._shift = positions.shift if isinstance(positions, ShiftedPositions) else None

    def position(self, offset: int) -> Position:
        if not self._positions:
            return Position(1, 1)
        return self._positions[max(0, min(offset, len(self._positions) - 1))]

    def span(self, start: int, end: int) -> Span:
        if self._shift is None or not self._shift[2]:
            return super().span(start, end)
        line, column, length = self._shift
        first = column + max(0, min(start, length - 1))
        if end <= start:
            return Span(line, first, line, first)
        return Span(line, first, line, column + max(0, min(end - 1, length - 1)) + 1)


def line_starts(text: str) -> list[int]:
    """The offset at which each line of ``text`` starts."""
    return [0, *(m.end() for m in re.finditer("\n", text))]


class ShiftedPositions(Sequence[Position]):
    """The positions of a scalar written on one line as itself: character ``i`` is ``i``
    columns right of the first. No table: each position is made when asked for."""

    __slots__ = ("_column", "_length", "_line")

    def __init__(self, first: Position, length: int) -> None:
        self._line, self._column, self._length = first.line, first.column, length

    def __len__(self) -> int:
        return self._length

    @property
    def shift(self) -> tuple[int, int, int]:
        """The line, the first character's column, and how many positions there are."""
        return self._line, self._column, self._length

    @overload
    def __getitem__(self, index: int) -> Position: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Position]: ...
    def __getitem__(self, index: int | slice) -> Position | Sequence[Position]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._length)
            if step != 1:
                return tuple(self[i] for i in range(start, stop, step))
            return ShiftedPositions(
                Position(self._line, self._column + start), max(0, stop - start)
            )
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        return Position(self._line, self._column + index)

    def __iter__(self) -> Iterator[Position]:
        return (Position(self._line, self._column + i) for i in range(self._length))


class DeferredPositions(Sequence[Position]):
    """A table of positions made only when a position is first asked for: most scalars
    are never reported inside, so most tables are never built. ``length`` is known up
    front (the value's length plus one), so asking how long it is builds nothing."""

    __slots__ = ("_length", "_make", "_table")

    def __init__(self, make: Callable[[], Sequence[Position]], length: int) -> None:
        self._make: Callable[[], Sequence[Position]] | None = make
        self._table: Sequence[Position] = ()
        self._length = length

    def _built(self) -> Sequence[Position]:
        if self._make is not None:
            self._table = tuple(self._make())[: self._length]
            self._make = None  # let go of the source it read
        return self._table

    def __len__(self) -> int:
        return self._length if self._make is not None else len(self._table)

    @overload
    def __getitem__(self, index: int) -> Position: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Position]: ...
    def __getitem__(self, index: int | slice) -> Position | Sequence[Position]:
        return self._built()[index]

    def __iter__(self) -> Iterator[Position]:
        return iter(self._built())
