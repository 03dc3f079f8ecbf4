"""The fuzz harness over every command, not only ``check`` (issue 23): one hostile input
(``fuzz_inputs``' generators) through ``diff``, ``format``, ``convert``, ``check --fix``,
``audit`` or the language server's features, each as the command runs it, under the
per-file bound. ``examine_command`` says what went wrong: a traceback (an exception, or a
PB000 internal error), a run past its bound (a PB000 analysis limit), or a PB000 inside
a result. Used by tests/test_hostile_fuzz.py (a sample) and bench/fuzz_long.py (the long
run)."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable
from dataclasses import dataclass

from fuzz_inputs import SEED_TEXTS, examine
from lsprotocol import types

from playbook_lint.audit.judge import Job, judge
from playbook_lint.diagnostics import Finding
from playbook_lint.diff.compare import diff_pair
from playbook_lint.diff.report import render as render_diff
from playbook_lint.editing.convert import ConvertError, convert
from playbook_lint.editing.fixes import fix_text
from playbook_lint.editing.format import format_file
from playbook_lint.run.check import lint_one
from playbook_lint.run.discovery import Unreadable, decode
from playbook_lint.run.guard import PB000, Limits, guarded
from playbook_lint.server.analysis import Analysis, code_actions, diagnostics, formatting
from playbook_lint.server.complete import completion
from playbook_lint.server.navigate import definition, hover, references, symbols
from playbook_lint.syntax.parse import is_yaml_name

COMMANDS = ("check", "diff", "format", "convert", "fix", "audit", "server")
# Stricter than the commands' own default (60 s): a run past it is a finding of the fuzz.
BOUND = Limits(seconds=20)


@dataclass(frozen=True)
class Outcome:
    problems: list[str]
    past_bound: bool


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _decoded(text: str) -> str | None:
    """The text as the CLI reads it from a file, or None where it would refuse it."""
    got = decode(_bytes(text))
    return None if isinstance(got, Unreadable) else got


def _pb000s(findings: tuple[Finding, ...] | list[Finding]) -> list[str]:
    return [f"PB000 {f.check}: {f.message}" for f in findings if f.code == PB000]


def _diff(name: str, text: str, rng: random.Random) -> list[str]:
    """A real playbook of the same form as the old side, the hostile one as the new."""
    same_form = [t for n, t in SEED_TEXTS if is_yaml_name(n) == is_yaml_name(name)]
    old = rng.choice(same_form or [text])
    result = diff_pair(name, (f"old/{name}", _bytes(old)), (f"new/{name}", _bytes(text)), ())
    for output in ("text", "json", "markdown", "github"):
        render_diff(output, [result])
    return _pb000s([*result.new_findings, *result.fixed_findings])


def _format(name: str, text: str, rng: random.Random) -> list[str]:
    decoded = _decoded(text)
    if decoded is not None:
        format_file(name, decoded).diff()
    return []


def _convert(name: str, text: str, rng: random.Random) -> list[str]:
    decoded = _decoded(text)
    if decoded is None:
        return []
    # A file that does not parse cleanly is refused with a message: expected.
    with contextlib.suppress(ConvertError):
        convert(decoded, name, "dsl" if is_yaml_name(name) else "yaml")
    return []


def _fix(name: str, text: str, rng: random.Random) -> list[str]:
    decoded = _decoded(text)
    if decoded is None:
        return []
    found: list[str] = []

    def lint(source: str) -> list[Finding]:
        findings = list(lint_one(name, _bytes(source), ()).findings)
        found.extend(_pb000s(findings))
        return findings

    fix_text(decoded, name, lint, unsafe=rng.random() < 0.5)
    return found


def _audit(name: str, text: str, rng: random.Random) -> list[str]:
    judged = judge(Job(name, _bytes(text), (), rng.random() < 0.5, None, True))
    return _pb000s(list(judged.findings))


def _server(name: str, text: str, rng: random.Random) -> list[str]:
    # A client can send any text, lone surrogates included (JSON carries them).
    analysis = Analysis(f"untitled:{name}", text, 1)
    diagnostics(analysis)
    formatting(analysis)
    lines = max(len(analysis.lines), 1)
    whole = types.Range(types.Position(0, 0), types.Position(lines, 0))
    code_actions(analysis, whole, snippets=True)
    symbols(analysis)
    for _ in range(3):
        line = rng.randrange(lines + 1)
        width = len(analysis.lines[line]) if line < len(analysis.lines) else 0
        position = types.Position(line, rng.randrange(width + 2))
        hover(analysis, position)
        completion(analysis, position)
        definition(analysis, position)
        references(analysis, position, True)
    return _pb000s(analysis.findings)


_RUN: dict[str, Callable[[str, str, random.Random], list[str]]] = {
    "diff": _diff,
    "format": _format,
    "convert": _convert,
    "fix": _fix,
    "audit": _audit,
    "server": _server,
}


def examine_command(command: str, name: str, text: str, rng: random.Random) -> Outcome:
    """Run one input through ``command`` under ``BOUND``; what went wrong, if anything."""
    if command == "check":
        found, _status = examine(name, text)
        return Outcome(found, any("analysis-limit" in f for f in found))
    result = guarded(name, BOUND, lambda: _RUN[command](name, text, rng))
    if isinstance(result, Finding):
        return Outcome([f"{command}: {result.check}: {result.message}"], _past(result))
    return Outcome([f"{command}: {p}" for p in result], any("analysis-limit" in p for p in result))


def _past(finding: Finding) -> bool:
    return finding.check == "analysis-limit"
