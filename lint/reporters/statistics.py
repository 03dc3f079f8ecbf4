"""``--statistics``: how many findings of each code (and rule), instead of the findings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..diagnostics import Finding
from .common import visible


def render_statistics(findings: Sequence[Finding]) -> str:
    """One line per code and rule, most frequent first: ``  14  PB101  contact-frequency  …``."""
    shown = visible(findings)
    counts = Counter((f.code, f.check, f.rule or "", str(f.severity)) for f in shown)
    if not counts:
        return ""
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = len(str(rows[0][1]))
    name_width = max(len(key[1]) for key, _ in rows)
    lines = []
    for (code, check, rule, severity), count in rows:
        where = f"  [{rule}]" if rule else ""
        lines.append(
            f"{count:>{width}}  {code}  {check:<{name_width}}  {severity:<7}{where}".rstrip()
        )
    return "\n".join(lines) + "\n"
