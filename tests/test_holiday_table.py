"""The public-holiday table shipped in rulesets/_holidays.txt is what the installed
``holidays`` release says, and is used only when it can say (issue 24 item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook_lint.analysis import holiday_table
from playbook_lint.analysis.holiday_calendar import (
    computed_holidays,
    country_groups,
    country_holidays,
)
from playbook_lint.analysis.holiday_table import tabled_holidays

REBUILD = "holidays was upgraded: run `python -m playbook_lint.analysis.build_holiday_table`"


def test_the_table_was_made_by_the_installed_release() -> None:
    release = holiday_table.installed_release()
    assert release is not None
    first = holiday_table.table_path().read_text(encoding="utf-8").splitlines()[0]
    assert first == holiday_table.header(release), REBUILD


@pytest.mark.parametrize("year", [holiday_table.FIRST_YEAR, 2026, holiday_table.LAST_YEAR])
def test_every_tabled_country_has_the_packages_holidays(year: int) -> None:
    answered = 0
    for codes in country_groups():
        for code in codes:
            tabled = tabled_holidays(code, year)
            if tabled is None:
                continue
            answered += 1
            assert tabled == computed_holidays(code, year), (code, year)
    assert answered > 400  # nearly every code: aliases included


def test_what_the_table_cannot_say_is_asked_of_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert tabled_holidays("GB", holiday_table.LAST_YEAR + 1) is None
    assert tabled_holidays("XX", 2026) is None
    with pytest.raises(NotImplementedError):
        country_holidays("XX", 2026)
    # a table made by another release is not read
    stale = tmp_path / "_holidays.txt"
    text = holiday_table.table_path().read_text(encoding="utf-8")
    stale.write_text("# holidays 0.0 2020 2040\n" + text.split("\n", 1)[1], encoding="utf-8")
    monkeypatch.setattr(holiday_table, "table_path", lambda: stale)
    holiday_table._rows.cache_clear()
    try:
        assert tabled_holidays("GB", 2026) is None
        assert country_holidays("GB", 2026) == computed_holidays("GB", 2026)
    finally:
        holiday_table._rows.cache_clear()
