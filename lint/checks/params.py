"""The typed parameters of every check (``checks.md``), as a ruleset instantiates them.

The ruleset loader builds these from YAML by their type hints (see ``rulesets.py``):
``tuple[Channel, ...]`` from a list of channel names, ``Window`` from ``"7 days"``,
``HourRange`` from ``"08:00-21:00"`` and so on. Unknown keys are an error there.
Defaults are what a rule gets when the ruleset leaves a parameter out.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..model import CONTACT_CHANNELS, THIRD_PARTIES, Channel, Period, Target

ALL_CONTACT_CHANNELS: tuple[Channel, ...] = tuple(c for c in Channel if c in CONTACT_CHANNELS)
EVERY_THIRD_PARTY: tuple[Target, ...] = tuple(t for t in Target if t in THIRD_PARTIES)

# --------------------------------------------------------------------------- value types


class Count(Enum):
    """What a frequency cap counts: every attempt, or only contacts that reach the person."""

    ATTEMPTS = "attempts"
    CONNECTED = "connected"

    def __str__(self) -> str:
        return self.value


class Scope(Enum):
    """PB502: every template of the channels, or only those that can be the first
    communication with the borrower (checks.md v2 item 3)."""

    ALL = "all"
    INITIAL = "initial"

    def __str__(self) -> str:
        return self.value


class Must(Enum):
    STOP = "stop"
    PAUSE = "pause"

    def __str__(self) -> str:
        return self.value


class DayKind(Enum):
    SUNDAY = "sunday"
    WEEKEND = "weekend"
    PUBLIC_HOLIDAY = "public-holiday"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Window:
    """A counting window: ``1 hour``, ``1 day`` (calendar day), ``7 days``, ``30 days``."""

    minutes: int
    text: str

    @property
    def is_calendar_day(self) -> bool:
        return self.minutes == Period.DAY.minutes


@dataclass(frozen=True)
class HourRange:
    """Permitted local hours ``HH:MM-HH:MM``, as minutes since midnight; ``end`` may be 24:00."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Rate:
    """``6 per day``: a density threshold."""

    count: int
    per: Period
    text: str


class TriggerKind(Enum):
    FIRST_CONTACT = "first_contact"
    DAY = "day"
    MISSED_PAYMENTS = "missed_payments"


@dataclass(frozen=True)
class NoticeTrigger:
    """What starts a notice deadline: ``first_contact``, ``day N`` or ``missed_payments N``."""

    kind: TriggerKind
    number: int
    text: str


# --------------------------------------------------------------------------- per check


@dataclass(frozen=True)
class NoParams:
    """Structure checks take no parameters."""


@dataclass(frozen=True)
class ContactFrequency:  # PB101
    max: int
    window: Window
    channels: tuple[Channel, ...] = ALL_CONTACT_CHANNELS
    targets: tuple[Target, ...] = (Target.BORROWER,)
    count: Count = Count.ATTEMPTS


@dataclass(frozen=True)
class ContactAfterConversation:  # PB102
    days: int
    channels: tuple[Channel, ...] = (Channel.CALL,)


@dataclass(frozen=True)
class UnboundedSchedule:  # PB103
    threshold: Rate
    channels: tuple[Channel, ...] = ALL_CONTACT_CHANNELS


@dataclass(frozen=True)
class ContactHours:  # PB201
    weekdays: HourRange
    weekends: HourRange
    channels: tuple[Channel, ...] = ALL_CONTACT_CHANNELS
    targets: tuple[Target, ...] = tuple(Target)
    until_day: int | None = None


@dataclass(frozen=True)
class ContactDay:  # PB202
    days: tuple[DayKind, ...]
    channels: tuple[Channel, ...] = ALL_CONTACT_CHANNELS
    # Whose public holidays the rule means (ISO 3166, e.g. IE); None: the playbook's own
    # `holidays` country. `skip holidays` protects only when the two agree.
    country: str | None = None


@dataclass(frozen=True)
class PrematureVisit:  # PB301
    requires: tuple[str, ...] = ("summons_served",)


@dataclass(frozen=True)
class PrematureLawsuit:  # PB302
    min_day: int | None = None
    requires: tuple[str, ...] = ()
    wait_days: int = 0


@dataclass(frozen=True)
class EscalationOrder:  # PB303
    before: tuple[Channel, ...] = (Channel.VISIT, Channel.LAWSUIT, Channel.AGENCY)
    first: tuple[Channel, ...] = (Channel.SMS, Channel.CALL, Channel.EMAIL, Channel.LETTER)


@dataclass(frozen=True)
class PrematureCreditReport:  # PB304
    requires: tuple[str, ...] = ()
    wait_days: int = 0


@dataclass(frozen=True)
class VisitStaffing:  # PB305
    min_agents: int = 2


@dataclass(frozen=True)
class MissingNotice:  # PB401
    kind: str


@dataclass(frozen=True)
class LateNotice:  # PB402
    kind: str
    within_days: int
    after: NoticeTrigger


@dataclass(frozen=True)
class NoticeWait:  # PB403
    kind: str
    actions: tuple[Channel, ...]
    wait_days: int


@dataclass(frozen=True)
class ProhibitedContent:  # PB501
    # Bundled phrase-list categories to use (violence, arrest-or-jail, …) and the
    # languages to take them in; ``phrases`` adds a company's own, by category.
    categories: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("en", "zh")
    phrases: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class MissingDisclosure:  # PB502
    channels: tuple[Channel, ...]
    any_of: tuple[str, ...] = ()
    first_only: bool = False
    # checks.md v2: every group must be there, each in any one of its wordings.
    all_of: tuple[tuple[str, ...], ...] = ()
    scope: Scope = Scope.ALL
    # Empty: everyone but third parties (who must not hear about the debt, PB503).
    targets: tuple[Target, ...] = ()


@dataclass(frozen=True)
class ThirdPartyDisclosure:  # PB503
    targets: tuple[Target, ...] = EVERY_THIRD_PARTY
    # Empty: the bundled debt-mention list in every language.
    phrases: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnknownPlaceholder:  # PB504
    # Empty: the bundled list of common placeholders.
    placeholders: tuple[str, ...] = ()


@dataclass(frozen=True)
class ForbiddenTarget:  # PB601
    targets: tuple[Target, ...] = EVERY_THIRD_PARTY
    channels: tuple[Channel, ...] = ALL_CONTACT_CHANNELS
    unless_after: tuple[str, ...] = ()


@dataclass(frozen=True)
class ThirdPartyRepeat:  # PB602
    max: int
    targets: tuple[Target, ...] = EVERY_THIRD_PARTY


@dataclass(frozen=True)
class MissingHandler:  # PB701
    event: str
    must: Must
    # Empty: every channel.
    channels: tuple[Channel, ...] = ()
    until: str | None = None
    # Empty: every target (checks.md v2 precisions).
    targets: tuple[Target, ...] = ()
