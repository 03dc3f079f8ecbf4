"""What every format is: a ``Format`` record that opens a ``Sink``.

A run writes a report by opening its format's sink, adding each file's findings (in
path order, each file's sorted, silenced ones included) and finishing it; ``render``
does the same for findings already collected. So there is one renderer per format:
formats that can write as files arrive do so (``concise``, ``full``, ``json``,
``jsonl``, ``github``, ``sarif``, so a run's memory does not grow with its files), and
formats that need the whole run (``gitlab``, ``junit``) buffer inside their sink.
Every value that came from a file is escaped in ``Sink.add``, the one place.

``diff`` and ``audit`` have tables of the same ``Format`` record (``diff/report.py``,
``audit/formats.py``): what they report is a playbook's diff or an audited playbook
instead of a file's findings, so their sinks add those (``Buffered``: each of their
formats needs the whole run). ``parse_format_spec`` reads ``--format NAME[:FILE]`` for
every table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

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


OptionsT = TypeVar("OptionsT", contravariant=True)
SinkT = TypeVar("SinkT", covariant=True)
ItemT = TypeVar("ItemT")


class Opener(Protocol[OptionsT, SinkT]):
    """How a format opens its sink: given where to write and the front end's options."""

    def __call__(self, write: Write, options: OptionsT, /) -> SinkT: ...


@dataclass(frozen=True)
class Format(Generic[OptionsT, SinkT]):
    """One ``--format``: its name and how to open its sink."""

    name: str
    open: Opener[OptionsT, SinkT]
    # What the format is for, in the help of --format.
    summary: str = ""


def table(*formats: Format[OptionsT, SinkT]) -> dict[str, Format[OptionsT, SinkT]]:
    """A front end's formats by name, in the order given (the order of its help)."""
    return {f.name: f for f in formats}


class Buffered(Generic[ItemT]):
    """The sink of a format that needs the whole run: keeps each item until ``finish``,
    then writes ``render`` of them all."""

    def __init__(self, write: Write, render: Callable[[Sequence[ItemT]], str]) -> None:
        self._write = write
        self._render = render
        self._items: list[ItemT] = []

    def add(self, item: ItemT) -> None:
        self._items.append(item)

    def finish(self) -> None:
        self._write(self._render(self._items))


def render_items(
    found: Format[OptionsT, Buffered[ItemT]], options: OptionsT, items: Iterable[ItemT]
) -> str:
    """The whole report of ``items`` in a ``Buffered`` format: open, add each, finish."""
    out: list[str] = []
    sink = found.open(out.append, options)
    for item in items:
        sink.add(item)
    sink.finish()
    return "".join(out)


@dataclass(frozen=True)
class FormatSpec:
    """One ``--format``: a format name, and the file to write it to (None: the output)."""

    name: str
    path: str | None = None


def parse_format_spec(spec: str, formats: Mapping[str, object], what: str = "format") -> FormatSpec:
    """``sarif`` or ``sarif:reports/out.sarif``, a name of ``formats``; ValueError names
    the known ones (``what`` says whose: "format", "audit format")."""
    name, sep, path = spec.partition(":")
    name = name.strip().lower()
    if name not in formats:
        raise ValueError(f"unknown {what} {name!r}; use one of {', '.join(formats)}")
    if sep and not path.strip():
        raise ValueError(f"--format {spec!r} names no file after ':'")
    return FormatSpec(name, path.strip() if sep else None)
