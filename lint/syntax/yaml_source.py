"""Where a YAML node or a character of a scalar was written: 1-based positions.

PyYAML marks are 0-based (``mark_position`` converts them, once). ``Source`` turns
character offsets into positions and maps each character of a scalar's value to the
place in the file it came from, so a finding inside a YAML string points at its word.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import yaml
from yaml.nodes import Node, ScalarNode

from ..model import Position, Span
from .positions import DeferredPositions, ShiftedPositions, line_starts
from .yaml_scalars import scalar_offsets


def mark_position(mark: yaml.Mark) -> Position:
    """PyYAML marks are 0-based: the one place that converts them."""
    return Position(mark.line + 1, mark.column + 1)


def node_span(node: Node) -> Span:
    return Span.between(mark_position(node.start_mark), mark_position(node.end_mark))


class Source:
    """The file text, for turning character offsets into positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)

    def position(self, offset: int) -> Position:
        index = bisect.bisect_right(self.starts, offset) - 1
        return Position(index + 1, offset - self.starts[index] + 1)

    def char_positions(self, node: ScalarNode, keep: int | None = None) -> Sequence[Position]:
        """The file position of each character of ``node.value``, plus one for its end
        (the first ``keep`` of them when given).

        A one-liner written as-is is a fixed shift from its first character. Everything
        else (escapes, ``''``, folded lines, block scalars) is re-scanned by
        ``yaml_scalars``, which maps each character exactly, but only once a position is
        asked for; should that re-scan ever disagree with PyYAML, a short forward search
        in the source keeps each character on its own line and near its column.
        """
        value: str = node.value
        start, end = node.start_mark.index, node.end_mark.index
        quote = 1 if node.style in ("'", '"') else 0
        length = len(value) + 1 if keep is None else min(keep, len(value) + 1)
        if (
            node.style in (None, "'", '"')
            and node.start_mark.line == node.end_mark.line
            and self.text.startswith(value, start + quote)
            and end - start - 2 * quote == len(value)
        ):
            return ShiftedPositions(self.position(start + quote), length)
        return DeferredPositions(lambda: self._table(node, start, end, value), length)

    def _table(self, node: ScalarNode, start: int, end: int, value: str) -> list[Position]:
        raw = self.text[start:end]
        quote = 1 if node.style in ("'", '"') else 0
        offsets: list[int] | None
        if node.style in (None, "'", '"') and raw[quote : len(raw) - quote] == value:
            offsets = list(range(start + quote, start + quote + len(value) + 1))
        else:
            offsets = scalar_offsets(self.text, start, end, node.style, value)
            if offsets is None:
                offsets = _align(value, self.text, start, end)
        return [self.position(o) for o in offsets]


def _align(value: str, text: str, start: int, end: int) -> list[int]:
    """Greedy alignment of ``value`` against ``text[start:end]`` (see ``char_positions``)."""
    offsets: list[int] = []
    cursor = start
    if end > start and text[start] in "|>":
        # A block scalar: its text starts on the line after the header.
        newline = text.find("\n", start, end)
        cursor = newline + 1 if newline >= 0 else start
    for char in value:
        if not char.isspace():
            # Indentation and folded line breaks are not part of the value: skip them
            # however deep the nesting, so the search window stays on the text.
            while cursor < end and text[cursor] in " \t\r\n":
                cursor += 1
        window_end = min(end, cursor + 16)
        found = text.find(char, cursor, window_end)
        if found < 0 and char in " \n":
            found = next((k for k in range(cursor, window_end) if text[k] in " \n"), -1)
        if found < 0:
            offsets.append(min(cursor, max(start, end - 1)))
            cursor = min(cursor + 1, end)
        else:
            offsets.append(found)
            cursor = found + 1
    offsets.append(min(cursor, end))
    return offsets
