"""Baselines: accept today's findings, fail only on new ones, and let the list only shrink.

An entry names a finding by its logical identity — the file, the rule (or code), the
model element it is about (``Finding.anchor``: stage and action, template, handler) and
the message with its numbers — never by line. Moving a violating action ten lines down
keeps it baselined; making it worse ("can reach 14" -> "can reach 21") is a new finding.
Identical findings are counted, so a second copy of a baselined problem is new.
Entries that match nothing any more are *stale*: the run reports them so that the
baseline is rewritten smaller (the ratchet).
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .diagnostics import Finding
from .reporters.common import BASELINE_REASON

FORMAT_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read (the CLI exits 2)."""


@dataclass(frozen=True, order=True)
class BaselineEntry:
    """One accepted finding (``count`` identical ones)."""

    path: str
    rule: str  # the ruleset rule id, or the code for always-on checks
    anchor: str
    message: str
    code: str = ""
    count: int = 1

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.path, self.rule, self.anchor, self.message)


@dataclass(frozen=True)
class BaselineResult:
    """What ``apply_baseline`` decided."""

    kept: tuple[Finding, ...]  # new findings: reported
    baselined: tuple[Finding, ...]  # silenced, ``suppressed`` = BASELINE_REASON
    stale: tuple[BaselineEntry, ...]  # entries (with the unmatched count) that matched nothing


def _norm_path(path: str) -> str:
    return path.replace("\\", "/").removeprefix("./")


def _key(finding: Finding) -> tuple[str, str, str, str]:
    return (
        _norm_path(finding.path),
        finding.rule or finding.code,
        finding.anchor or f"line:{finding.line}",
        finding.message,
    )


def entries_of(findings: Sequence[Finding]) -> tuple[BaselineEntry, ...]:
    """The baseline entries that accept exactly these (reported) findings."""
    counts: Counter[tuple[str, str, str, str]] = Counter()
    codes: dict[tuple[str, str, str, str], str] = {}
    for finding in findings:
        if finding.suppressed is not None:
            continue
        key = _key(finding)
        counts[key] += 1
        codes[key] = finding.code
    return tuple(
        sorted(BaselineEntry(*key, code=codes[key], count=count) for key, count in counts.items())
    )


def write_baseline(findings: Sequence[Finding]) -> str:
    """The baseline file (JSON) for these findings, deterministic and diff-friendly."""
    document = {
        "playbook-lint-baseline": FORMAT_VERSION,
        "comment": "Accepted findings, keyed by file, rule, element and message (not lines).",
        "findings": [
            {
                "path": e.path,
                "rule": e.rule,
                "code": e.code,
                "anchor": e.anchor,
                "message": e.message,
                "count": e.count,
            }
            for e in entries_of(findings)
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def read_baseline(text: str, source: str = "baseline") -> tuple[BaselineEntry, ...]:
    """Parse a baseline file; ``BaselineError`` names what is wrong."""
    try:
        document: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise BaselineError(f"{source}:{error.lineno}: not valid JSON: {error.msg}") from None
    if not isinstance(document, dict) or document.get("playbook-lint-baseline") != FORMAT_VERSION:
        raise BaselineError(
            f"{source}: not a playbook-lint baseline (version {FORMAT_VERSION}); "
            "write one with --write-baseline"
        )
    items = document.get("findings")
    if not isinstance(items, list):
        raise BaselineError(f"{source}: findings: must be a list")
    out = []
    for index, item in enumerate(items):
        try:
            out.append(
                BaselineEntry(
                    path=_norm_path(str(item["path"])),
                    rule=str(item["rule"]),
                    anchor=str(item["anchor"]),
                    message=str(item["message"]),
                    code=str(item.get("code", "")),
                    count=int(item.get("count", 1)),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise BaselineError(
                f"{source}: findings[{index}]: needs path, rule, anchor and message"
            ) from None
    return tuple(out)


def apply_baseline(findings: Sequence[Finding], baseline_text: str) -> BaselineResult:
    """Silence the findings the baseline accepts; report the rest and the stale entries."""
    entries = read_baseline(baseline_text)
    remaining: Counter[tuple[str, str, str, str]] = Counter()
    by_key: dict[tuple[str, str, str, str], BaselineEntry] = {}
    for entry in entries:
        remaining[entry.key] += entry.count
        by_key.setdefault(entry.key, entry)
    kept: list[Finding] = []
    baselined: list[Finding] = []
    for finding in sorted(findings):
        key = _key(finding)
        if finding.suppressed is None and remaining[key] > 0:
            remaining[key] -= 1
            baselined.append(dataclasses.replace(finding, suppressed=BASELINE_REASON))
        else:
            kept.append(finding)
    stale = tuple(
        sorted(
            dataclasses.replace(by_key[key], count=count)
            for key, count in remaining.items()
            if count > 0
        )
    )
    return BaselineResult(tuple(kept), tuple(baselined), stale)


def describe_stale(stale: Sequence[BaselineEntry]) -> str:
    """A note for stderr: which entries are fixed, so the baseline can shrink."""
    if not stale:
        return ""
    total = sum(e.count for e in stale)
    lines = [
        f"{total} baseline entr{'y' if total == 1 else 'ies'} no longer match any finding "
        "(fixed); rewrite the baseline with --write-baseline to drop them:"
    ]
    for e in stale:
        times = f" (x{e.count})" if e.count > 1 else ""
        lines.append(f"  {e.path}: {e.code or e.rule} [{e.rule}] {e.anchor}: {e.message}{times}")
    return "\n".join(lines) + "\n"
