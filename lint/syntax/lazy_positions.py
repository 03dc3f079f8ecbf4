"""Per-character file positions of a text, computed when asked (issue 15 item 8).

A DSL template's ``Text`` needs the file position of every character (a finding points
inside the string), but a table of ``Position`` objects costs about 100 bytes a
character: a 3.9 MB template held hundreds of MB of them. This keeps one machine integer
(the file offset) per character and turns it into a line and column through the file's
locator only for the few characters a finding points at.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from typing import overload

from ..model import Position
from .positions import Locator


class LazyPositions(Sequence[Position]):
    """``positions[i]`` is ``locator.position(offsets[i])``, computed on access."""

    def __init__(self, offsets: Iterable[int], locator: Locator) -> None:
        self._offsets = array("q", offsets)
        self._locator = locator

    def __len__(self) -> int:
        return len(self._offsets)

    @overload
    def __getitem__(self, index: int) -> Position: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Position]: ...

    def __getitem__(self, index: int | slice) -> Position | Sequence[Position]:
        if isinstance(index, slice):
            return tuple(self._locator.position(o) for o in self._offsets[index])
        return self._locator.position(self._offsets[index])
