"""``playbook-lint audit``: read the submissions, judge them (in parallel, reporting each
file done to a progress callback), and write the report, the machine formats and the
evidence.

The command line registers the command, gives it a progress bar (``output/console.py``)
and prints the ``Outcome``.
Everything that can go wrong before judging (a bad ruleset, an unreadable path, an
invalid trusted config) is an ``AuditError``: exit 2.
The result cache is never read: an audit judges the bytes it was given.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any

from .. import __version__
from ..analysis.year import default_year
from ..diagnostics import Severity
from ..files import read_regular
from ..output.escape import visible
from ..output.sink import FormatSpec, parse_format_spec, render_items
from ..rules.rulesets import bundled_ruleset_ids
from ..run.check import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    READ_LIMIT,
    RunError,
    load_rulesets,
    resolver_for,
)
from ..run.config import ConfigError, Settings
from ..run.discovery import PathNotFound
from ..run.parallel import default_jobs as free_cores
from ..run.request import CheckRequest
from . import evidence as ev
from .context import EXCLUDED, SUGGEST, Context
from .formats import AuditOptions, audit_formats
from .judge import FAIL, INTERNAL_ERROR, INVALID, WARN, Job, Judged, judge_safely, unreadable_row
from .scan import Entry, Scan, scan


class AuditError(RunError):
    """The audit cannot be done (exit 2); the message says why."""


@dataclass(frozen=True)
class AuditRequest:
    """One ``audit``: the submissions, the matrix of rulesets, what to write, and how."""

    paths: tuple[str, ...] = (".",)
    rulesets: tuple[str, ...] = ()  # the matrix (empty: each playbook's own)
    all_rulesets: bool = False  # every bundled ruleset too
    html: str | None = None  # the HTML report's file (or, past 100 playbooks, folder)
    formats: tuple[str, ...] = ()  # FORMAT[:FILE] of the audit formats (run/format_table.py)
    trust_submitter: bool = False  # honour the inputs' configs and suppressions
    jobs: int | None = None  # None: the free cores
    title: str = "Playbook audit"
    fail_level: str = "warning"
    year: int | None = None
    # Re-run the audit recorded in this JSON file instead (``--verify``).
    verify: str | None = None

    @property
    def workers(self) -> int:
        return self.jobs or free_cores()


def parse_formats(formats: Sequence[str]) -> list[FormatSpec]:
    try:
        specs = [parse_format_spec(text, audit_formats(), "audit format") for text in formats]
    except ValueError as error:
        raise AuditError(str(error)) from None
    if sum(1 for spec in specs if spec.path is None) > 1:
        raise AuditError("only one format can go to the output; give the others a file")
    return specs


def read_submissions(paths: Sequence[str]) -> Scan:
    """Every submitted file, each submission scanned as a plain folder (``scan.py``; each
    playbook is read by the worker that judges it); stdin is not a submission."""
    if "-" in paths:
        raise AuditError("audit reads files and folders, not '-' (stdin)")
    try:
        return scan(paths)
    except PathNotFound as missing:
        raise AuditError(f"no such file or directory: {missing}") from None


def matrix_of(request: AuditRequest) -> tuple[str, ...]:
    """The matrix's rulesets as given (empty: each playbook's own); each must load."""
    names = bundled_ruleset_ids() if request.all_rulesets else ()
    names = tuple(dict.fromkeys([*names, *request.rulesets]))
    try:
        load_rulesets([Settings(rulesets=names)])
    except RunError as error:
        raise AuditError(str(error)) from None
    return names


def submitter_settings(paths: Sequence[str], trust: bool) -> dict[str, Settings | None]:
    """The inputs' own configs, read only when the submitter is trusted: each file's
    settings as ``check`` resolves them when given no options."""
    if not trust:
        return dict.fromkeys(paths)
    resolver = resolver_for(CheckRequest())
    try:
        return {p: resolver.for_file(p) for p in paths}
    except ConfigError as error:
        raise AuditError(str(error)) from None


def split_excluded(
    paths: Sequence[str], settings: dict[str, Settings | None]
) -> tuple[list[str], list[Entry]]:
    """The paths a trusted submitter's ``exclude`` keeps, and the ones it excludes (each
    listed in the report, never silently missing)."""
    kept: list[str] = []
    excluded: list[Entry] = []
    for path in paths:
        setting = settings[path]
        if setting is None or not setting.is_excluded(path):
            kept.append(path)
        else:
            origin = f" ({setting.sources[0]})" if setting.sources else ""
            excluded.append(Entry(path, f"{EXCLUDED}: its config's exclude{origin}"))
    return kept, excluded


def judge_all(jobs: Sequence[Job], workers: int, done: Callable[[], None]) -> list[Judged]:
    """Judge every job, in ``workers`` processes, results in input order; ``done`` is
    called once per finished input (for the progress bar)."""
    out = []
    for judged in _judged(jobs, workers):
        out.append(judged)
        done()
    return out


def _judged(jobs: Sequence[Job], workers: int) -> Iterator[Judged]:
    if workers <= 1 or len(jobs) < 4:
        yield from map(judge_safely, jobs)
        return
    # One input here first, so the forked workers inherit a built parser and rulesets.
    yield judge_safely(jobs[0])
    rest = jobs[1:]
    finished = 0
    try:
        with ProcessPoolExecutor(max_workers=min(workers, len(rest))) as pool:
            for judged in pool.map(judge_safely, rest, chunksize=2):
                finished += 1
                yield judged
    except (OSError, BrokenProcessPool):
        # No process support here (a sandbox): the rest, serially.
        yield from map(judge_safely, rest[finished:])


@dataclass(frozen=True)
class Outcome:
    """What the command line prints and its exit status (this module prints nothing)."""

    status: int
    output: str
    errors: tuple[str, ...] = ()


Progress = Callable[[int], AbstractContextManager[Callable[[], None]]]
"""Given the number of files, a context whose value is called once per file judged."""


@contextmanager
def no_progress(total: int) -> Iterator[Callable[[], None]]:
    yield lambda: None


def failing(judged: Sequence[Judged], fail_level: str) -> bool:
    """Does any cell hold a finding at or above the fail level (an invalid one always)?"""
    rank = Severity(fail_level).rank
    for j in judged:
        for c in j.cells:
            counts = {2: c.errors, 1: c.warnings, 0: c.infos}
            if c.verdict == INVALID or any(n for level, n in counts.items() if level >= rank):
                return True
    return False


def text_summary(judged: Sequence[Judged], context: Context) -> str:
    lines = []
    for j in judged:
        cells = ", ".join(f"{visible(c.ruleset)} {c.verdict}" for c in j.cells)
        exempt = f"; {len(j.exemptions)} claimed exemptions" if j.exemptions else ""
        lines.append(f"{visible(j.path)}: {j.verdict} ({cells}){exempt}")
    bad = sum(1 for j in judged if j.verdict in (FAIL, INVALID, WARN))
    lines.append(f"Audited {len(judged)} playbooks: {bad} with findings.")
    if context.excluded or context.skipped:
        lines.append(
            f"Not judged: {len(context.excluded)} excluded by the submitter, "
            f"{len(context.skipped)} other files skipped (listed in the report)."
        )
    if context.declared and judged:
        lines.append(SUGGEST)
    return "\n".join(lines) + "\n"


def run_audit(
    request: AuditRequest, write: Callable[[str, str], None], progress: Progress = no_progress
) -> Outcome:
    """The audit the request asks for (``verify``: the check of a recorded one);
    ``write(path, text)`` writes a report file. Raises ``AuditError``."""
    if request.verify:
        return verify(request.verify, request.workers)
    return run(request, write, progress)


def run(
    request: AuditRequest, write: Callable[[str, str], None], progress: Progress = no_progress
) -> Outcome:
    """The audit; ``write(path, text)`` writes a report file. The report and the machine
    formats are always written, whatever could not be read."""
    specs = parse_formats(request.formats)
    matrix = matrix_of(request)
    found = read_submissions(request.paths or (".",))
    settings = submitter_settings(found.playbooks, request.trust_submitter)
    inputs, excluded = split_excluded(found.playbooks, settings)
    year = default_year() if request.year is None else request.year
    charts = request.html is not None
    jobs = [
        Job(path, None, matrix, request.trust_submitter, settings[path], charts, year)
        for path in inputs
    ]
    with progress(len(jobs)) as step:
        judged = judge_all(jobs, request.workers, step)
    judged += [unreadable_row(e.path, e.reason, matrix) for e in found.unreadable]
    judged.sort(key=lambda j: j.path)
    options = ev.Options(matrix, request.trust_submitter, request.fail_level, year)
    block = ev.evidence(judged, options)
    columns = tuple(dict.fromkeys([*matrix, *(c.ruleset for j in judged for c in j.cells)]))
    context = Context(request.title, columns, not matrix, tuple(found.skipped), tuple(excluded))
    notes = list(_write_html(request.html, judged, block, context, write))
    output: list[str] = []
    for spec in specs:
        text = render_items(audit_formats()[spec.name], AuditOptions(block, context), judged)
        if spec.path is None:
            output.append(text)
        else:
            write(spec.path, text)
    stdout = output[0] if output else text_summary(judged, context)
    return _outcome(judged, context, request.fail_level, stdout, notes)


def _write_html(
    target: str | None,
    judged: Sequence[Judged],
    block: dict[str, Any],
    context: Context,
    write: Callable[[str, str], None],
) -> Iterator[str]:
    """Write the report (one file, or past the threshold a folder of pages); yield a
    note for the terminal saying where a folder went."""
    if not target:
        return
    # jinja2 takes 0.12 s to import: only a run that writes HTML pays for it.
    from . import report

    if not report.is_paged(len(judged)):
        write(target, report.render_html(judged, block, context))
        return
    folder = paged_folder(target)
    for relative, text in report.render_pages(judged, block, context).items():
        path = os.path.join(folder, relative)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
        except OSError as error:
            raise AuditError(f"cannot create {os.path.dirname(path)}: {error.strerror}") from None
        write(path, text)
    yield (
        f"note: {len(judged)} playbooks (over {report.PAGED_OVER}): the report is the folder "
        f"{visible(folder)}; open {visible(os.path.join(folder, 'index.html'))}"
    )


def paged_folder(target: str) -> str:
    """Where a paged report goes: the ``--html`` path without ``.html`` (audit.html ->
    audit/), or the path itself when it is a folder already."""
    if os.path.isdir(target) or target.endswith(("/", os.sep)):
        return target
    stem, extension = os.path.splitext(target)
    return stem if extension.lower() in (".html", ".htm") and stem else target + ".d"


def _outcome(
    judged: Sequence[Judged], context: Context, fail_level: str, stdout: str, notes: list[str]
) -> Outcome:
    """Exit 2 when an input could not be read or analysed, or nothing was judged (after
    the reports were written); else as ``check``."""
    problems = [f"{visible(j.path)}: not read: {visible(j.reason)}" for j in judged if j.unreadable]
    problems += [
        f"{visible(j.path)}: could not be analysed"
        for j in judged
        if not j.unreadable and any(f.code == INTERNAL_ERROR for f in j.findings)
    ]
    if not any(not j.unreadable for j in judged):
        problems.append(
            f"no playbook was judged ({len(context.excluded)} excluded by the submitter, "
            f"{len(problems)} could not be read, {len(context.skipped)} other files skipped)"
        )
    if problems:
        return Outcome(EXIT_ERROR, stdout, (*notes, *problems))
    status = EXIT_FINDINGS if failing(judged, fail_level) else EXIT_OK
    return Outcome(status, stdout, tuple(notes))


# An evidence file records every input's digest and verdict: about 2 kB a playbook, so
# this bound holds a 100,000-playbook audit and still refuses a planted giant.
EVIDENCE_LIMIT = 256 << 20


def verify(path: str, jobs: int) -> Outcome:
    """``audit --verify FILE``: every input and ruleset unchanged, every verdict the same."""
    try:  # as its inputs are read: a FIFO or a device named as the evidence never blocks
        data = read_regular(path, EVIDENCE_LIMIT + 1)
        if len(data) > EVIDENCE_LIMIT:
            raise AuditError(f"{path}: larger than {EVIDENCE_LIMIT >> 20} MiB")
        recorded = ev.read_recorded(data.decode("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise AuditError(
            f"cannot read {path}: {getattr(error, 'strerror', None) or error}"
        ) from None
    except ev.EvidenceError as error:
        raise AuditError(f"{path}: {error}") from None
    current: dict[str, bytes | None] = {}
    for input_path, _, _ in recorded.inputs:
        try:  # never blocks: a FIFO named in a hostile evidence file is "unreadable"
            current[input_path] = read_regular(input_path, READ_LIMIT)
        except OSError:
            current[input_path] = None
    problems = ev.compare_inputs(recorded, current)
    problems += ev.compare_rulesets(recorded)
    options = recorded.options
    try:
        matrix = matrix_of(AuditRequest(rulesets=options.rulesets))
    except AuditError as error:
        problems.append(str(error))
        matrix = ()
    readable = [(p, d) for p, d in current.items() if d is not None]
    if not any("cannot be loaded" in p for p in problems) and matrix == options.rulesets:
        settings = submitter_settings([p for p, _ in readable], options.trust_submitter)
        trust, year = options.trust_submitter, options.year
        work = [Job(p, d, matrix, trust, settings[p], False, year) for p, d in readable]
        judged = judge_all(work, jobs, lambda: None)
        missing = {p for p, d in current.items() if d is None}
        problems += ev.compare_verdicts(recorded, judged, skip=missing | recorded.unreadable)
    if problems:
        messages = tuple(f"verify: {visible(line)}" for line in problems)
        shown = visible(path)
        return Outcome(
            EXIT_FINDINGS, f"{shown}: NOT verified ({len(problems)} differences)\n", messages
        )
    note = ""
    if recorded.version != __version__:
        note = f" (recorded with playbook-lint {visible(recorded.version)})"
    return Outcome(
        EXIT_OK,
        f"{visible(path)}: verified: {len(recorded.inputs)} inputs, "
        f"{len(recorded.rulesets)} rulesets and {len(recorded.verdicts)} verdicts unchanged"
        f"{note}\n",
    )
