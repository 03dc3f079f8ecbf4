"""Issue 9, items 4-6 on the command line: --year, --show-suppressed, --statistics as
JSON, --output without colour, and a note for a --select nothing can report."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from playbook_lint.cli import main

WAIVED = """playbook "waived"
jurisdiction us-regf
timezone America/New_York
borrowers in America/Los_Angeles
on conversation: pause call for 7 days
on cease_requested: stop all
stage s days 1..30 {
  call to borrower daily at 10:00, 14:00, 18:00  # playbook-lint: ignore[PB101] -- consent on file
}
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


def _file(tmp_path: Path, text: str = WAIVED) -> str:
    path = tmp_path / "w.playbook"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_json_lists_suppressed_findings_with_their_reason_only_when_asked(
    tmp_path: Path,
) -> None:
    path = _file(tmp_path)
    _, plain, _ = run("check", "--isolated", "--format", "json", path)
    assert all(o["code"] != "PB101" for o in json.loads(plain))
    _, shown, _ = run("check", "--isolated", "--format", "json", "--show-suppressed", path)
    [waived] = [o for o in json.loads(shown) if o["code"] == "PB101"]
    assert waived["suppressed"] == "consent on file"
    assert waived["help"]
    assert len(waived["fingerprint"]) == 64
    _, lines, _ = run("check", "--isolated", "--format", "jsonl", "--show-suppressed", path)
    assert any(json.loads(line)["suppressed"] for line in lines.splitlines())


def test_the_fingerprint_survives_inserted_lines(tmp_path: Path) -> None:
    path = _file(tmp_path)
    _, before, _ = run("check", "--isolated", "--format", "json", path)
    Path(path).write_text("# a note\n\n" + WAIVED, encoding="utf-8")
    _, after, _ = run("check", "--isolated", "--format", "json", path)
    assert [o["fingerprint"] for o in json.loads(before)] == [
        o["fingerprint"] for o in json.loads(after)
    ]
    assert [o["line"] for o in json.loads(before)] != [o["line"] for o in json.loads(after)]


def test_year_option_config_key_show_settings_and_sarif(tmp_path: Path) -> None:
    path = _file(tmp_path)
    _, settings, _ = run("check", "--isolated", "--year", "2031", "--show-settings", path)
    assert "year = 2031\n" in settings
    _, default, _ = run("check", "--isolated", "--show-settings", path)
    assert f"year = {date.today().year}  # not set: the current year" in default
    _, sarif, _ = run("check", "--isolated", "--year", "2031", "--format", "sarif", path)
    properties = json.loads(sarif)["runs"][0]["properties"]
    assert properties == {"analysisYear": 2031, "analysisYearSource": "given"}
    _, full, _ = run("check", "--isolated", "--year", "2031", "--format", "json", path)
    helps = [o["help"] for o in json.loads(full) if o["code"] == "PB201"]
    assert helps
    assert all("2031-" in h for h in helps)
    code, _, err = run("check", "--isolated", "--year", "99999", path)
    assert code == 2
    assert "year" in err.lower()


def test_statistics_as_json_has_totals(tmp_path: Path) -> None:
    path = _file(
        tmp_path, WAIVED.replace("  # playbook-lint: ignore[PB101] -- consent on file", "")
    )
    code, out, _ = run("check", "--isolated", "--statistics", "--format", "json", path)
    assert code == 1
    document = json.loads(out)
    assert document["total"] == sum(row["count"] for row in document["counts"])
    assert document["by_severity"]["error"] >= 1
    assert {"code", "check", "rule", "severity", "count"} <= set(document["counts"][0])


def test_output_file_never_gets_colour_codes(tmp_path: Path) -> None:
    path = _file(
        tmp_path, WAIVED.replace("  # playbook-lint: ignore[PB101] -- consent on file", "")
    )
    report = tmp_path / "report.txt"
    run(
        "check",
        "--isolated",
        "--color",
        "always",
        "--format",
        "full",
        "--output",
        str(report),
        path,
    )
    text = report.read_text(encoding="utf-8")
    assert "PB101" in text
    assert "\x1b" not in text


# PB305 (visit-staffing): only cn-cba2026 has it; every ruleset has PB504 since v2 (baseline).
def test_select_of_a_check_no_applied_ruleset_has_gets_a_note(tmp_path: Path) -> None:
    path = _file(tmp_path)
    _, _, err = run("check", "--isolated", "--select", "PB305", path)
    assert "note: --select PB305: no ruleset applied to these files has a PB305" in err
    assert "cn-cba2026/visit-two-agents" in err
    _, _, quiet = run("check", "--isolated", "--select", "PB101", path)
    assert "note: --select" not in quiet
