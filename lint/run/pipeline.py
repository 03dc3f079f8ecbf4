"""Lint many files in constant memory: read, look up the cache, lint, hand back, forget.

``lint_files`` yields one ``FileReport`` per input, in input order, as soon as it is
ready: a file is read when its turn comes (by the worker that lints it), its text is
kept only when a report needs it for code frames and it has findings, and nothing of it
stays once the caller has rendered it. The result cache (``cache``) is consulted before
linting and written after, in the process that did the work; ``parallel`` decides
whether worker processes are worth starting.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..analysis.year import default_year
from ..diagnostics import Finding
from ..files import read_regular
from ..model import Playbook
from ..rules.rulesets import RulesetError
from .cache import CachedResult, ResultCache, entry_key, open_cache, ruleset_digest
from .discovery import decode
from .engine import LintResult, lint_bytes
from .guard import PB000, Limits, guarded
from .parallel import ordered_map, workers_for

# One byte over the decode limit, so decode() can tell a file is too large without
# reading a huge one whole.
READ_LIMIT = 4 * 1024 * 1024 + 1

# The per-file bound when the caller gives none (generous: see guard.py).
DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class FileReport:
    """One linted file: its text when a report needs it for code frames (else None),
    and what was found."""

    path: str
    source: str | None
    findings: tuple[Finding, ...]
    # What suppression comments silenced (kept for SARIF's audit trail).
    suppressed: tuple[Finding, ...] = ()
    # The check codes of the ruleset rules that applied to it.
    applied: frozenset[str] = frozenset()
    # The parsed playbook, only when the run was asked for it (``keep_model``).
    playbook: Playbook | None = None


@dataclass(frozen=True)
class ReadFailure:
    """A file that could not be read at all (the run's exit status is 2)."""

    path: str
    message: str


@dataclass(frozen=True)
class Job:
    """One file to lint. ``data`` is given for stdin; a file is read by whoever lints it."""

    path: str
    data: bytes | None
    rulesets: tuple[str, ...]
    year: int | None  # the analysed year (None: the current one)
    suppressions: bool
    keep_source: bool
    cache_folder: Path | None  # a folder open_cache checked; None: no cache
    settings_key: tuple[str, ...]  # what of the settings reaches the engine, digested
    # The per-file bound: past it, the file is one PB000 (None: the caller bounds it).
    limits: Limits | None = DEFAULT_LIMITS
    own_jurisdiction: bool = True  # False: ``rulesets`` only (``CheckRequest``)
    keep_model: bool = False  # its report carries the playbook and its text (no cache)


def make_jobs(
    inputs: Sequence[tuple[str, bytes | None, Sequence[str], int | None]],
    *,
    suppressions: bool,
    keep_source: bool,
    cache_root: Path | None,
    limits: Limits | None = DEFAULT_LIMITS,
    context: Mapping[str, tuple[str, ...]] | None = None,
    own_jurisdiction: bool = True,
    keep_model: bool = False,
) -> list[Job]:
    """The jobs for ``inputs`` (path, bytes or None to read, rulesets, year). With
    ``cache_root`` the project's result cache is used (never with ``keep_model``: it
    keeps findings only); ``context`` adds, by path, the rest of what a result depends
    on to its key (``cache.settings_context``). ``limits`` None: the caller bounds each
    file; ``own_jurisdiction`` and ``keep_model`` as in ``CheckRequest``."""
    cache = open_cache(cache_root) if cache_root is not None and not keep_model else None
    folder = cache.folder if cache is not None else None
    digests: dict[tuple[str, ...], str] = {}
    jobs = []
    for path, data, rulesets, year in inputs:
        names = tuple(rulesets)
        if folder is not None and names not in digests:
            digests[names] = ruleset_digest(names)
        # The year a run analyses by default is today's: key on the year actually used.
        analysed = year if year is not None else default_year()
        key = (
            *names,
            digests.get(names, ""),
            f"suppressions={suppressions}",
            f"year={analysed}",
            *(context or {}).get(path, ()),
            # The same rulesets judge differently without the playbook's own (an audit).
            *(() if own_jurisdiction else ("own_jurisdiction=False",)),
        )
        jobs.append(
            Job(
                path,
                data,
                names,
                year,
                suppressions,
                keep_source,
                folder,
                key,
                limits,
                own_jurisdiction,
                keep_model,
            )
        )
    return jobs


def lint_files(jobs: Sequence[Job], workers: int) -> Iterator[FileReport | ReadFailure | str]:
    """Each job's outcome in order: a report, a file that could not be read, or the
    message of a ruleset that could not be loaded (the run stops with it).
    ``workers``: processes allowed (``parallel.workers_for`` decides how many are used)."""
    yield from ordered_map(run_job, jobs, workers_for(len(jobs), workers))


def run_job(job: Job) -> FileReport | ReadFailure | str:
    """Read, look up, lint and store one file (in a worker process or here)."""
    data = job.data
    if data is None:
        try:
            data = read_regular(job.path, READ_LIMIT)  # a FIFO or a device is never read
        except OSError as error:
            return ReadFailure(job.path, f"cannot read {job.path}: {error.strerror}")
    cache = ResultCache(job.cache_folder) if job.cache_folder is not None else None
    key = entry_key(job.path, data, job.settings_key) if cache is not None else ""
    found = cache.get(key) if cache is not None else None
    if found is None:
        # An internal error or passing the per-file bound is this file's PB000, and the
        # batch goes on (checks.md v2 item 6); without a bound, the caller's guard's.
        outcome = guarded(job.path, job.limits, partial(_lint, job, data))
        if isinstance(outcome, str):
            return outcome
        if isinstance(outcome, LintResult) and job.keep_model:
            return FileReport(
                job.path,
                outcome.source,
                outcome.findings,
                outcome.suppressed,
                outcome.applied,
                outcome.playbook,
            )
        found = (
            CachedResult((outcome,))
            if isinstance(outcome, Finding)
            else CachedResult(outcome.findings, outcome.suppressed, outcome.applied)
        )
        # A PB000 depends on this machine's load and limits, not on the file: never cached.
        if cache is not None and not any(f.code == PB000 for f in found.findings):
            cache.put(key, found)
    source = None
    if job.keep_source and (found.findings or found.suppressed):
        decoded = decode(data)
        source = decoded if isinstance(decoded, str) else None
    return FileReport(job.path, source, found.findings, found.suppressed, found.applied)


def _lint(job: Job, data: bytes) -> LintResult | str:
    """Lint the job's bytes; a ruleset that cannot be loaded is its message (custom
    exceptions do not always survive pickling)."""
    try:
        return lint_bytes(
            data,
            job.path,
            job.rulesets,
            suppressions=job.suppressions,
            year=job.year,
            own_jurisdiction=job.own_jurisdiction,
        )
    except RulesetError as error:
        return str(error)
