"""Helpers for tests that read like the files users write.

A fixture playbook (DSL or YAML) marks each line that must produce a finding with a
trailing comment ``# expect: PB101`` (several codes comma-separated; a code may be
followed by a quoted fragment its message must contain: ``# expect: PB101 "7 days"``).
Every other line must stay silent.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from playbook_lint.diagnostics import Finding
from playbook_lint.run.engine import lint_text

_EXPECT = re.compile(r"#\s*expect:\s*((?:[A-Za-z0-9_/,\s-]|\"[^\"]*\")+?)\s*$")
# One entry of an ``# expect:`` list: a code, optionally with a quoted message fragment.
_ENTRY = re.compile(r'([A-Za-z0-9_/-]+)(?:\s+"([^"]*)")?')
_RULES = re.compile(r"#\s*rules:\s*(\S+)")

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


def expected_annotations(path: Path) -> set[tuple[int, str]]:
    """The (line, code) pairs a fixture announces with ``# expect:`` comments."""
    expected: set[tuple[int, str]] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = _EXPECT.search(line)
        if match:
            for code, _ in _ENTRY.findall(match.group(1)):
                expected.add((number, code))
    return expected


def pinned_messages(path: Path) -> list[tuple[int, str, str]]:
    """The (line, code, fragment) of every ``# expect: PB101 "fragment"`` entry."""
    pinned: list[tuple[int, str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = _EXPECT.search(line)
        if match:
            pinned.extend((number, c, f) for c, f in _ENTRY.findall(match.group(1)) if f)
    return pinned


def fixture_rulesets(path: Path) -> list[str]:
    """The rulesets a fixture is linted with: its ``# rules: X`` comment (a ruleset file next
    to it, else a bundled id), or a ``ruleset.yaml`` in its folder; none means its own
    jurisdiction (or baseline)."""
    match = _RULES.search(path.read_text(encoding="utf-8"))
    if match:
        local = path.parent / match.group(1)
        return [str(local) if local.exists() else match.group(1)]
    folder_ruleset = path.parent / "ruleset.yaml"
    return [str(folder_ruleset)] if folder_ruleset.exists() else []


def lint_file(path: Path, rulesets: Sequence[str] = ()) -> list[Finding]:
    """Lint a fixture as the CLI would (its own jurisdiction plus ``rulesets``)."""
    return list(lint_text(path.read_text(encoding="utf-8"), str(path), rulesets).findings)


def found_annotations(path: Path, rulesets: Sequence[str] = ()) -> set[tuple[int, str]]:
    """The (line, code) pairs the linter reports for a fixture."""
    return {(f.line, f.code) for f in lint_file(path, rulesets)}


def lint_source(text: str, name: str = "t.playbook", rulesets: Sequence[str] = ()) -> list[Finding]:
    """Lint a playbook given inline in a test."""
    return list(lint_text(text, name, rulesets).findings)


def twins(folder: Path) -> list[tuple[Path, Path]]:
    """Every ``x.playbook`` in ``folder`` paired with its ``x.playbook.yaml``."""
    return [
        (dsl, dsl.with_name(dsl.name + ".yaml"))
        for dsl in sorted(folder.glob("*.playbook"))
        if dsl.with_name(dsl.name + ".yaml").exists()
    ]


def load_script(path: Path, name: str) -> ModuleType:
    """A script that is not a package module (``bench/content.py``), imported under ``name``
    (registered in ``sys.modules``, so its dataclasses can find their module)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
