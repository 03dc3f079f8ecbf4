"""Run the checks on one playbook: parse, always-on structure checks, then every ruleset rule.

The engine stamps code, rule, severity, citation and path on what parsers and checks
report, and returns findings sorted by position. It reads no files and prints nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..analysis.year import default_year
from ..canonical import stable_repr
from ..checks import implementation, model_checks
from ..checks.structure import exceeds_day_bound
from ..diagnostics import Diagnostic, Finding, ParseDiagnostic, Related, Severity
from ..model import NO_SPAN, Playbook, Span
from ..resources import is_bundled
from ..rules.catalogue import CheckSpec, spec_for
from ..rules.params import NoParams
from ..rules.rulesets import Rule, active_rules, resolve_rulesets
from ..syntax.parse import parse_source
from .causes import drop_cascades, fold_unbounded
from .discovery import Unreadable, decode
from .reuse import context_for
from .suppressions import KnownComments, suppress

# With one of these the model is not trustworthy enough for the worst-case analysis
# (an unknown zone, a 24:61 time): report them and stop, as a compiler does.
BLOCKING_CODES = frozenset({"PB001", "PB002", "PB003", "PB004"})


@dataclass(frozen=True)
class LintResult:
    """The findings of one file, and the playbook they are about (None if it did not parse)."""

    findings: tuple[Finding, ...]
    playbook: Playbook | None
    # Findings a suppression comment silenced (``Finding.suppressed`` holds the reason);
    # not in ``findings``, kept for SARIF's ``suppressions``.
    suppressed: tuple[Finding, ...] = ()
    # The check codes of the rules that applied to this file (for "--select PB504, but no
    # applied ruleset has PB504").
    applied: frozenset[str] = frozenset()
    # The decoded text (None: the bytes were not playbook text), for code frames and for
    # reading the file's suppression comments again.
    source: str | None = None


def lint_text(
    text: str,
    path: str,
    rulesets: Sequence[str] = (),
    *,
    suppressions: bool = True,
    year: int | None = None,
    own_jurisdiction: bool = True,
) -> LintResult:
    """Lint one playbook's text. ``rulesets`` (ids or files) add to the playbook's own
    ``jurisdiction``; with none at all, ``baseline`` applies. Raises ``RulesetError`` for a
    ruleset that cannot be loaded (the CLI exits 2); every problem of the playbook itself
    is a finding. ``suppressions`` False (``--no-suppressions``) ignores every
    ``playbook-lint: ignore`` comment, and so reports no PB010-PB012 either. ``year`` is
    the analysed calendar year (None: the current one), handed to every analysis.
    ``own_jurisdiction`` False judges against ``rulesets`` only (an audit's matrix cell)."""
    chosen = default_year() if year is None else year
    result = _lint(text, path, rulesets, suppressions, own_jurisdiction, chosen)
    return dataclasses.replace(result, source=text)


def lint_bytes(
    data: bytes,
    path: str,
    rulesets: Sequence[str] = (),
    *,
    suppressions: bool = True,
    year: int | None = None,
    own_jurisdiction: bool = True,
) -> LintResult:
    """The one "decode, then lint" of every front end (``check``, its workers, ``diff``,
    ``audit``): bytes that are not playbook text (not UTF-8, binary, too large) are one
    PB001 finding and no ``source``; otherwise ``lint_text``."""
    text = decode(data)
    if isinstance(text, Unreadable):
        return LintResult((unreadable_finding(path, text),), None)
    return lint_text(
        text,
        path,
        rulesets,
        suppressions=suppressions,
        year=year,
        own_jurisdiction=own_jurisdiction,
    )


def _lint(
    text: str,
    path: str,
    rulesets: Sequence[str],
    suppressions: bool,
    own_jurisdiction: bool,
    year: int,
) -> LintResult:
    parsed = parse_source(text, path)
    findings = [_from_parse(path, d) for d in parsed.diagnostics]
    playbook = parsed.playbook
    if playbook is None:
        return _suppressed(
            text, path, findings, None, suppressions, complete=False, comments=parsed.comments
        )
    # The analyses of this document's last lint when only its template texts changed (the
    # language server's keystrokes); the context's playbook is then the one to check.
    context = context_for(playbook, path, year)
    playbook = context.playbook
    anchors = anchor_index(playbook)
    # Always-on checks that need no ruleset; the parser reports PB001/PB002 itself and the
    # suppression checks (PB010-PB012) run on comments, after the others. Numbers are
    # bounded before any check expands them into days (issue 9 item 1).
    bounded = not exceeds_day_bound(playbook)
    # Out of bounds, only the checks that say so still run.
    checks = [c for c in model_checks() if bounded or c.code in BLOCKING_CODES]
    for check in checks:
        diagnostics = check.run(context, NoParams())
        findings.extend(_stamp(path, anchors, check.spec, None, diagnostics))
    findings = drop_cascades(findings, _failed_lines(text, parsed.failed, findings))
    rules = applicable_rules(playbook, rulesets, own_jurisdiction=own_jurisdiction)
    # Every rule runs only on a playbook that parsed completely and is within bounds; only
    # then can a suppression be judged unused (PB012) without lying (cli.md v3 item 2).
    complete = bounded and not any(f.code in BLOCKING_CODES for f in findings)
    if complete:
        context.required_notices = _required_notices(rules)
        for rule in rules:
            # The rule's family module is imported here, the first time one of its rules
            # applies: a ruleset that names few families costs few imports.
            diagnostics = implementation(rule.check).run(context, rule.params)
            findings.extend(_stamp(path, anchors, rule.check, rule, diagnostics))
    folded = fold_unbounded(findings)
    result = _suppressed(
        text, path, folded, playbook, suppressions, complete=complete, comments=parsed.comments
    )
    return dataclasses.replace(result, applied=frozenset(r.check.code for r in rules))


def _failed_lines(text: str, failed: Sequence[str], findings: Sequence[Finding]) -> list[str]:
    """The text of every statement (DSL) or line (YAML) a syntax error stopped."""
    lines = text.splitlines()
    around = [lines[f.line - 1] for f in findings if f.code == "PB001" and 0 < f.line <= len(lines)]
    return [*failed, *around]


def _suppressed(
    text: str,
    path: str,
    findings: list[Finding],
    playbook: Playbook | None,
    enabled: bool,
    *,
    complete: bool,
    comments: KnownComments | None = None,
) -> LintResult:
    """Apply the file's suppression comments (PB010-PB012 come from here). ``complete``:
    the file parsed and every rule ran, so a suppression that silenced nothing is unused;
    ``comments``: the comments the parser found (``ParseResult.comments``)."""
    unique = sorted(set(findings))
    if not enabled:
        return LintResult(tuple(unique), playbook)
    applied = suppress(text, path, unique, judge_unused=complete, known=comments)
    return LintResult(applied.kept, playbook, applied.suppressed)


def unreadable_finding(path: str, problem: Unreadable) -> Finding:
    """PB001 for a file whose bytes are not playbook text (not UTF-8, binary, too large)."""
    span = Span.between(problem.position, problem.position)
    diagnostic = ParseDiagnostic("PB001", span, problem.message)
    return _from_parse(path, diagnostic)


def applicable_rules(
    playbook: Playbook, extra: Sequence[str], *, own_jurisdiction: bool = True
) -> tuple[Rule, ...]:
    """The rules of every ruleset that applies: ``extra`` plus the playbook's jurisdictions
    (unknown ids there are PB003 findings, not errors), de-duplicated by rule id."""
    own = playbook.jurisdictions if own_jurisdiction else ()
    names = [*extra, *(j.text for j in own if is_bundled(j.text))]
    # A rule's `when` (checks.md v2 item 2) is judged on the playbook's effective header.
    return tuple(r for r in active_rules(resolve_rulesets(names)) if r.applies(playbook))


def _required_notices(rules: Sequence[Rule]) -> frozenset[str]:
    """The notice kinds the rules require (PB401-PB403): what `notices` in a handler means."""
    return frozenset(
        str(rule.params.kind) for rule in rules if rule.check.code in ("PB401", "PB402", "PB403")
    )


def _from_parse(path: str, diagnostic: ParseDiagnostic) -> Finding:
    check = spec_for(diagnostic.code)
    return _finding(
        path,
        diagnostic.span,
        code=diagnostic.code,
        check=check.name if check else "syntax-error",
        severity=check.severity if check else Severity.ERROR,
        message=diagnostic.message,
        help=diagnostic.help,
        anchor="playbook",
    )


def _stamp(
    path: str,
    anchors: Mapping[int, str],
    check: CheckSpec[Any],
    rule: Rule | None,
    diagnostics: Iterable[Diagnostic],
) -> Iterable[Finding]:
    for diagnostic in diagnostics:
        yield _finding(
            path,
            diagnostic.span,
            code=check.code,
            check=check.name,
            severity=_capped(rule.severity if rule else check.severity, diagnostic.at_most),
            message=diagnostic.message,
            help=diagnostic.help,
            anchor=diagnostic.anchor or anchors.get(diagnostic.span.line, "playbook"),
            rule=rule,
            related=diagnostic.related,
            more=diagnostic.more,
        )


def _capped(severity: Severity, at_most: Severity | None) -> Severity:
    """``severity``, lowered to ``at_most`` when a check asks for less."""
    return at_most if at_most is not None and at_most.rank < severity.rank else severity


def _finding(
    path: str,
    span: Span,
    *,
    code: str,
    check: str,
    severity: Severity,
    message: str,
    help: str | None,
    anchor: str,
    rule: Rule | None = None,
    related: tuple[Related, ...] = (),
    more: int = 0,
) -> Finding:
    return Finding(
        path=path,
        line=span.line,
        column=span.column,
        code=code,
        end_line=span.end_line,
        end_column=span.end_column,
        check=check,
        severity=severity,
        message=message + with_lines(span, related, more),
        rule=rule.id if rule else None,
        cite=rule.cite if rule else None,
        url=rule.url if rule else None,
        why=rule.why if rule else None,
        basis=str(rule.basis) if rule and rule.basis else None,
        help=help,
        anchor=anchor,
        identity=(rule.id if rule else "", without_lines(message)),
        related=related,
    )


_LINE_REFERENCE = re.compile(r"\b(lines?|columns?|col\.?) \d+(?:[:,]\d+)*", re.IGNORECASE)


def without_lines(message: str) -> str:
    """The message as the baseline knows it: a "first on line 12" in it would make the
    finding new whenever a line is inserted above, so line and column numbers go."""
    return _LINE_REFERENCE.sub(lambda m: f"{m.group(1)} ?", message)


def with_lines(span: Span, related: Sequence[Related], more: int = 0) -> str:
    """`` (with line 24)``, `` (with lines 12 and 24)``: the other actions a breach needs,
    for the text formats; empty when no related place is cited on another line.
    ``more`` places not listed: `` (with lines 3, 4, 5, 6, 7 and 35 more)``."""
    lines = sorted({r.span.line for r in related if r.cited and r.span.line != span.line})
    if more:
        named = f"lines {', '.join(str(n) for n in lines)} and " if lines else ""
        return f" (with {named}{more} more)"
    if not lines:
        return ""
    if len(lines) == 1:
        return f" (with line {lines[0]})"
    named = ", ".join(str(n) for n in lines[:-1])
    return f" (with lines {named} and {lines[-1]})"


def anchor_index(playbook: Playbook) -> dict[int, str]:
    """Line -> a logical name for the innermost model element written there, stable when
    lines move: an action is named by its stage and a digest of its content, so editing
    an unrelated line keeps the name while changing the action's numbers changes it
    (baselines). Built once per file; findings look their anchor up by line."""
    by_line: dict[int, str] = {}

    def claim(span: Span, anchor: str) -> None:
        if span != NO_SPAN:
            by_line.update(dict.fromkeys(range(span.line, span.end_line + 1), anchor))

    for handler in playbook.handlers:
        claim(handler.span, f"handler:{handler.event.text}:{handler.verb}")
    for template in playbook.templates:
        claim(template.span, f"template:{template.name.text}")
    for stage in playbook.stages:
        claim(stage.span, f"stage:{stage.name.text}")
    for stage in playbook.stages:
        for action in stage.actions:
            # stable_repr, not repr: a frozenset's order changes with the hash seed.
            identity = stable_repr(action).encode()
            digest = hashlib.sha1(identity, usedforsecurity=False).hexdigest()
            claim(action.span, f"stage:{stage.name.text}/action:{action.channel}:{digest[:12]}")
    return by_line
