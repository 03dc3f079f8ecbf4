"""Rulesets: every bundled one carries the rules of rulesets.md, and bad files say where."""

from __future__ import annotations

import textwrap
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from playbook_lint.diagnostics import Severity
from playbook_lint.model import Channel, ChannelClass, Target, channels_of
from playbook_lint.rules.params import (
    HourRange,
    NoticeTrigger,
    Rate,
    Window,
    parse_hour_range,
    parse_rate,
    parse_trigger,
    parse_window,
)
from playbook_lint.rules.rule_meta import Basis
from playbook_lint.rules.rulesets import (
    RulesetError,
    active_rules,
    bundled_path,
    bundled_ruleset_ids,
    is_bundled,
    load_ruleset,
    resolve_rulesets,
)

FIXTURES = Path(__file__).parent / "fixtures" / "rulesets"

# Where a rule names channel classes (style.md 20), its contracted list is read through the
# classes: the same members today, and a channel added to a class needs no edit here.
K = ChannelClass


def _words(*items: Channel | ChannelClass) -> list[str]:
    return [c.value for c in channels_of(*items)]


CONTACT = _words(K.CONTACT)
THIRD = ["emergency_contact", "family", "employer", "contacts", "third_party"]
THREATS = ["violence", "arrest-or-jail", "impersonating-authority", "public-shaming", "obscenity"]

BUNDLED = (
    "baseline",
    "us-regf",
    "us-ma",
    "cn-gbt45251",
    "cn-cba2026",
    "uk-cca",
    "au-accc-asic",
    "in-rbi",
    "ph-sec",
    "id-ojk",
    "ie-cca",
    "tw-fsc",
)

# (ruleset, rule id, check, parameters, severity or None) — straight from rulesets.md.
# A rule is looked up by id in the ruleset, so inherited rules are checked where they land.
EXPECTED: list[tuple[str, str, str, dict[str, Any], str | None]] = [
    (
        "baseline",
        "baseline/visit-after-summons",
        "PB301",
        {"requires": ["summons_served"]},
        "warning",  # practice (checks.md v2 item 1)
    ),
    ("baseline", "baseline/lawsuit-after-90-days", "PB302", {"min_day": 90}, "warning"),
    (
        "baseline",
        "baseline/contact-before-escalation",
        "PB303",
        {
            "before": ["visit", "lawsuit", "agency"],
            "first": _words(Channel.SMS, K.VOICE, Channel.EMAIL, Channel.LETTER),
        },
        "warning",
    ),
    (
        "baseline",
        "baseline/unbounded-schedule",
        "PB103",
        {"channels": _words(K.VOICE, K.MESSAGING), "threshold": "6 per day"},
        "warning",
    ),
    (
        "baseline",
        "baseline/no-threats",
        "PB501",
        {"categories": THREATS, "languages": ["en", "zh"]},
        "error",
    ),
    (
        "baseline",
        "baseline/stop-on-payment",
        "PB701",
        {"event": "payment_received", "must": "stop", "channels": []},
        "warning",
    ),
    # us-regf
    (
        "us-regf",
        "us-regf/call-frequency",
        "PB101",
        {"channels": _words(K.VOICE), "targets": ["borrower"], "max": 7, "window": "7 days"}
        | {"count": "attempts"},
        "error",
    ),
    (
        "us-regf",
        "us-regf/call-after-conversation",
        "PB102",
        {"channels": _words(K.VOICE), "days": 7},
        None,
    ),
    (
        "us-regf",
        "us-regf/inconvenient-hours",
        "PB201",
        {"channels": CONTACT, "weekdays": "08:00-21:00", "weekends": "08:00-21:00"},
        None,
    ),
    ("us-regf", "us-regf/validation-notice", "PB401", {"kind": "validation"}, None),
    (
        "us-regf",
        "us-regf/validation-notice-timing",
        "PB402",
        {"kind": "validation", "within_days": 5, "after": "first_contact"},
        None,
    ),
    (
        "us-regf",
        "us-regf/passive-credit-reporting",
        "PB304",
        {"requires": ["validation"], "wait_days": 14},
        None,
    ),
    (
        "us-regf",
        "us-regf/initial-disclosure",
        "PB502",
        {"scope": "initial", "channels": CONTACT, "targets": ["borrower"]},
        "error",
    ),
    (
        "us-regf",
        "us-regf/subsequent-disclosure",
        "PB502",
        {"channels": ["call", "letter", "email", "sms"], "targets": ["borrower", "guarantor"]},
        "error",
    ),
    ("us-regf", "us-regf/electronic-opt-out", "PB502", {"channels": ["sms", "email"]}, None),
    ("us-regf", "us-regf/location-contact-once", "PB602", {"targets": THIRD, "max": 1}, None),
    ("us-regf", "us-regf/third-party-disclosure", "PB503", {"targets": THIRD}, None),
    (
        "us-regf",
        "us-regf/dispute-pauses-collection",
        "PB701",
        {"event": "dispute_raised", "must": "pause", "channels": [], "until": "dispute_verified"},
        None,
    ),
    (
        "us-regf",
        "us-regf/cease-communication",
        "PB701",
        {"event": "cease_requested", "must": "stop"},
        None,
    ),
    (
        "us-regf",
        "us-regf/electronic-opt-out-honoured",
        "PB701",
        {"event": "opt_out", "must": "stop", "channels": ["sms", "email"]},
        None,
    ),
    (
        "us-regf",
        "us-regf/no-threats",
        "PB501",
        # rulesets.md v3: FDCPA §807(4), (5), (7) add the false legal threats.
        {"categories": [*THREATS, "false-legal-threat"], "languages": ["en", "zh"]},
        "error",
    ),
    ("us-regf", "us-regf/lawsuit-after-90-days", "PB302", {"min_day": 90}, "info"),
    # us-ma
    (
        "us-ma",
        "us-ma/call-or-text-frequency",
        "PB101",
        {
            "channels": _words(K.VOICE, Channel.SMS),
            "targets": ["borrower"],
            "max": 2,
            "window": "7 days",
        },
        None,
    ),
    ("us-ma", "us-regf/call-frequency", "PB101", {"max": 7}, None),
    # cn-gbt45251
    (
        "cn-gbt45251",
        "cn-gbt45251/quiet-hours",
        "PB201",
        {"channels": CONTACT, "weekdays": "08:00-22:00", "weekends": "08:00-22:00"},
        None,
    ),
    (
        "cn-gbt45251",
        "cn-gbt45251/effective-calls-per-day",
        "PB101",
        {"channels": _words(K.VOICE), "targets": ["borrower"], "max": 3, "window": "1 day"}
        | {"count": "connected"},
        None,
    ),
    (
        "cn-gbt45251",
        "cn-gbt45251/no-collection-from-contacts",
        "PB601",
        {"targets": THIRD, "unless_after": ["unreachable", "deceased", "incapacitated"]},
        "warning",
    ),
    (
        "cn-gbt45251",
        "cn-gbt45251/contact-refused",
        "PB701",
        {"event": "contact_refused", "must": "stop", "targets": THIRD},
        "warning",
    ),
    ("cn-gbt45251", "cn-gbt45251/no-disclosure-to-contacts", "PB503", {"targets": THIRD}, "error"),
    (
        "cn-gbt45251",
        "cn-gbt45251/no-threats",
        "PB501",
        {"categories": THREATS, "languages": ["en", "zh"]},
        None,
    ),
    ("cn-gbt45251", "cn-gbt45251/lawsuit-after-90-days", "PB302", {"min_day": 90}, "info"),
    # cn-cba2026
    (
        "cn-cba2026",
        "cn-cba2026/call-attempts-per-day",
        "PB101",
        {"channels": _words(K.VOICE), "targets": ["borrower"], "max": 6, "window": "1 day"}
        | {"count": "attempts"},
        None,
    ),
    ("cn-cba2026", "cn-cba2026/visit-two-agents", "PB305", {"min_agents": 2}, None),
    ("cn-cba2026", "cn-gbt45251/effective-calls-per-day", "PB101", {"max": 3}, None),
    # uk-cca
    ("uk-cca", "uk-cca/arrears-notice", "PB401", {"kind": "arrears"}, None),
    (
        "uk-cca",
        "uk-cca/arrears-notice-timing",
        "PB402",
        {"kind": "arrears", "within_days": 13, "after": "missed_payments 2"},
        "error",
    ),
    (
        "uk-cca",
        "uk-cca/arrears-notice-weekly",
        "PB402",
        {"kind": "arrears", "within_days": 13, "after": "missed_payments 4"},
        "error",
    ),
    (
        "uk-cca",
        "uk-cca/default-notice-before-enforcement",
        "PB403",
        {"kind": "default", "actions": ["lawsuit"], "wait_days": 18},
        None,
    ),
    (
        "uk-cca",
        "uk-cca/reasonable-hours",
        "PB201",
        {"channels": CONTACT, "weekdays": "08:00-21:00", "weekends": "08:00-21:00"},
        "warning",
    ),
    ("uk-cca", "uk-cca/no-threats", "PB501", {"languages": ["en", "zh"]}, "error"),
    # au-accc-asic
    (
        "au-accc-asic",
        "au-accc-asic/contacts-per-week",
        "PB101",
        {"channels": _words(K.REMOTE), "max": 3} | {"window": "7 days", "count": "connected"},
        None,
    ),
    (
        "au-accc-asic",
        "au-accc-asic/contacts-per-month",
        "PB101",
        {"channels": _words(K.REMOTE), "max": 10} | {"window": "30 days", "count": "connected"},
        None,
    ),
    (
        "au-accc-asic",
        "au-accc-asic/phone-hours",
        "PB201",
        {"channels": _words(K.VOICE, K.MESSAGING), "weekdays": "07:30-21:00"}
        | {"weekends": "09:00-21:00"},
        None,
    ),
    (
        "au-accc-asic",
        "au-accc-asic/visit-hours",
        "PB201",
        {"channels": _words(K.IN_PERSON), "weekdays": "09:00-21:00", "weekends": "09:00-21:00"},
        None,
    ),
    (
        "au-accc-asic",
        "au-accc-asic/no-contact-on-public-holidays",
        "PB202",
        {"channels": _words(K.VOICE, K.MESSAGING, K.IN_PERSON), "days": ["public-holiday"]},
        "warning",
    ),
    (
        "au-accc-asic",
        "au-accc-asic/visit-last-resort",
        "PB303",
        {"before": _words(K.IN_PERSON), "first": _words(K.VOICE, Channel.LETTER, Channel.EMAIL)},
        None,
    ),
    # in-rbi
    (
        "in-rbi",
        "in-rbi/call-hours",
        "PB201",
        {"channels": _words(K.VOICE), "weekdays": "08:00-19:00", "weekends": "08:00-19:00"},
        None,
    ),
    ("in-rbi", "in-rbi/no-threats", "PB501", {"languages": ["en", "hi"]}, "error"),
    # ph-sec
    (
        "ph-sec",
        "ph-sec/contact-hours",
        "PB201",
        {"channels": CONTACT, "weekdays": "06:00-22:00", "weekends": "06:00-22:00"}
        | {"until_day": 15},
        None,
    ),
    (
        "ph-sec",
        "ph-sec/no-phone-contacts",
        "PB601",
        {"targets": ["contacts"], "unless_after": []},
        None,
    ),
    ("ph-sec", "ph-sec/no-threats", "PB501", {"languages": ["en", "fil"]}, "error"),
    ("id-ojk", "id-ojk/no-threats", "PB501", {"languages": ["id", "en"]}, "error"),
    # id-ojk
    (
        "id-ojk",
        "id-ojk/collection-hours",
        "PB201",
        {"channels": CONTACT, "weekdays": "08:00-20:00", "weekends": "08:00-20:00"},
        None,
    ),
    (
        "id-ojk",
        "id-ojk/no-sundays-or-holidays",
        "PB202",
        {"channels": CONTACT, "days": ["sunday", "public-holiday"]},
        None,
    ),
    ("id-ojk", "id-ojk/debtor-only", "PB601", {"targets": THIRD, "unless_after": []}, None),
    # ie-cca
    (
        "ie-cca",
        "ie-cca/call-and-visit-hours",
        "PB201",
        {
            "channels": _words(K.VOICE, K.IN_PERSON),
            "weekdays": "09:00-21:00",
            "weekends": "09:00-21:00",
        },
        None,
    ),
    (
        "ie-cca",
        "ie-cca/no-sunday-or-holiday",
        "PB202",
        {"channels": _words(K.VOICE, K.IN_PERSON), "days": ["sunday", "public-holiday"]},
        None,
    ),
    ("ie-cca", "ie-cca/no-employer-or-family", "PB601", {"targets": ["employer", "family"]}, None),
    # Baseline's phrases, cited to Ireland's own law (Non-Fatal Offences Act 1997 s11).
    ("ie-cca", "ie-cca/no-threats", "PB501", {"languages": ["en", "zh"]}, "error"),
    # tw-fsc (rulesets.md v2, regulations.md §11)
    (
        "tw-fsc",
        "tw-fsc/collection-hours",
        "PB201",
        {"channels": CONTACT, "weekdays": "07:00-22:00", "weekends": "07:00-22:00"},
        "error",
    ),
    (
        "tw-fsc",
        "tw-fsc/third-parties-only-to-locate",
        "PB601",
        {"targets": THIRD, "unless_after": ["unreachable", "deceased"]},
        "error",
    ),
    (
        "tw-fsc",
        "tw-fsc/no-disclosure-to-third-parties",
        "PB503",
        {"targets": THIRD, "languages": ["zh", "en"]},
        "error",
    ),
    (
        "tw-fsc",
        "tw-fsc/contact-refused",
        "PB701",
        {"event": "contact_refused", "must": "stop", "channels": [], "targets": THIRD},
        "error",
    ),
    (
        "tw-fsc",
        "tw-fsc/notice-before-agency",
        "PB403",
        {"kind": "assignment", "actions": ["agency"], "wait_days": 0},
        "error",
    ),
    (
        "tw-fsc",
        "tw-fsc/no-threats",
        "PB501",
        {"categories": [*THREATS, "false-legal-threat"], "languages": ["zh", "en"]},
        "error",
    ),
    ("tw-fsc", "baseline/visit-after-summons", "PB301", {}, "warning"),
    ("tw-fsc", "baseline/lawsuit-after-90-days", "PB302", {}, "warning"),
]


def _plain(value: Any) -> Any:
    """A parameter value as the table writes it (lists compared as sets)."""
    if isinstance(value, Window | HourRange | Rate | NoticeTrigger):
        return value.text
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return sorted(str(_plain(v)) for v in value)
    return value


def test_the_bundled_rulesets_are_the_contracted_ones() -> None:
    assert set(bundled_ruleset_ids()) == set(BUNDLED)
    assert bundled_ruleset_ids()[0] == "baseline"
    assert all(is_bundled(i) for i in BUNDLED)
    assert not is_bundled("us-regff")


@pytest.mark.parametrize(("ruleset_id", "rule_id", "code", "params", "severity"), EXPECTED)
def test_bundled_rule_has_the_contracted_numbers(
    ruleset_id: str, rule_id: str, code: str, params: dict[str, Any], severity: str | None
) -> None:
    rule = load_ruleset(ruleset_id).rule(rule_id)
    assert rule is not None, f"{ruleset_id} has no rule {rule_id}"
    assert rule.id == rule_id
    assert rule.check.code == code
    for name, expected in params.items():
        actual = _plain(getattr(rule.params, name))
        want = sorted(str(v) for v in expected) if isinstance(expected, list) else expected
        assert actual == want, f"{rule_id}: {name}"
    if severity is not None:
        assert rule.severity is Severity(severity)


@pytest.mark.parametrize("ruleset_id", BUNDLED)
def test_bundled_ruleset_is_complete_and_cited(ruleset_id: str) -> None:
    ruleset = load_ruleset(ruleset_id)
    assert ruleset.id == ruleset_id == bundled_path(ruleset_id).stem
    assert ruleset.title
    assert ruleset.source
    assert ruleset.rules
    for rule in ruleset.rules:
        assert rule.cite, rule.id
        assert rule.basis is not None, rule.id  # checks.md v2 item 1
        if rule.basis is not Basis.PRACTICE:  # good practice may have no text to point at
            # A rule points at its primary text, or says why it has none (rulesets.md v3).
            assert (rule.url or "").startswith("https://") or rule.source, rule.id
        assert rule.why, rule.id
        assert rule.id == f"{rule.ruleset_id}/{rule.name}"


# Rules whose severity departs from their basis on purpose, and why.
SEVERITY_BY_DESIGN = {
    # 不得 (must not): a prohibition in a recommended standard (rulesets.md v2).
    "cn-gbt45251/no-disclosure-to-contacts": "error",
    # The same 不得 covers a post shown to the public (rulesets.md v3: `post` forbidden).
    "cn-gbt45251/no-public-posts": "error",
    # checks.md v3 item 6: photos, identity documents and contact lists sent to others are
    # an error in every ruleset, the baseline's practice rule included.
    "baseline/no-personal-data-to-others": "error",
}


@pytest.mark.parametrize("ruleset_id", BUNDLED)
def test_severity_follows_the_basis(ruleset_id: str) -> None:
    """checks.md v2 item 1: law is an error; guidance and practice are warnings, or info
    where a jurisdiction ruleset inherits a practice rule."""
    for rule in load_ruleset(ruleset_id).rules:
        assert rule.basis is not None
        expected = SEVERITY_BY_DESIGN.get(rule.id)
        if expected is not None:
            assert rule.severity is Severity(expected), rule.id
        elif rule.basis is Basis.LAW:
            assert rule.severity is Severity.ERROR, rule.id
        elif rule.basis is Basis.GUIDANCE:
            assert rule.severity is Severity.WARNING, rule.id
        else:
            assert rule.severity in (Severity.WARNING, Severity.INFO), rule.id


LADDER = ("baseline/visit-after-summons", "baseline/lawsuit-after-90-days")


@pytest.mark.parametrize("ruleset_id", [i for i in BUNDLED if i != "baseline"])
def test_every_jurisdiction_extends_baseline_and_decides_the_ladder(ruleset_id: str) -> None:
    """rulesets.md v2: the ladder rules are disabled or at info, each with its own why;
    tw-fsc keeps them as practice warnings."""
    ruleset = load_ruleset(ruleset_id)
    assert "baseline" in ruleset.ancestors
    text = bundled_path(ruleset_id).read_text(encoding="utf-8")
    for rule_id in LADDER:
        rule = ruleset.rule(rule_id.split("/")[1])
        if ruleset_id == "tw-fsc":
            assert rule is not None
            assert rule.severity is Severity.WARNING
            continue
        if rule is not None:
            assert rule.severity is Severity.INFO, rule_id
        assert rule is None or rule.why != load_ruleset("baseline").rule(rule_id).why
    if ruleset_id not in ("tw-fsc", "us-ma", "cn-cba2026"):  # those inherit the decision
        assert "visit-after-summons:" in text
        assert "lawsuit-after-90-days:" in text


def test_every_check_family_is_used_by_some_bundled_ruleset() -> None:
    codes = {rule.check.code for i in BUNDLED for rule in load_ruleset(i).rules}
    expected = {"PB101", "PB102", "PB103", "PB201", "PB202", "PB301", "PB302", "PB303", "PB304"}
    expected |= {"PB305", "PB401", "PB402", "PB403", "PB501", "PB502", "PB503", "PB601"}
    expected |= {"PB602", "PB701"}
    assert expected <= codes


# --------------------------------------------------------------------------- extends


def test_company_ruleset_tightens_a_number_and_cites_itself_honestly() -> None:
    acme = load_ruleset(str(FIXTURES / "acme.yaml"))
    assert acme.id == "acme"
    assert acme.extends == ("baseline", "us-regf")
    assert acme.ancestors == frozenset({"us-regf", "baseline"})

    calls = acme.rule("call-frequency")
    assert calls is not None
    assert calls.id == "acme/call-frequency"
    assert calls.params.max == 5
    assert calls.params.window.text == "7 days"  # inherited, not restated
    assert [c.value for c in calls.params.channels] == ["call"]
    # checks.md v2 item 5: the number is ACME's, the law it refines is named.
    assert calls.cite == "house policy acme, based on 12 CFR 1006.14(b)(2)(i)(A)"
    assert "1006.14" in (calls.url or "")
    assert calls.severity is Severity.ERROR
    assert calls.why == "Company policy is stricter than the federal 7 in 7."
    assert acme.rule("us-regf/call-frequency") is None


def test_disabled_drops_an_inherited_rule() -> None:
    acme = load_ruleset(str(FIXTURES / "acme.yaml"))
    assert acme.rule("location-contact-once") is None
    assert load_ruleset("us-regf").rule("location-contact-once") is not None


def test_an_inherited_rule_can_be_addressed_by_its_full_id() -> None:
    acme = load_ruleset(str(FIXTURES / "acme.yaml"))
    lawsuit = acme.rule("lawsuit-after-90-days")
    assert lawsuit is not None
    assert lawsuit.id == "acme/lawsuit-after-90-days"
    assert lawsuit.params.min_day == 120
    assert lawsuit.severity is Severity.ERROR


def test_inherited_rules_keep_their_own_ids_and_new_rules_take_a_check_name() -> None:
    acme = load_ruleset(str(FIXTURES / "acme.yaml"))
    ids = {rule.id for rule in acme.rules}
    assert {
        "baseline/contact-before-escalation",
        "us-regf/no-threats",
        "us-regf/inconvenient-hours",
    } <= ids
    assert "baseline/no-threats" not in ids  # us-regf, extended after baseline, replaced it
    own = acme.rule("no-third-party-calls")
    assert own is not None
    assert own.check.code == "PB601"
    assert [t.value for t in own.params.targets] == ["family", "employer"]


def test_us_ma_overlays_us_regf() -> None:
    us_ma = load_ruleset("us-ma")
    assert us_ma.extends == ("us-regf",)
    assert {r.id for r in load_ruleset("us-regf").rules} < {r.id for r in us_ma.rules}


def test_extends_cycle_is_an_error_at_the_extends_entry() -> None:
    with pytest.raises(RulesetError) as caught:
        load_ruleset(str(FIXTURES / "cycle-a.yaml"))
    error = caught.value
    assert "extends cycle" in error.message
    assert error.key == "extends"
    assert error.path is not None
    assert error.path.name == "cycle-b.yaml"
    assert (error.line, error.column) == (4, 5)


# --------------------------------------------------------------------------- selection


def test_no_ruleset_named_means_baseline() -> None:
    assert [r.id for r in resolve_rulesets([])] == ["baseline"]


def test_resolve_keeps_order_and_drops_duplicates() -> None:
    names = ["uk-cca", "us-regf", "uk-cca"]
    assert [r.id for r in resolve_rulesets(names)] == ["uk-cca", "us-regf"]


def test_bundled_loads_are_cached() -> None:
    assert load_ruleset("us-regf") is load_ruleset("us-regf")


def test_active_rules_skip_a_parent_that_a_child_already_carries() -> None:
    # cn-gbt45251 extends baseline and replaces its no-threats rule.
    rules = active_rules(resolve_rulesets(["baseline", "cn-gbt45251"]))
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    assert "baseline/no-threats" not in ids
    assert "cn-gbt45251/no-threats" in ids
    assert "baseline/contact-before-escalation" in ids


def test_unknown_ruleset_id_suggests_the_closest() -> None:
    with pytest.raises(RulesetError) as caught:
        load_ruleset("us-regff")
    assert "unknown ruleset 'us-regff'; did you mean 'us-regf'?" in str(caught.value)
    assert caught.value.path is None


def test_missing_ruleset_file_is_an_error() -> None:
    with pytest.raises(RulesetError, match="not found"):
        load_ruleset("no/such/policy.yaml")


# --------------------------------------------------------------------------- invalid files

INVALID: list[tuple[str, str, tuple[int, int], str | None, str]] = [
    (
        "unknown check",
        """\
        id: acme
        rules:
          calls:
            check: PB109
            max: 7
        """,
        (4, 12),
        "check",
        "unknown check 'PB109' in rule 'calls'; did you mean 'PB10",
    ),
    (
        "unknown parameter with a suggestion",
        """\
        id: acme
        rules:
          call-frequency:
            check: PB101
            maxx: 7
            window: 7 days
        """,
        (5, 5),
        "maxx",
        "unknown parameter 'maxx' for rule 'call-frequency' (check PB101); did you mean 'max'?",
    ),
    (
        "wrong type",
        """\
        id: acme
        rules:
          call-frequency:
            check: contact-frequency
            max: seven
            window: 7 days
        """,
        (5, 10),
        "max",
        "invalid value 'seven' for parameter 'max' of rule 'call-frequency' (check PB101)",
    ),
    (
        "bad window text",
        """\
        id: acme
        rules:
          call-frequency:
            check: PB101
            max: 7
            window: 7 dayz
        """,
        (6, 13),
        "window",
        "invalid window '7 dayz'",
    ),
    (
        "unknown extends",
        """\
        id: acme
        extends: [us-regff]
        rules: {}
        """,
        (2, 11),
        "extends",
        "extends unknown ruleset 'us-regff'; did you mean 'us-regf'?",
    ),
    (
        "missing required parameter",
        """\
        id: acme
        rules:
          call-frequency:
            check: PB101
            window: 7 days
        """,
        (3, 3),
        "max",
        "missing required parameter 'max' for rule 'call-frequency' (check PB101)",
    ),
    (
        "bad severity",
        """\
        id: acme
        rules:
          calls:
            check: PB102
            days: 7
            severity: fatal
        """,
        (6, 15),
        "severity",
        "invalid severity 'fatal'",
    ),
    (
        "unknown top-level key",
        """\
        id: acme
        rule:
          calls: {check: PB102, days: 7}
        """,
        (2, 1),
        "rule",
        "unknown key 'rule'; did you mean 'rules'?",
    ),
    (
        "unknown channel",
        """\
        id: acme
        rules:
          calls:
            check: PB102
            days: 7
            channels: [call, smss]
        """,
        (6, 22),
        "channels",
        "unknown channel or class 'smss' for parameter 'channels' of rule 'calls' (check PB102); "
        "did you mean 'sms'?",
    ),
    (
        "unknown event",
        """\
        id: acme
        rules:
          on-payment:
            check: PB701
            event: payment_recieved
            must: stop
        """,
        (5, 12),
        "event",
        "unknown event 'payment_recieved' for parameter 'event' of rule 'on-payment' "
        "(check PB701); did you mean 'payment_received'?",
    ),
    (
        "unknown notice kind",
        """\
        id: acme
        rules:
          notice:
            check: PB401
            kind: validaton
        """,
        (5, 11),
        "kind",
        "unknown notice kind 'validaton' for parameter 'kind' of rule 'notice' (check PB401); "
        "did you mean 'validation'?",
    ),
    (
        "bad hours",
        """\
        id: acme
        rules:
          hours:
            check: PB201
            weekdays: 21:00-08:00
            weekends: 08:00-21:00
        """,
        (5, 15),
        "weekdays",
        "invalid hours '21:00-08:00'",
    ),
    (
        "bad trigger",
        """\
        id: acme
        rules:
          late:
            check: PB402
            kind: arrears
            within_days: 14
            after: first_contat
        """,
        (7, 12),
        "after",
        "did you mean 'first_contact'?",
    ),
    (
        "unknown phrase category",
        """\
        id: acme
        rules:
          threats:
            check: PB501
            categories: [violense]
        """,
        (5, 18),
        "categories",
        "unknown phrase category 'violense' for parameter 'categories' of rule 'threats' "
        "(check PB501); did you mean 'violence'?",
    ),
    (
        "a phrase too short to match",
        """\
        id: acme
        rules:
          words:
            check: PB501
            phrases:
              slurs: [deadbeat, a]
        """,
        (6, 25),
        "phrases",
        "'a' is too short to match reliably",
    ),
    (
        "duplicate rule",
        """\
        id: acme
        rules:
          calls: {check: PB102, days: 7}
          calls: {check: PB102, days: 3}
        """,
        (4, 3),
        "calls",
        "duplicate key 'calls'",
    ),
    (
        "disabling a rule that is not inherited",
        """\
        id: acme
        extends: us-regf
        rules:
          call-frequncy:
            disabled: true
        """,
        (4, 3),
        "call-frequncy",
        "no inherited rule has that name; did you mean 'call-frequency'?",
    ),
    (
        "a bundled id",
        """\
        id: us-regf
        rules: {}
        """,
        (1, 5),
        "id",
        "ruleset id 'us-regf' is a bundled ruleset",
    ),
    (
        "structure check",
        """\
        id: acme
        rules:
          syntax:
            check: PB001
        """,
        (4, 12),
        "check",
        "PB001 (syntax-error) is a structure check",
    ),
    (
        "rule without a check",
        """\
        id: acme
        rules:
          calls:
            days: 7
        """,
        (3, 3),
        "calls",
        "rule 'calls' has no 'check'",
    ),
    (
        "not YAML",
        """\
        id: acme
        rules: [unclosed
        """,
        (3, 1),
        None,
        "not valid YAML",
    ),
    (
        "empty file",
        "",
        (1, 1),
        None,
        "the file is empty",
    ),
]


@pytest.mark.parametrize(
    ("text", "position", "key", "message"),
    [case[1:] for case in INVALID],
    ids=[case[0] for case in INVALID],
)
def test_invalid_ruleset_names_file_line_column_and_key(
    tmp_path: Path, text: str, position: tuple[int, int], key: str | None, message: str
) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(RulesetError) as caught:
        load_ruleset(str(path))
    error = caught.value
    assert message in error.message
    assert error.path == path
    assert (error.line, error.column) == position
    assert error.key == key
    assert str(error).endswith(f":{position[0]}:{position[1]}: invalid ruleset: {error.message}")


def test_error_text_matches_the_contract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rulesets").mkdir()
    path = tmp_path / "rulesets" / "x.yaml"
    path.write_text(
        "id: x\nrules:\n  call-frequency:\n    check: PB101\n    window: 7 days\n    maxx: 7\n",
        encoding="utf-8",
    )
    with pytest.raises(RulesetError) as caught:
        load_ruleset("rulesets/x.yaml")
    assert str(caught.value) == (
        "rulesets/x.yaml:6:5: invalid ruleset: unknown parameter 'maxx' for rule "
        "'call-frequency' (check PB101); did you mean 'max'?"
    )


# --------------------------------------------------------------------------- values


def test_all_means_every_contact_channel_and_for_handlers_every_channel(tmp_path: Path) -> None:
    path = tmp_path / "all.yaml"
    path.write_text(
        "rules:\n"
        "  hours: {check: PB201, channels: all, weekdays: '08:00-21:00', weekends: 08:00-24:00}\n"
        "  stop: {check: PB701, event: opt_out, must: stop, channels: all}\n"
        "  kin: {check: PB601, targets: all, channels: call}\n",
        encoding="utf-8",
    )
    ruleset = load_ruleset(str(path))
    assert ruleset.id == "all"  # no id: the file name
    hours, stop, kin = ruleset.rules
    assert [c.value for c in hours.params.channels] == CONTACT
    assert hours.params.weekends.end == 24 * 60
    assert stop.params.channels == ()
    assert len(kin.params.targets) == len(Target)  # estate (language v3) included
    assert [c.value for c in kin.params.channels] == ["call"]


def test_company_phrases_map_categories_to_lists(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(
        "id: acme\nrules:\n  words:\n    check: PB501\n    languages: [en]\n"
        "    phrases:\n      slurs: [deadbeat, freeloader]\n      own: single\n",
        encoding="utf-8",
    )
    rule = load_ruleset(str(path)).rules[0]
    assert rule.params.phrases == (("slurs", ("deadbeat", "freeloader")), ("own", ("single",)))
    assert rule.params.categories == ()


@pytest.mark.parametrize(
    ("text", "minutes", "normal"),
    [
        ("1 hour", 60, "1 hour"),
        ("1 day", 1440, "1 day"),
        ("7 days", 7 * 1440, "7 days"),
        ("30 days", 30 * 1440, "30 days"),
        ("2 weeks", 14 * 1440, "2 weeks"),
        ("1 week", 7 * 1440, "1 week"),
        ("1 month", 30 * 1440, "1 month"),
    ],
)
def test_window_text(text: str, minutes: int, normal: str) -> None:
    window = parse_window(text)
    assert window is not None
    assert (window.minutes, window.text) == (minutes, normal)


@pytest.mark.parametrize("text", ["0 days", "7", "days", "7 fortnights", "-1 day"])
def test_bad_window_text(text: str) -> None:
    assert parse_window(text) is None


def test_hour_ranges() -> None:
    hours = parse_hour_range("07:30-21:00")
    assert hours is not None
    assert (hours.start, hours.end, hours.text) == (450, 1260, "07:30-21:00")
    whole = parse_hour_range("8:00-24:00")
    assert whole is not None
    assert whole.text == "08:00-24:00"
    for bad in ("21:00-08:00", "08:00-24:30", "25:00-26:00", "08:60-09:00", "8-21"):
        assert parse_hour_range(bad) is None, bad


def test_rates_and_triggers() -> None:
    rate = parse_rate("6 per day")
    assert rate is not None
    assert (rate.count, rate.per.value) == (6, "day")
    assert parse_rate("0 per day") is None
    trigger = parse_trigger("missed_payments 2")
    assert trigger is not None
    assert (trigger.kind.value, trigger.number) == ("missed_payments", 2)
    day = parse_trigger("day 30")
    assert day is not None
    assert day.number == 30
    assert parse_trigger("missed_payments 0") is None
    assert parse_trigger("first contact") is None


def test_a_rule_of_the_same_name_with_another_check_starts_afresh(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(
        "id: acme\nextends: baseline\nrules:\n"
        "  no-threats:\n    check: missing-disclosure\n    channels: [sms]\n    any_of: [STOP]\n",
        encoding="utf-8",
    )
    ruleset = load_ruleset(str(path))
    rule = ruleset.rule("no-threats")
    assert rule is not None
    assert rule.id == "acme/no-threats"
    assert rule.check.code == "PB502"
    assert rule.cite is None  # nothing inherited from the PB501 rule it replaced
    assert rule.severity is rule.check.severity
    assert [r.name for r in ruleset.rules].count("no-threats") == 1


def test_a_bundled_file_named_by_path_is_that_ruleset() -> None:
    assert load_ruleset(str(bundled_path("uk-cca"))).id == "uk-cca"


def test_disabling_by_full_rule_id(tmp_path: Path) -> None:
    path = tmp_path / "quiet.yaml"
    path.write_text(
        "extends: [cn-gbt45251]\nrules:\n  baseline/unbounded-schedule: {disabled: true}\n",
        encoding="utf-8",
    )
    ids = {r.id for r in load_ruleset(str(path)).rules}
    assert "baseline/unbounded-schedule" not in ids
    assert "cn-gbt45251/quiet-hours" in ids


def test_pb304_requires_takes_events_notice_kinds_and_channels(tmp_path: Path) -> None:
    path = tmp_path / "house.yaml"
    path.write_text(
        "id: house\nrules:\n  report-after-contact:\n    check: PB304\n"
        "    requires: [letter, validation, conversation]\n    wait_days: 14\n",
        encoding="utf-8",
    )
    rule = load_ruleset(str(path)).rule("report-after-contact")
    assert rule is not None
    assert rule.params.requires == ("letter", "validation", "conversation")
    path.write_text(path.read_text().replace("letter,", "leter,"), encoding="utf-8")
    with pytest.raises(RulesetError, match="did you mean 'letter'"):
        load_ruleset(str(path))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("    basis: lawful\n", "invalid basis 'lawful' for rule 'r'; did you mean 'law'?"),
        ("    when: {instalment: [weekly]}\n", "unknown key 'instalment' in 'when' of rule 'r'"),
        ("    when: {instalments: [weekley]}\n", "unknown instalments 'weekley'"),
    ],
)
def test_basis_and_when_errors_name_the_file_and_key(
    tmp_path: Path, body: str, message: str
) -> None:
    path = tmp_path / "house.yaml"
    path.write_text(
        "id: house\nrules:\n  r:\n    check: PB101\n    max: 3\n    window: 7 days\n" + body,
        encoding="utf-8",
    )
    with pytest.raises(RulesetError) as caught:
        load_ruleset(str(path))
    assert message in str(caught.value)
    assert caught.value.line == 7


def test_a_basis_sets_the_default_severity(tmp_path: Path) -> None:
    path = tmp_path / "house.yaml"
    path.write_text(
        "id: house\nrules:\n  r:\n    check: PB101\n    basis: law\n    max: 3\n"
        "    window: 7 days\n  g:\n    check: PB101\n    basis: guidance\n    max: 3\n"
        "    window: 7 days\n",
        encoding="utf-8",
    )
    ruleset = load_ruleset(str(path))
    assert [(r.name, r.severity) for r in ruleset.rules] == [
        ("r", Severity.ERROR),
        ("g", Severity.WARNING),
    ]
