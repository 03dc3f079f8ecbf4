"""Issue 19 item 2 (cli.md v3 item 2): `--fix` never destroys a written reason.

One typo anywhere in a file made every suppression look unused (PB012), and removing an
unused suppression was a *safe* fix: `check --fix` deleted a valid waiver and its reason,
and the error it covered came back once the typo was fixed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_lint.cli import main
from support import FIXTURES

REASON = "CMP-9 written consent from the borrower to three calls a day, signed 2024-03-02"
WAIVER = f"# playbook-lint: ignore[PB101] -- {REASON}"
# A valid waiver on the calls, and a typo (`on dya 40`) two lines below it.
FORMS = [
    (name, (FIXTURES / "gates" / name).read_text(encoding="utf-8"))
    for name in ("waiver.playbook", "waiver.playbook.yaml")
]


def _check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--format", "concise", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


@pytest.mark.parametrize(("name", "text"), FORMS, ids=["dsl", "yaml"])
def test_a_typo_does_not_make_a_waiver_unused(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    status, output = _check(str(path))
    assert status == 1
    assert "PB001" in output
    assert "did you mean 'day'?" in output
    assert "PB012" not in output


@pytest.mark.parametrize(("name", "text"), FORMS, ids=["dsl", "yaml"])
@pytest.mark.parametrize("unsafe", [[], ["--unsafe-fixes"]], ids=["safe", "unsafe"])
def test_fix_keeps_the_waiver_and_it_still_covers_the_error(
    tmp_path: Path, name: str, text: str, unsafe: list[str]
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _check("--fix", *unsafe, str(path))
    assert path.read_text(encoding="utf-8") == text  # the waiver and its reason are kept
    # The typo fixed by hand: the waiver silences the three calls a day it was written for.
    path.write_text(text.replace("on dya 40", "on day 40"), encoding="utf-8")
    status, output = _check(str(path))
    assert (status, output) == (0, "All checks passed (1 file).\n")
    _, unwaived = _check("--no-suppressions", str(path))
    assert "PB101" in unwaived
    sarif = CliRunner().invoke(main, ["check", "--format", "sarif", str(path)]).output
    assert REASON in sarif  # the audit trail keeps the reason


@pytest.mark.parametrize(("name", "text"), FORMS, ids=["dsl", "yaml"])
def test_removing_an_unused_waiver_is_unsafe_and_the_diff_shows_its_reason(
    tmp_path: Path, name: str, text: str
) -> None:
    # Once the file is whole and the calls are capped, the waiver truly silences nothing.
    whole = (
        text.replace("on dya 40", "on day 40")
        .replace("18:00  #", "18:00 max 1 per day  #")
        .replace("10:00, 14:00, 18:00 max", "10:00 max")
    )
    path = tmp_path / name
    path.write_text(whole, encoding="utf-8")
    _, output = _check("--fix", str(path))
    assert path.read_text(encoding="utf-8") == whole
    assert "PB012" in output
    assert "Fixed 0 findings; 1 more fix is available with --unsafe-fixes." in output
    diff = CliRunner().invoke(main, ["check", "--diff", "--unsafe-fixes", str(path)])
    assert diff.exit_code == 1
    removed = [line for line in diff.output.splitlines() if line.startswith("-  ")]
    assert len(removed) == 1
    assert removed[0].endswith(WAIVER)
    assert path.read_text(encoding="utf-8") == whole


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "p.playbook",
            'playbook "p"\ntimezone UTC\n'
            'template spring sms "Hi {name}. Reply STOP to opt out."  # April campaign, CMP-42\n'
            "stage s days 1..3 {\n  letter on day 1\n}\non payment_received: stop all\n",
        ),
        (
            "p.playbook.yaml",
            "playbook: p\ntimezone: UTC\ntemplates:\n"
            '  spring: {channel: sms, text: "Hi {name}. Reply STOP."}  # April campaign, CMP-42\n'
            "stages:\n  s:\n    days: 1..3\n    actions:\n      - letter on day 1\n"
            "handlers:\n  - on payment_received: stop all\n",
        ),
    ],
    ids=["dsl", "yaml"],
)
def test_no_fix_deletes_a_comment_someone_wrote(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _, output = _check("--fix", "--unsafe-fixes", str(path))
    assert "PB009" in output
    assert path.read_text(encoding="utf-8") == text
