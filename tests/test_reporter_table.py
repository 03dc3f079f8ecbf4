"""Every reporter in the one table works through --format and through a config's
``format``: a reporter added in one place only fails here."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from report_samples import BAD_PLAYBOOK

from playbook_lint.cli import main
from playbook_lint.output import FORMATS


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "bad.playbook").write_text(BAD_PLAYBOOK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_each_format_is_filed_under_its_own_name() -> None:
    assert all(name == record.name for name, record in FORMATS.items())


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_reporter_through_the_format_option(name: str, project: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--format", name, "bad.playbook"])
    assert result.exit_code == 1, result.output
    assert result.stdout


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_reporter_through_the_config(name: str, project: Path) -> None:
    (project / ".playbook-lint.yaml").write_text(f"format: [{name}]\n", encoding="utf-8")
    via_config = CliRunner().invoke(main, ["check", "bad.playbook"])
    via_option = CliRunner().invoke(main, ["check", "--format", name, "bad.playbook"])
    assert via_config.exit_code == 1, via_config.output
    assert via_config.stdout == via_option.stdout


def test_an_unknown_format_in_the_config_names_every_reporter(project: Path) -> None:
    (project / ".playbook-lint.yaml").write_text("format: [html]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "bad.playbook"])
    assert result.exit_code == 2
    assert ", ".join(FORMATS) in result.output
