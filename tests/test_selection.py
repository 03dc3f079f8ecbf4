"""Selection by code, prefix, check name or rule id; fail level and exit status."""

from __future__ import annotations

import pytest
from report_samples import finding, structure

from playbook_lint.diagnostics import Finding, Severity
from playbook_lint.run.check import exit_status
from playbook_lint.run.config import Settings
from playbook_lint.run.selection import is_selected, matches

PB101 = finding()  # PB101 [us-regf/call-frequency]
PB009 = structure()


@pytest.mark.parametrize(
    "selector",
    [
        "PB101",
        "pb101",
        "PB1",
        "PB",
        "ALL",
        "contact-frequency",
        "us-regf/call-frequency",
        "us-regf",
    ],
)
def test_selectors_that_name_it(selector: str) -> None:
    assert matches(selector, PB101)


@pytest.mark.parametrize(
    "selector", ["PB102", "PB2", "us-ma/call-frequency", "us", "frequency", ""]
)
def test_selectors_that_do_not(selector: str) -> None:
    assert not matches(selector, PB101)


@pytest.mark.parametrize(
    ("select", "ignore", "extend", "expected"),
    [
        (None, (), (), True),
        (("PB2",), (), (), False),
        (("PB2",), (), ("PB1",), True),
        (None, ("PB1",), (), False),
        (("PB1",), ("PB101",), (), False),  # more specific ignore wins
        (("PB101",), ("PB1",), (), True),  # more specific select wins
        (("PB1",), ("PB1",), (), False),  # a tie goes to ignore
        (("us-regf/call-frequency",), ("PB101",), (), True),  # a rule id beats a code
        (None, ("us-regf",), (), False),
    ],
)
def test_is_selected(select, ignore, extend, expected) -> None:  # type: ignore[no-untyped-def]
    assert is_selected(PB101, select, ignore, extend) is expected


def test_structure_findings_select_by_code() -> None:
    assert is_selected(PB009, ("PB0",))
    assert not is_selected(PB009, None, ("unused-template",))


def test_exit_status_by_fail_level() -> None:
    warning = structure()  # a warning

    def status(findings: list[Finding], level: Severity, exit_zero: bool = False) -> int:
        return exit_status(findings, {}, Settings(fail_level=level), exit_zero)

    assert status([warning], Severity.WARNING) == 1
    assert status([warning], Severity.ERROR) == 0
    assert status([warning], Severity.INFO) == 1
    assert status([warning], Severity.WARNING, exit_zero=True) == 0
    assert status([finding(suppressed="ok")], Severity.INFO) == 0
    assert status([], Severity.INFO) == 0


def test_exit_status_uses_each_files_own_fail_level() -> None:
    warning = structure()  # a warning, in its own file
    strict = {warning.path: Settings(fail_level=Severity.INFO)}
    assert exit_status([warning], strict, Settings(fail_level=Severity.ERROR)) == 1
    lenient = {warning.path: Settings(fail_level=Severity.ERROR)}
    assert exit_status([warning], lenient, Settings(fail_level=Severity.INFO)) == 0
