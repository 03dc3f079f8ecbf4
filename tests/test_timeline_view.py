"""The worst-case calendar drawn in the terminal."""

from __future__ import annotations

from timeline_models import action, at, between, limit, playbook, stage

from playbook_lint.model import Every, Unit
from playbook_lint.output.timeline_view import render_timeline


def small() -> str:
    pb = playbook(
        stage(
            1,
            10,
            action(timing=between("09:00", "20:00"), limits=(limit(2, "day"), limit(5, "week"))),
            action("sms", timing=at("10:00"), skip=("weekends",)),
        ),
        stage(11, 14, action("letter", timing=None)),
    )
    return render_timeline(pb, color=False, width=100)


def test_days_across_channels_down_counts_per_day() -> None:
    lines = small().splitlines()
    assert lines[0] == "Worst-case contacts per day past due: t"
    assert lines[1].startswith("one day per column")
    header = lines[2]
    assert header.split()[:3] == ["day", "1", "3"]
    call = next(line for line in lines if line.startswith("call to borrower"))
    # Two a day, every day of the first stage, nothing afterwards.
    assert call.split()[3:] == ["2"] * 10 + ["·"] * 4
    sms = next(line for line in lines if line.startswith("sms to borrower"))
    assert sms.split()[3:] == ["1"] * 10 + ["·"] * 4
    letter = next(line for line in lines if line.startswith("letter to borrower"))
    assert letter.split()[3:] == ["·"] * 10 + ["1"] * 4


def test_busiest_window_of_each_limit_is_marked_under_its_row() -> None:
    lines = small().splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("call to borrower"))
    assert lines[row + 1].strip().endswith("busiest day: 2 (day 1)")
    assert lines[row + 2].strip().endswith("busiest 7 days: 5 (days 1-7)")
    # The 7-day marker spans seven columns under days 1-7.
    assert lines[row + 2].count("^") == 7 * 4 - 1
    # Rows without limits get no marker.
    assert "busiest" not in lines[row + 3]


def test_wide_horizons_are_bucketed_and_unbounded_shows() -> None:
    pb = playbook(
        stage(1, None, action("sms", Every(1, Unit.MINUTES))),
        stage(0, 0, action(timing=between("09:00", "10:00"))),
        horizon=3650,
    )
    text = render_timeline(pb, color=False, width=80)
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "days per column" in text.splitlines()[1]
    call = next(line for line in text.splitlines() if line.startswith("call to borrower"))
    assert "∞" in call
    sms = next(line for line in text.splitlines() if line.startswith("sms to borrower"))
    assert "1k" in sms


def test_color_is_ansi_only_when_asked() -> None:
    pb = playbook(stage(1, 3, action(timing=at("10:00"), limits=(limit(1, "day"),))))
    assert "\x1b[" not in render_timeline(pb, color=False)
    assert "\x1b[" in render_timeline(pb, color=True)
