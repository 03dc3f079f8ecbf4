"""Reporters: pure functions from findings to text, one module per format.

``render`` picks one by name; ``parse_format_spec`` reads ``--format NAME[:PATH]``.
Every reporter shows only findings that nothing silenced, except SARIF, which keeps
suppressed and baselined ones (marked) for the audit trail.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..diagnostics import Finding

FORMATS = ("full", "concise", "json", "jsonl", "sarif", "github", "gitlab", "junit")


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


def render(name: str, findings: Sequence[Finding], extra: RenderInput) -> str:
    """The report in format ``name``. ``findings`` may include silenced ones."""
    from .common import visible
    from .escape import escaped, safe

    # Every value that came from a file is escaped here, once, for every format.
    findings = [escaped(f) for f in findings]
    extra = RenderInput(
        files=tuple(safe(path) for path in extra.files),
        sources={safe(path): text for path, text in (extra.sources or {}).items()},
        color=extra.color,
    )
    shown = visible(findings)
    if name == "full":
        from .text import render_full, render_summary

        body = render_full(shown, extra.sources or {}, color=extra.color)
        return body + render_summary(shown, len(extra.files))
    if name == "concise":
        from .text import render_concise, render_summary

        return render_concise(shown, color=extra.color) + render_summary(shown, len(extra.files))
    if name == "json":
        from .json_report import render_json

        return render_json(shown)
    if name == "jsonl":
        from .jsonl import render_jsonl

        return render_jsonl(shown)
    if name == "sarif":
        from .sarif import render_sarif

        return render_sarif(findings)
    if name == "github":
        from .github import render_github

        return render_github(shown)
    if name == "gitlab":
        from .gitlab import render_gitlab

        return render_gitlab(shown)
    if name == "junit":
        from .junit import render_junit

        return render_junit(shown, extra.files)
    raise ValueError(f"unknown format {name!r}")
