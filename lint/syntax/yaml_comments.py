"""The comments of a YAML file, as PyYAML's own scanner finds them.

PyYAML discards comments while it scans, so nothing in its API returns them; this
scanner records each one where PyYAML skips it (between tokens, and after a block
scalar's ``|``/``>`` indicator). Quoted and block scalars are read by PyYAML itself, so a
``#`` inside a string is never a comment here. A file PyYAML cannot scan to the end
(a syntax error, PB001) yields the comments before the error; the caller decides what
to do with the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.reader import Reader
from yaml.scanner import Scanner

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
