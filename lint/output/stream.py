"""Reports written file by file, so a run's memory does not grow with its files.

``concise``, ``full``, ``jsonl`` and ``github`` are written as each file's findings
arrive; ``json`` is written one object at a time into its array; ``sarif`` spools its
results to an unnamed temporary file and writes the log around them at the end (the
rules it lists are only known then). Every stream writes exactly what the format's
reporter writes for the whole run, provided files arrive in path order with their
findings sorted: the order every report is sorted in.

Formats that need the whole run at once (``gitlab``, ``junit``, ``--statistics``, a
baseline, the GitHub step summary) are not streamed; the run collects for them.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from typing import IO, Any

from ..diagnostics import Finding, Severity
from .common import fingerprints
from .github import annotate_file, left_out_notice
from .json_report import finding_object
from .jsonl import render_jsonl
from .sarif import project_root, render_sarif, result_object, rule_descriptor, rule_id, sarif_log
from .text import render_concise, render_full, summary_line

STREAMED_FORMATS = frozenset({"concise", "full", "jsonl", "json", "github", "sarif"})

Write = Callable[[str], None]


class ReportStream:
    """One report in the making: ``add`` each file's findings (silenced ones included,
    sorted), then ``finish``."""

    def __init__(self, write: Write) -> None:
        self._write = write
        self.by_severity: Counter[Severity] = Counter()
        self.files_with_findings = 0

    def add(self, path: str, findings: Sequence[Finding], source: str | None) -> None:
        shown = [f for f in findings if f.suppressed is None]
        if shown:
            self.files_with_findings += 1
            self.by_severity.update(f.severity for f in shown)
        self._file(path, shown, findings, source)

    def _file(
        self, path: str, shown: list[Finding], every: Sequence[Finding], source: str | None
    ) -> None:
        raise NotImplementedError

    def finish(self, files_checked: int) -> None:
        """Write what closes the report."""


class _Concise(ReportStream):
    def __init__(self, write: Write, color: bool) -> None:
        super().__init__(write)
        self._color = color

    def _file(
        self, path: str, shown: list[Finding], every: Sequence[Finding], source: str | None
    ) -> None:
        if shown:
            self._write(render_concise(shown, color=self._color))

    def finish(self, files_checked: int) -> None:
        self._write(summary_line(self.by_severity, self.files_with_findings, files_checked))


class _Full(_Concise):
    def _file(
        self, path: str, shown: list[Finding], every: Sequence[Finding], source: str | None
    ) -> None:
        if shown:
            self._write(render_full(shown, {path: source} if source else {}, color=self._color))


class _Jsonl(ReportStream):
    def _file(
        self, path: str, shown: list[Finding], every: Sequence[Finding], source: str | None
    ) -> None:
        if shown:
            self._write(render_jsonl(shown))


def _indented(value: Any, depth: int, *, ascii_only: bool = False) -> str:
    """``value`` as ``json.dumps(..., indent=2)`` writes it ``depth`` levels deep."""
    text = json.dumps(value, indent=2, ensure_ascii=ascii_only)
    return text.replace("\n", "\n" + "  " * depth)


class _Json(ReportStream):
    """``[`` then each object as the array's ``indent=2`` dump would place it, then ``]``."""

    def __init__(self, write: Write) -> None:
        super().__init__(write)
        self._count = 0

    def _file(
        self, path: str, shown: list[Finding], every: Sequence[Finding], source: str | None
    ) -> None:
        for finding in shown:
            self._write("[\n  " if self._count == 0 else ",\n  ")
            self._write(_indented(finding_object(finding), 1))
            self._count += 1

    def finish(self, files_checked: int) -> None:
        self._write("\n]\n" if self._count else "[]\n")


class _Github(ReportStream):
    """``render_github`` a file at a time: the annotation caps count across files."""

    def __init__(self, write: Write) -> None:
        super().__init__(write)
        self._used: Counter[Severity] = Counter()
        self._left_out = 0

    def _file(
        self, path: str, shown: list[Finding], every: Sequence[Finding], source: str | None
    ) -> None:
        if shown:
            text, self._left_out = annotate_file(path, shown, self._used, self._left_out)
            self._write(text)

    def finish(self, files_checked: int) -> None:
        self._write(left_out_notice(self._left_out))


class _Sarif(ReportStream):
    """Results spooled to an unnamed temporary file; the log is written around them at
    the end, when the rules the results point at are all known."""

    _MARKER = json.dumps("\x00results\x00")

    def __init__(self, write: Write, year: int | None = None) -> None:
        super().__init__(write)
        self._year = year
        self._root = project_root()  # what the whole-run reporter makes paths relative to
        # Closed in finish(); a run that dies first leaves nothing: the file has no name.
        self._spool: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._rules: list[dict[str, Any]] = []
        self._index: dict[str, int] = {}
        self._count = 0
        head, _ = self._around([])
        self._depth = (len(head) - head.rindex("\n") - 1) // 2

    def _around(self, rules: list[dict[str, Any]]) -> tuple[str, str]:
        """The log's text before and after its results (the marker's line)."""
        skeleton = sarif_log([], root=self._root, year=self._year)
        run = skeleton["runs"][0]
        run["tool"]["driver"]["rules"] = rules
        run["results"] = [json.loads(self._MARKER)]
        text = json.dumps(skeleton, indent=2) + "\n"
        head, _, tail = text.partition(self._MARKER)
        return head, tail

    def _file(
        self, path: str, shown: list[Finding], every: Sequence[Finding], source: str | None
    ) -> None:
        # Fingerprints count repeats of a logical key, which includes the path: a
        # file's findings alone give the same ones as the whole run's.
        for finding, fingerprint in zip(every, fingerprints(every), strict=True):
            rid = rule_id(finding)
            if rid not in self._index:
                self._index[rid] = len(self._rules)
                self._rules.append(rule_descriptor(finding))
            if self._count:
                self._spool.write(",\n" + "  " * self._depth)
            result = result_object(finding, self._index[rid], fingerprint, self._root)
            self._spool.write(_indented(result, self._depth, ascii_only=True))
            self._count += 1

    def finish(self, files_checked: int) -> None:
        if not self._count:
            self._spool.close()
            self._write(render_sarif([], root=self._root, year=self._year))
            return
        head, tail = self._around(self._rules)
        self._write(head)
        self._spool.seek(0)
        while chunk := self._spool.read(1 << 16):
            self._write(chunk)
        self._spool.close()
        self._write(tail)


def open_stream(
    name: str, write: Write, *, color: bool = False, year: int | None = None
) -> ReportStream:
    """The stream of format ``name`` (one of ``STREAMED_FORMATS``)."""
    if name == "concise":
        return _Concise(write, color)
    if name == "full":
        return _Full(write, color)
    if name == "jsonl":
        return _Jsonl(write)
    if name == "json":
        return _Json(write)
    if name == "github":
        return _Github(write)
    if name == "sarif":
        return _Sarif(write, year)
    raise ValueError(f"format {name!r} is not streamed")
