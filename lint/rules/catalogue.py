"""The catalogue of checks, as rulesets know them: each check's code, name, family,
default severity, the parameters a rule gives it, and the module of ``lint/checks`` that
implements it.

The ruleset loader resolves a rule's ``check:`` here and a ``Rule`` holds the entry, so
loading a ruleset imports no check; the run (``run/engine.py``) asks the registry
(``checks/__init__.py``) for the implementation of an entry when a rule of it applies,
and only then is its family's module imported. Every fact of a check that is not its
implementation (its summary, function and documentation) has its one home here; a
family module's ``Check`` names its entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar

from ..diagnostics import Severity
from .params import (
    ContactAfterConversation,
    ContactDay,
    ContactFrequency,
    ContactHours,
    EscalationOrder,
    ForbiddenTarget,
    LateNotice,
    LimitedContent,
    MissingDisclosure,
    MissingHandler,
    MissingNotice,
    NoParams,
    NoticeWait,
    PersonalAttachments,
    PrematureCreditReport,
    PrematureLawsuit,
    PrematureVisit,
    ProhibitedContent,
    ThirdPartyDisclosure,
    ThirdPartyRepeat,
    UnboundedSchedule,
    UnknownPlaceholder,
    UnplannedThreat,
    VisitStaffing,
)

P = TypeVar("P")


class Family(Enum):
    """A family of checks (``checks.md``): one module of ``lint/checks``, or for content
    three (the words that must not be there, those that must, those against the plan)."""

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


@dataclass(frozen=True)
class CheckSpec(Generic[P]):
    """What a ruleset (and a finding) knows of a check: ``PB101`` ``contact-frequency``,
    a frequency check, a warning unless the rule says otherwise, parameters of type
    ``ContactFrequency``, implemented in ``lint/checks/frequency.py``."""

    code: str
    name: str
    family: Family
    severity: Severity  # unless a rule gives its own
    params: type[P]
    module: str  # the module of lint/checks whose CHECKS holds the implementation

    @property
    def always_on(self) -> bool:
        """Run on every playbook and configured by no ruleset rule."""
        return self.family.always_on


# code, name, family, severity, parameters, module
PB001 = CheckSpec("PB001", "syntax-error", Family.STRUCTURE, Severity.ERROR, NoParams, "structure")
PB002 = CheckSpec("PB002", "schema-error", Family.STRUCTURE, Severity.ERROR, NoParams, "structure")
PB003 = CheckSpec(
    "PB003", "unknown-reference", Family.STRUCTURE, Severity.ERROR, NoParams, "structure"
)
PB004 = CheckSpec("PB004", "invalid-value", Family.STRUCTURE, Severity.ERROR, NoParams, "structure")
PB005 = CheckSpec(
    "PB005", "overlapping-stages", Family.STRUCTURE, Severity.WARNING, NoParams, "structure"
)
PB007 = CheckSpec(
    "PB007", "duplicate-definition", Family.STRUCTURE, Severity.ERROR, NoParams, "structure"
)
PB008 = CheckSpec(
    "PB008", "channel-mismatch", Family.STRUCTURE, Severity.ERROR, NoParams, "structure"
)
PB009 = CheckSpec(
    "PB009", "unused-template", Family.STRUCTURE, Severity.WARNING, NoParams, "structure"
)
PB006 = CheckSpec(
    "PB006", "unreachable-action", Family.REACHABILITY, Severity.WARNING, NoParams, "reachability"
)
PB010 = CheckSpec(
    "PB010",
    "suppression-without-reason",
    Family.SUPPRESSION,
    Severity.WARNING,
    NoParams,
    "suppression",
)
PB011 = CheckSpec(
    "PB011", "blanket-suppression", Family.SUPPRESSION, Severity.WARNING, NoParams, "suppression"
)
PB012 = CheckSpec(
    "PB012", "unused-suppression", Family.SUPPRESSION, Severity.WARNING, NoParams, "suppression"
)
PB101 = CheckSpec(
    "PB101", "contact-frequency", Family.FREQUENCY, Severity.WARNING, ContactFrequency, "frequency"
)
PB102 = CheckSpec(
    "PB102",
    "contact-after-conversation",
    Family.FREQUENCY,
    Severity.WARNING,
    ContactAfterConversation,
    "frequency",
)
PB103 = CheckSpec(
    "PB103",
    "unbounded-schedule",
    Family.FREQUENCY,
    Severity.WARNING,
    UnboundedSchedule,
    "frequency",
)
PB201 = CheckSpec("PB201", "contact-hours", Family.TIMING, Severity.WARNING, ContactHours, "timing")
PB202 = CheckSpec("PB202", "contact-day", Family.TIMING, Severity.WARNING, ContactDay, "timing")
PB301 = CheckSpec(
    "PB301", "premature-visit", Family.ESCALATION, Severity.ERROR, PrematureVisit, "escalation"
)
PB302 = CheckSpec(
    "PB302",
    "premature-lawsuit",
    Family.ESCALATION,
    Severity.WARNING,
    PrematureLawsuit,
    "escalation",
)
PB303 = CheckSpec(
    "PB303", "escalation-order", Family.ESCALATION, Severity.WARNING, EscalationOrder, "escalation"
)
PB304 = CheckSpec(
    "PB304",
    "premature-credit-report",
    Family.ESCALATION,
    Severity.WARNING,
    PrematureCreditReport,
    "escalation",
)
PB305 = CheckSpec(
    "PB305", "visit-staffing", Family.ESCALATION, Severity.WARNING, VisitStaffing, "escalation"
)
PB401 = CheckSpec(
    "PB401", "missing-notice", Family.NOTICES, Severity.ERROR, MissingNotice, "notices"
)
PB402 = CheckSpec("PB402", "late-notice", Family.NOTICES, Severity.ERROR, LateNotice, "notices")
PB403 = CheckSpec("PB403", "notice-wait", Family.NOTICES, Severity.ERROR, NoticeWait, "notices")
PB501 = CheckSpec(
    "PB501", "prohibited-content", Family.CONTENT, Severity.ERROR, ProhibitedContent, "content"
)
PB503 = CheckSpec(
    "PB503",
    "third-party-disclosure",
    Family.CONTENT,
    Severity.ERROR,
    ThirdPartyDisclosure,
    "content",
)
PB504 = CheckSpec(
    "PB504", "unknown-placeholder", Family.CONTENT, Severity.WARNING, UnknownPlaceholder, "content"
)
PB502 = CheckSpec(
    "PB502",
    "missing-disclosure",
    Family.CONTENT,
    Severity.WARNING,
    MissingDisclosure,
    "required_words",
)
PB505 = CheckSpec(
    "PB505",
    "threatens-unplanned-action",
    Family.CONTENT,
    Severity.ERROR,
    UnplannedThreat,
    "plan_words",
)
PB506 = CheckSpec(
    "PB506", "limited-content-message", Family.CONTENT, Severity.ERROR, LimitedContent, "plan_words"
)
PB507 = CheckSpec(
    "PB507",
    "personal-data-to-others",
    Family.CONTENT,
    Severity.ERROR,
    PersonalAttachments,
    "plan_words",
)
PB601 = CheckSpec(
    "PB601", "forbidden-target", Family.THIRD_PARTY, Severity.ERROR, ForbiddenTarget, "third_party"
)
PB602 = CheckSpec(
    "PB602",
    "third-party-repeat",
    Family.THIRD_PARTY,
    Severity.ERROR,
    ThirdPartyRepeat,
    "third_party",
)
PB701 = CheckSpec(
    "PB701", "missing-handler", Family.HANDLERS, Severity.WARNING, MissingHandler, "handlers"
)

# Every check, in the order they run and are listed: by family, each family's checks in
# the order of its module's CHECKS (the always-on model checks first, the comment checks
# after them).
CATALOGUE: tuple[CheckSpec[Any], ...] = (
    *(PB001, PB002, PB003, PB004, PB005, PB007, PB008, PB009),
    PB006,
    *(PB010, PB011, PB012),
    *(PB101, PB102, PB103),
    *(PB201, PB202),
    *(PB301, PB302, PB303, PB304, PB305),
    *(PB401, PB402, PB403),
    *(PB501, PB503, PB504, PB502, PB505, PB506, PB507),
    *(PB601, PB602),
    PB701,
)
# The checks of suppression comments (PB010-PB012), judged after every other check.
ON_COMMENTS: tuple[CheckSpec[Any], ...] = tuple(s for s in CATALOGUE if s.family.on_comments)
# By code, for lists and "did you mean".
BY_CODE: dict[str, CheckSpec[Any]] = {
    spec.code: spec for spec in sorted(CATALOGUE, key=lambda s: s.code)
}
BY_NAME: dict[str, CheckSpec[Any]] = {spec.name: spec for spec in BY_CODE.values()}


def spec_for(code_or_name: str) -> CheckSpec[Any] | None:
    """The check with this code (``PB101``, any case) or name (``contact-frequency``)."""
    return BY_CODE.get(code_or_name.upper()) or BY_NAME.get(code_or_name)


def check_names() -> list[str]:
    """Every check's code, then every check's name (by code): the choices of a 'did you
    mean'."""
    return [*BY_CODE, *BY_NAME]
