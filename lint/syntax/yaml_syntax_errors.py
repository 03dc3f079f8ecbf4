"""YAML that does not parse, in words: PB001 at the place PyYAML stopped, with a
tab, a stray ``:`` or an indentation that lines up with no block said as such."""

from __future__ import annotations

import yaml

from ..diagnostics import ParseDiagnostic
from ..model import Position, Span
from .yaml_indent import Misplaced, misplaced_before
from .yaml_source import Source, mark_position


def point(source: Source, at: Position) -> Span:
    """One character at ``at``, or an empty span where the line has none (the end of the
    file): an end column past the end of its line is a position outside the file."""
    lines = source.text.split("\n")
    width = len(lines[at.line - 1]) if at.line <= len(lines) else 0
    end = at.column + 1 if at.column <= width else at.column
    return Span(at.line, at.column, at.line, end)


def syntax_error(error: yaml.YAMLError, source: Source) -> ParseDiagnostic:
    """A YAML syntax error as PB001, at its 1-based position."""
    if isinstance(error, yaml.reader.ReaderError):
        at = source.position(max(0, min(error.position, len(source.text))))
        char = chr(error.character) if isinstance(error.character, int) else error.character
        message = f"this file contains a character YAML does not allow ({char!r})"
        return ParseDiagnostic("PB001", point(source, at), message)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if (
        "\\t" in problem
        or "'\\t'" in problem
        or "\t" in problem
        or (mark is not None and source.text[mark.index : mark.index + 1] == "\t")
    ):
        problem = "a tab here; YAML indentation must use spaces"
    elif problem == "mapping values are not allowed here":
        problem = "a ':' that YAML cannot place; check the indentation of this line"
        wrong = misplaced_before(source.text.split("\n"), mark.line + 1) if mark else None
        if wrong is not None:
            return _indented_against_habit(wrong)
    elif mark is not None and problem.startswith("expected <block end>"):
        return _misindented(mark, source)
    context = getattr(error, "context", None)
    message = f"YAML syntax: {problem}" + (f" ({context})" if context else "")
    if mark is None:
        return ParseDiagnostic("PB001", Span(1, 1, 1, 2), message)
    at = mark_position(mark)
    return ParseDiagnostic("PB001", point(source, at), message)


def _misindented(mark: yaml.Mark, source: Source) -> ParseDiagnostic:
    """PyYAML's "expected <block end>" at a line whose indentation lines up with no block
    above it: say so in words, at that line, with the indentation of the line before."""
    at = mark_position(mark)
    lines = source.text.split("\n")
    wrong = misplaced_before(lines, at.line)
    if wrong is not None:
        return _indented_against_habit(wrong)
    own = lines[at.line - 1] if at.line <= len(lines) else ""
    indent = len(own) - len(own.lstrip(" "))
    before = [
        line for line in lines[: at.line - 1] if line.strip() and not line.lstrip().startswith("#")
    ]
    previous = len(before[-1]) - len(before[-1].lstrip(" ")) if before else 0
    message = (
        f"YAML indentation: this line is indented {indent} spaces, which lines up with no "
        f"block above it (the line before is indented {previous}); indent it like the "
        "entries it belongs with"
    )
    return ParseDiagnostic("PB001", Span(at.line, 1, at.line, max(indent, 0) + 2), message)


def _indented_against_habit(wrong: Misplaced) -> ParseDiagnostic:
    """The line before the one PyYAML stopped at is the one indented wrong."""
    message = (
        f"YAML indentation: this line is indented {wrong.indent} spaces, but the entries "
        f"it belongs with are indented {wrong.expected} (as the next line is); indent it "
        f"{wrong.expected} spaces"
    )
    return ParseDiagnostic("PB001", Span(wrong.line, 1, wrong.line, wrong.indent + 2), message)
