"""The same playbook in both forms gives EQUAL models; no input makes a parser raise."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook_lint.syntax.parse import parse_source
from playbook_lint.syntax.parse_dsl import parse_dsl
from playbook_lint.syntax.parse_yaml import parse_yaml

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parent.parent / "examples"


def _pairs(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.glob("*.playbook")) if p.with_name(p.name + ".yaml").exists()]


PARITY = _pairs(FIXTURES / "parity") + _pairs(FIXTURES / "language")
EXAMPLE_PAIRS = _pairs(EXAMPLES)


def _assert_same(dsl: Path) -> None:
    left = parse_dsl(dsl.read_text(encoding="utf-8"))
    right = parse_yaml(dsl.with_name(dsl.name + ".yaml").read_text(encoding="utf-8"))
    assert left.diagnostics == ()
    assert right.diagnostics == ()
    assert left.playbook is not None
    assert left.playbook == right.playbook


@pytest.mark.parametrize("dsl", PARITY, ids=lambda p: p.stem)
def test_parity_fixtures(dsl: Path) -> None:
    _assert_same(dsl)


@pytest.mark.parametrize("dsl", EXAMPLE_PAIRS, ids=lambda p: p.stem)
def test_examples_in_both_forms_are_the_same_playbook(dsl: Path) -> None:
    _assert_same(dsl)


def test_parity_fixtures_exist() -> None:
    assert len(PARITY) >= 2


# --------------------------------------------------------------------------- never raises

SEEDS = [
    p.read_text(encoding="utf-8")
    for folder in ("language", "parity", "syntax")
    for p in sorted((FIXTURES / folder).iterdir())
]


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start, min(len(text), start + 12)))
        text = text[:start] + draw(st.text(max_size=6)) + text[end:]
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(max_size=200), _mutated()), yaml_form=st.booleans())
def test_parse_source_never_raises(text: str, yaml_form: bool) -> None:
    result = parse_source(text, "x.playbook.yaml" if yaml_form else "x.playbook")
    for diagnostic in result.diagnostics:
        assert diagnostic.span.line >= 1
        assert diagnostic.span.column >= 1
        assert diagnostic.code in {"PB001", "PB002", "PB003", "PB007"}
    lines = [d.span.line for d in result.diagnostics if d.code == "PB001"]
    if not yaml_form:
        assert len(lines) == len(set(lines))


def test_the_language_tour_reports_the_same_in_both_forms() -> None:
    from playbook_lint.run.engine import lint_text

    tour = FIXTURES / "language" / "tour.playbook"

    def found(path: Path) -> list[tuple[str, str | None, str]]:
        text = path.read_text(encoding="utf-8")
        return sorted(
            (f.code, f.rule, f.stable_message) for f in lint_text(text, path.name).findings
        )

    dsl = found(tour)
    assert dsl == found(tour.with_name(tour.name + ".yaml"))
    assert ("PB101", "us-regf/call-frequency") in {(code, rule) for code, rule, _ in dsl}
