"""Issue 24 item 4: a breach of many actions names the first few others and "and N more",
so the findings of one breach grow linearly with its actions, not quadratically."""

from __future__ import annotations

import re

import pytest

from playbook_lint.checks.frequency import LISTED
from playbook_lint.editing.convert import convert
from playbook_lint.run.engine import lint_text


def _dialer(calls: int) -> str:
    """A dialer of ``calls`` call actions a day, all in the same week."""
    body = "\n".join(
        f"  call to borrower using c daily at {8 + i % 12:02d}:{i % 60:02d}" for i in range(calls)
    )
    return (
        'playbook "dialer"\njurisdiction us-regf\ntimezone America/New_York\n'
        'template c call "This is an attempt to collect a debt."\n'
        f"stage s days 1..30 {{\n{body}\n}}\non payment_received: stop all\n"
    )


def _both(calls: int) -> list[tuple[str, str]]:
    dsl = _dialer(calls)
    return [("d.playbook", dsl), ("d.playbook.yaml", convert(dsl, "d.playbook", "yaml"))]


@pytest.mark.parametrize("form", [0, 1])
def test_a_large_breach_names_the_first_few_and_how_many_more(form: int) -> None:
    path, text = _both(30)[form]
    found = [f for f in lint_text(text, path).findings if f.code == "PB101"]
    assert len(found) == 30
    for finding in found:
        assert len(finding.related) == LISTED
        more = re.search(r"\(with lines ([\d, ]+) and (\d+) more\)$", finding.message)
        assert more is not None, finding.message
        # 29 other actions take part: LISTED are named, the rest counted.
        assert int(more.group(2)) == 29 - LISTED
        named = [int(n) for n in more.group(1).split(", ")]
        assert named == sorted(r.span.line for r in finding.related)
        assert finding.line not in named


def test_a_small_breach_still_names_every_other_action() -> None:
    found = [f for f in lint_text(_dialer(LISTED + 2), "d.playbook").findings if f.code == "PB101"]
    assert found
    for finding in found:
        assert len(finding.related) == LISTED + 1
        assert "more" not in finding.message


def test_the_related_places_grow_linearly_with_the_breach() -> None:
    sizes = []
    for calls in (20, 80):
        found = [f for f in lint_text(_dialer(calls), "d.playbook").findings if f.code == "PB101"]
        sizes.append(sum(len(f.related) + len(f.message) // 40 for f in found))
    # 4x the actions: 4x the findings, each of bounded size (quadratic would be 16x).
    assert sizes[1] <= 4.5 * sizes[0]
