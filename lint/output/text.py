"""The human formats: ``full`` (a code frame per finding, rustc/ruff style) and ``concise``."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence

from ..diagnostics import Finding, Severity
from .escape import bounded, visible
from .sink import Format, Options, Sink, Write

# Findings of one file that get a code frame.
MAX_FRAMES_PER_FILE = 100
# Characters of a source line shown before and after a finding's span (and of the span).
_FRAME_CONTEXT = 200

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def _width(text: str) -> int:
    """Terminal columns of ``text``: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _rule_suffix(finding: Finding) -> str:
    return f"  [{finding.rule}]" if finding.rule else ""


def render_concise(findings: Sequence[Finding], *, color: bool = False) -> str:
    """One line per finding: ``path:line:col: severity CODE [rule] message``, and the
    finding's "did you mean" hint when its message does not hold one already (pre-commit
    and CI logs show this format; a typo's fix must not be lost there)."""
    lines = []
    for f in findings:
        rule = f" [{f.rule}]" if f.rule else ""
        where = _paint(f"{f.path}:{f.line}:{f.column}:", "1", color)
        severity = _paint(f"{f.severity} {f.code}", _COLORS[f.severity], color)
        lines.append(f"{where} {severity}{rule} {f.message}{_hint(f)}")
    return "".join(line + "\n" for line in lines)


_HINT = re.compile(r"did you mean [^?]*\?")


def _hint(finding: Finding) -> str:
    """``; did you mean 'x'?`` from the finding's help, or nothing."""
    if "did you mean" in finding.message:
        return ""
    match = _HINT.search(finding.help or "")
    return f"; {match.group()}" if match else ""


def render_full(
    findings: Sequence[Finding],
    sources: Mapping[str, str],
    *,
    color: bool = False,
) -> str:
    """Each finding with the source line it points at and carets under the span."""
    # Each file is split into lines once, not once per finding.
    with_findings = {f.path for f in findings}
    # Lines end at "\n" only, as in every position table (parse.other_line_break).
    lines_of = {
        p: tuple(line.removesuffix("\r") for line in sources[p].split("\n"))
        for p in with_findings
        if p in sources
    }
    framed: Counter[str] = Counter()
    blocks = []
    for f in findings:
        # Past the first frames of a file, the finding alone: one file cannot make the
        # report hundreds of MB by repeating the same long excerpt (issue 15 item 8).
        framed[f.path] += 1
        source = lines_of.get(f.path) if framed[f.path] <= MAX_FRAMES_PER_FILE else None
        blocks.append(_frame(f, source, color))
    return "".join(block + "\n" for block in blocks)


def _frame(finding: Finding, source: Sequence[str] | None, color: bool) -> str:
    severity = _paint(str(finding.severity), "1;" + _COLORS[finding.severity], color)
    head = f"{severity}{_paint(f'[{finding.code}]', '1', color)} {finding.message}"
    lines = [head + _rule_suffix(finding), f"  --> {finding.path}:{finding.line}:{finding.column}"]
    lines.extend(_code_frame(finding, source, color))
    if finding.cite:
        cite = finding.cite + (f": {finding.why}" if finding.why else "")
        lines.append(f"   = cite: {cite}")
    if finding.url:
        lines.append(f"   = see: {finding.url}")
    if finding.help:
        lines.append(f"   = help: {finding.help}")
    return "\n".join(lines) + "\n"


def _code_frame(finding: Finding, source_lines: Sequence[str] | None, color: bool) -> list[str]:
    if source_lines is None:
        return []
    if not 1 <= finding.line <= len(source_lines):
        return []
    raw = source_lines[finding.line - 1].replace("\t", " ")
    number = str(finding.line).rjust(2)  # " 9 |" as in rustc and ruff; "12 |" for more digits
    gutter = " " * len(number)
    start = min(finding.column - 1, len(raw))
    end = finding.end_column - 1 if finding.end_line == finding.line else len(raw)
    end = max(min(end, len(raw)), start + 1)
    # The line is file text: escaped piecewise, so the carets stay under the span, and cut
    # around the span, so a 100 KB line is not printed once per finding.
    before = visible(raw[:start])[-_FRAME_CONTEXT:]
    span = bounded(visible(raw[start:end]), _FRAME_CONTEXT)
    after = bounded(visible(raw[end:]), _FRAME_CONTEXT)
    if len(before) < len(visible(raw[:start])):
        before = "…" + before
    text = before + span + after
    carets = " " * _width(before) + "^" * max(_width(span), 1)
    return [
        f"{gutter} |",
        f"{number} | {text}",
        f"{gutter} | {_paint(carets, _COLORS[finding.severity], color)}",
    ]


def render_summary(findings: Sequence[Finding], files_checked: int) -> str:
    """The closing line: how many findings of which severity in how many files."""
    by_severity = Counter(f.severity for f in findings)
    return summary_line(by_severity, len({f.path for f in findings}), files_checked)


def summary_line(
    by_severity: Mapping[Severity, int], files_with_findings: int, files_checked: int
) -> str:
    """``render_summary`` from counts (what a streamed report keeps)."""
    if not files_with_findings:
        noun = "file" if files_checked == 1 else "files"
        return f"All checks passed ({files_checked} {noun}).\n"
    counts = []
    for severity in Severity:
        n = by_severity.get(severity, 0)
        if n:
            counts.append(f"{n} {severity}{'' if n == 1 else 's'}")
    listed = " and ".join([", ".join(counts[:-1]), counts[-1]] if len(counts) > 1 else counts)
    return f"Found {listed} in {files_with_findings} of {files_checked} files.\n"


class _ConciseSink(Sink):
    def file(
        self, path: str, shown: list[Finding], every: list[Finding], source: str | None
    ) -> None:
        if shown:
            self._write(render_concise(shown, color=self.options.color))

    def finish(self, files_checked: int) -> None:
        self._write(summary_line(self.by_severity, self.files_with_findings, files_checked))


class _FullSink(_ConciseSink):
    def file(
        self, path: str, shown: list[Finding], every: list[Finding], source: str | None
    ) -> None:
        if shown:
            sources = {path: source} if source else {}
            self._write(render_full(shown, sources, color=self.options.color))


def _open_full(write: Write, options: Options) -> Sink:
    return _FullSink(write, options)


def _open_concise(write: Write, options: Options) -> Sink:
    return _ConciseSink(write, options)


FULL = Format("full", _open_full)
CONCISE = Format("concise", _open_concise)
