"""Issue 20 item 1: ``diff`` and ``audit`` escape what came from a file by the same rules as
``check`` (``output/escape.py``), in every one of their formats. A file name or a quoted
value holding a newline, ESC (CSI, OSC), a C1 CSI (``\\x9b``), a bidi override or a line
separator neither reaches the terminal raw nor forges a line: ``diff --format github`` used
to pass ESC straight into its annotations."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_lint.cli import main
from playbook_lint.run.format_table import names

DIFF = Path(__file__).resolve().parent / "fixtures" / "diff"
HOSTILE = Path(__file__).resolve().parent / "hostile"
EVIL = "evil\n::error file=x::fake\x1b[2J\x9b\u202e\u2028"
# The zone quoted in a finding's message: a forged summary line, a fake annotation, an OSC
# that retitles the terminal, a screen clear, a bidi override, a line separator, NEL.
ZONE = (
    '"Mars\\nAll checks passed (9 files).\\n::error file=x::fake\\n'
    '\\x1b]0;pwned\\x07\\x1b[2J\\u202e\\u2028\\x85"'
)
# Nothing a file holds may reach the output raw but a newline (which a format may carry
# escaped as JSON's \n or GitHub's %0A) -- and no line may look like the tool's own.
CONTROLS = [chr(c) for c in (*range(0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))]
CONTROLS += ["\u2028", "\u2029", "\u202e"]
FORGED = ("All checks passed", "::error file=x", "Found 0")


def _assert_nothing_forged(text: str) -> None:
    for char in CONTROLS:
        assert char not in text, f"raw {char!r} in the output"
    for line in text.split("\n"):
        assert not line.startswith(FORGED), f"forged line: {line!r}"


def _hostile_twin(form: str) -> tuple[str, str]:
    """(old, new): the standard plan, and the same plan with a hostile time zone and a
    second call a day (a loosening and new findings that quote the zone)."""
    old = (DIFF / f"standard-v1{form}").read_text(encoding="utf-8")
    new = old.replace("max 1 per day", "max 2 per day", 1)
    if form == ".playbook.yaml":
        new = new.replace("timezone: America/New_York", f"timezone: {ZONE}")
    return old, new


@pytest.fixture(params=[".playbook", ".playbook.yaml"])
def hostile_pair(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, Path]:
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    old_dir.mkdir()
    new_dir.mkdir()
    old, new = _hostile_twin(request.param)
    (old_dir / f"{EVIL}{request.param}").write_text(old, encoding="utf-8")
    (new_dir / f"{EVIL}{request.param}").write_text(new, encoding="utf-8")
    return old_dir, new_dir


@pytest.mark.parametrize("name", list(names("diff")))
def test_every_diff_format_escapes_hostile_names_and_messages(
    hostile_pair: tuple[Path, Path], name: str
) -> None:
    old, new = hostile_pair
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--format", name])
    assert result.exit_code == 1, result.output  # new findings fail the default gate
    out = result.stdout
    _assert_nothing_forged(out)
    assert "2J" in out  # the name is there, shown escaped
    assert "u202e" in out
    if name == "json":
        data = json.loads(out)
        assert data["summary"]["new_findings"] >= 1
    if name == "github":
        # ESC in an annotation is the bug this file was written for.
        assert all(line.startswith("::") for line in out.splitlines()[:-1])
        assert "\\x1b[2J" in out


def test_a_hostile_zone_is_quoted_escaped_in_diff_annotations(tmp_path: Path) -> None:
    old, new = _hostile_twin(".playbook.yaml")
    (tmp_path / "old.playbook.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.playbook.yaml").write_text(new, encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "diff",
            str(tmp_path / "old.playbook.yaml"),
            str(tmp_path / "new.playbook.yaml"),
            "--format",
            "github",
        ],
    )
    _assert_nothing_forged(result.stdout)
    assert "Mars\\nAll checks passed (9 files).\\n::error file=x::fake" in result.stdout
    assert "\\x1b]0;pwned\\x07" in result.stdout


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "submitted"
    folder.mkdir()
    shutil.copy(HOSTILE / "forged-zone.playbook.yaml", folder / "forged-zone.playbook.yaml")
    shutil.copy(HOSTILE / "forged-frame.playbook", folder / "forged-frame.playbook")
    shutil.copy(DIFF / "standard-v1.playbook", folder / f"{EVIL}.playbook")
    return folder


@pytest.mark.parametrize("name", list(names("audit")))
def test_every_audit_format_escapes_hostile_names_and_messages(
    hostile_folder: Path, name: str
) -> None:
    args = ["audit", "--jobs", "1", "--ruleset", "us-regf", "--format", name]
    result = CliRunner().invoke(main, [*args, str(hostile_folder)])
    assert result.exit_code in (1, 2), result.output
    out = result.stdout
    _assert_nothing_forged(out)
    assert "2J" in out
    if name == "json":
        data = json.loads(out)
        paths = {Path(p["path"]).name for p in data["playbooks"]}
        # Kept exactly (as \u escapes), so --verify finds the same files again.
        assert f"{EVIL}.playbook" in paths
    if name == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert any("evil\\n::error file=x::fake\\x1b[2J" in row[0] for row in rows)


def test_an_audit_of_hostile_names_verifies_again(hostile_folder: Path, tmp_path: Path) -> None:
    report = tmp_path / "audit.json"
    args = ["audit", "--jobs", "1", "--ruleset", "us-regf", str(hostile_folder)]
    CliRunner().invoke(main, [*args, "--format", f"json:{report}"])
    result = CliRunner().invoke(main, [*args, "--verify", str(report)])
    assert result.exit_code == 0, result.output
    assert "verified" in result.stdout
    _assert_nothing_forged(result.stdout)
