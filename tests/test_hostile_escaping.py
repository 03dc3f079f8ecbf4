"""Issue 15 item 2: nothing from a linted file (message, code frame, file name,
``--stdin-filename``) forges an output line or reaches the terminal as a control sequence,
in any format."""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_samples import BAD_PLAYBOOK

from playbook_lint.cli import main
from playbook_lint.output import FORMATS
from playbook_lint.output.escape import visible

HOSTILE = Path(__file__).parent / "hostile"
# What a forged line would look like, and the control characters that must never pass.
FORGED = ("All checks passed", "::error file=x", "Found 0")
CONTROLS = [chr(c) for c in (*range(0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))]
CONTROLS += ["\u2028", "\u2029", "\u202e"]
EVIL_NAME = "evil\nAll checks passed (1 file).\n\x1b[2J.playbook"


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("forged-zone.playbook.yaml", "forged-frame.playbook"):
        shutil.copy(HOSTILE / name, tmp_path / name)
    (tmp_path / EVIL_NAME).write_text(BAD_PLAYBOOK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _output(*args: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(main, ["check", *args], input=stdin)
    assert result.exit_code == 1, result.output
    return result.stdout


def _assert_nothing_forged(text: str, structural_newlines: bool = True) -> None:
    body = text.replace("\n", "") if structural_newlines else text
    for char in CONTROLS:
        assert char not in body, f"raw {char!r} in the output"
    for line in text.splitlines():
        assert not line.startswith(FORGED), f"forged line: {line!r}"


@pytest.mark.parametrize("name", ["concise", "full", "github", "junit"])
def test_text_and_xml_formats_escape_file_values(hostile: Path, name: str) -> None:
    out = _output("--format", name, ".")
    _assert_nothing_forged(out)
    assert "Mars\\nAll checks passed" in out
    assert "evil\\nAll checks passed (1 file).\\n\\x1b[2J.playbook" in out
    if name == "full":
        assert "# \\x1b]0;pwned\\x07 \\u202e\\x1b[2J" in out  # the code frame, escaped
    if name == "junit":
        ET.fromstring(out)


@pytest.mark.parametrize("name", ["json", "jsonl", "sarif", "gitlab"])
def test_json_formats_are_valid_and_carry_no_control_characters(hostile: Path, name: str) -> None:
    out = _output("--format", name, ".")
    documents = [json.loads(line) for line in out.splitlines()] if name == "jsonl" else [out]
    if name != "jsonl":
        json.loads(out)
    for document in documents:
        _assert_nothing_forged(json.dumps(document, ensure_ascii=False))


def test_stdin_filename_is_escaped(hostile: Path) -> None:
    out = _output(
        "--format", "concise", "--stdin-filename", "x\n\x1b[2J.playbook", "-", stdin=BAD_PLAYBOOK
    )
    _assert_nothing_forged(out)
    assert out.startswith("x\\n\\x1b[2J.playbook:")


def test_every_format_survives_an_undecodable_file_name(tmp_path: Path) -> None:
    # A name with a byte that is not UTF-8: os gives it back as a lone surrogate.
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"bad\xff.playbook"), "wb") as handle:
        handle.write(BAD_PLAYBOOK.encode())
    for name in FORMATS:
        result = CliRunner().invoke(main, ["check", "--format", name, str(tmp_path)])
        assert result.exit_code == 1, (name, result.output, result.exception)
        # The byte shown as \xff (JSON doubles the backslash, SARIF's URI encodes it).
        assert re.search(r"bad(\\|\\\\|%5C)xff\.playbook", result.stdout), name


def test_visible_shows_every_unsafe_character_and_keeps_the_rest() -> None:
    assert visible("a\nb\r\t\x1b[2J\x9b\u202e\udcff") == "a\\nb\\r\\t\\x1b[2J\\x9b\\u202e\\xff"
    assert visible("Zahlung fällig – 支払い") == "Zahlung fällig – 支払い"
