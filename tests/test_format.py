"""`playbook-lint format`: the canonical DSL layout keeps the model and the comments."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_lint.cli import main
from playbook_lint.editing.format import FormatError, format_dsl
from playbook_lint.run.suppressions import comments
from playbook_lint.syntax.parse_dsl import parse_dsl

REPO = Path(__file__).parent.parent
DSL_FILES = sorted(
    [*(REPO / "examples").glob("*.playbook"), *(REPO / "tests" / "fixtures").rglob("*.playbook")]
)
CLEAN = [p for p in DSL_FILES if not parse_dsl(p.read_text(encoding="utf-8")).diagnostics]
BROKEN = [p for p in DSL_FILES if p not in CLEAN]

MESSY = """\
# preamble

# lead for template
template  t   sms    "Hi {name}. Reply STOP to opt out."   # trailing t
playbook    "messy"
timezone   UTC
on payment_received :   stop all
stage a days 1..5 { sms using t   daily   at 9:00 }
stage b days 6..
{
  # before call
  call daily max 2 per day between 09:00 and 20:00 to borrower # playbook-lint: ignore[PB101] -- ok


  sms   using t on day 7,8
  # before close
}
# tail comment
"""

CANONICAL = """\
# preamble

playbook "messy"
timezone UTC

# lead for template
template t sms "Hi {name}. Reply STOP to opt out."  # trailing t

stage a days 1..5 {
  sms using t daily at 09:00
}

stage b days 6.. {
  # before call
  call to borrower daily between 09:00 and 20:00 max 2 per day  # playbook-lint: ignore[PB101] -- ok

  sms using t on day 7, 8
  # before close
}

on payment_received: stop all

# tail comment
"""


def _comments(text: str) -> Counter[str]:
    return Counter(body.strip() for _, _, body in comments(text, "dsl"))


def test_there_are_files_to_format() -> None:
    assert len([p for p in CLEAN if "examples" in p.parts]) >= 10
    assert len(CLEAN) >= 30


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: str(p.relative_to(REPO)))
def test_formatting_keeps_the_model_and_the_comments_and_is_idempotent(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    formatted = format_dsl(text)
    after = parse_dsl(formatted)
    assert after.diagnostics == ()
    assert after.playbook == parse_dsl(text).playbook
    assert _comments(formatted) == _comments(text)
    assert format_dsl(formatted) == formatted


def test_the_canonical_layout() -> None:
    assert format_dsl(MESSY) == CANONICAL


MESSY_V2 = """\
placeholders   amount,name   # filled by the mailer
playbook "v2"
timezone UTC
template t sms "Hi {name}, {amount} is due. Reply STOP to opt out."
stage a days 1..5 { sms using t daily at 10:00 }
on deceased :  stop all to  borrower
on incapacitated: pause notices , sms except   letter to guarantor,borrower for 30 days
on contact_refused: stop all except notices to third_party, family # not them again
on dispute_raised: pause all except notices until dispute_verified
"""

CANONICAL_V2 = """\
playbook "v2"
timezone UTC
placeholders amount, name  # filled by the mailer

template t sms "Hi {name}, {amount} is due. Reply STOP to opt out."

stage a days 1..5 {
  sms using t daily at 10:00
}

on deceased: stop all to borrower
on incapacitated: pause sms, notices except letter to borrower, guarantor for 30 days
on contact_refused: stop all except notices to family, third_party  # not them again
on dispute_raised: pause all except notices until dispute_verified
"""


def test_the_canonical_layout_of_the_v2_constructs() -> None:
    """`placeholders` takes its place in the header (names kept in the author's order:
    they are a list, not a set), channel sets end with `notices`, `to` lists targets in
    the language's order and comes before `until`/`for`."""
    formatted = format_dsl(MESSY_V2)
    assert formatted == CANONICAL_V2
    assert parse_dsl(formatted).playbook == parse_dsl(MESSY_V2).playbook
    assert format_dsl(formatted) == formatted


def test_a_suppression_still_covers_its_line_after_formatting() -> None:
    formatted = format_dsl(MESSY)
    line = next(x for x in formatted.splitlines() if "ignore[PB101]" in x)
    assert line.lstrip().startswith("call to borrower daily")


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: str(p.relative_to(REPO)))
def test_a_file_that_does_not_parse_is_refused(path: Path) -> None:
    with pytest.raises(FormatError):
        format_dsl(path.read_text(encoding="utf-8"))


def test_check_diff_and_write(tmp_path: Path) -> None:
    messy = tmp_path / "messy.playbook"
    messy.write_text(MESSY, encoding="utf-8")
    runner = CliRunner()
    check = runner.invoke(main, ["format", "--check", str(messy)])
    assert check.exit_code == 1
    assert f"would reformat {messy}" in check.output
    diff = runner.invoke(main, ["format", "--diff", str(messy)])
    assert diff.exit_code == 1
    assert "-stage a days 1..5 { sms using t   daily   at 9:00 }" in diff.output
    assert "+  sms using t daily at 09:00" in diff.output
    assert messy.read_text(encoding="utf-8") == MESSY
    write = runner.invoke(main, ["format", str(tmp_path)])
    assert write.exit_code == 0
    assert messy.read_text(encoding="utf-8") == CANONICAL
    again = runner.invoke(main, ["format", "--check", str(messy)])
    assert again.exit_code == 0


def test_yaml_is_never_rewritten_and_a_broken_file_is_an_error(tmp_path: Path) -> None:
    yaml_file = tmp_path / "p.playbook.yaml"
    yaml_file.write_text("playbook:    x\n", encoding="utf-8")
    broken = tmp_path / "broken.playbook"
    broken.write_text('playbook "x"\nstage a days 1..3 {\n  sms dailly\n}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["format", str(tmp_path)])
    assert result.exit_code == 2
    assert f"cannot format {broken}:3:" in result.output
    assert yaml_file.read_text(encoding="utf-8") == "playbook:    x\n"
    assert broken.read_text(encoding="utf-8").endswith("sms dailly\n}\n")


def test_stdin_to_stdout() -> None:
    result = CliRunner().invoke(main, ["format", "-"], input=MESSY)
    assert result.exit_code == 0
    assert result.stdout == CANONICAL


def test_crlf_files_keep_their_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "crlf.playbook"
    path.write_bytes(MESSY.replace("\n", "\r\n").encode("utf-8"))
    assert CliRunner().invoke(main, ["format", str(path)]).exit_code == 0
    assert path.read_bytes() == CANONICAL.replace("\n", "\r\n").encode("utf-8")
