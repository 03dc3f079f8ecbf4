"""One lint run: the inputs and their settings in, findings and an exit status out.

This is what ``playbook-lint check`` does between reading its options and printing its
reports, kept apart from click so that it can be called (and tested) without argv. It
reads the files it is given and nothing else; it prints nothing and never exits: a
problem that stops the run is a ``RunError`` (the CLI prints it and exits 2).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from .baseline import BaselineEntry, BaselineError, apply_baseline
from .checks import ALL_CHECKS, check_for, is_always_on
from .config import Settings, SettingsResolver
from .diagnostics import Finding
from .discovery import Unreadable, decode, discover, read_regular
from .engine import lint_text, unreadable_finding
from .guard import PB000, Limits, guarded
from .resources import bundled_ruleset_ids
from .rulesets import Ruleset, RulesetError, all_bundled_rules, load_ruleset
from .selection import Vocabulary, fails, is_selected, unknown_selector

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

# One byte over the decode limit, so decode() can tell a file is too large without
# reading a huge one whole.
READ_LIMIT = 4 * 1024 * 1024 + 1


class RunError(Exception):
    """The run cannot do its job (a bad ruleset, an unknown selector, a bad baseline):
    exit status 2 with this message."""


@dataclass(frozen=True)
class FileReport:
    """One linted file: what was read (for code frames) and what was found."""

    path: str
    source: str | None
    findings: tuple[Finding, ...]
    # What suppression comments silenced (kept for SARIF's audit trail).
    suppressed: tuple[Finding, ...] = ()
    # Why the file could not be read when its turn came (then it was not linted).
    read_error: str | None = None
    # The check codes of the ruleset rules that applied to it.
    applied: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RunResult:
    """Every linted file, and the findings the settings of each finding's file select."""

    reports: tuple[FileReport, ...]
    findings: tuple[Finding, ...]
    silenced: tuple[Finding, ...]
    # Files that could not be read when their turn came (exit 2).
    read_errors: tuple[str, ...] = ()

    @property
    def not_analysed(self) -> bool:
        """Did some file end as PB000 (an internal error, the per-file bound)? Exit 2."""
        return any(f.code == PB000 for r in self.reports for f in r.findings)


def lint_one(
    path: str,
    data: bytes | None,
    rulesets: Sequence[str],
    suppressions: bool = True,
    year: int | None = None,
) -> FileReport:
    """Decode and lint one file's bytes (None: read the file now, so that a run over
    many large files holds one at a time, not all of them); undecodable text is a
    finding, not an error. ``year`` is the analysed year (None: the current one). The
    text is kept for code frames only when something was found in it."""
    if data is None:
        try:
            data = read_regular(path, READ_LIMIT)
        except OSError as error:
            return FileReport(path, None, (), read_error=f"cannot read {path}: {error.strerror}")
    text = decode(data)
    if isinstance(text, Unreadable):
        return FileReport(path, None, (unreadable_finding(path, text),))
    result = lint_text(text, path, rulesets, suppressions=suppressions, year=year)
    kept = text if result.findings or result.suppressed else None
    return FileReport(path, kept, result.findings, result.suppressed, applied=result.applied)


_Job = tuple[str, bytes | None, tuple[str, ...], bool, int | None, Limits]
_Input = tuple[str, bytes | None, Sequence[str], int | None]


def _lint_job(job: _Job) -> FileReport | str:
    """``lint_one`` for a worker process: a ruleset error comes back as its message
    (custom exceptions do not always survive pickling); any other failure, or passing
    the per-file bound, is that file's PB000 and the batch goes on."""
    path, data, rulesets, suppressions, year, limits = job

    def work() -> FileReport | str:
        try:
            return lint_one(path, data, rulesets, suppressions, year)
        except RulesetError as error:
            return str(error)

    result = guarded(path, limits, work)
    return FileReport(path, None, (result,)) if isinstance(result, Finding) else result


# The default per-file bound, when the caller gives none.
DEFAULT_LIMITS = Limits()


def lint_all(
    inputs: Sequence[tuple[str, bytes | None, Sequence[str]]] | Sequence[_Input],
    suppressions: bool,
    jobs: int,
    limits: Limits = DEFAULT_LIMITS,
) -> list[FileReport | str]:
    """Lint every input (path, bytes or None to read it then, its rulesets[, its year]),
    in ``jobs`` processes; results come back in input order, so the output is the same
    as a serial run's."""
    work: list[_Job] = [
        (
            item[0],
            item[1],
            tuple(item[2]),
            suppressions,
            item[3] if len(item) > 3 else None,
            limits,
        )
        for item in inputs
    ]
    if jobs <= 1 or len(work) < 4:
        return [_lint_job(job) for job in work]
    # One file first, here: the parser and the rulesets are built once and then
    # inherited by the forked workers instead of being rebuilt in each.
    first = _lint_job(work[0])
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(work) - 1)) as pool:
            return [first, *pool.map(_lint_job, work[1:], chunksize=2)]
    except (OSError, BrokenProcessPool):
        # No process support here (no /dev/shm, a sandbox): the same work, serially.
        return [first, *(_lint_job(job) for job in work[1:])]


def read_inputs(
    paths: Sequence[str], stdin_filename: str | None
) -> tuple[list[tuple[str, bytes | None]], list[str]]:
    """Every input (files with None: each is read when it is linted; stdin's bytes), and
    the errors of what the scan could not read (the rest are still linted; exit 2).
    Raises ``PathNotFound`` for a missing path."""
    errors: list[str] = []
    inputs: list[tuple[str, bytes | None]] = [
        (path, None) for path in discover((p for p in paths if p != "-"), errors)
    ]
    if "-" in paths:
        inputs.append((stdin_filename or "-", sys.stdin.buffer.read(READ_LIMIT)))
    return inputs, errors


def settings_of(
    resolver: SettingsResolver, inputs: Sequence[tuple[str, bytes | None]]
) -> dict[str, Settings]:
    """Each input's settings, from the config closest to it (stdin without a name: the
    current directory's). Raises ``ConfigError``."""
    return {
        path: resolver.for_file(path) if path != "-" else resolver.for_run() for path, _ in inputs
    }


def not_excluded(
    inputs: Sequence[tuple[str, bytes | None]],
    settings: Mapping[str, Settings],
    named: Sequence[str],
) -> tuple[list[tuple[str, bytes | None]], list[str]]:
    """The inputs a config's ``exclude`` does not match, and a note for each file named
    on the command line that it does, so that 'All checks passed' never hides that it
    was not linted."""
    kept = []
    notes = []
    for path, data in inputs:
        setting = settings[path]
        if not setting.is_excluded(path):
            kept.append((path, data))
        elif path in named:
            origin = f" by {setting.sources[0]}" if setting.sources else ""
            notes.append(f"{path} is excluded{origin}; not linted")
    return kept, notes


def load_rulesets(settings: Iterable[Settings]) -> None:
    """Load every ruleset some file uses once, up front, and check every selector against
    the checks and rules that exist: a bad ruleset or a typo in `--select` is a
    ``RunError``."""
    settings = list(settings)
    loaded = []
    for ruleset in dict.fromkeys(r for s in settings for r in s.rulesets):
        try:
            loaded.append(load_ruleset(ruleset))
        except RulesetError as error:
            raise RunError(str(error)) from None
    try:
        vocabulary = _vocabulary(loaded)
    except RulesetError as error:  # a bundled ruleset (or its phrase lists) is broken
        raise RunError(str(error)) from None
    for setting in settings:
        for selector in _selectors_of(setting):
            problem = unknown_selector(selector, vocabulary)
            if problem:
                origin = f" (in {setting.sources[0]})" if setting.sources else ""
                raise RunError(problem + origin)


def _selectors_of(settings: Settings) -> Iterator[str]:
    yield from settings.select or ()
    yield from settings.ignore
    yield from settings.extend_select
    for entry in settings.per_file_ignores:
        yield from entry.selectors


def _vocabulary(loaded: Sequence[Ruleset]) -> Vocabulary:
    rules = [*all_bundled_rules(), *(rule for ruleset in loaded for rule in ruleset.rules)]
    return Vocabulary(
        codes=frozenset(check.code for check in ALL_CHECKS),
        names=frozenset(check.name for check in ALL_CHECKS),
        rule_ids=frozenset(rule.id for rule in rules),
        ruleset_ids=frozenset([*bundled_ruleset_ids(), *(r.id for r in loaded)]),
    )


def lint_run(
    inputs: Sequence[tuple[str, bytes | None]],
    settings: Mapping[str, Settings],
    *,
    suppressions: bool,
    jobs: int,
    limits: Limits = DEFAULT_LIMITS,
) -> RunResult:
    """Lint every input with its own settings' rulesets; keep what each file's
    select/ignore lets through. A ruleset that cannot be loaded is a ``RunError``."""
    work = [(path, data, settings[path].rulesets, settings[path].year) for path, data in inputs]
    results = lint_all(work, suppressions, jobs, limits)
    failures = [r for r in results if isinstance(r, str)]
    if failures:
        raise RunError(failures[0])
    linted = [r for r in results if isinstance(r, FileReport)]
    reports = tuple(r for r in linted if r.read_error is None)
    return RunResult(
        reports,
        tuple(_selected(settings, (f for r in reports for f in r.findings))),
        tuple(_selected(settings, (f for r in reports for f in r.suppressed))),
        tuple(r.read_error for r in linted if r.read_error),
    )


def _selected(settings: Mapping[str, Settings], findings: Iterable[Finding]) -> list[Finding]:
    """The findings select/ignore/extend-select and per-file-ignores of each finding's own
    file let through."""
    kept = []
    for f in findings:
        setting = settings[f.path]
        ignored = (*setting.ignore, *setting.ignored_in(f.path))
        # PB000 (the file could not be analysed) is never filtered out.
        if f.code == PB000 or is_selected(f, setting.select, ignored, setting.extend_select):
            kept.append(f)
    return sorted(kept)


def baselined(
    path: str, text: str, findings: Sequence[Finding], silenced: Sequence[Finding]
) -> tuple[list[Finding], list[Finding], tuple[BaselineEntry, ...]]:
    """Move what the baseline at ``path`` (its ``text``) accepts from the findings to the
    silenced; also return its stale entries. A malformed baseline is a ``RunError``."""
    try:
        applied = apply_baseline(findings, text, directory_of(path))
    except BaselineError as error:
        raise RunError(f"{path}: {error}") from None
    return list(applied.kept), sorted([*silenced, *applied.baselined]), tuple(applied.stale)


def directory_of(path: str) -> str:
    """The folder a baseline's paths are relative to."""
    return os.path.dirname(os.path.abspath(path))


def exit_status(
    findings: Sequence[Finding],
    settings: Mapping[str, Settings],
    run: Settings,
    exit_zero: bool = False,
) -> int:
    """1 when some finding reaches the fail level of its own file's settings (the run's
    for a file without any), else 0; the CLI returns 2 itself when the tool failed."""
    if exit_zero:
        return EXIT_OK
    failing = any(fails([f], settings.get(f.path, run).fail_level) for f in findings)
    return EXIT_FINDINGS if failing else EXIT_OK


def select_notes(settings: Iterable[Settings], reports: Sequence[FileReport]) -> list[str]:
    """Notes for ``--select``/``--extend-select`` of a ruleset check (``PB504``) that no
    ruleset applied to any file has: the run reports nothing for it, silently otherwise."""
    applied = {code for report in reports for code in report.applied}
    asked = dict.fromkeys(
        sel.strip()
        for setting in settings
        for sel in (*(setting.select or ()), *setting.extend_select)
    )
    notes = []
    for selector in asked:
        check = check_for(selector)
        if check is None or is_always_on(check) or check.code in applied or not reports:
            continue
        carriers = sorted(r.id for r in all_bundled_rules() if r.check.code == check.code)
        how = (
            f"add a ruleset that has it (--ruleset {carriers[0].split('/')[0]}: "
            f"{', '.join(carriers)})"
            if carriers
            else f"write a ruleset rule with `check: {check.code}` and pass the file with "
            f"--ruleset (see `playbook-lint explain {check.code}`)"
        )
        notes.append(
            f"--select {selector}: no ruleset applied to these files has a {check.code} "
            f"({check.name}) rule, so nothing can report it; {how}"
        )
    return notes
