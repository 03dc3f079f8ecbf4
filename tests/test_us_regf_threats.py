"""us-regf flags false legal threats (issue 21 item 4; rulesets.md v3).

FDCPA §807(4), (5) and (7) (15 USC 1692e) forbid implying that nonpayment brings arrest,
garnishment or the sale of property unless lawful and intended, threatening action that
cannot or will not be taken, and implying that the consumer committed a crime. Before v3
the US ruleset left the false-legal-threat phrases out, so all three letters passed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook_lint.rules.rulesets import load_ruleset
from support import FIXTURES, lint_file, lint_source

LETTERS = FIXTURES / "citations" / "us-false-legal-threats.playbook"
THREATS = ("take your house", "criminal charges will be filed", "report you to the IRS")


@pytest.mark.parametrize("path", [LETTERS, LETTERS.with_name(LETTERS.name + ".yaml")])
def test_each_false_legal_threat_is_flagged_under_us_regf(path: Path) -> None:
    found = [f for f in lint_file(path) if f.code == "PB501"]
    assert [f.rule for f in found] == ["us-regf/no-threats"] * 3
    for finding, phrase in zip(found, THREATS, strict=True):
        assert phrase in finding.message
        assert "false or exaggerated legal threat" in finding.message
        assert finding.cite is not None
        assert "§807(4), (5) and (7)" in finding.cite
        assert finding.url == "https://www.law.cornell.edu/uscode/text/15/1692e"


@pytest.mark.parametrize("ruleset_id", ["us-regf", "us-ma"])
def test_the_us_rule_covers_the_category_and_cites_1692e(ruleset_id: str) -> None:
    rule = load_ruleset(ruleset_id).rule("no-threats")
    assert rule is not None
    assert rule.id == "us-regf/no-threats"
    categories = {c.value if hasattr(c, "value") else str(c) for c in rule.params.categories}
    assert "false-legal-threat" in categories
    assert rule.cite is not None
    assert "15 USC 1692e" in rule.cite


def test_a_lawful_letter_about_a_real_lawsuit_stays_silent() -> None:
    # §807(4) allows stating an action that is lawful and intended, in plain words.
    text = LETTERS.read_text(encoding="utf-8").replace(
        "or we will garnish your wages and take your house.",
        "or we may file a lawsuit; if a court enters judgment, it may allow wage garnishment.",
    )
    findings = lint_source(text, "letters.playbook")
    assert [f.line for f in findings if f.code == "PB501"] == [11, 12]
