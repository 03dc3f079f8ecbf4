"""Issue 19 item 5: after a syntax error, one typo is one finding, at its line, with its
hint — in both forms, and under pre-commit too.

Each case breaks a clean playbook one way and pins the whole output of `check` as
pre-commit and CI logs see it (not a terminal: the concise format).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from playbook_lint.cli import main
from playbook_lint.model import Channel
from support import FIXTURES, REPO

DSL = (FIXTURES / "gates" / "apex.playbook").read_text(encoding="utf-8")
YAML = (FIXTURES / "gates" / "apex.playbook.yaml").read_text(encoding="utf-8")
# A credit report after the validation notice + 14 days: a typo on the notice's template
# made PB006 "can never fire: it waits for validation" as well.
NOTICED_DSL = (FIXTURES / "gates" / "fresh.playbook").read_text(encoding="utf-8")
NOTICED_YAML = (FIXTURES / "gates" / "summit.playbook.yaml").read_text(encoding="utf-8")


def _check(tmp_path: Path, files: dict[str, str]) -> str:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", *sorted(files)], catch_exceptions=False)
    assert result.exit_code == 1
    return result.output


def _broken(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


@pytest.fixture(autouse=True)
def _in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


CASES = [
    pytest.param(
        "a.playbook",
        _broken(DSL, "stage early days 1..60 {", "stage early dys 1..60 {"),
        # was also: warning PB009 template 'dunning_letter' is never used (line 8, first)
        "a.playbook:10:13: error PB001 unknown word 'dys'; did you mean 'days'?\n"
        "Found 1 error in 1 of 1 files.\n",
        id="dsl-stage-header-typo-no-unused-template",
    ),
    pytest.param(
        "a.playbook.yaml",
        _broken(YAML, "    days: 1..60", "    dys: 1..60"),
        # was also: stage 'early' has no 'days'
        "a.playbook.yaml:15:5: error PB002 unknown key 'dys'; did you mean 'days'?\n"
        "Found 1 error in 1 of 1 files.\n",
        id="yaml-stage-days-typo-no-unused-template",
    ),
    pytest.param(
        "a.playbook.yaml",
        _broken(YAML, '    text: "This is Apex', '    txt: "This is Apex'),
        # was also: template 'collector_call' has no 'text'; unknown template 'collector_call'
        "a.playbook.yaml:10:5: error PB002 unknown key 'txt'; did you mean 'text'?\n"
        "Found 1 error in 1 of 1 files.\n",
        id="yaml-txt-typo-one-error",
    ),
    pytest.param(
        "a.playbook.yaml",
        _broken(
            YAML,
            "dunning_letter: {channel: letter, notice",
            "dunning_letter: {chanel: letter, notice",
        ),
        "a.playbook.yaml:11:20: error PB002 unknown key 'chanel'; did you mean 'channel'?\n"
        "Found 1 error in 1 of 1 files.\n",
        id="yaml-flow-template-typo-no-unknown-template",
    ),
    pytest.param(
        "a.playbook",
        _broken(DSL, "template collector_call call", "tempalte collector_call call"),
        "a.playbook:7:1: error PB001 unknown word 'tempalte'; did you mean 'template'?\n"
        "Found 1 error in 1 of 1 files.\n",
        id="dsl-template-keyword-typo-no-unknown-template",
    ),
    pytest.param(
        "a.playbook",
        _broken(DSL, "using collector_call daily", "using colector_call daily"),
        # was also: warning PB009 template 'collector_call' is never used; and the hint
        # was only in the full format
        "a.playbook:12:26: error PB003 unknown template 'colector_call'; "
        "did you mean 'collector_call'?\n"
        "Found 1 error in 1 of 1 files.\n",
        id="dsl-misspelt-use-no-unused-template",
    ),
    pytest.param(
        "a.playbook.yaml",
        _broken(YAML, "using collector_call daily", "using colector_call daily"),
        "a.playbook.yaml:18:32: error PB003 unknown template 'colector_call'; "
        "did you mean 'collector_call'?\n"
        "Found 1 error in 1 of 1 files.\n",
        id="yaml-misspelt-use-no-unused-template",
    ),
    pytest.param(
        "a.playbook",
        _broken(NOTICED_DSL, "validation_notice letter notice", "validation_notice leter notice"),
        "a.playbook:11:28: error PB001 unknown channel 'leter'; did you mean 'letter'? "
        f"(expected one of {', '.join(c.value for c in Channel)})\n"
        "Found 1 error in 1 of 1 files.\n",
        id="dsl-notice-template-typo-no-unreachable-action",
    ),
    pytest.param(
        "a.playbook.yaml",
        _broken(NOTICED_YAML, "    notice: validation", "    notise: validation"),
        "a.playbook.yaml:13:5: error PB002 unknown key 'notise'; did you mean 'notice'?\n"
        "Found 1 error in 1 of 1 files.\n",
        id="yaml-notice-key-typo-no-unreachable-action",
    ),
    pytest.param(
        "a.playbook.yaml",
        _broken(YAML, "    channel: call\n", "     channel: call\n"),
        # was: line 10 (the next line), "indented 4 … the line before is indented 5"
        "a.playbook.yaml:9:1: error PB001 YAML indentation: this line is indented 5 spaces, "
        "but the entries it belongs with are indented 4 (as the next line is); indent it 4 "
        "spaces\n"
        "Found 1 error in 1 of 1 files.\n",
        id="yaml-over-indented-key",
    ),
    pytest.param(
        "a.playbook.yaml",
        _broken(YAML, "    channel: call\n", "   channel: call\n"),
        # was: line 10, "a ':' that YAML cannot place"
        "a.playbook.yaml:9:1: error PB001 YAML indentation: this line is indented 3 spaces, "
        "but the entries it belongs with are indented 4 (as the next line is); indent it 4 "
        "spaces\n"
        "Found 1 error in 1 of 1 files.\n",
        id="yaml-under-indented-key",
    ),
    pytest.param(
        "a.playbook.yaml",
        _broken(YAML, "      - letter using", "        - letter using"),
        "a.playbook.yaml:17:1: error PB001 YAML indentation: this line is indented 8 spaces, "
        "but the entries it belongs with are indented 6 (as the next line is); indent it 6 "
        "spaces\n"
        "Found 1 error in 1 of 1 files.\n",
        id="yaml-over-indented-list-item",
    ),
    pytest.param(
        "a.playbook.yaml",
        _broken(YAML, "      - call to borrower", "    - call to borrower"),
        # The second item is the odd one: the error stays on its own line.
        "a.playbook.yaml:18:1: error PB001 YAML indentation: this line is indented 4 spaces, "
        "which lines up with no block above it (the line before is indented 6); indent it "
        "like the entries it belongs with\n"
        "Found 1 error in 1 of 1 files.\n",
        id="yaml-under-indented-second-item-stays",
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES)
def test_one_typo_one_finding(tmp_path: Path, name: str, text: str, expected: str) -> None:
    assert _check(tmp_path, {name: text}) == expected


def test_pre_commit_output_keeps_every_hint_and_one_summary(tmp_path: Path) -> None:
    """pre-commit runs the hook's entry on the changed files, outside a terminal, in one
    process (require_serial): one summary for all of them, every hint on its line."""
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["require_serial"] is True  # batches side by side printed a summary each
    entry = hook["entry"].split()
    assert entry == ["playbook-lint", "check"]
    files = {
        "a.playbook": _broken(
            _broken(DSL, "timezone America/New_York", "timezone America/New_Yrok"),
            "on payment_received: stop all",
            "on payment_recieved: stop all",
        ),
        "b.playbook.yaml": _broken(YAML, "    days: 1..60", "    dys: 1..60"),
    }
    assert _check(tmp_path, files) == (
        "a.playbook:5:10: error PB003 unknown time zone 'America/New_Yrok'; "
        "did you mean 'America/New_York'?\n"
        "a.playbook:15:4: error PB003 unknown event 'payment_recieved'; "
        "did you mean 'payment_received'?\n"
        "b.playbook.yaml:15:5: error PB002 unknown key 'dys'; did you mean 'days'?\n"
        "Found 3 errors in 2 of 2 files.\n"
    )
