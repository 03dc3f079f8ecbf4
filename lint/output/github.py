"""``--format github``: GitHub Actions workflow commands, and a step summary in Markdown.

``::error file=F,line=L,col=C,endLine=…,endColumn=…,title=T::MESSAGE`` per finding,
grouped per file. GitHub turns at most 10 error, 10 warning and 10 notice commands of a
step into annotations, so only the first of each level become commands; the rest are
printed as plain log lines and a final ``::notice`` says how many were left out (a silent
cap once made a failing check look clean: spectral-action #660).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import groupby

from ..diagnostics import Finding, Severity
from .common import label, visible
from .escape import markdown_text
from .sink import Format, Options, Sink, Write

# GitHub's per-step limit for each annotation level (actions/toolkit#734).
ANNOTATIONS_PER_LEVEL = 10

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message: ``%``, CR and LF (as @actions/core's escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as data, plus ``:`` and ``,`` (escapeProperty)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """The workflow command of one finding."""
    props = [
        ("file", finding.path),
        ("line", str(finding.line)),
        ("col", str(finding.column)),
        ("endLine", str(max(finding.end_line, finding.line))),
        ("endColumn", str(finding.end_column)),
        ("title", f"playbook-lint {label(finding)}"),
    ]
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    message = finding.message
    if finding.cite:
        message += f"\ncite: {finding.cite}"
    if finding.help:
        message += f"\nhelp: {finding.help}"
    return f"::{_COMMAND[finding.severity]} {rendered}::{escape_data(message)}"


def _plain(finding: Finding) -> str:
    """A log line for a finding past the annotation cap (concise form, one line)."""
    text = (
        f"{finding.path}:{finding.line}:{finding.column}: {finding.severity} "
        f"{label(finding)} {finding.message}"
    )
    return text.replace("\r", " ").replace("\n", " ")


def render_github(findings: Sequence[Finding], *, per_level: int = ANNOTATIONS_PER_LEVEL) -> str:
    """Workflow commands: a ``::group::`` per file, capped annotations, a closing notice."""
    used: Counter[Severity] = Counter()
    left_out = 0
    out: list[str] = []
    for path, group in groupby(visible(findings), key=lambda f: f.path):
        text, left_out = annotate_file(path, list(group), used, left_out, per_level=per_level)
        out.append(text)
    out.append(left_out_notice(left_out, per_level=per_level))
    return "".join(out)


def annotate_file(
    path: str,
    findings: Sequence[Finding],
    used: Counter[Severity],
    left_out: int,
    *,
    per_level: int = ANNOTATIONS_PER_LEVEL,
) -> tuple[str, int]:
    """One file's ``::group::``; ``used`` counts the annotations made so far (updated) and
    the findings past the cap are counted into the returned ``left_out``."""
    # A group title is command data: only %, CR and LF need escaping.
    lines = [f"::group::{escape_data(path)}"]
    for finding in findings:
        if used[finding.severity] < per_level:
            used[finding.severity] += 1
            lines.append(annotation(finding))
        else:
            left_out += 1
            lines.append(_plain(finding))
    lines.append("::endgroup::")
    return "".join(line + "\n" for line in lines), left_out


def left_out_notice(left_out: int, *, per_level: int = ANNOTATIONS_PER_LEVEL) -> str:
    """The closing notice when the caps left findings without an annotation."""
    if not left_out:
        return ""
    noun = "finding was" if left_out == 1 else "findings were"
    note = (
        f"{left_out} more {noun} not annotated (GitHub shows at most {per_level} "
        f"annotations of each level per step); they are in the log above, and "
        f"--format sarif:FILE writes every finding for code scanning"
    )
    return f"::notice title=playbook-lint::{escape_data(note)}\n"


def _cell(text: str) -> str:
    """Text inert inside a Markdown table cell: the escaping ``diff --format markdown``
    uses (no link, image, HTML, code-span break-out or table break from a finding)."""
    return markdown_text(text)


def render_step_summary(findings: Sequence[Finding], files_checked: int) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: totals, counts per code, then each finding."""
    shown = visible(findings)
    silenced = len(findings) - len(shown)
    by_severity = Counter(f.severity for f in shown)
    files = len({f.path for f in shown})
    lines = ["## playbook-lint", ""]
    if not shown:
        lines.append(f"No findings in {files_checked} file{'s' if files_checked != 1 else ''}.")
    else:
        parts = [
            f"{by_severity[s]} {s}{'s' if by_severity[s] != 1 else ''}"
            for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
            if by_severity[s]
        ]
        lines.append(f"Found {', '.join(parts)} in {files} of {files_checked} files.")
    if silenced:
        lines.append("")
        lines.append(f"{silenced} suppressed or baselined finding(s) not shown.")
    if shown:
        lines += ["", "| code | rule | severity | count |", "|---|---|---|---|"]
        counts = Counter((f.code, f.rule or "", f.severity) for f in shown)
        for (code, rule, severity), count in sorted(
            counts.items(), key=lambda item: (-item[1], item[0][0], item[0][1])
        ):
            lines.append(f"| {code} | {_cell(rule)} | {severity} | {count} |")
        lines += ["", "| where | finding |", "|---|---|"]
        for f in shown:
            where = _cell(f"{f.path}:{f.line}:{f.column}")
            lines.append(f"| {where} | {_cell(f'{f.severity} {label(f)} {f.message}')} |")
    return "\n".join(lines) + "\n"


class _GithubSink(Sink):
    """``render_github`` a file at a time: the annotation caps count across files."""

    def __init__(self, write: Write, options: Options) -> None:
        super().__init__(write, options)
        self._used: Counter[Severity] = Counter()
        self._left_out = 0

    def file(
        self, path: str, shown: list[Finding], every: list[Finding], source: str | None
    ) -> None:
        if shown:
            text, self._left_out = annotate_file(path, shown, self._used, self._left_out)
            self._write(text)

    def finish(self, files_checked: int) -> None:
        self._write(left_out_notice(self._left_out))


def _open(write: Write, options: Options) -> Sink:
    return _GithubSink(write, options)


GITHUB = Format("github", _open)
