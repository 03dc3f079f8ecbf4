"""Positions between the linter (1-based lines, 1-based code-point columns) and LSP
(0-based lines, 0-based UTF-16 code units, as the protocol's default encoding says)."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from ..model import Span


def _utf16(line: str, column: int) -> int:
    """The UTF-16 offset of 1-based code-point ``column`` in ``line``."""
    prefix = line[: max(0, column - 1)]
    # A client may send a lone surrogate (JSON carries "\ud800"): one code unit, as the
    # client counts it, never an exception.
    return len(prefix.encode("utf-16-le", "surrogatepass")) // 2 + max(0, column - 1 - len(line))


def to_position(lines: Sequence[str], line: int, column: int) -> types.Position:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return types.Position(line=max(0, line - 1), character=_utf16(text, column))


def to_range(lines: Sequence[str], span: Span) -> types.Range:
    return types.Range(
        start=to_position(lines, span.line, span.column),
        end=to_position(lines, span.end_line, span.end_column),
    )


def from_position(lines: Sequence[str], position: types.Position) -> tuple[int, int]:
    """The 1-based (line, code-point column) of an LSP position."""
    line = position.line + 1
    text = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for index, char in enumerate(text):
        if units >= position.character:
            return line, index + 1
        units += 2 if ord(char) > 0xFFFF else 1
    return line, len(text) + 1


def from_range(lines: Sequence[str], value: types.Range) -> Span:
    start = from_position(lines, value.start)
    end = from_position(lines, value.end)
    return Span(start[0], start[1], end[0], end[1])
