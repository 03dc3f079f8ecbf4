"""The one model both surface forms lower into.

Every node is a frozen dataclass. Source positions (``Span``) are excluded from
equality and repr, so a playbook parsed from the DSL equals the same playbook
parsed from YAML, and ``repr(node)`` is a stable logical identity (baselines use
it). Names that may be wrong in user input (templates, events, zones, rulesets)
are kept as ``Name`` values so the structure checks can point at them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

# --------------------------------------------------------------------------- positions


@dataclass(frozen=True, order=True)
class Position:
    """A point in a file: 1-based line and column."""

    line: int
    column: int


@dataclass(frozen=True, order=True)
class Span:
    """A range in a file: 1-based, ``end_column`` exclusive (as Lark reports it)."""

    line: int
    column: int
    end_line: int
    end_column: int

    @property
    def start(self) -> Position:
        return Position(self.line, self.column)

    @property
    def end(self) -> Position:
        return Position(self.end_line, self.end_column)

    @staticmethod
    def between(start: Position, end: Position) -> Span:
        return Span(start.line, start.column, end.line, end.column)


NO_SPAN = Span(1, 1, 1, 1)


def _span() -> Span:
    return field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Name:
    """An identifier as written (template, event, zone, ruleset id), with where it was written."""

    text: str
    span: Span = _span()

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Text:
    """A string from the playbook (a template's text) that knows where each character came from.

    ``positions[i]`` is the file position of ``value[i]``; one extra entry marks the end.
    Escapes, YAML folding and DSL de-indentation are already undone in ``value``.
    When ``positions`` is empty the origin is unknown and ``span`` is used whole.
    """

    value: str
    span: Span = _span()
    # Any sequence: the parsers hand over tables built only when asked (yaml_scalars).
    positions: Sequence[Position] = field(default=(), compare=False, repr=False)

    def span_of(self, start: int, end: int) -> Span:
        """The file span of ``value[start:end]``."""
        if len(self.positions) != len(self.value) + 1 or not 0 <= start <= end <= len(self.value):
            return self.span
        last = self.positions[end - 1] if end > start else self.positions[start]
        return Span(
            self.positions[start].line,
            self.positions[start].column,
            last.line,
            last.column + (1 if end > start else 0),
        )


# --------------------------------------------------------------------------- vocabularies


class Word(Enum):
    """A vocabulary (of playbooks, rulesets, configs, suppression comments): each member
    prints as the word written for it."""

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def all_words(cls) -> list[str]:
        """Every member's word, in declaration order (for messages, completion, schemas)."""
        return [str(member) for member in cls]


class _WordEnum(Word):
    """A vocabulary whose members are declared as tuples (a word and facts about it):
    its ``value`` is the word, typed."""

    _value_: str

    @property
    def value(self) -> str:
        # Enum's own ``value`` is untyped once members are declared as tuples.
        return self._value_


class ChannelClass(_WordEnum):
    """What a channel is, in the words rulesets use (style.md 20): a rule that names a
    class (``channels: [voice]``) covers every channel of that class, one added later
    included, where a list of members would silently miss it. Each member is its word and
    what it means (``docs/rulesets.md`` shows the table)."""

    _value_: str
    meaning: str

    CONTACT = "contact", "reaches a person (not a legal step, a referral or a public post)"
    TIMED = "timed", "lands at an hour of the day (a letter or a legal step does not)"
    REMOTE = "remote", "a contact at a distance: anything but face to face"
    IN_PERSON = "in_person", "face to face: the collector is there"
    VOICE = "voice", "a telephone call, dialled by a person or a machine"
    MESSAGING = "messaging", "a short message to the borrower's phone: text, app, chat"
    ELECTRONIC = "electronic", "by electronic medium: e-mail, text, app, chat (not a call)"
    PUBLIC = "public", "shown to the public or a crowd, not to one person"

    def __new__(cls, value: str, meaning: str = "") -> ChannelClass:
        member = object.__new__(cls)
        member._value_ = value
        member.meaning = meaning
        return member

    @property
    def channels(self) -> tuple[Channel, ...]:
        """The channels of this class, in declaration order."""
        return tuple(c for c in Channel if self in c.classes)


class ChannelFacts(NamedTuple):
    """What the checks and messages need to know about a channel."""

    plural: str  # how messages count it: "calls", "e-mails"
    article: str  # "a" or "an", by the sound of the channel's name
    classes: frozenset[ChannelClass]


class Channel(_WordEnum):
    """A contact channel or a step. Each member is ONE line: its word, how messages count
    it, its article and its classes, so a new channel (or a channel moved into a class)
    is one line here plus the generated files (schema, editor grammar, docs)."""

    # The member's value is its word; ``__new__`` keeps the rest as its facts.
    _value_: str
    facts: ChannelFacts

    # NAME = word, plural, article, classes (ChannelClass values; a typo fails at import)
    SMS = "sms", "sms", "an", "contact timed remote messaging electronic"
    CALL = "call", "calls", "a", "contact timed remote voice"
    EMAIL = "email", "e-mails", "an", "contact timed remote electronic"
    LETTER = "letter", "letters", "a", "contact remote"
    PUSH = "push", "push messages", "a", "contact timed remote messaging electronic"
    IM = "im", "im messages", "an", "contact timed remote messaging electronic"
    VISIT = "visit", "visits", "a", "contact timed in_person"
    LAWSUIT = "lawsuit", "lawsuits", "a", ""
    CREDIT_REPORT = "credit_report", "credit reports", "a", ""
    AGENCY = "agency", "agency placements", "an", ""
    # language.md v3 item 5: a message shown to the public or a crowd (poster, banner,
    # loudspeaker, a social-media or group-chat post). Not a contact with one person: no
    # hours or frequency make it lawful, so rules forbid it outright (PB601).
    POST = "post", "posts", "a", "public"

    def __new__(
        cls, value: str, plural: str = "", article: str = "a", classes: str = ""
    ) -> Channel:
        member = object.__new__(cls)
        member._value_ = value
        kinds = frozenset(ChannelClass(word) for word in classes.split())
        member.facts = ChannelFacts(plural, article, kinds)
        return member

    @property
    def plural(self) -> str:
        return self.facts.plural

    @property
    def article(self) -> str:
        return self.facts.article

    @property
    def classes(self) -> frozenset[ChannelClass]:
        return self.facts.classes

    @property
    def is_contact(self) -> bool:
        return ChannelClass.CONTACT in self.facts.classes

    @property
    def takes_timing(self) -> bool:
        """Letters and legal steps have no hour of the day."""
        return ChannelClass.TIMED in self.facts.classes


def channels_of(*items: Channel | ChannelClass) -> tuple[Channel, ...]:
    """Channels and classes as one list of channels: in the order written, a class's
    members in declaration order, each channel once."""
    found: dict[Channel, None] = {}
    for item in items:
        found.update(dict.fromkeys(item.channels if isinstance(item, ChannelClass) else (item,)))
    return tuple(found)


CONTACT_CHANNELS = frozenset(ChannelClass.CONTACT.channels)
TIMED_CHANNELS = frozenset(ChannelClass.TIMED.channels)


class Target(Word):
    BORROWER = "borrower"
    GUARANTOR = "guarantor"
    EMERGENCY_CONTACT = "emergency_contact"
    FAMILY = "family"
    EMPLOYER = "employer"
    CONTACTS = "contacts"
    THIRD_PARTY = "third_party"
    # language.md v3 item 2: the executor, administrator or personal representative of a
    # deceased borrower (12 CFR 1006.2(e) counts them as the consumer): not a third party.
    ESTATE = "estate"


# The guarantor owes the debt too; everyone else is a third party (rulesets.md).
THIRD_PARTIES = frozenset(
    {
        Target.EMERGENCY_CONTACT,
        Target.FAMILY,
        Target.EMPLOYER,
        Target.CONTACTS,
        Target.THIRD_PARTY,
    }
)


def as_consumer(targets: Iterable[Target]) -> tuple[Target, ...]:
    """``targets`` with the estate added wherever the borrower is (language.md v3 item 2:
    contact with the executor or personal representative is judged as contact with the
    borrower for frequency and hours, 12 CFR 1006.2(e)). Each stays its own person: the
    estate's calls are counted against the borrower's cap, not added to the borrower's."""
    wanted = tuple(targets)
    if Target.BORROWER in wanted and Target.ESTATE not in wanted:
        return (*wanted, Target.ESTATE)
    return wanted


class AttachmentKind(Word):
    """What a template sends besides its words (language.md v3 item 4)."""

    STATEMENT = "statement"
    NOTICE_DOCUMENT = "notice_document"
    PHOTO = "photo"
    ID_DOCUMENT = "id_document"
    CONTACT_LIST = "contact_list"
    COURT_DOCUMENT = "court_document"


# Attachments that carry the borrower's personal data or images (PB507).
PERSONAL_ATTACHMENTS = frozenset(
    {AttachmentKind.PHOTO, AttachmentKind.ID_DOCUMENT, AttachmentKind.CONTACT_LIST}
)


class NoticeKind(Word):
    VALIDATION = "validation"
    DEFAULT = "default"
    ARREARS = "arrears"
    PRE_LITIGATION = "pre_litigation"
    FINAL_DEMAND = "final_demand"
    ASSIGNMENT = "assignment"
    CREDIT_REPORTING = "credit_reporting"
    HARDSHIP = "hardship"


# The notice kinds as written (``notice validation``), which are also events.
NOTICE_KINDS = frozenset(kind.value for kind in NoticeKind)

# Events that happen when the playbook's own steps run.
STEP_EVENTS: dict[str, Channel] = {
    "lawsuit_filed": Channel.LAWSUIT,
    "credit_reported": Channel.CREDIT_REPORT,
    "assigned_to_agency": Channel.AGENCY,
}
# Events that can only follow another event.
IMPLIED_BY: dict[str, str] = {
    "summons_served": "lawsuit_filed",
    "judgment_entered": "summons_served",
    "dispute_verified": "dispute_raised",
}
# Events outside the playbook's control: the worst case lets them happen at any time.
EXTERNAL_EVENTS = frozenset(
    {
        "dispute_raised",
        "cease_requested",
        "opt_out",
        "conversation",
        "unreachable",
        "payment_received",
        "promise_to_pay",
        "promise_broken",
        "bankruptcy_filed",
        "hardship_declared",
        "deceased",
        # v2: the borrower lost legal capacity; a third party asked not to be contacted.
        "incapacitated",
        "contact_refused",
        # v3: the borrower is known to be represented by an attorney for this debt.
        "represented",
    }
)
# Events that end the debt or its collection (language.md v2 item 4): a handler on one of
# them that stops or pauses a notice never makes the notice missing or late.
# ``represented`` (v3 item 3) too: from then on the notices go to the borrower's attorney,
# whom no action of the playbook addresses (12 CFR 1006.6(b)(2)), so `on represented: stop all
# to borrower` never makes a notice to the borrower missing or late.
DISCHARGING_EVENTS = frozenset({"payment_received", "bankruptcy_filed", "deceased", "represented"})
KNOWN_EVENTS = NOTICE_KINDS | frozenset(STEP_EVENTS) | frozenset(IMPLIED_BY) | EXTERNAL_EVENTS


class SkipKind(Word):
    WEEKENDS = "weekends"
    SUNDAYS = "sundays"
    HOLIDAYS = "holidays"


class Period(Word):
    """The window of a limit: ``day`` is a calendar day on the playbook clock; the rest roll."""

    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"

    @property
    def minutes(self) -> int:
        return _PERIOD_MINUTES[self]


_PERIOD_MINUTES = {
    Period.HOUR: 60,
    Period.DAY: 24 * 60,
    Period.WEEK: 7 * 24 * 60,
    Period.MONTH: 30 * 24 * 60,
}


class Instalments(Word):
    MONTHLY = "monthly"
    FORTNIGHTLY = "fortnightly"
    WEEKLY = "weekly"

    @property
    def days(self) -> int:
        return {"monthly": 30, "fortnightly": 14, "weekly": 7}[self.value]


class Unit(Word):
    DAYS = "days"
    HOURS = "hours"
    MINUTES = "minutes"


# --------------------------------------------------------------------------- actions


@dataclass(frozen=True)
class ClockTime:
    """``HH:MM`` as written. Out-of-range values (24:61) survive parsing so PB004 can name them."""

    hour: int
    minute: int
    span: Span = _span()

    @property
    def minutes(self) -> int:
        """Minutes since midnight."""
        return self.hour * 60 + self.minute

    @property
    def is_valid(self) -> bool:
        return 0 <= self.hour <= 23 and 0 <= self.minute <= 59

    def __str__(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"


# The latest day past due a playbook may name and the longest a rule may count over: a
# century, far beyond any collection plan, and a bound that keeps the worst-case analysis
# small whatever numbers a file holds (a 99999999999999-day window was 2.3 GB of analysis).
MAX_DAYS = 36_500


@dataclass(frozen=True)
class Day:
    """A day past due as written (for pointing at one entry of ``on day 1, 5``)."""

    value: int
    span: Span = _span()


@dataclass(frozen=True)
class OnDays:
    """``on day D, D…``: absolute days past due."""

    days: tuple[Day, ...]


@dataclass(frozen=True)
class Once:
    """``once``: the stage's first day."""


@dataclass(frozen=True)
class Daily:
    """``daily``."""


@dataclass(frozen=True)
class Weekly:
    """``weekly``: every 7 days from the first day of the (narrowed) stage."""


@dataclass(frozen=True)
class Every:
    """``every N days|hours|minutes``."""

    count: int
    unit: Unit


Recurrence = OnDays | Once | Daily | Weekly | Every


@dataclass(frozen=True)
class Schedule:
    """When occurrences fall: a recurrence, optionally narrowed by ``from day`` / ``until day``."""

    recurrence: Recurrence
    from_day: Day | None = None
    until_day: Day | None = None
    span: Span = _span()


@dataclass(frozen=True)
class At:
    """``at HH:MM, HH:MM…``: one attempt at each listed time."""

    times: tuple[ClockTime, ...]
    span: Span = _span()


@dataclass(frozen=True)
class Between:
    """``between HH:MM and HH:MM [N times]``; ``times`` None: as often as the limits allow."""

    start: ClockTime
    end: ClockTime
    times: int | None = None
    span: Span = _span()


Timing = At | Between


@dataclass(frozen=True)
class Limit:
    """``max N [connected] per hour|day|week|month``."""

    count: int
    per: Period
    connected: bool = False
    span: Span = _span()


@dataclass(frozen=True)
class Condition:
    """``after EVENT [+ N days]``."""

    event: Name
    delay_days: int = 0
    span: Span = _span()


@dataclass(frozen=True)
class Action:
    """One line of a stage: a contact or a legal step."""

    channel: Channel
    schedule: Schedule
    target: Target = Target.BORROWER
    template: Name | None = None
    timing: Timing | None = None
    skip: frozenset[SkipKind] = frozenset()
    agents: int | None = None
    limits: tuple[Limit, ...] = ()
    conditions: tuple[Condition, ...] = ()
    span: Span = _span()
    # Where the channel word is: findings about the action point here when the
    # whole line would be too wide to underline usefully.
    channel_span: Span = _span()


# --------------------------------------------------------------------------- the rest


@dataclass(frozen=True)
class Template:
    """``template NAME CHANNEL [notice KIND] [limited_content] [attach KIND, …] STRING``.

    ``limited_content``: a Regulation F limited-content message (1006.2(j); PB506);
    ``attachments``: what it sends besides the words (PB507), in the order written."""

    name: Name
    channel: Channel
    text: Text
    notice: NoticeKind | None = None
    span: Span = _span()
    limited_content: bool = False
    attachments: tuple[AttachmentKind, ...] = ()


@dataclass(frozen=True)
class Stage:
    """``stage NAME days A..B { … }``; ``last_day`` None means open-ended (runs to the horizon)."""

    name: Name
    first_day: int
    last_day: int | None
    actions: tuple[Action, ...] = ()
    span: Span = _span()
    days_span: Span = _span()


class HandlerVerb(Word):
    STOP = "stop"
    PAUSE = "pause"


@dataclass(frozen=True)
class ChannelSet:
    """``all``, ``all except letter``, ``sms, call`` or ``all except notices``.

    ``notices`` / ``except_notices``: the word ``notices`` (language.md v2 item 3) is in the
    list / the except list. Which actions it means depends on the rulesets applied (the
    required notice kinds), so it is kept as written and resolved by ``holds``.
    """

    channels: frozenset[Channel] | None  # None = all
    excepted: frozenset[Channel] = frozenset()
    notices: bool = False
    except_notices: bool = False

    def covers(self) -> frozenset[Channel]:
        base = frozenset(Channel) if self.channels is None else self.channels
        return base - self.excepted


@dataclass(frozen=True)
class Handler:
    """``on EVENT: stop|pause CHANNELS [except …] [to TARGETS] [until EVENT | for N days]``."""

    event: Name
    verb: HandlerVerb
    channels: ChannelSet
    until: Name | None = None
    for_days: int | None = None
    span: Span = _span()
    # ``to TARGETS`` (v2 item 2); None: every target.
    targets: frozenset[Target] | None = None

    def reaches(self, target: Target) -> bool:
        """Whether the handler applies to contacts with ``target``."""
        return self.targets is None or target in self.targets


@dataclass(frozen=True)
class PlaybookLimit:
    """``limit CHANNELS [to TARGETS] max N per …`` (language.md v3 item 1): a cap the dialer
    enforces across the whole account, every stage and action together. ``all`` is every
    contact channel; no ``to`` is every target. Each of ``limits`` caps the covered contacts
    counted together, as an action's ``max`` caps its own."""

    channels: ChannelSet
    limits: tuple[Limit, ...]
    targets: frozenset[Target] | None = None
    span: Span = _span()

    def covers(self, channel: Channel, target: Target) -> bool:
        """Whether contacts of ``channel`` to ``target`` count against this limit."""
        wanted = CONTACT_CHANNELS if self.channels.channels is None else self.channels.channels
        return (
            channel in wanted
            and channel not in self.channels.excepted
            and (self.targets is None or target in self.targets)
        )


@dataclass(frozen=True)
class Playbook:
    """A whole playbook; ``span`` is its ``playbook`` statement (for whole-playbook findings)."""

    name: str
    templates: tuple[Template, ...] = ()
    stages: tuple[Stage, ...] = ()
    handlers: tuple[Handler, ...] = ()
    version: str | None = None
    jurisdictions: tuple[Name, ...] = ()
    timezone: Name | None = None
    borrower_zones: tuple[Name, ...] = ()
    horizon: int = 365
    instalments: Instalments = Instalments.MONTHLY
    holidays: Name | None = None
    span: Span = _span()
    # ``placeholders NAME, …`` (v2 item 8); None: not declared.
    placeholders: tuple[Name, ...] | None = None
    # ``limit …`` (v3 item 1): playbook-wide caps, in source order.
    limits: tuple[PlaybookLimit, ...] = ()

    def actions(self) -> Iterator[tuple[Stage, Action]]:
        """Every action with the stage it belongs to, in source order."""
        for stage in self.stages:
            for action in stage.actions:
                yield stage, action

    def template(self, name: str) -> Template | None:
        """The first template called ``name``."""
        return next((t for t in self.templates if t.name.text == name), None)

    @property
    def zones(self) -> tuple[str, ...]:
        """The borrower zones to judge hours in: ``borrowers in``, else the playbook clock."""
        if self.borrower_zones:
            return tuple(z.text for z in self.borrower_zones)
        return (self.timezone.text,) if self.timezone else ()

    def stage_end(self, stage: Stage) -> int:
        """The last day a stage covers, with open-ended stages running to the horizon."""
        return self.horizon if stage.last_day is None else stage.last_day
