"""Every check documents itself, and its documented examples are true.

The *Example* of each check must make it fire and *Use instead* must not (pycodestyle's
docstring tests). Checks that need parameters are linted through a one-rule ruleset
built from the check's ``example_params``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook_lint.checks import all_checks
from playbook_lint.checks.base import AnyCheck
from playbook_lint.run.engine import lint_text

ALL_CHECKS = all_checks()
CODES = [check.code for check in ALL_CHECKS]


def _codes_found(check: AnyCheck, text: str, tmp_path: Path) -> set[str]:
    rulesets: list[str] = []
    if not check.code.startswith("PB0"):
        body = "\n".join("    " + line for line in check.doc.example_params.splitlines())
        ruleset = tmp_path / "doc-ruleset.yaml"
        ruleset.write_text(
            f"id: doc-{check.code.lower()}\ntitle: doc\nsource: test\nrules:\n"
            f"  example:\n    check: {check.code}\n{body}\n"
        )
        rulesets.append(str(ruleset))
    name = "example.playbook.yaml" if text.startswith("playbook:") else "example.playbook"
    return {f.code for f in lint_text(text, name, rulesets).findings}


def test_codes_and_names_are_unique() -> None:
    assert len(set(CODES)) == len(CODES)
    assert len({c.name for c in ALL_CHECKS}) == len(ALL_CHECKS)


def test_every_documented_check_exists() -> None:
    expected = {f"PB00{n}" for n in range(1, 10)} | {"PB010", "PB011", "PB012"}
    expected |= {"PB101", "PB102", "PB103", "PB201", "PB202"}
    expected |= {"PB301", "PB302", "PB303", "PB304", "PB305", "PB401", "PB402", "PB403"}
    expected |= {"PB501", "PB502", "PB503", "PB504", "PB601", "PB602", "PB701"}
    expected |= {"PB505", "PB506", "PB507"}  # checks.md v3 items 4-6
    assert set(CODES) == expected


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda c: c.code)
def test_page_has_every_section(check: AnyCheck) -> None:
    doc = check.doc
    assert doc.what.strip()
    assert doc.why.strip()
    assert doc.example.strip()
    assert doc.use_instead.strip()


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda c: c.code)
def test_example_fires(check: AnyCheck, tmp_path: Path) -> None:
    assert check.code in _codes_found(check, check.doc.example, tmp_path)


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda c: c.code)
def test_use_instead_is_silent(check: AnyCheck, tmp_path: Path) -> None:
    assert check.code not in _codes_found(check, check.doc.use_instead, tmp_path)
