"""Public holidays worked out when the package is made, for the years people analyse.

Even with only the one country module loaded (``holiday_calendar``), asking ``holidays``
for a calendar costs about 60 ms a process: the package's own imports (its lunar
calendars among them) and the country's rules. The answers depend on nothing but the
country, the year and the ``holidays`` release, so ``build_holiday_table`` writes them,
for every country code and the years ``FIRST_YEAR``..``LAST_YEAR``, to
``rulesets/_holidays.txt`` (shipped in the wheel), headed by the release that computed
them. At run time the table answers when the installed release is that one (read from
its ``dist-info`` folder's name, without importing anything); otherwise, and for a year
outside the table, ``holidays`` is asked as before. Nothing is written at run time.

The format, one line a country: ``GB GBR UK|d,d,…;d,d,…;…``: its codes, then for each
year the days of the year (1 = 1 January) that are public holidays.

Rebuild after upgrading ``holidays`` (a test fails until then)::

    .venv/bin/python -m playbook_lint.analysis.build_holiday_table
"""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from ..resources import rulesets_dir

FIRST_YEAR = 2020
LAST_YEAR = 2040
TABLE_NAME = "_holidays.txt"
_HEADER = "# holidays"


def table_path() -> Path:
    return rulesets_dir() / TABLE_NAME


def installed_release() -> str | None:
    """The installed ``holidays`` release, from its ``dist-info`` folder's name; None when
    it is not installed or not so (then the table is not used)."""
    spec = importlib.util.find_spec("holidays")  # finds, does not import
    if spec is None or spec.origin is None:
        return None
    found = sorted(Path(spec.origin).parent.parent.glob("holidays-*.dist-info"))
    if len(found) != 1:
        return None
    return found[0].name.removeprefix("holidays-").removesuffix(".dist-info")


def header(release: str) -> str:
    return f"{_HEADER} {release} {FIRST_YEAR} {LAST_YEAR}"


@cache
def _rows() -> dict[str, str] | None:
    """Each country code's line of the table (after its ``|``), when the table was made
    by the installed release; else None."""
    try:
        lines = table_path().read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    release = installed_release()
    if not lines or release is None or lines[0] != header(release):
        return None
    rows: dict[str, str] = {}
    for line in lines[1:]:
        codes, _, years = line.partition("|")
        for code in codes.split():
            rows[code] = years
    return rows


def tabled_country(code: str) -> bool:
    """Does the table hold ``code`` (a code the installed release knows)? False when it
    cannot say: another release, or a country without a calendar it could table."""
    rows = _rows()
    return rows is not None and code in rows


def tabled_holidays(country: str, year: int) -> frozenset[date] | None:
    """The public holidays of ``country`` in ``year`` from the table; None when the table
    cannot say (another release, a year or a code it does not hold)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    rows = _rows()
    years = rows.get(country) if rows is not None else None
    if years is None:
        return None
    days = years.split(";")[year - FIRST_YEAR]
    first = date(year, 1, 1)
    return frozenset(first + timedelta(days=int(d) - 1) for d in days.split(",") if d)


def table_row(codes: list[str], by_year: list[frozenset[date]]) -> str:
    """One country's line: ``codes``, then each year's holidays (``by_year``, in order)."""
    years = [",".join(str(d.timetuple().tm_yday) for d in sorted(found)) for found in by_year]
    return " ".join(codes) + "|" + ";".join(years)
