"""One lint run: the inputs and their settings in, findings and an exit status out.

This is what ``playbook-lint check`` does between reading its options and printing its
reports, kept apart from click so that it can be called (and tested) without argv. It
reads the files it is given and nothing else; it prints nothing and never exits: a
problem that stops the run is a ``RunError`` (the CLI prints it and exits 2).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..analysis.year import default_year
from ..diagnostics import Finding
from ..files import read_regular, read_stdin
from ..resources import bundled_ruleset_ids
from ..rules.catalogue import BY_CODE, BY_NAME, spec_for
from ..rules.rulesets import Ruleset, RulesetError, all_bundled_rules, load_ruleset
from .baseline import MAX_BASELINE_BYTES, BaselineEntry, BaselineError, apply_baseline
from .cache import settings_context
from .config import Settings, SettingsResolver
from .discovery import PathNotFound, Unreadable, decode, discover
from .engine import lint_bytes
from .guard import PB000, Limits
from .pipeline import DEFAULT_LIMITS as DEFAULT_LIMITS
from .pipeline import READ_LIMIT as READ_LIMIT
from .pipeline import FileReport as FileReport
from .pipeline import ReadFailure as ReadFailure
from .pipeline import lint_files, make_jobs
from .request import CheckRequest
from .selection import Vocabulary, fails, is_selected, unknown_selector

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


class RunError(Exception):
    """The run cannot do its job (a bad ruleset, an unknown selector, a bad baseline):
    exit status 2 with this message."""


@dataclass(frozen=True)
class RunResult:
    """Every linted file, and the findings the settings of each finding's file select."""

    reports: tuple[FileReport, ...]
    findings: tuple[Finding, ...]
    silenced: tuple[Finding, ...]
    # Why each file that could not be read was not (the run's exit status is 2).
    unread: tuple[str, ...] = ()

    @property
    def not_analysed(self) -> bool:
        """Did some file end as PB000 (an internal error, the per-file bound)? Exit 2."""
        return any(f.code == PB000 for r in self.reports for f in r.findings)


def lint_one(
    path: str,
    data: bytes,
    rulesets: Sequence[str],
    suppressions: bool = True,
    year: int | None = None,
) -> FileReport:
    """Decode and lint one file's bytes; undecodable text is a finding, not an error.
    ``year`` is the analysed year (None: the current one). The text is kept for code
    frames only when something was found in it."""
    result = lint_bytes(data, path, rulesets, suppressions=suppressions, year=year)
    kept = result.source if result.findings or result.suppressed else None
    return FileReport(path, kept, result.findings, result.suppressed, result.applied)


def read_inputs(
    paths: Sequence[str], stdin_filename: str | None
) -> tuple[list[tuple[str, bytes | None]], list[str]]:
    """Every input: each file found (None: it is read when its turn comes, by whoever lints
    it, so a run never holds every file at once) and stdin's bytes; and the errors of what
    the scan could not read (the rest are still linted; exit 2). Files that cannot be read
    when their turn comes come back from the run (``RunResult.unread``). Raises
    ``PathNotFound`` for a missing path."""
    errors: list[str] = []
    inputs: list[tuple[str, bytes | None]] = [
        (path, None) for path in discover((p for p in paths if p != "-"), errors)
    ]
    if "-" in paths:
        inputs.append((stdin_filename or "-", read_stdin(READ_LIMIT)))  # OSError: closed
    return inputs, errors


def resolver_for(request: CheckRequest) -> SettingsResolver:
    """Each file's settings for ``request``: its config (or the one the request names,
    or none), the request's options on top. Raises ``ConfigError``."""
    return SettingsResolver(
        config=request.config, isolated=request.isolated, overlay=request.overlay
    )


def request_inputs(request: CheckRequest) -> tuple[list[tuple[str, bytes | None]], list[str]]:
    """The request's inputs: the documents it gives as bytes, else ``read_named`` of its
    paths."""
    if request.given:
        return list(request.given), []
    return read_named(request.paths, request.stdin_filename)


def read_named(
    paths: Sequence[str], stdin_filename: str | None
) -> tuple[list[tuple[str, bytes | None]], list[str]]:
    """``read_inputs``; a missing path or a closed stdin is a ``RunError``."""
    try:
        return read_inputs(paths, stdin_filename)
    except PathNotFound as missing:
        raise RunError(f"no such file or directory: {missing}") from None
    except OSError as error:  # standard input closed or unreadable
        raise RunError(error.strerror or str(error)) from None


def read_one(path: str, stdin_filename: str | None) -> tuple[str, str]:
    """One file's name and text ('-': stdin, named ``stdin_filename``), for the commands
    that work on one playbook; unreadable or undecodable is a ``RunError``."""
    if path == "-":
        try:
            data, path = read_stdin(READ_LIMIT), stdin_filename or "-"
        except OSError as error:
            raise RunError(error.strerror or str(error)) from None
    else:
        try:
            data = read_regular(path, READ_LIMIT)  # never blocks on a FIFO
        except OSError as error:
            raise RunError(f"cannot read {path}: {error.strerror}") from None
    text = decode(data)
    if isinstance(text, Unreadable):
        raise RunError(f"{path}: {text.message}")
    return path, text


def bytes_of(path: str, data: bytes | None) -> bytes | None:
    """The bytes of an input (files are read when needed), or None if it cannot be read
    (the lint that follows reports why)."""
    if data is not None:
        return data
    try:
        return read_regular(path, READ_LIMIT)
    except OSError:
        return None


class Stages:
    """What a front end does between the run's steps (each may raise to stop the run, so
    which problem is reported first stays the run's order): ``resolved`` once the config
    is found (``check`` reads its run-wide settings and formats there, and returns the
    settings whose rulesets and selectors are checked too), ``found`` once the inputs
    are (``check`` checks where its reports go), ``note`` for what the run says on the
    way (a named file a config excludes). The language server keeps these quiet."""

    def resolved(self, resolver: SettingsResolver) -> Sequence[Settings]:
        return ()

    def found(self, paths: Sequence[str]) -> None:
        pass

    def note(self, text: str) -> None:
        pass


@dataclass(frozen=True)
class Planned:
    """A run ready to lint: each input with its settings, its rulesets loaded and its
    selectors checked."""

    request: CheckRequest
    inputs: tuple[tuple[str, bytes | None], ...]
    settings: Mapping[str, Settings]
    read_errors: tuple[str, ...]  # what the scan could not read (exit 2)

    def outcomes(
        self,
        *,
        ordered: bool,
        jobs: int,
        cache_root: Path | None = None,
        keep_source: bool = True,
    ) -> Iterator[FileReport | ReadFailure]:
        """Each file's report as it is linted (``stream_run``)."""
        return stream_run(
            self.inputs,
            self.settings,
            suppressions=self.request.suppressions,
            jobs=jobs,
            cache_root=cache_root,
            keep_source=keep_source,
            ordered=ordered,
            limits=self.request.limits,
            own_jurisdiction=self.request.own_jurisdiction,
            keep_model=self.request.keep_model,
        )


def plan_request(request: CheckRequest, stages: Stages | None = None) -> Planned:
    """The one run of a ``CheckRequest`` up to linting, for ``check`` and the language
    server alike: the config, the inputs, each input's settings, what a config excludes,
    the rulesets loaded and every selector checked. Raises ``ConfigError`` and
    ``RunError`` (and what ``stages`` raise), the first problem first."""
    stages = stages or Stages()
    resolver = resolver_for(request)
    whole = stages.resolved(resolver)
    inputs, read_errors = request_inputs(request)
    stages.found([p for p, _ in inputs])
    settings = settings_of(resolver, inputs)
    inputs, notes = not_excluded(inputs, settings, named=request.paths)
    for note in notes:
        stages.note(note)
    load_rulesets([*whole, *(settings[p] for p, _ in inputs)])
    return Planned(request, tuple(inputs), settings, tuple(read_errors))


def lint_request(request: CheckRequest) -> RunResult:
    """The findings ``check`` selects for the request's inputs, every file with the config
    closest to it, its rulesets loaded and selectors checked as ``check`` does; files a
    config excludes are not linted. What the language server runs for a document, and
    ``audit`` for each cell of its matrix. Raises ``ConfigError`` and ``RunError``
    (``check`` would exit 2)."""
    planned = plan_request(request)
    return collect_run(planned.outcomes(ordered=False, jobs=request.jobs or 1), planned.settings)


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
        codes=frozenset(BY_CODE),
        names=frozenset(BY_NAME),
        rule_ids=frozenset(rule.id for rule in rules),
        ruleset_ids=frozenset([*bundled_ruleset_ids(), *(r.id for r in loaded)]),
    )


def collect_run(
    outcomes: Iterable[FileReport | ReadFailure], settings: Mapping[str, Settings]
) -> RunResult:
    """Every report of a run (``stream_run``; ``ordered=False`` when the reports are
    sorted later anyway), and the findings each file's settings select."""
    reports: list[FileReport] = []
    unread: list[str] = []
    for outcome in outcomes:
        if isinstance(outcome, ReadFailure):
            unread.append(outcome.message)
        else:
            reports.append(outcome)
    return RunResult(
        tuple(reports),
        tuple(_selected(settings, (f for r in reports for f in r.findings))),
        tuple(_selected(settings, (f for r in reports for f in r.suppressed))),
        tuple(unread),
    )


def stream_run(
    inputs: Sequence[tuple[str, bytes | None]],
    settings: Mapping[str, Settings],
    *,
    suppressions: bool,
    jobs: int,
    cache_root: Path | None = None,
    keep_source: bool = True,
    ordered: bool = True,
    limits: Limits | None = DEFAULT_LIMITS,
    own_jurisdiction: bool = True,
    keep_model: bool = False,
) -> Iterator[FileReport | ReadFailure]:
    """Each file's report (or why it could not be read) as soon as it is linted, files
    in path order when ``ordered`` (so per-file findings concatenate into the sorted
    order every report uses), else in input order. Nothing of a file is kept here once
    it is yielded. A ruleset that cannot be loaded is a ``RunError``. ``limits``,
    ``own_jurisdiction`` and ``keep_model`` as in ``CheckRequest``."""
    work = sorted(inputs, key=lambda item: item[0]) if ordered else list(inputs)
    jobs_list = make_jobs(
        [(path, data, settings[path].rulesets, settings[path].year) for path, data in work],
        suppressions=suppressions,
        keep_source=keep_source,
        cache_root=cache_root,
        limits=limits,
        context=_cache_context(settings, work) if cache_root is not None else None,
        own_jurisdiction=own_jurisdiction,
        keep_model=keep_model,
    )
    del work
    for outcome in lint_files(jobs_list, jobs):
        if isinstance(outcome, str):
            raise RunError(outcome)
        yield outcome


def _cache_context(
    settings: Mapping[str, Settings], inputs: Sequence[tuple[str, bytes | None]]
) -> dict[str, tuple[str, ...]]:
    """What else each file's cached result depends on: its config files' content and its
    selection (each distinct settings worked out once)."""
    worked: dict[int, tuple[str, ...]] = {}
    out = {}
    for path, _ in inputs:
        setting = settings[path]
        if id(setting) not in worked:
            selection = {
                "select": setting.select,
                "ignore": setting.ignore,
                "extend_select": setting.extend_select,
                "per_file_ignores": setting.per_file_ignores,
            }
            year = setting.year if setting.year is not None else default_year()
            worked[id(setting)] = settings_context(setting.read, selection, year)
        out[path] = worked[id(setting)]
    return out


def selected_in_file(
    settings: Mapping[str, Settings], report: FileReport
) -> tuple[list[Finding], list[Finding]]:
    """One file's findings that its settings select, and its selected silenced ones."""
    return _selected(settings, report.findings), _selected(settings, report.suppressed)


def project_root(run: Settings) -> Path:
    """Where the result cache lives: the folder of the run's config, else the current one."""
    return Path(run.sources[0]).parent if run.sources else Path.cwd()


def _selected(settings: Mapping[str, Settings], findings: Iterable[Finding]) -> list[Finding]:
    """The findings the settings of each finding's own file let through."""
    return sorted(f for f in findings if lets_through(settings[f.path], f))


def lets_through(setting: Settings, finding: Finding) -> bool:
    """Do a file's settings report ``finding``: its select/ignore/extend-select and the
    per-file-ignores that match its path (``audit`` asks this of a trusted submitter's)."""
    ignored = (*setting.ignore, *setting.ignored_in(finding.path))
    # PB000 (the file could not be analysed) is never filtered out.
    return finding.code == PB000 or is_selected(
        finding, setting.select, ignored, setting.extend_select
    )


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


def read_baseline(path: str) -> str:
    """A baseline's text: a regular file (a FIFO never blocks) of bounded size; one that
    cannot be read is a ``RunError``."""
    try:
        data = read_regular(path, MAX_BASELINE_BYTES + 1)
    except OSError as error:
        raise RunError(f"cannot read baseline {path}: {error.strerror or error}") from None
    if len(data) > MAX_BASELINE_BYTES:
        limit = MAX_BASELINE_BYTES // (1024 * 1024)
        raise RunError(f"cannot read baseline {path}: it is over {limit} MB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise RunError(f"cannot read baseline {path}: not UTF-8 text") from None


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
        check = spec_for(selector)
        if check is None or check.always_on or check.code in applied or not reports:
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
