"""The worst-case timeline: exact window counts, limits, skips, conditions, local clocks."""

from __future__ import annotations

from datetime import date

from timeline_models import action, at, between, limit, playbook, stage

from playbook_lint.analysis.timeline import analyse_timeline, local_reach
from playbook_lint.model import Channel, Day, Every, OnDays, Target, Unit, Weekly

CALL = [Channel.CALL]
WEEK = 7 * 1440
DAY = 1440


def busiest(pb, window=WEEK, connected=False, channels=CALL, target=Target.BORROWER):  # type: ignore[no-untyped-def]
    return analyse_timeline(pb, year=2026).busiest(channels, target, window, connected)


def test_two_a_day_reaches_fourteen_in_seven_days() -> None:
    pb = playbook(stage(1, 30, action(timing=between("09:00", "20:00"), limits=(limit(2, "day"),))))
    found = busiest(pb)
    assert (found.count, found.first_day, found.last_day) == (14, 1, 7)


def test_weekly_cap_met_exactly_is_the_count() -> None:
    capped = action(timing=between("09:00", "20:00"), limits=(limit(3, "week"),))
    assert busiest(playbook(stage(1, 90, capped))).count == 3
    # A rolling week cap still lets 30 consecutive days hold five weeks' starts.
    assert busiest(playbook(stage(1, 90, capped)), window=30 * DAY).count == 15


def test_week_cap_under_daily_cap_packs_greedily() -> None:
    # 6 a day but 7 a week: 8 consecutive days hold 6 + 1 + 0… then 6 again on day 8.
    a = action(timing=between("08:00", "21:00"), limits=(limit(6, "day"), limit(7, "week")))
    found = busiest(playbook(stage(1, 60, a)), window=8 * DAY)
    assert found.count == 13


def test_unbounded_between_is_unbounded() -> None:
    found = busiest(playbook(stage(1, 30, action(timing=between("09:00", "20:00")))))
    assert found.count is None


def test_connected_limit_caps_connected_not_attempts() -> None:
    a = action(
        timing=between("08:00", "21:00"),
        limits=(limit(6, "day"), limit(3, "day", connected=True)),
    )
    pb = playbook(stage(1, 30, a))
    assert busiest(pb, window=DAY).count == 6
    assert busiest(pb, window=DAY, connected=True).count == 3


def test_actions_to_one_target_add_up_other_targets_do_not() -> None:
    pb = playbook(
        stage(
            1,
            30,
            action(timing=at("10:00")),
            action("sms", timing=at("11:00")),
            action(timing=at("12:00"), target="guarantor"),
        )
    )
    assert busiest(pb, window=DAY, channels=[Channel.CALL, Channel.SMS]).count == 2
    assert busiest(pb, window=DAY, target=Target.GUARANTOR).count == 1


def test_skip_weekends_is_counted_at_its_worst_alignment() -> None:
    a = action(timing=at("10:00"), skip=("weekends",))
    assert busiest(playbook(stage(1, 60, a))).count == 5
    # Three days can all be weekdays.
    assert busiest(playbook(stage(1, 60, a)), window=3 * DAY).count == 3
    b = action(timing=at("10:00"), skip=("sundays",))
    assert busiest(playbook(stage(1, 60, b)), window=14 * DAY).count == 12


def test_stage_boundaries_overlap_in_a_window() -> None:
    pb = playbook(
        stage(1, 10, action(timing=at("10:00", "15:00"))),
        stage(11, 20, action(timing=at("09:00", "12:00", "18:00"))),
    )
    found = busiest(pb)
    assert (found.count, found.first_day, found.last_day) == (21, 11, 17)
    assert busiest(pb, window=10 * DAY).count == 30


def test_hour_window_rolls_across_midnight() -> None:
    pb = playbook(stage(1, 30, action(timing=at("23:40")), action(timing=at("00:20"))))
    found = busiest(pb, window=60)
    assert found.count == 2
    assert found.minute is not None


def test_hour_limit_spreads_a_bare_between() -> None:
    a = action(timing=between("09:00", "12:00"), limits=(limit(1, "hour"),))
    pb = playbook(stage(1, 30, a))
    assert busiest(pb, window=DAY).count == 4  # 09:00, 10:00, 11:00, 12:00
    assert busiest(pb, window=60).count == 1


def test_every_minute_over_ten_years_is_counted_without_simulating() -> None:
    a = action("sms", Every(1, Unit.MINUTES))
    pb = playbook(stage(1, None, a), horizon=3650)
    timeline = analyse_timeline(pb, year=2026)
    assert timeline.busiest([Channel.SMS], Target.BORROWER, WEEK).count == 7 * 1440
    assert timeline.busiest([Channel.SMS], Target.BORROWER, 60).count == 60


def test_every_n_hours_in_a_window() -> None:
    a = action("sms", Every(3, Unit.HOURS), timing=between("08:00", "20:00"))
    assert busiest(playbook(stage(1, 5, a)), window=DAY, channels=[Channel.SMS]).count == 5


def test_weekly_and_every_n_days() -> None:
    pb = playbook(stage(1, 60, action("call", Weekly(), timing=at("10:00"))))
    assert busiest(pb, window=30 * DAY).count == 5
    pb = playbook(stage(1, 60, action("call", Every(3, Unit.DAYS), timing=at("10:00", "16:00"))))
    assert busiest(pb).count == 6


def test_on_days() -> None:
    a = action("call", OnDays((Day(1), Day(5), Day(9))), timing=at("10:00"))
    found = busiest(playbook(stage(1, 10, a)))
    assert (found.count, found.first_day) == (2, 1)


def test_condition_on_a_notice_delays_the_action() -> None:
    late = action(timing=at("10:00"), after=(("lawsuit_filed", 10),))
    lawsuit = action("lawsuit", OnDays((Day(100),)))
    pb = playbook(stage(1, 200, late, lawsuit))
    timeline = analyse_timeline(pb, year=2026)
    assert timeline.plans[0].first == 110
    external = action(timing=at("10:00"), after=(("unreachable", 0),))
    assert analyse_timeline(playbook(stage(1, 30, external))).plans[0].first == 1


def test_local_reach_west_east_and_dst() -> None:
    pb = playbook(
        stage(1, 30, action(timing=at("08:30"))),
        zones=("America/Los_Angeles", "Europe/London", "America/Phoenix"),
    )
    timeline = analyse_timeline(pb, year=2026)
    plan = timeline.plans[0]
    west = {r.earliest for r in timeline.local_reach(plan, "America/Los_Angeles")}
    assert west == {5 * 60 + 30}
    east = {r.earliest for r in timeline.local_reach(plan, "Europe/London")}
    # New York and London switch DST on different dates: 4 or 5 hours apart.
    assert east == {12 * 60 + 30, 13 * 60 + 30}
    # Phoenix keeps standard time: 2 hours behind in winter, 3 in summer.
    phoenix = {r.earliest for r in timeline.local_reach(plan, "America/Phoenix")}
    assert phoenix == {6 * 60 + 30, 5 * 60 + 30}


def test_local_reach_crosses_midnight_into_the_next_weekday() -> None:
    a = action(timing=at("23:30"), skip=("weekends",))
    pb = playbook(stage(1, 30, a), zones=("Europe/London",))
    timeline = analyse_timeline(pb, year=2026)
    weekdays = {r.weekday for r in timeline.local_reach(timeline.plans[0], "Europe/London")}
    assert 5 in weekdays  # Friday night in New York is Saturday morning in London
    assert 0 not in weekdays


def test_local_reach_skips_holidays_of_the_named_country() -> None:
    a = action(timing=at("10:00"), skip=("holidays",))
    timeline = analyse_timeline(playbook(stage(1, 30, a), holidays="US"), year=2026)
    reaches = local_reach(timeline.plans[0], "America/New_York", None, 2026, "US")
    # The first date grouped for a Thursday is not New Year's Day.
    assert all(r.date != date(2026, 1, 1) for r in reaches)


def test_an_hour_across_midnight_holds_two_days_caps() -> None:
    a = action(timing=at("00:10", "23:50"), limits=(limit(1, "day"),))
    assert busiest(playbook(stage(1, 30, a)), window=60).count == 2
    b = action(timing=at("00:10", "23:50"), limits=(limit(1, "day"), limit(1, "week")))
    assert busiest(playbook(stage(1, 30, b)), window=60).count == 1
