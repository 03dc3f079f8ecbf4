"""What ``explain``, ``rules`` and ``rulesets`` tell a user."""

from __future__ import annotations

import pytest

from playbook_lint.checks import known_checks
from playbook_lint.checks.base import AnyCheck
from playbook_lint.output.docs import explain, format_params, list_rules, list_rulesets
from playbook_lint.rules.rulesets import (
    RulesetError,
    bundled_ruleset_ids,
    load_ruleset,
)


def test_check_page_has_ruffs_sections_and_the_rules_that_use_it() -> None:
    page = explain("PB101")
    assert page.startswith("# PB101 contact-frequency")
    for heading in ("## What it does", "## Parameters", "## Rulesets"):
        assert heading in page
    assert "- window" in page
    assert "(required)" in page
    # every bundled rule that uses the check, with its numbers and citation
    assert "us-regf/call-frequency (error, law): channels [call], targets [borrower], max 7" in page
    assert "cite: 12 CFR 1006.14(b)(2)(i)(A)" in page
    assert "url: https://www.ecfr.gov/current/title-12/part-1006/section-1006.14" in page
    assert "in: us-ma, us-regf" in page
    assert "cn-cba2026/call-attempts-per-day" in page


def test_a_check_is_found_by_name_and_by_lower_case_code() -> None:
    assert explain("contact-frequency") == explain("pb101") == explain("PB101")


@pytest.mark.parametrize("check", known_checks(), ids=lambda c: c.code)
def test_every_check_has_a_page(check: AnyCheck) -> None:
    code = check.code
    page = explain(code)
    assert page.startswith(f"# {code} ")
    assert "## What it does" in page
    doc = check.doc
    if doc.example:
        assert "## Example" in page
        assert doc.example.strip() in page
        assert "## Use instead" in page
        assert doc.use_instead.strip() in page
    if doc.why:
        assert "## Why is this bad?" in page


def test_structure_checks_say_they_are_always_on() -> None:
    assert "Always on: no ruleset configures it." in explain("PB003")


def test_rule_page_gives_numbers_severity_citation_then_the_check() -> None:
    page = explain("us-ma/call-or-text-frequency")
    assert page.startswith("# us-ma/call-or-text-frequency")
    assert "Check:    PB101 contact-frequency" in page
    assert "Severity: error" in page
    assert "max 2" in page
    assert "window 7 days" in page
    assert "channels [call, sms]" in page
    assert "Cite:     209 CMR 18.16(1)(a)" in page
    assert "URL:      https://law.cornell.edu/regulations/massachusetts/209-CMR-18-16" in page
    assert "at most 2 calls or text messages" in page
    assert "# PB101 contact-frequency" in page  # the check's page follows


def test_a_rule_of_a_user_ruleset_can_be_explained() -> None:
    from pathlib import Path

    acme = load_ruleset(str(Path(__file__).parent / "fixtures" / "rulesets" / "acme.yaml"))
    page = explain("acme/call-frequency", [acme])
    assert "max 5" in page


@pytest.mark.parametrize(
    ("wanted", "message"),
    [
        ("PB1011", "did you mean 'PB101'?"),
        ("contact-frequncy", "did you mean 'contact-frequency'?"),
        ("us-regf/call-frequncy", "did you mean 'us-regf/call-frequency'?"),
        ("call-frequency", "explain a rule by its id: us-regf/call-frequency"),
        ("nonsense", "unknown check or rule 'nonsense'"),
    ],
)
def test_unknown_names_raise_lookup_error_with_a_hint(wanted: str, message: str) -> None:
    with pytest.raises(LookupError) as caught:
        explain(wanted)
    assert message in str(caught.value)


def test_rules_lists_every_check_one_line_each() -> None:
    lines = list_rules().splitlines()
    assert len(lines) == len(known_checks())
    first = lines[0].split()
    assert first[:3] == ["PB001", "syntax-error", "error"]
    assert any(line.startswith("PB101  contact-frequency") for line in lines)
    assert any(line.startswith("PB701  missing-handler") for line in lines)


def test_rules_of_a_ruleset_one_line_each_with_code_severity_params_and_cite() -> None:
    text = list_rules("us-regf")
    header, *lines = text.splitlines()
    ruleset = load_ruleset("us-regf")
    assert header == f"us-regf: {ruleset.title} ({len(ruleset.rules)} rules)"
    assert len(lines) == len(ruleset.rules)
    line = next(x for x in lines if x.startswith("us-regf/call-frequency "))
    for part in ("PB101", "error", "law", "max 7", "window 7 days", "(12 CFR 1006.14(b)(2)(i)(A))"):
        assert part in line
    # rulesets.md v2: every jurisdiction extends baseline; each rule shows its basis.
    assert any(x.startswith("baseline/contact-before-escalation ") for x in lines)
    assert not any(x.startswith("baseline/visit-after-summons ") for x in lines)  # disabled
    lawsuit = next(x for x in lines if x.startswith("us-regf/lawsuit-after-90-days "))
    assert "info" in lawsuit
    assert "practice" in lawsuit
    weekly = next(
        x for x in list_rules("uk-cca").splitlines() if x.startswith("uk-cca/arrears-notice-weekly")
    )
    assert "when instalments weekly" in weekly


def test_explain_a_rule_shows_its_basis_and_primary_citation() -> None:
    page = explain("tw-fsc/collection-hours")
    assert "Basis:    law (a statute or binding regulation)" in page
    assert "URL:      https://law.moj.gov.tw/LawClass/LawAll.aspx?pcode=G0380200" in page
    page = explain("uk-cca/arrears-notice-weekly")
    assert "Applies:  only to playbooks with instalments weekly" in page


def test_rules_of_an_unknown_ruleset_is_a_ruleset_error() -> None:
    with pytest.raises(RulesetError, match="did you mean 'uk-cca'"):
        list_rules("uk-ccaa")


def test_rulesets_lists_id_title_source_and_rule_count() -> None:
    text = list_rulesets()
    for ruleset_id in bundled_ruleset_ids():
        ruleset = load_ruleset(ruleset_id)
        count = len(ruleset.rules)
        line = next(x for x in text.splitlines() if x.startswith(ruleset_id + " "))
        assert f"{count} rules  {ruleset.title}" in line
    assert "source: CFPB Regulation F" in text
    assert "extends: us-regf" in text


def test_short_parameters_show_what_the_ruleset_wrote() -> None:
    rule = load_ruleset("baseline").rule("stop-on-payment")
    assert rule is not None
    assert format_params(rule.params, rule.written) == (
        "event payment_received, must stop, channels all"
    )
