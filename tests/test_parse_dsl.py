"""The DSL parser: every example of language.md, spans, and what a broken file reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook_lint.model import (
    At,
    Between,
    Channel,
    ChannelSet,
    Daily,
    Every,
    HandlerVerb,
    Instalments,
    NoticeKind,
    OnDays,
    Period,
    SkipKind,
    Span,
    Target,
    Unit,
)
from playbook_lint.syntax.parse import is_yaml_name, parse_source
from playbook_lint.syntax.parse_dsl import parse_dsl
from playbook_lint.syntax.phrase_parser import dsl_parser

FIXTURES = Path(__file__).parent / "fixtures"
LANGUAGE = sorted((FIXTURES / "language").glob("*.playbook"))


def _ok(text: str):  # type: ignore[no-untyped-def]
    result = parse_dsl(text)
    assert result.diagnostics == ()
    assert result.playbook is not None
    return result.playbook


def _errors(text: str) -> list[tuple[str, int, int, str]]:
    return [(d.code, d.span.line, d.span.column, d.message) for d in parse_dsl(text).diagnostics]


HEAD = 'playbook "p"\ntimezone UTC\n'


def _action(line: str):  # type: ignore[no-untyped-def]
    playbook = _ok(f"{HEAD}stage s days 1..30 {{\n  {line}\n}}\n")
    (action,) = playbook.stages[0].actions
    return action


# --------------------------------------------------------------------------- language.md


@pytest.mark.parametrize("path", LANGUAGE, ids=lambda p: p.name)
def test_every_language_example_parses_without_findings(path: Path) -> None:
    result = parse_source(path.read_text(encoding="utf-8"), str(path))
    assert result.diagnostics == ()
    assert result.playbook is not None


def test_the_tour_means_what_it_says() -> None:
    playbook = _ok((FIXTURES / "language" / "tour.playbook").read_text(encoding="utf-8"))
    assert playbook.name == "acme-consumer-standard"
    assert playbook.version == "2026.3"
    assert [z.text for z in playbook.borrower_zones] == [
        "America/New_York",
        "America/Chicago",
        "America/Los_Angeles",
    ]
    assert playbook.instalments is Instalments.MONTHLY
    assert playbook.holidays is not None
    assert playbook.holidays.text == "US"
    assert [s.name.text for s in playbook.stages] == ["reminder", "early", "late", "legal"]
    assert (playbook.stages[0].first_day, playbook.stages[0].last_day) == (-3, 0)
    assert playbook.stages[3].last_day is None
    late_call = playbook.stages[2].actions[0]
    assert [(lim.count, lim.per, lim.connected) for lim in late_call.limits] == [
        (6, Period.DAY, False),
        (3, Period.DAY, True),
        (7, Period.WEEK, False),
    ]
    lawsuit = playbook.stages[3].actions[0]
    assert (lawsuit.conditions[0].event.text, lawsuit.conditions[0].delay_days) == ("default", 14)
    visit = playbook.stages[3].actions[1]
    assert (visit.agents, visit.skip) == (2, frozenset({SkipKind.SUNDAYS}))
    assert playbook.template("validation").notice is NoticeKind.VALIDATION  # type: ignore[union-attr]
    first_call = playbook.template("first_call")
    assert first_call is not None
    assert first_call.text.value == (
        "This is Acme Finance. This is an attempt to collect a debt, and any\n"
        "information obtained will be used for that purpose."
    )
    stop = playbook.handlers[1]
    assert stop.verb is HandlerVerb.STOP
    assert stop.channels == ChannelSet(None, frozenset({Channel.LETTER}))
    assert playbook.handlers[2].for_days == 7


def test_names_in_any_script() -> None:
    playbook = _ok('playbook "x"\nstage 催收一期 days 1..30 {\n  sms on day 1\n}\n')
    assert playbook.stages[0].name.text == "催收一期"


def test_header_statements_in_any_order() -> None:
    playbook = _ok('holidays CN\ninstalments weekly\nhorizon 90 days\ntimezone UTC\nplaybook "x"\n')
    assert (playbook.name, playbook.horizon, playbook.instalments) == ("x", 90, Instalments.WEEKLY)


def test_clauses_in_any_order_give_the_same_action() -> None:
    one = _action("call to family using t daily between 09:00 and 18:00 max 2 per day after x")
    two = _action("call max 2 per day after x between 09:00 and 18:00 daily using t to family")
    assert one == two
    assert one.target is Target.FAMILY


@pytest.mark.parametrize(
    ("line", "check"),
    [
        ("sms every 0 days", lambda a: a.schedule.recurrence == Every(0, Unit.DAYS)),
        ("sms daily at 24:61", lambda a: str(a.timing.times[0]) == "24:61"),
        ("sms daily between 20:00 and 09:00", lambda a: a.timing.start.hour == 20),
        ("sms on day 99", lambda a: a.schedule.recurrence.days[0].value == 99),
        ("sms daily after no_such_event", lambda a: a.conditions[0].event.text == "no_such_event"),
        ("sms using no_such_template once", lambda a: a.template.text == "no_such_template"),
        ("sms every 15 minutes from day 2 until day 9", lambda a: a.schedule.until_day.value == 9),
        ("call daily between 09:00 and 18:00 2 times", lambda a: a.timing.times == 2),
        ("letter daily at 10:00", lambda a: isinstance(a.timing, At)),
        ("sms daily max 1 per hour, max 2 per month", lambda a: len(a.limits) == 2),
        ("sms daily after a after b + 2 days", lambda a: len(a.conditions) == 2),
    ],
)
def test_out_of_range_values_stay_in_the_model(line: str, check) -> None:  # type: ignore[no-untyped-def]
    assert check(_action(line))


def test_reversed_stage_days_stay_in_the_model() -> None:
    playbook = _ok('playbook "x"\nstage s days 30..1 {\n}\n')
    assert (playbook.stages[0].first_day, playbook.stages[0].last_day) == (30, 1)


def test_unknown_zones_and_events_are_kept_for_pb003() -> None:
    playbook = _ok('playbook "x"\ntimezone Mars/Olympus\non nothing_happened: stop all\n')
    assert playbook.timezone is not None
    assert playbook.timezone.text == "Mars/Olympus"
    assert playbook.handlers[0].event.text == "nothing_happened"


def test_string_escapes() -> None:
    playbook = _ok('playbook "a \\"b\\" \\\\ \\n \\u00e9"\n')
    assert playbook.name == 'a "b" \\ \n é'


# --------------------------------------------------------------------------- spans


def test_spans_point_at_what_was_written() -> None:
    line = "call to borrower daily between 09:00 and 20:00 max 2 per day"
    text = f"{HEAD}stage s days 1..30 {{\n  {line}\n}}\n"
    playbook = _ok(text)
    stage = playbook.stages[0]
    action = stage.actions[0]
    assert stage.span == Span(3, 1, 5, 2)
    assert stage.days_span == Span(3, 14, 3, 19)
    assert action.span == Span(4, 3, 4, 63)
    assert action.channel_span == Span(4, 3, 4, 7)
    assert isinstance(action.timing, Between)
    assert action.timing.start.span == Span(4, 34, 4, 39)
    assert action.limits[0].span == Span(4, 50, 4, 63)
    assert isinstance(action.schedule.recurrence, Daily)
    assert action.schedule.span == Span(4, 20, 4, 25)


def test_on_day_entries_have_their_own_spans() -> None:
    action = _action("sms on day -3, 5")
    assert isinstance(action.schedule.recurrence, OnDays)
    assert [d.span for d in action.schedule.recurrence.days] == [
        Span(4, 14, 4, 16),
        Span(4, 18, 4, 19),
    ]


def test_text_positions_survive_escapes_and_dedent() -> None:
    text = (
        'playbook "x"\n'
        'template a sms "say \\"hi\\" now"\n'
        'template b call """\n'
        "    first line\n"
        "      second PHRASE\n"
        '  """\n'
    )
    playbook = _ok(text)
    a, b = playbook.templates
    start = a.text.value.index("now")
    assert a.text.span_of(start, start + 3) == Span(2, 28, 2, 31)
    start = b.text.value.index("PHRASE")
    assert b.text.value == "first line\n  second PHRASE"
    assert b.text.span_of(start, start + 6) == Span(5, 14, 5, 20)


# --------------------------------------------------------------------------- broken input


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"{HEAD}stage s days 1..3 {{\n  call daily between 9am and 20:00\n}}\n",
            ("PB001", 4, 22, "expected a time like 09:30 after 'between', found '9am'"),
        ),
        (
            f"{HEAD}stage s days 1..3 {{\n  smss daily\n}}\n",
            ("PB001", 4, 3, "unknown channel 'smss'; did you mean 'sms'?"),
        ),
        (
            f"{HEAD}stage s days 1..3 {{\n  sms dayly\n}}\n",
            ("PB001", 4, 7, "unknown word 'dayly'; did you mean 'daily'?"),
        ),
        (
            f"{HEAD}stage s days 1..3 {{\n  sms to borower daily\n}}\n",
            ("PB001", 4, 10, "unknown target 'borower'; did you mean 'borrower'?"),
        ),
        (
            f"{HEAD}stage s days 1..3 {{\n  sms daily once\n}}\n",
            ("PB001", 4, 13, "this action already has a schedule ('daily')"),
        ),
        (
            f"{HEAD}stage s days 1..3 {{\n  sms to borrower\n}}\n",
            ("PB001", 4, 3, "this action has no schedule"),
        ),
        (
            f"{HEAD}stage s days 1..3 {{\n  sms daily max 2 per fortnight\n}}\n",
            ("PB001", 4, 23, "unknown period 'fortnight'"),
        ),
        (f"{HEAD}timezone UTC\n", ("PB007", 3, 1, "'timezone' is given twice (first on line 2)")),
        ('playbok "x"\n', ("PB001", 1, 1, "unknown word 'playbok'; did you mean 'playbook'?")),
        (f"{HEAD}on x stop all\n", ("PB001", 3, 6, "expected ':' after 'x', found 'stop'")),
        (
            f"{HEAD}on x: pause all\n",
            ("PB001", 3, 16, "expected 'except', 'for', 'to' or 'until' after 'all'"),
        ),
        (f"{HEAD}}}\n", ("PB001", 3, 1, "this '}' closes no stage")),
        (f'{HEAD}template t sms "open\n', ("PB001", 3, 16, "a closing '\"' is missing")),
        (f'{HEAD}template t sms """open\n', ("PB001", 3, 16, 'a closing \'"""\' is missing')),
        (f'{HEAD}template t sms "a \\q"\n', ("PB001", 3, 19, "unknown escape '\\q'")),
        (
            f'{HEAD}template t sms notice bogus "x"\n',
            ("PB003", 3, 23, "unknown notice kind 'bogus'"),
        ),
        (f"{HEAD}instalments yearly\n", ("PB001", 3, 13, "unknown instalment period 'yearly'")),
        ("", ("PB001", 1, 1, "this file is empty")),
        ("timezone UTC\n", ("PB001", 1, 1, "missing 'playbook \"NAME\"'")),
        (
            f"{HEAD}stage a days 1..3 {{\n  sms once\nstage b days 4..5 {{\n}}\n",
            ("PB001", 5, 1, "missing '}' to close stage 'a' before the next stage"),
        ),
        (
            f"{HEAD}stage a days 1..3 {{\n  sms once\n",
            ("PB001", 3, 1, "stage 'a' is never closed"),
        ),
        (
            f"{HEAD}stage s days 1-3 {{\n}}\n",
            ("PB001", 3, 15, "expected '..' after '1', found '-3'"),
        ),
        (f"{HEAD}\x00\x01\n", ("PB001", 3, 1, "unexpected character '\\x00'")),
    ],
)
def test_broken_input_reports_code_line_and_column(
    text: str, expected: tuple[str, int, int, str]
) -> None:
    code, line, column, message = expected
    found = _errors(text)
    assert any((c, ln, col) == (code, line, column) and message in m for c, ln, col, m in found), (
        found
    )


def test_syntax_errors_never_show_token_names() -> None:
    text = (FIXTURES / "syntax" / "keyword_typos.playbook").read_text(encoding="utf-8")
    for _, _, _, message in _errors(text):
        assert "NAME" not in message
        assert "__ANON" not in message
        assert "$END" not in message


def test_several_errors_at_most_one_per_line_and_the_rest_still_read() -> None:
    path = FIXTURES / "syntax" / "keyword_typos.playbook"
    result = parse_dsl(path.read_text(encoding="utf-8"))
    lines = [d.span.line for d in result.diagnostics]
    assert lines == [3, 5, 6, 7, 8, 9]
    assert result.playbook is not None
    assert len(result.playbook.stages[0].actions) == 1  # the one good line


def test_a_broken_line_does_not_hide_the_good_ones() -> None:
    result = parse_dsl(f"{HEAD}stage s days 1..3 {{\n  sms dayly\n  sms daily\n}}\n")
    assert len(result.diagnostics) == 1
    assert result.playbook is not None
    assert len(result.playbook.stages[0].actions) == 1


def test_truncated_file_reports_once_per_line() -> None:
    path = FIXTURES / "syntax" / "truncated.playbook"
    found = _errors(path.read_text(encoding="utf-8"))
    assert [(c, ln, col) for c, ln, col, _ in found] == [("PB001", 5, 31), ("PB001", 3, 1)]


def test_tabs_are_whitespace_in_the_dsl() -> None:
    path = FIXTURES / "syntax" / "tabs_ok.playbook"
    assert parse_dsl(path.read_text(encoding="utf-8")).diagnostics == ()


def test_many_broken_lines_are_capped() -> None:
    result = parse_dsl("garbage here\n" * 5000)
    assert 0 < len(result.diagnostics) <= 102
    assert any("too many syntax errors" in d.message for d in result.diagnostics)


# --------------------------------------------------------------------------- the parser


def test_parser_is_built_once() -> None:
    assert dsl_parser() is dsl_parser()


def test_file_names_pick_the_form() -> None:
    assert is_yaml_name("a.playbook.yaml")
    assert is_yaml_name("A.YML")
    assert not is_yaml_name("a.playbook")


def _big_playbook(lines: int) -> str:
    tour = (FIXTURES / "language" / "tour.playbook").read_text(encoding="utf-8")
    head, _, rest = tour.partition("stage reminder")
    stages = "stage reminder" + rest.split("on dispute_raised")[0]
    body: list[str] = []
    number = 0
    while (head + "".join(body)).count("\n") < lines:
        body.append(stages.replace("stage ", f"stage s{number}_"))
        number += 1
    return head + "".join(body)


def test_a_2000_line_playbook_parses_cleanly() -> None:
    # Its speed is a bench/ figure (bench/run.py), not a timed test.
    result = parse_dsl(_big_playbook(2000))
    assert result.diagnostics == ()
    assert result.playbook is not None
    assert len(result.playbook.stages) > 100


@pytest.mark.parametrize(
    "path",
    [*LANGUAGE, *sorted((FIXTURES / "parity").glob("*.playbook"))],
    ids=lambda p: p.name,
)
def test_the_whole_file_grammar_accepts_every_valid_fixture(path: Path) -> None:
    # parse_dsl reads statement by statement; `start` keeps the grammar a full spec.
    dsl_parser().parse(path.read_text(encoding="utf-8"), start="start")


def test_byte_order_mark_and_crlf_line_ends() -> None:
    playbook = _ok('\ufeffplaybook "p"\r\ntemplate t sms """\r\n  a\r\n  b\r\n"""\r\n')
    assert playbook.templates[0].text.value == "a\nb"
    assert playbook.templates[0].name.span == Span(2, 10, 2, 11)


def test_header_after_a_stage_is_reported() -> None:
    found = _errors('playbook "p"\nstage s days 1..2 {\n}\ntimezone UTC\n')
    assert found == [
        ("PB001", 4, 1, "'timezone' comes after a stage; header statements go before the stages")
    ]


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        ('"""\n    a\n      b\n    """', "a\n  b"),
        ('"""one line"""', "one line"),
        ('"""first\n    second\n    third"""', "first\nsecond\nthird"),
        ('"""\n  a\n\n  b\n"""', "a\n\nb"),
    ],
)
def test_long_strings_lose_their_common_indentation(literal: str, value: str) -> None:
    playbook = _ok(f'playbook "p"\ntemplate t sms {literal}\n')
    assert playbook.templates[0].text.value == value
