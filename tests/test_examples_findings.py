"""Each example gives exactly the findings a compliance officer expects.

``examples_expected.yaml`` lists, per example, the (line, code, rule) a reviewer expects
from the contracts; the YAML twin must report the same findings (on its own lines); and
the exact report is kept as a snapshot under ``snapshots/examples/`` so any change to a
message shows up in review. ``UPDATE_SNAPSHOTS=1 pytest`` rewrites the snapshots;
a missing snapshot fails until then.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from playbook_lint.output.text import render_concise
from support import REPO, lint_file, twins

EXAMPLES = REPO / "examples"
SNAPSHOTS = Path(__file__).parent / "snapshots" / "examples"
EXPECTED = yaml.safe_load((Path(__file__).parent / "examples_expected.yaml").read_text())
PAIRS = twins(EXAMPLES)


def _name(dsl: Path) -> str:
    return dsl.name.removesuffix(".playbook")


@pytest.mark.parametrize(("dsl", "yaml_twin"), PAIRS, ids=lambda p: p.name)
def test_findings_are_what_a_reviewer_expects(dsl: Path, yaml_twin: Path) -> None:
    found = {(f.line, f.code, f.rule) for f in lint_file(dsl)}
    expected = {(e["line"], e["code"], e["rule"]) for e in EXPECTED[_name(dsl)]}
    assert sorted(found, key=str) == sorted(expected, key=str)


@pytest.mark.parametrize(("dsl", "yaml_twin"), PAIRS, ids=lambda p: p.name)
def test_yaml_twin_reports_the_same_findings(dsl: Path, yaml_twin: Path) -> None:
    def key(path: Path) -> Counter[tuple[str, str | None, str]]:
        # Messages may name a line of their own form ("stage early, line 31").
        return Counter(
            (f.code, f.rule, re.sub(r"line \d+", "line N", f.message)) for f in lint_file(path)
        )

    assert key(yaml_twin) == key(dsl)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.playbook*")), ids=lambda p: p.name)
def test_report_matches_snapshot(path: Path) -> None:
    findings = lint_file(path)
    # Paths relative to the repo, so snapshots are portable.
    report = render_concise(findings).replace(str(REPO) + os.sep, "")
    snapshot = SNAPSHOTS / (path.name + ".txt")
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(report, encoding="utf-8")
    # A missing snapshot fails, as ruff's do: a new example's report is reviewed once.
    assert snapshot.exists(), f"no snapshot {snapshot.name}; review it: UPDATE_SNAPSHOTS=1 pytest"
    assert report == snapshot.read_text(encoding="utf-8")
