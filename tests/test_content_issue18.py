"""Issue 18's listed examples, each in a realistic one-template playbook in both forms: the
misses must fire, the false alarms must stay silent (checks.md v3 items 1-3).

The texts are the issue's own quotations; the playbooks around them are ours.
"""

from __future__ import annotations

import json

import pytest

from support import lint_source

# (ruleset, channel, target, text, the check that must report it)
MISSES = [
    ("us-regf", "letter", "borrower", "Final Notice Before Arrest", "PB501"),
    (
        "us-regf",
        "call",
        "borrower",
        "James, if you want to spend the next week at home and not in jail, you will give "
        "me your bank account number right now!",
        "PB501",
    ),
    (
        "us-regf",
        "call",
        "borrower",
        "This is the Civil Investigations Unit. There is a complaint being filed against you.",
        "PB501",
    ),
    (
        "us-regf",
        "call",
        "borrower",
        "I have been retained to serve these documents at your residence or place of business.",
        "PB501",
    ),
    (
        "us-regf",
        "call",
        "borrower",
        "If you do not pay today we will garnish your wages and take your house.",
        "PB501",
    ),
    ("tw-fsc", "call", "borrower", "這裡是台北地檢署，請配合調查。", "PB501"),
    ("tw-fsc", "sms", "borrower", "我要讓你家破人亡", "PB501"),
    ("cn-gbt45251", "sms", "borrower", "小心家人出事", "PB501"),
    (
        "id-ojk",
        "sms",
        "borrower",
        "Jika tidak bayar hari ini, kami akan menyebarkan data dan foto Anda ke seluruh kontak.",
        "PB501",
    ),
    ("ph-sec", "sms", "borrower", "May warrant ka na bukas.", "PB501"),
    ("ph-sec", "sms", "borrower", "Ipapadala namin sa HR ninyo ang utang mo.", "PB501"),
    (
        "in-rbi",
        "call",
        "borrower",
        "अगर आज भुगतान नहीं किया तो मैं आपके दोस्तों और रिश्तेदारों को कॉल करने जा रहा हूं।",
        "PB501",
    ),
    (
        "id-ojk",
        "im",
        "third_party",
        "Mohon disampaikan kepada beliau untuk segera lakukan pembayaran hari ini.",
        "PB503",
    ),
]

# (ruleset, channel, target, text): lawful, nothing from the word checks.
SILENT = [
    (
        "id-ojk",
        "sms",
        "borrower",
        "Tagihan Anda jatuh tempo hari ini. Silakan membayar melalui aplikasi atau "
        "menghubungi kantor cabang terdekat.",
    ),
    ("us-regf", "letter", "borrower", "No one from our company will ever visit your workplace."),
    (
        "us-regf",
        "call",
        "third_party",
        "Hi, this is Jane from Acme. Please ask Sam to call us back at 555-0100.",
    ),
]

WORD_CHECKS = {"PB501", "PB503", "PB507"}


def _dsl(channel: str, target: str, text: str) -> str:
    after = " after unreachable" if target != "borrower" else ""
    at = "" if channel == "letter" else " at 11:00"
    return (
        'playbook "issue-18"\n'
        "timezone UTC\n"
        f"template message {channel} {json.dumps(text, ensure_ascii=False)}\n"
        "stage late days 1..60 {\n"
        f"  {channel} to {target} using message on day 31{at}{after}\n"
        "}\n"
    )


def _yaml(channel: str, target: str, text: str) -> str:
    after = " after unreachable" if target != "borrower" else ""
    at = "" if channel == "letter" else " at 11:00"
    return (
        "playbook: issue-18\n"
        "timezone: UTC\n"
        "templates:\n"
        f"  message: {{channel: {channel}, text: {json.dumps(text, ensure_ascii=False)}}}\n"
        "stages:\n"
        "  late:\n"
        "    days: 1..60\n"
        "    actions:\n"
        f'      - "{channel} to {target} using message on day 31{at}{after}"\n'
    )


FORMS = {"dsl": ("t.playbook", _dsl), "yaml": ("t.playbook.yaml", _yaml)}


def _codes(form: str, ruleset: str, channel: str, target: str, text: str) -> set[str]:
    name, build = FORMS[form]
    findings = lint_source(build(channel, target, text), name, rulesets=[ruleset])
    assert not [f for f in findings if f.code in {"PB001", "PB002", "PB003", "PB004"}]
    return {f.code for f in findings}


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize(("ruleset", "channel", "target", "text", "code"), MISSES)
def test_a_miss_of_issue_18_is_reported(
    form: str, ruleset: str, channel: str, target: str, text: str, code: str
) -> None:
    assert code in _codes(form, ruleset, channel, target, text), text


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize(("ruleset", "channel", "target", "text"), SILENT)
def test_a_false_alarm_of_issue_18_is_silent(
    form: str, ruleset: str, channel: str, target: str, text: str
) -> None:
    assert not _codes(form, ruleset, channel, target, text) & WORD_CHECKS, text
