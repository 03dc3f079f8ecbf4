"""PB201-PB202 on fixture playbooks (both forms) and on inline ones, as a user sees them."""

from __future__ import annotations

import pytest

from support import FIXTURES, lint_source

FOLDER = FIXTURES / "checks" / "PB2xx-timing"
# Its fixtures are run, with every other folder's, by test_fixtures.py.


def found(text: str, code: str, rulesets: tuple[str, ...]) -> list[tuple[int, str, str | None]]:
    return [
        (f.line, f.message, f.help) for f in lint_source(text, rulesets=rulesets) if f.code == code
    ]


def _playbook(zones: str, body: str) -> str:
    return (
        'playbook "p"\ntimezone America/Chicago\n'
        f"borrowers in {zones}\n"
        'template ping sms "Late. Reply STOP to opt out."\n'
        f"stage s days 1..60 {{\n{body}}}\n"
    )


def test_dst_only_violation_names_the_zone_and_a_summer_date() -> None:
    text = _playbook("America/Chicago, America/Phoenix", "  sms using ping on day 1 at 09:30\n")
    [(line, message, help_text)] = found(text, "PB201", ("us-regf",))
    assert line == 6
    # The permitted window is said in the playbook's clock for the offending zone.
    assert message == (
        "sms at 09:30 America/Chicago time reaches borrowers in America/Phoenix at 07:30 on "
        "weekdays; permitted 08:00-21:00: start at 10:00"
    )
    assert help_text is not None
    month = int(help_text.split("falls on ")[1][5:7])
    assert 3 <= month <= 11  # only while Chicago keeps daylight time


def test_weekend_hours_apply_to_the_local_date() -> None:
    body = "  sms using ping daily at 08:00 skip weekends\n"
    text = _playbook("America/Chicago", body)
    assert found(text, "PB201", ("au-accc-asic",)) == []
    text = _playbook("America/Chicago", "  sms using ping daily at 08:00\n")
    [(_, message, _)] = found(text, "PB201", ("au-accc-asic",))
    assert message.endswith("at 08:00 on weekends; permitted 09:00-21:00: start at 09:00")


def test_until_day_limits_which_actions_are_judged() -> None:
    at_15 = _playbook("America/Chicago", "  sms using ping daily at 05:00 from day 15\n")
    at_16 = _playbook("America/Chicago", "  sms using ping daily at 05:00 from day 16\n")
    assert len(found(at_15, "PB201", ("ph-sec",))) == 1
    assert found(at_16, "PB201", ("ph-sec",)) == []


def test_untimed_contact_can_happen_at_any_hour_but_letters_are_not_judged() -> None:
    text = _playbook("America/Chicago", "  email to borrower on day 3\n  letter on day 4\n")
    [(line, message, help_text)] = found(text, "PB201", ("us-regf",))
    assert line == 6
    assert "at 00:00" in message
    assert help_text is not None
    assert "any hour" in help_text


def test_public_holiday_needs_a_country() -> None:
    body = "  sms using ping daily at 10:00 skip sundays, holidays\n"
    assert found(_playbook("America/Chicago", body), "PB202", ("id-ojk",)) == [
        (
            6,
            "sms to borrower can land on a public holiday (`skip holidays` with no "
            "`holidays CC`); no contact on sunday, public-holiday",
            "name the country with `holidays ID`",
        )
    ]
    indonesian = _playbook("America/Chicago", body).replace(
        "borrowers in", "holidays ID\nborrowers in"
    )
    assert found(indonesian, "PB202", ("id-ojk",)) == []
    american = indonesian.replace("holidays ID", "holidays US")
    assert [help for _, _, help in found(american, "PB202", ("id-ojk",))] == ["use `holidays ID`"]


@pytest.mark.parametrize(
    ("zones", "window", "message"),
    [
        # The worst zone is named, not the first.
        (
            "America/New_York, America/Chicago, America/Los_Angeles",
            "08:00 and 21:00",
            "call between 08:00 and 21:00 America/New_York time reaches borrowers in "
            "America/Los_Angeles at 05:00 on weekdays; permitted 08:00-21:00: start at 11:00",
        ),
        # The example: 10:00 on a New York clock is 07:00 in Los Angeles, and
        # 08:00 there is 11:00 here: the window is said in the playbook's clock.
        (
            "America/New_York, America/Los_Angeles",
            "10:00 and 20:00",
            "call between 10:00 and 20:00 America/New_York time reaches borrowers in "
            "America/Los_Angeles at 07:00 on weekdays; permitted 08:00-21:00: start at 11:00",
        ),
    ],
)
def test_the_permitted_window_is_said_in_the_playbook_clock_for_the_worst_zone(
    zones: str, window: str, message: str
) -> None:
    text = (
        'playbook "p"\njurisdiction us-regf\ntimezone America/New_York\n'
        f"borrowers in {zones}\n"
        f"stage s days 1..30 {{\n  call daily between {window} max 1 per day\n}}\n"
    )
    assert [m for _, m, _ in found(text, "PB201", ())] == [message]


@pytest.mark.parametrize(
    ("calendar", "fires"), [("CN", True), ("IE", False), ("ie", False), (None, True)]
)
def test_skip_holidays_protects_only_with_the_rules_country(
    calendar: str | None, fires: bool
) -> None:
    header = f"holidays {calendar}\n" if calendar else ""
    text = (
        f'playbook "p"\njurisdiction ie-cca\ntimezone Europe/Dublin\n{header}'
        "stage s days 1..30 {\n"
        "  call daily between 10:00 and 18:00 skip sundays, holidays max 1 per day\n}\n"
        "on payment_received: stop all\n"
    )
    messages = [m for _, m, _ in found(text, "PB202", ())]
    assert bool(messages) is fires
    if calendar == "CN":
        assert "public holiday in IE (`skip holidays` follows the CN calendar)" in messages[0]


def test_actions_of_one_shape_are_each_reported_in_their_own_words() -> None:
    # The answer is worked out once per shape of plan (times, skips) and reused: each
    # action still gets its own finding, at its own line, saying its own channel.
    body = (
        "  sms using ping daily at 06:00\n"
        "  call to borrower daily at 06:00\n"
        "  sms using ping daily at 06:00 skip weekends\n"
        "  email to borrower daily at 06:00\n"
    )
    text = _playbook("America/Chicago", body)
    findings = found(text, "PB201", ("us-regf",))
    assert [(line, message.split(" at ")[0]) for line, message, _ in findings] == [
        (6, "sms"),
        (7, "call"),
        (8, "sms"),
        (9, "email"),
    ]
    assert all("at 06:00 on weekdays" in message for _, message, _ in findings)
