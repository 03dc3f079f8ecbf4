"""Write the public-holiday table next to the rulesets (packaging time, never at run time).

    .venv/bin/python -m playbook_lint.analysis.build_holiday_table

A script of its own, above both modules it uses: ``holiday_calendar`` reads the table
(``holiday_table``) and never imports this builder.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from .holiday_calendar import computed_holidays, country_groups
from .holiday_table import FIRST_YEAR, LAST_YEAR, header, installed_release, table_path, table_row


def build(release: str) -> str:
    """The table's text: every country the installed ``holidays`` knows, every year."""
    lines = [header(release)]
    for codes in country_groups():
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always")
            try:
                by_year = [computed_holidays(codes[0], y) for y in range(FIRST_YEAR, LAST_YEAR + 1)]
            except NotImplementedError:  # listed but without a calendar: asked at run time
                continue
        if said:  # a calendar that warns (years it does not cover) warns at run time too
            continue
        lines.append(table_row(codes, by_year))
    return "\n".join(lines) + "\n"


def save() -> Path:
    release = installed_release()
    if release is None:
        raise SystemExit("holidays is not installed with a dist-info folder")
    path = table_path()
    path.write_text(build(release), encoding="utf-8")
    return path


def main() -> None:
    print(f"wrote {save()}")


if __name__ == "__main__":
    main()
