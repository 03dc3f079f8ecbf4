"""The audit's HTML report: one self-contained file rendered by Jinja2 from the
templates in ``templates/`` (one per part of the page), autoescaping everything.

Nothing from a submitted file is trusted: Jinja escapes it wherever it appears, links
are kept only when they are http(s), charts are SVG built by our own escaping functions,
and a Content-Security-Policy forbids every network request and every script but the
report's own (pinned by its SHA-256), so even a missed escape could run nothing.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..output.text import render_full
from .judge import VERDICTS, Judged
from .machine import summary

TEMPLATES = Path(__file__).resolve().parent / "templates"


def safe_url(url: str | None) -> str | None:
    """Only web links become links: a ``javascript:`` URL from a ruleset file stays text."""
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    return env


@cache
def script() -> str:
    """The report's only script (sorting and filtering)."""
    return (TEMPLATES / "report.js").read_text(encoding="utf-8")


def _script_hash() -> str:
    digest = hashlib.sha256(script().encode()).digest()
    return "sha256-" + base64.b64encode(digest).decode()


def _frame(judged: Judged, index: int) -> str:
    """The code frame, citation and help of a finding (its headline is in the page)."""
    finding = judged.findings[index]
    sources = {judged.path: judged.source} if judged.source is not None else {}
    return render_full([finding], sources).rstrip("\n").partition("\n")[2]


def render_html(
    judged: Sequence[Judged], evidence: dict[str, Any], title: str, rulesets: Sequence[str]
) -> str:
    """The whole report. ``rulesets`` are the matrix's columns in order."""
    codes = sorted({f.code for j in judged for f in j.findings})
    playbooks = [
        {
            "anchor": f"pb-{number}",
            "judged": j,
            "cells": {c.ruleset: c for c in j.cells},
            "frames": [_frame(j, i) for i in range(len(j.findings))],
            "codes": sorted({f.code for f in j.findings}),
            "charts": [(kind, Markup(chart)) for kind, chart in j.charts],
            "counts": {
                s: sum(1 for f in j.findings if str(f.severity) == s)
                for s in ("error", "warning", "info")
            },
        }
        for number, j in enumerate(judged, start=1)
    ]
    return (
        environment()
        .get_template("report.html.j2")
        .render(
            title=title,
            summary=summary(judged),
            verdicts=VERDICTS,
            playbooks=playbooks,
            rulesets=list(rulesets),
            codes=codes,
            evidence=evidence,
            evidence_json=json.dumps(evidence, indent=2, ensure_ascii=False),
            script=Markup(script()),
            script_hash=_script_hash(),
        )
    )
