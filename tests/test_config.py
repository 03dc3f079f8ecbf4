"""Configuration files: discovery, inheritance, validation with file/line/key, settings."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from playbook_lint.diagnostics import Severity
from playbook_lint.run import config as config_module
from playbook_lint.run.config import (
    ConfigError,
    Settings,
    SettingsResolver,
    find_config,
    load_config,
    show_settings,
)


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
    assert SettingsResolver().for_path(tmp_path / "team").fail_level is Severity.ERROR
    assert SettingsResolver().for_file(target).fail_level is Severity.INFO


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
    assert SettingsResolver(isolated=True).for_path(tmp_path) == Settings()
    resolver = SettingsResolver(config=str(other))
    assert resolver.for_path(tmp_path).fail_level is Severity.ERROR


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
    # YAML gives the column too (each key here starts its line); TOML gives none.
    column = ":1" if name.endswith(".yaml") else ""
    assert str(error).startswith(f"{path}:{line}{column}: {key}: ")


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


def test_each_file_gets_the_settings_of_its_closest_config(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", '[tool.playbook-lint]\nfail-level = "info"\n')
    _write(tmp_path / "teams" / "a" / ".playbook-lint.yaml", "fail-level: error\n")
    _write(
        tmp_path / "teams" / "b" / "pyproject.toml",
        '[tool.playbook-lint]\nrulesets = ["us-regf"]\n',
    )
    resolver = SettingsResolver()
    a = resolver.for_file(tmp_path / "teams" / "a" / "deep" / "x.playbook")
    b = resolver.for_file(tmp_path / "teams" / "b" / "y.playbook")
    root = resolver.for_file(tmp_path / "teams" / "z.playbook")
    assert a.fail_level is Severity.ERROR
    assert a.rulesets == ()
    assert b.rulesets == ("us-regf",)
    assert b.fail_level is Severity.WARNING  # nothing merged from the root's config
    assert root.fail_level is Severity.INFO
    assert resolver.for_path(tmp_path / "teams" / "a").fail_level is Severity.ERROR


def test_lookups_are_cached_per_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / ".playbook-lint.yaml", "fail-level: error\n")
    looked_in: list[Path] = []
    real = config_module._config_in

    def counting(folder: Path) -> Path | None:
        looked_in.append(folder)
        return real(folder)

    monkeypatch.setattr(config_module, "_config_in", counting)
    resolver = SettingsResolver()
    for team in ("a", "b"):
        for n in range(500):
            settings = resolver.for_file(tmp_path / "teams" / team / f"{n}.playbook")
            assert settings.fail_level is Severity.ERROR
    # teams/a, teams, the root; then teams/b alone: the rest is cached.
    assert sorted(looked_in) == sorted(
        [tmp_path / "teams" / "a", tmp_path / "teams", tmp_path, tmp_path / "teams" / "b"]
    )
    # One Settings object per config file: files of both teams share it.
    assert resolver.for_file(tmp_path / "teams" / "a" / "x.playbook") is resolver.for_file(
        tmp_path / "teams" / "b" / "x.playbook"
    )


def test_explicit_config_and_isolated_apply_to_every_file(tmp_path: Path) -> None:
    _write(tmp_path / "teams" / "a" / ".playbook-lint.yaml", "fail-level: info\n")
    other = _write(tmp_path / "strict.yaml", "fail-level: error\n")
    target = tmp_path / "teams" / "a" / "x.playbook"
    assert SettingsResolver(config=other).for_file(target).fail_level is Severity.ERROR
    assert SettingsResolver(isolated=True).for_file(target) == Settings()


def test_run_wide_settings_come_from_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path / ".playbook-lint.yaml", "format: [jsonl]\n")
    _write(tmp_path / "teams" / "a" / ".playbook-lint.yaml", "format: [json]\n")
    monkeypatch.chdir(tmp_path)
    resolver = SettingsResolver()
    assert resolver.for_run().format == ("jsonl",)
    assert resolver.for_file("teams/a/x.playbook").format == ("json",)
    monkeypatch.chdir(tmp_path / "teams" / "a")
    assert SettingsResolver().for_run().format == ("json",)


def test_overlay_is_applied_to_every_config(tmp_path: Path) -> None:
    _write(tmp_path / "a" / ".playbook-lint.yaml", "fail-level: error\nrulesets: [us-regf]\n")
    _write(tmp_path / "b" / ".playbook-lint.yaml", "fail-level: info\n")

    def overlay(settings: Settings) -> Settings:
        return dataclasses.replace(settings, ignore=("PB009",))

    resolver = SettingsResolver(overlay=overlay)
    for team in ("a", "b"):
        assert resolver.for_file(tmp_path / team / "x.playbook").ignore == ("PB009",)


def test_a_broken_config_found_for_a_later_file_is_a_config_error(tmp_path: Path) -> None:
    _write(tmp_path / "a" / ".playbook-lint.yaml", "fail-level: error\n")
    bad = _write(tmp_path / "b" / ".playbook-lint.yaml", "\nignore: {PB1: yes}\n")
    resolver = SettingsResolver()
    resolver.for_file(tmp_path / "a" / "x.playbook")
    with pytest.raises(ConfigError) as caught:
        resolver.for_file(tmp_path / "b" / "x.playbook")
    assert (caught.value.path, caught.value.line, caught.value.key) == (str(bad), 2, "ignore")


def test_show_settings_names_the_path_and_the_run_wide_source(tmp_path: Path) -> None:
    here = _write(tmp_path / ".playbook-lint.yaml", "format: [json]\n")
    team = _write(tmp_path / "a" / ".playbook-lint.yaml", "ignore: [PB1]\n")
    text = show_settings(load_config(team), path="a/x.playbook", run=load_config(here))
    assert text.startswith("# settings for a/x.playbook (the first path;")
    assert f"# config: {team}" in text
    assert f"# run-wide (one value for every file): config: {here}" in text
    assert 'format = ["json"]' in text


def test_broken_yaml_config_error_is_one_line_with_its_position(tmp_path: Path) -> None:
    path = _write(tmp_path / ".playbook-lint.yaml", "select: [PB1\n")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"{path}:2:1: not valid YAML: ")
