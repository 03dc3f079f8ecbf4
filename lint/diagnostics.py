"""What checks and parsers report, and what the engine hands to reporters."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Span, Word


class Severity(Word):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe (for ``--fail-level``)."""
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True)
class Related:
    """Another place that is part of a finding: an action that breaks a cap together with
    the reported one, or another match of the same phrase category (SARIF
    ``relatedLocations``). ``cited`` places are named in the text ("with line 24")."""

    span: Span
    message: str
    cited: bool = True


@dataclass(frozen=True)
class Diagnostic:
    """What a check or parser found, before the engine stamps code, rule and path on it.

    ``anchor`` names the model element logically (stage and action, template, handler)
    so that baselines survive line moves; the engine fills it from the span when empty.
    """

    span: Span
    message: str
    help: str | None = None
    anchor: str = ""
    # Line-free on purpose: the message is part of the baseline identity; the engine adds
    # "(with line 24)" for the cited related places.
    related: tuple[Related, ...] = ()
    # How many more places take part than ``related`` lists: a breach of hundreds of
    # actions names the first few and "and N more" (listing all is quadratic in findings).
    more: int = 0
    # At most this severity, whatever the rule says: a check's weaker evidence (PB501's
    # statistical signal, checks.md v3 item 8) is never an error on its own.
    at_most: Severity | None = None


@dataclass(frozen=True)
class ParseDiagnostic:
    """A structure problem found while parsing: PB001, PB002, PB003, PB004 or PB007."""

    code: str
    span: Span
    message: str
    help: str | None = None


# ``Finding.suppressed`` for a finding the baseline silenced (not a comment), so SARIF
# can say ``external`` rather than ``inSource``.
BASELINE_REASON = "in the baseline"


class PlaybookSyntaxError(Exception):
    """The one error a parser raises: the text cannot become a model at all."""

    def __init__(self, span: Span, message: str) -> None:
        super().__init__(message)
        self.span = span
        self.message = message


@dataclass(frozen=True, order=True)
class Finding:
    """One diagnostic as reported: ordered by path, line, column, code."""

    path: str
    line: int
    column: int
    code: str
    end_line: int = field(compare=False)
    end_column: int = field(compare=False)
    check: str = field(compare=False)
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    rule: str | None = field(default=None, compare=False)
    cite: str | None = field(default=None, compare=False)
    url: str | None = field(default=None, compare=False)
    why: str | None = field(default=None, compare=False)
    # The rule's basis (law, guidance, practice; checks.md v2 item 1).
    basis: str | None = field(default=None, compare=False)
    help: str | None = field(default=None, compare=False)
    # Logical identity for baselines: the playbook, stage, action or template concerned.
    anchor: str = field(default="", compare=False)
    # Set when a suppression comment or baseline silenced the finding (kept for SARIF).
    suppressed: str | None = field(default=None, compare=False)
    # Two rules may report the same code at the same place (cn-gbt45251 and cn-cba2026 both
    # cap calls): rule and message keep such findings apart, and order them stably.
    # The message without the lines of related places: the baseline identity (together with
    # path, rule and anchor) holds no line or column anywhere.
    identity: tuple[str, str] = field(default=("", ""), repr=False)
    related: tuple[Related, ...] = field(default=(), compare=False)
    # Other rules this one finding stands for (an unbounded clause is one PB103 naming the
    # PB101 rules it also breaks): (code, check, rule id), for selection and suppression.
    also: tuple[tuple[str, str, str | None], ...] = field(default=(), compare=False)

    @property
    def stable_message(self) -> str:
        """The message as the baseline and fingerprints know it (no line numbers)."""
        return self.identity[1] or self.message

    @property
    def span(self) -> Span:
        return Span(self.line, self.column, self.end_line, self.end_column)
