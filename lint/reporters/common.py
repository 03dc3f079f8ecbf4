"""What several machine reporters share: visibility, titles and logical identities."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ..diagnostics import Finding
from .json_report import finding_object

__all__ = ["BASELINE_REASON", "finding_object", "fingerprints", "label", "logical_key", "visible"]

_NUMBER = re.compile(r"\d+")


def visible(findings: Iterable[Finding]) -> list[Finding]:
    """The findings a report shows: not silenced by a suppression or the baseline, sorted."""
    return sorted(f for f in findings if f.suppressed is None)


def label(finding: Finding) -> str:
    """``PB101 [us-regf/call-frequency]``, or ``PB003`` for always-on structure checks."""
    return f"{finding.code} [{finding.rule}]" if finding.rule else finding.code


def logical_key(finding: Finding, *, keep_numbers: bool) -> str:
    """What a finding is about, without where it is written.

    The path, the rule (or code), the model element concerned (``Finding.anchor``: stage
    and action, template, handler) and the message. Line and column are left out so that
    moving an action down keeps its identity. With ``keep_numbers`` False every run of
    digits in the message becomes ``#``: a code-scanning alert stays the same alert when
    "can reach 14" becomes "can reach 12"; a baseline keeps the numbers (a worse number
    is a new finding).
    """
    stable = finding.stable_message
    message = stable if keep_numbers else _NUMBER.sub("#", stable)
    anchor = finding.anchor or "playbook"
    return "\x1f".join((finding.path, finding.rule or finding.code, anchor, message))


def fingerprints(findings: Sequence[Finding], *, keep_numbers: bool = False) -> list[str]:
    """One stable hex fingerprint per finding, unique within the run.

    Findings with the same logical key (two identical problems in one stage) are told
    apart by their order among themselves, which survives moving them together.
    """
    seen: Counter[str] = Counter()
    out: list[str] = []
    for finding in findings:
        key = logical_key(finding, keep_numbers=keep_numbers)
        occurrence = seen[key]
        seen[key] += 1
        digest = hashlib.sha256(f"{key}\x1e{occurrence}".encode()).hexdigest()
        out.append(digest)
    return out


# ``Finding.suppressed`` for a finding the baseline silenced (not a comment), so SARIF
# can say ``external`` rather than ``inSource``.
BASELINE_REASON = "in the baseline"
