"""Issue 19 item 3 (audit.md v3, `diff`): a gate that passes a tightening, fails a
loosening, takes added and deleted playbooks and git folders, and points at the line
that changed."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from playbook_lint.cli import main
from support import FIXTURES

GATES = FIXTURES / "gates"
DIFF = FIXTURES / "diff"
FORMS = [".playbook", ".playbook.yaml"]


def _diff(old: Path | str, new: Path | str, *args: str) -> Result:
    result = CliRunner().invoke(main, ["diff", str(old), str(new), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def _playbooks(result: Result) -> list[dict]:  # type: ignore[type-arg]
    return list(json.loads(result.output)["playbooks"])


@pytest.mark.parametrize("suffix", FORMS)
def test_a_tightening_passes_the_new_findings_gate(suffix: str) -> None:
    """`daily … max 2 per day` -> `every 3 days … max 1 per day`: the action's PB102
    stands on both sides; it was one new and one fixed finding, and the gate failed."""
    old, new = GATES / f"northwind-v1{suffix}", GATES / f"northwind-v2-tightened{suffix}"
    result = _diff(old, new, "--fail-on", "new-findings", "--format", "json")
    assert result.exit_code == 0, result.output
    [playbook] = _playbooks(result)
    assert playbook["new_findings"] == []
    assert sorted(f["code"] for f in playbook["fixed_findings"]) == ["PB101", "PB101"]
    assert playbook["changed_findings"] == []
    assert playbook["unchanged_findings"] == 2  # the two PB102, one per call action
    assert {c["class"] for c in playbook["changes"]} == {"tightens"}


@pytest.mark.parametrize("suffix", FORMS)
def test_its_reverse_fails_the_gate(suffix: str) -> None:
    old, new = GATES / f"northwind-v2-tightened{suffix}", GATES / f"northwind-v1{suffix}"
    result = _diff(old, new, "--fail-on", "new-findings")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[1] == "  findings: 2 new, 0 fixed, 0 changed, 2 unchanged"
    assert lines[-1] == "4 loosens, 0 tightens, 0 neutral; 2 new findings, 0 fixed, 0 changed"


@pytest.mark.parametrize("suffix", FORMS)
def test_a_finding_whose_numbers_moved_is_changed_not_new(tmp_path: Path, suffix: str) -> None:
    old = GATES / f"northwind-v1{suffix}"
    new = tmp_path / f"northwind{suffix}"
    text = old.read_text(encoding="utf-8")
    new.write_text(text.replace("max 2 per day", "max 3 per day"), encoding="utf-8")
    result = _diff(old, new, "--format", "json")
    assert result.exit_code == 0, result.output  # nothing new: the same breach, worse
    [playbook] = _playbooks(result)
    assert playbook["new_findings"] == []
    assert playbook["fixed_findings"] == []
    moved = [(c["old"]["message"], c["new"]["message"]) for c in playbook["changed_findings"]]
    assert (
        "calls to borrower can reach 12 within 7 days (days 6-12); at most 7",
        "calls to borrower can reach 18 within 7 days (days 6-12); at most 7",
    ) in moved
    text_report = _diff(old, new).output
    assert "  ~ " in text_report
    assert "      was: calls to borrower can reach 12 within 7 days (days 6-12); at most 7" in (
        text_report
    )
    # --fail-on loosens still catches it: the intensity went up.
    assert _diff(old, new, "--fail-on", "loosens").exit_code == 1


@pytest.mark.parametrize(("suffix", "line"), [(".playbook", 29), (".playbook.yaml", 35)])
def test_a_widened_window_is_annotated_on_the_line_that_changed(
    tmp_path: Path, suffix: str, line: int
) -> None:
    """The second call's window widens; the hours change was annotated on the first
    call's line (24), not the one edited (29)."""
    old = DIFF / f"standard-v1{suffix}"
    lines = old.read_text(encoding="utf-8").split("\n")
    assert "every 2 days" in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace("12:00", "10:00")
    new = tmp_path / f"standard{suffix}"
    new.write_text("\n".join(lines), encoding="utf-8")
    output = _diff(old, new, "--format", "github").output.splitlines()
    hours = [row for row in output if "hours%3A" in row or "hours: " in row]
    assert len(hours) == 2
    assert all(row.startswith(f"::warning file={new},line={line},") for row in hours)


# --------------------------------------------------------------------------- git


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def pull_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose main has two playbooks, and a working tree that tightens one,
    deletes the other and adds a third (a pull request as CI checks it out)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    policy = tmp_path / "policy"
    policy.mkdir()
    shutil.copy(GATES / "northwind-v1.playbook", policy / "northwind.playbook")
    shutil.copy(DIFF / "standard-v1.playbook.yaml", policy / "summit.playbook.yaml")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "v1")
    shutil.copy(GATES / "northwind-v2-tightened.playbook", policy / "northwind.playbook")
    (policy / "summit.playbook.yaml").unlink()
    shutil.copy(DIFF / "standard-v2-new-finding.playbook", policy / "fresh.playbook")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _status(result: Result) -> dict[str, str]:
    return {p["name"]: p["status"] for p in _playbooks(result)}


def test_rev_dir_pairs_with_a_directory(pull_request: Path) -> None:
    result = _diff("main:policy", "policy", "--format", "json")
    assert result.exit_code == 1  # the added playbook has a finding: --fail-on decides
    assert _status(result) == {
        "fresh.playbook": "added",
        "northwind.playbook": "changed",
        "summit.playbook.yaml": "removed",
    }
    by_name = {p["name"]: p for p in _playbooks(result)}
    assert by_name["northwind.playbook"]["old"] == "main:policy/northwind.playbook"
    assert by_name["northwind.playbook"]["new_findings"] == []
    assert by_name["fresh.playbook"]["new_findings"]
    assert _diff("main:policy", "policy", "--fail-on", "none").exit_code == 0


def test_rev_dir_pairs_with_another_rev_dir(pull_request: Path) -> None:
    _git(pull_request, "add", "-A")
    _git(pull_request, "commit", "-q", "-m", "v2")
    result = _diff("main~1:policy", "main:policy/", "--format", "json")
    assert _status(result) == {
        "fresh.playbook": "added",
        "northwind.playbook": "changed",
        "summit.playbook.yaml": "removed",
    }


def test_a_file_added_or_deleted_by_the_pull_request(pull_request: Path) -> None:
    added = _diff("main:policy/fresh.playbook", "policy/fresh.playbook", "--format", "json")
    assert added.exit_code == 1
    assert _status(added) == {"policy/fresh.playbook": "added"}
    assert (
        _diff("main:policy/fresh.playbook", "policy/fresh.playbook", "--fail-on", "none").exit_code
        == 0
    )
    removed = _diff("main:policy/summit.playbook.yaml", "policy/summit.playbook.yaml")
    assert removed.exit_code == 0
    assert "(removed: main:policy/summit.playbook.yaml -> -)" in removed.output


def test_two_missing_files_are_still_an_error(pull_request: Path) -> None:
    result = _diff("main:policy/none.playbook", "policy/none.playbook")
    assert result.exit_code == 2
    assert "neither side exists" in result.output
    # Two plain paths give no git history to tell a deleted file from a typo.
    typo = _diff("policy/northwind.playbook", "policy/nortwind.playbook")
    assert typo.exit_code == 2


_SCRIPT = (
    "This is Northwind Recovery, a debt collector. This is an attempt to collect a "
    "debt and any information obtained will be used for that purpose."
)
_NEW_TEMPLATE = {
    ".playbook": f'template morning_call call "{_SCRIPT}"\n',
    ".playbook.yaml": f'  morning_call:\n    channel: call\n    text: "{_SCRIPT}"\n',
}
_BEFORE = {".playbook": "template reminder sms", ".playbook.yaml": "  reminder:\n"}


@pytest.mark.parametrize("suffix", FORMS)
def test_swapping_an_actions_template_keeps_its_findings(tmp_path: Path, suffix: str) -> None:
    """The daily call now reads another script: its PB102 stands on both sides. Matched
    by its template too, it was one new and one fixed finding, and the gate failed."""
    old = GATES / f"northwind-v1{suffix}"
    new = tmp_path / f"northwind{suffix}"
    text = old.read_text(encoding="utf-8")
    text = text.replace(_BEFORE[suffix], _NEW_TEMPLATE[suffix] + _BEFORE[suffix], 1)
    text = text.replace("using collector_call daily", "using morning_call daily")
    new.write_text(text, encoding="utf-8")
    result = _diff(old, new, "--fail-on", "new-findings", "--format", "json")
    assert result.exit_code == 0, result.output
    [playbook] = _playbooks(result)
    assert playbook["new_findings"] == []
    assert playbook["fixed_findings"] == []
