"""The holidays package, loaded only as far as needed, answers as the package does."""

from __future__ import annotations

import subprocess
import sys

import holidays
import pytest
from holidays.registry import EntityLoader

from playbook_lint.analysis.holiday_calendar import country_codes, country_holidays


def test_the_country_codes_are_the_registrys() -> None:
    assert country_codes() == frozenset(EntityLoader.get_country_codes(include_aliases=True))
    assert {"AU", "GB", "UK", "US", "USA", "CN"} <= country_codes()


def test_a_countrys_holidays_are_the_packages() -> None:
    for country in ("AU", "GB", "US", "CN", "IN"):
        expected = frozenset(holidays.country_holidays(country, years=2026))
        assert country_holidays(country, 2026) == expected


def test_one_country_loads_one_country_module_and_no_package() -> None:
    probe = (
        "import sys\n"
        "from playbook_lint.analysis.holiday_calendar import country_codes, computed_holidays\n"
        "assert 'GB' in country_codes() and 'holidays' not in sys.modules\n"
        "assert computed_holidays('AU', 2026)\n"
        "print(sorted(m for m in sys.modules if m.startswith('holidays.countries.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['holidays.countries.australia']"


def test_an_unknown_country_is_not_implemented() -> None:
    with pytest.raises(NotImplementedError):
        country_holidays("XX", 2026)
