"""The bundled examples are what users copy first: each must parse cleanly, and its
DSL and YAML forms must say exactly the same thing (one model, equal when spans are
ignored), since the two files are presented as the same plan."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from playbook_lint.syntax import parse
from playbook_lint.syntax.parse import ParseResult

EXAMPLES = Path(__file__).parent.parent / "examples"
EXPECTED = Path(__file__).parent / "examples_expected.yaml"


DSL_FILES = sorted(EXAMPLES.glob("*.playbook"))
YAML_FILES = sorted(EXAMPLES.glob("*.playbook.yaml"))
NAMES = [p.name.removesuffix(".playbook") for p in DSL_FILES]


def _parse(path: Path) -> ParseResult:
    return parse.parse_source(path.read_text(encoding="utf-8"), str(path))


def _unreadable(result: ParseResult) -> list[str]:
    return [
        f"{d.code} {d.span.line}:{d.span.column} {d.message}"
        for d in result.diagnostics
        if d.code in {"PB001", "PB002"}
    ]


def test_there_are_at_least_ten_examples_each_in_both_forms() -> None:
    assert len(DSL_FILES) >= 10
    yaml_names = sorted(p.name.removesuffix(".playbook.yaml") for p in YAML_FILES)
    assert yaml_names == NAMES


@pytest.mark.parametrize("path", DSL_FILES, ids=lambda p: p.name)
def test_dsl_example_parses_without_syntax_errors(path: Path) -> None:
    result = _parse(path)
    assert _unreadable(result) == []
    assert result.playbook is not None


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.name)
def test_yaml_example_parses_without_syntax_or_schema_errors(path: Path) -> None:
    result = _parse(path)
    assert _unreadable(result) == []
    assert result.playbook is not None


@pytest.mark.parametrize("name", NAMES)
def test_both_forms_give_the_same_playbook(name: str) -> None:
    dsl = _parse(EXAMPLES / f"{name}.playbook").playbook
    yml = _parse(EXAMPLES / f"{name}.playbook.yaml").playbook
    assert dsl is not None
    assert yml is not None
    # Compare piece by piece first, so a mismatch names the template, stage or handler.
    assert yml.templates == dsl.templates
    for ours, theirs in zip(yml.stages, dsl.stages, strict=True):
        assert ours == theirs, f"stage {theirs.name.text}"
    assert yml.handlers == dsl.handlers
    assert yml == dsl


def test_expected_findings_cover_every_example_and_point_at_real_lines() -> None:
    expected = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    assert sorted(expected) == NAMES
    for name, entries in expected.items():
        lines = (EXAMPLES / f"{name}.playbook").read_text(encoding="utf-8").splitlines()
        for entry in entries:
            assert set(entry) == {"line", "code", "rule", "why"}, (name, entry)
            assert 1 <= entry["line"] <= len(lines), (name, entry)
            assert lines[entry["line"] - 1].strip(), (name, entry)
            assert entry["code"].startswith("PB"), (name, entry)
            assert (entry["rule"] is None) == entry["code"].startswith("PB0"), (name, entry)
