"""``playbook-lint diff``: one frozen ``DiffRequest`` in, the report and the exit status
out. The command line turns argv into the request and prints the ``DiffOutcome``;
everything that stops the diff (an unreadable side, a ruleset that cannot be loaded) is
a ``DiffError`` (exit 2)."""

from __future__ import annotations

from dataclasses import dataclass

from ..rules.rulesets import RulesetError
from ..run.check import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, RunError, load_rulesets
from ..run.config import Settings
from ..run.guard import PB000, Limits
from .compare import diff_sides, gate
from .report import render
from .revisions import SourceError, read_side


class DiffError(RunError):
    """The diff cannot be done (exit 2); the message says why."""


@dataclass(frozen=True)
class DiffRequest:
    """One ``diff``: the two sides (files, folders or ``REV:PATH``), the rulesets both are
    judged against besides their own, what fails it, and its format."""

    old: str
    new: str
    rulesets: tuple[str, ...] = ()
    fail_on: str = "new-findings"  # "loosens", "none"
    format: str = "text"  # a diff format name (run/format_table.py)
    year: int | None = None
    limits: Limits = Limits()


@dataclass(frozen=True)
class DiffOutcome:
    """The report, and the exit status: 2 when a playbook could not be analysed (PB000),
    else 1 when ``fail_on`` fails the diff."""

    text: str
    status: int


def run_diff(request: DiffRequest) -> DiffOutcome:
    """Read both sides, judge each playbook on both, and render the difference."""
    try:
        sides = read_side(request.old, request.new), read_side(request.new, request.old)
        load_rulesets([Settings(rulesets=request.rulesets)])
        diffs = diff_sides(*sides, request.rulesets, request.year, limits=request.limits)
    except (SourceError, RunError, RulesetError, ValueError) as error:
        raise DiffError(str(error)) from None
    text = render(request.format, diffs)
    if any(f.code == PB000 for d in diffs for f in d.new_findings):
        # A playbook that could not be analysed (PB000) is exit 2, as in check.
        return DiffOutcome(text, EXIT_ERROR)
    return DiffOutcome(text, EXIT_FINDINGS if gate(diffs, request.fail_on) else EXIT_OK)
