"""Judge one submitted playbook against each ruleset of the matrix, separately.

Each lint is ``check``'s own run (``run/check.py``), asked by a ``CheckRequest`` for
exactly the cell's ruleset, so the year, the rulesets and the lint are the ones
``check`` uses; this module only decides what to ask and turns the answers into cells.
A submitter is not trusted: unless the auditor says otherwise, its inline suppressions
silence nothing and are listed instead as *claimed exemptions*, each with the findings it
would have hidden. Works on bytes and returns plain data, so it runs in worker processes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..analysis.events import analyse_events
from ..analysis.timeline import analyse_timeline
from ..diagnostics import Finding, Severity
from ..files import read_regular
from ..model import Playbook
from ..rules.rulesets import DEFAULT_RULESET, is_bundled, load_ruleset
from ..run.check import DEFAULT_LIMITS, READ_LIMIT, FileReport, lets_through, lint_request
from ..run.config import Settings
from ..run.engine import BLOCKING_CODES
from ..run.guard import PB000, guarded, pb000
from ..run.request import CheckRequest
from ..run.suppressions import Suppression, apply_suppressions, find_suppressions, form_of
from . import charts

PASS, WARN, FAIL, INVALID = "pass", "warn", "fail", "invalid"
# Charts cost days x actions; real playbooks have tens of actions. Past this, none.
MAX_CHART_ACTIONS = 200
VERDICTS = (PASS, WARN, FAIL, INVALID)


@dataclass(frozen=True)
class Cell:
    """One playbook judged against one ruleset."""

    ruleset: str
    verdict: str
    errors: int
    warnings: int
    infos: int
    codes: tuple[str, ...]
    # What broke, most severe first: (code, rule id or "" for an always-on check) of each
    # error and warning (and of what makes the playbook invalid), so a cell names it.
    failing: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Exemption:
    """A suppression comment the submitter wrote, and what it would have hidden."""

    line: int
    column: int
    scope: str
    selectors: tuple[str, ...]
    reason: str | None
    would_hide: tuple[Finding, ...]
    honoured: bool


@dataclass(frozen=True)
class Judged:
    """Everything the report says about one input."""

    path: str
    size: int
    sha256: str
    name: str
    declared: tuple[str, ...]
    source: str | None
    cells: tuple[Cell, ...]
    findings: tuple[Finding, ...]
    exemptions: tuple[Exemption, ...]
    charts: tuple[tuple[str, str], ...] = ()  # (kind, svg)
    unreadable: bool = False  # the input could not be read: an invalid row, exit 2
    reason: str = ""  # why it could not be read (unreadable rows only)

    @property
    def verdict(self) -> str:
        """The worst verdict of its cells (invalid beats fail beats warn beats pass)."""
        return max((c.verdict for c in self.cells), key=VERDICTS.index, default=PASS)


@dataclass(frozen=True)
class Job:
    """What a worker needs to judge one input."""

    path: str
    data: bytes | None  # None: read it in the worker
    matrix: tuple[str, ...]  # empty: the playbook's own jurisdictions, else baseline
    trust: bool
    settings: Settings | None  # the submitter's config, only with --trust-submitter
    charts: bool
    year: int | None = None  # the analysed calendar year (None: the current one)


def verdict_of(findings: Sequence[Finding]) -> str:
    if any(f.code in BLOCKING_CODES for f in findings):
        return INVALID
    if any(f.severity is Severity.ERROR for f in findings):
        return FAIL
    if any(f.severity is Severity.WARNING for f in findings):
        return WARN
    return PASS


def _cell(ruleset: str, findings: Sequence[Finding]) -> Cell:
    def count(severity: Severity) -> int:
        return sum(1 for f in findings if f.severity is severity)

    return Cell(
        ruleset,
        verdict_of(findings),
        count(Severity.ERROR),
        count(Severity.WARNING),
        count(Severity.INFO),
        tuple(sorted({f.code for f in findings})),
        failing_rules(findings),
    )


def failing_rules(findings: Sequence[Finding]) -> tuple[tuple[str, str], ...]:
    """(code, rule id) of each error, warning and blocking finding, errors first."""
    bad = [f for f in findings if f.severity is not Severity.INFO or f.code in BLOCKING_CODES]
    bad.sort(key=lambda f: (-f.severity.rank, f.code, f.rule or ""))
    return tuple(dict.fromkeys((f.code, f.rule or "") for f in bad))


def columns_of(playbook: Playbook | None, matrix: Sequence[str]) -> tuple[str, ...]:
    """The rulesets a playbook is judged against: the matrix, else its own bundled
    jurisdictions, else baseline."""
    if matrix:
        return tuple(matrix)
    own = [j.text for j in playbook.jurisdictions if is_bundled(j.text)] if playbook else []
    return tuple(dict.fromkeys(own)) or (DEFAULT_RULESET,)


def linted(job: Job, column: str | None) -> FileReport:
    """``job``'s bytes through ``check``'s run: against exactly the ``column`` ruleset,
    or (None) against the playbook's own jurisdictions, with its playbook and text.
    No config (a trusted submitter's selects in ``_trusted``), no suppressions (they
    are claimed exemptions), no cache (an audit judges the bytes it was given) and no
    bound of the run's own: ``judge_safely`` bounds the whole file once."""
    assert job.data is not None, "judge_safely reads the file first"
    request = CheckRequest(
        paths=(job.path,),
        given=((job.path, job.data),),
        isolated=True,
        rulesets=() if column is None else (column,),
        own_jurisdiction=column is None,
        keep_model=column is None,
        year=job.year,
        suppressions=False,
        jobs=1,
        cache=False,
        limits=None,
    )
    (report,) = lint_request(request).reports
    return report


def judge(job: Job) -> Judged:
    """Lint ``job``'s bytes once per column and collect verdicts, findings and exemptions."""
    assert job.data is not None, "judge_safely reads the file first"
    digest = hashlib.sha256(job.data).hexdigest()
    first = linted(job, None)
    text = first.source
    if text is None:
        # Bad bytes, or over the size bound: the input cannot be read (exit 2 at the end).
        finding = first.findings[0]
        cells = tuple(_cell(r, [finding]) for r in job.matrix or (DEFAULT_RULESET,))
        return Judged(
            job.path,
            len(job.data),
            digest,
            job.path,
            (),
            None,
            cells,
            (finding,),
            (),
            unreadable=True,
            reason=finding.message,
        )
    playbook = first.playbook
    columns = columns_of(playbook, job.matrix)
    suppressions = find_suppressions(text, form_of(job.path))
    per_cell: dict[str, tuple[Finding, ...]] = {}
    for ruleset in columns:
        # Its own single jurisdiction (or baseline) is what the first lint judged.
        only_own = not job.matrix and len(columns) == 1
        per_cell[ruleset] = (first if only_own else linted(job, ruleset)).findings
    everything = tuple(sorted({f for found in per_cell.values() for f in found}))
    exemptions = tuple(_exemption(s, everything, job.trust) for s in suppressions)
    judged_cells: list[Cell] = []
    shown: set[Finding] = set()
    for ruleset, found in per_cell.items():
        kept = _trusted(found, suppressions, job) if job.trust else found
        shown.update(kept)
        judged_cells.append(_cell(ruleset, kept))
    declared = tuple(j.text for j in playbook.jurisdictions) if playbook else ()
    charts = _charts(playbook, first.findings, columns, job.year) if job.charts else ()
    return Judged(
        job.path,
        len(job.data),
        digest,
        playbook.name if playbook else job.path,
        declared,
        text,
        tuple(judged_cells),
        tuple(sorted(shown)),
        exemptions,
        charts,
    )


INTERNAL_ERROR = PB000


def judge_safely(job: Job) -> Judged:
    """Read the file if need be (in the worker: one file in memory at a time), then
    ``judge`` it within the per-file bound; a failure, a file past the bound or one that
    cannot be read is that file's PB000 (exit 2 at the end), never the batch's end."""
    data = job.data
    if data is None:
        try:
            data = read_regular(job.path, READ_LIMIT)
        except OSError as error:
            return unreadable_row(job.path, f"cannot read the file: {error.strerror}", job.matrix)
    loaded = replace(job, data=data)
    result = guarded(job.path, DEFAULT_LIMITS, lambda: judge(loaded))
    return result if isinstance(result, Judged) else _unjudged(loaded, data, result)


def unreadable_row(path: str, reason: str, matrix: Sequence[str]) -> Judged:
    """The ``invalid`` row of an input that could not be read (a symlink out of the
    submission, a FIFO, a folder that cannot be listed, ...): judged against nothing."""
    finding = pb000(path, "unreadable", reason)
    judged = _unjudged(Job(path, b"", tuple(matrix), False, None, False), b"", finding)
    return replace(judged, unreadable=True, reason=reason)


def _unjudged(job: Job, data: bytes, finding: Finding) -> Judged:
    cells = tuple(
        Cell(r, INVALID, 1, 0, 0, (INTERNAL_ERROR,), ((INTERNAL_ERROR, ""),))
        for r in job.matrix or (DEFAULT_RULESET,)
    )
    digest = hashlib.sha256(data).hexdigest()
    return Judged(job.path, len(data), digest, job.path, (), None, cells, (finding,), ())


def _trusted(
    findings: Sequence[Finding], suppressions: Sequence[Suppression], job: Job
) -> tuple[Finding, ...]:
    """``--trust-submitter``: the submitter's comments and config apply, as in ``check``."""
    kept = apply_suppressions(findings, suppressions, job.path).kept
    settings = job.settings
    if settings is None:
        return kept
    return tuple(f for f in kept if lets_through(settings, f))


def _exemption(suppression: Suppression, findings: Sequence[Finding], trust: bool) -> Exemption:
    return Exemption(
        suppression.span.line,
        suppression.span.column,
        str(suppression.scope),
        tuple(s.text for s in suppression.selectors),
        suppression.reason,
        tuple(f for f in findings if suppression.covers(f)),
        trust,
    )


def _charts(
    playbook: Playbook | None,
    findings: Sequence[Finding],
    columns: Sequence[str],
    year: int | None,
) -> tuple[tuple[str, str], ...]:
    """The three charts, against every rule of the playbook's columns; none when the
    playbook cannot be judged (the model is not trustworthy then)."""
    if playbook is None or any(f.code in BLOCKING_CODES for f in findings):
        return ()
    if sum(1 for _ in playbook.actions()) > MAX_CHART_ACTIONS:
        return ()  # the report says it drew none; a hostile file must not stall the batch
    # A rule inherited by two rulesets of the row (us-ma extends us-regf) is drawn once.
    by_id = {
        rule.id: rule
        for r in columns
        for rule in load_ruleset(r).rules
        if rule.applies(playbook)  # a rule's `when` excludes some playbooks
    }
    rules = list(by_id.values())
    events = analyse_events(playbook, year)
    timeline = analyse_timeline(playbook, events=events)
    name = playbook.name
    return (
        ("intensity", charts.draw_intensity(charts.intensity(timeline, rules), name)),
        ("hours", charts.draw_hours(charts.hours(timeline, rules), name)),
        ("ladder", charts.draw_ladder(charts.ladder(events, rules), name)),
    )
