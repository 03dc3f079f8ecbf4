"""Issue 18 items 4-6, what the first landing left: the estate judged as the consumer for
frequency and hours (language.md v3 item 2), PB507 an error in every ruleset (checks.md v3
item 6), and the rules each ruleset owes for PB505 and the `post` channel (rulesets.md v3)."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from playbook_lint.diagnostics import Severity
from playbook_lint.editing.convert import convert
from playbook_lint.editing.format import format_file
from playbook_lint.model import Target, as_consumer
from playbook_lint.syntax.parse import parse_source
from support import FIXTURES, REPO, lint_file, lint_source

ESTATE_CALLS = """\
playbook "estate-calls"
jurisdiction {ruleset}
timezone America/New_York
template rep call "Hello, this is Jane from Harbor Point for the estate of {{name}}. Call 555-0100."
stage late days 31..60 {{
  call to estate using rep daily at 07:00, 12:00, 18:00 after deceased
}}
on conversation: pause call for 7 days
on payment_received: stop all
"""


def test_the_estate_joins_the_borrower_and_nobody_else() -> None:
    assert as_consumer((Target.BORROWER,)) == (Target.BORROWER, Target.ESTATE)
    assert as_consumer((Target.FAMILY,)) == (Target.FAMILY,)
    assert as_consumer((Target.BORROWER, Target.ESTATE)) == (Target.BORROWER, Target.ESTATE)


@pytest.mark.parametrize(
    ("ruleset", "cap", "hours"),
    [
        ("us-regf", "calls to estate can reach 21 within 7 days", "at 07:00"),
        ("us-ma", "calls to estate can reach 21 within 7 days (days 31-37); at most 2", "at 07:00"),
        ("cn-gbt45251", None, "at 07:00"),
        ("au-accc-asic", None, "at 07:00"),
    ],
)
def test_calls_to_the_estate_are_held_to_the_consumer_limits(
    ruleset: str, cap: str | None, hours: str | None
) -> None:
    # Before v3 the estate's calls were counted by no rule, and PB201 crashed on them.
    found = lint_source(ESTATE_CALLS.format(ruleset=ruleset))
    assert not [f for f in found if f.code == "PB000"]
    frequency = [f.message for f in found if f.code == "PB101"]
    timing = [f.message for f in found if f.code == "PB201"]
    if cap is not None:
        assert any(cap in m for m in frequency), frequency
    if hours is not None:
        assert any("estates' representatives" in m and hours in m for m in timing), timing


def test_photos_sent_to_contacts_are_an_error_even_under_baseline() -> None:
    text = """\
playbook "wall"
timezone Asia/Manila
template wall sms attach photo "Kilala mo ba ito?"
stage late days 31..60 {
  sms to contacts using wall on day 31 at 11:00
}
on payment_received: stop all
"""
    found = [f for f in lint_source(text) if f.code == "PB507"]
    assert [(f.rule, f.severity) for f in found] == [
        ("baseline/no-personal-data-to-others", Severity.ERROR)
    ]


THREAT_AND_POST = """\
playbook "bluff"
jurisdiction {ruleset}
timezone {zone}
template final letter "{threat}"
template wall im "{wall}"
stage late days 31..90 {{
  letter using final on day 31
  post to contacts using wall on day 60
}}
on payment_received: stop all
"""

# Each ruleset that rulesets.md v3 gives PB505 and a `post` rule: its own rule ids, their
# severity (law: error; guidance: warning, except the standard's 不得), and its words.
OWN_RULES = [
    ("us-regf", "America/New_York", "error", "error", "FDCPA §806(3)"),
    ("uk-cca", "Europe/London", "error", "error", "CONC 7.9.7R"),
    ("au-accc-asic", "Australia/Sydney", "warning", "warning", "Part 2 s1(a)"),
    ("cn-gbt45251", "Asia/Shanghai", "warning", "error", "GB/T 45251-2025"),
    ("cn-cba2026", "Asia/Shanghai", "warning", "error", "GB/T 45251-2025"),
    ("tw-fsc", "Asia/Taipei", "error", "error", "art. 14 III(2)(3)"),
]


@pytest.mark.parametrize(("ruleset", "zone", "threat", "post", "post_cite"), OWN_RULES)
def test_each_ruleset_judges_bluffs_and_posts_by_its_own_text(
    ruleset: str, zone: str, threat: str, post: str, post_cite: str
) -> None:
    chinese = ruleset.startswith(("cn", "tw"))
    text = THREAT_AND_POST.format(
        ruleset=ruleset,
        zone=zone,
        threat="如不还款，我们将起诉你。" if chinese else "Pay within 10 days or we will sue you.",
        wall="请大家转告他还钱。" if chinese else "Tell him to pay up.",
    )
    found = lint_source(text)
    bluffs = [f for f in found if f.code == "PB505"]
    posts = [f for f in found if f.code == "PB601" and f.message.startswith("post")]
    assert [(f.rule, f.severity.value) for f in bluffs] == [
        (f"{ruleset}/threaten-only-the-plan", threat)
    ]
    owner = "cn-gbt45251" if ruleset == "cn-cba2026" else ruleset
    assert [(f.rule, f.severity.value) for f in posts] == [(f"{owner}/no-public-posts", post)]
    assert post_cite in (posts[0].cite or "")
    # No finding of these rules cites another country's text (rulesets.md v3).
    assert "baseline" not in (bluffs[0].rule or "") + (posts[0].rule or "")


# The v3 fixtures (issue 18 items 4-6), in both forms: exactly what a user sees, rule by
# rule. The fixture driver (test_fixtures.py) pins lines; this pins whole messages.
V3_FIXTURES = {
    "v3-estate/estate": [
        (
            "PB101",
            "us-regf/call-frequency",
            "calls to estate can reach 21 within 7 days (days 120-126); at most 7",
        ),
        (
            "PB201",
            "us-regf/inconvenient-hours",
            "call at 07:30, 12:00, 18:00 America/New_York time reaches estates' representatives"
            " in America/New_York at 07:30 on weekdays; permitted 08:00-21:00: start at 08:00",
        ),
    ],
    "v3-post/group-chat": [
        (
            "PB503",
            "id-ojk/no-disclosure-to-others",
            "template 'group_notice' sent to contacts (stage late) mentions the debt: "
            '"melunasi", "pinjaman"',
        ),
        (
            "PB601",
            "id-ojk/no-public-posts",
            "post to contacts: a message shown to the public or a crowd is not allowed, "
            "whatever its hours or frequency",
        ),
    ],
    "PB505/bluffs": [
        (
            "PB505",
            "us-regf/threaten-only-the-plan",
            'template \'agent_sms\' threatens a visit ("field agent", "come to your home"), '
            "but the playbook has no visit action",
        ),
        (
            "PB505",
            "us-regf/threaten-only-the-plan",
            'template \'demand\' threatens a lawsuit ("file a lawsuit") "within ten (10) days":'
            " sent from day 32, that is by day 42, but the playbook's first lawsuit is on day 150",
        ),
    ],
    "PB506/voicemails": [
        (
            "PB506",
            "us-regf/limited-content-message",
            "limited-content message 'vm_balance' says more than 1006.2(j) allows: "
            '"past due", "balance", "{amount}"',
        ),
        (
            "PB506",
            "us-regf/limited-content-message",
            "limited-content message 'vm_bare' lacks a business name, a person's name",
        ),
        (
            "PB506",
            "us-regf/limited-content-message",
            "limited-content message 'vm_trade_name' gives a business name that says debt "
            "collection: 'Harbor Point Recovery Services'",
        ),
    ],
    "PB507/loan-app": [
        (
            "PB507",
            "ph-sec/no-personal-data-to-others",
            "template 'wanted' attaches photo, id_document, sent to contacts",
        ),
        (
            "PB507",
            "ph-sec/no-personal-data-to-others",
            "template 'wanted_post' attaches photo, shown to the public",
        ),
        ("PB601", "ph-sec/no-phone-contacts", "im to contacts: contacting contacts is not allowed"),
        (
            "PB601",
            "ph-sec/no-public-posts",
            "post to third_party: a message shown to the public or a crowd is not allowed, "
            "whatever its hours or frequency",
        ),
    ],
}


@pytest.mark.parametrize("suffix", [".playbook", ".playbook.yaml"])
@pytest.mark.parametrize("stem", sorted(V3_FIXTURES))
def test_v3_fixtures_say_exactly_this(stem: str, suffix: str) -> None:
    path = FIXTURES / "checks" / (stem + suffix)
    found = sorted((f.code, f.rule, f.stable_message) for f in lint_file(path))
    assert found == V3_FIXTURES[stem]


@pytest.mark.parametrize("stem", sorted(V3_FIXTURES))
def test_v3_fixtures_pass_the_schema_the_formatter_and_the_converter(stem: str) -> None:
    """The new words (estate, post, limited_content, attach) survive every editing tool:
    the YAML twin is valid against the published JSON Schema, the formatter keeps the DSL's
    meaning, and converting either form gives the other's model."""
    dsl_path = FIXTURES / "checks" / (stem + ".playbook")
    yaml_path = dsl_path.with_name(dsl_path.name + ".yaml")
    dsl, twin = (p.read_text(encoding="utf-8") for p in (dsl_path, yaml_path))
    schema = json.loads((REPO / "schema" / "playbook.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(twin), schema)
    model = parse_source(dsl, dsl_path.name).playbook
    assert model is not None
    assert parse_source(twin, yaml_path.name).playbook == model
    formatted = format_file(dsl_path.name, dsl)
    assert formatted.error is None
    assert parse_source(formatted.after or dsl, dsl_path.name).playbook == model
    assert parse_source(convert(dsl, dsl_path.name, "yaml"), "x.playbook.yaml").playbook == model
    assert parse_source(convert(twin, yaml_path.name, "dsl"), "x.playbook").playbook == model
