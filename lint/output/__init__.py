"""Reporters: pure functions from findings to text, one module per format.

``render`` picks one by name; ``parse_format_spec`` reads ``--format NAME[:PATH]``.
Every reporter shows only findings that nothing silenced, except SARIF, which keeps
suppressed and baselined ones (marked) for the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..diagnostics import Finding
from .common import visible
from .escape import escaped, safe
from .github import render_github
from .gitlab import render_gitlab
from .json_report import render_json
from .jsonl import render_jsonl
from .junit import render_junit
from .sarif import render_sarif
from .text import render_concise, render_full, render_summary


@dataclass(frozen=True)
class FormatSpec:
    """One ``--format``: a format name, and the file to write it to (None: the output)."""

    name: str
    path: str | None = None


def parse_format_spec(text: str) -> FormatSpec:
    """``sarif`` or ``sarif:reports/out.sarif``; ValueError names the known formats."""
    name, sep, path = text.partition(":")
    name = name.strip().lower()
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; use one of {', '.join(FORMATS)}")
    if sep and not path.strip():
        raise ValueError(f"--format {text!r} names no file after ':'")
    return FormatSpec(name, path.strip() if sep else None)


@dataclass(frozen=True)
class RenderInput:
    """What any reporter may need besides the findings."""

    files: tuple[str, ...] = ()  # every file checked, in order
    sources: Mapping[str, str] | None = None  # path -> text, for code frames
    color: bool = False
    # --show-suppressed: JSON and JSONL include silenced findings with their reason.
    show_suppressed: bool = False
    # The analysed year (None: the current year), for SARIF's run properties.
    year: int | None = None


Renderer = Callable[[Sequence[Finding], RenderInput], str]


# Each reporter takes the findings nothing silenced, except SARIF, which takes them all.
# The modules are imported when used: most runs write one format.
def _full(shown: Sequence[Finding], extra: RenderInput) -> str:
    body = render_full(shown, extra.sources or {}, color=extra.color)
    return body + render_summary(shown, len(extra.files))


def _concise(shown: Sequence[Finding], extra: RenderInput) -> str:
    return render_concise(shown, color=extra.color) + render_summary(shown, len(extra.files))


def _json(shown: Sequence[Finding], extra: RenderInput) -> str:
    return render_json(shown)


def _jsonl(shown: Sequence[Finding], extra: RenderInput) -> str:
    return render_jsonl(shown, show_suppressed=extra.show_suppressed)


def _sarif(findings: Sequence[Finding], extra: RenderInput) -> str:
    return render_sarif(findings, year=extra.year)


def _github(shown: Sequence[Finding], extra: RenderInput) -> str:
    return render_github(shown)


def _gitlab(shown: Sequence[Finding], extra: RenderInput) -> str:
    return render_gitlab(shown)


def _junit(shown: Sequence[Finding], extra: RenderInput) -> str:
    return render_junit(shown, extra.files)


# The one table of formats: --format, the config's `format` and the help text read it.
REPORTERS: dict[str, Renderer] = {
    "full": _full,
    "concise": _concise,
    "json": _json,
    "jsonl": _jsonl,
    "sarif": _sarif,
    "github": _github,
    "gitlab": _gitlab,
    "junit": _junit,
}
# Reporters that keep silenced findings (marked) for the audit trail.
_KEEPS_SILENCED = frozenset({"sarif"})
# Reporters that show silenced findings, with their reason, when asked (--show-suppressed).
_CAN_SHOW_SILENCED = frozenset({"json", "jsonl"})
FORMATS = tuple(REPORTERS)


def render(name: str, findings: Sequence[Finding], extra: RenderInput) -> str:
    """The report in format ``name``. ``findings`` may include silenced ones."""
    # Every value that came from a file is escaped here, once, for every format.
    findings = [escaped(f) for f in findings]
    extra = replace(
        extra,
        files=tuple(safe(path) for path in extra.files),
        sources={safe(path): text for path, text in (extra.sources or {}).items()},
    )
    reporter = REPORTERS.get(name)
    if reporter is None:
        raise ValueError(f"unknown format {name!r}")
    keeps = name in _KEEPS_SILENCED or (extra.show_suppressed and name in _CAN_SHOW_SILENCED)
    return reporter(findings if keeps else visible(findings), extra)
