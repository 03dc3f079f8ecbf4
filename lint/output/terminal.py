"""Text from an input on a terminal or in a log: nothing in it may move the cursor, colour
the screen, or start a line that looks like the tool's own (cli.md v2, output and trust)."""

from __future__ import annotations

import unicodedata


def printable(text: str) -> str:
    """``text`` with every control or format character (newline, ESC, bidi override)
    shown as an escape instead of acting."""
    return "".join(
        ch if unicodedata.category(ch)[0] != "C" or ch == " " else repr(ch)[1:-1] for ch in text
    )
