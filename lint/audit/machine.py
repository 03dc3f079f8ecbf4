"""The audit's results for machines: JSON (with the evidence, what ``--verify`` reads) and
CSV (one row per playbook and ruleset, safe to open in a spreadsheet).

Values from a submitted file are escaped by the rules of ``output/escape.py``: findings as
check's JSON has them, names and reasons ``visible_but_breaks`` (JSON encodes line breaks
itself), every CSV cell ``visible``. The paths and ruleset names of the JSON are kept
exactly, because ``--verify`` matches them against the files it reads again: the whole
document is ``json_escaped`` (an unsafe character left is a ``\\uXXXX`` escape)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..diagnostics import Finding
from ..output.escape import escaped, json_escaped, visible, visible_but_breaks
from ..output.json_report import finding_object
from .context import SUGGEST, Context
from .evidence import SCHEMA
from .judge import VERDICTS, Exemption, Judged
from .scan import Entry


def summary(judged: Sequence[Judged]) -> dict[str, Any]:
    """Counts for the report's head: playbooks, verdicts, findings by severity."""
    verdicts = Counter(j.verdict for j in judged)
    severities = Counter(str(f.severity) for j in judged for f in j.findings)
    return {
        "playbooks": len(judged),
        "verdicts": {v: verdicts.get(v, 0) for v in VERDICTS},
        "findings": {s: severities.get(s, 0) for s in ("error", "warning", "info")},
        "claimed_exemptions": sum(len(j.exemptions) for j in judged),
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return finding_object(escaped(finding))


def exemption_object(exemption: Exemption) -> dict[str, Any]:
    reason = exemption.reason
    return {
        "line": exemption.line,
        "column": exemption.column,
        "scope": visible_but_breaks(exemption.scope),
        "selectors": [visible_but_breaks(s) for s in exemption.selectors],
        "reason": None if reason is None else visible_but_breaks(reason),
        "honoured": exemption.honoured,
        "would_hide": [_finding(f) for f in exemption.would_hide],
    }


def playbook_object(judged: Judged, context: Context) -> dict[str, Any]:
    return {
        "path": judged.path,
        "name": visible_but_breaks(judged.name),
        "declared": [visible_but_breaks(d) for d in judged.declared],
        "judged_against": context.judged_against,
        "sha256": judged.sha256,
        "verdict": judged.verdict,
        "unreadable": visible_but_breaks(judged.reason) if judged.unreadable else None,
        "cells": {
            c.ruleset: {
                "verdict": c.verdict,
                "errors": c.errors,
                "warnings": c.warnings,
                "info": c.infos,
                "codes": list(c.codes),
                "failing": [
                    {"code": code, "rule": visible_but_breaks(rule) or None}
                    for code, rule in c.failing
                ],
            }
            for c in judged.cells
        },
        "findings": [_finding(f) for f in judged.findings],
        "claimed_exemptions": [exemption_object(e) for e in judged.exemptions],
    }


def _entries(entries: Sequence[Entry]) -> list[dict[str, str]]:
    return [{"path": e.path, "reason": visible_but_breaks(e.reason)} for e in entries]


def render_json(judged: Sequence[Judged], evidence: dict[str, Any], context: Context) -> str:
    data = {
        "schema": SCHEMA,
        "title": context.title,
        "summary": summary(judged),
        "judged_against": context.judged_against,
        "note": SUGGEST if context.declared else None,
        "evidence": evidence,
        "playbooks": [playbook_object(j, context) for j in judged],
        "unreadable": _entries([Entry(j.path, j.reason) for j in judged if j.unreadable]),
        "excluded_by_submitter": _entries(context.excluded),
        "skipped": _entries(context.skipped),
    }
    return json_escaped(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


# A cell starting with one of these is a formula to a spreadsheet: a submitted playbook
# named "=HYPERLINK(…)" must stay text (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = visible(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def render_csv(judged: Sequence[Judged], context: Context) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "path",
            "playbook",
            "ruleset",
            "verdict",
            "errors",
            "warnings",
            "info",
            "codes",
            "claimed_exemptions",
            "sha256",
            "failing_rules",
            "judged_against",
            "unreadable",
        ]
    )
    for j in judged:
        for c in j.cells:
            writer.writerow(
                [
                    _cell(v)
                    for v in (
                        j.path,
                        j.name,
                        c.ruleset,
                        c.verdict,
                        c.errors,
                        c.warnings,
                        c.infos,
                        " ".join(c.codes),
                        len(j.exemptions),
                        j.sha256,
                        " ".join(f"{code}:{rule}" if rule else code for code, rule in c.failing),
                        context.judged_against,
                        j.reason if j.unreadable else "",
                    )
                ]
            )
    return out.getvalue()
