"""The one registry of checks: every check has one family, and what is always on comes
from the family, never from a code's prefix."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook_lint.checks import (
    ALL_CHECKS,
    COMMENT_CHECKS,
    FAMILIES,
    FAMILY_OF,
    MODEL_CHECKS,
    Family,
    check_for,
    is_always_on,
)
from playbook_lint.checks.base import AnyCheck
from playbook_lint.rules.rulesets import RulesetError, all_bundled_rules, load_ruleset


def test_every_family_has_checks_and_every_check_one_family() -> None:
    assert set(FAMILIES) == set(Family)
    assert all(FAMILIES[family] for family in Family)
    assert len(FAMILY_OF) == len(ALL_CHECKS)


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda c: c.code)
def test_a_check_is_found_by_code_in_any_case_and_by_name(check: AnyCheck) -> None:
    assert check_for(check.code) is check
    assert check_for(check.code.lower()) is check
    assert check_for(check.name) is check


@pytest.mark.parametrize("check", [c for c in ALL_CHECKS if is_always_on(c)], ids=lambda c: c.code)
def test_an_always_on_check_takes_no_ruleset_rule(check: AnyCheck, tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(f"id: acme\nrules:\n  mine:\n    check: {check.code}\n", encoding="utf-8")
    with pytest.raises(RulesetError, match="is a structure check: always on"):
        load_ruleset(str(path))


def test_the_engine_runs_the_model_and_comment_checks_apart() -> None:
    assert {c.code for c in COMMENT_CHECKS} == {"PB010", "PB011", "PB012"}
    assert {c.code for c in MODEL_CHECKS} == {f"PB00{n}" for n in range(1, 10)}
    assert not set(MODEL_CHECKS) & set(COMMENT_CHECKS)


def test_no_bundled_rule_runs_an_always_on_check() -> None:
    assert not [rule.id for rule in all_bundled_rules() if is_always_on(rule.check)]
