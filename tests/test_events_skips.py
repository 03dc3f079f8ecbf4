"""``skip`` in the event analysis: day 0 falls on any date, so a skipped date can take any
scheduled day away, and an action is only guaranteed by a day no skip can take away."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import holidays
import pytest
from events_support import DEFAULT, VALIDATION, act, after, book, daily, on, stage, weekly

from playbook_lint.analysis.events import Sent, analyse_events
from playbook_lint.model import Action, Channel, Every, Name, Playbook, Schedule, SkipKind, Unit


def _skip(action: Action, *skips: str) -> Action:
    return replace(action, skip=frozenset(SkipKind(s) for s in skips))


def _guaranteed(
    action: Action, first: int = 1, last: int = 60, country: str | None = None
) -> int | None:
    early = stage("early", first, last, action)
    playbook = replace(book(early), holidays=Name(country) if country else None)
    return analyse_events(playbook).guaranteed_day(early, action)


# --------------------------------------------------------------------------- weekends, sundays


def test_one_day_skipping_weekends_is_never_guaranteed_but_can_fire() -> None:
    letter = _skip(act(Channel.LETTER, on(3)), "weekends")
    early = stage("early", 1, 30, letter)
    analysis = analyse_events(book(early))
    assert analysis.earliest_day(early, letter) == 3
    assert analysis.guaranteed_day(early, letter) is None


def test_three_days_in_a_row_skipping_weekends_are_guaranteed_by_the_third() -> None:
    assert _guaranteed(_skip(act(Channel.LETTER, on(3, 4, 5)), "weekends")) == 5


def test_two_days_in_a_row_skipping_weekends_are_not_guaranteed() -> None:
    assert _guaranteed(_skip(act(Channel.LETTER, on(3, 4)), "weekends")) is None


def test_daily_skipping_weekends_is_guaranteed_within_three_days() -> None:
    assert _guaranteed(_skip(act(Channel.SMS, daily()), "weekends")) == 3


def test_daily_skipping_sundays_is_guaranteed_by_the_second_day() -> None:
    assert _guaranteed(_skip(act(Channel.SMS, daily()), "sundays")) == 2


def test_weekly_skipping_sundays_is_never_guaranteed() -> None:
    assert _guaranteed(_skip(act(Channel.CALL, weekly()), "sundays")) is None


def test_no_skip_is_guaranteed_on_its_first_day() -> None:
    assert _guaranteed(act(Channel.LETTER, on(3))) == 3


def _by_alignment(days: list[int], skipped: set[int]) -> int | None:
    """The reference: every weekday day 0 can fall on, the first day not skipped."""
    worst = days[0]
    for zero in range(7):
        firing = [d for d in days if (zero + d) % 7 not in skipped]
        if not firing:
            return None
        worst = max(worst, firing[0])
    return worst


@pytest.mark.parametrize("skip", ["weekends", "sundays"])
@pytest.mark.parametrize(
    "days",
    [[3], [3, 4], [3, 4, 5], [2, 9, 16], [1, 2, 8, 9, 15], [5, 7, 12, 20], [-3, -1, 0], [1, 6]],
)
def test_on_days_match_the_worst_weekday_alignment(days: list[int], skip: str) -> None:
    skipped = {5, 6} if skip == "weekends" else {6}
    action = _skip(act(Channel.LETTER, on(*days)), skip)
    assert _guaranteed(action, first=-5, last=30) == _by_alignment(days, skipped)


@pytest.mark.parametrize("count", [2, 3, 4, 5, 6, 7, 8])
def test_every_n_days_matches_the_worst_weekday_alignment(count: int) -> None:
    action = _skip(act(Channel.SMS, Schedule(Every(count, Unit.DAYS))), "weekends")
    assert _guaranteed(action) == _by_alignment(list(range(1, 61, count)), {5, 6})


def test_a_condition_bound_is_met_by_a_later_surviving_day() -> None:
    # The notice is certain by day 5; the call waits 2 more days: from day 7, skipping
    # weekends, it is certain by day 9.
    letter = act(Channel.LETTER, on(5), using="validation_letter")
    call = _skip(act(Channel.CALL, daily(), after("validation", 2)), "weekends")
    early = stage("early", 1, 30, letter, call)
    analysis = analyse_events(book(early, templates=(VALIDATION,)))
    assert analysis.guaranteed_day(early, call) == 9
    assert analysis.earliest_day(early, call) == 7


# --------------------------------------------------------------------------- holidays


def _by_calendar(days: list[int], country: str, weekdays: set[int]) -> int | None:
    """The reference: every date of the years around this one as day 0, day by day."""
    year = date.today().year
    calendar = holidays.country_holidays(country, years=range(year - 4, year + 6))
    worst = days[0]
    zero = date(year - 3, 1, 1)
    while zero <= date(year + 3, 12, 31):
        firing = [
            d
            for d in days
            if (zero + timedelta(d)).weekday() not in weekdays
            and zero + timedelta(d) not in calendar
        ]
        if not firing:
            return None
        worst = max(worst, firing[0])
        zero += timedelta(1)
    return worst


@pytest.mark.parametrize(
    ("days", "country", "skips"),
    [
        (list(range(1, 40)), "GB", ("weekends", "holidays")),
        (list(range(1, 40)), "US", ("weekends", "holidays")),
        (list(range(1, 40)), "GB", ("holidays",)),
        (list(range(1, 60, 7)), "GB", ("holidays",)),
        (list(range(1, 60, 7)), "US", ("holidays",)),
        ([3, 4], "US", ("holidays",)),
        ([3, 4, 5], "GB", ("sundays", "holidays")),
        ([32, 39, 46, 53, 60], "AU", ("holidays",)),
    ],
)
def test_holidays_match_every_date_of_day_0(
    days: list[int], country: str, skips: tuple[str, ...]
) -> None:
    weekdays = {5, 6} if "weekends" in skips else {6} if "sundays" in skips else set()
    action = _skip(act(Channel.CALL, on(*days)), *skips)
    assert _guaranteed(action, last=90, country=country) == _by_calendar(days, country, weekdays)


def test_a_run_of_holidays_and_a_weekend_delays_a_daily_action() -> None:
    # Christmas Day, Boxing Day and the weekend (or the days they are moved to) make four
    # days in a row off in Great Britain every year.
    action = _skip(act(Channel.CALL, daily()), "weekends", "holidays")
    assert _guaranteed(action, country="GB") == 5
    assert _guaranteed(_skip(act(Channel.CALL, daily()), "weekends")) == 3


def test_a_weekly_action_can_lose_christmas_and_new_year() -> None:
    # 25 December and 1 January are seven days apart: a weekly step can miss both.
    action = _skip(act(Channel.CALL, weekly()), "holidays")
    assert _guaranteed(action, country="GB") == 15


def test_one_day_skipping_holidays_is_never_guaranteed() -> None:
    assert _guaranteed(_skip(act(Channel.LETTER, on(36)), "holidays"), country="AU") is None


@pytest.mark.parametrize("country", [None, "XX"])
def test_skip_holidays_without_a_known_country_skips_nothing(country: str | None) -> None:
    assert _guaranteed(_skip(act(Channel.LETTER, on(3)), "holidays"), country=country) == 3


def test_a_lower_case_country_is_the_country() -> None:
    assert _guaranteed(_skip(act(Channel.LETTER, on(36)), "holidays"), country="au") is None


# --------------------------------------------------------------------------- what follows


def test_a_notice_on_a_skipped_day_is_not_certain_before_a_later_step() -> None:
    letter = _skip(act(Channel.LETTER, on(3), using="validation_letter"), "weekends")
    report = act(Channel.CREDIT_REPORT, on(20))
    waiting = act(Channel.CREDIT_REPORT, on(25), after("validation", 14))
    early = stage("early", 1, 30, letter, report, waiting)
    analysis = analyse_events(book(early, templates=(VALIDATION,)))
    assert analysis.lead(early, report, "validation") is None
    assert analysis.event_certain_by("validation") is None
    waited = analysis.lead(early, waiting, "validation")
    assert waited is not None
    assert waited.days == 14


def test_a_default_notice_on_a_skipped_day_does_not_cover_a_lawsuit() -> None:
    letter = _skip(act(Channel.LETTER, on(95), using="default_letter"), "weekends")
    lawsuit = act(Channel.LAWSUIT, on(125))
    legal = stage("legal", 91, None, letter, lawsuit)
    analysis = analyse_events(book(legal, templates=(DEFAULT,)))
    assert analysis.lead(legal, lawsuit, "default") is None


def test_a_default_notice_on_three_weekdays_running_covers_a_lawsuit() -> None:
    letter = _skip(act(Channel.LETTER, on(95, 96, 97), using="default_letter"), "weekends")
    lawsuit = act(Channel.LAWSUIT, on(125))
    legal = stage("legal", 91, None, letter, lawsuit)
    analysis = analyse_events(book(legal, templates=(DEFAULT,)))
    lead = analysis.lead(legal, lawsuit, "default")
    assert lead is not None
    assert lead.days == 125 - 97


def test_a_contact_on_a_skipped_day_is_not_certain_before_a_lawsuit() -> None:
    sms = _skip(act(Channel.SMS, on(6)), "weekends")
    lawsuit = act(Channel.LAWSUIT, on(100))
    playbook: Playbook = book(stage("early", 1, 30, sms), stage("legal", 91, None, lawsuit))
    analysis = analyse_events(playbook)
    assert analysis.lead(playbook.stages[1], lawsuit, Sent(Channel.SMS)) is None


def test_a_daily_contact_skipping_weekends_is_certain_before_a_lawsuit() -> None:
    sms = _skip(act(Channel.SMS, daily()), "weekends")
    lawsuit = act(Channel.LAWSUIT, on(100))
    playbook = book(stage("early", 1, 30, sms), stage("legal", 91, None, lawsuit))
    lead = analyse_events(playbook).lead(playbook.stages[1], lawsuit, Sent(Channel.SMS))
    assert lead is not None
    assert lead.days == 100 - 3


def test_skipped_away_tells_a_skip_from_an_uncertain_condition() -> None:
    skipped = _skip(act(Channel.LETTER, on(3)), "weekends")
    waiting = act(Channel.LETTER, on(5), after("conversation"))
    late = act(Channel.LETTER, on(10), after("validation", 20))
    sure = _skip(act(Channel.LETTER, on(3, 4, 5), using="validation_letter"), "weekends")
    early = stage("early", 1, 30, skipped, waiting, late, sure)
    analysis = analyse_events(book(early, templates=(VALIDATION,)))
    assert analysis.facts_for(early, skipped).skipped_away
    assert not analysis.facts_for(early, waiting).skipped_away
    assert not analysis.facts_for(early, late).skipped_away
    assert not analysis.facts_for(early, sure).skipped_away
