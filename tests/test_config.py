"""Configuration files: discovery, inheritance, validation with file/line/key, settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook_lint.config import (
    ConfigError,
    Settings,
    find_config,
    load_config,
    resolve_settings,
    show_settings,
)
from playbook_lint.diagnostics import Severity


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_pyproject_table(tmp_path: Path) -> None:
    _write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.playbook-lint]\nrulesets = ["us-regf"]\n'
        'select = ["PB1", "PB2"]\nignore = ["PB103"]\nextend-select = ["PB9"]\n'
        'fail-level = "error"\nformat = ["github", "sarif:out.sarif"]\n'
        'exclude = ["legacy/**"]\n\n[tool.playbook-lint.per-file-ignores]\n'
        '"drafts/*.playbook" = ["PB2", "us-regf/inconvenient-hours"]\n',
    )
    settings = load_config(tmp_path / "pyproject.toml")
    assert settings.rulesets == ("us-regf",)
    assert settings.select == ("PB1", "PB2")
    assert settings.ignore == ("PB103",)
    assert settings.extend_select == ("PB9",)
    assert settings.fail_level is Severity.ERROR
    assert settings.format == ("github", "sarif:out.sarif")
    assert settings.is_excluded(tmp_path / "legacy" / "old" / "a.playbook")
    assert not settings.is_excluded(tmp_path / "current" / "a.playbook")
    assert settings.ignored_in(tmp_path / "drafts" / "x.playbook") == (
        "PB2",
        "us-regf/inconvenient-hours",
    )
    assert settings.ignored_in(tmp_path / "drafts" / "deep" / "x.playbook") == ()


def test_yaml_dotfile_reads_text_as_written(tmp_path: Path) -> None:
    _write(
        tmp_path / ".playbook-lint.yaml",
        "rulesets: us-regf\nfail-level: info\nper-file-ignores:\n  '*.draft.playbook': [PB4]\n",
    )
    settings = load_config(tmp_path / ".playbook-lint.yaml")
    assert settings.rulesets == ("us-regf",)
    assert settings.fail_level is Severity.INFO
    assert settings.ignored_in(tmp_path / "any" / "where" / "x.draft.playbook") == ("PB4",)


def test_closest_config_wins_and_pyproject_without_table_is_ignored(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", '[tool.playbook-lint]\nfail-level = "error"\n')
    _write(tmp_path / "team" / "pyproject.toml", '[project]\nname = "team"\n')
    _write(tmp_path / "team" / "sub" / ".playbook-lint.yaml", "fail-level: info\n")
    target = _write(tmp_path / "team" / "sub" / "a.playbook", "")
    assert find_config(target) == tmp_path / "team" / "sub" / ".playbook-lint.yaml"
    assert find_config(tmp_path / "team") == tmp_path / "pyproject.toml"
    assert resolve_settings([str(tmp_path / "team")]).fail_level is Severity.ERROR
    assert resolve_settings([str(target)]).fail_level is Severity.INFO


def test_dotfile_beats_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", '[tool.playbook-lint]\nfail-level = "error"\n')
    _write(tmp_path / ".playbook-lint.yaml", "fail-level: info\n")
    assert find_config(tmp_path) == tmp_path / ".playbook-lint.yaml"


def test_extend_inherits_and_the_extending_file_wins(tmp_path: Path) -> None:
    _write(
        tmp_path / "compliance" / "base.toml",
        'rulesets = ["us-regf"]\nfail-level = "error"\nignore = ["PB103"]\n',
    )
    _write(
        tmp_path / "team" / ".playbook-lint.yaml",
        "extend: ../compliance/base.toml\nignore: [PB9]\n",
    )
    settings = load_config(tmp_path / "team" / ".playbook-lint.yaml")
    assert settings.rulesets == ("us-regf",)
    assert settings.fail_level is Severity.ERROR
    assert settings.ignore == ("PB9",)
    assert len(settings.sources) == 2


def test_extend_cycle_is_an_error(tmp_path: Path) -> None:
    _write(tmp_path / "a.yaml", "extend: b.yaml\n")
    _write(tmp_path / "b.yaml", "extend: a.yaml\n")
    with pytest.raises(ConfigError, match="extends itself"):
        load_config(tmp_path / "a.yaml")


def test_isolated_and_explicit_config(tmp_path: Path) -> None:
    _write(tmp_path / ".playbook-lint.yaml", "fail-level: info\n")
    other = _write(tmp_path / "elsewhere.yaml", "fail-level: error\n")
    assert resolve_settings([str(tmp_path)], isolated=True) == Settings()
    assert resolve_settings([str(tmp_path)], config=str(other)).fail_level is Severity.ERROR


@pytest.mark.parametrize(
    ("name", "text", "line", "key", "words"),
    [
        (
            ".playbook-lint.yaml",
            "rulesets: [us-regf]\nfail-levle: error\n",
            2,
            "fail-levle",
            "unknown key",
        ),
        (
            ".playbook-lint.yaml",
            "fail_level: error\n",
            1,
            "fail_level",
            "did you mean 'fail-level'",
        ),
        (
            ".playbook-lint.yaml",
            "\n\nfail-level: fatal\n",
            3,
            "fail-level",
            "use one of error, warning, info",
        ),
        (".playbook-lint.yaml", "format: [concise, html]\n", 1, "format", "unknown format 'html'"),
        (".playbook-lint.yaml", "select: {PB1: yes}\n", 1, "select", "list of strings"),
        (".playbook-lint.yaml", "per-file-ignores: [a]\n", 1, "per-file-ignores", "table"),
        (
            "pyproject.toml",
            '[project]\nname = "x"\n\n[tool.playbook-lint]\nselect = ["PB1"]\nignore = 3\n',
            6,
            "ignore",
            "list of strings",
        ),
    ],
)
def test_errors_name_file_line_and_key(
    tmp_path: Path, name: str, text: str, line: int, key: str, words: str
) -> None:
    path = _write(tmp_path / name, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    error = caught.value
    assert (error.path, error.line, error.key) == (str(path), line, key)
    assert words in str(error)
    assert str(error).startswith(f"{path}:{line}: {key}: ")


def test_broken_files_are_config_errors(tmp_path: Path) -> None:
    bad_toml = _write(tmp_path / "t" / "pyproject.toml", "[tool.playbook-lint\nx = 1\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad_toml)
    bad_yaml = _write(tmp_path / "y" / ".playbook-lint.yaml", "select: [PB1\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad_yaml)
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "missing.yaml")
    with pytest.raises(ConfigError, match=r"has no \[tool.playbook-lint\] table"):
        load_config(_write(tmp_path / "p" / "pyproject.toml", "[project]\n"))


def test_empty_dotfile_means_defaults(tmp_path: Path) -> None:
    settings = load_config(_write(tmp_path / ".playbook-lint.yaml", ""))
    assert settings == Settings()


def test_show_settings_lists_every_key_and_the_source(tmp_path: Path) -> None:
    path = _write(tmp_path / ".playbook-lint.yaml", "select: [PB1]\nexclude: ['old/**']\n")
    text = show_settings(load_config(path))
    assert f"# config: {path}" in text
    for key in ("rulesets", "select", "ignore", "extend-select", "fail-level", "format", "exclude"):
        assert f"\n{key} = " in text
    assert 'select = ["PB1"]' in text
    assert "defaults" in show_settings(Settings())


def test_ruleset_files_are_relative_to_the_config(tmp_path: Path) -> None:
    _write(tmp_path / "policy" / "house.yaml", "id: house\n")
    path = _write(tmp_path / ".playbook-lint.yaml", "rulesets: [us-regf, policy/house.yaml]\n")
    settings = load_config(path)
    assert settings.rulesets == ("us-regf", str(tmp_path / "policy" / "house.yaml"))
