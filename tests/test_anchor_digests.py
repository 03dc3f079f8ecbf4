"""Action anchors are recorded in baselines and behind SARIF and GitLab fingerprints: a
faster way of computing them (issue 24) must give the very strings earlier versions wrote,
or every existing baseline would report each of its findings as new."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook_lint.run.engine import anchor_index
from playbook_lint.syntax.parse import parse_source

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# Written by the version before issue 24's anchor change, for examples/au-lender.
AU_LENDER_ACTIONS = {
    "stage:arrears/action:call:7572639d5cd9",
    "stage:arrears/action:email:26e701bbe53f",
    "stage:arrears/action:letter:0cebb83777e2",
    "stage:arrears/action:sms:7e1f409aa7d0",
    "stage:early/action:call:cc6634dcfd98",
    "stage:early/action:email:cb11f74a87e2",
    "stage:early/action:letter:2b6fb1d332dc",
    "stage:early/action:sms:2636831bee26",
    "stage:legal/action:call:3cf1c92637c7",
    "stage:legal/action:lawsuit:197299a95a7a",
    "stage:legal/action:visit:063d9e62429a",
    "stage:pre_legal/action:call:c92fc2bc5e72",
    "stage:pre_legal/action:email:0fab39231f7a",
    "stage:pre_legal/action:letter:a3a0fac9f4ce",
    "stage:pre_legal/action:sms:d02f23bcde93",
    "stage:reminder/action:sms:d67543228cb9",
}


@pytest.mark.parametrize("name", ["au-lender.playbook", "au-lender.playbook.yaml"])
def test_action_anchors_are_the_ones_earlier_baselines_recorded(name: str) -> None:
    path = EXAMPLES / name
    playbook = parse_source(path.read_text(encoding="utf-8"), str(path)).playbook
    assert playbook is not None
    anchors = {a for a in anchor_index(playbook).values() if "/action:" in a}
    assert anchors == AU_LENDER_ACTIONS
