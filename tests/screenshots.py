"""Regenerate the report screenshots in docs/img (not a test): ``python tests/screenshots.py``.

Audits the DSL examples against three rulesets and photographs the summary, the matrix and
one playbook's charts in headless Chromium, as the browser tests open the report.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from browser import screenshot
from click.testing import CliRunner

from playbook_lint.cli import main

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "img"
# The three US-facing rulesets: the US examples pass or fail on their merits, and the
# others show what a plan written for another country looks like against US law.
RULESETS = ("baseline", "us-regf", "us-ma")


def make() -> None:
    os.chdir(REPO)  # the report shows paths as given: examples/…
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        report = Path(work) / "audit.html"
        examples = sorted(str(p.relative_to(REPO)) for p in (REPO / "examples").glob("*.playbook"))
        args = ["audit", *examples, "--html", str(report), "--title", "Q3 submissions"]
        for ruleset in RULESETS:
            args += ["--ruleset", ruleset]
        result = CliRunner().invoke(main, args)
        assert result.exit_code in (0, 1), result.output
        sloppy = 1 + next(i for i, p in enumerate(examples) if "sloppy-us-agency" in p)
        url = report.as_uri()
        screenshot(url, OUT / "audit-summary.png", 1200, 900)
        screenshot(url + "?view=matrix", OUT / "audit-matrix.png", 1200, 620)
        screenshot(url + f"?view=pb-{sloppy}-charts", OUT / "audit-charts.png", 1000, 1760)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    make()
