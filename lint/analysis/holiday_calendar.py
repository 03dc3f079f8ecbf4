"""The ``holidays`` package, paid for only as far as a check needs it.

Importing ``holidays`` costs about 100 ms, and its ``holidays.countries`` package imports
every country module (some 250) before the one asked for: together more than a one-file
check of our own. So:

* ``country_codes`` reads the country registry's table from its source (a literal dict)
  without importing the package: PB003 only asks whether a code exists;
* ``country_holidays`` lets Python find ``holidays.countries.<country>`` through a bare
  package object with the real folder as its path, so only that country's module (and
  what it imports) loads.

Both fall back to the package's own API if its layout is not what they expect.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
import types
from datetime import date
from functools import cache
from pathlib import Path

from .holiday_table import tabled_country, tabled_holidays


def known_country(code: str) -> bool:
    """Is ``code`` a country code (or alias) the holidays calendars know? From the shipped
    table when it holds the code (reading the registry's source costs 8-13 ms a start)."""
    return tabled_country(code) or code in country_codes()


@cache
def country_codes() -> frozenset[str]:
    """Every country code (aliases included) the holidays calendars know."""
    try:
        return _codes_from_source()
    except (OSError, SyntaxError, ValueError, TypeError, LookupError):
        from holidays.registry import EntityLoader

        return frozenset(EntityLoader.get_country_codes(include_aliases=True))


def _codes_from_source() -> frozenset[str]:
    """``EntityLoader.get_country_codes(include_aliases=True)``, read from the registry's
    ``COUNTRIES = {"module": ("Class", "CC", "CCC", ...)}`` literal."""
    codes = {code for group in country_groups() for code in group}
    if not codes:
        raise LookupError("no COUNTRIES table in holidays/registry.py")
    return frozenset(codes)


def country_groups() -> list[list[str]]:
    """The codes of each country of the registry's ``COUNTRIES`` literal, in its order
    (``["GB", "GBR", "UK"]``): one calendar each."""
    registry = _package_dir() / "registry.py"
    tree = ast.parse(registry.read_text(encoding="utf-8"))
    for node in tree.body:
        value: ast.expr | None = None
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            value = node.value if node.target.id == "COUNTRIES" else None
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            value = (
                node.value if isinstance(target, ast.Name) and target.id == "COUNTRIES" else None
            )
        if value is None:
            continue
        table = ast.literal_eval(value)
        return [
            [code for code in entry[1:] if isinstance(code, str) and 2 <= len(code) <= 3]
            for entry in table.values()
        ]
    raise LookupError("no COUNTRIES table in holidays/registry.py")


def _package_dir() -> Path:
    spec = importlib.util.find_spec("holidays")  # finds, does not import, a top-level package
    if spec is None or spec.origin is None:
        raise LookupError("holidays is not installed")
    return Path(spec.origin).parent


def country_holidays(country: str, year: int) -> frozenset[date]:
    """The public holidays of ``country`` in ``year``; raises ``NotImplementedError`` for
    a country the calendars do not know (as ``holidays.country_holidays`` does). From the
    table made at packaging time (``holiday_table``) when it can say."""
    tabled = tabled_holidays(country, year)
    return tabled if tabled is not None else computed_holidays(country, year)


def computed_holidays(country: str, year: int) -> frozenset[date]:
    """``country_holidays`` as the ``holidays`` package works it out."""
    _bare_countries_package()
    import holidays

    return frozenset(holidays.country_holidays(country, years=year))


def _bare_countries_package() -> None:
    """Stand in for ``holidays.countries`` (whose ``__init__`` imports every country)
    with a package object that only knows where its modules are."""
    if "holidays.countries" in sys.modules:
        return
    try:
        folder = _package_dir() / "countries"
    except LookupError:
        return
    if not (folder / "__init__.py").is_file():
        return
    package = types.ModuleType("holidays.countries")
    package.__path__ = [str(folder)]
    package.__package__ = "holidays.countries"
    sys.modules["holidays.countries"] = package
