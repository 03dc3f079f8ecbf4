"""What an audit's outputs say beside the verdicts: what was not judged and why, and
which yardstick the verdicts used."""

from __future__ import annotations

from dataclasses import dataclass

from .scan import Entry

# Said on every row when no --ruleset was given: the submitter chose the yardstick by
# writing its own `jurisdiction` line, and a reader must not mistake it for the auditor's.
DECLARED = "judged against the jurisdiction the submitter declared"
MATRIX = "judged against the rulesets the auditor chose"
SUGGEST = (
    "No --ruleset was given: each playbook was judged against the jurisdiction it declares, "
    "which the submitter chose. Run again with --all-rulesets (or --ruleset ID) to judge "
    "every playbook by the same rulesets."
)
EXCLUDED = "excluded by the submitter"


@dataclass(frozen=True)
class Context:
    """The run's facts that are not a playbook's verdict."""

    title: str
    columns: tuple[str, ...]  # the matrix's rulesets, in order
    declared: bool  # no --ruleset: each playbook judged against its own jurisdiction
    skipped: tuple[Entry, ...] = ()  # found and not a playbook, or a duplicate link
    excluded: tuple[Entry, ...] = ()  # excluded by the submitter's config (trusted)

    @property
    def judged_against(self) -> str:
        return DECLARED if self.declared else MATRIX
