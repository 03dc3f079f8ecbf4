"""A broken bundled phrase list stops the run when a ruleset loads (exit 2, naming the
file and, when known, the line): no hard-coded fallback, no file read mid-run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_lint import resources
from playbook_lint.cli import main
from playbook_lint.rules import phrases

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def broken_lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "phrases"
    shutil.copytree(REPO / "rulesets" / "phrases", folder)
    monkeypatch.setattr(phrases, "phrases_dir", lambda: folder)
    phrases.bundled_categories.cache_clear()
    phrases.known_placeholders.cache_clear()
    yield folder
    phrases.bundled_categories.cache_clear()
    phrases.known_placeholders.cache_clear()


def _check(tmp_path: Path) -> tuple[int, str]:
    playbook = tmp_path / "p.playbook"
    playbook.write_text('playbook "p"\ntimezone Europe/London\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "concise", str(playbook)])
    return result.exit_code, result.output


def test_invalid_yaml_in_a_bundled_list_is_exit_2_with_file_and_line(
    broken_lists: Path, tmp_path: Path
) -> None:
    violence = broken_lists / "violence.yaml"
    violence.write_text(violence.read_text(encoding="utf-8") + "\n  - [unclosed\n")
    lines = violence.read_text(encoding="utf-8").count("\n")
    status, output = _check(tmp_path)
    assert status == 2
    assert "violence.yaml:" in output
    assert f"violence.yaml:{lines}" in output or f"violence.yaml:{lines + 1}" in output


def test_a_too_short_phrase_in_a_bundled_list_is_exit_2_naming_the_file(
    broken_lists: Path, tmp_path: Path
) -> None:
    violence = broken_lists / "violence.yaml"
    text = violence.read_text(encoding="utf-8")
    first_phrase = next(line for line in text.splitlines() if line.strip().startswith("- "))
    violence.write_text(text.replace(first_phrase, first_phrase.split("-")[0] + '- "x"', 1))
    status, output = _check(tmp_path)
    assert status == 2
    assert "violence.yaml" in output
    assert "too short" in output
    assert "Traceback" not in output


def test_resources_and_phrases_agree_on_the_folder() -> None:
    assert phrases.phrases_dir() == resources.phrases_dir()
