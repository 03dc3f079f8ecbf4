"""What every format is: a ``Format`` record that opens a ``Sink``.

A run writes a report by opening its format's sink, adding each file's findings (in
path order, each file's sorted, silenced ones included) and finishing it; ``render``
does the same for findings already collected. So there is one renderer per format:
formats that can write as files arrive do so (``concise``, ``full``, ``json``,
``jsonl``, ``github``, ``sarif``, so a run's memory does not grow with its files), and
formats that need the whole run (``gitlab``, ``junit``) buffer inside their sink.
Every value that came from a file is escaped in ``Sink.add``, the one place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..diagnostics import Finding, Severity
from .escape import escaped, safe

Write = Callable[[str], None]


@dataclass(frozen=True)
class Options:
    """What a format may need besides the findings."""

    color: bool = False
    # --show-suppressed: JSON and JSONL include silenced findings with their reason.
    show_suppressed: bool = False
    # The analysed year (None: the current year), for SARIF's run properties.
    year: int | None = None


class Sink:
    """One report in the making: ``add`` each file's findings, then ``finish``."""

    def __init__(self, write: Write, options: Options) -> None:
        self._write = write
        self.options = options
        self.by_severity: Counter[Severity] = Counter()
        self.files_with_findings = 0

    def add(self, path: str, findings: Sequence[Finding], source: str | None) -> None:
        """One file: its findings (sorted, silenced ones included) and its text (or None)."""
        path = safe(path)
        every = [escaped(f) for f in findings]
        shown = [f for f in every if f.suppressed is None]
        if shown:
            self.files_with_findings += 1
            self.by_severity.update(f.severity for f in shown)
        self.file(path, shown, every, source)

    def file(
        self, path: str, shown: list[Finding], every: list[Finding], source: str | None
    ) -> None:
        """Write (or keep) one file's part: ``shown`` are the findings nothing silenced."""
        raise NotImplementedError

    def finish(self, files_checked: int) -> None:
        """Write what closes the report."""


@dataclass(frozen=True)
class Format:
    """One ``--format``: its name and how to open its sink."""

    name: str
    open: Callable[[Write, Options], Sink]
    # What the format is for, in the help of --format.
    summary: str = ""
