"""``--statistics``: how many findings of each code (and rule), instead of the findings."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from ..diagnostics import Finding, Severity
from .common import visible


def render_statistics(findings: Sequence[Finding], *, as_json: bool = False) -> str:
    """One line per code and rule, most frequent first: ``  14  PB101  contact-frequency  …``;
    with ``as_json`` (``--statistics --format json``) a JSON object with the totals."""
    shown = visible(findings)
    if as_json:
        return _as_json(shown)
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


def _as_json(shown: Sequence[Finding]) -> str:
    """``{"total": N, "by_severity": {...}, "files": N, "counts": [{code, check, rule,
    severity, count}, ...]}``, counts most frequent first."""
    counts = Counter((f.code, f.check, f.rule, str(f.severity)) for f in shown)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0], item[0][2] or ""))
    severities = Counter(str(f.severity) for f in shown)
    document = {
        "total": len(shown),
        "by_severity": {s.value: severities.get(s.value, 0) for s in Severity},
        "files_with_findings": len({f.path for f in shown}),
        "counts": [
            {"code": code, "check": check, "rule": rule, "severity": severity, "count": n}
            for (code, check, rule, severity), n in rows
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
