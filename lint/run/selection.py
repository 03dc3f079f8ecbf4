"""Which findings a run reports, and whether they fail it.

A *selector* names findings the way users do on the command line, in config and in
suppression comments: a code (``PB101``), a code prefix (``PB1``, ``PB``), a check name
(``contact-frequency``) or a ruleset rule id (``us-regf/call-frequency``), or a ruleset
id alone (``us-regf``: every rule of it).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..diagnostics import Finding, Severity
from ..suggest import did_you_mean

_CODE_PREFIX = re.compile(r"^[A-Za-z]+[0-9]*$")
# A selector this general names every code: a blanket, not a choice.
BLANKET_SELECTORS = frozenset({"ALL", "*", "PB"})


def specificity(selector: str, finding: Finding) -> int:
    """How precisely ``selector`` names ``finding``: 0 when it does not name it at all.

    A rule id beats a check name beats a full code beats a longer prefix beats a shorter
    one, so ``--select PB1 --ignore PB101`` and ``--ignore PB1 --select PB101`` both do
    what they say (ruff's rule).
    """
    sel = selector.strip()
    if not sel:
        return 0
    if finding.rule is not None:
        if sel == finding.rule:
            return 1000
        if "/" not in sel and finding.rule.startswith(sel + "/"):
            return 900
    if sel == finding.check:
        return 800
    upper = sel.upper()
    if upper in ("ALL", "*"):
        return 1
    if _CODE_PREFIX.match(sel) and finding.code.upper().startswith(upper):
        return 10 + len(upper)
    return 0


@dataclass(frozen=True)
class Vocabulary:
    """Everything a selector may name: check codes and names, rule ids, ruleset ids."""

    codes: frozenset[str]
    names: frozenset[str]
    rule_ids: frozenset[str]
    ruleset_ids: frozenset[str]


def unknown_selector(selector: str, vocabulary: Vocabulary) -> str | None:
    """Why ``selector`` names nothing that exists, with the closest real name; None when
    it is valid. A typo in ``--select`` would otherwise silence everything and pass CI."""
    sel = selector.strip()
    upper = sel.upper()
    if is_blanket(sel) or sel in vocabulary.names or sel in vocabulary.rule_ids:
        return None
    if sel in vocabulary.ruleset_ids:
        return None
    if _CODE_PREFIX.match(sel) and any(code.startswith(upper) for code in vocabulary.codes):
        return None
    everything = [*vocabulary.codes, *vocabulary.names, *vocabulary.rule_ids]
    hint = did_you_mean(sel, everything)
    return f"'{sel}' names no check code, prefix, check name, rule or ruleset{hint}"


def matches(selector: str, finding: Finding) -> bool:
    """Does ``selector`` name ``finding`` (or a rule it stands for)?"""
    return any(specificity(selector, view) > 0 for view in views(finding))


def views(finding: Finding) -> Iterator[Finding]:
    """The finding, then one copy per other rule it stands for (``Finding.also``: an
    unbounded clause is one PB103 naming the PB101 rules it breaks). A run reports it when
    any of them is selected; a suppression silences it only when it names all of them."""
    yield finding
    for code, check, rule in finding.also:
        yield dataclasses.replace(finding, code=code, check=check, rule=rule, also=())


def is_blanket(selector: str) -> bool:
    """A selector that names every finding (``PB``, ``ALL``, ``*``)."""
    return selector.strip().upper() in BLANKET_SELECTORS


def _best(selectors: Iterable[str], finding: Finding) -> int:
    return max((specificity(s, finding) for s in selectors), default=0)


def is_selected(
    finding: Finding,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    extend_select: Sequence[str] = (),
) -> bool:
    """Whether a run with these options reports ``finding``.

    ``select`` None means "everything the rulesets turn on". Between a selecting and an
    ignoring selector the more specific one wins; at equal specificity ``ignore`` wins.
    """
    return any(_is_selected(view, select, ignore, extend_select) for view in views(finding))


def _is_selected(
    finding: Finding,
    select: Sequence[str] | None,
    ignore: Sequence[str],
    extend_select: Sequence[str],
) -> bool:
    chosen = 1 if select is None else _best(select, finding)
    chosen = max(chosen, _best(extend_select, finding))
    if chosen == 0:
        return False
    return _best(ignore, finding) < chosen


def fails(findings: Iterable[Finding], fail_level: Severity) -> bool:
    """Is any reported (not suppressed) finding at or above ``fail_level``?"""
    return any(f.suppressed is None and f.severity.rank >= fail_level.rank for f in findings)
