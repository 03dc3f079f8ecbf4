"""Run inside a copy of the package whose ``Channel`` has made-up members (see
``test_channel_classes.py``): each made-up channel is the twin of a real one, with the
same classes. For every bundled rule, print whether each channel of a pair is in the
rule's channel lists and on which lines the rule finds something on the same playbook written with
each, as JSON on stdout: ``{made_up: {rule_id: [twin_judged, made_up_judged,
twin_findings, made_up_findings]}}``.

Usage: ``python channel_twins.py MADE_UP=TWIN ...`` with the copy first on PYTHONPATH.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import typing

from playbook_lint.model import Channel
from playbook_lint.rules.kinds import ListOf, field_kinds
from playbook_lint.rules.rulesets import all_bundled_rules, bundled_ruleset_ids
from playbook_lint.run.engine import lint_text


def _playbook(word: str, twin: Channel) -> str:
    """One playbook that gives many rules something to judge: contacts at night, on
    every day, unbounded, to the borrower and to a third party, with a template."""
    if twin.takes_timing:
        actions = (
            f"  {word} to borrower using t daily at 03:00, 12:00, 23:30\n"
            f"  {word} to family using t weekly at 03:00\n"
        )
    elif twin.is_contact:
        actions = (
            f"  {word} to borrower using t every 2 days\n  {word} to family using t on day 5\n"
        )
    else:
        actions = f"  {word} to third_party using t on day 50\n"
    return (
        'playbook "made-up-channel"\n'
        "jurisdiction us-regf\n"
        "timezone America/New_York\n"
        "borrowers in America/New_York, Australia/Sydney\n"
        f'template t {word} "Your payment of {{amount}} is late. Please pay today."\n'
        "stage early days 0..120 {\n"
        f"{actions}"
        "}\n"
        "on payment_received: stop all\n"
    )


def _judges(rule: typing.Any, channel: Channel) -> bool:
    """Whether ``channel`` is in one of the rule's channel lists (an empty list that
    means every channel counts)."""
    kinds = field_kinds(type(rule.params))
    for field in dataclasses.fields(rule.params):
        kind = kinds[field.name]
        value = getattr(rule.params, field.name)
        if not isinstance(kind, ListOf) or getattr(kind.item, "enum", None) is not Channel:
            continue
        if channel in value or (value == () and kind.when_empty == "every channel"):
            return True
    return False


def _findings(text: str, word: str) -> dict[str, list[int]]:
    """Each rule's findings, by line (columns move with the channel word's length)."""
    result = lint_text(text, f"{word}.playbook", bundled_ruleset_ids(), year=2026)
    found: dict[str, list[int]] = {}
    for finding in result.findings:
        if finding.rule:
            found.setdefault(finding.rule, []).append(finding.line)
    return found


def main(pairs: list[str]) -> None:
    report: dict[str, dict[str, list[object]]] = {}
    rules = all_bundled_rules()
    for pair in pairs:
        word, twin_word = pair.split("=")
        made_up, twin = Channel(word), Channel(twin_word)
        twin_found = _findings(_playbook(twin_word, twin), twin_word)
        made_up_found = _findings(_playbook(word, twin), word)
        report[word] = {
            rule.id: [
                _judges(rule, twin),
                _judges(rule, made_up),
                sorted(twin_found.get(rule.id, [])),
                sorted(made_up_found.get(rule.id, [])),
            ]
            for rule in rules
        }
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
