"""The audit's HTML report, rendered by Jinja2 from the templates in ``templates/`` (one
per part of the page), autoescaping everything.

Up to ``PAGED_OVER`` playbooks it is one self-contained file. Past that a single file
grows too big to open (94 MB at 550 files x 12 rulesets), so it is a folder:
``index.html`` (the summary and the matrix's table of contents), the matrix in pages of
``MATRIX_ROWS`` rows, ``not-judged.html``, ``evidence.html``, one page per playbook under
``pages/``, and the shared ``report.css`` and ``report.js``; every link is relative and
nothing is loaded from the network.

Nothing from a submitted file is trusted: Jinja escapes it wherever it appears, links
are kept only when they are http(s), charts are SVG built by our own escaping functions,
and a Content-Security-Policy forbids every network request and every script but the
report's own, so even a missed escape could run nothing.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..diagnostics import Finding, Severity
from ..output.escape import safe_link
from ..output.text import render_full
from .context import SUGGEST, Context
from .judge import VERDICTS, Judged
from .machine import summary

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Past this many playbooks the report is a folder of pages (audit.md, "Changes in v3").
PAGED_OVER = 100
PAGES = "pages"
# The matrix of a folder report is cut into pages of this many rows: a 1,000-row matrix
# with every failing rule named takes seconds to lay out, a 50-row page well under one.
MATRIX_ROWS = 50
# Where each part of the report is, from the folder's top (a playbook page adds "../").
SINGLE_PARTS = {p: f"#{p}" for p in ("summary", "matrix", "not-judged", "evidence")}
PAGED_PARTS = {
    "summary": "index.html#summary",
    "matrix": "index.html#matrix",
    "not-judged": "not-judged.html#not-judged",
    "evidence": "evidence.html#evidence",
}
# A submission can hold a whole .git or node_modules: the page lists this many skipped
# files, the JSON every one.
SKIPPED_SHOWN = 5000


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # The one link rule of every format (issue 23 item 7): only http(s) becomes a link.
    env.filters["safe_url"] = safe_link
    return env


@cache
def script() -> str:
    """The report's only script (sorting and filtering)."""
    return (TEMPLATES / "report.js").read_text(encoding="utf-8")


@cache
def style() -> str:
    return (TEMPLATES / "style.css").read_text(encoding="utf-8")


def _script_hash() -> str:
    digest = hashlib.sha256(script().encode()).digest()
    return "sha256-" + base64.b64encode(digest).decode()


# The citation is said once per rule, in the group's heading: a finding's frame drops it.
_SAID_ONCE = ("= cite:", "= see:")
# A rule that fires on 200 lines shows the code of the first few; every finding is still
# listed with its line and message (a frame is most of a finding's bytes).
FRAMES_PER_RULE = 10


def _frame(judged: Judged, finding: Finding) -> str:
    """The code frame and help of a finding (its headline and citation are in the page)."""
    sources = {judged.path: judged.source} if judged.source is not None else {}
    lines = render_full([finding], sources).rstrip("\n").split("\n")[1:]
    return "\n".join(line for line in lines if not line.lstrip().startswith(_SAID_ONCE))


@dataclass(frozen=True)
class Group:
    """One rule's findings in one playbook: a heading with its citation, then each."""

    anchor: str
    code: str
    rule: str
    severity: str
    cite: str | None
    url: str | None
    findings: tuple[tuple[Finding, str], ...]  # (finding, its frame)


def groups_of(judged: Judged, anchor: str) -> list[Group]:
    """The playbook's findings grouped by (code, rule), the most severe rule first."""
    by_rule: dict[tuple[str, str], list[Finding]] = {}
    for finding in judged.findings:
        by_rule.setdefault((finding.code, finding.rule or ""), []).append(finding)

    def worst(key: tuple[str, str]) -> tuple[int, str, str]:
        return (-max(f.severity.rank for f in by_rule[key]), *key)

    out = []
    for number, key in enumerate(sorted(by_rule, key=worst), start=1):
        found = by_rule[key]
        severity = max((f.severity for f in found), key=lambda s: s.rank)
        cited = next((f for f in found if f.cite), None)
        out.append(
            Group(
                f"{anchor}-g{number}",
                key[0],
                key[1],
                str(severity),
                cited.cite if cited else None,
                cited.url if cited else None,
                tuple(
                    (f, _frame(judged, f) if n < FRAMES_PER_RULE else "")
                    for n, f in enumerate(found)
                ),
            )
        )
    return out


def _playbook(number: int, judged: Judged, paged: bool) -> dict[str, Any]:
    anchor = f"pb-{number}"
    # From the index: the playbook's page (paged) or its section (one file).
    page = f"{PAGES}/{anchor}.html" if paged else ""
    groups = groups_of(judged, anchor)
    return {
        "anchor": anchor,
        "href": f"{page}#{anchor}",
        "judged": judged,
        "cells": {c.ruleset: c for c in judged.cells},
        "groups": groups,
        "group_href": {(g.code, g.rule): f"{page}#{g.anchor}" for g in groups},
        "codes": sorted({f.code for f in judged.findings}),
        "rules": sorted({f.rule for f in judged.findings if f.rule}),
        "charts": [(kind, Markup(chart)) for kind, chart in judged.charts],
        "counts": {
            str(s): sum(1 for f in judged.findings if f.severity is s)
            for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        },
    }


def _common(
    judged: Sequence[Judged], evidence: dict[str, Any], context: Context, paged: bool
) -> dict[str, Any]:
    playbooks = [_playbook(n, j, paged) for n, j in enumerate(judged, start=1)]
    return {
        "title": context.title,
        "context": context,
        "suggest": SUGGEST,
        "summary": summary(judged),
        "verdicts": VERDICTS,
        "playbooks": playbooks,
        "rulesets": list(context.columns),
        "codes": sorted({f.code for j in judged for f in j.findings}),
        "unreadable": [j for j in judged if j.unreadable],
        "evidence": evidence,
        "evidence_json": json.dumps(evidence, indent=2, ensure_ascii=False),
        "paged": paged,
        "parts": PAGED_PARTS if paged else SINGLE_PARTS,
        "root": "",
        "heading": "",
        "playbooks_total": len(playbooks),
        "chunk_nav": None,
        "chunk_rows": MATRIX_ROWS,
        "skipped_shown": SKIPPED_SHOWN,
        "script": Markup(script()),
        "script_hash": _script_hash(),
        "style": Markup(style()),
    }


def render_html(judged: Sequence[Judged], evidence: dict[str, Any], context: Context) -> str:
    """The whole report as one self-contained file."""
    values = _common(judged, evidence, context, paged=False)
    return environment().get_template("report.html.j2").render(**values)


def is_paged(count: int) -> bool:
    return count > PAGED_OVER


def render_pages(
    judged: Sequence[Judged], evidence: dict[str, Any], context: Context
) -> dict[str, str]:
    """The report as a folder: relative path -> text. ``index.html`` holds the summary
    and the matrix's table of contents; the matrix, what was not judged and the evidence
    have pages of their own beside it, and each playbook one under ``pages/``."""
    values = _common(judged, evidence, context, paged=True)
    playbooks = values["playbooks"]
    part = environment().get_template("part.html.j2")
    chunks = _chunks(playbooks)
    files = {
        "index.html": part.render(
            {**values, "body": ["summary.html.j2", "matrix_index.html.j2"], "chunks": chunks}
        ),
        "not-judged.html": part.render(
            {**values, "body": ["not_judged.html.j2"], "heading": "Not judged"}
        ),
        "evidence.html": part.render(
            {**values, "body": ["evidence.html.j2"], "heading": "Evidence"}
        ),
        "report.css": style(),
        "report.js": script(),
    }
    for number, chunk in enumerate(chunks):
        rows = playbooks[chunk["first"] - 1 : chunk["last"]]
        nav = {
            "previous": chunks[number - 1]["href"] if number else None,
            "next": chunks[number + 1]["href"] if number + 1 < len(chunks) else None,
            "label": f"rows {chunk['first']}–{chunk['last']} of {len(playbooks)}",
        }
        files[chunk["href"]] = part.render(
            {
                **values,
                "body": ["matrix.html.j2"],
                "playbooks": rows,
                "heading": f"Compliance matrix, {nav['label']}",
                "chunk_nav": nav,
            }
        )
    for pb in playbooks:
        files[f"{PAGES}/{pb['anchor']}.html"] = part.render(
            {
                **values,
                "body": ["playbook.html.j2"],
                "pb": pb,
                "root": "../",
                "heading": pb["judged"].name,
            }
        )
    return files


def _chunks(playbooks: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The matrix's pages: their file, first and last row (1-based), and names."""
    out = []
    for start in range(0, len(playbooks), MATRIX_ROWS):
        rows = playbooks[start : start + MATRIX_ROWS]
        out.append(
            {
                "href": f"matrix-{start // MATRIX_ROWS + 1}.html",
                "first": start + 1,
                "last": start + len(rows),
                "start_name": rows[0]["judged"].name,
                "end_name": rows[-1]["judged"].name,
                "failing": sum(1 for pb in rows if pb["judged"].verdict != "pass"),
            }
        )
    return out
