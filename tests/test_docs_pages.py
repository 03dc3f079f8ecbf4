"""The documentation the repository ships is generated or checked, never left to drift.

``docs/checks.md`` holds every check's page (SARIF ``helpUri`` points at its headings);
``UPDATE_SNAPSHOTS=1`` rewrites it.
"""

from __future__ import annotations

import os

from playbook_lint.checks import ALL_CHECKS
from playbook_lint.docs import checks_reference
from playbook_lint.reporters.sarif import docs_anchor
from support import REPO

CHECKS_DOC = REPO / "docs" / "checks.md"


def test_docs_checks_md_is_the_checks_pages() -> None:
    expected = checks_reference()
    if os.environ.get("UPDATE_SNAPSHOTS"):
        CHECKS_DOC.write_text(expected, encoding="utf-8")
    assert CHECKS_DOC.read_text(encoding="utf-8") == expected


def test_every_check_has_the_heading_its_help_uri_points_at() -> None:
    text = CHECKS_DOC.read_text(encoding="utf-8")
    for check in ALL_CHECKS:
        anchor = docs_anchor(check.code, check.name).rsplit("#", 1)[1]
        heading = f"# {check.code} {check.name}\n"
        assert heading in text
        # GitHub's anchor of that heading: lower case, spaces as dashes.
        assert heading[2:-1].lower().replace(" ", "-") == anchor
