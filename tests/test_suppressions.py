"""Suppression comments: where they are found, what they silence, and their hygiene."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from report_samples import finding, structure

from playbook_lint.checks.suppression import CHECKS
from playbook_lint.diagnostics import Severity
from playbook_lint.run.engine import lint_text
from playbook_lint.run.suppressions import Scope, apply_suppressions, find_suppressions
from support import FIXTURES

FIXTURE_FILES = [
    FIXTURES / "suppression" / "suppressions.playbook",
    FIXTURES / "suppression" / "suppressions.playbook.yaml",
]


# The fixtures' annotations are checked by test_fixtures.py.


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: Path(p).name)
def test_no_suppressions_reports_everything_and_no_hygiene(path: Path) -> None:
    result = lint_text(path.read_text(encoding="utf-8"), str(path), suppressions=False)
    codes = [f.code for f in result.findings]
    assert not {"PB010", "PB011", "PB012"} & set(codes)
    assert codes.count("PB009") == 5  # every unused template, suppressed or not
    assert "PB005" in codes
    assert result.suppressed == ()


def test_suppressed_findings_carry_their_reason() -> None:
    path = FIXTURES / "suppression" / "suppressions.playbook"
    result = lint_text(path.read_text(encoding="utf-8"), str(path))
    reasons = {(f.line, f.code): f.suppressed for f in result.suppressed}
    assert reasons[(7, "PB009")] == "April campaign, CMP-42"
    assert reasons[(23, "PB005")] == "the overlap is the hand-over week, CMP-7"


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.code)
def test_documented_examples_are_true(check: object) -> None:
    doc = check.doc  # type: ignore[attr-defined]
    code = check.code  # type: ignore[attr-defined]
    assert code in {f.code for f in lint_text(doc.example, "example.playbook").findings}
    assert code not in {f.code for f in lint_text(doc.use_instead, "example.playbook").findings}


# ---------------------------------------------------------------- finding the comments


def test_directives_inside_strings_are_text() -> None:
    dsl = (
        'template a sms "# playbook-lint: ignore[PB1] -- x"\n'
        'template b sms """\n  # playbook-lint: ignore[PB2] -- x\n"""\n'
        'template c sms "say \\"hi\\" # playbook-lint: ignore[PB3] -- x"\n'
    )
    assert find_suppressions(dsl, "dsl") == ()
    yaml = (
        'a: "# playbook-lint: ignore[PB1] -- x"\n'
        "b: 'it''s # playbook-lint: ignore[PB2] -- x'\n"
        "c: >-\n  # playbook-lint: ignore[PB3] -- x\n  more\n"
        "d: x#playbook-lint: ignore[PB4] -- x\n"
    )
    assert find_suppressions(yaml, "yaml") == ()


def test_yaml_comment_after_an_apostrophe_in_a_plain_scalar() -> None:
    (found,) = find_suppressions("b: it's late  # playbook-lint: ignore[PB2] -- r\n", "yaml")
    assert [s.text for s in found.selectors] == ["PB2"]


def test_parsed_parts_and_positions() -> None:
    line = "call to borrower daily  # playbook-lint: ignore[PB101, us-regf/call-frequency] -- ok"
    (s,) = find_suppressions('playbook "x"\n' + line + "\n", "dsl")
    assert s.scope is Scope.LINE
    assert s.reason == "ok"
    assert s.lines == (2,)
    assert (s.span.line, s.span.column) == (2, line.index("#") + 1)
    first, second = s.selectors
    assert (first.text, first.span.column) == ("PB101", line.index("PB101") + 1)
    assert (second.text, second.span.end_column) == (
        "us-regf/call-frequency",
        line.index(",") + 3 + len("us-regf/call-frequency"),
    )


def test_file_scope_and_its_alias() -> None:
    text = "# playbook-lint: ignore-file[PB5] -- a\n# playbook-lint: file-ignore[PB6] -- b\n"
    assert [s.scope for s in find_suppressions(text, "dsl")] == [Scope.FILE, Scope.FILE]


def test_own_line_comment_covers_the_next_code_line() -> None:
    text = "a\n  # playbook-lint: ignore[PB1] -- r\n\n  # another comment\n  b\n"
    (s,) = find_suppressions(text, "dsl")
    assert s.lines == (2, 5)


# ---------------------------------------------------------------- applying them


def _apply(text: str, *findings):  # type: ignore[no-untyped-def]
    return apply_suppressions(list(findings), find_suppressions(text, "dsl"), "p.playbook")


def test_matches_code_prefix_check_name_and_rule_id() -> None:
    for selector in (
        "PB101",
        "PB1",
        "pb1",
        "contact-frequency",
        "us-regf/call-frequency",
        "us-regf",
    ):
        text = "\n" * 8 + f"x  # playbook-lint: ignore[{selector}] -- r\n"
        applied = _apply(text, finding(line=9))
        assert applied.kept == (), selector
        assert [f.suppressed for f in applied.suppressed] == ["r"]


def test_other_rule_or_line_is_not_silenced() -> None:
    text = "\n" * 8 + "x  # playbook-lint: ignore[us-ma/call-frequency, PB2] -- r\n"
    applied = _apply(text, finding(line=9), finding(line=10))
    assert [f.code for f in applied.kept].count("PB101") == 2
    assert sorted(f.code for f in applied.hygiene) == ["PB012", "PB012"]


def test_blanket_silences_nothing() -> None:
    for directive in ("ignore", "ignore[]", "ignore[PB]", "ignore[ALL]"):
        text = "\n" * 8 + f"x  # playbook-lint: {directive} -- r\n"
        applied = _apply(text, finding(line=9))
        assert [f.code for f in applied.kept] == ["PB101", "PB011"], directive


def test_without_reason_still_silences_but_is_reported() -> None:
    text = "\n" * 8 + "x  # playbook-lint: ignore[PB101]\n"
    applied = _apply(text, finding(line=9))
    assert [f.code for f in applied.kept] == ["PB010"]
    (pb010,) = applied.kept
    assert pb010.severity is Severity.WARNING
    assert (pb010.line, pb010.column) == (9, 4)
    assert not pb010.message.endswith(".")


def test_syntax_errors_only_silenced_file_wide() -> None:
    syntax = structure(line=1, code="PB001", check="syntax-error", message="unexpected `}`")
    line_only = _apply("x  # playbook-lint: ignore[PB001] -- r\n", syntax)
    assert "PB001" in {f.code for f in line_only.kept}
    file_wide = _apply("x  # playbook-lint: ignore-file[PB001] -- r\n", syntax)
    assert file_wide.kept == ()


def test_hygiene_can_be_silenced_file_wide() -> None:
    text = (
        "# playbook-lint: ignore-file[PB012] -- legacy comments, cleaned up in Q3\n"
        "x  # playbook-lint: ignore[PB101] -- stale\n"
    )
    applied = _apply(text)
    assert applied.kept == ()
    assert [f.code for f in applied.suppressed] == ["PB012"]


def test_hygiene_anchor_does_not_depend_on_the_line() -> None:
    one = _apply("x  # playbook-lint: ignore[PB101] -- stale\n").kept[0]
    two = _apply("\n\nx  # playbook-lint: ignore[PB101] -- stale\n").kept[0]
    assert one.line != two.line
    assert one.anchor == two.anchor


@given(st.text(alphabet=st.characters(blacklist_characters='"\\\r\n'), max_size=40))
def test_no_directive_is_found_inside_a_dsl_string(inner: str) -> None:
    text = f'template t sms "{inner} # playbook-lint: ignore[PB1] -- r"\n'
    assert find_suppressions(text, "dsl") == ()


@given(st.text(alphabet=st.characters(blacklist_characters="'\r\n"), max_size=40))
def test_no_directive_is_found_inside_a_yaml_single_quoted_scalar(inner: str) -> None:
    text = f"text: '{inner} # playbook-lint: ignore[PB1] -- r'\n"
    assert find_suppressions(text, "yaml") == ()
