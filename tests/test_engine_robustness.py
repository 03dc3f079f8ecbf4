"""No input, however broken, makes the whole pipeline raise: parse, structure checks,
worst-case analysis and every bundled rule run on mangled versions of real playbooks."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook_lint.run.engine import lint_text
from support import REPO

SOURCES = [
    (path.name, path.read_text(encoding="utf-8"))
    for path in sorted((REPO / "examples").glob("*.playbook*"))
]
# Fragments that push the analysis to its edges when dropped into a playbook.
FRAGMENTS = [
    "0", "-1", "99999", "24:00", "00:00", "23:59", "..", "{", "}", ":", "\n", "\t", '"',
    "after conversation", "max 0 per day", "every 1 minutes", "until day 3", "from day 900",
    "+ 5 days", "all except letter", "skip holidays", "horizon 1 days", "by 0 agents",
    "between 23:00 and 23:30", "instalments weekly", "{name}", "逮 捕", "- on x: stop all",
]  # fmt: skip


@st.composite
def mangled(draw: st.DrawFn) -> tuple[str, str]:
    name, text = draw(st.sampled_from(SOURCES))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(FRAGMENTS)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 30)) :]
    return name, text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled())
def test_mangled_playbooks_never_raise(case: tuple[str, str]) -> None:
    name, text = case
    for finding in lint_text(text, name).findings:
        assert finding.line >= 1
        assert finding.column >= 1


def test_every_example_lints_under_every_bundled_ruleset() -> None:
    from playbook_lint.rules.rulesets import bundled_ruleset_ids

    for name, text in SOURCES:
        for ruleset in bundled_ruleset_ids():
            lint_text(text, str(Path(name)), [ruleset])
