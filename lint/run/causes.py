"""One problem, one finding: fold findings that repeat another's cause.

* An action with no ``max`` limit that is denser than PB103's threshold is one PB103 finding
  naming every PB101 rule it breaks by itself (the same cause: the missing limit), at the
  higher severity of them all; ``Finding.also`` keeps the folded rules for selection and
  suppression.
* After a syntax error (PB001) a name used or defined on a line that failed to parse
  explains PB009 ("never used") and PB003 ("unknown") findings about that name: they are
  cascades, not problems of their own. So does a template, stage or action the YAML
  parser could not build (a misspelt ``txt:``): its text counts as failed.
* PB006 ("can never fire: it waits for validation") after a failed statement that names
  what it waits for (``template v leter notice validation …``) is a cascade too.
* A misspelt use (``using colector_call``: PB003, "did you mean 'collector_call'?")
  explains the PB009 "template 'collector_call' is never used": one typo, one finding.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from ..diagnostics import Finding

UNBOUNDED = "PB103"
FREQUENCY = "PB101"
_CASCADE_CODES = frozenset({"PB003", "PB009"})
_QUOTED = re.compile(r"'([^']+)'")


def fold_unbounded(findings: Sequence[Finding]) -> list[Finding]:
    """Each PB103 absorbs the PB101 findings its own action causes alone (no related
    actions: the breach needs nothing but this action's missing limit)."""
    unbounded = {f.anchor: f for f in findings if f.code == UNBOUNDED and _is_action(f.anchor)}
    folded: dict[str, list[Finding]] = {}
    kept: list[Finding] = []
    for finding in findings:
        host = unbounded.get(finding.anchor)
        if finding.code == FREQUENCY and host is not None and not finding.related:
            folded.setdefault(finding.anchor, []).append(finding)
        else:
            kept.append(finding)
    return [_absorb(f, folded.get(f.anchor, [])) if f.code == UNBOUNDED else f for f in kept]


def _is_action(anchor: str) -> bool:
    return "/action:" in anchor


def _absorb(host: Finding, others: Sequence[Finding]) -> Finding:
    if not others:
        return host
    ordered = sorted(others, key=lambda f: f.rule or f.code)
    names = [f.rule or f.code for f in ordered]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    suffix = f"; it also breaks {listed}"
    worst = max((host, *ordered), key=lambda f: f.severity.rank).severity
    cites = list(dict.fromkeys(c for c in (host.cite, *(f.cite for f in ordered)) if c))
    return dataclasses.replace(
        host,
        message=host.message + suffix,
        identity=(host.identity[0], host.stable_message + suffix),
        severity=worst,
        cite="; ".join(cites) or None,
        url=host.url or next((f.url for f in ordered if f.url), None),
        also=tuple((f.code, f.check, f.rule) for f in ordered),
    )


def drop_cascades(findings: Sequence[Finding], failed: Sequence[str]) -> list[Finding]:
    """Leave out PB003/PB009 findings about a name written on a line that failed to parse
    (``failed``: the text of those lines), and the PB009 of a template that a misspelt
    use was meant to name. What the failed lines cannot have caused stays."""
    meant = {
        match.group(1)
        for f in findings
        if f.code == "PB003" and f.stable_message.startswith("unknown template ")
        for match in [_MEANT.search(f.help or "")]
        if match
    }
    words = {w for text in failed for w in re.findall(r"[\w.-]+", text)}
    return [
        f
        for f in findings
        if not (f.code in _CASCADE_CODES and _names_failed(f, words))
        and not (f.code == "PB009" and _names_failed(f, meant))
        and not (f.code == UNREACHABLE and _waits_on_failed(f, words))
    ]


# PB006 "… can never fire: it waits for validation, …": the event (or notice) it waits
# for may be one a failed statement would have provided (`notice validation`).
UNREACHABLE = "PB006"
_WAITS = re.compile(r"it waits for ([\w.-]+)")


def _waits_on_failed(finding: Finding, words: set[str]) -> bool:
    match = _WAITS.search(finding.stable_message)
    return match is not None and match.group(1) in words


# The name a "did you mean 'x'?" hint offers.
_MEANT = re.compile(r"did you mean '([^']+)'\?")


def _names_failed(finding: Finding, words: set[str]) -> bool:
    names = _QUOTED.findall(finding.stable_message)
    return bool(names) and names[0] in words
