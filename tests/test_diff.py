"""``playbook-lint diff``: exact changes and their classes between policy versions, the
findings added and fixed, each gate's exit status, the formats, and REV:PATH from git."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from playbook_lint.cli import main

DIFF = Path(__file__).resolve().parent / "fixtures" / "diff"
V1 = DIFF / "standard-v1.playbook"


def _diff(old: Path | str, new: Path | str, *args: str) -> Result:
    return CliRunner().invoke(main, ["diff", str(old), str(new), *args])


def _changes(result: Result) -> set[tuple[str, str, str, str]]:
    data = json.loads(result.output)
    return {
        (c["class"], f"{c['aspect']}: {c['subject']}", c["old"], c["new"])
        for p in data["playbooks"]
        for c in p["changes"]
    }


def test_more_calls_loosens_by_exactly_one_call_a_month_in_both_forms() -> None:
    for suffix in (".playbook", ".playbook.yaml"):
        old = DIFF / f"standard-v1{suffix}"
        new = DIFF / f"standard-v2-more-calls{suffix}"
        result = _diff(old, new, "--format", "json")
        assert result.exit_code == 0, result.output  # no new finding: the default gate passes
        assert _changes(result) == {
            ("loosens", "intensity: call to borrower per 30 days", "25", "26")
        }


def test_loosening_change_reports_intensity_hours_and_the_removed_handler() -> None:
    result = _diff(V1, DIFF / "standard-v2-loosens.playbook", "--format", "json")
    assert _changes(result) == {
        ("loosens", "intensity: call to borrower per day", "1", "2"),
        ("loosens", "intensity: call to borrower per 7 days", "6", "12"),
        ("loosens", "intensity: call to borrower per 30 days", "25", "47"),
        ("loosens", "hours: America/New_York", "12:00-20:00", "10:00-20:00"),
        ("loosens", "hours: America/Los_Angeles", "09:00-17:00", "07:00-17:00"),
        ("loosens", "handler: on bankruptcy_filed: stop all", "present", "removed"),
        ("loosens", "cap: call to borrower in stage placement: max per day", "1", "2"),
    }
    [playbook] = json.loads(result.output)["playbooks"]
    assert sorted(f["code"] for f in playbook["new_findings"]) == ["PB101", "PB101", "PB201"]
    assert playbook["fixed_findings"] == []


def test_tightening_change() -> None:
    result = _diff(V1, DIFF / "standard-v2-tightens.playbook", "--format", "json")
    assert result.exit_code == 0
    assert _changes(result) == {
        ("tightens", "intensity: call to borrower per 30 days", "25", "21"),
        ("tightens", "first day: call to borrower", "day 6", "day 10"),
        ("tightens", "handler: on hardship_declared: pause all for 30 days", "absent", "added"),
    }


def test_reworded_text_and_moved_lines_are_neutral_not_new_findings() -> None:
    result = _diff(V1, DIFF / "standard-v2-neutral.playbook", "--format", "json")
    assert result.exit_code == 0
    assert _changes(result) == {("neutral", "template: reminder", "text", "text changed")}
    [playbook] = json.loads(result.output)["playbooks"]
    assert playbook["new_findings"] == []


def test_going_back_fixes_the_findings() -> None:
    result = _diff(DIFF / "standard-v2-loosens.playbook", V1, "--format", "json")
    assert result.exit_code == 0
    [playbook] = json.loads(result.output)["playbooks"]
    assert sorted(f["code"] for f in playbook["fixed_findings"]) == ["PB101", "PB101", "PB201"]
    assert {c["class"] for c in playbook["changes"]} == {"tightens"}


@pytest.mark.parametrize(
    ("new", "gate", "status"),
    [
        ("standard-v2-new-finding.playbook", "new-findings", 1),
        ("standard-v2-new-finding.playbook", "loosens", 1),
        ("standard-v2-new-finding.playbook", "none", 0),
        ("standard-v2-more-calls.playbook", "new-findings", 0),
        ("standard-v2-more-calls.playbook", "loosens", 1),
        ("standard-v2-more-calls.playbook", "none", 0),
        ("standard-v2-tightens.playbook", "loosens", 0),
        ("standard-v2-neutral.playbook", "loosens", 0),
    ],
)
def test_each_gate(new: str, gate: str, status: int) -> None:
    assert _diff(V1, DIFF / new, "--fail-on", gate).exit_code == status


def test_directories_pair_by_relative_path(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    (old / "policy").mkdir(parents=True)
    (new / "policy").mkdir(parents=True)
    shutil.copy(V1, old / "policy" / "standard.playbook")
    shutil.copy(DIFF / "standard-v2-more-calls.playbook", new / "policy" / "standard.playbook")
    shutil.copy(V1, old / "policy" / "retired.playbook")
    shutil.copy(V1, new / "policy" / "fresh.playbook")
    data = json.loads(_diff(old, new, "--format", "json").output)
    status = {p["name"]: p["status"] for p in data["playbooks"]}
    assert status == {
        "policy/fresh.playbook": "added",
        "policy/retired.playbook": "removed",
        "policy/standard.playbook": "changed",
    }


def test_github_annotations_name_the_new_file_and_line() -> None:
    new = DIFF / "standard-v2-loosens.playbook"
    result = _diff(V1, new, "--format", "github")
    lines = result.output.splitlines()
    title = "title=playbook-lint diff%3A new PB101 [us-regf/call-frequency]::"
    assert any(line.startswith(f"::error file={new},line=24,col=3,{title}") for line in lines)
    assert any(
        line.startswith(f"::warning file={new},line=24,title=playbook-lint diff%3A loosens::")
        and "call to borrower per 7 days: 6 → 12" in line
        for line in lines
    )


def test_markdown_escapes_what_a_playbook_says(tmp_path: Path) -> None:
    hostile = V1.read_text(encoding="utf-8").replace(
        '"summit-standard"', '"<img src=x onerror=alert(1)> | `x`"'
    )
    hostile = hostile.replace("on bankruptcy_filed: stop all\n", "")
    new = tmp_path / "x|<b>.playbook"
    new.write_text(hostile, encoding="utf-8")
    result = _diff(V1, new, "--format", "markdown")
    assert "<img" not in result.output
    assert "<b>" not in result.output
    assert "x\\|&lt;b&gt;.playbook" in result.output
    assert "| ⚠️ loosens | handler: on bankruptcy\\_filed: stop all | present | removed |" in (
        result.output
    )


# --------------------------------------------------------------------------- REV:PATH


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "policy").mkdir()
    shutil.copy(V1, tmp_path / "policy" / "standard.playbook")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "v1")
    shutil.copy(DIFF / "standard-v2-loosens.playbook", tmp_path / "policy" / "standard.playbook")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_rev_path_reads_the_committed_version(repo: Path) -> None:
    result = _diff("main:policy/standard.playbook", "policy/standard.playbook", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    [playbook] = data["playbooks"]
    assert playbook["old"] == "main:policy/standard.playbook"
    assert ("loosens", "intensity: call to borrower per 7 days", "6", "12") in _changes(result)
    assert {f["path"] for f in playbook["new_findings"]} == {"policy/standard.playbook"}


def test_rev_path_errors_are_clear(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    missing = _diff("nosuch:policy/standard.playbook", "policy/standard.playbook")
    assert missing.exit_code == 2
    assert "nosuch:policy/standard.playbook:" in missing.output
    assert "Traceback" not in missing.output
    neither = _diff("main:policy/nothing.playbook", "policy/nothing.playbook")
    assert neither.exit_code == 2
    assert "neither side exists" in neither.output
    # A revision git would read as an option (--output=FILE writes a file) is refused.
    option = CliRunner().invoke(
        main, ["diff", "--", "--output=x:policy/standard.playbook", "policy/standard.playbook"]
    )
    assert option.exit_code == 2
    assert "a revision cannot start with '-'" in option.output
    assert not Path("x").exists()


def test_rev_path_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    shutil.copy(V1, tmp_path / "standard.playbook")
    result = _diff("main:standard.playbook", "standard.playbook")
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.output


def test_names_cannot_forge_lines_or_colour_the_terminal(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    sneaky = "x\nplaybook-lint: all clear\x1b[2J.playbook"
    shutil.copy(V1, old / sneaky)
    shutil.copy(DIFF / "standard-v2-loosens.playbook", new / sneaky)
    result = _diff(old, new)
    assert "\x1b" not in result.output
    assert not any(
        line.startswith("playbook-lint: all clear") for line in result.output.splitlines()
    )
    assert "x playbook-lint: all clear\\x1b[2J.playbook" in result.output


def test_a_folder_and_a_file_cannot_be_compared(tmp_path: Path) -> None:
    result = _diff(DIFF, V1)
    assert result.exit_code == 2
    assert "cannot compare a folder with a file" in result.output


def test_the_year_is_an_option() -> None:
    result = _diff(
        V1, DIFF / "standard-v2-more-calls.playbook", "--year", "2027", "--format", "json"
    )
    assert result.exit_code == 0
    assert _changes(result) == {("loosens", "intensity: call to borrower per 30 days", "25", "26")}
