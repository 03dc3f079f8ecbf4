"""The comments of a YAML file, as PyYAML's own scanner finds them.

PyYAML discards comments while it scans, so nothing in its API returns them; this
scanner records each one where PyYAML skips it (between tokens, and after a block
scalar's ``|``/``>`` indicator). Quoted and block scalars are read by PyYAML itself, so a
``#`` inside a string is never a comment here. A file PyYAML cannot scan to the end
(a syntax error, PB001) yields the comments before the error; the caller decides what
to do with the rest.

A check does not scan at all for most files: ``comments_from_nodes`` reads the comments
off the tree the parser already composed (every ``#`` no scalar holds), and this scanner
is only asked for a text that tree cannot answer for (a syntax error, tabs, merge keys,
unusual line breaks).
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.nodes import Node, ScalarNode
from yaml.reader import Reader
from yaml.scanner import Scanner

from .yaml_nodes import each_node

_BREAKS = "\0\r\n\x85\u2028\u2029"


@dataclass(frozen=True)
class YamlComments:
    """(line, column of ``#``, text after ``#``), 1-based; ``complete`` False when the
    scanner stopped at an error on line ``stopped_at``."""

    found: tuple[tuple[int, int, str], ...]
    complete: bool
    stopped_at: int


class _Recorder(Reader, Scanner):
    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        self.comments: list[tuple[int, int, str]] = []

    def _record_comment(self) -> None:
        # At a '#': keep it, then move to the line end as PyYAML would.
        line, column, start = self.line, self.column, self.index
        while self.peek() not in _BREAKS:
            self.forward()
        self.comments.append((line + 1, column + 1, self.buffer[start + 1 : self.pointer]))

    def scan_to_next_token(self) -> None:
        # PyYAML's loop, recording the comments it skips.
        if self.index == 0 and self.peek() == "\ufeff":
            self.forward()
        while True:
            while self.peek() == " ":
                self.forward()
            if self.peek() == "#":
                self._record_comment()
            if self.scan_line_break():  # type: ignore[no-untyped-call]
                if not self.flow_level:
                    self.allow_simple_key = True
            else:
                return

    def scan_block_scalar_ignored_line(self, start_mark: yaml.Mark) -> None:
        while self.peek() == " ":
            self.forward()
        if self.peek() == "#":
            self._record_comment()
        super().scan_block_scalar_ignored_line(start_mark)


def yaml_comments(text: str) -> YamlComments:
    """Every comment PyYAML's scanner skips in ``text``."""
    try:
        recorder = _Recorder(text)
    except yaml.YAMLError:  # a character YAML does not allow: PB001, nothing scanned
        return YamlComments((), False, 0)
    try:
        while recorder.check_token():
            recorder.get_token()  # type: ignore[no-untyped-call]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return YamlComments(tuple(recorder.comments), False, line)
    except RecursionError:
        return YamlComments(tuple(recorder.comments), False, 1)
    return YamlComments(tuple(recorder.comments), True, 0)


# Text whose line breaks or blanks PyYAML reads in ways a plain scan would have to copy
# (a lone CR, NEL and the Unicode separators are line breaks; a tab may end a plain
# scalar), and merge keys (an overridden merged entry leaves the tree, its scalars'
# spans with it): ``comments_from_nodes`` leaves these to the scanner.
_UNSURE = ("\t", "\x85", "\u2028", "\u2029", "<<")


def comments_from_nodes(text: str, root: Node | None) -> YamlComments | None:
    """The comments of ``text`` found from its composed tree, without scanning it again:
    every ``#`` at a line's start or after a space that no scalar's span holds (a block
    scalar's header line is not its content: a comment may follow ``|``). The same as
    ``yaml_comments(text)`` for every text it answers (tests/test_yaml_comments_nodes.py);
    None for a text it leaves to that scanner."""
    if root is None or any(mark in text for mark in _UNSURE):
        return None
    if text.count("\r") != text.count("\r\n") or "\ufeff" in text[1:]:
        return None
    spans = sorted(_scalar_spans(text, root))
    found: list[tuple[int, int, str]] = []
    bom = 1 if text.startswith("\ufeff") else 0
    line, line_start, counted = 1, 0, 0
    covering = 0
    at = text.find("#")
    while at >= 0:
        while covering < len(spans) and spans[covering][1] <= at:
            covering += 1
        inside = covering < len(spans) and spans[covering][0] <= at
        before = text[at - 1] if at > bom else "\n"
        if not inside and before in " \n":
            line += text.count("\n", counted, at)
            counted = at
            line_start = text.rfind("\n", 0, at) + 1
            end = _line_end(text, at)
            column = at - line_start + 1 - (bom if line_start == 0 else 0)
            found.append((line, column, text[at + 1 : end]))
            at = end
        at = text.find("#", at + 1)
    return YamlComments(tuple(found), True, 0)


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    return end - 1 if end > at and text[end - 1] == "\r" else end


def _scalar_spans(text: str, root: Node) -> list[tuple[int, int]]:
    """[start, end) of every scalar of the tree; a block scalar's from its header's end."""
    spans: list[tuple[int, int]] = []
    for node in each_node(root):
        if isinstance(node, ScalarNode):
            start, end = node.start_mark.index, node.end_mark.index
            if node.style in ("|", ">"):
                header_end = text.find("\n", start)
                start = end if header_end < 0 else min(header_end, end)
            spans.append((start, end))
    return spans
