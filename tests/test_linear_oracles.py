"""Issue 24: the linear rewrites answer what the quadratic originals answered, on every
example and fixture playbook of both forms (the originals are kept here as oracles)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from playbook_lint.analysis.events import ActionFacts
from playbook_lint.checks.base import Context
from playbook_lint.checks.required_words import initial_contacts
from playbook_lint.model import Target
from playbook_lint.syntax.parse import parse_source

ROOT = Path(__file__).resolve().parent.parent
PLAYBOOKS = sorted(
    p
    for folder in (ROOT / "examples", ROOT / "tests" / "fixtures")
    for p in folder.rglob("*.playbook*")
    if p.suffix in (".playbook", ".yaml")
)
TARGETS = (tuple(Target), (Target.BORROWER,))


def _initial_contacts_quadratic(
    ctx: Context, targets: tuple[Target, ...]
) -> Iterator[tuple[ActionFacts, int]]:
    contacts = [
        f
        for f in ctx.events.actions()
        if f.reachable and f.action.channel.is_contact and f.action.target is Target.BORROWER
    ]
    for facts in ctx.events.actions():
        if not (facts.reachable and facts.action.channel.is_contact):
            continue
        if facts.action.target not in targets:
            continue
        day = facts.earliest
        assert day is not None
        sure_before = [
            g.guaranteed for g in contacts if g is not facts and g.guaranteed is not None
        ]
        if min(sure_before, default=day) >= day:
            yield facts, day


def test_there_are_playbooks_to_compare() -> None:
    assert len(PLAYBOOKS) > 40


@pytest.mark.parametrize("path", PLAYBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_initial_contacts_match_the_quadratic_original(path: Path) -> None:
    parsed = parse_source(path.read_text(encoding="utf-8", errors="replace"), str(path))
    if parsed.playbook is None:
        return
    ctx = Context(parsed.playbook)
    for targets in TARGETS:
        linear = [(f.action, day) for f, day in initial_contacts(ctx, targets)]
        oracle = [(f.action, day) for f, day in _initial_contacts_quadratic(ctx, targets)]
        assert linear == oracle
