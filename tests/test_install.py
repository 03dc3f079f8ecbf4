"""A wheel built from the repo works from any directory: grammar and rulesets ship inside it."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

from support import REPO

pytestmark = pytest.mark.slow

_UNTRACKED = (".git", ".venv", "build", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel built from this checkout (not editable) installed."""
    root = tmp_path_factory.mktemp("install")
    wheels = root / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
    )
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=True)
    [wheel] = wheels.glob("playbook_lint-*.whl")
    subprocess.run(
        [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
    )
    return env_dir / "bin"


def test_wheel_lints_examples_from_another_directory(installed: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(installed / "playbook-lint"), "check", "--format", "concise", str(REPO / "examples")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr  # the deliberately bad examples have findings
    assert "Traceback" not in result.stderr
    assert "aggressive-online-lender.playbook" in result.stdout


def test_wheel_knows_its_bundled_rulesets(installed: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(installed / "playbook-lint"), "rulesets"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    for ruleset in ("baseline", "us-regf", "cn-gbt45251", "au-accc-asic"):
        assert ruleset in result.stdout


def test_wheel_ships_the_editor_commands(installed: Path, tmp_path: Path) -> None:
    """The schema and the language server (with pygls) come with the wheel."""
    schema = subprocess.run(
        [str(installed / "playbook-lint"), "schema"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert '"$schema": "https://json-schema.org/draft/2020-12/schema"' in schema.stdout
    server = subprocess.run(
        [str(installed / "python"), "-c", "import playbook_lint.server.app"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert server.returncode == 0, server.stderr


def test_wheel_ships_the_report_templates(installed: Path, tmp_path: Path) -> None:
    report = tmp_path / "audit.html"
    result = subprocess.run(
        [
            str(installed / "playbook-lint"),
            "audit",
            "--html",
            str(report),
            str(REPO / "examples" / "uk-lender.playbook"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    html = report.read_text(encoding="utf-8")
    assert 'id="matrix-table"' in html
    assert 'class="chart ladder"' in html
