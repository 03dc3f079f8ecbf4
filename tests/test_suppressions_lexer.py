"""Issue 9, item 4: comments come from each form's lexer, so text inside a string (with
its escapes) is never a suppression."""

from __future__ import annotations

from playbook_lint.run.engine import lint_text
from playbook_lint.run.suppressions import comments

ESCAPED = (
    'playbook "p"\ntimezone America/New_York\n'
    'template t sms """Say \\""" then # playbook-lint: ignore[PB009] -- x"""\n'
)


def test_an_escaped_quote_in_a_long_string_does_not_end_it() -> None:
    result = lint_text(ESCAPED, "t.playbook")
    # The parser reads one string holding the directive as text ...
    assert result.playbook is not None
    assert "# playbook-lint: ignore[PB009]" in result.playbook.templates[0].text.value
    # ... so it silences nothing: the unused template is reported.
    assert [f.code for f in result.findings] == ["PB009"]
    assert list(comments(ESCAPED, "dsl")) == []


def test_a_real_comment_after_the_string_still_works() -> None:
    text = ESCAPED.rstrip("\n") + "  # playbook-lint: ignore[PB009] -- drafted for Q3\n"
    assert [f.code for f in lint_text(text, "t.playbook").findings] == []
    [(line, column, body)] = comments(text, "dsl")
    assert (line, column) == (3, text.splitlines()[2].index("#", 60) + 1)
    assert body.startswith(" playbook-lint: ignore[PB009]")


def test_yaml_comments_come_from_pyyaml_not_from_inside_scalars() -> None:
    text = (
        "playbook: p\ntimezone: America/New_York\ntemplates:\n"
        '  t: {channel: sms, text: "Say \\" then # playbook-lint: ignore[PB009] -- x"}\n'
        "  u:\n    channel: sms\n    text: |\n"
        "      body # playbook-lint: ignore[PB009] -- not a comment either\n"
    )
    assert list(comments(text, "yaml")) == []
    codes = [(f.line, f.code) for f in lint_text(text, "t.playbook.yaml").findings]
    assert (4, "PB009") in codes
    assert (5, "PB009") in codes


def test_yaml_comments_after_a_syntax_error_are_still_found() -> None:
    text = "playbook: p\nstages: [\n# playbook-lint: ignore-file[PB001] -- draft\n"
    assert [line for line, _, _ in comments(text, "yaml")] == [3]
