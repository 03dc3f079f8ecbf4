"""`playbook-lint convert`: either form into the other, the same model, comments carried."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_lint.cli import main
from playbook_lint.editing.convert import ConvertError, convert
from playbook_lint.editing.format import visible
from playbook_lint.run.engine import lint_text
from playbook_lint.run.suppressions import comments, form_of
from playbook_lint.syntax.parse import is_yaml_name, parse_source

REPO = Path(__file__).parent.parent
FILES = sorted(
    p
    for folder in (REPO / "examples", REPO / "tests" / "fixtures")
    for p in folder.rglob("*.playbook*")
    if p.name.endswith((".playbook", ".playbook.yaml", ".playbook.yml"))
)
CLEAN = [p for p in FILES if not parse_source(p.read_text(encoding="utf-8"), p.name).diagnostics]
BROKEN = [p for p in FILES if p not in CLEAN]


def _other(path: Path) -> tuple[str, str]:
    """The form to convert to, and a file name of that form."""
    return (
        ("dsl", "converted.playbook")
        if is_yaml_name(path.name)
        else (
            "yaml",
            "converted.playbook.yaml",
        )
    )


def _comments(text: str, form: str) -> Counter[str]:
    return Counter(body.strip() for _, _, body in comments(text, form))


def test_there_are_files_in_both_forms() -> None:
    assert len([p for p in CLEAN if is_yaml_name(p.name)]) >= 15
    assert len([p for p in CLEAN if not is_yaml_name(p.name)]) >= 15


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: str(p.relative_to(REPO)))
def test_a_round_trip_keeps_the_model_and_every_comment(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    form, name = _other(path)
    original = parse_source(text, path.name)
    converted = convert(text, path.name, form)
    there = parse_source(converted, name)
    assert there.diagnostics == ()
    assert there.playbook == original.playbook
    back = convert(converted, name, "yaml" if form == "dsl" else "dsl")
    again = parse_source(back, path.name)
    assert again.diagnostics == ()
    assert again.playbook == original.playbook
    assert _comments(converted, form_of(name)) == _comments(text, form_of(path.name))


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: str(p.relative_to(REPO)))
def test_the_converted_file_gets_the_same_findings(path: Path) -> None:
    """Suppressions travel with their lines, so what is reported stays the same."""
    text = path.read_text(encoding="utf-8")
    form, name = _other(path)
    before = lint_text(text, path.name)
    after = lint_text(convert(text, path.name, form), name)
    assert Counter(f.code for f in after.findings) == Counter(f.code for f in before.findings)
    assert Counter(f.code for f in after.suppressed) == Counter(f.code for f in before.suppressed)


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: str(p.relative_to(REPO)))
def test_a_file_that_does_not_parse_is_refused(path: Path) -> None:
    with pytest.raises(ConvertError):
        convert(path.read_text(encoding="utf-8"), path.name, _other(path)[0])


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_the_command_refuses_a_file_that_does_not_parse_with_its_place(path: Path) -> None:
    # The bound around the conversion turns every exception into PB000 "internal error";
    # a playbook with a syntax error is the user's, and is refused with file:line:column.
    to = _other(path)[0]
    result = CliRunner().invoke(main, ["convert", str(path), "--to", to])
    first = parse_source(path.read_text(encoding="utf-8"), path.name).diagnostics[0]
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"playbook-lint: error: cannot convert {path}:{first.span.line}:"
        f"{first.span.column}: {first.message}\n"
    )


def test_a_name_the_dsl_cannot_spell_is_refused_not_mangled() -> None:
    text = "playbook: x\njurisdiction: [us regf]\n"
    with pytest.raises(ConvertError, match="cannot be written in the dsl form"):
        convert(text, "p.playbook.yaml", "dsl")


def test_the_command(tmp_path: Path) -> None:
    source = tmp_path / "p.playbook"
    source.write_text(
        '# head\nplaybook "p"\ntimezone UTC\n\nstage s days 1..3 {\n'
        "  sms daily at 10:00  # playbook-lint: ignore[PB103] -- one a day\n}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["convert", str(source), "--to", "yaml"])
    assert result.exit_code == 0
    assert result.output == (
        "# head\n\n"
        'playbook: "p"\n'
        "timezone: UTC\n\n"
        "stages:\n"
        "  s:\n"
        "    days: 1..3\n"
        "    actions:\n"
        "      - sms daily at 10:00  # playbook-lint: ignore[PB103] -- one a day\n"
    )
    missing = CliRunner().invoke(main, ["convert", str(tmp_path / "nope"), "--to", "dsl"])
    assert missing.exit_code == 2


# Not line breaks in either form (those are issue 15's line-break rule), but YAML takes
# no control character in a comment: such a playbook was refused.
@pytest.mark.parametrize("char", ["\x1b", "\x7f", "\x9b", "\u202e"])
def test_a_comment_with_a_control_character_is_carried_escaped(char: str) -> None:
    text = (
        'playbook "p"\ntimezone UTC\n'
        f"# before{char}jurisdiction: us-regf\n"
        'template t sms "Hi {name}. Reply STOP to opt out."\n'
    )
    converted = convert(text, "p.playbook", "yaml")
    assert f"# before{visible(char)}jurisdiction: us-regf\n" in converted
    expected = parse_source(text, "p.playbook").playbook
    assert parse_source(converted, "p.playbook.yaml").playbook == expected


V2 = REPO / "tests" / "fixtures" / "parity" / "editor-v2.playbook"
V2_HANDLERS = [
    "on dispute_raised: pause all except letter, notices until dispute_verified",
    "on promise_to_pay: pause sms, call, notices for 14 days",
    "on deceased: stop all to borrower  # the estate call above stays alive",
    "on incapacitated: stop all except letter, notices to borrower, guarantor",
    "on contact_refused: stop call, visit to emergency_contact, family, third_party",
    "on opt_out: stop sms to borrower",
]


def test_the_v2_constructs_are_written_in_the_dsl() -> None:
    """YAML mappings with `to`, `notices` and a `placeholders` string become DSL phrases."""
    yaml_path = V2.with_name(V2.name + ".yaml")
    dsl = convert(yaml_path.read_text(encoding="utf-8"), yaml_path.name, "dsl")
    lines = dsl.splitlines()
    assert "placeholders name, amount, due_date, agent_phone  # what our template system fills" in (
        lines
    )
    for handler in V2_HANDLERS:
        assert handler in lines
    assert (
        parse_source(dsl, "p.playbook").playbook == parse_source(V2.read_text(), V2.name).playbook
    )


def test_the_v2_constructs_are_written_in_yaml() -> None:
    converted = convert(V2.read_text(encoding="utf-8"), V2.name, "yaml")
    lines = converted.splitlines()
    assert (
        "placeholders: [name, amount, due_date, agent_phone]  # what our template system fills"
        in (lines)
    )
    for handler in V2_HANDLERS:
        assert "  - " + handler in lines
    playbook = parse_source(converted, "p.playbook.yaml").playbook
    assert playbook is not None
    assert {h.event.text for h in playbook.handlers} >= {"incapacitated", "contact_refused"}


def test_what_the_dsl_cannot_say_is_refused_with_the_reason() -> None:
    """An empty `placeholders` or handler `to` list has no DSL spelling: refused, not dropped."""
    empty_placeholders = "playbook: x\nplaceholders: []\n"
    with pytest.raises(ConvertError, match="placeholder name"):
        convert(empty_placeholders, "p.playbook.yaml", "dsl")
    nobody = "playbook: x\nhandlers:\n  - {on: opt_out, stop: sms, to: []}\n"
    with pytest.raises(ConvertError, match="expected a target"):
        convert(nobody, "p.playbook.yaml", "dsl")
    # The YAML form can say both, so the other way keeps them.
    assert "placeholders: []" in convert(empty_placeholders, "p.playbook.yaml", "yaml")
