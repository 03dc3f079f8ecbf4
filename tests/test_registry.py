"""The one catalogue of checks and the registry of their implementations: every check has
one family, what is always on comes from the family, never from a code's prefix, and
every catalogue entry is implemented by the family module it names."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import pytest

from playbook_lint import checks
from playbook_lint.checks import all_checks, check_for, implementation, model_checks
from playbook_lint.checks.base import AnyCheck
from playbook_lint.rules.catalogue import CATALOGUE, ON_COMMENTS, CheckSpec, Family
from playbook_lint.rules.rulesets import RulesetError, all_bundled_rules, load_ruleset


def test_every_family_has_checks_and_every_check_one_family() -> None:
    assert {spec.family for spec in CATALOGUE} == set(Family)
    assert len({spec.code for spec in CATALOGUE}) == len(CATALOGUE)
    assert len({spec.name for spec in CATALOGUE}) == len(CATALOGUE)


@pytest.mark.parametrize("spec", CATALOGUE, ids=lambda s: s.code)
def test_each_entry_is_implemented_in_the_module_it_names(spec: CheckSpec[object]) -> None:
    check = implementation(spec)
    assert check.spec is spec
    assert check.run.__module__.rsplit(".", 1)[1] == spec.module


def test_every_check_of_every_family_module_is_in_the_catalogue() -> None:
    assert [c.spec for c in all_checks()] == list(CATALOGUE)
    # A family module the catalogue does not name would never be imported: every module
    # of lint/checks with a CHECKS tuple is named, and each of its checks is an entry's.
    folder = Path(checks.__file__).parent
    declared = []
    for path in sorted(folder.glob("*.py")):
        module = import_module(f"{checks.__name__}.{path.stem}")
        if hasattr(module, "CHECKS"):
            assert path.stem in {spec.module for spec in CATALOGUE}, path.stem
            declared += [check.spec for check in module.CHECKS]
    assert sorted(declared, key=lambda s: s.code) == sorted(CATALOGUE, key=lambda s: s.code)


@pytest.mark.parametrize("check", all_checks(), ids=lambda c: c.code)
def test_a_check_is_found_by_code_in_any_case_and_by_name(check: AnyCheck) -> None:
    assert check_for(check.code) is check
    assert check_for(check.code.lower()) is check
    assert check_for(check.name) is check


@pytest.mark.parametrize("spec", [s for s in CATALOGUE if s.always_on], ids=lambda s: s.code)
def test_an_always_on_check_takes_no_ruleset_rule(spec: CheckSpec[object], tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(f"id: acme\nrules:\n  mine:\n    check: {spec.code}\n", encoding="utf-8")
    with pytest.raises(RulesetError, match="is a structure check: always on"):
        load_ruleset(str(path))


def test_the_engine_runs_the_model_and_comment_checks_apart() -> None:
    assert {c.code for c in ON_COMMENTS} == {"PB010", "PB011", "PB012"}
    assert {c.code for c in model_checks()} == {f"PB00{n}" for n in range(1, 10)}
    assert not {c.spec for c in model_checks()} & set(ON_COMMENTS)


def test_no_bundled_rule_runs_an_always_on_check() -> None:
    assert not [rule.id for rule in all_bundled_rules() if rule.check.always_on]
