"""Issue 15 item 8: a small hostile file cannot make a huge report, and files are read
as they are linted, not all up front."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from report_samples import BAD_PLAYBOOK

from playbook_lint.cli import main
from playbook_lint.output.escape import MAX_VALUE_CHARS
from playbook_lint.output.text import MAX_FRAMES_PER_FILE
from playbook_lint.run import engine, pipeline


def test_long_lines_and_many_findings_give_a_bounded_full_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 300 actions on lines of 12,000 characters, each a finding: 3.6 MB of frames before.
    comment = "x" * 12_000
    actions = "".join(
        f"  sms using nothere{n} on day 1 at 10:00  # {comment}\n" for n in range(300)
    )
    text = f'playbook "p"\ntimezone America/New_York\n\nstage s days 1..3 {{\n{actions}}}\n'
    (tmp_path / "wide.playbook").write_text(text)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--format", "full", "wide.playbook"])
    assert result.exit_code == 1
    assert result.stdout.count("error[PB003]") == 300
    per_finding = MAX_VALUE_CHARS + 2 * 700  # message, frame (three cut pieces)
    assert len(result.stdout) < 300 * 400 + MAX_FRAMES_PER_FILE * per_finding
    assert "more characters)" in result.stdout


def test_files_are_read_as_they_are_linted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.playbook").write_text(BAD_PLAYBOOK)
    events: list[str] = []
    real_read, real_lint = pipeline.read_regular, engine.lint_text

    def read_regular(path: str, limit: int) -> bytes:
        events.append(f"read {Path(path).name}")
        return real_read(path, limit)

    def lint_text(text: str, path: str, *args: object, **kwargs: object) -> object:
        events.append(f"lint {Path(path).name}")
        return real_lint(text, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "read_regular", read_regular)
    monkeypatch.setattr(engine, "lint_text", lint_text)
    result = CliRunner().invoke(main, ["check", "--jobs", "1", str(tmp_path)])
    assert result.exit_code == 1
    assert events == [
        "read a.playbook",
        "lint a.playbook",
        "read b.playbook",
        "lint b.playbook",
        "read c.playbook",
        "lint c.playbook",
    ]


def test_a_file_that_vanishes_before_its_turn_is_a_read_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.playbook").write_text(BAD_PLAYBOOK)
    real_lint = engine.lint_text

    def lint_text(text: str, path: str, *args: object, **kwargs: object) -> object:
        (tmp_path / "b.playbook").unlink(missing_ok=True)
        return real_lint(text, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "lint_text", lint_text)
    result = CliRunner().invoke(
        main, ["check", "--jobs", "1", "--format", "concise", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "b.playbook: No such file or directory" in result.stderr
    assert "in 1 of 1 files" in result.stdout


def test_an_oversized_file_is_not_given_a_made_up_size(tmp_path: Path) -> None:
    (tmp_path / "big.playbook").write_bytes(b"#" * (50 * 1024 * 1024))
    result = CliRunner().invoke(main, ["check", "--format", "concise", str(tmp_path)])
    assert "file is over 4096 KiB; larger playbooks are not read" in result.stdout
