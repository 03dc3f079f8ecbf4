"""The formats of ``audit --format``: the same ``Format`` record as check's, lines of the
one table (``run/format_table.py``), whose sinks add audited playbooks. ``json`` and ``csv`` are the
audit's own (``machine.py``); ``sarif`` and ``concise`` are check's, given every
playbook's findings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..output import FORMATS, RenderInput, render
from ..output.registry import formats
from ..output.sink import Buffered, Format, Write
from .context import Context
from .judge import Judged
from .machine import render_csv, render_json


@dataclass(frozen=True)
class AuditOptions:
    """What the audit's formats need besides the playbooks: the evidence block and what
    was not judged."""

    evidence: dict[str, Any]
    context: Context


AuditFormat = Format[AuditOptions, Buffered[Judged]]


def _open_json(write: Write, options: AuditOptions) -> Buffered[Judged]:
    return Buffered(write, lambda judged: render_json(judged, options.evidence, options.context))


def _open_csv(write: Write, options: AuditOptions) -> Buffered[Judged]:
    return Buffered(write, lambda judged: render_csv(judged, options.context))


def _findings_format(name: str) -> AuditFormat:
    """Check's format ``name`` over every audited playbook's findings."""
    assert name in FORMATS

    def render_all(judged: Sequence[Judged]) -> str:
        findings = sorted(f for j in judged for f in j.findings)
        return render(name, findings, RenderInput(files=tuple(j.path for j in judged)))

    def open_sink(write: Write, options: AuditOptions) -> Buffered[Judged]:
        return Buffered(write, render_all)

    return Format(name, open_sink)


# The formats of `audit --format`, each a line of the one table (run/format_table.py).
JSON: AuditFormat = Format("json", _open_json)
CSV: AuditFormat = Format("csv", _open_csv)
SARIF = _findings_format("sarif")
CONCISE = _findings_format("concise")


def audit_formats() -> Mapping[str, AuditFormat]:
    """The audit's formats by name, from the one table."""
    return formats("audit")
