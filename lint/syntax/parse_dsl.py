"""The DSL parser: ``*.playbook`` text -> ``model.Playbook`` plus PB001/PB003/PB007 diagnostics.

The grammar (``grammar/playbook.lark``) is LALR and built once per process. A file is
read statement by statement: a small scanner cuts it into header/template/handler
statements, stage openings, action lines and closing braces (strings and comments
respected), and each piece is parsed with its own start symbol. One broken line
therefore costs one finding and the rest of the file is still read and checked.

Positions: Lark is 1-based, but it only sees one piece at a time, so every span is
built from character offsets through a ``Locator`` (``positions.py``). The grammar and
its transformer live in ``phrase_parser.py``, which the YAML parser uses too for
phrases written as strings; the text of syntax errors in ``syntax_messages.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..diagnostics import ParseDiagnostic, PlaybookSyntaxError
from ..model import (
    NO_SPAN,
    Handler,
    Playbook,
    PlaybookLimit,
    Span,
    Stage,
    Template,
)
from ..suggest import osa_distance
from .action_clauses import HeaderItem, StageOpening
from .parse_result import ParseResult
from .phrase_parser import Lower, parse_piece
from .positions import FileLocator, line_starts

# A file with more broken lines than this is not a playbook; stop reporting.
MAX_SYNTAX_ERRORS = 100


# --------------------------------------------------------------------------- cutting a file

_SCAN = re.compile(
    r'''
      (?P<string>"""(?:[^"\\]|\\[\s\S]|"(?!""))*(?:"""|\Z) | "(?:[^"\\\n]|\\[^\n])*"?)
    | (?P<comment>\#[^\n]*)
    | (?P<nl>\n)
    | (?P<open>\{)
    | (?P<close>\})
    | (?P<ws>[^\S\n]+)
    | (?P<word>[^\s"\#{}]+)
    ''',
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Tok:
    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Piece:
    """A statement-sized slice of the file and the start symbol that reads it.

    ``kind``: statement, stage_open, action, close (``}``), stray_close (a ``}`` with no
    stage open), unclosed (a stage still open at the next ``stage`` or at the end).
    """

    kind: str
    start: int
    end: int


def _lines(text: str) -> list[list[_Tok]]:
    """The file's logical lines as significant tokens (a ``\"\"\"`` string spans lines)."""
    lines: list[list[_Tok]] = [[]]
    for match in _SCAN.finditer(text):
        kind = match.lastgroup or "word"
        if kind == "nl":
            lines.append([])
        elif kind not in ("ws", "comment"):
            lines[-1].append(_Tok(kind, match.start(), match.end(), match.group()))
    return [line for line in lines if line]


def dsl_comments(text: str) -> Iterator[tuple[int, int, str]]:
    """Every comment as (line, column of ``#``, text after ``#``), from the same token scan
    that cuts the file for the parser: strings (``\"\"\"…\"\"\"`` with its escapes, ``"…"``)
    are tokens of their own, so a ``#`` inside one is never a comment."""
    line, line_start = 1, 0
    for match in _SCAN.finditer(text):
        kind = match.lastgroup
        if kind == "comment":
            yield line, match.start() - line_start + 1, match.group()[1:].rstrip("\r")
        newlines = match.group().count("\n")
        if newlines:
            line += newlines
            line_start = match.start() + match.group().rindex("\n") + 1


def _misspelt_stage(line: Sequence[Any], i: int) -> bool:
    """``stgae early days 1..30 {``: a line that opens a block but starts with a word one
    edit from ``stage`` is a stage header with a typo. Read it as one (the parser reports
    the typo) so its actions and ``}`` are not misread as stray statements (cascades)."""
    if i != 0 or line[-1].kind != "open":
        return False
    word = str(line[i].text).lower()
    return word != "stage" and osa_distance(word, "stage") == 1


def cut(text: str) -> list[Piece]:
    """Cut a file into pieces: statements at the top, action lines inside stages."""
    pieces: list[Piece] = []
    lines = _lines(text)
    in_stage = False
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        i = 0
        while i < len(line):
            tok = line[i]
            if in_stage:
                if tok.kind == "close":
                    pieces.append(Piece("close", tok.start, tok.end))
                    in_stage = False
                    i += 1
                elif tok.kind == "word" and tok.text == "stage":
                    pieces.append(Piece("unclosed", tok.start, tok.end))
                    in_stage = False
                else:
                    j = next((k for k in range(i, len(line)) if line[k].kind == "close"), len(line))
                    pieces.append(Piece("action", tok.start, line[j - 1].end))
                    i = j
                continue
            if tok.kind == "close":
                pieces.append(Piece("stray_close", tok.start, tok.end))
                i += 1
                continue
            if tok.kind == "word" and (tok.text == "stage" or _misspelt_stage(line, i)):
                brace = next((k for k in range(i, len(line)) if line[k].kind == "open"), None)
                if brace is None and index < len(lines) and lines[index][0].kind == "open":
                    # `stage early days 1..30` with the `{` on the next line.
                    brace = len(line)
                    line = [*line, *lines[index]]
                    index += 1
                end = line[brace].end if brace is not None else line[-1].end
                pieces.append(Piece("stage_open", tok.start, end))
                in_stage = True
                i = brace + 1 if brace is not None else len(line)
                continue
            pieces.append(Piece("statement", tok.start, line[-1].end))
            break
    if in_stage:
        pieces.append(Piece("unclosed", len(text), len(text)))
    return pieces


# --------------------------------------------------------------------------- assembling

_HEADER_FIELDS = {
    "playbook": "name",
    "version": "version",
    "jurisdiction": "jurisdictions",
    "timezone": "timezone",
    "borrowers": "borrower_zones",
    "horizon": "horizon",
    "instalments": "instalments",
    "holidays": "holidays",
    "placeholders": "placeholders",
}
_HEADER_WORDS = {"borrowers": "borrowers in"}


@dataclass
class _OpenStage:
    opening: StageOpening | None
    start: int
    actions: list[Any]


class _Reader:
    """Reads the pieces of one file in order and collects the model and the diagnostics."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.locator = FileLocator(line_starts(text))
        # One transformer for the whole file.
        self.lower = Lower()
        self.diagnostics: list[ParseDiagnostic] = []
        self.header: dict[str, HeaderItem] = {}
        self.templates: list[Template] = []
        self.stages: list[Stage] = []
        self.handlers: list[Handler] = []
        self.limits: list[PlaybookLimit] = []
        self.stage: _OpenStage | None = None
        self.syntax_errors = 0
        self.seen_stage = False
        self.readable = 0
        self.failed: list[str] = []

    def error(self, code: str, span: Span, message: str) -> None:
        self.diagnostics.append(ParseDiagnostic(code, span, message))

    def parse(self, piece: Piece, start: str) -> Any:
        notes: list[ParseDiagnostic] = []
        try:
            result = parse_piece(
                self.lower,
                self.text[piece.start : piece.end],
                start,
                self.locator.moved(piece.start),
                notes,
            )
        except PlaybookSyntaxError as failure:
            self.syntax_errors += 1
            self.error("PB001", failure.span, failure.message)
            self.failed.append(self.text[piece.start : piece.end])
            return None
        self.diagnostics.extend(notes)
        self.readable += 1
        return result

    def read(self, piece: Piece) -> None:
        handler = getattr(self, f"_{piece.kind}")
        handler(piece)

    def _statement(self, piece: Piece) -> None:
        item = self.parse(piece, "statement")
        if isinstance(item, HeaderItem):
            self._header(item)
        elif isinstance(item, Template):
            self.templates.append(item)
        elif isinstance(item, Handler):
            self.handlers.append(item)
        elif isinstance(item, PlaybookLimit):
            # A header statement (language.md v3 item 1) that may repeat.
            if self.seen_stage:
                self.error(
                    "PB001",
                    item.span,
                    "'limit' comes after a stage; header statements go before the stages",
                )
            self.limits.append(item)

    def _header(self, item: HeaderItem) -> None:
        word = _HEADER_WORDS.get(item.keyword, item.keyword)
        first = self.header.get(item.keyword)
        if first is not None:
            self.error(
                "PB007",
                item.span,
                f"'{word}' is given twice (first on line {first.span.line}); "
                "each header statement may appear once",
            )
            return
        if self.seen_stage:
            self.error(
                "PB001",
                item.span,
                f"'{word}' comes after a stage; header statements go before the stages",
            )
        self.header[item.keyword] = item

    def _stage_open(self, piece: Piece) -> None:
        opening = self.parse(piece, "stage_open")
        self.seen_stage = True
        self.stage = _OpenStage(
            opening if isinstance(opening, StageOpening) else None, piece.start, []
        )

    def _action(self, piece: Piece) -> None:
        action = self.parse(piece, "action")
        if action is not None and self.stage is not None:
            self.stage.actions.append(action)

    def _close(self, piece: Piece) -> None:
        self._finish(piece.end)

    def _finish(self, end: int) -> None:
        stage, self.stage = self.stage, None
        if stage is not None and stage.opening is None:
            # A stage whose header failed is dropped with its actions: the names they
            # use must not then look unused (PB009) — the block counts as failed text.
            self.failed.append(self.text[stage.start : end])
        if stage is None or stage.opening is None:
            return
        opening = stage.opening
        span = self.locator.span(stage.start, max(end, stage.start + 1))
        self.stages.append(
            Stage(
                opening.name,
                opening.first_day,
                opening.last_day,
                tuple(stage.actions),
                span=span,
                days_span=opening.days_span,
            )
        )

    def _stray_close(self, piece: Piece) -> None:
        self.syntax_errors += 1
        self.error(
            "PB001",
            self.locator.span(piece.start, piece.end),
            "this '}' closes no stage; remove it or open a stage with 'stage NAME days A..B {'",
        )

    def _unclosed(self, piece: Piece) -> None:
        stage = self.stage
        name = stage.opening.name.text if stage and stage.opening else ""
        self.syntax_errors += 1
        called = f"stage '{name}'" if name else "the stage"
        if piece.start < len(self.text):
            span = self.locator.span(piece.start, piece.end)
            message = f"missing '}}' to close {called} before the next stage"
        else:
            # The last line may be broken too (a truncated file): point at the opening.
            opened = stage.start if stage else 0
            span = (
                stage.opening.span
                if stage and stage.opening
                else self.locator.span(opened, opened + 5)
            )
            message = f"{called} is never closed: missing '}}' before the end of the file"
        self.error("PB001", span, message)
        self._finish(piece.start)

    def playbook(self) -> Playbook | None:
        fields: dict[str, Any] = {}
        for keyword, item in self.header.items():
            fields[_HEADER_FIELDS[keyword]] = item.value
        if "playbook" not in self.header:
            if not self.readable and not self.syntax_errors:
                self.error(
                    "PB001",
                    Span(1, 1, 1, 1),
                    "this file is empty; a playbook starts with 'playbook \"NAME\"'",
                )
                return None
            if not _mentions_playbook(self.text):
                self.error(
                    "PB001",
                    Span(1, 1, 1, 1),
                    "missing 'playbook \"NAME\"'; every playbook names itself first",
                )
            if not self.readable:
                return None
        span = self.header["playbook"].span if "playbook" in self.header else NO_SPAN
        return Playbook(
            name=fields.pop("name", ""),
            templates=tuple(self.templates),
            stages=tuple(self.stages),
            handlers=tuple(self.handlers),
            span=span,
            limits=tuple(self.limits),
            **fields,
        )


def _mentions_playbook(text: str) -> bool:
    return re.search(r"(?m)^\s*playbook\b", text) is not None


def parse_dsl(text: str) -> ParseResult:
    """Read a DSL playbook. Never raises: every problem becomes a diagnostic."""
    # Editors hide a byte-order mark and count a CRLF line end as one: so do we. Neither
    # change moves any other character's line or column.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    reader = _Reader(text)
    for piece in cut(text):
        if reader.syntax_errors >= MAX_SYNTAX_ERRORS:
            reader.error(
                "PB001",
                reader.locator.span(piece.start, piece.start),
                f"too many syntax errors; stopped reading after {MAX_SYNTAX_ERRORS}",
            )
            break
        reader.read(piece)
    playbook = reader.playbook()
    diagnostics = _one_syntax_error_per_line(reader.diagnostics)
    return ParseResult(playbook, diagnostics, tuple(reader.failed))


def _one_syntax_error_per_line(
    diagnostics: Sequence[ParseDiagnostic],
) -> tuple[ParseDiagnostic, ...]:
    """The first PB001 of each line: a second one on a line is an echo of the first."""
    lines: set[int] = set()
    kept: list[ParseDiagnostic] = []
    for diagnostic in diagnostics:
        if diagnostic.code == "PB001":
            if diagnostic.span.line in lines:
                continue
            lines.add(diagnostic.span.line)
        kept.append(diagnostic)
    return tuple(kept)
