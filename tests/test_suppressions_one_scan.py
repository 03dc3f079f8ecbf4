"""Issue 24 item 2: a file without a suppression directive is not scanned a second time
for comments (YAML's comment scanner is pure Python: 12% of a check), and a file with
one still finds exactly the comments its form's lexer finds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from playbook_lint.run import suppressions
from playbook_lint.run.engine import lint_text
from playbook_lint.run.suppressions import Scope, find_suppressions

ROOT = Path(__file__).resolve().parent.parent
YAML = (ROOT / "examples" / "sloppy-us-agency.playbook.yaml").read_text(encoding="utf-8")


def _no_scan(text: str, form: str) -> Iterator[tuple[int, int, str]]:
    raise AssertionError("the comments were scanned")


def test_a_file_without_a_directive_is_not_scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "playbook-lint" not in YAML
    assert "#" in YAML
    monkeypatch.setattr(suppressions, "comments", _no_scan)
    assert find_suppressions(YAML, "yaml") == ()
    assert find_suppressions(YAML.replace("\n", "\r\n"), "yaml") == ()


def test_a_directive_is_still_found_with_crlf_and_bom() -> None:
    lines = YAML.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("- call to borrower"))
    lines[at] += "  # playbook-lint: ignore[PB101] -- dialer capped by the vendor"
    for text in ("\n".join(lines), "\ufeff" + "\r\n".join(lines)):
        found = find_suppressions(text, "yaml")
        assert [(s.scope, s.span.line, s.reason) for s in found] == [
            (Scope.LINE, at + 1, "dialer capped by the vendor")
        ]


def test_the_marker_inside_a_quoted_scalar_is_text() -> None:
    text = YAML.replace(
        "playbook: apex-receivables-purchased-accounts",
        "playbook: 'apex # playbook-lint: ignore-file[PB1] -- no'",
    )
    assert text != YAML
    assert find_suppressions(text, "yaml") == ()


def test_a_yaml_directive_is_found_in_the_tree_the_parser_composed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The check reads the comments from the parse's own tree: no second scan, and the
    # directive still silences the finding on its line, with CRLF and a BOM as without.
    lines = YAML.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("- call to borrower"))
    lines[at] += "  # playbook-lint: ignore[PB101] -- dialer capped by the vendor"
    monkeypatch.setattr(suppressions, "comments", _no_scan)
    for text in ("\n".join(lines) + "\n", "\ufeff" + "\r\n".join(lines) + "\r\n"):
        result = lint_text(text, "plan.playbook.yaml")
        assert [f.line for f in result.suppressed if f.code == "PB101"] == [at + 1]
        assert not [f for f in result.findings if f.code == "PB101" and f.line == at + 1]
