"""Issue 15 item 9: one line-break rule for both forms and every position table. Lines
end at LF (CRLF counts as one); a lone CR, NEL or U+2028/2029 is one PB001 where it is,
never a file read as "one line" or positions outside the file."""

from __future__ import annotations

import pytest
from report_samples import CLEAN_PLAYBOOK

from playbook_lint.run.engine import lint_text

YAML = "playbook: p\ntimezone: America/New_York\nstages: {}\n"


@pytest.mark.parametrize("text", [CLEAN_PLAYBOOK, YAML])
@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\r", "a carriage return (CR) without a newline"),
        ("\x85", "U+0085 NEXT LINE"),
        ("\u2028", "U+2028 LINE SEPARATOR"),
        ("\u2029", "U+2029 PARAGRAPH SEPARATOR"),
    ],
)
def test_other_line_breaks_are_one_finding_where_they_are(text: str, char: str, name: str) -> None:
    # The other break at the end of line 2, before a space (a CR there is not CRLF).
    first, second, rest = text.split("\n", 2)
    hostile = f"{first}\n{second}{char} \n{rest}"
    path = "x.playbook.yaml" if text is YAML else "x.playbook"
    result = lint_text(hostile, path)
    assert [(f.code, f.line, f.column) for f in result.findings] == [("PB001", 2, len(second) + 1)]
    assert result.findings[0].message.startswith(name)


@pytest.mark.parametrize("text", [CLEAN_PLAYBOOK, YAML])
def test_crlf_files_read_as_lf_files(text: str) -> None:
    path = "x.playbook.yaml" if text is YAML else "x.playbook"
    lf = [(f.code, f.line, f.column) for f in lint_text(text, path).findings]
    crlf = [
        (f.code, f.line, f.column) for f in lint_text(text.replace("\n", "\r\n"), path).findings
    ]
    assert lf == crlf
