"""Fixes: each one removes the finding it was made for; unsafe ones only when asked."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_lint.checks import all_checks, check_for
from playbook_lint.checks.base import Applicability, FixDoc
from playbook_lint.cli import main
from playbook_lint.diagnostics import Finding, Severity
from playbook_lint.editing.fixes import FIXERS, fix_text, fixes_for
from playbook_lint.run.engine import lint_text

HEAD = 'playbook "p"\ntimezone UTC\n'
TEMPLATE = 'template t sms "Hi {name}. Reply STOP to opt out."\n'
HANDLERS = "on payment_received: stop all\non conversation: pause call for 7 days\n"
YAML_HANDLERS = (
    "handlers:\n  - on payment_received: stop all\n  - on conversation: pause call for 7 days\n"
)

# (code, DSL text, YAML text): each text has exactly one finding of that code.
CASES: list[tuple[str, str, str]] = [
    (
        "PB012",
        HEAD
        + "stage s days 1..3 {\n"
        + "  letter on day 1  # playbook-lint: ignore[PB101] -- calls only\n}\n"
        + HANDLERS,
        "playbook: p\ntimezone: UTC\nstages:\n  s:\n    days: 1..3\n"
        "    actions:\n      - letter on day 1  # playbook-lint: ignore[PB101] -- calls only\n"
        + YAML_HANDLERS,
    ),
    (
        "PB009",
        HEAD + TEMPLATE + 'template unused letter "Dear {name}"\n'
        "stage s days 1..3 {\n  sms using t on day 1 at 10:00\n}\n" + HANDLERS,
        "playbook: p\ntimezone: UTC\ntemplates:\n"
        '  t: {channel: sms, text: "Hi {name}. Reply STOP to opt out."}\n'
        "  unused:\n    channel: letter\n    text: |-\n      Dear {name}\n"
        "      Yours\n# a comment that stays\nstages:\n  s:\n    days: 1..3\n    actions:\n"
        "      - sms using t on day 1 at 10:00\nhandlers:\n  - on payment_received: stop all\n"
        "  - on conversation: pause call for 7 days\n",
    ),
    (
        "PB103",
        HEAD + "stage s days 1..3 {\n  sms every 2 hours\n}\n" + HANDLERS,
        "playbook: p\ntimezone: UTC\nstages:\n  s:\n    days: 1..3\n"
        "    actions:\n      - channel: sms\n        schedule: every 2 hours\n" + YAML_HANDLERS,
    ),
    (
        "PB701",
        HEAD + "stage s days 1..3 {\n  letter on day 1\n}\n",
        "playbook: p\ntimezone: UTC\nstages:\n  s:\n    days: 1..3\n"
        "    actions:\n      - letter on day 1\n",
    ),
    (
        # The letter says it is from a debt collector (Reg F's subsequent disclosure) but
        # lacks both groups of the initial one; the dispute pause spares the notices (v2),
        # so the validation letter is not held back (PB402).
        "PB502",
        HEAD
        + "jurisdiction us-regf\n"
        + 'template v letter notice validation "Dear {name}, from a debt collector: you owe'
        + ' {amount}."\n'
        + "stage s days 1..3 {\n  letter using v on day 1\n}\n"
        + "on payment_received: stop all\n"
        + "on dispute_raised: pause all except notices until dispute_verified\n",
        "playbook: p\ntimezone: UTC\njurisdiction: [us-regf]\ntemplates:\n"
        "  v:\n    channel: letter\n    notice: validation\n    text: |-\n"
        "      Dear {name}, from a debt collector:\n      you owe {amount}.\n"
        "stages:\n  s:\n    days: 1..3\n    actions:\n      - letter using v on day 1\n"
        "handlers:\n  - on payment_received: stop all\n"
        "  - {on: dispute_raised, pause: all, except: notices, until: dispute_verified}\n",
    ),
    (
        "PB102",
        HEAD
        + "jurisdiction us-regf\nstage s days 1..3 {\n"
        + "  call daily between 09:00 and 17:00 max 1 per day\n}\n"
        "on payment_received: stop all\n",
        "playbook: p\ntimezone: UTC\njurisdiction: [us-regf]\nstages:\n  s:\n    days: 1..3\n"
        "    actions:\n      - call daily between 09:00 and 17:00 max 1 per day\n"
        "handlers:\n  - on payment_received: stop all\n",
    ),
]


def _lint(path: str) -> object:
    def lint(text: str) -> Sequence[Finding]:
        return lint_text(text, path).findings

    return lint


def _codes(text: str, path: str) -> list[str]:
    return [f.code for f in lint_text(text, path).findings]


def _declared_fix(code: str) -> FixDoc:
    check = check_for(code)
    assert check is not None
    fix = check.doc.fix
    assert fix is not None, code
    return fix


def test_every_fixer_has_a_case_and_a_fix_declared_with_its_check() -> None:
    declared = {check.code for check in all_checks() if check.doc.fix is not None}
    assert {code for code, _, _ in CASES} == set(FIXERS) == declared


@pytest.mark.parametrize("form", ["dsl", "yaml"])
@pytest.mark.parametrize(("code", "dsl", "yaml"), CASES, ids=[c[0] for c in CASES])
def test_the_fix_removes_its_finding(code: str, dsl: str, yaml: str, form: str) -> None:
    path = "p.playbook" if form == "dsl" else "p.playbook.yaml"
    text = dsl if form == "dsl" else yaml
    before = lint_text(text, path).findings
    assert [f.code for f in before].count(code) == 1, [(f.code, f.message) for f in before]
    fix = next(f for f in fixes_for(text, path, before) if f.finding.code == code)
    unsafe = _declared_fix(code).applicability is Applicability.UNSAFE
    assert fix.applicability is _declared_fix(code).applicability
    fixed = fix_text(text, path, _lint(path), unsafe=unsafe)  # type: ignore[arg-type]
    assert code in [f.finding.code for f in fixed.applied]
    assert code not in _codes(fixed.text, path)
    assert "PB001" not in _codes(fixed.text, path)
    if unsafe:
        # Without --unsafe-fixes the text stays as it was and the fix is counted.
        safe_only = fix_text(text, path, _lint(path), unsafe=False)  # type: ignore[arg-type]
        assert code not in [f.finding.code for f in safe_only.applied]
        assert code in _codes(safe_only.text, path)
        assert safe_only.unsafe_left >= 1


def test_pb012_keeps_the_used_selectors_and_the_reason() -> None:
    text = (
        HEAD + "stage s days 1..3 {\n"
        "  sms every 2 hours  # playbook-lint: ignore[PB101, PB103] -- reminder burst approved\n}\n"
        + HANDLERS
    )
    fixed = fix_text(text, "p.playbook", _lint("p.playbook"), unsafe=True)  # type: ignore[arg-type]
    assert "# playbook-lint: ignore[PB103] -- reminder burst approved" in fixed.text
    assert "PB012" not in _codes(fixed.text, "p.playbook")


def test_pb009_in_yaml_keeps_the_comment_below_the_template() -> None:
    yaml = CASES[1][2]
    fixed = fix_text(yaml, "p.playbook.yaml", _lint("p.playbook.yaml"), unsafe=True)  # type: ignore[arg-type]
    assert "unused" not in fixed.text
    assert "# a comment that stays" in fixed.text


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "p.playbook"
    path.write_text(text, encoding="utf-8")
    return path


def test_pb502_writes_the_sentences_into_the_string_as_its_quotes_need() -> None:
    """Reg F's initial disclosure has two groups (`all_of`): the fix adds a sentence for
    each, after the escaped quotes, and both PB502 rules (initial, subsequent) are gone."""
    text = (
        HEAD + "jurisdiction us-regf\n"
        'template v letter notice validation "Dear {name}, \\"final\\" notice."\n'
        "stage s days 1..3 {\n  letter using v on day 1\n}\n"
        "on payment_received: stop all\n"
        "on dispute_raised: pause all except notices until dispute_verified\n"
        "on represented: stop all to borrower\n"
    )
    before = lint_text(text, "p.playbook").findings
    assert sorted(f.rule or "" for f in before) == [
        "us-regf/initial-disclosure",
        "us-regf/subsequent-disclosure",
    ]
    fixed = fix_text(text, "p.playbook", _lint("p.playbook"), unsafe=True)  # type: ignore[arg-type]
    assert (
        '\\"final\\" notice. Attempt to collect a debt.'
        ' Information obtained will be used for that purpose."'
    ) in fixed.text
    assert _codes(fixed.text, "p.playbook") == []


def _pb502(message: str, line: int, column: int) -> Finding:
    return Finding(
        "p.playbook.yaml",
        line,
        column,
        "PB502",
        line,
        column + 1,  # a one-letter template name
        "missing-disclosure",
        Severity.ERROR,
        message,
        rule="house/initial",
    )


def test_pb502_writes_only_phrases_the_string_can_hold() -> None:
    """In a plain YAML scalar `: ` would end the text: a group's phrase that needs it is
    passed over for the next one, and a group none of whose phrases fit means no fix at
    all, since a fix for some groups only would leave its finding standing."""
    text = (
        "playbook: p\ntemplates:\n  v:\n    channel: sms\n    text: Hi {name}, you are late\n"
        "stages:\n  s:\n    days: 1..3\n    actions:\n      - sms using v on day 1\n"
    )
    where = (3, 3)  # the template's name, where PB502 points
    writable = _pb502(
        'sms template \'v\' has none of "note: debt", "a debt collector"; and none of "reply STOP"',
        *where,
    )
    (fix,) = fixes_for(text, "p.playbook.yaml", [writable])
    assert fix.edits[0].text == " A debt collector. Reply STOP."
    assert '"a debt collector" and "reply STOP"' in fix.title
    unwritable = _pb502(
        'sms template \'v\' has none of "a debt collector"; and none of "note: debt"', *where
    )
    assert fixes_for(text, "p.playbook.yaml", [unwritable]) == []


def test_check_fix_never_removes_a_suppression_unless_asked(tmp_path: Path) -> None:
    """Removing a suppression deletes its written reason: an unsafe fix (cli.md v3 item 2)."""
    text = (
        HEAD + "stage s days 1..3 {\n"
        "  letter on day 1  # playbook-lint: ignore[PB101] -- no calls here\n}\n" + HANDLERS
    )
    path = _write(tmp_path, text)
    result = CliRunner().invoke(main, ["check", "--fix", "--format", "concise", str(path)])
    assert path.read_text(encoding="utf-8") == text
    assert "PB012" in result.output
    assert "Fixed 0 findings; 1 more fix is available with --unsafe-fixes." in result.output
    diff = CliRunner().invoke(main, ["check", "--diff", "--unsafe-fixes", str(path)])
    assert "-  letter on day 1  # playbook-lint: ignore[PB101] -- no calls here\n" in diff.output
    assert "+  letter on day 1\n" in diff.output
    assert path.read_text(encoding="utf-8") == text
    unsafe = ["check", "--fix", "--unsafe-fixes", "--format", "concise", str(path)]
    result = CliRunner().invoke(main, unsafe)
    assert "letter on day 1\n" in path.read_text(encoding="utf-8")
    assert "ignore[PB101]" not in path.read_text(encoding="utf-8")
    assert "PB012" not in result.output
    assert "Fixed 1 finding." in result.output


def test_check_unsafe_fixes_and_diff(tmp_path: Path) -> None:
    text = HEAD + "stage s days 1..3 {\n  sms every 2 hours\n}\n" + HANDLERS
    path = _write(tmp_path, text)
    diff = CliRunner().invoke(main, ["check", "--diff", "--unsafe-fixes", str(path)])
    assert diff.exit_code == 1
    assert "+  sms every 2 hours max 1 per day" in diff.output
    assert path.read_text(encoding="utf-8") == text
    result = CliRunner().invoke(
        main, ["check", "--fix", "--unsafe-fixes", "--format", "concise", str(path)]
    )
    assert "sms every 2 hours max 1 per day" in path.read_text(encoding="utf-8")
    assert "PB103" not in result.output


def test_explain_says_whether_a_check_has_a_fix() -> None:
    runner = CliRunner()
    pb012 = runner.invoke(main, ["explain", "PB012"]).output
    assert "## Fix\n\nUnsafe, applied only by `check --fix --unsafe-fixes`" in pb012
    assert "written reason" in pb012
    unsafe = runner.invoke(main, ["explain", "PB103"]).output
    assert "## Fix\n\nUnsafe, applied only by `check --fix --unsafe-fixes`" in unsafe
    assert "## Fix\n\nNone" in runner.invoke(main, ["explain", "PB201"]).output


def test_a_fix_that_breaks_the_parse_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken file has no findings but PB001, so "its finding is gone" is no proof."""
    from playbook_lint.editing import fixes
    from playbook_lint.editing.fixes import Edit, Fix
    from playbook_lint.model import Span

    def breaking(source: object, finding: Finding) -> Fix:
        # Drops the unused suppression's line (so PB012 is gone) for one that does not parse.
        where = Span(finding.line, 1, finding.line + 1, 1)
        return Fix(finding, "break it", Applicability.SAFE, (Edit(where, 'stage "\n'),))

    monkeypatch.setitem(fixes.FIXERS, "PB012", breaking)
    text = CASES[0][1]
    fixed = fix_text(text, "p.playbook", lambda s: lint_text(s, "p.playbook").findings, unsafe=True)
    assert fixed.applied == ()
    assert fixed.text == text
