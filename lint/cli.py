"""The command line: the only module that reads argv, prints or exits."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, NoReturn, TypeVar

import click

from . import __version__
from .analysis.year import FIRST_YEAR, LAST_YEAR
from .diagnostics import Finding, Severity
from .output import FORMATS, FormatSpec, RenderInput, open_sink, parse_format_spec, render
from .output.color import COLOR_CHOICES, use_color
from .output.escape import safe
from .output.github import render_step_summary
from .output.report_files import (
    ReportPathError,
    ReportTarget,
    StreamedReport,
    check_targets,
    config_roots,
    open_streamed,
    write_report,
)
from .output.sink import Options, Sink
from .output.statistics import render_statistics
from .rules.rulesets import RulesetError
from .run.baseline import MAX_BASELINE_BYTES as BASELINE_LIMIT
from .run.baseline import describe_stale
from .run.baseline import write_baseline as baseline_json
from .run.check import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    READ_LIMIT,
    FileReport,
    ReadFailure,
    RunError,
    baselined,
    collect_run,
    directory_of,
    exit_status,
    lint_run,
    load_rulesets,
    not_excluded,
    project_root,
    read_inputs,
    select_notes,
    selected_in_file,
    settings_of,
    stream_run,
)
from .run.config import ConfigError, Settings, SettingsResolver
from .run.config import show_settings as render_settings
from .run.discovery import PathNotFound, Unreadable, decode, read_regular, read_stdin
from .run.engine import BLOCKING_CODES, lint_text
from .run.guard import PB000, Limits, guarded
from .run.parallel import default_jobs
from .run.selection import fails


def _fail(message: str) -> click.exceptions.Exit:
    # Messages name files and quote config values: escaped, so none forges a line.
    click.echo(f"playbook-lint: error: {safe(message)}", err=True)
    return click.exceptions.Exit(EXIT_ERROR)


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _color_wanted(choice: str = "auto") -> bool:
    return use_color(choice, os.environ, _stdout_is_terminal())


def _open_report(target: ReportTarget) -> StreamedReport:
    try:
        return open_streamed(target)
    except ReportPathError as error:
        raise _fail(str(error)) from None
    except OSError as error:
        raise _fail(f"cannot write {target.path}: {error.strerror or error}") from None


def _commit_report(report: StreamedReport) -> None:
    try:
        report.commit()
    except OSError as error:
        raise _fail(f"cannot write {report.path}: {error.strerror or error}") from None


def _selectors(values: Sequence[str]) -> tuple[str, ...]:
    """Repeatable options that also take comma-separated lists: ``--ignore PB1,PB2``."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


_JOBS_OPTION = click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Files analysed in parallel (default: the cores other work is not keeping busy).",
)
# One declaration for every command that analyses calendar dates.
_YEAR_OPTION = click.option(
    "--year",
    type=click.IntRange(FIRST_YEAR, LAST_YEAR),
    default=None,
    metavar="YYYY",
    help="The analysed calendar year (hours, DST, holidays); default: the current year.",
)


def _limit_options(command: Callable[..., None]) -> Callable[..., None]:
    """--file-time-limit and --file-memory-limit, as ``check`` has them: one file past
    them is a PB000 error, the others still done, and the exit status 2 (issue 23)."""
    time_limit = click.option(
        "--file-time-limit",
        type=click.FloatRange(min=0),
        default=Limits.seconds,
        show_default=True,
        metavar="SECONDS",
        help="Per-file time; a file that needs more is a PB000 error (0: no limit).",
    )
    memory_limit = click.option(
        "--file-memory-limit",
        type=click.IntRange(min=0),
        default=Limits.megabytes,
        show_default=True,
        metavar="MB",
        help="Per-file memory; a file that needs more is a PB000 error (0: no limit).",
    )
    return time_limit(memory_limit(command))


@dataclass(frozen=True)
class _PastBound:
    """A file that passed the per-file bound (or crashed): its PB000 error line."""

    message: str


def _bound(path: str, limits: Limits, work: Callable[[], _T]) -> _T | _PastBound:
    """``work()`` under the per-file bound, or the error line of its PB000."""
    done = guarded(path, limits, work)
    if isinstance(done, Finding):
        return _PastBound(f"{PB000} {path}: {done.message}")
    return done


class _Main(click.Group):
    """The command group, made to end with one line and exit 2 when a standard stream is
    closed or full (``>&-``, ``>/dev/full``, a reader that went away), never a traceback
    and never exit 1, which means findings."""

    def invoke(self, ctx: click.Context) -> object:
        if sys.stderr is None:  # closed: nothing can be said there, the rest still works
            sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        if sys.stdout is None:
            _stream_failed("standard output is closed")
        try:
            return super().invoke(ctx)
        except OSError as error:
            _stream_failed(f"cannot write the output: {error.strerror or error}")


def _stream_failed(message: str) -> NoReturn:
    # Say what happened, if stderr still can; then point the broken streams at /dev/null,
    # so that Python's own flush at exit does not fail again with a traceback.
    broken: tuple[str, ...]
    try:
        print(f"playbook-lint: error: {message}", file=sys.stderr, flush=True)
        broken = ("stdout",)
    except (OSError, ValueError, AttributeError):
        broken = ("stdout", "stderr")
    for name in broken:
        stream = getattr(sys, name)
        try:
            if stream is None:
                setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
            else:
                os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        except (OSError, ValueError, AttributeError):
            continue
    raise click.exceptions.Exit(EXIT_ERROR)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook-lint")
def main() -> None:
    """Static analysis for debt-collection playbooks."""


@main.command()
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
@click.option(
    "--stdin-filename", metavar="NAME", help="Name (and so form) of what '-' reads from stdin."
)
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
@_JOBS_OPTION
@click.option("--config", "config_file", metavar="FILE", help="Use this config file only.")
@click.option("--isolated", is_flag=True, help="Ignore every config file.")
@click.option("--show-settings", is_flag=True, help="Print the settings a run would use; exit.")
@click.option(
    "--no-suppressions", is_flag=True, help="Ignore every `playbook-lint: ignore` comment."
)
@_YEAR_OPTION
@click.option(
    "--show-suppressed",
    is_flag=True,
    help="JSON and JSONL also list silenced findings, with their reason.",
)
@click.option("--baseline", metavar="FILE", help="Report only findings not in this baseline.")
@click.option(
    "--write-baseline", metavar="FILE", help="Accept every current finding into FILE; exit 0."
)
@_limit_options
@click.option("--fix", is_flag=True, help="Apply the safe fixes, then report what is left.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff: unsafe fixes too.")
@click.option("--diff", is_flag=True, help="Print the fixes as a diff; change no file.")
@click.option(
    "--no-cache", is_flag=True, help="Neither read nor write the result cache (config: cache)."
)
def check(
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
) -> None:
    """Lint playbooks (PATHS default to '.'; '-' reads stdin)."""
    paths = paths or (".",)
    overlay = _overlay(
        rulesets=rulesets,
        select=select,
        ignore=ignore,
        extend_select=extend_select,
        fail_level=fail_level,
        formats=formats,
        baseline=baseline,
        year=year,
    )
    resolver = _config(
        lambda: SettingsResolver(config=config_file, isolated=isolated, overlay=overlay)
    )
    run = _config(resolver.for_run)
    if show_settings:
        first = next((p for p in paths if p != "-"), stdin_filename or ".")
        click.echo(
            render_settings(_config(lambda: resolver.for_path(first)), path=first, run=run),
            nl=False,
        )
        raise click.exceptions.Exit(EXIT_OK)
    specs = _format_specs(run.format, output)
    roots = () if formats else config_roots(run.sources)
    inputs, read_errors = _read_or_fail(paths, stdin_filename)
    targets = _report_targets(specs, roots, output, [p for p, _ in inputs])
    settings = _config(lambda: settings_of(resolver, inputs))
    inputs, notes = not_excluded(inputs, settings, named=paths)
    for note in notes:
        click.echo(f"playbook-lint: note: {safe(note)}", err=True)
    _run(lambda: load_rulesets([run, *(settings[p] for p, _ in inputs)]))
    fixed_note = ""
    limits = Limits(file_time_limit, file_memory_limit)
    if fix or diff:
        inputs, fixed_note = _fixed(
            inputs, settings, unsafe_fixes, diff, not no_suppressions, paths, read_errors, limits
        )
    # --write-baseline replaces the baseline, which need not exist yet.
    baseline_text = _read_baseline(run.baseline) if run.baseline and not write_baseline else None
    cache_root = project_root(run) if run.cache and not no_cache else None
    keep_source = any(spec.name == "full" for spec in specs)

    def outcomes(ordered: bool) -> Iterator[FileReport | ReadFailure]:
        return stream_run(
            inputs,
            settings,
            suppressions=not no_suppressions,
            jobs=jobs or default_jobs(),
            cache_root=cache_root,
            keep_source=keep_source,
            ordered=ordered,
            limits=limits,
        )

    if _streamable(
        specs, run, statistics=statistics, write_baseline=write_baseline, shown=show_suppressed
    ):
        streamed = _run(
            lambda: _stream_reports(specs, targets, outcomes(True), settings, color, year=run.year)
        )
        for note in select_notes([run, *settings.values()], streamed.applied):
            click.echo(f"playbook-lint: note: {note}", err=True)
        status = EXIT_FINDINGS if streamed.failing and not exit_zero else EXIT_OK
        _exit_after(
            [*read_errors, *streamed.unread],
            status,
            fixed_note,
            not_analysed=streamed.not_analysed,
        )
    result = _run(lambda: collect_run(outcomes(False), settings))
    read_errors += result.unread
    for note in select_notes([run, *settings.values()], result.reports):
        click.echo(f"playbook-lint: note: {note}", err=True)
    findings, silenced = list(result.findings), list(result.silenced)
    if write_baseline:
        _write_baseline(write_baseline, findings)
    if run.baseline and baseline_text is not None:
        findings, silenced, stale = _run(
            lambda: baselined(run.baseline or "", baseline_text, findings, silenced)
        )
        click.echo(describe_stale(stale), err=True, nl=False)
    _emit_reports(
        specs,
        targets,
        result.reports,
        findings,
        silenced,
        statistics=statistics,
        color=color,
        output=output,
        extra=RenderInput(show_suppressed=show_suppressed, year=run.year),
    )
    _exit_after(
        read_errors,
        exit_status(findings, settings, run, exit_zero),
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


def _streamable(
    specs: Sequence[FormatSpec],
    run: Settings,
    *,
    statistics: bool,
    write_baseline: str | None,
    shown: bool = False,
) -> bool:
    """Whether the reports can be written as files are linted (each format's sink; those
    that need the whole run buffer inside it): not when the run itself needs every
    finding first (statistics, a baseline, the step summary) or shows suppressed
    findings (``--show-suppressed``)."""
    if statistics or write_baseline or run.baseline or shown:
        return False
    return not (any(s.name == "github" for s in specs) and os.environ.get("GITHUB_STEP_SUMMARY"))


@dataclass(frozen=True)
class _Streamed:
    """What a streamed run leaves for the exit status: whether a finding reaches its
    file's fail level, the files that could not be read, whether a file ended as PB000,
    and one report standing for the run's in ``select_notes`` (the codes that applied)."""

    failing: bool
    unread: list[str]
    not_analysed: bool
    applied: list[FileReport]


def _stream_reports(
    specs: Sequence[FormatSpec],
    targets: Mapping[str, ReportTarget],
    outcomes: Iterable[FileReport | ReadFailure],
    settings: Mapping[str, Settings],
    color: str,
    *,
    year: int | None,
) -> _Streamed:
    """Write every report as files are linted, through the sinks ``render`` uses."""
    wanted = _color_wanted(color)
    files: list[StreamedReport] = []
    streams: list[Sink] = []
    for spec in specs:
        if spec.path is None:
            streams.append(open_sink(spec.name, _echo(wanted), Options(wanted, year=year)))
        else:  # a file never gets colour codes
            target = _open_report(targets[spec.path])
            files.append(target)
            streams.append(open_sink(spec.name, target.write, Options(year=year)))
    failing = not_analysed = False
    checked = 0
    applied: set[str] = set()
    read_errors: list[str] = []
    try:
        for outcome in outcomes:
            if isinstance(outcome, ReadFailure):
                read_errors.append(outcome.message)
                continue
            checked += 1
            applied.update(outcome.applied)
            shown, silenced = selected_in_file(settings, outcome)
            level = settings[outcome.path].fail_level
            failing = failing or fails(shown, level)
            not_analysed = not_analysed or any(f.code == PB000 for f in outcome.findings)
            every = sorted([*shown, *silenced])
            for stream in streams:
                stream.add(outcome.path, every, outcome.source)
        for stream in streams:
            stream.finish(checked)
        for target in files:
            _commit_report(target)
    finally:
        for target in files:
            target.discard()
    run = [FileReport("", None, (), (), frozenset(applied))] if checked else []
    return _Streamed(failing, read_errors, not_analysed, run)


def _echo(color: bool) -> Callable[[str], None]:
    # click strips ANSI codes from non-terminals unless told the colour is wanted.
    return lambda text: click.echo(text, nl=False, color=color)


_T = TypeVar("_T")


def _bytes_of(path: str, data: bytes | None) -> bytes | None:
    """The bytes of an input (files are read when needed), or None if it cannot be read
    (the lint that follows reports why)."""
    if data is not None:
        return data
    try:
        return read_regular(path, READ_LIMIT)
    except OSError:
        return None


def _fixed(
    inputs: Sequence[tuple[str, bytes | None]],
    settings_of: Mapping[str, Settings],
    unsafe: bool,
    diff: bool,
    suppressions: bool,
    named: Sequence[str],
    errors: list[str],
    limits: Limits,
) -> tuple[list[tuple[str, bytes | None]], str]:
    """--fix: apply the fixes to each file (stdin is left alone) and return the new bytes
    and a note on what was done; a file that may not be rewritten is kept as it was and
    its reason added to ``errors``. --diff: print them as a diff and exit. The whole fix
    loop of one file runs under one per-file bound (``limits``); past it, the file is
    left as it was and its PB000 added to ``errors``."""
    from .editing.fixes import fix_text
    from .editing.format import Formatted

    result: list[tuple[str, bytes | None]] = []
    applied = unsafe_left = 0
    diffs: list[str] = []
    for path, given in inputs:
        data = _bytes_of(path, given)
        text = decode(data) if data is not None else None
        if (
            data is None
            or text is None
            or path == "-"
            or isinstance(text, Unreadable)
            or path not in settings_of
        ):
            result.append((path, data))
            continue

        def lint(source: str, path: str = path) -> Sequence[Finding]:
            # The very run `check` makes, so a fix is judged by what check reports; no
            # bound of its own: the fix loop's one bound (below) covers every re-lint.
            one = [(path, source.encode("utf-8"))]
            unbounded = Limits(0, 0)
            return lint_run(
                one, settings_of, suppressions=suppressions, jobs=1, limits=unbounded
            ).findings

        outcome = _bound(path, limits, partial(fix_text, text, path, lint, unsafe=unsafe))
        if isinstance(outcome, _PastBound):
            errors.append(f"{outcome.message} (--fix left it as it was)")
            result.append((path, data))
            continue
        unsafe_left += outcome.unsafe_left
        if outcome.applied and diff:
            diffs.append(Formatted(path, text, outcome.text).diff())
        elif outcome.applied:
            refused = _rewrite(path, data, outcome.text, named)
            if refused:
                errors.append(refused)
                result.append((path, data))
                continue
            data = outcome.text.encode("utf-8")
        applied += len(outcome.applied)
        result.append((path, data))
    if diff:
        click.echo("".join(diffs), nl=False)
        click.echo(_fix_note(applied, unsafe_left, would=True), err=True)
        raise click.exceptions.Exit(EXIT_FINDINGS if applied else EXIT_OK)
    return result, _fix_note(applied, unsafe_left, would=False)


def _fix_note(applied: int, unsafe_left: int, would: bool) -> str:
    noun = "finding" if applied == 1 else "findings"
    note = f"{'Would fix' if would else 'Fixed'} {applied} {noun}"
    if unsafe_left:
        more = "fix is" if unsafe_left == 1 else "fixes are"
        note += f"; {unsafe_left} more {more} available with --unsafe-fixes"
    return note + "."


def _config(load: Callable[[], _T]) -> _T:
    """Whatever ``load`` reads from config files; a config error is exit status 2."""
    try:
        return load()
    except ConfigError as error:
        raise _fail(str(error)) from None


def _overlay(
    *,
    rulesets: Sequence[str],
    select: Sequence[str],
    ignore: Sequence[str],
    extend_select: Sequence[str],
    fail_level: str | None,
    formats: Sequence[str],
    baseline: str | None,
    year: int | None = None,
) -> Callable[[Settings], Settings]:
    """The command line's options on top of a config's settings (an option given
    replaces the config's key; --ruleset adds to the config's rulesets)."""

    def apply(settings: Settings) -> Settings:
        return replace(
            settings,
            rulesets=tuple(dict.fromkeys([*settings.rulesets, *rulesets])),
            select=_selectors(select) if select else settings.select,
            ignore=_selectors(ignore) if ignore else settings.ignore,
            extend_select=_selectors(extend_select) if extend_select else settings.extend_select,
            fail_level=Severity(fail_level) if fail_level else settings.fail_level,
            format=tuple(formats) if formats else settings.format,
            baseline=baseline if baseline else settings.baseline,
            year=year if year is not None else settings.year,
        )

    return apply


def _read_or_fail(
    paths: Sequence[str], stdin_filename: str | None
) -> tuple[list[tuple[str, bytes | None]], list[str]]:
    try:
        return read_inputs(paths, stdin_filename)
    except PathNotFound as missing:
        raise _fail(f"no such file or directory: {missing}") from None
    except OSError as error:  # standard input closed or unreadable
        raise _fail(error.strerror or str(error)) from None


def _run(step: Callable[[], _T]) -> _T:
    """Whatever a step of the lint run returns; a ``RunError`` is exit status 2."""
    try:
        return step()
    except RunError as error:
        raise _fail(str(error)) from None


def _write_baseline(path: str, findings: Sequence[Finding]) -> NoReturn:
    """``--write-baseline``: accept every finding, paths relative to the file; exit 0."""
    _write_report(ReportTarget(path), baseline_json(findings, directory_of(path)))
    noun = "finding" if len(findings) == 1 else "findings"
    click.echo(f"playbook-lint: wrote {len(findings)} {noun} to {path}", err=True)
    raise click.exceptions.Exit(EXIT_OK)


def _report_targets(
    specs: Sequence[FormatSpec], roots: tuple[str, ...], output: str | None, inputs: Sequence[str]
) -> dict[str, ReportTarget]:
    """Each report file and whether it is trusted: ``--output`` and ``--format`` paths
    come from the command line; the others from the run's config, so ``roots`` (its
    project folders) bound them."""
    targets = {
        s.path: ReportTarget(s.path, () if s.path == output else roots)
        for s in specs
        if s.path is not None
    }
    try:
        check_targets([targets[s.path] for s in specs if s.path is not None], inputs)
    except ReportPathError as error:
        raise _fail(str(error)) from None
    return targets


def _emit_reports(
    specs: Sequence[FormatSpec],
    targets: Mapping[str, ReportTarget],
    reports: Sequence[FileReport],
    findings: Sequence[Finding],
    silenced: Sequence[Finding],
    *,
    statistics: bool,
    color: str,
    output: str | None = None,
    extra: RenderInput | None = None,
) -> None:
    """Write every report: one to stdout (or --output), the others to their files. A
    file never gets colour codes, whatever --color says."""
    extra = replace(
        extra or RenderInput(),
        files=tuple(r.path for r in reports),
        sources={r.path: r.source for r in reports if r.source is not None},
        color=_color_wanted(color),
    )
    everything = sorted([*findings, *silenced])
    for spec in specs:
        primary = spec.path is None or spec.path == output
        to_file = extra if spec.path is None else replace(extra, color=False)
        if primary and statistics:
            text = render_statistics(findings, as_json=spec.name in ("json", "jsonl"))
        else:
            text = render(spec.name, everything, to_file)
        if spec.path is None:
            # click strips ANSI codes from non-terminals unless told the colour is wanted.
            click.echo(text, nl=False, color=extra.color)
        else:
            _write_report(targets[spec.path], text)
        if spec.name == "github":
            _append_step_summary(findings, len(reports))


def _format_specs(formats: Sequence[str], output: str | None) -> list[FormatSpec]:
    """The reports to write; at most one goes to stdout (or to --output)."""
    try:
        specs = [parse_format_spec(f) for f in formats]
    except ValueError as error:
        raise _fail(str(error)) from None
    if not specs:
        specs = [FormatSpec("full" if _stdout_is_terminal() and not output else "concise")]
    to_stdout = [s for s in specs if s.path is None]
    if len(to_stdout) > 1:
        names = ", ".join(s.name for s in to_stdout)
        raise _fail(
            f"only one report can go to the output, not {names}; "
            "give the others a file: --format sarif:report.sarif"
        )
    if output:
        specs = [replace(s, path=output) if s.path is None else s for s in specs]
    return specs


def _read_baseline(path: str) -> str:
    """A baseline's text: a regular file (a FIFO never blocks) of bounded size."""
    try:
        data = read_regular(path, BASELINE_LIMIT + 1)
    except OSError as error:
        raise _fail(f"cannot read baseline {path}: {error.strerror or error}") from None
    if len(data) > BASELINE_LIMIT:
        limit = BASELINE_LIMIT // (1024 * 1024)
        raise _fail(f"cannot read baseline {path}: it is over {limit} MB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise _fail(f"cannot read baseline {path}: not UTF-8 text") from None


def _rewrite(path: str, before: bytes, text: str, named: Sequence[str]) -> str | None:
    """Rewrite a linted file in place (format, --fix); why it was not, if it was not."""
    from .editing.rewrite import RewriteError, rewrite

    try:
        rewrite(path, before, text, named)
    except RewriteError as error:
        return str(error)
    except OSError as error:
        return f"cannot write {path}: {error.strerror or error}"
    return None


def _write_report(target: ReportTarget, text: str) -> None:
    try:
        write_report(target, text)
    except ReportPathError as error:
        raise _fail(str(error)) from None
    except OSError as error:
        raise _fail(f"cannot write {target.path}: {error.strerror or error}") from None


def _write_given(path: str, text: str) -> None:
    """A report file named on the command line (trusted: used as given)."""
    _write_report(ReportTarget(path), text)


def _append_step_summary(findings: Sequence[Finding], files_checked: int) -> None:
    """GitHub Actions: the Markdown summary goes to the file $GITHUB_STEP_SUMMARY names."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as stream:
            stream.write(render_step_summary(findings, files_checked))
    except OSError as error:
        click.echo(f"playbook-lint: warning: cannot write the step summary: {error}", err=True)


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Show the page of a check (PB101) or a ruleset rule (us-regf/call-frequency)."""
    from .output.docs import explain as explain_text

    try:
        click.echo(explain_text(code), nl=False)
    except (LookupError, RulesetError) as error:
        raise _fail(str(error.args[0] if error.args else error)) from None


_LIST_FORMAT = click.option(
    "--format",
    "list_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people; json for tooling (shape: docs/rules-json.md).",
)


@main.command()
@click.option("--ruleset", "ruleset_id", metavar="ID", help="List that ruleset's rules instead.")
@_LIST_FORMAT
def rules(ruleset_id: str | None, list_format: str) -> None:
    """List every check, or every rule of a ruleset, one line each."""
    from .output.docs import list_rules
    from .output.rules_json import rules_json

    render = rules_json if list_format == "json" else list_rules
    try:
        click.echo(render(ruleset_id), nl=False)
    except (LookupError, RulesetError) as error:
        raise _fail(str(error.args[0] if error.args else error)) from None


@main.command(name="rulesets")
@_LIST_FORMAT
def rulesets_command(list_format: str) -> None:
    """List the bundled rulesets: id, title, source, rule count."""
    from .output.docs import list_rulesets
    from .output.rules_json import rulesets_json

    click.echo(rulesets_json() if list_format == "json" else list_rulesets(), nl=False)


@main.command()
@click.argument("path")
@click.option(
    "--stdin-filename", metavar="NAME", help="Name (and so form) of what '-' reads from stdin."
)
@click.option("--svg", "svg_file", metavar="OUT.svg", help="Write the intensity chart as SVG.")
@_limit_options
def timeline(
    path: str,
    stdin_filename: str | None,
    svg_file: str | None,
    file_time_limit: float,
    file_memory_limit: int,
) -> None:
    """Draw the worst-case contact calendar of one playbook ('-' reads stdin)."""
    from .output.timeline_view import render_timeline

    limits = Limits(file_time_limit, file_memory_limit)
    path, text = _read_one(path, stdin_filename)
    try:
        result = _bounded_or_fail(path, limits, lambda: lint_text(text, path))
    except RulesetError as error:
        raise _fail(str(error)) from None
    blocking = [f for f in result.findings if f.code in BLOCKING_CODES]
    if result.playbook is None or blocking:
        where = path
        if blocking:
            where += f":{blocking[0].line}:{blocking[0].column}: {blocking[0].message}"
        raise _fail(f"cannot draw the timeline of a playbook with errors: {where}")
    playbook, color = result.playbook, _color_wanted()
    if svg_file:
        from .audit.charts import intensity_svg

        _write_given(svg_file, _bounded_or_fail(path, limits, lambda: intensity_svg(playbook)))
        return
    click.echo(
        _bounded_or_fail(path, limits, lambda: render_timeline(playbook, color=color)), nl=False
    )


def _bounded_or_fail(path: str, limits: Limits, work: Callable[[], _T]) -> _T:
    """``work()`` under the per-file bound; past it, the PB000 error and exit 2."""
    done = _bound(path, limits, work)
    if isinstance(done, _PastBound):
        raise _fail(done.message)
    return done


@main.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--ruleset",
    "rulesets",
    multiple=True,
    metavar="ID|PATH",
    help="A ruleset of the matrix (repeatable; default: each playbook's own).",
)
@click.option("--all-rulesets", is_flag=True, help="The matrix over every bundled ruleset.")
@click.option(
    "--html",
    metavar="FILE",
    help="Write the self-contained HTML report to FILE (past 100 playbooks: a folder of "
    "pages, FILE without .html).",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    metavar="FMT[:FILE]",
    help="json, csv, sarif or concise; repeatable; FMT:FILE writes to FILE.",
)
@click.option(
    "--trust-submitter",
    is_flag=True,
    help="Honour the inputs' own config files and suppression comments.",
)
@_JOBS_OPTION
@click.option("--title", default="Playbook audit", show_default=True, help="The report's heading.")
@click.option(
    "--fail-level",
    type=click.Choice([s.value for s in Severity]),
    default="warning",
    show_default=True,
    help="Lowest severity that makes the exit status 1.",
)
@_YEAR_OPTION
@click.option(
    "--verify",
    "verify_file",
    metavar="AUDIT.json",
    help="Re-run the audit recorded in AUDIT.json; exit 1 naming what differs.",
)
def audit(
    paths: tuple[str, ...],
    rulesets: tuple[str, ...],
    all_rulesets: bool,
    html: str | None,
    formats: tuple[str, ...],
    trust_submitter: bool,
    jobs: int | None,
    title: str,
    fail_level: str,
    year: int | None,
    verify_file: str | None,
) -> None:
    """Judge submitted playbooks against a matrix of rulesets (audit.md)."""
    from .audit import command

    workers = jobs or command.default_jobs()
    request = command.Request(
        paths,
        rulesets,
        all_rulesets,
        html,
        formats,
        trust_submitter,
        workers,
        title,
        fail_level,
        year,
    )
    try:
        if verify_file:
            outcome = command.verify(verify_file, workers)
        else:
            outcome = command.run(request, _write_given, _progress_bar)
    except command.AuditError as error:
        raise _fail(str(error)) from None
    click.echo(outcome.output, nl=False)
    for message in outcome.errors:
        click.echo(f"playbook-lint: {message}", err=True)
    raise click.exceptions.Exit(outcome.status)


@contextmanager
def _progress_bar(total: int) -> Iterator[Callable[[], None]]:
    """click's progress bar on stderr (files done, rate, time left), only on a terminal."""
    if not sys.stderr.isatty() or not total:
        yield lambda: None
        return
    started, done = time.monotonic(), 0
    bar: Any = click.progressbar(
        length=total,
        label="Auditing",
        file=sys.stderr,
        show_pos=True,
        show_eta=True,
        item_show_func=lambda rate: rate,
    )
    with bar:

        def step() -> None:
            nonlocal done
            done += 1
            bar.update(1, f"{done / max(time.monotonic() - started, 1e-6):.1f} files/s")

        yield step


@main.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--ruleset",
    "rulesets",
    multiple=True,
    metavar="ID|PATH",
    help="Judge both sides against this ruleset too (repeatable).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["new-findings", "loosens", "none"]),
    default="new-findings",
    show_default=True,
    help="Exit 1 on new findings; on those or any loosening; or never.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown", "github"]),
    default="text",
    show_default=True,
)
@click.option("--output", metavar="FILE", help="Write the report to FILE instead of stdout.")
@_YEAR_OPTION
@_limit_options
def diff(
    old: str,
    new: str,
    rulesets: tuple[str, ...],
    fail_on: str,
    output_format: str,
    output: str | None,
    year: int | None,
    file_time_limit: float,
    file_memory_limit: int,
) -> None:
    """What a policy change does: OLD and NEW are files, directories or REV:PATH."""
    from .diff.compare import diff_sides, gate
    from .diff.report import render as render_diff
    from .diff.revisions import SourceError, read_side

    try:
        sides = read_side(old, new), read_side(new, old)
    except SourceError as error:
        raise _fail(str(error)) from None
    _run(lambda: load_rulesets([Settings(rulesets=rulesets)]))
    try:
        limits = Limits(file_time_limit, file_memory_limit)
        diffs = diff_sides(*sides, rulesets, year, limits=limits)
    except (RulesetError, ValueError) as error:
        raise _fail(str(error)) from None
    text = render_diff(output_format, diffs)
    if output:
        _write_given(output, text)
    else:
        click.echo(text, nl=False)
    if any(f.code == PB000 for d in diffs for f in d.new_findings):
        # A playbook that could not be analysed (PB000) is exit 2, as in check.
        raise click.exceptions.Exit(EXIT_ERROR)
    raise click.exceptions.Exit(EXIT_FINDINGS if gate(diffs, fail_on) else EXIT_OK)


@main.command()
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of the YAML form."""
    from .editing.schema import schema_text

    click.echo(schema_text(), nl=False)


@main.command(name="format")
@click.argument("paths", nargs=-1)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file would change.")
@click.option("--diff", is_flag=True, help="Write nothing; print what would change.")
@click.option(
    "--stdin-filename", metavar="NAME", help="Name (and so form) of what '-' reads from stdin."
)
@_limit_options
def format_command(
    paths: tuple[str, ...],
    check: bool,
    diff: bool,
    stdin_filename: str | None,
    file_time_limit: float,
    file_memory_limit: int,
) -> None:
    """Rewrite DSL playbooks in the canonical layout (PATHS default to '.'; '-': stdin to
    stdout). YAML files are never rewritten."""
    from .editing.format import format_file

    limits = Limits(file_time_limit, file_memory_limit)
    inputs, errors = _read_or_fail(paths or (".",), stdin_filename)
    changed = 0
    for path, given in inputs:
        data = _bytes_of(path, given)
        if data is None:
            errors.append(f"cannot read {path}")
            continue
        text = decode(data)
        if isinstance(text, Unreadable):
            errors.append(f"{path}: {text.message}")
            continue
        result = _bound(path, limits, partial(format_file, path, text))
        if isinstance(result, _PastBound):
            errors.append(result.message)
        elif result.error:
            errors.append(result.error)
        elif path == (stdin_filename or "-") and "-" in paths and not (check or diff):
            click.echo(result.after if result.after is not None else text, nl=False)
        elif result.changed:
            changed += 1
            if diff:
                click.echo(result.diff(), nl=False)
            elif check:
                click.echo(f"would reformat {safe(path)}")
            elif result.after is not None:
                refused = _rewrite(path, data, result.after, paths or (".",))
                if refused:
                    errors.append(refused)
                    changed -= 1
    for message in errors:
        click.echo(f"playbook-lint: error: {safe(message)}", err=True)
    verb = "would be reformatted" if check or diff else "reformatted"
    click.echo(f"{changed} file{'s' if changed != 1 else ''} {verb}", err=True)
    if errors:
        raise click.exceptions.Exit(EXIT_ERROR)
    raise click.exceptions.Exit(EXIT_FINDINGS if changed and (check or diff) else EXIT_OK)


@main.command()
@click.argument("path")
@click.option("--to", "form", type=click.Choice(["dsl", "yaml"]), required=True)
@click.option(
    "--stdin-filename", metavar="NAME", help="Name (and so form) of what '-' reads from stdin."
)
@_limit_options
def convert(
    path: str,
    form: str,
    stdin_filename: str | None,
    file_time_limit: float,
    file_memory_limit: int,
) -> None:
    """Print a playbook in the other surface form (DSL <-> YAML), comments carried."""
    from .editing.convert import ConvertError
    from .editing.convert import convert as convert_text

    limits = Limits(file_time_limit, file_memory_limit)
    name, text = _read_one(path, stdin_filename)
    try:
        converted = _bounded_or_fail(name, limits, lambda: convert_text(text, name, form))
        click.echo(converted, nl=False)
    except ConvertError as error:
        where = f"{name}:{error.span.line}:{error.span.column}"
        raise _fail(f"cannot convert {where}: {error.message}") from None


def _read_one(path: str, stdin_filename: str | None) -> tuple[str, str]:
    """One file's name and text ('-': stdin); unreadable or undecodable is exit 2."""
    if path == "-":
        try:
            data, path = read_stdin(READ_LIMIT), stdin_filename or "-"
        except OSError as error:
            raise _fail(error.strerror or str(error)) from None
    else:
        try:
            data = read_regular(path, READ_LIMIT)  # never blocks on a FIFO
        except OSError as error:
            raise _fail(f"cannot read {path}: {error.strerror}") from None
    text = decode(data)
    if isinstance(text, Unreadable):
        raise _fail(f"{path}: {text.message}")
    return path, text


@main.command()
def server() -> None:
    """Run the language server on stdin/stdout (for editors)."""
    from .server.app import serve

    serve()
