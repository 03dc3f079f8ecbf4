"""Issue 9, item 4: a baseline never holds a line or column, so moving code keeps it.

Every example (both forms) is linted, baselined, then edited by inserting blank lines and
comments above every statement and action: the baseline must accept every finding of
the edited file, with no new finding and no stale entry.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from playbook_lint.run.baseline import apply_baseline, write_baseline
from playbook_lint.run.engine import lint_text
from support import REPO

EXAMPLES = sorted((REPO / "examples").glob("*.playbook*"))
_WORDS = "stage|template|on|call|sms|email|letter|push|im|visit|lawsuit|credit_report|agency"
_DSL_LINE = re.compile(rf"^\s*(?:{_WORDS})\b")
_YAML_LINE = re.compile(rf"^(?:[a-z_]+:|\s*- (?:{_WORDS})\b|\s+[\w\u4e00-\u9fff]+:\s*(?:\{{|$))")


def moved(text: str, yaml_form: bool) -> str:
    """``text`` with a blank line and a comment inserted above every statement (outside
    strings), so every finding moves down by a different number of lines."""
    out: list[str] = ["# a comment at the top", ""]
    in_triple = False
    pattern = _YAML_LINE if yaml_form else _DSL_LINE
    for line in text.split("\n"):
        if not in_triple and pattern.match(line) and not line.startswith("playbook"):
            indent = line[: len(line) - len(line.lstrip())]
            out += ["", f"{indent}# moved down by this comment"]
        out.append(line)
        if not yaml_form and line.count('"""') % 2:
            in_triple = not in_triple
    return "\n".join(out)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_inserted_lines_make_no_finding_new(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    before = lint_text(text, path.name).findings
    edited = moved(text, path.name.endswith(".yaml"))
    after = lint_text(edited, path.name).findings
    # The edit really moved things (else the test proves nothing) and changed no finding.
    assert len(after) == len(before)
    if before:
        assert [f.line for f in after] != [f.line for f in before]
    result = apply_baseline(after, write_baseline(before))
    assert result.kept == ()
    assert result.stale == ()


def test_a_comment_above_an_accepted_pb503_keeps_it_accepted() -> None:
    path = REPO / "examples" / "sloppy-us-agency.playbook"
    text = path.read_text(encoding="utf-8")
    before = [f for f in lint_text(text, path.name).findings if f.code == "PB503"]
    assert before
    edited = text.replace("stage early", "# reviewed\nstage early", 1)
    after = [f for f in lint_text(edited, path.name).findings if f.code == "PB503"]
    assert apply_baseline(after, write_baseline(before)).kept == ()
    # Nothing in the identity names a line: not the message, not the anchor.
    assert all("line" not in f.stable_message and "line" not in f.anchor for f in after)
