"""Issue 15, done-when: ``check`` over the whole ``tests/hostile/`` corpus (the small
hostile inputs of the issue, as files; large ones generated here) never shows a
traceback, exits 0, 1 or 2, and puts every finding inside its file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "hostile"


def _large(folder: Path) -> None:
    """The large inputs, generated: a 1 MB template, 5,000 YAML errors, a long line."""
    threat = "we will arrest you " * 55_000
    (folder / "large-template.playbook").write_text(
        f'playbook "big"\ntimezone UTC\ntemplate t letter """{threat}"""\n'
        "stage s days 1..30 {\n  letter using t on day 1\n}\n",
        encoding="utf-8",
    )
    (folder / "error-flood.playbook.yaml").write_text(
        "playbook: p\n" + "".join(f"unknown{n}: 1\n" for n in range(5000)), encoding="utf-8"
    )
    (folder / "long-line.playbook").write_text('playbook "' + "x{" * 200_000 + '"\n')


def _inside(data: bytes, finding: dict[str, int]) -> bool:
    lines = data.decode("utf-8", "replace").split("\n")
    if not 1 <= finding["line"] <= len(lines):
        return False
    width = len(lines[finding["line"] - 1])
    if not 1 <= finding["column"] <= width + 1:
        return False
    return finding["end_line"] != finding["line"] or finding["end_column"] <= width + 1


@pytest.mark.parametrize(
    "large", [False, pytest.param(True, marks=pytest.mark.slow, id="with-large-inputs")]
)
def test_check_over_the_hostile_corpus(tmp_path: Path, large: bool) -> None:
    folder = tmp_path / "hostile"
    shutil.copytree(CORPUS, folder)
    if large:
        _large(folder)
    inputs = sorted(p for p in folder.iterdir() if p.is_file())
    assert len(inputs) >= 20
    exe = Path(sys.executable).with_name("playbook-lint")
    run = subprocess.run(
        [str(exe), "check", "--format", "json", str(folder)],
        capture_output=True,
        cwd=tmp_path,
        timeout=600,
        check=False,
    )
    assert b"Traceback" not in run.stderr + run.stdout
    assert run.returncode in (0, 1, 2)
    findings = json.loads(run.stdout)
    assert {Path(f["path"]).name for f in findings} <= {p.name for p in inputs}
    assert not [f for f in findings if f["code"] == "PB000"]
    for finding in findings:
        data = (tmp_path / finding["path"]).read_bytes()
        assert _inside(data, finding), finding
