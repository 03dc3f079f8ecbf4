"""Which findings of OLD and NEW are the same finding (audit.md v3, ``diff``).

Two passes. First the exact logical identity, as baselines match (rule, model element,
message with its numbers): a line move is not a change. Then, among the rest, the same
rule on the same model element, where an action is known by what stays when its numbers
are edited — its stage, channel, target and template, or its place among the stage's
actions like it — never by a digest of its whole text, which every edit changes. A
finding matched only in the second pass whose message differs is *changed* (old → new),
not one new and one fixed: tightening ``daily … max 2 per day`` to ``every 3 days … max
1 per day`` leaves the action's PB102 standing, and that is not a new finding.

Actions are also how a change is placed: ``edited_lines`` gives the NEW lines of the
actions an edit touched, so an annotation lands on the line that changed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..canonical import stable_repr
from ..diagnostics import Finding
from ..model import Action, Playbook, Stage
from ..output.common import logical_key

_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class Matched:
    """How the findings of two versions of one playbook pair up."""

    new: tuple[Finding, ...]
    fixed: tuple[Finding, ...]
    changed: tuple[tuple[Finding, Finding], ...]  # (old, new): the same finding, other numbers
    unchanged: int


# --------------------------------------------------------------------------- actions


def _action_key(stage: Stage, action: Action, with_template: bool = True) -> str:
    template = action.template.text if action.template is not None else "-"
    place = f"stage:{stage.name.text}/{action.channel}:{action.target}"
    return f"{place}:{template}" if with_template else place


def action_identities(playbook: Playbook | None, with_template: bool = True) -> dict[str, Action]:
    """Each action by its stable identity: stage, channel, target and template, and its
    ordinal among the stage's actions that share them (``#2`` for the second). Without
    the template, an action whose message was swapped for another keeps its identity."""
    if playbook is None:
        return {}
    seen: dict[str, int] = defaultdict(int)
    found: dict[str, Action] = {}
    for stage, action in playbook.actions():
        key = _action_key(stage, action, with_template)
        seen[key] += 1
        found[f"{key}#{seen[key]}"] = action
    return found


def _by_line(identities: Mapping[str, Action]) -> dict[int, str]:
    """Line -> the identity of the action written there (every line of its span)."""
    lines: dict[int, str] = {}
    for identity, action in identities.items():
        for line in range(action.span.line, action.span.end_line + 1):
            lines.setdefault(line, identity)
    return lines


def edited_lines(old: Playbook | None, new: Playbook | None) -> frozenset[int]:
    """The NEW lines of every action that is not in OLD as it is written now (added, or
    its schedule, hours, limits or conditions edited). Positions take no part."""
    before = action_identities(old)
    lines: set[int] = set()
    for identity, action in action_identities(new).items():
        was = before.get(identity)
        if was is None or stable_repr(was) != stable_repr(action):
            lines.add(action.span.line)
    return frozenset(lines)


# --------------------------------------------------------------------------- findings


def _exact(finding: Finding) -> str:
    """A finding's identity without its file's name or position (the sides differ)."""
    return logical_key(replace(finding, path=""), keep_numbers=True)


def _element(finding: Finding, actions: Mapping[int, str]) -> str:
    """The stable identity of what ``finding`` is about: its action's, or its anchor
    (a template, handler or stage is named by its name already)."""
    if "/action:" in (finding.anchor or ""):
        return actions.get(finding.line, finding.anchor or "")
    return finding.anchor or "playbook"


def _without_numbers(finding: Finding) -> str:
    return _NUMBER.sub("#", finding.stable_message)


def match_findings(
    old: Sequence[Finding],
    new: Sequence[Finding],
    old_playbook: Playbook | None = None,
    new_playbook: Playbook | None = None,
) -> Matched:
    """Pair the findings of OLD and NEW (duplicates counted, not collapsed)."""

    def same_element(
        actions: tuple[Mapping[int, str], Mapping[int, str]], with_message: bool
    ) -> Callable[[Finding, bool], Hashable]:
        def key(finding: Finding, is_new: bool) -> Hashable:
            element = _element(finding, actions[is_new])
            message = _without_numbers(finding) if with_message else ""
            return (finding.code, finding.rule, element, message)

        return key

    pairs: list[tuple[Finding, Finding]] = []
    left_old, left_new = list(old), list(new)
    exact = _pair(left_old, left_new, lambda f, _: _exact(f))
    # Then the same rule on the same element, the message's numbers set aside; then,
    # for what is still left, the same rule on the same element at all; and last, the
    # same two with an action known without its template (``using A`` became
    # ``using B``: the action's PB102 stands, it is not one new and one fixed).
    for with_template in (True, False):
        actions = (  # indexed by is_new
            _by_line(action_identities(old_playbook, with_template)),
            _by_line(action_identities(new_playbook, with_template)),
        )
        for with_message in (True, False):
            pairs += _pair(left_old, left_new, same_element(actions, with_message))
    changed = tuple((a, b) for a, b in pairs if a.stable_message != b.stable_message)
    unchanged = len(exact) + len(pairs) - len(changed)
    return Matched(tuple(left_new), tuple(left_old), changed, unchanged)


def _pair(
    old: list[Finding], new: list[Finding], key: Callable[[Finding, bool], Hashable]
) -> list[tuple[Finding, Finding]]:
    """Pair findings of ``old`` and ``new`` with equal keys, in order, each used once;
    the paired ones are taken out of both lists."""
    waiting: dict[Hashable, list[int]] = defaultdict(list)
    for index, finding in enumerate(old):
        waiting[key(finding, False)].append(index)
    pairs: list[tuple[int, int]] = []
    for index, finding in enumerate(new):
        queue = waiting.get(key(finding, True))
        if queue:
            pairs.append((queue.pop(0), index))
    taken_old = {a for a, _ in pairs}
    taken_new = {b for _, b in pairs}
    result = [(old[a], new[b]) for a, b in pairs]
    old[:] = [f for i, f in enumerate(old) if i not in taken_old]
    new[:] = [f for i, f in enumerate(new) if i not in taken_new]
    return result
