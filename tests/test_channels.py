"""Every Channel member through every check family: a channel added without its facts
(plural, article, contact or not) fails here, not as a traceback in a user's run."""

from __future__ import annotations

import dataclasses

import pytest

from playbook_lint.analysis.events import Sent, describe_mark
from playbook_lint.checks import implementation
from playbook_lint.checks.base import Context
from playbook_lint.diagnostics import Diagnostic
from playbook_lint.model import Channel, ChannelClass, Target
from playbook_lint.rules.catalogue import CATALOGUE
from playbook_lint.rules.rulesets import all_bundled_rules, bundled_ruleset_ids
from playbook_lint.run.engine import lint_text
from playbook_lint.syntax.parse import parse_source


def _playbook_text(channel: Channel) -> str:
    if not channel.is_contact:
        action = f"{channel} on day 95"
    elif channel.takes_timing:
        action = f"{channel} to borrower daily between 09:00 and 20:00 max 3 per day"
    else:
        action = f"{channel} to borrower every 2 days"
    return (
        'playbook "every-channel"\n'
        "timezone America/New_York\n"
        "stage only days 1..120 {\n"
        f"  {action}\n"
        "}\n"
        "on cease_requested: stop all\n"
    )


@pytest.mark.parametrize("channel", list(Channel), ids=str)
def test_every_channel_has_its_facts(channel: Channel) -> None:
    facts = channel.facts
    assert (facts.plural and facts.plural != str(channel)) or channel is Channel.SMS
    assert facts.article in ("a", "an")
    assert channel.is_contact is (ChannelClass.CONTACT in facts.classes)
    assert channel.takes_timing is (ChannelClass.TIMED in facts.classes)
    assert not channel.takes_timing or channel.is_contact  # a legal step has no hour
    if channel.is_contact:
        assert describe_mark(Sent(channel, Target.BORROWER)).startswith(f"{facts.article} ")


@pytest.mark.parametrize("channel", list(Channel), ids=str)
def test_every_channel_goes_through_every_check_family(channel: Channel) -> None:
    text = _playbook_text(channel)
    parsed = parse_source(text, "every.playbook")
    assert parsed.playbook is not None, parsed.diagnostics
    context = Context(parsed.playbook)
    families = set()
    for rule in all_bundled_rules():
        variants = [rule.params]
        fields = {f.name for f in dataclasses.fields(rule.params)}
        if "channels" in fields:
            # The rule aimed at this one channel, as a company ruleset may write it.
            variants.append(dataclasses.replace(rule.params, channels=(channel,)))
        for params in variants:
            found = list(implementation(rule.check).run(context, params))
            assert all(isinstance(d, Diagnostic) and d.message for d in found)
        families.add(rule.check.family)
    assert families == {s.family for s in CATALOGUE if not s.always_on}
    # And the whole pipeline, structure checks and every bundled ruleset together.
    result = lint_text(text, "every.playbook", bundled_ruleset_ids())
    assert all(f.message for f in result.findings)
