"""``--format jsonl``: the objects of ``--format json``, one per line (streams, greps)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..diagnostics import Finding
from .common import visible
from .json_report import finding_objects
from .sink import Format, Options, Sink, Write


def render_jsonl(findings: Sequence[Finding], *, show_suppressed: bool = False) -> str:
    """One compact JSON object per line, sorted by path, line, column, code; silenced
    findings only with ``show_suppressed`` (``--show-suppressed``)."""
    shown = findings if show_suppressed else visible(findings)
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in finding_objects(shown))


class _JsonlSink(Sink):
    def file(
        self, path: str, shown: list[Finding], every: list[Finding], source: str | None
    ) -> None:
        show = self.options.show_suppressed
        self._write(render_jsonl(every if show else shown, show_suppressed=show))


def _open(write: Write, options: Options) -> Sink:
    return _JsonlSink(write, options)


JSONL = Format("jsonl", _open)
