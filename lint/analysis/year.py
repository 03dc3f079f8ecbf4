"""The analysed calendar year (``--year``, config ``year``).

Hours are judged on every date of one year and holidays come from its calendar, so the
year is an input: with none given the rule is "the current year", which the run says
(``--show-settings``, SARIF run properties). The year is a parameter all the way down
(``lint_text`` -> ``Context`` -> ``analyse_events`` -> ``analyse_timeline``), never read
from a context variable or a global, so the cache key and the analysis cannot disagree
(style habit 19); ``diff`` and ``audit`` analyse each playbook in one year.
"""

from __future__ import annotations

from datetime import date

# Years the holiday calendars and zone rules handle sensibly; a config's number is bounded.
FIRST_YEAR = 1970
LAST_YEAR = 2200


def default_year() -> int:
    """The fixed rule when no year is given: the current calendar year."""
    return date.today().year
