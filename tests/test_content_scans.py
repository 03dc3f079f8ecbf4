"""Each template's words are read once per phrase list in a run (issue 24): PB501 asks
twice (its matches, then whether anything matched before its signal), other rules ask
about the same templates, and a repository's playbooks repeat their texts. What is kept
is bounded, and what a lint reports does not depend on it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from playbook_lint.rules import phrases
from playbook_lint.rules.patterns import Automaton, Scan, Token
from playbook_lint.run.engine import lint_text

EXAMPLES = Path(__file__).parent.parent / "examples"
# Threats, a reassurance and a plain reminder: matches, negated matches and none.
AGGRESSIVE = "aggressive-online-lender.playbook"


def _findings(text: str, name: str) -> list[str]:
    found = lint_text(text, name).findings
    return [f"{f.code} {f.line}:{f.column}-{f.end_line}:{f.end_column} {f.message}" for f in found]


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[int, tuple[str, ...]]]:
    """How often each automaton scanned each token sequence, from an empty memo."""
    monkeypatch.setattr(phrases, "_SCANS", phrases._Scans())
    seen: Counter[tuple[int, tuple[str, ...]]] = Counter()
    scan = Automaton.scan

    def counted(self: Automaton, toks: tuple[Token, ...]) -> Scan:
        seen[(id(self), tuple(t.text for t in toks))] += 1
        return scan(self, toks)

    monkeypatch.setattr(Automaton, "scan", counted)
    return seen


@pytest.mark.parametrize("name", [AGGRESSIVE, AGGRESSIVE + ".yaml"])
def test_every_template_is_scanned_once_per_phrase_list(
    name: str, scans: Counter[tuple[int, tuple[str, ...]]]
) -> None:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    first = _findings(text, name)
    assert any(f.startswith("PB501") for f in first), "the example threatens"
    assert scans, "the templates were read"
    assert max(scans.values()) == 1
    read = sum(scans.values())
    # The same playbook again (another file of the repository): nothing is read again.
    assert _findings(text, "copy-" + name) == first
    assert sum(scans.values()) == read


@pytest.mark.parametrize("name", [AGGRESSIVE, AGGRESSIVE + ".yaml"])
def test_what_is_kept_stays_within_its_bound_and_changes_no_finding(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    monkeypatch.setattr(phrases, "_SCANS", phrases._Scans())
    plenty = _findings(text, name)
    monkeypatch.setattr(phrases, "_SCANS", phrases._Scans())
    monkeypatch.setattr(phrases, "SCANNED_CHARS", 300)
    for _ in range(2):
        assert _findings(text, name) == plenty
        kept = phrases._SCANS.kept
        assert kept, "short texts are still kept"
        assert sum(len(t) for _, t in kept) == phrases._SCANS.chars <= 300
