"""The hand-written phrase reader gives what Lark and the transformer give (issue 24 item 3):
the same model, the same spans, the same errors, for every phrase it accepts; and it
accepts the plain phrases that make up most playbooks.

Every phrase (action, schedule, day, time, limit, condition, days, count) that the
examples, the fixtures and the hostile corpus hold is read both ways, and so are phrases
drawn from the grammar's words with hypothesis (misspellings, stray commas, negative and
huge numbers, non-ASCII names, missing pieces).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook_lint.diagnostics import PlaybookSyntaxError
from playbook_lint.syntax import phrase_parser
from playbook_lint.syntax.lazy_positions import LazyPositions
from playbook_lint.syntax.parse import parse_source
from playbook_lint.syntax.phrase_parser import Lower, parse_piece
from playbook_lint.syntax.phrase_reader import read_regular
from playbook_lint.syntax.positions import FileLocator, line_starts

ROOT = Path(__file__).resolve().parent.parent
STARTS = (
    "statement",
    "handler",
    "y_playbook_limit",
    "stage_open",
    "action",
    "y_schedule",
    "y_day",
    "y_time",
    "y_limit",
    "y_condition",
    "y_days",
    "y_count_days",
)


def _shape(value: Any) -> Any:
    """``value`` with every field, spans included (model equality leaves spans out)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value).__name__, *((f.name, _shape(getattr(value, f.name))) for f in fields))
    if isinstance(value, tuple | list):
        return tuple(_shape(v) for v in value)
    if isinstance(value, frozenset | set):
        return ("set", tuple(sorted(repr(_shape(v)) for v in value)))
    if isinstance(value, enum.Enum):
        return (type(value).__name__, value.value)
    if isinstance(value, LazyPositions):  # a string's characters, each at its place
        return tuple(value)
    return value


def _outcome(text: str, start: str, fast: bool) -> Any:
    locator = FileLocator(line_starts(text))
    try:
        if fast:
            value = read_regular(text, start, locator)
            return None if value is None else ("value", _shape(value))
        return ("value", _shape(parse_piece(Lower(), text, start, locator, [])))
    except PlaybookSyntaxError as error:
        return ("error", _shape(error.span), error.message)


def _both(text: str, start: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    fast = _outcome(text, start, fast=True)
    with monkeypatch.context() as patch:
        patch.setattr(phrase_parser, "read_regular", lambda text, start, locator: None)
        slow = _outcome(text, start, fast=False)
    return fast, slow


def _corpus_files() -> Iterator[Path]:
    for folder in ("examples", "tests/fixtures", "tests/hostile"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.name.endswith((".playbook", ".yaml", ".yml")):
                yield path


def _corpus_phrases() -> list[tuple[str, str]]:
    """Every (text, start) the parsers read from the corpus files."""
    seen: dict[tuple[str, str], None] = {}
    original = phrase_parser.read_regular

    def spy(text: str, start: str, locator: Any) -> Any:
        if start in STARTS:
            seen[(text, start)] = None
        return original(text, start, locator)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(phrase_parser, "read_regular", spy)
        for path in _corpus_files():
            parse_source(path.read_bytes().decode("utf-8", "replace"), str(path))
    return list(seen)


CORPUS = _corpus_phrases()


def test_the_corpus_holds_every_kind_of_phrase() -> None:
    assert {start for _, start in CORPUS} == set(STARTS)
    assert len(CORPUS) > 500


def test_every_corpus_phrase_reads_alike_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    accepted = 0
    differ = []
    for text, start in CORPUS:
        fast, slow = _both(text, start, monkeypatch)
        if fast is None:
            continue
        accepted += 1
        if fast != slow:
            differ.append((start, text, fast, slow))
    assert differ == []
    # and the reader takes the plain phrases (most of them), not only a few
    assert accepted > 0.8 * len(CORPUS)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("sms using reminder daily at 10:00 skip weekends", "action"),
        ("call to borrower daily between 09:00 and 20:00 3 times max 7 per 7 days", "action"),
        ("sms using 催款短信 on day -3, 0 at 08:30 after default + 14 days", "action"),
        ("visit weekly by 2 agents max 1 per week, max 2 connected per month", "action"),
        ("-3..0", "y_days"),
        ("stage 催收零期 days -3..0 {", "stage_open"),
        ("stage legal days 91.. {", "stage_open"),
        ("max 2 connected per day", "y_limit"),
        ("after final_demand + 7 days", "y_condition"),
        ("day 3, 5", "y_schedule"),
        ('template due_soon sms "Pay {amount} by {due_date}. Reply STOP to opt out."', "statement"),
        (
            'template v letter notice validation limited_content attach statement, photo """\n'
            '  This is an attempt to collect a debt \\"now\\".\n  """',
            "statement",
        ),
        ("on paid: stop all", "statement"),
        (
            "on dispute: pause sms, call except notices to borrower, family until resolved",
            "statement",
        ),
        ("on hardship: pause all except letter for 30 days", "statement"),
        ("limit call, sms to borrower max 7 per 7 days, max 3 connected per week", "statement"),
        ('playbook "acme-standard"', "statement"),
        ("timezone America/Argentina/Buenos_Aires", "statement"),
        ("jurisdiction us-regf, uk-cca", "statement"),
        ("borrowers in America/New_York, Etc/GMT+8", "statement"),
        ("holidays GB", "statement"),
        ("horizon 365 days", "statement"),
        ("instalments monthly", "statement"),
        ("placeholders amount, due_date", "statement"),
        ("on promise_to_pay: pause call, sms for 14 days", "handler"),
        ("call, sms max 10 per 7 days", "y_playbook_limit"),
        ("all except notices", "y_channels"),
    ],
)
def test_plain_phrases_are_read_without_lark(
    text: str, start: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow = _both(text, start, monkeypatch)
    assert fast is not None
    assert fast[0] == "value"
    assert fast == slow


@pytest.mark.parametrize(
    "text",
    [
        "sms daily weekly",  # two schedules
        "sms at 10:00",  # no schedule
        "sms daily to borrower to family",
    ],
)
def test_an_action_error_is_the_transformers(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _both(text, "action", monkeypatch)
    assert fast is not None
    assert fast[0] == "error"
    assert fast == slow


WORDS = [
    *[
        "sms",
        "call",
        "email",
        "letter",
        "push",
        "visit",
        "lawsuit",
        "smss",
        "to",
        "borrower",
        "family",
        "employer",
        "estate",
    ],
    *[
        "using",
        "reminder",
        "模板",
        "催款短信",
        "on",
        "day",
        "dya",
        "once",
        "daily",
        "weekly",
        "every",
        "days",
        "hours",
        "from",
        "until",
    ],
    *[
        "at",
        "between",
        "and",
        "time",
        "times",
        "skip",
        "weekends",
        "holidays",
        "sundays",
        "by",
        "agent",
        "agents",
        "max",
    ],
    *[
        "connected",
        "per",
        "week",
        "month",
        "hour",
        "after",
        "default",
        "final_demand",
        "+",
        "..",
        ",",
        "10:00",
        "9:00",
        "25:99",
    ],
    *[
        "0",
        "1",
        "3",
        "7",
        "30",
        "-3",
        "007",
        "99999999999999999999",
        "3days",
        "t4_push",
        "é",
        "#",
        "，",
        "all",
        "notices",
    ],
    *["stage", "s1", "1..30", "91..", "{", "{}"],
    "\u00a0",
]


@settings(max_examples=400, deadline=None)
@given(
    start=st.sampled_from(STARTS),
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=12),
    glue=st.lists(st.sampled_from([" ", "", ",", ", ", "\t", "\n", "  "]), min_size=12),
)
def test_drawn_phrases_read_alike_both_ways(start: str, words: list[str], glue: list[str]) -> None:
    text = words[0] + "".join(g + w for g, w in zip(glue, words[1:], strict=False))
    with pytest.MonkeyPatch.context() as patch:
        fast, slow = _both(text, start, patch)
    assert fast is None or fast == slow, (start, text)


CLAUSES = [
    "to borrower",
    "to family",
    "using reminder",
    "using 催款短信",
    "on day 1, 5, -3",
    "once",
    "daily",
    "weekly",
    "every 3 days",
    "every 2 hours",
    "from day 4",
    "until day 90",
    "at 10:00, 14:30",
    "between 09:00 and 20:00",
    "between 8:00 and 21:00 2 times",
    "skip weekends, holidays",
    "by 2 agents",
    "max 7 per 7 days",
    "max 1 connected per day, max 3 per week",
    "after default + 14 days",
    "after promise_broken",
]


@settings(max_examples=400, deadline=None)
@given(
    channel=st.sampled_from(["sms", "call", "visit", "letter", "im", "poster"]),
    clauses=st.lists(st.sampled_from(CLAUSES), max_size=6),
    glue=st.sampled_from([" ", "  ", "\t", "\n  "]),
)
def test_drawn_actions_read_alike_both_ways(channel: str, clauses: list[str], glue: str) -> None:
    text = glue.join([channel, *clauses])
    with pytest.MonkeyPatch.context() as patch:
        fast, slow = _both(text, "action", patch)
    assert fast is None or fast == slow, text


@pytest.mark.parametrize(
    "text",
    [
        "stage days days 1..7 {",
        "stage stage days 1..7 {",
        "stage s days 1..7{",
        "stage s days 1 ..7 {",
        "stage s days 5..3 {",
        "stage s days 1..7 { ",
        "stage\ts  days\t-3..0\t{",
        "stage 1s days 1..7 {",
        "stage s\u200b days 1..7 {",
        "stage s days 1..7 { {",
        "stage s days 1..99999999999999999999999 {",
        "stage s days 1..7",
        "stage s, days 1..7 {",
    ],
)
def test_stage_openings_read_alike_both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _both(text, "stage_open", monkeypatch)
    assert fast is None or fast == slow, (text, fast, slow)


def test_the_examples_are_read_without_loading_lark(monkeypatch: pytest.MonkeyPatch) -> None:
    # A plain playbook of either form never loads the LALR tables (about 20 ms of a
    # one-file check: issue 24 item 5); the examples are plain.
    def refuse() -> None:
        raise AssertionError("the Lark parser was loaded")

    monkeypatch.setattr(phrase_parser, "dsl_parser", refuse)
    phrase_parser._tree.cache_clear()
    paths = sorted((ROOT / "examples").glob("*.playbook*"))
    assert len(paths) > 10
    for path in paths:
        parsed = parse_source(path.read_text(encoding="utf-8"), str(path))
        assert parsed.playbook is not None, path
