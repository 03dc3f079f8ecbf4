"""What several machine reporters share: visibility, titles and logical identities."""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostics import Finding
from .identity import fingerprints, logical_key
from .json_report import finding_object

__all__ = ["finding_object", "fingerprints", "label", "logical_key", "visible"]


def visible(findings: Iterable[Finding]) -> list[Finding]:
    """The findings a report shows: not silenced by a suppression or the baseline, sorted."""
    return sorted(f for f in findings if f.suppressed is None)


def label(finding: Finding) -> str:
    """``PB101 [us-regf/call-frequency]``, or ``PB003`` for always-on structure checks."""
    return f"{finding.code} [{finding.rule}]" if finding.rule else finding.code
