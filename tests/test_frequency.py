"""PB101-PB103 on fixture playbooks (both forms) and on inline ones, as a user sees them."""

from __future__ import annotations

import pytest

from support import FIXTURES, lint_source

FOLDER = FIXTURES / "checks" / "PB1xx-frequency"
# Its fixtures are run, with every other folder's, by test_fixtures.py.


HEADER = 'playbook "p"\ntimezone America/New_York\n'


def messages(text: str, code: str, rulesets: tuple[str, ...] = ("us-regf",)) -> list[str]:
    return [f.message for f in lint_source(text, rulesets=rulesets) if f.code == code]


def test_message_names_the_worst_case_window() -> None:
    text = HEADER + (
        "stage early days 1..30 {\n"
        "  call to borrower daily between 09:00 and 20:00 max 2 per day\n"
        "}\non conversation: pause call for 7 days\n"
    )
    assert messages(text, "PB101") == [
        "calls to borrower can reach 14 within 7 days (days 1-7); at most 7"
    ]


def test_exact_cap_is_silent_and_one_more_fires() -> None:
    body = "stage s days 1..60 {{\n  call to borrower daily at {times}\n}}\n"
    handler = "on conversation: pause call for 7 days\n"
    assert messages(HEADER + body.format(times="10:00") + handler, "PB101") == []
    over = (
        HEADER
        + body.format(times="10:00")
        + ("stage t days 61..90 {\n  call to borrower on day 61 at 10:00, 16:00\n}\n")
    )
    # Six days of the first stage and the two calls of day 61 make one too many: both
    # actions are part of the breach, each reported at its own line naming the other.
    assert messages(over + handler, "PB101") == [
        "calls to borrower can reach 8 within 7 days (days 55-61) across stages s and t; "
        "at most 7 (with line 7)",
        "calls to borrower can reach 8 within 7 days (days 55-61) across stages t and s; "
        "at most 7 (with line 4)",
    ]


def test_one_finding_per_violating_action() -> None:
    text = HEADER + (
        "stage s days 1..30 {\n"
        "  call to borrower daily at 10:00, 15:00\n"
        "  call to borrower daily at 12:00\n"
        "  call to guarantor daily at 11:00, 13:00\n"
        "}\non conversation: pause call for 7 days\n"
    )
    found = [f for f in lint_source(text, rulesets=("us-regf",)) if f.code == "PB101"]
    # Line 4 breaks the cap by itself (its own 14); line 5 only together with it (21).
    assert [(f.line, f.message) for f in found] == [
        (4, "calls to borrower can reach 14 within 7 days (days 1-7); at most 7"),
        (
            5,
            "calls to borrower can reach 21 within 7 days (days 1-7) with another action; "
            "at most 7 (with line 4)",
        ),
    ]
    assert [r.span.line for r in found[1].related] == [4]
    assert found[0].related == ()


def test_conversation_with_no_handler_points_at_the_first_call() -> None:
    text = HEADER + (
        "stage s days 1..30 {\n  sms on day 1 at 10:00\n  call to borrower weekly at 10:00\n}\n"
    )
    found = [f for f in lint_source(text, rulesets=("us-regf",)) if f.code == "PB102"]
    assert [(f.line, f.message) for f in found] == [
        (
            5,
            "call to borrower can follow a conversation the same day: no `on conversation` "
            "handler pauses call; none within 7 days",
        )
    ]


def test_stop_covers_conversations() -> None:
    text = HEADER + (
        "stage s days 1..30 {\n  call to borrower weekly at 10:00\n}\non conversation: stop call\n"
    )
    assert messages(text, "PB102") == []


def test_unbounded_between_message() -> None:
    text = HEADER + "stage s days 1..30 {\n  call to borrower daily between 09:00 and 18:00\n}\n"
    found = [f for f in lint_source(text) if f.code == "PB103"]
    assert [f.message for f in found] == [
        "call to borrower is unbounded: `between` with no `max` limit lets the dialer retry "
        "all through the window; at most 6 per day"
    ]
    assert found[0].column == text.splitlines()[3].index("between") + 1


def test_unbounded_and_connected_messages() -> None:
    text = 'playbook "p"\ntimezone Asia/Shanghai\n' + (
        "stage s days 1..30 {\n"
        "  call to borrower daily between 09:00 and 20:00 max 5 connected per day\n"
        "}\n"
    )
    assert sorted(messages(text, "PB101", rulesets=("cn-cba2026",))) == [
        "calls to borrower are unbounded within 1 day (day 1): `between` with no `max` limit "
        "on attempts; at most 6",
        "connected calls to borrower can reach 5 within 1 day (day 1); at most 3",
    ]


@pytest.mark.parametrize(
    ("handler", "fires"),
    [
        ("on conversation: pause call until promise_broken", True),
        ("on conversation: pause call for 7 days", False),
        ("on conversation: stop call", False),
        ("on conversation: pause call until judgment_entered", False),  # no lawsuit: never
    ],
)
def test_a_pause_until_an_event_that_can_happen_at_once_is_not_a_cooling_off(
    handler: str, fires: bool
) -> None:
    text = (
        'playbook "p"\njurisdiction us-regf\ntimezone America/New_York\n'
        "stage s days 1..30 {\n  call daily at 10:00 max 1 per day\n}\n"
        f"{handler}\n"
    )
    found = [(f.line, f.message) for f in lint_source(text) if f.code == "PB102"]
    if fires:
        assert found == [
            (
                7,
                "calls can follow a conversation the same day: the pause ends when "
                "promise_broken happens, which can be at once; none within 7 days",
            )
        ]
    else:
        assert found == []


def test_a_bare_between_suggests_one_attempt_before_a_cap() -> None:
    text = (
        'playbook "p"\ntimezone Europe/London\n'
        "stage s days 1..30 {\n  call to borrower on day 1, 8 between 10:00 and 18:00\n}\n"
        "on payment_received: stop all\n"
    )
    [finding] = [f for f in lint_source(text) if f.code == "PB103"]
    assert finding.help == (
        "write `between … 1 time` for one attempt, or add a limit such as `max 6 per day`"
    )


@pytest.mark.parametrize("channel", ["sms", "email", "push", "im", "visit"])
def test_a_bare_between_is_one_attempt_except_for_calls(channel: str) -> None:
    # language.md v2 item 1: a gateway sends once; only a dialer retries in the window.
    using = {"sms": " using r", "email": " using e"}.get(channel, "")
    text = (
        'playbook "p"\ntimezone Europe/London\n'
        'template r sms "Payment due. Reply STOP to opt out."\n'
        'template e email "Payment due. To opt out, reply UNSUBSCRIBE."\n'
        f"stage s days 1..30 {{\n  {channel}{using} daily between 10:00 and 18:00\n}}\n"
        "on payment_received: stop all\n"
    )
    assert [f.code for f in lint_source(text) if f.code in ("PB103", "PB101")] == []
