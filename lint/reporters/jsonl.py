"""``--format jsonl``: the objects of ``--format json``, one per line (streams, greps)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..diagnostics import Finding
from .common import finding_object, visible


def render_jsonl(findings: Sequence[Finding]) -> str:
    """One compact JSON object per line, sorted by path, line, column, code."""
    return "".join(
        json.dumps(finding_object(f), ensure_ascii=False) + "\n" for f in visible(findings)
    )
