"""`check` in every format on a playbook whose texts and file name hold newlines, CSI and
OSC sequences, bidi controls, `</testcase>` and `"}`: no forged line, no raw control
character, and the structured formats still parse with the values intact."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_lint.cli import main
from playbook_lint.output import FORMATS

NAME = 'x\nAll checks passed!\n\x1b]0;owned\x07"}<testcase name="forged">.playbook.yaml'
TEXT = (
    "Hi {name}\\nAll checks passed!\\n\\u001b[2J we will have you arrested \\u202e "
    '</testcase><testcase name=\\"forged\\"/> \\"} and jailed'
)
PLAYBOOK = f"""\
playbook: p
jurisdiction: us-regf
timezone: America/New_York
templates:
  t:
    channel: letter
    text: "{TEXT}"
stages:
  s:
    days: 1..3
    actions:
      - letter using t on day 1
handlers:
  - on payment_received: stop all
"""
CONTROLS = ["\x1b", "\x07", "\u202e", "\r"]
STRUCTURED = {"json", "sarif", "gitlab"}


@pytest.mark.parametrize("name", FORMATS)
def test_no_format_prints_a_forged_line_or_a_control_character(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(NAME).write_text(PLAYBOOK, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--isolated", "--format", name, "."], color=True)
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "arrested" in out  # the finding that quotes the text is there
    for char in CONTROLS:
        assert char not in out, f"raw {char!r}"
    for line in out.splitlines():
        assert not line.startswith(("All checks passed", "\x1b")), line
    if name in STRUCTURED:
        json.dumps(json.loads(out))
    elif name == "jsonl":
        assert all(json.loads(line) for line in out.splitlines())
    elif name == "junit":
        names = [case.get("name") for case in ET.fromstring(out).iter("testcase")]
        assert names
        assert "forged" not in names
