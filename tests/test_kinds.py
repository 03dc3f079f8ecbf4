"""Check parameters are declared once, by type: every field of every check's params
resolves to a Kind with a meaning, and the loader and the docs both go through it."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path
from typing import Annotated

import pytest

from playbook_lint.checks import all_checks
from playbook_lint.checks.base import AnyCheck
from playbook_lint.output.docs import explain
from playbook_lint.rules.kinds import NoKind, Scalar, field_kinds, field_meanings, kind_of
from playbook_lint.rules.rulesets import RulesetError, load_ruleset

WITH_PARAMS = [c for c in all_checks() if dataclasses.fields(c.params)]


@pytest.mark.parametrize("check", WITH_PARAMS, ids=lambda c: c.code)
def test_every_parameter_has_a_kind_and_a_meaning(check: AnyCheck) -> None:
    kinds = field_kinds(check.params)
    meanings = field_meanings(check.params)
    assert set(kinds) == {f.name for f in dataclasses.fields(check.params)}
    for name, kind in kinds.items():
        assert kind.describe(), name
        assert meanings[name], f"{check.code} {name} says nothing about what it means"


@pytest.mark.parametrize("check", WITH_PARAMS, ids=lambda c: c.code)
def test_explain_prints_each_parameters_meaning(check: AnyCheck) -> None:
    page = explain(check.code)
    for meaning in field_meanings(check.params).values():
        assert meaning is not None
        assert meaning[1:] in " ".join(page.split())


def test_a_plain_text_parameter_names_no_kind() -> None:
    with pytest.raises(NoKind):
        kind_of(str)
    with pytest.raises(NoKind):
        kind_of(tuple[str, ...])
    assert kind_of(Annotated[int, "just a note"]).describe() == "whole number"


def test_a_whole_number_is_read_from_yamls_reading() -> None:
    whole = kind_of(int)
    assert whole.parse(Scalar("7", 7)) == 7  # type: ignore[attr-defined]
    assert "expected a whole number" in whole.parse(Scalar("7.5", "7.5")).hint  # type: ignore[attr-defined]


def _load(tmp_path: Path, body: str) -> object:
    path = tmp_path / "acme.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return load_ruleset(str(path))


@pytest.mark.parametrize("requirement", ["letter", "call", "validation", "summons_served"])
def test_pb304_requires_an_event_a_notice_or_a_contact(tmp_path: Path, requirement: str) -> None:
    ruleset = _load(
        tmp_path,
        f"""\
        id: acme
        rules:
          credit:
            check: PB304
            requires: [{requirement}]
            wait_days: 14
        """,
    )
    (rule,) = ruleset.rules  # type: ignore[attr-defined]
    assert rule.params.requires == (requirement,)


def test_an_unknown_requirement_names_all_three_kinds(tmp_path: Path) -> None:
    with pytest.raises(RulesetError) as caught:
        _load(
            tmp_path,
            """\
            id: acme
            rules:
              credit:
                check: PB304
                requires: [leter]
            """,
        )
    message = caught.value.message
    assert "unknown event, notice kind or contact channel 'leter'" in message
    assert "did you mean 'letter'?" in message


def test_a_lawsuit_is_not_a_communication(tmp_path: Path) -> None:
    with pytest.raises(RulesetError, match="unknown event, notice kind or contact channel"):
        _load(
            tmp_path,
            """\
            id: acme
            rules:
              credit:
                check: PB304
                requires: [lawsuit]
            """,
        )


def test_explain_pb504_calls_its_parameter_a_list_of_placeholders() -> None:
    # It said "list of phrases", which sent readers to the phrase rules (issue 20 item 8).
    page = explain("PB504")
    assert "placeholders  list of placeholders" in page
    assert "list of phrases" not in page
