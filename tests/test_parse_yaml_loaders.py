"""libyaml and the pure loader give the same playbook and the same diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from playbook_lint.run.engine import lint_text
from playbook_lint.syntax import yaml_nodes
from playbook_lint.syntax.parse_yaml import parse_yaml

ROOT = Path(__file__).parent.parent
FILES = sorted(
    p
    for pattern in ("examples/*.yaml", "tests/fixtures/**/*.yaml", "tests/fixtures/**/*.yml")
    for p in ROOT.glob(pattern)
)
BROKEN = {
    "tab": "playbook: p\nstages:\n\tx: 1\n",
    "colon": "playbook: p\n  x: y: z\n",
    "unclosed flow": "playbook: [a, b\n",
    "bad indent": "playbook: p\n  version: 1\n timezone: UTC\n",
    "escape": 'playbook: "\\q"\n',
    "undefined alias": "playbook: *x\n",
    "alias": "playbook: &p name\nversion: *p\n",
    "merge key": "base: &b {channel: sms}\nplaybook: p\nx:\n  <<: *b\n",
    "deep flow": "playbook: " + "[" * 5000 + "]" * 5000 + "\n",
    "deep block": "".join(" " * i + f"k{i}:\n" for i in range(3000)),
    "surrogate": "playbook: \ud800\n",
    "control": "playbook: p\x07\n",
    "directive": "%YAML 2.0\n---\nplaybook: p\n",
    "two documents": "playbook: p\n---\nplaybook: q\n",
    "empty": "",
    "block scalar": "playbook: |0\n  p\n",
}

needs_libyaml = pytest.mark.skipif(
    getattr(yaml, "CSafeLoader", None) is None, reason="PyYAML built without libyaml"
)


def _both(text: str, name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    fast = lint_text(text, name)
    with monkeypatch.context() as patch:
        patch.setattr(yaml_nodes, "FAST_LOADER", None)
        pure = lint_text(text, name)
    return fast, pure


@needs_libyaml
def test_libyaml_is_used_when_installed() -> None:
    assert yaml_nodes.FAST_LOADER is yaml.CSafeLoader


@needs_libyaml
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_playbook_reads_alike(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, pure = _both(path.read_text(encoding="utf-8"), path.name, monkeypatch)
    assert fast == pure


@needs_libyaml
@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_yaml_gets_the_same_friendly_message(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = BROKEN[name]
    fast = parse_yaml(text)
    with monkeypatch.context() as patch:
        patch.setattr(yaml_nodes, "FAST_LOADER", None)
        pure = parse_yaml(text)
    assert fast.diagnostics == pure.diagnostics
    assert (fast.playbook is None) == (pure.playbook is None)


def test_a_tab_is_still_explained_in_our_words() -> None:
    found = parse_yaml(BROKEN["tab"]).diagnostics
    assert [(d.code, d.span.line, d.message) for d in found] == [
        (
            "PB001",
            3,
            "YAML syntax: a tab here; YAML indentation must use spaces "
            "(while scanning for the next token)",
        )
    ]


@needs_libyaml
@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_ruleset_and_config_files_get_the_same_errors(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playbook_lint.rules.rulesets import RulesetError, load_ruleset
    from playbook_lint.run.config import ConfigError, SettingsResolver

    ruleset = tmp_path / "house.yaml"
    ruleset.write_text(BROKEN[name], encoding="utf-8", errors="surrogatepass")
    config = tmp_path / ".playbook-lint.yaml"
    config.write_text(BROKEN[name], encoding="utf-8", errors="surrogatepass")

    def outcome() -> tuple[str, str]:
        results = []
        for load in (
            lambda: load_ruleset(str(ruleset)),
            lambda: SettingsResolver(config=str(config)).for_run(),
        ):
            try:
                results.append(repr(load()))
            except (RulesetError, ConfigError) as error:
                results.append(f"{type(error).__name__}: {error}")
        return results[0], results[1]

    fast = outcome()
    with monkeypatch.context() as patch:
        patch.setattr(yaml_nodes, "FAST_LOADER", None)
        pure = outcome()
    assert fast == pure
