"""Reports: one module per format, each a ``Format`` whose sink writes the report
(``sink.py``); ``FORMATS`` are check's, from the one table of every command's formats
(``run/format_table.py``, records imported by ``registry.py``).

``render`` writes a report of findings already collected; a run streams into the same
sinks (``open_sink``); ``parse_format_spec`` reads ``--format NAME[:PATH]``. Every
format shows only findings that nothing silenced, except SARIF, which keeps suppressed
and baselined ones (marked) for the audit trail, and JSON/JSONL with --show-suppressed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..diagnostics import Finding
from .registry import formats
from .sink import Format, FormatSpec, Options, Sink
from .sink import parse_format_spec as parse_spec

__all__ = ["FORMATS", "FormatSpec", "RenderInput", "open_sink", "parse_format_spec", "render"]

# Check's formats, from the one table of every command's formats (run/format_table.py): --format,
# the config's `format`, the help text, the tests and every front end read it. A format is
# one module with its sink and one line there.
FORMATS: Mapping[str, Format[Options, Sink]] = formats("check")


def parse_format_spec(spec: str) -> FormatSpec:
    """``sarif`` or ``sarif:reports/out.sarif``; ValueError names the known formats."""
    return parse_spec(spec, FORMATS)


@dataclass(frozen=True)
class RenderInput:
    """What any reporter may need besides the findings."""

    files: tuple[str, ...] = ()  # every file checked, in order
    sources: Mapping[str, str] | None = None  # path -> text, for code frames
    color: bool = False
    # --show-suppressed: JSON and JSONL include silenced findings with their reason.
    show_suppressed: bool = False
    # The analysed year (None: the current year), for SARIF's run properties.
    year: int | None = None


def open_sink(name: str, write: Callable[[str], None], options: Options) -> Sink:
    """The sink of format ``name``, writing through ``write``."""
    found = FORMATS.get(name)
    if found is None:
        raise ValueError(f"unknown format {name!r}")
    return found.open(write, options)


def render(name: str, findings: Sequence[Finding], extra: RenderInput) -> str:
    """The report in format ``name`` of findings already collected (silenced ones may be
    among them): open the sink, add each file in path order, finish."""
    out: list[str] = []
    sink = open_sink(name, out.append, Options(extra.color, extra.show_suppressed, extra.year))
    by_path: dict[str, list[Finding]] = {}
    for finding in sorted(findings):
        by_path.setdefault(finding.path, []).append(finding)
    sources = extra.sources or {}
    for path in sorted({*extra.files, *by_path}):
        sink.add(path, by_path.get(path, []), sources.get(path))
    sink.finish(len(extra.files))
    return "".join(out)
