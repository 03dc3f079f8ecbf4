"""A position the language server reports after a lone surrogate (found by the issue 23
fuzz run over the server's features)."""

from __future__ import annotations

from playbook_lint.model import Span
from playbook_lint.server.positions import to_range


def test_a_lone_surrogate_before_a_finding_is_one_utf16_unit() -> None:
    """A client may send "\\ud800" (JSON carries it): a position after it is counted as
    the client counts it, one code unit, instead of raising UnicodeEncodeError."""
    lines = ['playbook "p\ud800q"']
    assert to_range(lines, Span(1, 14, 1, 15)).start.character == 13
