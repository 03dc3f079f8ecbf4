"""The typed parameters of every check (``checks.md``), as a ruleset instantiates them.

Each field's annotation names its ``Kind`` (``kinds.py``): how a ruleset writes it, how
``explain`` describes it, how ``rules`` shows it; ``Means`` says what it means. The
ruleset loader and the docs read both from here, never from a field's name. Defaults
are what a rule gets when the ruleset leaves a parameter out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Annotated

from ..model import (
    KNOWN_EVENTS,
    MAX_DAYS,
    THIRD_PARTIES,
    Channel,
    ChannelClass,
    NoticeKind,
    Period,
    Word,
    channels_of,
)
from ..model import Target as TargetName
from ..suggest import did_you_mean
from .kinds import Choice, GroupsOf, ListOf, Means, Parsed, Phrase, PhraseMap, Text, Words
from .phrases import categories_for

ALL_CONTACT_CHANNELS: tuple[Channel, ...] = ChannelClass.CONTACT.channels
EVERY_THIRD_PARTY: tuple[TargetName, ...] = tuple(t for t in TargetName if t in THIRD_PARTIES)

# --------------------------------------------------------------------------- value types


class Count(Word):
    """What a frequency cap counts: every attempt, or only contacts that reach the person."""

    ATTEMPTS = "attempts"
    CONNECTED = "connected"


class Scope(Word):
    """PB502: every template of the channels, or only those that can be the first
    communication with the borrower (checks.md v2 item 3)."""

    ALL = "all"
    INITIAL = "initial"


class Must(Word):
    STOP = "stop"
    PAUSE = "pause"


class DayKind(Word):
    SUNDAY = "sunday"
    WEEKEND = "weekend"
    PUBLIC_HOLIDAY = "public-holiday"


@dataclass(frozen=True)
class Window:
    """A counting window: ``1 hour``, ``1 day`` (calendar day), ``7 days``, ``30 days``."""

    minutes: int
    text: str


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


# --------------------------------------------------------------------------- reading values

# Numbers are ASCII digits, at most 9 of them: ``\d`` also matches Arabic-Indic digits,
# and a 5,000-digit count is a ValueError, not a window (issue 15 items 6 and 12).
_WINDOW = re.compile(r"^([0-9]{1,9})\s*(minute|hour|day|week|month)s?$")
_UNIT_MINUTES = {"minute": 1, "hour": 60, "day": 24 * 60, "week": 7 * 24 * 60}
_HOURS = re.compile(r"^([0-9]{1,2}):([0-9]{2})\s*[-–]\s*([0-9]{1,2}):([0-9]{2})$")
_RATE = re.compile(r"^([0-9]{1,9})\s+per\s+(hour|day|week|month)$")
_TRIGGER = re.compile(r"^(day|missed_payments)\s+([0-9]{1,9})$")


def parse_window(text: str) -> Window | None:
    """``7 days``, ``1 hour``, ``2 weeks``, ``1 month`` (30 days); None if not a window."""
    match = _WINDOW.match(text.lower())
    if not match or int(match.group(1)) == 0:
        return None
    count, unit = int(match.group(1)), match.group(2)
    per = Period.MONTH.minutes if unit == "month" else _UNIT_MINUTES[unit]
    if count * per > MAX_DAYS * _UNIT_MINUTES["day"]:
        return None
    return Window(count * per, f"{count} {unit}{'s' if count != 1 else ''}")


def parse_hour_range(text: str) -> HourRange | None:
    """``08:00-21:00`` (the end may be ``24:00``); None if malformed or not increasing."""
    match = _HOURS.match(text)
    if not match:
        return None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2 != 0):
        return None
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if start >= end:
        return None
    return HourRange(start, end, f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}")


def parse_rate(text: str) -> Rate | None:
    match = _RATE.match(text.lower())
    if not match or int(match.group(1)) == 0:
        return None
    count = int(match.group(1))
    return Rate(count, Period(match.group(2)), f"{count} per {match.group(2)}")


def parse_trigger(text: str) -> NoticeTrigger | None:
    if text == TriggerKind.FIRST_CONTACT.value:
        return NoticeTrigger(TriggerKind.FIRST_CONTACT, 0, text)
    match = _TRIGGER.match(text)
    if not match:
        return None
    number = int(match.group(2))
    if number > MAX_DAYS or (match.group(1) == "missed_payments" and number == 0):
        return None
    return NoticeTrigger(TriggerKind(match.group(1)), number, f"{match.group(1)} {number}")


@cache
def phrase_lists() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """PB501's categories and their languages, from the bundled phrase lists (read once)."""
    lists = categories_for("PB501")
    languages = dict.fromkeys(p.language for c in lists for p in c.phrases)
    return tuple(c.name for c in lists), tuple(languages)


# --------------------------------------------------------------------------- parameter kinds

# A ruleset may name a class wherever it names a channel (style.md 20): ``[voice]`` is
# every voice channel, one added later included.
_CHANNEL = Choice(Channel, "channel", groups=tuple((str(k), k.channels) for k in ChannelClass))
_CHANNEL_WORDS = (
    f"channels ({_CHANNEL.values()}) or channel classes ({', '.join(str(k) for k in ChannelClass)})"
)
_TARGET = Choice(TargetName, "target")

# Contact channels; `all` is every contact channel.
Channels = Annotated[
    tuple[Channel, ...],
    ListOf(
        _CHANNEL,
        f"list of {_CHANNEL_WORDS}, or `all`",
        every=ALL_CONTACT_CHANNELS,
        shown_as_all=(ALL_CONTACT_CHANNELS,),
    ),
]
# Any channels, legal steps included; empty (and `all`) is every channel.
AnyChannels = Annotated[
    tuple[Channel, ...],
    ListOf(
        _CHANNEL,
        f"list of {_CHANNEL_WORDS}, or `all`",
        every=(),
        shown_as_all=((), ALL_CONTACT_CHANNELS),
        when_empty="every channel",
    ),
]
Targets = Annotated[
    tuple[TargetName, ...],
    ListOf(
        _TARGET,
        "list of targets (" + ", ".join(t.value for t in TargetName) + "), or `all`",
        every=tuple(TargetName),
    ),
]
Days = tuple[Annotated[DayKind, Choice(DayKind, "day")], ...]
Event = Annotated[str, Words("event", "events", lambda: tuple(sorted(KNOWN_EVENTS)))]
# What must have happened before a step: an event (notice kinds are events), or a
# contact channel meaning "a contact through it to the borrower" (checks.md v2 item 4).
Requirement = Annotated[
    str,
    Words(
        "event, notice kind or contact channel",
        "events, notice kinds or contact channels",
        lambda: (*sorted(KNOWN_EVENTS), *(c.value for c in ALL_CONTACT_CHANNELS)),
    ),
]
NoticeKindName = Annotated[
    str, Words("notice kind", "notice kinds", lambda: tuple(k.value for k in NoticeKind))
]
Category = Annotated[str, Words("phrase category", "phrase categories", lambda: phrase_lists()[0])]
Language = Annotated[str, Words("language", "languages", lambda: phrase_lists()[1])]
PhraseText = Annotated[str, Phrase()]
PhraseGroups = Annotated[tuple[tuple[str, ...], ...], GroupsOf(ListOf(Phrase(), "list of phrases"))]
PhrasesByCategory = Annotated[tuple[tuple[str, tuple[str, ...]], ...], PhraseMap(Phrase())]
Placeholder = Annotated[str, Text("placeholder", "placeholders")]
Country = Annotated[str, Text("text")]
WindowText = Annotated[
    Window,
    Parsed(
        "window",
        parse_window,
        "window: `1 hour`, `1 day`, `7 days`, `30 days`, `2 weeks`",
        lambda _: (
            "; expected a number and a unit: '1 hour', '1 day', '7 days', '2 weeks', '30 days'"
        ),
    ),
]
Hours = Annotated[
    HourRange,
    Parsed(
        "hours",
        parse_hour_range,
        "hours `HH:MM-HH:MM` (the end may be 24:00)",
        lambda _: (
            "; expected HH:MM-HH:MM with the start before the end, e.g. '08:00-21:00' "
            "(the end may be 24:00)"
        ),
    ),
]
RateText = Annotated[
    Rate,
    Parsed("rate", parse_rate, "rate, e.g. `6 per day`", lambda _: "; expected e.g. '6 per day'"),
]
Trigger = Annotated[
    NoticeTrigger,
    Parsed(
        "trigger",
        parse_trigger,
        "`first_contact`, `day N` or `missed_payments N`",
        lambda text: (
            did_you_mean(text, ["first_contact"])
            or "; expected 'first_contact', 'day N' or 'missed_payments N'"
        ),
    ),
]


# --------------------------------------------------------------------------- per check


@dataclass(frozen=True)
class NoParams:
    """Structure checks take no parameters."""


@dataclass(frozen=True)
class ContactFrequency:  # PB101
    max: Annotated[int, Means("the most contacts allowed in any one window")]
    window: Annotated[WindowText, Means("the length of the sliding window counted")]
    channels: Annotated[Channels, Means("the channels counted together")] = ALL_CONTACT_CHANNELS
    targets: Annotated[Targets, Means("whose contacts are counted")] = (TargetName.BORROWER,)
    count: Annotated[
        Count, Means("count every attempt, or only contacts that reach the person")
    ] = Count.ATTEMPTS


@dataclass(frozen=True)
class ContactAfterConversation:  # PB102
    days: Annotated[int, Means("how many days after a conversation contact must pause")]
    channels: Annotated[Channels, Means("the channels that must pause")] = (
        ChannelClass.VOICE.channels
    )


@dataclass(frozen=True)
class UnboundedSchedule:  # PB103
    threshold: Annotated[RateText, Means("the density above which a schedule needs a `max`")]
    channels: Annotated[Channels, Means("the channels judged")] = ALL_CONTACT_CHANNELS


@dataclass(frozen=True)
class ContactHours:  # PB201
    weekdays: Annotated[Hours, Means("the permitted local hours Monday to Friday")]
    weekends: Annotated[Hours, Means("the permitted local hours on Saturday and Sunday")]
    channels: Annotated[Channels, Means("the timed channels judged")] = ALL_CONTACT_CHANNELS
    targets: Annotated[Targets, Means("whose contacts are judged")] = tuple(TargetName)
    until_day: Annotated[
        int | None,
        Means("judge only actions that can start by this day past due; null: every action"),
    ] = None


@dataclass(frozen=True)
class ContactDay:  # PB202
    days: Annotated[Days, Means("the days on which no contact may land")]
    channels: Annotated[Channels, Means("the channels judged")] = ALL_CONTACT_CHANNELS
    # `skip holidays` protects only when the two countries agree.
    country: Annotated[
        Country | None,
        Means("whose public holidays (ISO 3166, e.g. IE); null: the playbook's `holidays`"),
    ] = None


@dataclass(frozen=True)
class PrematureVisit:  # PB301
    requires: Annotated[
        tuple[Requirement, ...], Means("what must have happened before a visit")
    ] = ("summons_served",)


@dataclass(frozen=True)
class PrematureLawsuit:  # PB302
    min_day: Annotated[int | None, Means("the earliest day past due a lawsuit may be filed")] = None
    requires: Annotated[
        tuple[Requirement, ...], Means("what must have happened before a lawsuit")
    ] = ()
    wait_days: Annotated[int, Means("the days to wait after each requirement")] = 0


@dataclass(frozen=True)
class EscalationOrder:  # PB303
    before: Annotated[Channels, Means("the escalation steps that must not come first")] = (
        Channel.VISIT,
        Channel.LAWSUIT,
        Channel.AGENCY,
    )
    first: Annotated[Channels, Means("the contacts one of which must come before them")] = (
        channels_of(Channel.SMS, ChannelClass.VOICE, Channel.EMAIL, Channel.LETTER)
    )


@dataclass(frozen=True)
class PrematureCreditReport:  # PB304
    requires: Annotated[
        tuple[Requirement, ...],
        Means("what must have happened before a credit report: an event, a notice, a contact"),
    ] = ()
    wait_days: Annotated[int, Means("the days to wait after each requirement")] = 0


@dataclass(frozen=True)
class VisitStaffing:  # PB305
    min_agents: Annotated[int, Means("the fewest collectors a field visit may send")] = 2


@dataclass(frozen=True)
class MissingNotice:  # PB401
    kind: Annotated[NoticeKindName, Means("the notice that must be sent")]


@dataclass(frozen=True)
class LateNotice:  # PB402
    kind: Annotated[NoticeKindName, Means("the notice judged")]
    within_days: Annotated[int, Means("the days after the trigger by which it must be sent")]
    after: Annotated[Trigger, Means("what starts the deadline")]


@dataclass(frozen=True)
class NoticeWait:  # PB403
    kind: Annotated[NoticeKindName, Means("the notice that starts the wait")]
    actions: Annotated[Channels, Means("the steps that must wait after it")]
    wait_days: Annotated[int, Means("the days they must wait")]


@dataclass(frozen=True)
class ProhibitedContent:  # PB501
    categories: Annotated[
        tuple[Category, ...], Means("the bundled phrase-list categories to use")
    ] = ()
    languages: Annotated[
        tuple[Language, ...], Means("the languages to take those categories in")
    ] = ("en", "zh")
    phrases: Annotated[
        PhrasesByCategory, Means("a company's own prohibited phrases, by category")
    ] = ()


@dataclass(frozen=True)
class MissingDisclosure:  # PB502
    channels: Annotated[Channels, Means("the channels whose templates must disclose")]
    any_of: Annotated[
        tuple[PhraseText, ...], Means("the disclosure, in any of these wordings")
    ] = ()
    first_only: Annotated[bool, Means("judge only the first message of each channel")] = False
    all_of: Annotated[
        PhraseGroups,
        Means("every group must be there, each in any one of its wordings (checks.md v2)"),
    ] = ()
    scope: Annotated[
        Scope,
        Means("`all` templates of the channels, or `initial`: those that can come first"),
    ] = Scope.ALL
    targets: Annotated[
        Targets, Means("whose templates are judged; empty: everyone but third parties")
    ] = ()


@dataclass(frozen=True)
class ThirdPartyDisclosure:  # PB503
    targets: Annotated[Targets, Means("the third parties judged")] = EVERY_THIRD_PARTY
    phrases: Annotated[
        tuple[PhraseText, ...],
        Means("phrases that mention the debt; empty: the bundled list"),
    ] = ()
    languages: Annotated[
        tuple[Language, ...], Means("the languages of the bundled list; empty: every one")
    ] = ()


@dataclass(frozen=True)
class UnknownPlaceholder:  # PB504
    placeholders: Annotated[
        tuple[Placeholder, ...],
        Means("the placeholders templates may use; empty: the bundled common list"),
    ] = ()


@dataclass(frozen=True)
class ForbiddenTarget:  # PB601
    targets: Annotated[Targets, Means("the targets no action may contact")] = EVERY_THIRD_PARTY
    channels: Annotated[Channels, Means("the channels judged")] = ALL_CONTACT_CHANNELS
    unless_after: Annotated[
        tuple[Event, ...], Means("events after which the contact is allowed")
    ] = ()


@dataclass(frozen=True)
class ThirdPartyRepeat:  # PB602
    max: Annotated[int, Means("the most contacts allowed to each third party")]
    targets: Annotated[Targets, Means("the third parties judged")] = EVERY_THIRD_PARTY


@dataclass(frozen=True)
class MissingHandler:  # PB701
    event: Annotated[Event, Means("the event a handler must react to")]
    must: Annotated[Must, Means("whether the handler must stop or pause contact")]
    channels: Annotated[
        AnyChannels, Means("the channels it must stop or pause; empty: every channel")
    ] = ()
    until: Annotated[Event | None, Means("for a pause, the event it must last until")] = None
    targets: Annotated[
        Targets, Means("the targets the handler must reach; empty: every target")
    ] = ()


# --------------------------------------------------------------------------- v3 content


@dataclass(frozen=True)
class UnplannedThreat:  # PB505
    languages: Annotated[
        tuple[Language, ...], Means("the languages of the bundled threat lists; empty: every one")
    ] = ()


@dataclass(frozen=True)
class LimitedContent:  # PB506
    forbidden: Annotated[
        tuple[PhraseText, ...],
        Means("words a limited-content message may not hold; empty: the bundled debt words"),
    ] = ()
    all_of: Annotated[
        PhraseGroups,
        Means("what it must hold, each group in any one of its wordings"),
    ] = ()


@dataclass(frozen=True)
class PersonalAttachments:  # PB507
    targets: Annotated[
        Targets, Means("who may not be sent a photo, identity document or contact list")
    ] = tuple(t for t in TargetName if t not in (TargetName.BORROWER, TargetName.ESTATE))
