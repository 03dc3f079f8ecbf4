"""The DSL's string literals: ``"…"`` and ``\"\"\"…\"\"\"``, escapes undone, the indentation of a
long string removed, and the file position of every character kept (a finding inside a
template's text points at the very character).

Split from ``phrase_parser`` (which turns a parsed piece into model objects): this is the
one piece of lowering that reads characters rather than tokens, and ``format`` uses it alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from lark import Token

from ..diagnostics import PlaybookSyntaxError
from ..model import Text
from .lazy_positions import LazyPositions
from .positions import Locator

_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "{": "{"}


def _decode_escapes(chars: Sequence[tuple[str, int]], locator: Locator) -> tuple[str, list[int]]:
    """Undo backslash escapes in (character, offset) pairs; keep each result's source offset."""
    out: list[str] = []
    offsets: list[int] = []
    i = 0
    while i < len(chars):
        char, offset = chars[i]
        if char != "\\" or i + 1 >= len(chars):
            out.append(char)
            offsets.append(offset)
            i += 1
            continue
        code = chars[i + 1][0]
        if code in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[code])
            offsets.append(offset)
            i += 2
            continue
        width = {"u": 4, "U": 8}.get(code, 0)
        digits = "".join(c for c, _ in chars[i + 2 : i + 2 + width])
        if width and len(digits) == width and all(c in "0123456789abcdefABCDEF" for c in digits):
            value = int(digits, 16)
            if value <= 0x10FFFF:
                out.append(chr(value))
                offsets.append(offset)
                i += 2 + width
                continue
        end = chars[min(i + 1 + max(width, 1), len(chars) - 1)][1]
        raise PlaybookSyntaxError(
            locator.span(offset, end),
            f"unknown escape '\\{code}' in text; write '\\\\' for a backslash",
        )
    return "".join(out), offsets


def _dedent(inner: str, base: int) -> list[tuple[str, int]]:
    """The characters of a ``\"\"\"…\"\"\"`` string with the common indentation removed.

    A first line that is empty (the text starts on the line after the quotes) and a
    last line that holds only the indentation of the closing quotes are dropped.
    """
    lines: list[tuple[str, int]] = []
    start = 0
    for part in inner.split("\n"):
        lines.append((part, base + start))
        start += len(part) + 1
    # Text right after the opening quotes has no indentation of its own (as in a
    # Python docstring): it neither sets nor loses the common indentation.
    first_inline = bool(lines[0][0].strip())
    if len(lines) > 1 and not first_inline:
        lines = lines[1:]
    if len(lines) > 1 and not lines[-1][0].strip():
        lines = lines[:-1]
    rest = lines[1:] if first_inline else lines
    indents = [len(t) - len(t.lstrip(" \t")) for t, _ in rest if t.strip()]
    indent = min(indents, default=0)
    chars: list[tuple[str, int]] = []
    for number, (line, offset) in enumerate(lines):
        if number:
            chars.append(("\n", offset - 1))
        if not line.strip():
            continue
        cut = 0 if number == 0 and first_inline else indent
        chars.extend((c, offset + k) for k, c in enumerate(line) if k >= cut)
    return chars


def decode_string(token: Token, locator: Locator) -> Text:
    """The text of a string token, with the file position of every character."""
    return decode_string_at(str(token), token.start_pos or 0, token.end_pos or 0, locator)


def decode_string_at(raw: str, start: int, stop: int, locator: Locator) -> Text:
    """The text of the string literal ``raw``, found at offsets ``start``-``stop`` (the
    hand-written reader's strings, and Lark's tokens)."""
    if raw.startswith('"""'):
        chars = _dedent(raw[3:-3], start + 3)
    else:
        chars = [(c, start + 1 + k) for k, c in enumerate(raw[1:-1])]
    value, offsets = _decode_escapes(chars, locator)
    end = offsets[-1] + 1 if offsets else start + 1
    offsets.append(end)
    # positions on demand, one at a time from an array of offsets: main's DeferredPositions
    # builds the whole Position table at the first finding (~100 bytes a character)
    return Text(value, locator.span(start, stop), LazyPositions(offsets, locator))
