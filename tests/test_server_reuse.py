"""The language server keeps a document's analyses between lints (issue 24 item 7): a
lint after an edit of template texts only takes the last lint's timeline, and still
reports exactly what ``check`` reports for the new text, in both forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook_lint.diagnostics import Finding
from playbook_lint.model import Playbook
from playbook_lint.run.reuse import context_for, keeping_analyses
from playbook_lint.server.analysis import lint_document
from playbook_lint.syntax.parse import parse_source

EXAMPLES = Path(__file__).parent.parent / "examples"
SLOPPY = "sloppy-us-agency.playbook"

# Each edit of the sloppy example: (old, new, what a lint may keep).
EDITS = [
    # A template's words: the analyses are kept, PB5xx findings change.
    ("Pay {amount} today at {payment_link}.", "Pay {amount} today or we will sue you.", True),
    # A trailing space after an action: nothing the model holds changes.
    ("daily at 10:00, 14:00, 18:00\n", "daily at 10:00, 14:00, 18:00 \n", True),
    # An action's times: the timeline must be made again.
    ("daily at 10:00, 14:00, 18:00", "daily at 10:00, 14:00", False),
    # A template grows by a line: every later place moves, so nothing is kept.
    ('template pay_text sms "', 'template pay_text sms\n  "', False),
]


def _texts(findings: list[Finding]) -> list[tuple[str, int, int, str, str | None]]:
    return [(f.code, f.line, f.column, f.message, f.help) for f in findings]


def _model(text: str, name: str = SLOPPY) -> Playbook:
    playbook = parse_source(text, name).playbook
    assert playbook is not None
    return playbook


@pytest.mark.parametrize(("old", "new", "kept"), EDITS)
def test_analyses_are_kept_only_when_template_texts_alone_changed(
    old: str, new: str, kept: bool
) -> None:
    text = (EXAMPLES / SLOPPY).read_text(encoding="utf-8")
    assert old in text
    with keeping_analyses():
        first = context_for(_model(text), "/kept/" + SLOPPY, 2026)
        timeline = first.timeline
        second = context_for(_model(text.replace(old, new, 1)), "/kept/" + SLOPPY, 2026)
        assert (second.timeline is timeline) is kept
    # Outside ``keeping_analyses`` (``check``) nothing is taken from a previous lint.
    third = context_for(_model(text.replace(old, new, 1)), "/kept/" + SLOPPY, 2026)
    assert third.timeline is not timeline


@pytest.mark.parametrize("name", [SLOPPY, SLOPPY + ".yaml"])
def test_findings_after_kept_analyses_are_those_of_a_fresh_lint(tmp_path: Path, name: str) -> None:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    path = str(tmp_path / name)
    edited = text.replace("Pay {amount} today at", "Pay {amount} today or we will sue you at")
    assert edited != text
    # A comment line among the templates: the model is the same, every later place moves.
    first = "template pay_text" if name == SLOPPY else "  pay_text:"
    moved = text.replace(first, "# a note\n" + first, 1)
    assert moved.count("\n") == text.count("\n") + 1
    pairs = ((text, edited), (edited, text), (text, text + "\n"), (text, moved))
    for number, (before, after) in enumerate(pairs):
        lint_document(path, before)
        again, problem = lint_document(path, after)  # may take the last lint's analyses
        fresh, _ = lint_document(str(tmp_path / f"fresh{number}-{name}"), after)
        assert problem is None
        assert again, "the example has findings"
        assert _texts(again) == _texts(fresh)
