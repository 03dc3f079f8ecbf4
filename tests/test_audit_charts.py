"""What the three charts show, as numbers: intensity against caps, hours against the
permitted windows per zone, and the escalation ladder against the earliest lawful days."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from playbook_lint.analysis.events import analyse_events
from playbook_lint.analysis.timeline import analyse_timeline
from playbook_lint.audit import charts
from playbook_lint.model import Playbook
from playbook_lint.rules.rulesets import Rule, load_ruleset
from playbook_lint.run.engine import lint_text

SOURCE = """playbook "dialer"
jurisdiction us-regf
timezone America/New_York
borrowers in America/New_York, America/Los_Angeles
template validation_notice letter notice validation "This is a debt collector."
stage early days 1..20 {
  letter using validation_notice on day 5
  call to borrower daily at 07:30, 12:00, 19:00
  credit_report on day 10
}
stage late days 21..60 {
  call to borrower daily at 12:00
  lawsuit on day 50 after validation + 40 days
}
"""


def _playbook(source: str = SOURCE) -> Playbook:
    result = lint_text(source, "dialer.playbook")
    assert result.playbook is not None
    return result.playbook


def _rules() -> list[Rule]:
    return list(load_ruleset("us-regf").rules)


def test_intensity_counts_per_day_and_marks_days_over_the_cap() -> None:
    data = charts.intensity(analyse_timeline(_playbook(), year=2026), _rules())
    calls = next(s for s in data.daily if s.label == "call to borrower")
    assert calls.first_day == 1
    assert calls.counts[:20] == (3,) * 20
    assert calls.counts[20:40] == (1,) * 20
    cap = next(c for c in data.caps if c.rule == "us-regf/call-frequency")
    assert cap.limit == 7
    assert cap.window_days == 7
    # 3 a day: the 7 days ending on day 3 hold 9 calls; those ending on day 26 hold one
    # day at 3 and six at 1 (9); from day 27 on, seven days at 1.
    assert cap.counts[:3] == (3, 6, 9)
    assert cap.exceeded == tuple(range(3, 27))


def test_hours_show_where_contacts_land_against_each_ruleset() -> None:
    zones = charts.hours(analyse_timeline(_playbook(), year=2026), _rules())
    assert [z.zone for z in zones] == ["America/New_York", "America/Los_Angeles"]
    new_york, los_angeles = zones
    assert new_york.bands[0].by_weekday[0] == (8 * 60, 21 * 60)
    # Each time a call can land, each day of the week.
    assert new_york.spans[0] == ((7 * 60 + 30,) * 2, (12 * 60,) * 2, (19 * 60,) * 2)
    assert new_york.outside(0)  # 07:30 is before 08:00
    # 07:30 Eastern is 04:30 in Los Angeles, and 19:00 is 16:00 there.
    assert los_angeles.spans[2] == ((4 * 60 + 30,) * 2, (9 * 60,) * 2, (16 * 60,) * 2)


def test_ladder_puts_each_step_against_its_earliest_lawful_day() -> None:
    playbook = _playbook()
    rungs = {r.step: r for r in charts.ladder(analyse_events(playbook), _rules())}
    assert rungs["first contact"].earliest == 1
    assert rungs["validation notice"].earliest == 5
    credit = rungs["credit_report"]
    assert credit.earliest == 10
    assert credit.lawful == 5 + 14  # us-regf: validation notice + 14 days
    assert credit.premature
    lawsuit = rungs["lawsuit"]
    assert lawsuit.earliest == 50
    # us-regf's "lawsuit after 90 days" is common practice, not law: no lawful day.
    assert lawsuit.lawful is None
    assert not lawsuit.premature
    assert lawsuit.gates == ("after validation + 40 days",)


def test_each_chart_is_well_formed_svg_with_the_name_escaped() -> None:
    playbook = _playbook(SOURCE.replace('"dialer"', '"<b>dialer</b>"'))
    timeline = analyse_timeline(playbook, year=2026)
    drawn = [
        charts.draw_intensity(charts.intensity(timeline, _rules()), playbook.name),
        charts.draw_hours(charts.hours(timeline, _rules()), playbook.name),
        charts.draw_ladder(charts.ladder(analyse_events(playbook), _rules()), playbook.name),
    ]
    for svg_text in drawn:
        root = ET.fromstring(svg_text)
        assert "<b>dialer</b>" in (root[0].text or "")
        assert "<b>" not in svg_text
    assert 'class="step premature"' in drawn[2]
    assert 'class="contact outside"' in drawn[1]
