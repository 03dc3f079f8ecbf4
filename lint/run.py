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
from .checks import ALL_CHECKS
from .config import Settings, SettingsResolver
from .diagnostics import Finding
from .discovery import Unreadable, decode, discover
from .engine import lint_text, unreadable_finding
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


@dataclass(frozen=True)
class RunResult:
    """Every linted file, and the findings the settings of each finding's file select."""

    reports: tuple[FileReport, ...]
    findings: tuple[Finding, ...]
    silenced: tuple[Finding, ...]


def lint_one(
    path: str, data: bytes, rulesets: Sequence[str], suppressions: bool = True
) -> FileReport:
    """Decode and lint one file's bytes; undecodable text is a finding, not an error."""
    text = decode(data)
    if isinstance(text, Unreadable):
        return FileReport(path, None, (unreadable_finding(path, text),))
    result = lint_text(text, path, rulesets, suppressions=suppressions)
    return FileReport(path, text, result.findings, result.suppressed)


def _lint_job(job: tuple[str, bytes, tuple[str, ...], bool]) -> FileReport | str:
    """``lint_one`` for a worker process: a ruleset error comes back as its message
    (custom exceptions do not always survive pickling)."""
    try:
        return lint_one(*job)
    except RulesetError as error:
        return str(error)


def lint_all(
    inputs: Sequence[tuple[str, bytes, Sequence[str]]], suppressions: bool, jobs: int
) -> list[FileReport | str]:
    """Lint every input (path, bytes, its rulesets), in ``jobs`` processes; results come
    back in input order, so the output is the same as a serial run's."""
    work = [(path, data, tuple(rulesets), suppressions) for path, data, rulesets in inputs]
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
) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The bytes of every input, and the errors of those that could not be read (the rest
    are still linted; the exit status is 2). Raises ``PathNotFound`` for a missing path."""
    inputs: list[tuple[str, bytes]] = []
    errors: list[str] = []
    for path in discover(p for p in paths if p != "-"):
        try:
            with open(path, "rb") as handle:
                inputs.append((path, handle.read(READ_LIMIT)))
        except OSError as error:
            errors.append(f"cannot read {path}: {error.strerror}")
    if "-" in paths:
        inputs.append((stdin_filename or "-", sys.stdin.buffer.read(READ_LIMIT)))
    return inputs, errors


def settings_of(
    resolver: SettingsResolver, inputs: Sequence[tuple[str, bytes]]
) -> dict[str, Settings]:
    """Each input's settings, from the config closest to it (stdin without a name: the
    current directory's). Raises ``ConfigError``."""
    return {
        path: resolver.for_file(path) if path != "-" else resolver.for_run() for path, _ in inputs
    }


def not_excluded(
    inputs: Sequence[tuple[str, bytes]], settings: Mapping[str, Settings], named: Sequence[str]
) -> tuple[list[tuple[str, bytes]], list[str]]:
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
    # The bundled rulesets that do not apply are loaded only to judge a selector that
    # names nothing in the checks or in the rulesets loaded: most runs never need them.
    known = _vocabulary(loaded, bundled=False)
    for setting in settings:
        for selector in _selectors_of(setting):
            if unknown_selector(selector, known) is None:
                continue
            try:
                problem = unknown_selector(selector, _vocabulary(loaded))
            except RulesetError as error:  # a bundled ruleset (or its phrase lists) is broken
                raise RunError(str(error)) from None
            if problem:
                origin = f" (in {setting.sources[0]})" if setting.sources else ""
                raise RunError(problem + origin)


def _selectors_of(settings: Settings) -> Iterator[str]:
    yield from settings.select or ()
    yield from settings.ignore
    yield from settings.extend_select
    for entry in settings.per_file_ignores:
        yield from entry.selectors


def _vocabulary(loaded: Sequence[Ruleset], bundled: bool = True) -> Vocabulary:
    every = all_bundled_rules() if bundled else ()
    rules = [*every, *(rule for ruleset in loaded for rule in ruleset.rules)]
    return Vocabulary(
        codes=frozenset(check.code for check in ALL_CHECKS),
        names=frozenset(check.name for check in ALL_CHECKS),
        rule_ids=frozenset(rule.id for rule in rules),
        ruleset_ids=frozenset([*bundled_ruleset_ids(), *(r.id for r in loaded)]),
    )


def lint_run(
    inputs: Sequence[tuple[str, bytes]],
    settings: Mapping[str, Settings],
    *,
    suppressions: bool,
    jobs: int,
) -> RunResult:
    """Lint every input with its own settings' rulesets; keep what each file's
    select/ignore lets through. A ruleset that cannot be loaded is a ``RunError``."""
    work = [(path, data, settings[path].rulesets) for path, data in inputs]
    results = lint_all(work, suppressions, jobs)
    failures = [r for r in results if isinstance(r, str)]
    if failures:
        raise RunError(failures[0])
    reports = tuple(r for r in results if isinstance(r, FileReport))
    return RunResult(
        reports,
        tuple(_selected(settings, (f for r in reports for f in r.findings))),
        tuple(_selected(settings, (f for r in reports for f in r.suppressed))),
    )


def _selected(settings: Mapping[str, Settings], findings: Iterable[Finding]) -> list[Finding]:
    """The findings select/ignore/extend-select and per-file-ignores of each finding's own
    file let through."""
    kept = []
    for f in findings:
        setting = settings[f.path]
        ignored = (*setting.ignore, *setting.ignored_in(f.path))
        if is_selected(f, setting.select, ignored, setting.extend_select):
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
