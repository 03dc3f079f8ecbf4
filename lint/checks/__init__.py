"""The one registry of checks: every check, its family, and whether it is always on.

Each family module ends with an explicit ``CHECKS`` tuple; ``FAMILIES`` below names the
module each family comes from, so that what is always on, what runs on the model and
what runs on suppression comments is read from here, never from a code's prefix.
"""

from __future__ import annotations

from enum import Enum

from . import (
    content,
    escalation,
    frequency,
    handlers,
    notices,
    plan_words,
    reachability,
    required_words,
    structure,
    suppression,
    third_party,
    timing,
)
from .base import AnyCheck


class Family(Enum):
    """A family of checks: one module of ``lint/checks``."""

    STRUCTURE = "structure"
    REACHABILITY = "reachability"
    SUPPRESSION = "suppression"
    FREQUENCY = "frequency"
    TIMING = "timing"
    ESCALATION = "escalation"
    NOTICES = "notices"
    CONTENT = "content"
    THIRD_PARTY = "third_party"
    HANDLERS = "handlers"

    @property
    def always_on(self) -> bool:
        """Run on every playbook, configured by no ruleset (PB001-PB012)."""
        return self in _ALWAYS_ON

    @property
    def on_comments(self) -> bool:
        """Judges suppression comments, after every other check (PB010-PB012)."""
        return self is Family.SUPPRESSION


_ALWAYS_ON = frozenset({Family.STRUCTURE, Family.REACHABILITY, Family.SUPPRESSION})

# The checks of each family, in the order they run and are listed.
FAMILIES: dict[Family, tuple[AnyCheck, ...]] = {
    Family.STRUCTURE: structure.CHECKS,
    Family.REACHABILITY: reachability.CHECKS,
    Family.SUPPRESSION: suppression.CHECKS,
    Family.FREQUENCY: frequency.CHECKS,
    Family.TIMING: timing.CHECKS,
    Family.ESCALATION: escalation.CHECKS,
    Family.NOTICES: notices.CHECKS,
    Family.CONTENT: content.CHECKS + required_words.CHECKS + plan_words.CHECKS,
    Family.THIRD_PARTY: third_party.CHECKS,
    Family.HANDLERS: handlers.CHECKS,
}

ALL_CHECKS: tuple[AnyCheck, ...] = tuple(c for checks in FAMILIES.values() for c in checks)
# Every check by code, for lists and "did you mean".
KNOWN_CHECKS: tuple[AnyCheck, ...] = tuple(sorted(ALL_CHECKS, key=lambda c: c.code))

BY_CODE: dict[str, AnyCheck] = {check.code: check for check in ALL_CHECKS}
BY_NAME: dict[str, AnyCheck] = {check.name: check for check in ALL_CHECKS}
FAMILY_OF: dict[str, Family] = {c.code: f for f, checks in FAMILIES.items() for c in checks}

# The always-on checks that run on the model (PB001-PB009; PB001/PB002 come from the
# parsers and yield nothing here), in registry order.
MODEL_CHECKS: tuple[AnyCheck, ...] = tuple(
    c for c in ALL_CHECKS if FAMILY_OF[c.code].always_on and not FAMILY_OF[c.code].on_comments
)
# The checks of suppression comments (PB010-PB012).
COMMENT_CHECKS: tuple[AnyCheck, ...] = tuple(c for c in ALL_CHECKS if FAMILY_OF[c.code].on_comments)


def check_for(code_or_name: str) -> AnyCheck | None:
    """The check with this code (``PB101``, any case) or name (``contact-frequency``)."""
    return BY_CODE.get(code_or_name.upper()) or BY_NAME.get(code_or_name)


def is_always_on(check: AnyCheck) -> bool:
    """Run on every playbook and configured by no ruleset rule."""
    return FAMILY_OF[check.code].always_on


def check_names() -> list[str]:
    """Every check's code, then every check's name: the choices of a 'did you mean'."""
    return [c.code for c in KNOWN_CHECKS] + [c.name for c in KNOWN_CHECKS]
