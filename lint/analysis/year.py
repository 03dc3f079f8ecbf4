"""The analysed calendar year (``--year``, config ``year``).

Hours are judged on every date of one year and holidays come from its calendar, so the
year is an input: with none given the rule is "the current year", which the run says
(``--show-settings``, SARIF run properties). The engine sets it around each file's
analysis; the analyses read it here rather than calling ``date.today()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

# Years the holiday calendars and zone rules handle sensibly; a config's number is bounded.
FIRST_YEAR = 1970
LAST_YEAR = 2200

_YEAR: ContextVar[int | None] = ContextVar("analysis_year", default=None)


def default_year() -> int:
    """The fixed rule when no year is given: the current calendar year."""
    return date.today().year


def analysis_year() -> int:
    """The year being analysed now."""
    chosen = _YEAR.get()
    return default_year() if chosen is None else chosen


@contextmanager
def analysing(year: int | None) -> Iterator[None]:
    """Analyse in ``year`` (None: the default rule) inside the ``with`` block."""
    token = _YEAR.set(year)
    try:
        yield
    finally:
        _YEAR.reset(token)
