"""Issue 9, item 4: the analysed year is an input (``--year``, config ``year``), never a
silent ``date.today()``: a result must not change on 1 January with no change to the file."""

from __future__ import annotations

from datetime import date

import pytest

from playbook_lint.analysis.events import analyse_events
from playbook_lint.analysis.timeline import analyse_timeline
from playbook_lint.checks.base import Context
from playbook_lint.run.config import ConfigError, Settings, show_settings
from playbook_lint.run.engine import lint_bytes, lint_text
from playbook_lint.syntax.parse import parse_source

# Chicago-clock calls reach Los Angeles two hours earlier: PB201's help names an example
# date of the analysed year.
DSL = """playbook "year"
jurisdiction us-regf
timezone America/Chicago
borrowers in America/Los_Angeles
on conversation: pause call for 7 days
on cease_requested: stop all
stage s days 1..30 {
  call to borrower on day 3 at 09:00
}
"""


def _pb201_help(year: int | None) -> str:
    [finding] = [f for f in lint_text(DSL, "t.playbook", year=year).findings if f.code == "PB201"]
    assert finding.help is not None
    return finding.help


@pytest.mark.parametrize("year", [2019, 2031])
def test_the_year_given_is_the_year_analysed(year: int) -> None:
    assert f"{year}-" in _pb201_help(year)


def test_without_a_year_the_rule_is_the_current_year() -> None:
    assert f"{date.today().year}-" in _pb201_help(None)


def test_show_settings_says_which_year() -> None:
    assert "year = 2027\n" in show_settings(Settings(year=2027))
    default = show_settings(Settings())
    assert f"year = {date.today().year}  # not set: the current year" in default


def test_a_config_year_is_bounded(tmp_path: object) -> None:
    from pathlib import Path

    from playbook_lint.run.config import SettingsResolver

    folder = Path(str(tmp_path))
    (folder / ".playbook-lint.yaml").write_text("year: 99999\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="year"):
        SettingsResolver().for_path(str(folder / "a.playbook"))
    (folder / ".playbook-lint.yaml").write_text("year: 2024\n", encoding="utf-8")
    assert SettingsResolver().for_path(str(folder / "a.playbook")).year == 2024


# Issue 20 item 4 (style habit 19): the year is a parameter all the way down, so the
# event analysis (``skip holidays``) and the timeline (local hours) use one and the same.
HOLIDAYS = """playbook "holidays"
timezone Australia/Sydney
holidays AU
on cease_requested: stop all
stage s days 1..30 {
  sms on day 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 at 10:00 skip holidays
}
"""


def test_the_year_given_reaches_both_analyses() -> None:
    playbook = parse_source(HOLIDAYS, "h.playbook").playbook
    assert playbook is not None
    context = Context(playbook, year=2031)
    assert context.events.year == 2031
    assert context.timeline.year == 2031


def test_one_analysis_is_never_made_with_two_years() -> None:
    playbook = parse_source(HOLIDAYS, "h.playbook").playbook
    assert playbook is not None
    events = analyse_events(playbook, 2031)
    assert analyse_timeline(playbook, events=events).year == 2031
    with pytest.raises(ValueError, match="2031, not 2030"):
        analyse_timeline(playbook, year=2030, events=events)


def test_lint_bytes_decodes_once_then_lints() -> None:
    good = lint_bytes(DSL.encode(), "t.playbook", year=2031)
    assert good.source == DSL
    assert good.findings == lint_text(DSL, "t.playbook", year=2031).findings
    bad = lint_bytes(b"playbook \xff\xfe", "t.playbook")
    assert bad.source is None
    assert [f.code for f in bad.findings] == ["PB001"]
