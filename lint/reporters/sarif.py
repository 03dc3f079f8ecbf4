"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Choices, documented in ``docs/ci.md``:

* ``ruleId`` is the ruleset rule id when there is one (``us-regf/call-frequency``: the
  same check cites different law in different rulesets), else the check code (``PB003``).
  Each rule descriptor carries the check's name and summary, the rule's ``why`` as the
  full description, its source URL as ``helpUri`` and the code and citation as
  ``properties.tags`` (searchable in GitHub's UI).
* ``partialFingerprints["playbookLint/v1"]`` hashes the path, rule, the model element
  (``Finding.anchor``) and the message with its numbers blanked, plus the occurrence
  among identical keys: an alert survives lines moving and its numbers changing.
* Suppressed findings stay in the log with ``suppressions``: ``inSource`` with the
  comment's reason, or ``external`` (and ``baselineState: unchanged``) for the baseline.
* Regions are 1-based with an exclusive end column, counted in Unicode code points.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..checks import check_for
from ..diagnostics import Finding, Severity
from .common import BASELINE_REASON, fingerprints

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/playbook-lint/"
FINGERPRINT_KEY = "playbookLint/v1"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def rule_id(finding: Finding) -> str:
    """The SARIF ``ruleId``: the ruleset rule when there is one, else the check code."""
    return finding.rule or finding.code


def rule_descriptor(finding: Finding) -> dict[str, Any]:
    check = check_for(finding.code)
    summary = check.summary if check else finding.check
    full = finding.why or (check.doc.what if check else summary)
    tags = [finding.code, finding.check]
    if finding.cite:
        tags.append(finding.cite)
    if finding.rule and "/" in finding.rule:
        tags.append(finding.rule.split("/", 1)[0])
    descriptor: dict[str, Any] = {
        "id": rule_id(finding),
        "name": finding.check,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": _LEVEL[finding.severity]},
        "properties": {"tags": tags},
    }
    help_lines = [full]
    if finding.cite:
        help_lines.append(f"cite: {finding.cite}")
    if finding.url:
        descriptor["helpUri"] = finding.url
        help_lines.append(finding.url)
    descriptor["help"] = {"text": "\n".join(help_lines)}
    return descriptor


def _uri(path: str) -> str:
    return quote(path.replace("\\", "/"), safe="/:@!$&'()*+,;=-._~")


def result_object(finding: Finding, index: int, fingerprint: str) -> dict[str, Any]:
    region: dict[str, int] = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": max(finding.end_line, finding.line),
        "endColumn": max(finding.end_column, 1),
    }
    message = finding.message
    if finding.help:
        message = f"{message}\nhelp: {finding.help}"
    result: dict[str, Any] = {
        "ruleId": rule_id(finding),
        "ruleIndex": index,
        "level": _LEVEL[finding.severity],
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.path)},
                    "region": region,
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": {"code": finding.code, "anchor": finding.anchor},
    }
    if finding.cite:
        result["properties"]["cite"] = finding.cite
    if finding.suppressed is not None:
        if finding.suppressed == BASELINE_REASON:
            result["suppressions"] = [{"kind": "external", "justification": finding.suppressed}]
            result["baselineState"] = "unchanged"
        else:
            result["suppressions"] = [{"kind": "inSource", "justification": finding.suppressed}]
    return result


def sarif_log(findings: Sequence[Finding], *, tool_version: str = __version__) -> dict[str, Any]:
    """The SARIF log as a dict: every finding, suppressed ones marked, in sorted order."""
    ordered = sorted(findings)
    rules: list[dict[str, Any]] = []
    index_of: dict[str, int] = {}
    for finding in ordered:
        rid = rule_id(finding)
        if rid not in index_of:
            index_of[rid] = len(rules)
            rules.append(rule_descriptor(finding))
    prints = fingerprints(ordered, keep_numbers=False)
    results = [
        result_object(f, index_of[rule_id(f)], fp) for f, fp in zip(ordered, prints, strict=True)
    ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "playbook-lint",
                        "version": tool_version,
                        "semanticVersion": tool_version,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render_sarif(findings: Sequence[Finding], *, tool_version: str = __version__) -> str:
    """The SARIF log as indented JSON text."""
    return json.dumps(sarif_log(findings, tool_version=tool_version), indent=2) + "\n"
