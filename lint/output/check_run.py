"""``check``'s whole run with its reports: the request planned (``run/check.py``, the one
``plan_request`` the language server runs too), fixed (``--fix``/``--diff``), linted, a
baseline applied or written, and every report written through its format's sink --
streamed as files are linted, unless something needs the whole run first.

Nothing here reads argv, prints or exits: the text goes through the ``Console`` the
caller gives, and the run returns its ``Outcome`` (exit status, last lines). A problem
that stops the run is a ``ConfigError``, ``RunError`` or ``ReportError`` (exit 2).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Protocol

from ..diagnostics import Finding
from ..run.baseline import describe_stale
from ..run.baseline import write_baseline as baseline_json
from ..run.check import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    FileReport,
    ReadFailure,
    RunError,
    Stages,
    baselined,
    collect_run,
    directory_of,
    exit_status,
    plan_request,
    project_root,
    read_baseline,
    resolver_for,
    select_notes,
)
from ..run.config import Settings, SettingsResolver
from ..run.config import show_settings as render_settings
from ..run.parallel import default_jobs
from ..run.request import CheckRequest, FixMode
from . import FormatSpec, RenderInput
from . import reports as out
from .console import Console, Outcome, error_line
from .escape import safe
from .report_files import ReportTarget, config_roots

Inputs = Sequence[tuple[str, bytes | None]]


class Fixed(Protocol):
    """What ``--fix`` or ``--diff`` did (``editing/fix_files.py``'s ``FixedFiles``)."""

    @property
    def inputs(self) -> Inputs: ...
    @property
    def diffs(self) -> Sequence[str]: ...
    @property
    def errors(self) -> Sequence[str]: ...
    @property
    def applied(self) -> int: ...
    def note(self, would: bool) -> str: ...


# The fixes of a request's inputs (``editing/fix_files.py``'s ``fix_request``). The caller
# passes it when the request asks for --fix or --diff, so that a plain ``check`` never
# loads the editing tools (and output/ does not import the room above it).
Fixer = Callable[[CheckRequest, Inputs, Mapping[str, Settings]], Fixed]


def show_settings(request: CheckRequest, console: Console) -> Outcome:
    """``--show-settings``: the settings of the first path (or of stdin's name); exit 0."""
    resolver = resolver_for(request)
    run = resolver.for_run()
    first = next((p for p in request.paths if p != "-"), request.stdin_filename or ".")
    console.write(render_settings(resolver.for_path(first), path=first, run=run), None)
    return Outcome(EXIT_OK)


class _CheckStages(Stages):
    """What ``check`` does between the run's steps: its run-wide settings and formats once
    the config is found, where its reports go once the inputs are, its notes on stderr."""

    def __init__(self, request: CheckRequest, console: Console) -> None:
        self.request = request
        self.console = console
        self.run = Settings()
        self.specs: list[FormatSpec] = []
        self.targets: dict[str, ReportTarget] = {}
        self._roots: tuple[str, ...] = ()

    def resolved(self, resolver: SettingsResolver) -> Sequence[Settings]:
        self.run = resolver.for_run()
        self.specs = out.format_specs(self.run.format, self.request.output, self.console.terminal)
        self._roots = () if self.request.formats else config_roots(self.run.sources)
        return (self.run,)

    def found(self, paths: Sequence[str]) -> None:
        self.targets = out.report_targets(self.specs, self._roots, self.request.output, paths)

    def note(self, text: str) -> None:
        self.console.warn(f"playbook-lint: note: {safe(text)}")


def run_check(request: CheckRequest, console: Console, fixer: Fixer | None = None) -> Outcome:
    """The run of ``request``: its reports written, its notes said on the way, and how it
    ends. ``fixer`` does what --fix/--diff ask (required when the request asks it)."""
    stages = _CheckStages(request, console)
    planned = plan_request(request, stages)
    run, specs, targets = stages.run, stages.specs, stages.targets
    settings = dict(planned.settings)
    read_errors = list(planned.read_errors)
    closing: tuple[str, ...] = ()
    if request.fix is not FixMode.OFF:
        if fixer is None:
            raise RunError("--fix and --diff need the editing tools")
        done = fixer(request, planned.inputs, settings)
        if request.fix is FixMode.DIFF:
            console.write("".join(done.diffs), None)
            return Outcome(EXIT_FINDINGS if done.applied else EXIT_OK, (done.note(would=True),))
        read_errors += done.errors
        planned = replace(planned, inputs=tuple(done.inputs))
        closing = (done.note(would=False),)
    # --write-baseline replaces the baseline, which need not exist yet.
    baseline = run.baseline if not request.write_baseline else None
    baseline_text = read_baseline(baseline) if baseline else None
    cache_root = project_root(run) if run.cache and request.cache else None
    keep_source = any(spec.name == "full" for spec in specs)

    def outcomes(ordered: bool) -> Iterator[FileReport | ReadFailure]:
        return planned.outcomes(
            ordered=ordered,
            jobs=request.jobs or default_jobs(),
            cache_root=cache_root,
            keep_source=keep_source,
        )

    def notes(reports: Sequence[FileReport]) -> None:
        for note in select_notes([run, *settings.values()], reports):
            stages.note(note)

    if out.streamable(
        specs,
        run,
        statistics=request.statistics,
        write_baseline=request.write_baseline,
        shown=request.show_suppressed,
    ):
        color = console.color(request.color)
        streamed = out.stream_reports(
            specs,
            targets,
            outcomes(True),
            settings,
            write=lambda text: console.write(text, color),
            color=color,
            year=run.year,
        )
        notes(streamed.applied)
        status = EXIT_FINDINGS if streamed.failing and not request.exit_zero else EXIT_OK
        return _ending([*read_errors, *streamed.unread], status, closing, streamed.not_analysed)
    result = collect_run(outcomes(False), settings)
    read_errors += result.unread
    notes(result.reports)
    findings, silenced = list(result.findings), list(result.silenced)
    if request.write_baseline:
        return _write_baseline(request.write_baseline, findings)
    if run.baseline and baseline_text is not None:
        findings, silenced, stale = baselined(run.baseline, baseline_text, findings, silenced)
        console.say(describe_stale(stale))
    color = console.color(request.color)
    out.emit_reports(
        specs,
        targets,
        result.reports,
        findings,
        silenced,
        write=lambda text: console.write(text, color),
        warn=console.warn,
        statistics=request.statistics,
        color=color,
        output=request.output,
        extra=RenderInput(show_suppressed=request.show_suppressed, year=run.year),
    )
    status = exit_status(findings, settings, run, request.exit_zero)
    return _ending(read_errors, status, closing, result.not_analysed)


def _ending(
    read_errors: Sequence[str], status: int, closing: tuple[str, ...], not_analysed: bool
) -> Outcome:
    """What --fix did and which files could not be read (exit 2), else ``status``; a file
    that could not be analysed (PB000) is exit 2, whatever filters or baselines say."""
    lines = (*closing, *(error_line(message) for message in read_errors))
    return Outcome(EXIT_ERROR if read_errors or not_analysed else status, lines)


def _write_baseline(path: str, findings: Sequence[Finding]) -> Outcome:
    """``--write-baseline``: accept every finding, paths relative to the file; exit 0."""
    out.write_target(ReportTarget(path), baseline_json(findings, directory_of(path)))
    noun = "finding" if len(findings) == 1 else "findings"
    return Outcome(EXIT_OK, (f"playbook-lint: wrote {len(findings)} {noun} to {path}",))
