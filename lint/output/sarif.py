"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Choices, documented in ``docs/ci.md``:

* ``ruleId`` is the ruleset rule id when there is one (``us-regf/call-frequency``: the
  same check cites different law in different rulesets), else the check code (``PB003``).
  Each rule descriptor carries the check's name and summary, the rule's ``why`` as the
  full description, the ``explain`` page as ``help``, the check's docs anchor as
  ``helpUri`` and short ``properties.tags`` (code, check, ruleset); the citation and the
  law's URL are properties of their own.
* Artifact URIs are relative to the project root (``%SRCROOT%``), normalised.
* ``partialFingerprints["playbookLint/v1"]`` hashes the path, rule, the model element
  (``Finding.anchor``) and the message with its numbers blanked, plus the occurrence
  among identical keys: an alert survives lines moving and its numbers changing.
* Suppressed findings stay in the log with ``suppressions``: ``inSource`` with the
  comment's reason, or ``external`` (and ``baselineState: unchanged``) for the baseline.
* Regions are 1-based with an exclusive end column, counted in Unicode code points.
"""

from __future__ import annotations

import json
import os
import posixpath
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from .. import __version__
from ..analysis.year import default_year
from ..checks import check_for
from ..diagnostics import BASELINE_REASON, Finding, Severity
from ..model import Span
from .common import fingerprints
from .escape import safe_link
from .json_report import indented
from .sink import Format, Options, Sink, Write

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/playbook-lint/"
FINGERPRINT_KEY = "playbookLint/v1"
ROOT_ID = "%SRCROOT%"
# Where every check's page lives (docs/checks.md, generated from `explain` and kept in
# sync by a test); helpUri points at the check's heading there.
DOCS_URI = "https://github.com/playbook-lint/playbook-lint/blob/main/docs/checks.md"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def rule_id(finding: Finding) -> str:
    """The SARIF ``ruleId``: the ruleset rule when there is one, else the check code."""
    return finding.rule or finding.code


def rule_descriptor(finding: Finding) -> dict[str, Any]:
    check = check_for(finding.code)
    summary = check.summary if check else finding.check
    full = finding.why or (check.doc.what if check else summary)
    # Short, searchable tags only (GitHub shows them as chips); the citation has its own
    # property.
    tags = [finding.code, finding.check]
    if finding.rule and "/" in finding.rule:
        tags.append(finding.rule.split("/", 1)[0])
    properties: dict[str, Any] = {"tags": tags}
    if finding.cite:
        properties["cite"] = finding.cite
    source = safe_link(finding.url)  # http(s) only: a viewer may render it as a link
    if source:
        properties["source"] = source
    if finding.basis:  # checks.md v2 item 1
        properties["basis"] = finding.basis
    page = _explain_page(finding)
    rule: dict[str, Any] = {
        "id": rule_id(finding),
        "name": finding.check,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": _LEVEL[finding.severity]},
    }
    help_uri = safe_link(docs_anchor(finding.code, finding.check))
    if help_uri:
        rule["helpUri"] = help_uri
    return {**rule, "help": {"text": page, "markdown": page}, "properties": properties}


def docs_anchor(code: str, check: str) -> str:
    """The stable page of a check in ``docs/checks.md`` (every check, PB0xx included)."""
    return f"{DOCS_URI}#{code.lower()}-{check.lower()}"


def _explain_page(finding: Finding) -> str:
    """What ``playbook-lint explain`` prints for the rule (a user rule: its check's page)."""
    from .docs import check_page, explain

    try:
        return explain(finding.rule or finding.code)
    except LookupError:
        check = check_for(finding.code)
        return check_page(check) if check else finding.check


def _uri(path: str) -> str:
    # A backslash separates folders only on Windows; elsewhere it is part of a name (the
    # escaped form of an undecodable byte, \xff) and is percent-encoded like any other.
    if os.sep == "\\":
        path = path.replace("\\", "/")
    return quote(path, safe="/:@!$&'()*+,;=-._~")


def project_root(start: str | None = None) -> str:
    """The repository's top level (the nearest folder up with ``.git``), else the current
    directory: where SARIF paths are relative to."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return str(folder)
    return str(here)


def _artifact(path: str, root: str) -> dict[str, Any]:
    """``{"uri": "a/b.playbook", "uriBaseId": "%SRCROOT%"}``: normalised (``./a/../a``),
    relative to the project root; a file outside it keeps an absolute ``file:`` URI."""
    if path == "-":
        return {"uri": "-"}
    # A backslash is a folder separator only on Windows (elsewhere: \xff, an escaped byte).
    absolute = Path(os.path.realpath(path.replace("\\", "/") if os.sep == "\\" else path))
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": _uri(posixpath.normpath(relative.as_posix())), "uriBaseId": ROOT_ID}


def _region(span: Span) -> dict[str, int]:
    return {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": max(span.end_line, span.line),
        "endColumn": max(span.end_column, 1),
    }


def result_object(finding: Finding, index: int, fingerprint: str, root: str) -> dict[str, Any]:
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
                    "artifactLocation": _artifact(finding.path, root),
                    "region": region,
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": {"code": finding.code, "anchor": finding.anchor},
    }
    if finding.cite:
        result["properties"]["cite"] = finding.cite
    if finding.related:
        result["relatedLocations"] = [
            {
                "id": number,
                "physicalLocation": {
                    "artifactLocation": _artifact(finding.path, root),
                    "region": _region(related.span),
                },
                "message": {"text": related.message},
            }
            for number, related in enumerate(finding.related, start=1)
        ]
    if finding.suppressed is not None:
        if finding.suppressed == BASELINE_REASON:
            result["suppressions"] = [{"kind": "external", "justification": finding.suppressed}]
            result["baselineState"] = "unchanged"
        else:
            result["suppressions"] = [{"kind": "inSource", "justification": finding.suppressed}]
    return result


def sarif_log(
    findings: Sequence[Finding],
    *,
    tool_version: str = __version__,
    root: str | None = None,
    year: int | None = None,
) -> dict[str, Any]:
    """The SARIF log as a dict: every finding, suppressed ones marked, in sorted order.
    Paths are relative to ``root`` (default: the repository's top level, else the current
    directory); ``year`` is the analysed year (None: the current one, and the log says so)."""
    root = project_root() if root is None else root
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
        result_object(f, index_of[rule_id(f)], fp, root)
        for f, fp in zip(ordered, prints, strict=True)
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
                "originalUriBaseIds": {ROOT_ID: {"uri": Path(root).as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {
                    "analysisYear": default_year() if year is None else year,
                    "analysisYearSource": "current year" if year is None else "given",
                },
            }
        ],
    }


def render_sarif(
    findings: Sequence[Finding],
    *,
    tool_version: str = __version__,
    root: str | None = None,
    year: int | None = None,
) -> str:
    """The SARIF log as indented JSON text."""
    log = sarif_log(findings, tool_version=tool_version, root=root, year=year)
    return json.dumps(log, indent=2) + "\n"


class _SarifSink(Sink):
    """Results spooled to an unnamed temporary file; the log is written around them at
    the end, when the rules the results point at are all known."""

    _MARKER = json.dumps("\x00results\x00")

    def __init__(self, write: Write, options: Options) -> None:
        super().__init__(write, options)
        self._root = project_root()  # what every path is made relative to
        # Closed in finish(); a run that dies first leaves nothing: the file has no name.
        self._spool: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._rules: list[dict[str, Any]] = []
        self._index: dict[str, int] = {}
        self._count = 0
        head, _ = self._around([])
        self._depth = (len(head) - head.rindex("\n") - 1) // 2

    def _around(self, rules: list[dict[str, Any]]) -> tuple[str, str]:
        """The log's text before and after its results (the marker's line)."""
        skeleton = sarif_log([], root=self._root, year=self.options.year)
        run = skeleton["runs"][0]
        run["tool"]["driver"]["rules"] = rules
        run["results"] = [json.loads(self._MARKER)]
        text = json.dumps(skeleton, indent=2) + "\n"
        head, _, tail = text.partition(self._MARKER)
        return head, tail

    def file(
        self, path: str, shown: list[Finding], every: list[Finding], source: str | None
    ) -> None:
        # SARIF keeps silenced findings, marked, for the audit trail. Fingerprints count
        # repeats of a key that includes the path: one file's give the whole run's.
        for finding, fingerprint in zip(every, fingerprints(every), strict=True):
            rid = rule_id(finding)
            if rid not in self._index:
                self._index[rid] = len(self._rules)
                self._rules.append(rule_descriptor(finding))
            if self._count:
                self._spool.write(",\n" + "  " * self._depth)
            result = result_object(finding, self._index[rid], fingerprint, self._root)
            self._spool.write(indented(result, self._depth, ascii_only=True))
            self._count += 1

    def finish(self, files_checked: int) -> None:
        if not self._count:
            self._spool.close()
            self._write(render_sarif([], root=self._root, year=self.options.year))
            return
        head, tail = self._around(self._rules)
        self._write(head)
        self._spool.seek(0)
        while chunk := self._spool.read(1 << 16):
            self._write(chunk)
        self._spool.close()
        self._write(tail)


def _open(write: Write, options: Options) -> Sink:
    return _SarifSink(write, options)


SARIF = Format("sarif", _open)
