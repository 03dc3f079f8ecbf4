"""``check``'s run without the command line (output/check_run.py): a request and a console
in, the reports written through the console and the ``Outcome`` out, so any front end
can run a check as the command line does (issue 20 item 2)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from playbook_lint.editing.fix_files import fix_request
from playbook_lint.output.check_run import run_check
from playbook_lint.output.console import Console, Outcome
from playbook_lint.run.check import RunError
from playbook_lint.run.request import CheckRequest, FixMode

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BOTH_FORMS = ("sloppy-us-agency.playbook", "sloppy-us-agency.playbook.yaml")


class Recorder:
    """A console that keeps what the run wrote: stdout's pieces with their colour, and
    stderr's text."""

    def __init__(self) -> None:
        self.out: list[tuple[str, bool | None]] = []
        self.err: list[str] = []
        self.console = Console(
            write=lambda text, color: self.out.append((text, color)),
            say=self.err.append,
        )

    @property
    def stdout(self) -> str:
        return "".join(text for text, _ in self.out)


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(EXAMPLES / name, target)
    return target


def _request(path: Path, **more: Any) -> CheckRequest:
    return CheckRequest(paths=(str(path),), isolated=True, cache=False, jobs=1, year=2026, **more)


@pytest.mark.parametrize("name", BOTH_FORMS)
def test_a_run_writes_its_report_through_the_console_and_returns_its_status(
    tmp_path: Path, name: str
) -> None:
    path = _copy(tmp_path, name)
    seen = Recorder()
    outcome = run_check(_request(path, formats=("concise",)), seen.console)
    # The sloppy agency calls too often: a PB101 error, so the exit status is 1.
    assert outcome == Outcome(1)
    assert f"{path}:" in seen.stdout
    assert "PB101" in seen.stdout
    # Not a terminal, no --color: the report is written without colour codes.
    assert {color for _, color in seen.out} == {False}


@pytest.mark.parametrize("name", BOTH_FORMS)
def test_write_baseline_ends_the_run_with_its_line_and_exit_0(tmp_path: Path, name: str) -> None:
    path, baseline = _copy(tmp_path, name), tmp_path / "baseline.json"
    seen = Recorder()
    outcome = run_check(_request(path, write_baseline=str(baseline)), seen.console)
    assert outcome.status == 0
    assert len(outcome.lines) == 1
    assert outcome.lines[0].startswith("playbook-lint: wrote ")
    assert outcome.lines[0].endswith(f" to {baseline}")
    assert seen.stdout == ""
    # The baseline accepts everything: the next run against it reports nothing.
    again = Recorder()
    after = run_check(_request(path, baseline=str(baseline), formats=("concise",)), again.console)
    assert after.status == 0
    assert "PB101" not in again.stdout


def test_fix_without_the_editing_tools_is_refused_not_ignored(tmp_path: Path) -> None:
    path = _copy(tmp_path, BOTH_FORMS[0])
    with pytest.raises(RunError, match="--fix and --diff need the editing tools"):
        run_check(_request(path, fix=FixMode.FIX), Recorder().console)


def test_diff_prints_the_fixes_and_changes_no_file(tmp_path: Path) -> None:
    text = (
        'playbook "p"\ntimezone UTC\nstage s days 1..3 {\n  sms every 2 hours\n}\n'
        "on payment_received: stop all\non conversation: pause call for 7 days\n"
    )
    path = tmp_path / "p.playbook"
    path.write_text(text, encoding="utf-8")
    seen = Recorder()
    request = _request(path, fix=FixMode.DIFF, unsafe_fixes=True)
    outcome = run_check(request, seen.console, fix_request)
    assert outcome.status == 1
    assert "+  sms every 2 hours max 1 per day" in seen.stdout
    assert outcome.lines[0].startswith("Would fix 1 finding")
    assert path.read_text(encoding="utf-8") == text
