"""One open document, linted as ``check`` lints it, and what the editor asks of it:
diagnostics, code actions and formatting. Pure functions of the text and its path;
``app.py`` wires them to the protocol."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import unquote, urlparse

from lsprotocol import types

from ..checks.base import Applicability, Context
from ..diagnostics import Finding, Severity
from ..editing.fixes import Fix, fixes_for
from ..editing.format import FormatError, format_dsl
from ..model import Playbook, Span
from ..output.escape import safe_link
from ..run.check import RunError, lint_request
from ..run.config import ConfigError
from ..run.discovery import MAX_FILE_BYTES
from ..run.engine import BLOCKING_CODES
from ..run.request import CheckRequest
from ..run.reuse import keeping_analyses
from ..syntax.parse import is_yaml_name, parse_source
from .positions import from_range, to_range

SOURCE = "playbook-lint"
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def uri_path(uri: str) -> str:
    """The file path of a ``file:`` URI; other schemes keep their last segment as a name
    (its suffix still says the form)."""
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return unquote(parsed.path)
    return os.path.basename(unquote(parsed.path)) or "untitled.playbook"


def lint_document(path: str, text: str) -> tuple[list[Finding], str | None]:
    """The findings ``check`` reports for this file, by ``check``'s own run: the config
    closest to it, its rulesets (loaded and selectors checked as ``check`` does), its
    select/ignore/per-file-ignores and suppressions. A config or ruleset the run cannot
    use is the second value (``check`` would exit 2); a file its config excludes gets no
    findings, as ``check`` lints it not."""
    # JSON can carry a lone surrogate ("\ud800"): encoded as is, it is the finding an
    # undecodable file gets, not an exception in the handler.
    document = (path, text.encode("utf-8", "surrogatepass"))
    request = CheckRequest(paths=(path,), given=(document,), jobs=1, cache=False)
    try:
        # A document is linted again on every pause in typing: its analyses are kept for
        # the next lint, which takes them when only template texts changed (run/reuse.py).
        with keeping_analyses():
            result = lint_request(request)
    except (ConfigError, RunError) as error:
        return [], str(error)
    except OSError as error:  # the URI's folders cannot be searched for a config
        return [], f"cannot look for a config beside {path}: {error.strerror or error}"
    return list(result.findings), None


@dataclass
class Analysis:
    """A snapshot of one document: its text, model and findings, each computed when first
    asked for (completion and navigation need the model, not the whole lint)."""

    uri: str
    text: str
    version: int | None = None
    path: str = ""
    # What ``lint_document`` gave, when the lint ran elsewhere (the server's worker).
    linted: tuple[list[Finding], str | None] | None = None

    def __post_init__(self) -> None:
        self.path = self.path or uri_path(self.uri)

    @cached_property
    def _linted(self) -> tuple[list[Finding], str | None]:
        if self.linted is not None:
            return self.linted
        return lint_document(self.path, self.text)

    @property
    def findings(self) -> list[Finding]:
        return self._linted[0]

    @property
    def problem(self) -> str | None:
        return self._linted[1]

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @property
    def form(self) -> str:
        return "yaml" if is_yaml_name(self.path) else "dsl"

    @cached_property
    def oversized(self) -> bool:
        """Bigger than ``check`` reads: its diagnostics say so, and nothing parses it
        (a client may send any size; parsing 50 MB would stall the server for minutes)."""
        return (
            len(self.text) > MAX_FILE_BYTES
            or len(self.text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES
        )

    @cached_property
    def playbook(self) -> Playbook | None:
        if self.oversized:
            return None
        return parse_source(self.text, self.path).playbook

    @cached_property
    def context(self) -> Context | None:
        """The worst-case analyses, when the model is sound enough for them."""
        if self.playbook is None or any(f.code in BLOCKING_CODES for f in self.findings):
            return None
        return Context(self.playbook)


# --------------------------------------------------------------------------- diagnostics


def diagnostic(lines: list[str], finding: Finding) -> types.Diagnostic:
    """A finding as LSP shows it: the rule id (else the check code) as ``code``, the
    rule's URL as ``codeDescription``, the check code in the message and in ``data``."""
    message = finding.message
    if finding.help:
        message += f"\nhelp: {finding.help}"
    if finding.cite:
        message += f"\ncite: {finding.cite}"
    code = finding.rule or finding.code
    if finding.rule:
        message = f"{finding.code}: {message}"
    # A click on the code opens it: http(s) only, never command:, javascript: or file:.
    href = safe_link(finding.url)
    description = types.CodeDescription(href=href) if href else None
    return types.Diagnostic(
        range=to_range(lines, finding.span),
        message=message,
        severity=_SEVERITY[finding.severity],
        code=code,
        code_description=description,
        source=SOURCE,
        data={"code": finding.code, "rule": finding.rule, "line": finding.line},
    )


def diagnostics(analysis: Analysis) -> list[types.Diagnostic]:
    found = [diagnostic(analysis.lines, f) for f in analysis.findings]
    if analysis.problem:
        found.append(
            types.Diagnostic(
                range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                message=f"cannot lint with this configuration: {analysis.problem}",
                severity=types.DiagnosticSeverity.Error,
                source=SOURCE,
            )
        )
    return found


# --------------------------------------------------------------------------- code actions


def _overlaps(span: Span, wanted: Span) -> bool:
    """Line-wise: a cursor anywhere on a finding's line offers its actions."""
    return span.line <= wanted.end_line and wanted.line <= span.end_line


def _workspace_edit(analysis: Analysis, fix: Fix) -> types.WorkspaceEdit:
    edits = [
        types.TextEdit(range=to_range(analysis.lines, e.span), new_text=e.text) for e in fix.edits
    ]
    return types.WorkspaceEdit(changes={analysis.uri: edits})


_DIRECTIVE = re.compile(r"playbook-lint\s*:\s*ignore\s*\[([^\]]*)\]")


def suppress_action(
    analysis: Analysis, finding: Finding, snippets: bool = False
) -> types.CodeAction | None:
    """ "Suppress with a reason": add the code to the line's suppression comment, or add
    ``# playbook-lint: ignore[CODE] -- `` at the end of the line, ready for the reason.
    A client that takes snippet edits gets the cursor placed on the reason."""
    if finding.code == "PB001" or finding.line > len(analysis.lines):
        return None  # a line comment cannot silence a syntax error (only ignore-file)
    line = analysis.lines[finding.line - 1]
    selector = finding.rule or finding.code
    existing = _DIRECTIVE.search(line)
    if existing:
        column = existing.end(1) + 1
        span = Span(finding.line, column, finding.line, column)
        text = f", {selector}"
    else:
        end = len(line.rstrip()) + 1
        span = Span(finding.line, end, finding.line, len(line) + 1)
        text = f"  # playbook-lint: ignore[{selector}] -- "
    place = to_range(analysis.lines, span)
    edit = types.WorkspaceEdit(changes={analysis.uri: [types.TextEdit(range=place, new_text=text)]})
    if snippets and not existing:
        escaped = re.sub(r"([$}\\])", r"\\\1", text)
        snippet = types.SnippetTextEdit(
            range=place, snippet=types.StringValue(value=escaped + "${1:why this is acceptable}")
        )
        document = types.OptionalVersionedTextDocumentIdentifier(
            uri=analysis.uri, version=analysis.version
        )
        edit = types.WorkspaceEdit(
            document_changes=[types.TextDocumentEdit(text_document=document, edits=[snippet])]
        )
    return types.CodeAction(
        title=f"Suppress {selector} on line {finding.line} (with a reason)",
        kind=types.CodeActionKind.QuickFix,
        edit=edit,
    )


def code_actions(
    analysis: Analysis, wanted: types.Range, snippets: bool = False
) -> list[types.CodeAction]:
    """Each fix of a finding in ``wanted`` (safe ones preferred), then a suppression."""
    span = from_range(analysis.lines, wanted)
    here = [f for f in analysis.findings if _overlaps(f.span, span)]
    actions: list[types.CodeAction] = []
    for fix in [] if analysis.oversized else fixes_for(analysis.text, analysis.path, here):
        safe = fix.applicability is Applicability.SAFE
        actions.append(
            types.CodeAction(
                title=fix.title + ("" if safe else " (unsafe)"),
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic(analysis.lines, fix.finding)],
                edit=_workspace_edit(analysis, fix),
                is_preferred=safe,
            )
        )
    offered: set[str] = set()
    for finding in here:
        action = suppress_action(analysis, finding, snippets)
        if action is not None and action.title not in offered:
            offered.add(action.title)
            action.diagnostics = [diagnostic(analysis.lines, finding)]
            actions.append(action)
    return actions


# --------------------------------------------------------------------------- formatting


def formatting(analysis: Analysis) -> list[types.TextEdit] | None:
    """The whole document in the canonical layout (None: YAML, or it does not parse)."""
    if analysis.form == "yaml" or analysis.oversized:
        return None
    try:
        formatted = format_dsl(analysis.text)
    except FormatError:
        return None
    if formatted == analysis.text:
        return []
    end = types.Position(line=len(analysis.lines), character=0)
    whole = types.Range(start=types.Position(0, 0), end=end)
    return [types.TextEdit(range=whole, new_text=formatted)]
