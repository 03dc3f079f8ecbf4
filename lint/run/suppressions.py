"""Suppression comments: find them in the raw text, apply them, report their hygiene.

Forms (both surface forms use ``#`` comments)::

    call to borrower daily …   # playbook-lint: ignore[PB101, us-regf/call-frequency] -- why
    # playbook-lint: ignore[PB201] -- why          (alone on its line: covers the next line too)
    # playbook-lint: ignore-file[PB5] -- why       (anywhere: the whole file)

A selector is a code, a code prefix, a check name or a ruleset rule id (see
``selection.py``). A suppression without ``-- reason`` still works but is reported
(PB010); one that names nothing, or only a blanket like ``PB``/``ALL``, silences nothing
and is reported (PB011); a selector that silences nothing is reported (PB012), but only
in a file that parsed completely and whose every rule ran: one typo elsewhere must not make
a waiver look unused (and ``--fix`` delete its reason). A file
that does not parse (PB001) can be silenced only with ``ignore-file`` — a line comment
cannot be trusted to sit on the line the parser stopped at.

Comments come from each form's own lexer (the DSL parser's token scan; PyYAML's scanner),
so a directive written inside a template's text is text, not a directive.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Finding
from ..model import Span, Word
from ..rules.catalogue import BY_CODE, ON_COMMENTS, PB010, PB011, PB012, CheckSpec
from ..syntax.parse_dsl import dsl_comments
from ..syntax.yaml_comments import yaml_comments
from .selection import is_blanket, matches, specificity, views


class Scope(Word):
    LINE = "ignore"
    FILE = "ignore-file"


@dataclass(frozen=True)
class Selector:
    """One name inside the brackets, with where it is written."""

    text: str
    span: Span


@dataclass(frozen=True)
class Suppression:
    """One ``playbook-lint: ignore…`` comment."""

    scope: Scope
    selectors: tuple[Selector, ...]
    reason: str | None
    span: Span
    # The lines a line-scope suppression covers: its own, plus the next line that holds
    # something other than a comment when the directive stands alone on its line.
    lines: tuple[int, ...] = ()

    @property
    def is_blanket(self) -> bool:
        return not self.selectors or all(is_blanket(s.text) for s in self.selectors)

    def covers(self, finding: Finding) -> bool:
        """Does this suppression apply to ``finding`` (by place and by name)?"""
        if self.is_blanket:
            return False
        if self.scope is Scope.LINE and (finding.code == "PB001" or finding.line not in self.lines):
            return False
        # A finding that stands for several rules is silenced only when all are named.
        return all(
            any(specificity(s.text, view) > 0 for s in self.selectors) for view in views(finding)
        )


@dataclass(frozen=True)
class Applied:
    """What ``apply_suppressions`` decided."""

    kept: tuple[Finding, ...]
    suppressed: tuple[Finding, ...]  # with ``suppressed`` set to the reason
    hygiene: tuple[Finding, ...]  # PB010, PB011, PB012


_DIRECTIVE = re.compile(
    r"playbook-lint\s*:\s*(?P<kind>ignore-file|file-ignore|ignore)(?![\w-])"
    r"\s*(?:\[(?P<selectors>[^\]]*)\])?(?P<rest>.*)$"
)
NO_REASON = "no reason given"
_MARKER = "playbook-lint"  # the one literal every directive starts with (``_DIRECTIVE``)


# --------------------------------------------------------------------------- finding comments


def comments(text: str, form: str) -> Iterator[tuple[int, int, str]]:
    """Every comment as (line, column of ``#``, text after ``#``), outside strings, as the
    form's own lexer finds it: the DSL parser's token scan, PyYAML's scanner for YAML.

    ``form`` is ``"yaml"`` or ``"dsl"``.
    """
    if form != "yaml":
        return dsl_comments(text)
    return _yaml_comments(text)


def _yaml_comments(text: str) -> Iterator[tuple[int, int, str]]:
    scanned = yaml_comments(text)
    yield from scanned.found
    if scanned.complete:
        return
    # PyYAML stopped at a syntax error (a PB001 file, which only `ignore-file` can
    # silence): past that line, a plain line scan that knows YAML's quotes and block
    # scalars finds the rest.
    yield from (c for c in _scan_yaml_lines(text) if c[0] > scanned.stopped_at)


_BLOCK_INDICATOR = re.compile(r"(?:^|[\s:\-?])[|>][0-9+-]{0,2}\s*$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _scan_yaml_lines(text: str) -> Iterator[tuple[int, int, str]]:
    lines = text.split("\n")
    quote: str | None = None  # the quote character of a flow scalar spanning lines
    block_parent: int | None = None  # indentation of the line that opened a block scalar
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r")
        if block_parent is not None:
            if not line.strip() or _indent(line) > block_parent:
                continue
            block_parent = None
        i = 0
        code_end = len(line)
        while i < len(line):
            ch = line[i]
            if quote == '"':
                if ch == "\\":
                    i += 2
                    continue
                if ch == '"':
                    quote = None
            elif quote == "'":
                if ch == "'":
                    if line.startswith("''", i):
                        i += 2
                        continue
                    quote = None
            elif ch in "\"'" and _starts_scalar(line, i):
                quote = ch
            elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
                yield number, i + 1, line[i + 1 :]
                code_end = i
                break
            i += 1
        if quote is None and _BLOCK_INDICATOR.search(line[:code_end]):
            block_parent = _indent(line)


def _starts_scalar(line: str, i: int) -> bool:
    """A quote opens a quoted scalar only where a scalar can start (not in ``it's``)."""
    before = line[:i].rstrip()
    return not before or before[-1] in ":-[{,?"


# --------------------------------------------------------------------------- parse directives


def form_of(path: str) -> str:
    """``yaml`` for ``.yaml``/``.yml`` files, else ``dsl`` (as the parsers decide)."""
    return "yaml" if path.lower().endswith((".yaml", ".yml")) else "dsl"


# The comments a parser found in its one pass, asked for only when needed; None from the
# call when it cannot say (``ParseResult.comments``).
KnownComments = Callable[[], tuple[tuple[int, int, str], ...] | None]


def find_suppressions(
    text: str, form: str, known: KnownComments | None = None
) -> tuple[Suppression, ...]:
    """Every suppression comment of a file's text, in order: from the comments the parser
    found (``known``) when it could say, else from a scan of the text."""
    if _MARKER not in text:
        # Every directive holds the marker, and a comment's text is a slice of the file's:
        # without it there is nothing to find, and no second scan of the file (YAML's
        # comment scan is a pure-Python scanner, 12% of a check; issue 24 item 2).
        return ()
    lines = text.split("\n")
    found: list[Suppression] = []
    given = known() if known is not None else None
    for line_no, hash_col, body in comments(text, form) if given is None else given:
        match = _DIRECTIVE.search(body)
        if not match or body[: match.start()].strip():
            continue
        base = hash_col + 1  # column of body[0]
        scope = Scope.FILE if match.group("kind") != "ignore" else Scope.LINE
        selectors: list[Selector] = []
        if match.group("selectors") is not None:
            start = match.start("selectors")
            for part in re.finditer(r"[^,\s]+", match.group("selectors")):
                col = base + start + part.start()
                span = Span(line_no, col, line_no, col + len(part.group()))
                selectors.append(Selector(part.group(), span))
        rest = match.group("rest").strip()
        reason = rest[2:].strip() if rest.startswith("--") else ""
        span = Span(line_no, hash_col, line_no, base + len(body.rstrip()))
        covered: tuple[int, ...] = ()
        if scope is Scope.LINE:
            covered = (line_no,)
            if not lines[line_no - 1][: hash_col - 1].strip():
                nxt = _next_code_line(lines, line_no)
                if nxt is not None:
                    covered = (line_no, nxt)
        found.append(Suppression(scope, tuple(selectors), reason or None, span, covered))
    return tuple(found)


def _next_code_line(lines: Sequence[str], after: int) -> int | None:
    for number in range(after + 1, len(lines) + 1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


# --------------------------------------------------------------------------- apply


def apply_suppressions(
    findings: Sequence[Finding],
    suppressions: Sequence[Suppression],
    path: str,
    *,
    judge_unused: bool = True,
) -> Applied:
    """Silence the findings the suppressions cover and report the suppressions' hygiene.

    Every finding must belong to the file at ``path`` (whose text held the comments).
    Hygiene findings (PB010-PB012) can themselves be silenced by an ``ignore-file``.
    ``judge_unused`` False: the file did not parse completely or some rule did not run, so
    a suppression that silenced nothing may still be needed, and no PB012 is reported.
    """
    used: set[tuple[int, int]] = set()  # (suppression index, selector index)
    kept: list[Finding] = []
    silenced: list[Finding] = []
    for finding in findings:
        covering = _covering(suppressions, finding, used)
        if covering is None:
            kept.append(finding)
        else:
            silenced.append(dataclasses.replace(finding, suppressed=covering.reason or NO_REASON))
    hygiene = list(_hygiene(suppressions, used, path, judge_unused))
    for finding in hygiene:
        covering = _covering(
            [s for s in suppressions if s.scope is Scope.FILE], finding, used=set()
        )
        if covering is None:
            kept.append(finding)
        else:
            silenced.append(dataclasses.replace(finding, suppressed=covering.reason or NO_REASON))
    hygiene_kept = tuple(f for f in kept if f.code in _HYGIENE_CODES)
    return Applied(tuple(sorted(kept)), tuple(sorted(silenced)), tuple(sorted(hygiene_kept)))


def _covering(
    suppressions: Sequence[Suppression], finding: Finding, used: set[tuple[int, int]]
) -> Suppression | None:
    first: Suppression | None = None
    for s_index, suppression in enumerate(suppressions):
        if not suppression.covers(finding):
            continue
        first = first or suppression
        for sel_index, selector in enumerate(suppression.selectors):
            if matches(selector.text, finding):
                used.add((s_index, sel_index))
    return first


# PB010-PB012, as the catalogue says.
_HYGIENE_CODES = frozenset(c.code for c in ON_COMMENTS)


def _hygiene(
    suppressions: Sequence[Suppression],
    used: set[tuple[int, int]],
    path: str,
    judge_unused: bool,
) -> Iterator[Finding]:
    for s_index, s in enumerate(suppressions):
        names = ", ".join(sel.text for sel in s.selectors)
        directive = f"{s.scope}[{names}]" if s.selectors else str(s.scope)
        # Named by what it says, not where: a baseline entry survives the comment moving.
        anchor = f"suppression:{directive}"
        if s.is_blanket:
            yield _finding(
                PB011,
                path,
                s.span,
                f"`{directive}` names no code or rule, so it silences nothing",
                "name what it silences, e.g. `ignore[PB101]` or `ignore[us-regf/call-frequency]`",
                anchor,
            )
            continue
        if s.reason is None:
            yield _finding(
                PB010,
                path,
                s.span,
                f"`{directive}` gives no reason; a suppression says why after `--`",
                f"e.g. `# playbook-lint: {directive} -- approved by compliance, ticket CMP-42`",
                anchor,
            )
        if not judge_unused:
            continue
        where = "in this file" if s.scope is Scope.FILE else "on this line"
        for sel_index, selector in enumerate(s.selectors):
            if (s_index, sel_index) in used or is_blanket(selector.text):
                continue
            if _names_hygiene(selector.text):
                # Silencing PB010-PB012 is judged by nothing else; never call it unused.
                continue
            yield _finding(
                PB012,
                path,
                selector.span,
                f"`{selector.text}` is suppressed but nothing {where} reports it",
                "remove it from the suppression (or the whole comment)",
                anchor,
            )


def _names_hygiene(selector: str) -> bool:
    """A selector that names only PB010-PB012: their name, code, or a prefix of theirs
    alone (``PB01``)."""
    if selector in {c.name for c in ON_COMMENTS}:
        return True
    named = {code for code in BY_CODE if code.startswith(selector.upper())}
    return bool(named) and named <= _HYGIENE_CODES


def _finding(
    check: CheckSpec[Any], path: str, span: Span, message: str, help: str, anchor: str
) -> Finding:
    return Finding(
        path=path,
        line=span.line,
        column=span.column,
        code=check.code,
        end_line=span.end_line,
        end_column=span.end_column,
        check=check.name,
        severity=check.severity,
        message=message,
        help=help,
        anchor=anchor,
    )


def suppress(
    text: str,
    path: str,
    findings: Sequence[Finding],
    *,
    judge_unused: bool = True,
    known: KnownComments | None = None,
) -> Applied:
    """Find the suppressions in ``text`` and apply them to ``findings`` (one call for
    engines); ``known``: the comments as the parser found them (``ParseResult.comments``)."""
    found = find_suppressions(text, form_of(path), known)
    return apply_suppressions(findings, found, path, judge_unused=judge_unused)
