"""``--format gitlab``: a GitLab Code Quality report (``artifacts:reports:codequality``).

GitLab needs ``description``, ``check_name``, ``fingerprint``, ``severity`` and
``location.path`` + ``location.lines.begin`` on every issue, and shows only the first of
issues that share a fingerprint, so each fingerprint is unique in the report (the logical
identity of ``common.fingerprints`` plus the occurrence among equals). Severities map
error -> critical, warning -> minor, info -> info (GitLab's scale is info, minor, major,
critical, blocker; a regulatory error is more than "major" style trouble).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..diagnostics import Finding, Severity
from .common import fingerprints, label, visible
from .sink import Format, Options, Sink, Write

SEVERITY = {Severity.ERROR: "critical", Severity.WARNING: "minor", Severity.INFO: "info"}


def gitlab_issues(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """The Code Quality issues, one per reported finding, sorted."""
    shown = visible(findings)
    out: list[dict[str, Any]] = []
    for finding, fingerprint in zip(shown, fingerprints(shown), strict=True):
        description = f"{label(finding)} {finding.message}"
        if finding.cite:
            description += f" (cite: {finding.cite})"
        out.append(
            {
                "type": "issue",
                "description": description,
                "check_name": finding.rule or finding.code,
                "fingerprint": fingerprint,
                "severity": SEVERITY[finding.severity],
                "categories": ["Compliance"] if finding.rule else ["Bug Risk"],
                "location": {
                    "path": finding.path,
                    "lines": {
                        "begin": finding.line,
                        "end": max(finding.end_line, finding.line),
                    },
                },
            }
        )
    return out


def render_gitlab(findings: Sequence[Finding]) -> str:
    """The report as a JSON array."""
    return json.dumps(gitlab_issues(findings), indent=2, ensure_ascii=False) + "\n"


class _GitlabSink(Sink):
    """The report needs every fingerprint of the run: kept until ``finish``."""

    def __init__(self, write: Write, options: Options) -> None:
        super().__init__(write, options)
        self._shown: list[Finding] = []

    def file(
        self, path: str, shown: list[Finding], every: list[Finding], source: str | None
    ) -> None:
        self._shown.extend(shown)

    def finish(self, files_checked: int) -> None:
        self._write(render_gitlab(self._shown))


def _open(write: Write, options: Options) -> Sink:
    return _GitlabSink(write, options)


GITLAB = Format("gitlab", _open)
