"""The command line as a user runs it: discovery, stdin, formats, exit status, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_lint.cli import main

LAWFUL = """playbook "lawful"
timezone Europe/London
template reminder sms "Your payment is late. Reply STOP to opt out."
stage early days 1..30 {
  sms using reminder on day 3, 10 at 10:00
}
on payment_received: stop all
"""

BROKEN = """playbook "broken"
timezone Europe/London
stage early days 1..30 {
  sms dayly at 10:00
}
"""

MISMATCH = """playbook "mismatch"
timezone Europe/London
template reminder sms "Your payment is late. Reply STOP to opt out."
stage early days 1..30 {
  call using reminder on day 3 at 10:00
}
on payment_received: stop all
"""


def run(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "ok.playbook").write_text(LAWFUL)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bad.playbook").write_text(MISMATCH)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "skipped.playbook").write_text(BROKEN)
    (tmp_path / "notes.txt").write_text("not a playbook")
    return tmp_path


def test_lawful_file_exits_zero(tmp_path: Path) -> None:
    path = tmp_path / "ok.playbook"
    path.write_text(LAWFUL)
    code, out, _ = run("check", str(path))
    assert code == 0
    assert "All checks passed (1 file)." in out


def test_directory_discovery_skips_hidden_folders_and_other_files(tree: Path) -> None:
    code, out, _ = run("check", "--format", "concise", str(tree))
    assert code == 1
    assert f"{tree / 'sub' / 'bad.playbook'}:5:14: error PB008 " in out
    assert "skipped.playbook" not in out
    assert "Found 1 error in 1 of 2 files." in out


def test_concise_line_shape(tmp_path: Path) -> None:
    path = tmp_path / "b.playbook"
    path.write_text(BROKEN)
    code, out, _ = run("check", "--format", "concise", str(path))
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(f"{path}:4:7: error PB001 ")


def test_full_format_shows_code_frame_with_carets(tmp_path: Path) -> None:
    path = tmp_path / "m.playbook"
    path.write_text(MISMATCH)
    _, out, _ = run("check", "--format", "full", str(path))
    lines = out.splitlines()
    assert lines[0].startswith("error[PB008] call uses template 'reminder'")
    assert lines[1] == f"  --> {path}:5:14"
    assert lines[2] == "   |"
    assert lines[3] == " 5 |   call using reminder on day 3 at 10:00"
    assert lines[4] == "   |              ^^^^^^^^"


def test_json_format_is_the_documented_shape(tmp_path: Path) -> None:
    path = tmp_path / "m.playbook"
    path.write_text(MISMATCH)
    code, out, _ = run("check", "--format", "json", str(path))
    assert code == 1
    [obj] = json.loads(out)
    assert list(obj) == [
        "path", "line", "column", "end_line", "end_column", "code", "check",
        "rule", "severity", "message", "cite", "url", "basis", "help", "fingerprint", "related",
        "suppressed",
    ]  # fmt: skip
    assert obj["code"] == "PB008"
    assert obj["check"] == "channel-mismatch"
    assert (obj["rule"], obj["cite"], obj["url"], obj["basis"]) == (None, None, None, None)
    assert (obj["line"], obj["column"], obj["end_column"]) == (5, 14, 22)


def test_stdin_with_filename_picks_the_form() -> None:
    yaml_text = "playbook: x\nstages:\n  early:\n    dayz: 1..30\n"
    code, out, _ = run(
        "check", "--format", "concise", "--stdin-filename", "in.playbook.yaml", "-",
        input=yaml_text,
    )  # fmt: skip
    assert code == 1
    assert "in.playbook.yaml:4:5: error PB002 unknown key 'dayz'; did you mean 'days'?" in out


def test_missing_path_exits_two(tmp_path: Path) -> None:
    code, _, err = run("check", str(tmp_path / "nope.playbook"))
    assert code == 2
    assert "no such file or directory" in err


def test_undecodable_file_is_a_finding_and_others_still_lint(tmp_path: Path) -> None:
    (tmp_path / "a.playbook").write_bytes(b'playbook "x"\n\xff\xfe junk\n')
    (tmp_path / "b.playbook").write_text(MISMATCH)
    code, out, _ = run("check", "--format", "concise", str(tmp_path))
    assert code == 1
    assert f"{tmp_path / 'a.playbook'}:2:1: error PB001 file is not UTF-8 text" in out
    assert "PB008" in out


def test_binary_file_named_directly_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "x.playbook"
    path.write_bytes(b"\x00\x01\x02" * 100)
    code, out, _ = run("check", "--format", "concise", str(path))
    assert code == 1
    assert "PB001" in out


def test_exit_zero_and_fail_level(tmp_path: Path) -> None:
    path = tmp_path / "m.playbook"
    path.write_text(MISMATCH)
    assert run("check", "--exit-zero", str(path))[0] == 0
    unused = tmp_path / "u.playbook"
    unused.write_text(LAWFUL.replace("stage", 'template spare letter "x"\nstage', 1))
    assert run("check", str(unused))[0] == 1  # PB009 is a warning
    assert run("check", "--fail-level", "error", str(unused))[0] == 0


def test_unknown_ruleset_option_exits_two(tmp_path: Path) -> None:
    path = tmp_path / "ok.playbook"
    path.write_text(LAWFUL)
    code, _, err = run("check", "--ruleset", "no-such-ruleset", str(path))
    assert code == 2
    assert "no-such-ruleset" in err


@pytest.mark.parametrize(
    "text",
    [
        "",
        "playbook",
        'playbook "x"\nstage s days 1..',
        'playbook "x"\nstage s days 1..30 {\n  call daily between 09:00 and',
        "\t\tplaybook 'x'",
        "{{{{{{{{{{",
        "playbook: [\n",
        "- - - - -",
        "!!python/object/apply:os.system ['echo pwned']",
    ],
)
def test_broken_input_never_crashes(text: str, tmp_path: Path) -> None:
    for name in ("t.playbook", "t.playbook.yaml"):
        path = tmp_path / name
        path.write_text(text)
        code, out, _ = run("check", "--format", "concise", str(path))
        assert code in (0, 1), out
        assert "Traceback" not in out


def test_installed_console_script_runs() -> None:
    script = Path(sys.executable).with_name("playbook-lint")
    result = subprocess.run(
        [str(script), "check", "--format", "concise", "-"],
        input=LAWFUL,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "All checks passed" in result.stdout


def test_timeline_draws_the_worst_case_calendar(tmp_path: Path) -> None:
    path = tmp_path / "ok.playbook"
    path.write_text(LAWFUL)
    code, out, _ = run("timeline", str(path))
    assert code == 0
    assert "sms to borrower" in out


def test_timeline_refuses_a_playbook_with_errors(tmp_path: Path) -> None:
    path = tmp_path / "b.playbook"
    path.write_text(BROKEN)
    code, _, err = run("timeline", str(path))
    assert code == 2
    assert f"{path}:4:" in err


@pytest.mark.parametrize("command", [["explain", "PB101"], ["rules"], ["rulesets"]])
def test_discoverability_commands_run(command: list[str]) -> None:
    code, out, _ = run(*command)
    assert code == 0
    assert out.strip()


def test_explain_unknown_code_exits_two() -> None:
    code, _, err = run("explain", "PB999")
    assert code == 2
    assert "PB999" in err


@pytest.mark.parametrize(
    ("option", "selector", "suggestion"),
    [
        ("--select", "PB1O1", "PB101"),
        ("--select", "us-regf/call-frequncy", "us-regf/call-frequency"),
        ("--ignore", "contact-frequncy", "contact-frequency"),
        ("--extend-select", "PB9", None),
    ],
)
def test_a_selector_that_names_nothing_is_an_error_not_a_green_run(
    tmp_path: Path, option: str, selector: str, suggestion: str | None
) -> None:
    path = tmp_path / "m.playbook"
    path.write_text(MISMATCH)
    code, out, err = run("check", "--isolated", option, selector, str(path))
    assert code == 2
    assert f"'{selector}' names no check code" in err
    if suggestion:
        assert f"did you mean '{suggestion}'?" in err
    assert out == ""


@pytest.mark.parametrize(
    "selector", ["PB1", "PB008", "channel-mismatch", "us-regf", "us-regf/call-frequency", "ALL"]
)
def test_valid_selectors_are_accepted(tmp_path: Path, selector: str) -> None:
    path = tmp_path / "m.playbook"
    path.write_text(MISMATCH)
    assert run("check", "--isolated", "--select", selector, str(path))[0] in (0, 1)


def test_a_config_selector_typo_names_the_config_file(tmp_path: Path) -> None:
    (tmp_path / ".playbook-lint.yaml").write_text("ignore: [PB00B]\n")
    path = tmp_path / "m.playbook"
    path.write_text(MISMATCH)
    code, _, err = run("check", str(path))
    assert code == 2
    assert "'PB00B' names no check code" in err
    assert ".playbook-lint.yaml" in err


def test_report_files_are_readable_like_any_file_the_user_writes(tmp_path: Path) -> None:
    path = tmp_path / "m.playbook"
    path.write_text(MISMATCH)
    report = tmp_path / "out" / "report.sarif"
    old = os.umask(0o022)
    try:
        run("check", "--isolated", "--format", f"sarif:{report}", str(path))
    finally:
        os.umask(old)
    assert report.stat().st_mode & 0o777 == 0o644


def test_timeline_reads_stdin() -> None:
    code, out, _ = run("timeline", "-", input=LAWFUL)
    assert code == 0
    assert "sms to borrower" in out


def test_a_named_file_that_config_excludes_is_not_passed_silently(tmp_path: Path) -> None:
    (tmp_path / ".playbook-lint.yaml").write_text('exclude: ["drafts/**"]\n')
    (tmp_path / "drafts").mkdir()
    path = tmp_path / "drafts" / "m.playbook"
    path.write_text(MISMATCH)
    code, _, err = run("check", str(path))
    assert code == 0
    assert f"{path} is excluded by" in err
