"""The reports of one ``check``: which to write and where, and writing them through each
format's sink, either as files are linted (streamed) or from the collected run.

Nothing here reads argv or exits: ``write`` is where the report for the output goes
(the command line's stdout), ``warn`` where a warning goes, and a report that cannot be
written is a ``ReportError`` (the command line prints it and exits 2).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

from ..diagnostics import Finding
from ..run.check import FileReport, ReadFailure, selected_in_file
from ..run.config import Settings
from ..run.guard import PB000
from ..run.selection import fails
from . import FormatSpec, RenderInput, open_sink, parse_format_spec, render
from .github import render_step_summary
from .report_files import (
    ReportPathError,
    ReportTarget,
    StreamedReport,
    check_targets,
    open_streamed,
    write_report,
)
from .sink import Options, Sink
from .statistics import render_statistics

Write = Callable[[str], None]


class ReportError(Exception):
    """A report that must not or cannot be written; the message says why (exit 2)."""


def format_specs(formats: Sequence[str], output: str | None, terminal: bool) -> list[FormatSpec]:
    """The reports to write; at most one goes to the output (stdout or ``--output``).
    None given: ``full`` on a terminal, else ``concise``."""
    try:
        specs = [parse_format_spec(f) for f in formats]
    except ValueError as error:
        raise ReportError(str(error)) from None
    if not specs:
        specs = [FormatSpec("full" if terminal and not output else "concise")]
    to_stdout = [s for s in specs if s.path is None]
    if len(to_stdout) > 1:
        names = ", ".join(s.name for s in to_stdout)
        raise ReportError(
            f"only one report can go to the output, not {names}; "
            "give the others a file: --format sarif:report.sarif"
        )
    if output:
        specs = [replace(s, path=output) if s.path is None else s for s in specs]
    return specs


def report_targets(
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
        raise ReportError(str(error)) from None
    return targets


def streamable(
    specs: Sequence[FormatSpec],
    run: Settings,
    *,
    statistics: bool,
    write_baseline: str | None,
    shown: bool = False,
    environ: Mapping[str, str] = os.environ,
) -> bool:
    """Whether the reports can be written as files are linted (each format's sink; those
    that need the whole run buffer inside it): not when the run itself needs every
    finding first (statistics, a baseline, the step summary) or shows suppressed
    findings (``--show-suppressed``)."""
    if statistics or write_baseline or run.baseline or shown:
        return False
    return not (any(s.name == "github" for s in specs) and environ.get("GITHUB_STEP_SUMMARY"))


@dataclass(frozen=True)
class Streamed:
    """What a streamed run leaves for the exit status: whether a finding reaches its
    file's fail level, the files that could not be read, whether a file ended as PB000,
    and one report standing for the run's in ``select_notes`` (the codes that applied)."""

    failing: bool
    unread: list[str]
    not_analysed: bool
    applied: list[FileReport]


def stream_reports(
    specs: Sequence[FormatSpec],
    targets: Mapping[str, ReportTarget],
    outcomes: Iterable[FileReport | ReadFailure],
    settings: Mapping[str, Settings],
    *,
    write: Write,
    color: bool,
    year: int | None,
) -> Streamed:
    """Write every report as files are linted, through the sinks ``render`` uses."""
    files: list[StreamedReport] = []
    streams: list[Sink] = []
    for spec in specs:
        if spec.path is None:
            streams.append(open_sink(spec.name, write, Options(color, year=year)))
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
    return Streamed(failing, read_errors, not_analysed, run)


def emit_reports(
    specs: Sequence[FormatSpec],
    targets: Mapping[str, ReportTarget],
    reports: Sequence[FileReport],
    findings: Sequence[Finding],
    silenced: Sequence[Finding],
    *,
    write: Write,
    warn: Write,
    statistics: bool,
    color: bool,
    output: str | None = None,
    extra: RenderInput | None = None,
) -> None:
    """Write every report of the collected run: one to the output, the others to their
    files. A file never gets colour codes, whatever ``--color`` says."""
    extra = replace(
        extra or RenderInput(),
        files=tuple(r.path for r in reports),
        sources={r.path: r.source for r in reports if r.source is not None},
        color=color,
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
            write(text)
        else:
            write_target(targets[spec.path], text)
        if spec.name == "github":
            append_step_summary(findings, len(reports), warn)


def append_step_summary(
    findings: Sequence[Finding],
    files_checked: int,
    warn: Write,
    environ: Mapping[str, str] = os.environ,
) -> None:
    """GitHub Actions: the Markdown summary goes to the file $GITHUB_STEP_SUMMARY names."""
    target = environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as stream:
            stream.write(render_step_summary(findings, files_checked))
    except OSError as error:
        warn(f"playbook-lint: warning: cannot write the step summary: {error}")


def write_target(target: ReportTarget, text: str) -> None:
    """Write one report file whole; a path it must not or cannot be is a ``ReportError``."""
    with _report_errors(target.path):
        write_report(target, text)


def _open_report(target: ReportTarget) -> StreamedReport:
    with _report_errors(target.path):
        return open_streamed(target)


def _commit_report(report: StreamedReport) -> None:
    with _report_errors(report.path):
        report.commit()


@contextmanager
def _report_errors(path: str) -> Iterator[None]:
    """The one wording of a report file that must not or cannot be written."""
    try:
        yield
    except ReportPathError as error:
        raise ReportError(str(error)) from None
    except OSError as error:
        raise ReportError(f"cannot write {path}: {error.strerror or error}") from None
