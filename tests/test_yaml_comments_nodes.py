"""Comments from the composed tree, without a second scan of the file (issue 24 item 2):
for every text it answers, exactly the comments PyYAML's own scanner finds — ``#`` inside
quoted and block scalars is text, a block scalar's header may hold a comment, CRLF and a
BOM move nothing — and it answers for the playbooks people write."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook_lint.syntax.yaml_comments import comments_from_nodes, yaml_comments
from playbook_lint.syntax.yaml_nodes import YamlProblem, compose

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> Iterator[tuple[str, str]]:
    for folder in ("examples", "tests/fixtures", "tests/hostile"):
        for path in sorted((ROOT / folder).rglob("*.y*ml")):
            text = path.read_bytes().decode("utf-8", "replace")
            yield path.name, text
            yield path.name + " (CRLF)", text.replace("\n", "\r\n")
            yield path.name + " (BOM)", "\ufeff" + text


def _both(text: str) -> tuple[object, object] | None:
    try:
        root = compose(text)
    except YamlProblem:
        return None
    return comments_from_nodes(text, root), yaml_comments(text)


def test_every_corpus_file_has_the_scanners_comments() -> None:
    answered = 0
    for name, text in _texts():
        both = _both(text)
        if both is None or both[0] is None:
            continue
        answered += 1
        assert both[0] == both[1], name
    assert answered > 100


def test_a_hash_inside_strings_and_blocks_is_text_and_a_header_comment_is_not() -> None:
    text = (
        "\ufeff# top\r\n"
        'a: "x # not"  # one\r\n'
        "b: 'y # not'\r\n"
        "c: |  # two\r\n"
        "  body # not\r\n"
        "  # not either\r\n"
        "d: e#f  # three\r\n"
        "g: [1, '#'] # four\r\n"
    )
    found = comments_from_nodes(text, compose(text))
    assert found is not None
    assert [(line, column, body) for line, column, body in found.found] == [
        (1, 1, " top"),
        (2, 15, " one"),
        (4, 7, " two"),
        (7, 9, " three"),
        (8, 13, " four"),
    ]
    assert found == yaml_comments(text)


PIECES = [
    "a: 1",
    "b: 'q # x'",
    'c: "d # e"',
    "f: g#h",
    "i: |\n  j # k\n  # l",
    "m: >-  # n\n  o\n\n  p",
    "q: [r, 's#t']",
    "u: {v: w}  # x",
    "# y",
    "  # z",
    "- item # c",
    "? key # k\n: value",
    "aa: &anc b # c",
    "bb: *anc",
    "cc: !tag d # e",
    "dd:\n  - e  # f\n  - 'g # h'",
    "ee: |2\n   x\n # after",
    "ff: x\n  # inside",
    "--- # doc",
    "gg: 'multi\n  # line'",
]


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=8),
    newline=st.sampled_from(["\n", "\r\n"]),
    bom=st.booleans(),
)
def test_drawn_texts_have_the_scanners_comments(pieces: list[str], newline: str, bom: bool) -> None:
    text = ("\ufeff" if bom else "") + newline.join(pieces).replace("\n", newline) + newline
    both = _both(text)
    if both is None or both[0] is None:
        return
    assert both[0] == both[1], text


@pytest.mark.parametrize("text", ["a: 1\tb\n", "a: 1\rb: 2\n", "x: &a {b: 1}\ny:\n  <<: *a\n"])
def test_a_text_the_scan_reads_differently_is_left_to_the_scanner(text: str) -> None:
    assert comments_from_nodes(text, compose(text)) is None
