"""``playbook-lint check``: argv into a ``CheckRequest``, the run (``run/check.py``), the
reports written through each format's sink (``output/reports.py``), and the exit."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any, NoReturn

import click

from ..diagnostics import Finding, Severity
from ..output import FORMATS, FormatSpec, RenderInput
from ..output import reports as out
from ..output.color import COLOR_CHOICES
from ..output.escape import safe
from ..output.report_files import ReportTarget, config_roots
from ..run.baseline import describe_stale
from ..run.baseline import write_baseline as baseline_json
from ..run.check import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    FileReport,
    ReadFailure,
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
from ..run.guard import Limits
from ..run.parallel import default_jobs
from ..run.request import CheckRequest, FixMode
from .common import (
    JOBS_OPTION,
    STDIN_FILENAME_OPTION,
    YEAR_OPTION,
    color_wanted,
    echo_to,
    limit_options,
    stdout_is_terminal,
    step,
    warn,
)


@click.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--ruleset",
    "rulesets",
    multiple=True,
    metavar="ID|PATH",
    help="Add a bundled ruleset or a ruleset file (repeatable).",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    metavar="FORMAT[:FILE]",
    help=(
        f"Report format ({', '.join(FORMATS)}); repeatable. FORMAT:FILE writes that "
        "report to FILE. Default: full on a terminal, concise otherwise."
    ),
)
@click.option("--output", metavar="FILE", help="Write the report to FILE instead of stdout.")
@click.option(
    "--fail-level",
    type=click.Choice([s.value for s in Severity]),
    default=None,
    help="Lowest severity that makes the exit status 1 (default: warning).",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@STDIN_FILENAME_OPTION
@click.option(
    "--select",
    multiple=True,
    metavar="CODE|PREFIX|RULE",
    help="Report only these (code PB101, prefix PB1, check name, rule id); repeatable.",
)
@click.option("--ignore", multiple=True, metavar="CODE|PREFIX|RULE", help="Never report these.")
@click.option(
    "--extend-select", multiple=True, metavar="CODE|PREFIX|RULE", help="Report these too."
)
@click.option("--statistics", is_flag=True, help="Print counts per code instead of findings.")
@click.option(
    "--color",
    type=click.Choice(COLOR_CHOICES),
    default="auto",
    show_default=True,
    help="Colour; beats NO_COLOR and FORCE_COLOR, which beat terminal detection.",
)
@JOBS_OPTION
@click.option("--config", "config_file", metavar="FILE", help="Use this config file only.")
@click.option("--isolated", is_flag=True, help="Ignore every config file.")
@click.option("--show-settings", is_flag=True, help="Print the settings a run would use; exit.")
@click.option(
    "--no-suppressions", is_flag=True, help="Ignore every `playbook-lint: ignore` comment."
)
@YEAR_OPTION
@click.option(
    "--show-suppressed",
    is_flag=True,
    help="JSON and JSONL also list silenced findings, with their reason.",
)
@click.option("--baseline", metavar="FILE", help="Report only findings not in this baseline.")
@click.option(
    "--write-baseline", metavar="FILE", help="Accept every current finding into FILE; exit 0."
)
@limit_options
@click.option("--fix", is_flag=True, help="Apply the safe fixes, then report what is left.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff: unsafe fixes too.")
@click.option("--diff", is_flag=True, help="Print the fixes as a diff; change no file.")
@click.option(
    "--no-cache", is_flag=True, help="Neither read nor write the result cache (config: cache)."
)
def check(**options: Any) -> None:
    """Lint playbooks (PATHS default to '.'; '-' reads stdin)."""
    request = request_of(**options)
    if options["show_settings"]:
        _show_settings(request)
    run_check(request)


def request_of(
    *,
    paths: tuple[str, ...],
    rulesets: tuple[str, ...],
    formats: tuple[str, ...],
    output: str | None,
    fail_level: str | None,
    exit_zero: bool,
    stdin_filename: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    statistics: bool,
    color: str,
    jobs: int | None,
    config_file: str | None,
    isolated: bool,
    show_settings: bool,
    no_suppressions: bool,
    year: int | None,
    show_suppressed: bool,
    baseline: str | None,
    write_baseline: str | None,
    file_time_limit: float,
    file_memory_limit: int,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    no_cache: bool,
) -> CheckRequest:
    """``check``'s options as the one request the run reads."""
    return CheckRequest(
        paths=paths or (".",),
        stdin_filename=stdin_filename,
        config=config_file,
        isolated=isolated,
        rulesets=rulesets,
        select=select,
        ignore=ignore,
        extend_select=extend_select,
        fail_level=Severity(fail_level) if fail_level else None,
        year=year,
        baseline=baseline,
        write_baseline=write_baseline,
        formats=formats,
        output=output,
        statistics=statistics,
        show_suppressed=show_suppressed,
        color=color,
        exit_zero=exit_zero,
        suppressions=not no_suppressions,
        fix=FixMode.DIFF if diff else FixMode.FIX if fix else FixMode.OFF,
        unsafe_fixes=unsafe_fixes,
        jobs=jobs,
        cache=not no_cache,
        limits=Limits(file_time_limit, file_memory_limit),
    )


def _show_settings(request: CheckRequest) -> NoReturn:
    """``--show-settings``: the settings of the first path (or of stdin's name); exit 0."""
    resolver = step(lambda: resolver_for(request))
    run = step(resolver.for_run)
    first = next((p for p in request.paths if p != "-"), request.stdin_filename or ".")
    shown = render_settings(step(lambda: resolver.for_path(first)), path=first, run=run)
    click.echo(shown, nl=False)
    raise click.exceptions.Exit(EXIT_OK)


class _CheckStages(Stages):
    """What ``check`` does between the run's steps: its run-wide settings and formats once
    the config is found, where its reports go once the inputs are, its notes on stderr."""

    def __init__(self, request: CheckRequest) -> None:
        self.request = request
        self.run = Settings()
        self.specs: list[FormatSpec] = []
        self.targets: dict[str, ReportTarget] = {}
        self._roots: tuple[str, ...] = ()

    def resolved(self, resolver: SettingsResolver) -> Sequence[Settings]:
        self.run = resolver.for_run()
        self.specs = out.format_specs(self.run.format, self.request.output, stdout_is_terminal())
        self._roots = () if self.request.formats else config_roots(self.run.sources)
        return (self.run,)

    def found(self, paths: Sequence[str]) -> None:
        self.targets = out.report_targets(self.specs, self._roots, self.request.output, paths)

    def note(self, text: str) -> None:
        warn(f"playbook-lint: note: {safe(text)}")


def run_check(request: CheckRequest) -> NoReturn:
    """The run of ``request`` (the one ``plan_request`` the language server runs too):
    its reports written, its notes and errors said; exit."""
    stages = _CheckStages(request)
    planned = step(lambda: plan_request(request, stages))
    run, specs, targets = stages.run, stages.specs, stages.targets
    settings = dict(planned.settings)
    inputs, read_errors = list(planned.inputs), list(planned.read_errors)
    fixed_note = ""
    if request.fix is not FixMode.OFF:
        inputs, fixed_note = _fixed(request, inputs, settings, read_errors)
        planned = replace(planned, inputs=tuple(inputs))
    # --write-baseline replaces the baseline, which need not exist yet.
    baseline = run.baseline if not request.write_baseline else None
    baseline_text = step(lambda: read_baseline(baseline)) if baseline else None
    cache_root = project_root(run) if run.cache and request.cache else None
    keep_source = any(spec.name == "full" for spec in specs)

    def outcomes(ordered: bool) -> Iterator[FileReport | ReadFailure]:
        return planned.outcomes(
            ordered=ordered,
            jobs=request.jobs or default_jobs(),
            cache_root=cache_root,
            keep_source=keep_source,
        )

    if out.streamable(
        specs,
        run,
        statistics=request.statistics,
        write_baseline=request.write_baseline,
        shown=request.show_suppressed,
    ):
        color = color_wanted(request.color)
        streamed = step(
            lambda: out.stream_reports(
                specs,
                targets,
                outcomes(True),
                settings,
                write=echo_to(color),
                color=color,
                year=run.year,
            )
        )
        for note in select_notes([run, *settings.values()], streamed.applied):
            warn(f"playbook-lint: note: {note}")
        status = EXIT_FINDINGS if streamed.failing and not request.exit_zero else EXIT_OK
        _exit_after(
            [*read_errors, *streamed.unread],
            status,
            fixed_note,
            not_analysed=streamed.not_analysed,
        )
    result = step(lambda: collect_run(outcomes(False), settings))
    read_errors += result.unread
    for note in select_notes([run, *settings.values()], result.reports):
        warn(f"playbook-lint: note: {note}")
    findings, silenced = list(result.findings), list(result.silenced)
    if request.write_baseline:
        _write_baseline(request.write_baseline, findings)
    if run.baseline and baseline_text is not None:
        findings, silenced, stale = step(
            lambda: baselined(run.baseline or "", baseline_text, findings, silenced)
        )
        click.echo(describe_stale(stale), err=True, nl=False)
    color = color_wanted(request.color)
    step(
        lambda: out.emit_reports(
            specs,
            targets,
            result.reports,
            findings,
            silenced,
            write=echo_to(color),
            warn=warn,
            statistics=request.statistics,
            color=color,
            output=request.output,
            extra=RenderInput(show_suppressed=request.show_suppressed, year=run.year),
        )
    )
    _exit_after(
        read_errors,
        exit_status(findings, settings, run, request.exit_zero),
        fixed_note,
        not_analysed=result.not_analysed,
    )


def _exit_after(
    read_errors: Sequence[str], status: int, fixed_note: str = "", *, not_analysed: bool = False
) -> NoReturn:
    """Say what --fix did and which files could not be read (exit 2), else exit with
    ``status``; a file that ended as PB000 (``not_analysed``) is exit 2 too."""
    if fixed_note:
        click.echo(fixed_note, err=True)
    for message in read_errors:
        click.echo(f"playbook-lint: error: {safe(message)}", err=True)
    # A file that could not be analysed (PB000) is exit 2, whatever filters or baselines say.
    raise click.exceptions.Exit(EXIT_ERROR if read_errors or not_analysed else status)


def _fixed(
    request: CheckRequest,
    inputs: Sequence[tuple[str, bytes | None]],
    settings: dict[str, Settings],
    errors: list[str],
) -> tuple[list[tuple[str, bytes | None]], str]:
    """--fix: apply the fixes (``editing/fix_files.py``) and return the new inputs and a
    note on what was done; the files left as they were add their reason to ``errors``.
    --diff: print the fixes as a diff and exit."""
    from ..editing.fix_files import fix_files

    diff = request.fix is FixMode.DIFF
    done = fix_files(
        inputs,
        settings,
        unsafe=request.unsafe_fixes,
        diff=diff,
        suppressions=request.suppressions,
        named=request.paths,
        limits=request.limits,
    )
    errors += done.errors
    if diff:
        click.echo("".join(done.diffs), nl=False)
        click.echo(done.note(would=True), err=True)
        raise click.exceptions.Exit(EXIT_FINDINGS if done.applied else EXIT_OK)
    return done.inputs, done.note(would=False)


def _write_baseline(path: str, findings: Sequence[Finding]) -> NoReturn:
    """``--write-baseline``: accept every finding, paths relative to the file; exit 0."""
    text = baseline_json(findings, directory_of(path))
    step(lambda: out.write_target(ReportTarget(path), text))
    noun = "finding" if len(findings) == 1 else "findings"
    click.echo(f"playbook-lint: wrote {len(findings)} {noun} to {path}", err=True)
    raise click.exceptions.Exit(EXIT_OK)
