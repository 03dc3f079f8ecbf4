"""Baselines: accept today's findings, fail only on new ones, and let the list only shrink.

An entry names a finding by its logical identity — the file, the rule (or code), the
model element it is about (``Finding.anchor``: stage and action, template, handler) and
the message with its numbers — never by line. Moving a violating action ten lines down
keeps it baselined; making it worse ("can reach 14" -> "can reach 21") is a new finding.
Identical findings are counted, so a second copy of a baselined problem is new.
Entries that match nothing any more are *stale*: the run reports them so that the
baseline is rewritten smaller (the ratchet).

Paths are stored relative to the baseline file's directory, with ``/`` separators, and a
finding's path is turned into the same form before matching, so the baseline matches
whichever directory the command runs from. Version 1 files stored the path as linted
(relative to the directory the command ran from); they are still read, their paths taken
as relative to the current directory, which is what matched then.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..diagnostics import BASELINE_REASON, Finding

FORMAT_VERSION = 2
# 1: paths as linted (relative to the current directory); 2: relative to the baseline file.
READABLE_VERSIONS = (1, 2)
# A baseline is read up to this size (a few hundred bytes an entry: some 100,000 findings);
# a bigger one, like a FIFO or a device in its place, is an error, never a hang.
MAX_BASELINE_BYTES = 64 * 1024 * 1024


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


def _relative(path: str, base_dir: str) -> str:
    """``path`` (as linted: relative to the current directory, or absolute) relative to
    ``base_dir``, with ``/`` separators; ``-`` (stdin without a name) stays ``-``."""
    norm = _norm_path(path)
    if norm == "-":
        return norm
    absolute = os.path.abspath(norm)
    try:
        relative = os.path.relpath(absolute, os.path.abspath(base_dir))
    except ValueError:  # another drive (Windows): no relative path exists
        relative = absolute
    return _norm_path(relative.replace(os.sep, "/"))


def _key(finding: Finding, base_dir: str) -> tuple[str, str, str, str]:
    return (
        _relative(finding.path, base_dir),
        finding.rule or finding.code,
        finding.anchor or "playbook",
        finding.stable_message,
    )


def entries_of(findings: Sequence[Finding], base_dir: str = ".") -> tuple[BaselineEntry, ...]:
    """The baseline entries that accept exactly these (reported) findings, their paths
    relative to ``base_dir`` (the baseline file's directory)."""
    counts: Counter[tuple[str, str, str, str]] = Counter()
    codes: dict[tuple[str, str, str, str], str] = {}
    for finding in findings:
        if finding.suppressed is not None:
            continue
        key = _key(finding, base_dir)
        counts[key] += 1
        codes[key] = finding.code
    return tuple(
        sorted(BaselineEntry(*key, code=codes[key], count=count) for key, count in counts.items())
    )


def write_baseline(findings: Sequence[Finding], base_dir: str = ".") -> str:
    """The baseline file (JSON) for these findings, deterministic and diff-friendly;
    ``base_dir`` is the directory the file will be written to."""
    document = {
        "playbook-lint-baseline": FORMAT_VERSION,
        "comment": (
            "Accepted findings, keyed by file (relative to this file's directory), rule, "
            "element and message (not lines)."
        ),
        "findings": [
            {
                "path": e.path,
                "rule": e.rule,
                "code": e.code,
                "anchor": e.anchor,
                "message": e.message,
                "count": e.count,
            }
            for e in entries_of(findings, base_dir)
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def read_baseline(
    text: str, source: str = "baseline", base_dir: str = "."
) -> tuple[BaselineEntry, ...]:
    """Parse a baseline file whose directory is ``base_dir``; every entry's path comes
    back relative to it. ``BaselineError`` names what is wrong."""
    try:
        document: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise BaselineError(f"{source}:{error.lineno}: not valid JSON: {error.msg}") from None
    except RecursionError:  # [[[[…: Python's parser recurses once per level
        raise BaselineError(
            f"{source}: not a playbook-lint baseline (JSON nested too deeply)"
        ) from None
    version = document.get("playbook-lint-baseline") if isinstance(document, dict) else None
    if not isinstance(version, int) or isinstance(version, bool):
        raise BaselineError(
            f"{source}: not a playbook-lint baseline (version {FORMAT_VERSION}); "
            "write one with --write-baseline"
        )
    if version not in READABLE_VERSIONS:
        readable = ", ".join(str(v) for v in READABLE_VERSIONS)
        raise BaselineError(
            f"{source}: playbook-lint-baseline: version {version} is not one this "
            f"playbook-lint reads ({readable}); upgrade playbook-lint or rewrite the "
            "baseline with --write-baseline"
        )
    items = document.get("findings")
    if not isinstance(items, list):
        raise BaselineError(f"{source}: findings: must be a list")
    out = []
    for index, item in enumerate(items):
        try:
            path = str(item["path"])
            out.append(
                BaselineEntry(
                    path=_relative(path, base_dir) if version == 1 else _norm_path(path),
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


def apply_baseline(
    findings: Sequence[Finding], baseline_text: str, base_dir: str = "."
) -> BaselineResult:
    """Silence the findings the baseline accepts; report the rest and the stale entries.
    ``base_dir`` is the baseline file's directory, which its paths are relative to."""
    entries = read_baseline(baseline_text, base_dir=base_dir)
    remaining: Counter[tuple[str, str, str, str]] = Counter()
    by_key: dict[tuple[str, str, str, str], BaselineEntry] = {}
    for entry in entries:
        remaining[entry.key] += entry.count
        by_key.setdefault(entry.key, entry)
    kept: list[Finding] = []
    baselined: list[Finding] = []
    for finding in sorted(findings):
        key = _key(finding, base_dir)
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
        "(fixed); rewrite the baseline with --write-baseline to drop them "
        "(paths relative to the baseline's directory):"
    ]
    for e in stale:
        times = f" (x{e.count})" if e.count > 1 else ""
        lines.append(f"  {e.path}: {e.code or e.rule} [{e.rule}] {e.anchor}: {e.message}{times}")
    return "\n".join(lines) + "\n"
