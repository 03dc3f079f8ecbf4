"""Which line a YAML indentation error is about.

PyYAML stops where the indentation stops making sense, which is often the line *after*
the one written wrong: in

    templates:
      reminder:
         channel: sms          # 5 spaces: the odd one out
        text: "Pay today"      # PyYAML complains here

the second line is where YAML gives up, but the first is the one to fix. The file's own
habit decides: a line indented by the file's usual step under its parent is right, so
when the line before the error is not and the error's line is, the line before is the
one to point at.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Misplaced:
    """The line written wrong (1-based), its indentation, and the one it should have."""

    line: int
    indent: int
    expected: int


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(lines: Sequence[str]) -> list[int]:
    """The 0-based index of every line that holds something other than a comment."""
    return [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")]


def usual_step(lines: Sequence[str]) -> int:
    """The indentation step the file uses most (2 when it never indents)."""
    content = _content(lines)
    steps = Counter(
        _indent(lines[b]) - _indent(lines[a])
        for a, b in itertools.pairwise(content)
        if _indent(lines[b]) > _indent(lines[a])
    )
    return steps.most_common(1)[0][0] if steps else 2


def misplaced_before(lines: Sequence[str], error_line: int) -> Misplaced | None:
    """The line before ``error_line`` (1-based) when it, not ``error_line``, is the one
    indented against the file's habit; None when the error's own line is to blame."""
    content = _content(lines)
    before = [i for i in content if i < error_line - 1]
    if not before or error_line - 1 >= len(lines):
        return None
    previous = before[-1]
    indent = _indent(lines[previous])
    # Only the first entry of a block can set its indentation wrong without YAML
    # stopping there: a later entry out of line with the first is reported at itself.
    if len(before) < 2 or _indent(lines[before[-2]]) >= indent:
        return None
    parent = _indent(lines[before[-2]])
    step = usual_step(lines)
    own = _indent(lines[error_line - 1])
    if indent - parent != step and own - parent == step:
        return Misplaced(previous + 1, indent, own)
    return None
