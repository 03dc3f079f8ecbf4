"""Issue 15 item 4 (and issue 9 item 1): one file never ends the batch. An internal
error or a file past the per-file bound is that file's PB000 and exit 2 at the end;
closed or full standard streams are one line and exit 2; huge day numbers are a PB004
before any check expands them."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_samples import BAD_PLAYBOOK, CLEAN_PLAYBOOK

from playbook_lint import __version__
from playbook_lint.cli import main
from playbook_lint.output import FORMATS
from playbook_lint.run import engine
from playbook_lint.run.engine import LintResult


@pytest.fixture
def batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("a.playbook", "doomed.playbook", "z.playbook"):
        (tmp_path / name).write_text(BAD_PLAYBOOK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _break(monkeypatch: pytest.MonkeyPatch, failure: object) -> None:
    """Make linting ``doomed.playbook`` do ``failure()``; the others lint as usual."""
    real = engine.lint_text

    def lint_text(text: str, path: str, *args: object, **kwargs: object) -> LintResult:
        if path.endswith("doomed.playbook"):
            failure()  # type: ignore[operator]
        return real(text, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "lint_text", lint_text)


def _check(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["check", "--jobs", "1", "--format", "concise", *args])


def test_an_internal_error_is_pb000_for_that_file_and_exit_2(
    batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash() -> None:
        raise KeyError("stage\nAll checks passed")

    _break(monkeypatch, crash)
    result = _check("--select", "PB1", ".")  # PB000 is shown whatever --select says
    assert result.exit_code == 2, result.output
    lines = result.stdout.splitlines()
    pb000 = [line for line in lines if "PB000" in line]
    assert len(pb000) == 1
    assert pb000[0].startswith("doomed.playbook:1:1: error PB000 internal error (KeyError:")
    assert f"playbook-lint {__version__} could not analyse the file" in pb000[0]
    assert any(line.startswith("a.playbook:") for line in lines) or "PB1" not in result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_other_files_are_still_linted(batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _break(monkeypatch, lambda: [].pop())
    result = _check(".")
    assert result.exit_code == 2
    assert "a.playbook:9:14: error PB008" in result.stdout
    assert "z.playbook:9:14: error PB008" in result.stdout
    assert "doomed.playbook:1:1: error PB000 internal error (IndexError: pop from empty list)" in (
        result.stdout
    )


def test_a_file_past_the_time_bound_is_pb000_analysis_limit(
    batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def spin() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            pass

    engine.lint_text(BAD_PLAYBOOK, "warm.playbook")  # build the parser before the clock runs
    _break(monkeypatch, spin)
    result = _check("--file-time-limit", "3", ".")
    assert result.exit_code == 2
    assert (
        "doomed.playbook:1:1: error PB000 this file needs more than 3 s to analyse" in result.stdout
    )
    assert "z.playbook:9:14: error PB008" in result.stdout


def test_a_file_past_the_memory_bound_is_pb000_analysis_limit(
    batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break(monkeypatch, lambda: bytearray(3 * 1024**3))
    result = _check("--file-memory-limit", "200", ".")
    assert result.exit_code == 2
    assert (
        "doomed.playbook:1:1: error PB000 this file needs more than 200 MB to analyse"
        in result.stdout
    )
    assert "z.playbook:9:14: error PB008" in result.stdout


@pytest.mark.parametrize("name", FORMATS)
def test_a_lone_surrogate_in_a_yaml_value_is_a_finding_in_every_format(
    tmp_path: Path, name: str
) -> None:
    (tmp_path / "s.playbook.yaml").write_text('playbook: s\ntimezone: "\\ud800"\n')
    result = CliRunner().invoke(main, ["check", "--format", name, str(tmp_path)])
    assert result.exit_code == 1, result.exception
    assert "PB003" in result.stdout


def _limited() -> None:
    # 2 GB of address space: a run that expands a billion days fails here, fast.
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


HUGE_DAYS = {
    "up.playbook": (
        'playbook "s"\ntimezone America/New_York\n\n'
        "stage s days 1..999999999 {\n  call to borrower daily at 10:00\n}\n"
    ),
    "down.playbook": (
        'playbook "s"\ntimezone America/New_York\n\n'
        "stage s days -999999999..30 {\n  call to borrower daily at 10:00\n}\n"
    ),
    "down.playbook.yaml": (
        "playbook: s\ntimezone: America/New_York\nstages:\n  s:\n    days: -999999999..30\n"
        "    actions:\n      - channel: call\n        to: borrower\n        schedule: daily\n"
        '        at: "10:00"\n'
    ),
}


@pytest.mark.parametrize("name", sorted(HUGE_DAYS))
def test_a_billion_days_is_one_pb004_not_an_expansion(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(HUGE_DAYS[name])
    result = subprocess.run(
        [sys.executable, "-m", "playbook_lint", "check", "--format", "concise", name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limited,
        check=False,
    )
    findings = [line for line in result.stdout.splitlines() if line.startswith(name)]
    assert result.returncode == 1, result.stderr
    assert len(findings) == 1
    assert "error PB004 -999999999 days" in findings[0] or "error PB004 999999999" in findings[0]


@pytest.mark.parametrize("redirect", [" >/dev/full", " >&-", " | head -c0"])
def test_closed_or_full_stdout_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, redirect: str
) -> None:
    (tmp_path / "x.playbook").write_text(CLEAN_PLAYBOOK * 40)
    monkeypatch.chdir(tmp_path)
    status = "; exit ${PIPESTATUS:-$?}" if "|" not in redirect else ""
    script = f'"{sys.executable}" -m playbook_lint check --format full x.playbook{redirect}{status}'
    if "|" in redirect:
        script = f"set -o pipefail 2>/dev/null; {script}"
    result = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("playbook-lint: error: ")
    assert len(result.stderr.splitlines()) == 1
