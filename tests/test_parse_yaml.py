"""The YAML parser: the language.md example, positions inside strings, schema errors, safety."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from playbook_lint.model import At, Between, Channel, ChannelSet, HandlerVerb, Span
from playbook_lint.syntax.parse_yaml import parse_yaml

FIXTURES = Path(__file__).parent / "fixtures"
ACTIONS = "playbook: p\nstages:\n  s:\n    days: 1..3\n    actions:\n"


def _ok(text: str):  # type: ignore[no-untyped-def]
    result = parse_yaml(text)
    assert result.diagnostics == ()
    assert result.playbook is not None
    return result.playbook


def _errors(text: str) -> list[tuple[str, int, int, str]]:
    return [(d.code, d.span.line, d.span.column, d.message) for d in parse_yaml(text).diagnostics]


def test_the_language_example_parses() -> None:
    path = FIXTURES / "language" / "example.playbook.yaml"
    playbook = _ok(path.read_text(encoding="utf-8"))
    assert [s.name.text for s in playbook.stages] == ["early", "legal"]
    assert playbook.stages[1].last_day is None
    assert playbook.handlers[1].channels == ChannelSet(None, frozenset({Channel.LETTER}))


def test_yaml_1_1_surprises_are_read_as_written() -> None:
    text = (
        "playbook: p\nversion: 2026.10\nstages:\n  s:\n    days: 1..3\n    actions:\n"
        "      - {channel: sms, schedule: daily, at: 10:30}\n"
        "handlers:\n  - {on: opt_out, stop: all}\n  - {on: no, pause: sms, for: 3 days}\n"
    )
    playbook = _ok(text)
    assert playbook.version == "2026.10"
    timing = playbook.stages[0].actions[0].timing
    assert isinstance(timing, At)
    assert (timing.times[0].hour, timing.times[0].minute) == (10, 30)
    assert playbook.handlers[0].event.text == "opt_out"
    assert playbook.handlers[1].event.text == "no"
    assert playbook.handlers[1].for_days == 3


@pytest.mark.parametrize(
    ("value", "column"),
    [
        ("call daily between 09:00 and 20:00 max 2 per day", 9),
        ("'call daily between 09:00 and 20:00 max 2 per day'", 10),
        ('"call daily between 09:00 and 20:00 max 2 per day"', 10),
    ],
)
def test_positions_inside_action_strings(value: str, column: int) -> None:
    text = ACTIONS + f"      - {value}\n"
    action = _ok(text).stages[0].actions[0]
    assert action.channel_span == Span(6, column, 6, column + 4)
    assert isinstance(action.timing, Between)
    assert action.timing.start.span == Span(6, column + 19, 6, column + 24)


def test_positions_inside_a_phrase_error() -> None:
    text = ACTIONS + "      - sms dayly\n"
    assert _errors(text) == [("PB001", 6, 13, "unknown word 'dayly'; did you mean 'daily'?")]


def test_one_key_handler_phrase_maps_back_to_the_file() -> None:
    text = "playbook: p\nhandlers:\n  - on dispute_raised: pause all until dispute_verified\n"
    handler = _ok(text).handlers[0]
    assert handler.verb is HandlerVerb.PAUSE
    assert handler.event.span == Span(3, 8, 3, 22)
    assert handler.until is not None
    assert handler.until.span == Span(3, 40, 3, 56)


def test_block_scalar_text_positions() -> None:
    text = (
        "playbook: p\ntemplates:\n  t:\n    channel: call\n    text: |\n"
        "      first line\n      second PHRASE here\n"
    )
    template = _ok(text).templates[0]
    assert template.text.value == "first line\nsecond PHRASE here"
    start = template.text.value.index("PHRASE")
    assert template.text.span_of(start, start + 6) == Span(7, 14, 7, 20)


def test_days_forms() -> None:
    text = "playbook: p\nstages:\n  a: {days: 1..30}\n  b: {days: [31, 60]}\n  c: {days: 91..}\n"
    stages = _ok(text).stages
    assert [(s.first_day, s.last_day) for s in stages] == [(1, 30), (31, 60), (91, None)]


def test_lists_or_strings_for_zones_and_rulesets() -> None:
    one = _ok("playbook: p\njurisdiction: us-regf, us-ma\nborrowers_in: UTC\n")
    two = _ok("playbook: p\njurisdiction: [us-regf, us-ma]\nborrowers_in: [UTC]\n")
    assert one == two
    assert one.jurisdictions[1].span == Span(2, 24, 2, 29)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "playbook: p\ntimezon: UTC\n",
            ("PB002", 2, 1, "unknown key 'timezon'; did you mean 'timezone'?"),
        ),
        (
            ACTIONS + "      - {chanel: sms, schedule: daily}\n",
            ("PB002", 6, 10, "unknown key 'chanel'; did you mean 'channel'?"),
        ),
        (
            ACTIONS + "      - {channel: sms}\n",
            ("PB002", 6, 9, "missing key 'schedule'"),
        ),
        (
            ACTIONS + "      - {channel: smss, schedule: daily}\n",
            ("PB002", 6, 19, "unknown channel 'smss'; did you mean 'sms'?"),
        ),
        (
            ACTIONS + "      - {channel: sms, schedule: daily, agents: two}\n",
            ("PB002", 6, 49, "'agents' must be a whole number, found 'two'"),
        ),
        (
            "playbook: p\nstages: [a, b]\n",
            ("PB002", 2, 9, "'stages' must be a mapping, found a list"),
        ),
        ("playbook: [p]\n", ("PB002", 1, 11, "'playbook' must be a single value, found a list")),
        ("version: 1\n", ("PB002", 1, 1, "missing key 'playbook'")),
        ("playbook: p\nplaybook: q\n", ("PB007", 2, 1, "key 'playbook' is given twice")),
        (
            "playbook: p\ntimezone: UTC\ntimezone: UTC\n",
            ("PB007", 3, 1, "key 'timezone' is given twice"),
        ),
        ("playbook: p\n  bad indent: 1\n", ("PB001", 2, 13, "YAML syntax")),
        ("playbook: p\nstages:\n  a:\n\tdays: 1..3\n", ("PB001", 4, 1, "tab")),
        ("playbook: 'open\n", ("PB001", 2, 1, "YAML syntax")),
        ("", ("PB002", 1, 1, "this file is empty")),
        ("- just\n- a list\n", ("PB002", 1, 1, "the playbook must be a mapping, found a list")),
        (
            "playbook: p\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d]\n",
            ("PB002", 6, 13, "aliases expand to more than 10,000 nodes"),
        ),
        (
            "playbook: p\ntemplates:\n  t: {channel: letter, notice: bogus, text: x}\n",
            ("PB003", 3, 32, "unknown notice kind 'bogus'"),
        ),
        (
            "playbook: p\nhandlers:\n  - {on: x, stop: all, until: y}\n",
            ("PB002", 3, 5, "'stop' takes no 'until' or 'for'"),
        ),
        ("playbook: p\nhandlers:\n  - {on: x, pause: all}\n", ("PB002", 3, 5, "'pause' needs")),
        (
            "playbook: p\nhandlers:\n  - on x: pause all until\n",
            ("PB001", 3, 26, "expected an event such as dispute_verified after 'until'"),
        ),
        ("playbook: p\nfoo: \x07\n", ("PB001", 2, 6, "character YAML does not allow")),
    ],
)
def test_broken_yaml_reports_code_line_and_column(
    text: str, expected: tuple[str, int, int, str]
) -> None:
    code, line, column, message = expected
    found = _errors(text)
    assert any((c, ln, col) == (code, line, column) and message in m for c, ln, col, m in found), (
        found
    )


def test_unknown_keys_fixture() -> None:
    path = FIXTURES / "syntax" / "unknown_keys.playbook.yaml"
    found = [(c, ln, col) for c, ln, col, _ in _errors(path.read_text(encoding="utf-8"))]
    assert found == [("PB002", 2, 1), ("PB002", 7, 9), ("PB002", 11, 17), ("PB007", 14, 9)]


def test_billion_laughs_is_refused_quickly() -> None:
    lines = [
        "playbook: p",
        'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    ]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    started = time.perf_counter()
    result = parse_yaml("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 1
    assert result.playbook is None
    assert result.diagnostics[0].code == "PB002"


def test_deep_nesting_is_a_finding_not_a_crash() -> None:
    result = parse_yaml("playbook: " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert result.playbook is None
    assert result.diagnostics[0].code == "PB001"


def test_tags_are_never_constructed() -> None:
    text = "playbook: !!python/object/apply:os.system ['echo pwned']\n"
    result = parse_yaml(text)
    assert result.playbook is not None
    assert result.playbook.name == "echo pwned" or result.diagnostics


def test_folded_and_escaped_phrases_still_point_at_the_right_line() -> None:
    text = ACTIONS + (
        "      - call daily between 09:00 and 20:00\n"
        "        max 2 per dya\n"
        '      - "sms daily \\\n'
        '  at 10:00 max 1 per dai"\n'
    )
    found = [(c, ln, col) for c, ln, col, _ in _errors(text)]
    assert found == [("PB001", 7, 19), ("PB001", 9, 22)]


def test_folded_block_text_positions() -> None:
    text = (
        "playbook: p\ntemplates:\n  t:\n    channel: sms\n    text: >\n"
        "      Hello {name},\n      pay PHRASE now.\n"
    )
    template = _ok(text).templates[0]
    assert template.text.value == "Hello {name}, pay PHRASE now."
    start = template.text.value.index("PHRASE")
    assert template.text.span_of(start, start + 6) == Span(7, 11, 7, 17)


def test_a_2000_line_yaml_playbook_parses_cleanly() -> None:
    # Its speed is a bench/ figure (bench/run.py), not a timed test.
    source = (FIXTURES / "parity" / "every_clause.playbook.yaml").read_text(encoding="utf-8")
    head, _, rest = source.partition("stages:\n")
    stages, _, handlers = rest.partition("handlers:\n")
    body: list[str] = []
    number = 0
    while (head + "".join(body)).count("\n") < 2000:
        renamed = stages.replace("  提醒:", f"  a{number}:").replace("  early:", f"  b{number}:")
        body.append(renamed.replace("  field:", f"  c{number}:"))
        number += 1
    text = f"{head}stages:\n{''.join(body)}handlers:\n{handlers}"
    result = parse_yaml(text)
    assert result.diagnostics == ()
    assert result.playbook is not None
    assert len(result.playbook.stages) == 3 * number


def test_a_phrase_written_twice_is_placed_where_each_is_written() -> None:
    # Phrase trees are reused for the same text: each copy must still get its own place.
    text = (
        "playbook: p\n"
        "stages:\n"
        "  a:\n"
        "    days: 1..9\n"
        "    actions:\n"
        '      - {channel: sms, schedule: on day 3, at: "12:00"}\n'
        "  b:\n"
        "    days: 10..20\n"
        "    actions:\n"
        '      - {channel: email,   schedule: on day 3, at: "12:00"}\n'
    )
    playbook = parse_yaml(text).playbook
    assert playbook is not None
    first, second = (stage.actions[0] for stage in playbook.stages)
    spans = [
        (action.schedule.recurrence.days[0].span, action.timing.times[0].span)  # type: ignore[union-attr]
        for action in (first, second)
    ]
    assert spans == [
        (Span(6, 41, 6, 42), Span(6, 49, 6, 54)),
        (Span(10, 45, 10, 46), Span(10, 53, 10, 58)),
    ]
