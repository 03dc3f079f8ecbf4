"""The logical identity of a finding, as baselines, fingerprints and alerts know it.

No line or column takes part: moving an action down keeps its identity.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence

from ..diagnostics import Finding

_NUMBER = re.compile(r"\d+")


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
