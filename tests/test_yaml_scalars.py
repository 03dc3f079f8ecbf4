"""Every character of a YAML scalar's value maps back to the character that wrote it.

For each scalar the positions from ``parse_yaml`` are checked character by character
against the source: a character written as itself points at itself, an escape at its
backslash, ``''`` at its first quote, and a folded or kept line break at a line break.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from playbook_lint.cli import main
from playbook_lint.model import Position
from playbook_lint.syntax.yaml_nodes import YamlProblem, compose
from playbook_lint.syntax.yaml_scalars import BREAKS, scalar_offsets
from playbook_lint.syntax.yaml_source import Source

_ESCAPED = {
    "0": "\0",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "\\": "\\",
    "/": "/",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}


def _scalars(node: Node | None) -> Iterator[ScalarNode]:
    if isinstance(node, ScalarNode):
        yield node
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield from _scalars(key)
            yield from _scalars(value)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from _scalars(item)


def _offset(text: str, position: Position) -> int:
    """The offset of a 1-based line and column (lines end at ``\\n``, as in the linter)."""
    starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
    return starts[position.line - 1] + position.column - 1


def _written_as(text: str, offset: int, char: str, style: str | None) -> bool:
    """Whether the source at ``offset`` is a way of writing ``char`` in this style."""
    here = text[offset]
    if here == char and not (style == '"' and here == "\\"):
        return here != "'" or style != "'" or text[offset + 1] == "'"
    if style == '"' and here == "\\":
        code = text[offset + 1]
        if code in _ESCAPED:
            return _ESCAPED[code] == char
        width = {"x": 2, "u": 4, "U": 8}.get(code, 0)
        return width > 0 and chr(int(text[offset + 2 : offset + 2 + width], 16)) == char
    if here in BREAKS:
        # A folded break is a space; a kept one is itself, with \r\n, \r and \x85 as \n.
        return char in (" ", "\n") if here in "\r\n\x85" else char in (" ", here)
    return False


def _written_length(text: str, offset: int, char: str, style: str | None) -> int:
    """How many source characters write ``char`` at ``offset``; 0 for line breaks and for
    spaces in ``>`` scalars (replacing those refolds the lines: no clean test)."""
    here = text[offset]
    if style == '"' and here == "\\":
        code = text[offset + 1]
        return 0 if code in BREAKS else 2 + {"x": 2, "u": 4, "U": 8}.get(code, 0)
    if style == "'" and here == "'":
        return 2
    if here in BREAKS or (style == ">" and here in " \t"):
        return 0
    return 1


def _mutated(text: str, number: int, offset: int, length: int, char: str) -> tuple[str, str]:
    """Overwrite the source of one value character; the scalar's value as read back, and
    the replacement."""
    replacement = "Y" if char == "Z" else "Z"
    changed = text[:offset] + replacement + text[offset + length :]
    try:
        nodes = list(_scalars(compose(changed)))
    except (yaml.YAMLError, YamlProblem) as error:
        raise AssertionError(
            f"overwriting {text[offset : offset + length]!r} broke the YAML"
        ) from error
    return nodes[number].value, replacement


def assert_exact(text: str) -> int:
    """Check every scalar of ``text``; returns how many characters were checked.

    Two checks per character: the source at its position can write it (an escape, a
    doubled quote, a line break for a folded space …), and, where that is a single
    non-space character or an escape, overwriting exactly that source with another letter
    changes exactly that character of the value.
    """
    source = Source(text)
    checked = 0
    for number, node in enumerate(_scalars(compose(text))):
        start, end = node.start_mark.index, node.end_mark.index
        offsets = scalar_offsets(text, start, end, node.style, node.value)
        assert offsets is not None, (node.style, node.value)
        positions = source.char_positions(node)
        assert len(positions) == len(node.value) + 1
        found = [_offset(text, p) for p in positions]
        assert found[:-1] == sorted(set(found[:-1])), "positions go forward"
        for index, char in enumerate(node.value):
            at = found[index]
            where = f"{node.value!r}[{index}] = {char!r} at {text[at : at + 6]!r}"
            assert start <= at < end, where
            assert _written_as(text, at, char, node.style), where
            length = _written_length(text, at, char, node.style)
            if length:
                value, replacement = _mutated(text, number, at, length, char)
                expected = node.value[:index] + replacement + node.value[index + 1 :]
                assert value == expected, where
            checked += 1
        assert start <= found[-1] <= end
    return checked


CASES = {
    "plain one line": "k: hello world\n",
    "plain multi-line": "k: first line\n  second   line\n\n  third\n\n\n  fourth\nz: 1\n",
    "plain in a sequence": "- call daily between 09:00\n  and 20:00\n    max 2 per day\n",
    "plain in flow": "k: {a: one\n    two, b: [x\n  y, z]}\n",
    "plain key": "? complex\n  key\n: v\n",
    "plain trailing spaces": "k: a a   \n  a a  \n\n  a\n",
    "plain with CRLF": "k: one\r\n  two\r\n\r\n  three\r\n",
    "double simple": 'k: "call daily"\n',
    "double escapes": 'k: "say \\"hi\\"\\n\\t\\\\ \\u4e2d\\x41\\U0001F600 \\/\\_\\e\\0 end"\n',
    "double continuation": 'k: "sms daily \\\n  at 10:00 \\\n\n  max 1"\n',
    "double multi-line": 'k: "one\n  two  \n\n\n    three\t\n four"\n',
    "double escaped break keeps spaces": 'k: "a\\\n   \\ b"\n',
    "double unicode line separators": 'k: "a\u2028  b\u2029c"\n',
    "double trailing spaces": 'k: "a a  \n  a\t \n\n a"\n',
    "double CRLF": 'k: "one\r\n  two\r\n\r\n  three"\r\n',
    "single simple": "k: 'call daily'\n",
    "single doubled quote": "k: 'it''s ''quoted'' \\ \"x\"'\n",
    "single multi-line": "k: 'it''s\n   fine\n\n  ok  \n  then'\n",
    "literal": "k: |\n  first line\n    indented\n\n  last\n",
    "literal strip": "k: |-\n  one\n  two\n\n",
    "literal keep": "k: |+\n  one\n\n\n",
    "literal explicit indent": "a:\n  k: |2\n      deeper\n    base\n",
    "literal explicit indent and chomp": "a:\n  - |1-\n     x\n    y\n\n",
    "literal chomp then indent": "k: |+2\n    x\n\n",
    "literal header comment": "k: |  # a comment\n  text here\n",
    "literal leading empty lines": "k: |\n\n\n  after blanks\n",
    "literal CRLF": "k: |\r\n  one\r\n  two\r\n",
    "top-level literal": "|2\n  x\n   y\n",
    "folded": "k: >\n  Hello {name},\n  pay now.\n\n  Thanks.\n",
    "folded more-indented": "k: >\n  a\n  b\n    code\n    more\n  c\n\n\n  d\n",
    "folded strip": "k: >-\n  one\n  two\n",
    "folded keep": "k: >+\n  one\n  two\n\n\n",
    "folded explicit indent": "k: >2\n    lead\n   b\n",
    "folded CRLF": "k: >\r\n  one\r\n  two\r\n\r\n  three\r\n",
    "tagged and anchored": "a: !!str 'x''y'\nb: &b \"p\\nq\"\nc: !!str >\n  folded\n  text\n",
    "tag on the line before": 'k: !!str\n  "q\\tr"\n',
    "empty values": "a: ''\nb: \"\"\nc: |\nd: >-\n\ne:\n",
    "chinese": 'k: "請\\u4e2d 文\n  字"\nm: >\n  中文\n  字\n',
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_every_character_points_at_itself(text: str) -> None:
    assert_exact(text)


def test_the_end_position_follows_the_text() -> None:
    text = 'k: "ab\\n"\nm: |\n  xy\n'
    root = compose(text)
    first, second = (n for n in _scalars(root) if n.value not in ("k", "m"))
    assert Source(text).char_positions(first)[-1] == Position(1, 9)  # the closing quote
    assert Source(text).char_positions(second)[-1] == Position(4, 1)  # after the break


# --------------------------------------------------------------------------- round trips

_ALPHABET = st.sampled_from(
    [
        *"abc xyz",
        *("  ", "\n", "\n\n", "\t", '"', "'", "\\", "#", ":", "-", "中", "é"),
        *("\x85", "\u2028", "\xa0", "\x07", "\U0001f600", ": ", " #", "{", ","),
    ]
)
_STYLES = [None, "'", '"', "|", ">"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    value=st.lists(_ALPHABET, max_size=30).map("".join),
    style=st.sampled_from(_STYLES),
    width=st.integers(min_value=8, max_value=60),
    nested=st.booleans(),
    unicode=st.booleans(),
    crlf=st.booleans(),
)
def test_dumped_strings_round_trip(
    value: str, style: str | None, width: int, nested: bool, unicode: bool, crlf: bool
) -> None:
    data: object = {"outer": {"key": [value, "tail"]}} if nested else {"key": value}
    text = yaml.safe_dump(
        data,
        default_style=style,  # type: ignore[arg-type]
        width=width,
        allow_unicode=unicode,
        line_break="\r\n" if crlf else "\n",
    )
    root = compose(text)
    # PyYAML's emitter does not always read back what it wrote (a plain "\x85").
    assume(value in [n.value for n in _scalars(root)])
    assert_exact(text)


# --------------------------------------------------------------------------- end to end

THREATS = (
    "playbook: p\n"
    "stages:\n"
    "  s:\n"
    "    days: 1..3\n"
    "    actions:\n"
    "      - sms daily using quoted\n"
    "      - sms daily using folded\n"
    "templates:\n"
    "  quoted:\n"
    "    channel: sms\n"
    '    text: "Hi {name}, \\"urgent\\" \\u4e2d\\t notice:\n'
    "\n"
    "      pay today or \\\n"
    '      you will be arrested\\n soon"\n'
    "  folded:\n"
    "    channel: sms\n"
    "    text: >\n"
    "      Dear {name},\n"
    "\n"
    "      pay today or you will\n"
    "      be arrested tomorrow.\n"
)


def test_threats_inside_escaped_and_folded_templates_are_reported_exactly(
    tmp_path: Path,
) -> None:
    path = tmp_path / "threats.playbook.yaml"
    path.write_text(THREATS, encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["check", "--isolated", "--ruleset", "baseline", "--format", "json", str(path)],
    )
    found = [
        (f["line"], f["column"], f["end_line"], f["end_column"])
        for f in json.loads(result.stdout)
        if f["code"] == "PB501" and "you will be arrested" in f["message"]
    ]
    lines = THREATS.split("\n")
    # The phrase starts at the 'y' of "you will be arrested" / "you will\n be arrested".
    quoted_line = next(i for i, t in enumerate(lines, 1) if "you will be arrested" in t)
    folded_line = next(i for i, t in enumerate(lines, 1) if t.endswith("or you will"))
    assert (quoted_line, folded_line) == (14, 20)
    assert found == [
        (14, 7, 14, 27),
        (20, lines[19].index("you will") + 1, 21, lines[20].index("arrested") + 9),
    ]
