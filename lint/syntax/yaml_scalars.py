"""Where each character of a YAML scalar's value was written.

PyYAML gives a scalar node its value and the marks around it, but not which source
character each value character came from. ``scalar_offsets`` re-scans the source of one
scalar, following PyYAML's own scanner (``yaml/scanner.py``: ``scan_plain``,
``scan_flow_scalar``, ``scan_block_scalar``) step by step, and records for every value
character the offset of the source character that produced it:

* a character written as itself maps to itself;
* an escape in a double-quoted string (``\\n``, ``\\"``, ``\\u4e2d``) maps to its backslash;
* ``''`` in a single-quoted string maps to its first quote;
* a line break folded into a space, or kept as a newline, maps to that line break
  (in ``\\r\\n``, to the ``\\r``); a newline standing for an empty line maps to the
  empty line's own break.

The re-scan is checked against the value PyYAML produced; when they differ (a case the
scanner does not follow), the caller gets ``None`` and falls back to an approximation.
"""

from __future__ import annotations

BREAKS = "\r\n\x85\u2028\u2029"
_END = "\0"

_ESCAPES = {
    "0": "\0",
    "a": "\x07",
    "b": "\x08",
    "t": "\x09",
    "\t": "\x09",
    "n": "\x0a",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\x0d",
    "e": "\x1b",
    " ": "\x20",
    '"': '"',
    "\\": "\\",
    "/": "/",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_ESCAPE_WIDTHS = {"x": 2, "u": 4, "U": 8}
_HEX = frozenset("0123456789ABCDEFabcdef")


class _Mismatch(Exception):
    """The source does not scan the way PyYAML scanned it."""


def scalar_offsets(
    text: str, start: int, end: int, style: str | None, value: str
) -> list[int] | None:
    """The offset in ``text`` of each character of ``value``, plus one for its end.

    ``start`` and ``end`` are the node's mark indexes (``start`` may sit on a tag or an
    anchor); ``style`` is the node's style (None, ``'``, ``"``, ``|`` or ``>``).
    Returns None if re-scanning the source does not give back ``value``.
    """
    begin = _skip_properties(text, start, end)
    try:
        if style in ("'", '"'):
            if begin >= len(text) or text[begin] != style:
                return None
            scanner = _Scanner(text, begin + 1)
            scanner.flow(double=style == '"', quote=style)
            scanner.offsets.append(scanner.i)
        elif style in ("|", ">"):
            if begin >= len(text) or text[begin] != style:
                return None
            return _block(text, begin, style == ">", value) if value else [end]
        elif style is None:
            if value == "":
                return [end]
            scanner = _Scanner(text, begin)
            scanner.plain(end)
            scanner.offsets.append(end)
        else:
            return None
    except _Mismatch:
        return None
    return scanner.offsets if scanner.value() == value else None


def _skip_properties(text: str, start: int, end: int) -> int:
    """Step over a tag (``!!str``) or an anchor (``&a``) before the scalar itself."""
    i = start
    while i < end and text[i] in "!&":
        if text.startswith("!<", i):
            close = text.find(">", i, end)
            i = close + 1 if close >= 0 else end
        while i < end and text[i] not in " \t" + BREAKS:
            i += 1
        # Whitespace, comments and line breaks may separate properties from the value.
        while i < end and text[i] in " \t#" + BREAKS:
            if text[i] == "#":
                while i < end and text[i] not in BREAKS:
                    i += 1
            else:
                i += 1
    return i


class _Scanner:
    """A cursor over the source that emits value characters with their offsets."""

    def __init__(self, text: str, i: int, line_start: int | None = None) -> None:
        self.text = text
        self.i = i
        self.line_start = text.rfind("\n", 0, i) + 1 if line_start is None else line_start
        self.chars: list[str] = []
        self.offsets: list[int] = []

    # ---------------------------------------------------------------- basics

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.text[j] if j < len(self.text) else _END

    @property
    def column(self) -> int:
        return self.i - self.line_start

    def emit(self, char: str, offset: int) -> None:
        self.chars.append(char)
        self.offsets.append(offset)

    def emit_source(self, length: int) -> None:
        """Emit the next ``length`` source characters as themselves."""
        for k in range(self.i, self.i + length):
            self.emit(self.text[k], k)
        self.i += length

    def line_break(self) -> tuple[str, int]:
        """Consume one line break: its value (``\\r\\n``, ``\\r``, ``\\x85`` read as ``\\n``)
        and its offset; ``("", offset)`` when there is none."""
        at = self.i
        char = self.peek()
        if char in "\r\n\x85":
            self.i += 2 if self.text.startswith("\r\n", at) else 1
            self.line_start = self.i
            return "\n", at
        if char in "\u2028\u2029":
            self.i += 1
            self.line_start = self.i
            return char, at
        return "", at

    def value(self) -> str:
        return "".join(self.chars)

    def fold(self, first: tuple[str, int], breaks: list[tuple[str, int]]) -> None:
        """A line break followed by ``breaks`` (empty lines) inside a plain or quoted
        scalar: one break alone is a space, otherwise the empty lines are newlines."""
        char, offset = first
        if char != "\n":
            self.emit(char, offset)
        elif not breaks:
            self.emit(" ", offset)
        for found in breaks:
            self.emit(*found)

    # ---------------------------------------------------------------- plain

    def plain(self, end: int) -> None:
        """A plain scalar ending at ``end`` (PyYAML's end mark: after its last word)."""
        while self.i < end:
            if self.peek() not in " \t" + BREAKS:
                self.emit_source(1)
                continue
            whitespace = self.i
            while self.peek() in " \t":
                self.i += 1
            if self.peek() not in BREAKS:
                length = self.i - whitespace
                self.i = whitespace
                self.emit_source(length)
                continue
            first = self.line_break()
            breaks: list[tuple[str, int]] = []
            while self.i < end and self.peek() in " " + BREAKS:
                if self.peek() == " ":
                    self.i += 1
                else:
                    breaks.append(self.line_break())
            self.fold(first, breaks)

    # ---------------------------------------------------------------- quoted

    def flow(self, double: bool, quote: str) -> None:
        """A quoted scalar, from just after its opening quote to its closing one."""
        self.flow_non_spaces(double)
        while self.peek() != quote:
            self.flow_spaces()
            self.flow_non_spaces(double)

    def flow_non_spaces(self, double: bool) -> None:
        while True:
            length = 0
            while self.peek(length) not in "'\"\\\0 \t" + BREAKS:
                length += 1
            self.emit_source(length)
            char = self.peek()
            if not double and char == "'" and self.peek(1) == "'":
                self.emit("'", self.i)
                self.i += 2
            elif (double and char == "'") or (not double and char in '"\\'):
                self.emit_source(1)
            elif double and char == "\\":
                self.escape()
            else:
                return

    def escape(self) -> None:
        backslash = self.i
        self.i += 1
        char = self.peek()
        if char in _ESCAPES:
            self.emit(_ESCAPES[char], backslash)
            self.i += 1
        elif char in _ESCAPE_WIDTHS:
            width = _ESCAPE_WIDTHS[char]
            digits = self.text[self.i + 1 : self.i + 1 + width]
            if len(digits) != width or not set(digits) <= _HEX:
                raise _Mismatch
            self.emit(chr(int(digits, 16)), backslash)
            self.i += 1 + width
        elif char in BREAKS:
            # An escaped line break joins the lines with nothing in between.
            self.line_break()
            for found in self.flow_breaks():
                self.emit(*found)
        else:
            raise _Mismatch

    def flow_spaces(self) -> None:
        whitespace = self.i
        while self.peek() in " \t":
            self.i += 1
        char = self.peek()
        if char == _END:
            raise _Mismatch
        if char in BREAKS:
            first = self.line_break()
            self.fold(first, self.flow_breaks())
        else:
            length = self.i - whitespace
            self.i = whitespace
            self.emit_source(length)

    def flow_breaks(self) -> list[tuple[str, int]]:
        """Empty lines (and the indentation of the next line) inside a quoted scalar."""
        breaks: list[tuple[str, int]] = []
        while True:
            marker = self.text.startswith(("---", "..."), self.i)
            if marker and self.peek(3) in _END + " \t" + BREAKS:
                # A document marker cannot sit inside a quoted scalar.
                raise _Mismatch
            while self.peek() in " \t":
                self.i += 1
            if self.peek() not in BREAKS:
                return breaks
            breaks.append(self.line_break())

    # ---------------------------------------------------------------- block

    def block_indicators(self) -> tuple[bool | None, int | None]:
        """``|+``, ``>-``, ``|2`` …: (chomping, explicit indentation)."""
        chomping: bool | None = None
        increment: int | None = None
        for _ in range(2):
            char = self.peek()
            if char in "+-" and chomping is None:
                chomping = char == "+"
            elif char in "123456789" and increment is None:
                increment = int(char)
            else:
                break
            self.i += 1
        if self.peek() not in _END + " " + BREAKS:
            raise _Mismatch
        return chomping, increment

    def block_header_rest(self) -> None:
        """Spaces and a comment after the header, then its line break."""
        while self.peek() == " ":
            self.i += 1
        if self.peek() == "#":
            while self.peek() not in _END + BREAKS:
                self.i += 1
        if self.peek() not in _END + BREAKS:
            raise _Mismatch
        self.line_break()

    def block_indentation(self) -> tuple[list[tuple[str, int]], int]:
        """Leading empty lines, and the deepest indentation seen up to the first text."""
        breaks: list[tuple[str, int]] = []
        deepest = 0
        while self.peek() in " " + BREAKS:
            if self.peek() != " ":
                breaks.append(self.line_break())
            else:
                self.i += 1
                deepest = max(deepest, self.column)
        return breaks, deepest

    def block_breaks(self, indent: int) -> list[tuple[str, int]]:
        breaks: list[tuple[str, int]] = []
        while self.column < indent and self.peek() == " ":
            self.i += 1
        while self.peek() in BREAKS:
            breaks.append(self.line_break())
            while self.column < indent and self.peek() == " ":
                self.i += 1
        return breaks

    def block_body(
        self, indent: int, breaks: list[tuple[str, int]], folded: bool
    ) -> tuple[tuple[str, int], list[tuple[str, int]]]:
        """The lines of a block scalar; returns its last line break and trailing breaks."""
        line_break = ("", self.i)
        while self.column == indent and self.peek() != _END:
            for found in breaks:
                self.emit(*found)
            leading_non_space = self.peek() not in " \t"
            length = 0
            while self.peek(length) not in _END + BREAKS:
                length += 1
            self.emit_source(length)
            line_break = self.line_break()
            breaks = self.block_breaks(indent)
            if not (self.column == indent and self.peek() != _END):
                break
            if folded and line_break[0] == "\n" and leading_non_space and self.peek() not in " \t":
                if not breaks:
                    self.emit(" ", line_break[1])
            elif line_break[0]:
                self.emit(*line_break)
        return line_break, breaks


def _block(text: str, header: int, folded: bool, value: str) -> list[int] | None:
    """A ``|`` or ``>`` scalar whose header (``|``, ``>-``, ``|2+`` …) is at ``header``.

    PyYAML measures indentation from the enclosing block's indentation, which a node does
    not record; it lies between -1 and the header's column, so each possibility is tried
    (the right one first in practice) and the one giving back ``value`` is kept.
    """
    head = _Scanner(text, header + 1)
    chomping, increment = head.block_indicators()
    head.block_header_rest()
    column = header - (text.rfind("\n", 0, header) + 1)
    tried: set[int] = set()
    for min_indent in range(1, column + 2):
        scanner = _Scanner(text, head.i, head.line_start)
        if increment is None:
            breaks, deepest = scanner.block_indentation()
            indent = max(min_indent, deepest)
        else:
            indent = min_indent + increment - 1
            breaks = scanner.block_breaks(indent)
        if indent in tried:
            continue
        tried.add(indent)
        line_break, trailing = scanner.block_body(indent, breaks, folded)
        if chomping is not False and line_break[0]:
            scanner.emit(*line_break)
        if chomping is True:
            for found in trailing:
                scanner.emit(*found)
        if scanner.value() == value:
            # The end is just after the source of the last character.
            last = scanner.offsets[-1]
            last += 2 if text.startswith("\r\n", last) and scanner.chars[-1] == "\n" else 1
            return [*scanner.offsets, last]
    return None
