"""The words the event analysis answers in: marks (an event, or a contact made: ``Sent``),
leads, handler effects and the facts of one action; what an action makes happen; and how
messages name actions and marks. Shared by ``events``, ``leads`` and ``holds``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model import (
    KNOWN_EVENTS,
    NOTICE_KINDS,
    STEP_EVENTS,
    Action,
    Channel,
    Handler,
    HandlerVerb,
    Playbook,
    Stage,
    Target,
)

# Each fixed point below moves one way only and is bounded by the horizon, so it converges;
# the cap guards against a bug turning into a hang, not a limit a real playbook reaches.
MAX_ROUNDS = 1000


@dataclass(frozen=True)
class Sent:
    """A pseudo-event: a contact through ``channel`` to ``target`` has been made.

    It lets the escalation checks ask "was the borrower written to before the visit?"
    with the same certainty machinery as for named events.
    """

    channel: Channel
    target: Target = Target.BORROWER
    # Marks are dictionary keys in the analysis' inner loops (a third of a million lookups
    # in 100 generated playbooks): the hash is worked out once, from the members' value
    # strings (whose hashes are cached) rather than by ``Enum.__hash__`` twice.
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.channel._value_, self.target._value_)))

    def __str__(self) -> str:
        return f"{self.channel} to {self.target}"

    def __hash__(self) -> int:
        return self._hash


Mark = str | Sent
"""Something that can have happened before an action: an event name or a ``Sent``."""


@dataclass(frozen=True)
class Lead:
    """How surely and how long before an action a mark has happened.

    ``days`` is the fewest days between the mark's first happening and any firing of the
    action (0: possibly the same day). ``reason`` says in words what guarantees it.
    """

    days: int
    reason: str


@dataclass(frozen=True)
class HandlerEffect:
    """What one handler does when its event happens."""

    handler: Handler
    verb: HandlerVerb
    channels: frozenset[Channel]
    until: str | None
    for_days: int | None


@dataclass(frozen=True)
class ActionFacts:
    """Everything the analysis knows about one action."""

    stage: Stage
    action: Action
    days: tuple[int, ...]  # scheduled days, before conditions
    earliest: int | None  # the first day it can fire; None: never
    guaranteed: int | None  # the day by which it has certainly fired once; None: maybe never
    leads: Mapping[Mark, Lead] = field(default_factory=dict)
    # Why it can never fire (when ``earliest`` is None), in words.
    unreachable_reason: str | None = None
    # Not guaranteed only because its skips can take away every day it would be sure on
    # (``skip weekends`` on a lone day): what it waits for is certain in time.
    skipped_away: bool = False

    @property
    def reachable(self) -> bool:
        return self.earliest is not None

    def firing_days(self) -> tuple[int, ...]:
        """The scheduled days on which it can fire (at or after its earliest day)."""
        if self.earliest is None:
            return ()
        earliest = self.earliest
        return tuple(d for d in self.days if d >= earliest)


def action_key(stage: Stage, action: Action) -> tuple[int, int]:
    return id(stage), id(action)


Pair = tuple[Stage, Action]
Key = tuple[int, int]


def notice_of(playbook: Playbook, action: Action) -> str | None:
    if action.template is None:
        return None
    return _notices(playbook).get(action.template.text)


# The notice of each template name of the last playbook asked about: every action's
# events are asked for in each analysis, and ``Playbook.template`` walks the templates.
_NOTICES: list[tuple[Playbook, dict[str, str | None]]] = []


def _notices(playbook: Playbook) -> dict[str, str | None]:
    """Template name -> its notice kind (the first template of a name, as ``template``)."""
    last = _NOTICES[0] if _NOTICES else None  # one read: a thread may replace it
    if last is not None and last[0] is playbook:
        return last[1]
    found: dict[str, str | None] = {}
    for template in playbook.templates:
        notice = template.notice
        found.setdefault(template.name.text, None if notice is None else notice.value)
    _NOTICES[:] = [(playbook, found)]
    return found


_STEP_EVENTS_OF: dict[Channel, frozenset[str]] = {
    channel: frozenset(e for e, c in STEP_EVENTS.items() if c is channel) for channel in Channel
}


def produced_events(playbook: Playbook, action: Action) -> frozenset[str]:
    """The named events that happen when the action runs."""
    events = _STEP_EVENTS_OF[action.channel]
    notice = notice_of(playbook, action)
    return events if notice is None else events | {notice}


def action_marks(playbook: Playbook, action: Action) -> frozenset[Mark]:
    """Everything that has happened once the action runs: its events and its contact."""
    marks: set[Mark] = set(produced_events(playbook, action))
    if action.channel.is_contact:
        marks.add(Sent(action.channel, action.target))
    return frozenset(marks)


# --------------------------------------------------------------------------- words for messages


def describe_action(action: Action) -> str:
    """``visit to borrower``, ``lawsuit``: how messages name an action."""
    if action.channel.is_contact:
        return f"{action.channel} to {action.target}"
    return str(action.channel)


def mark_of(name: str) -> Mark:
    """A rule's ``requires`` entry: an event name, or a channel name meaning "a contact
    through that channel to the borrower"."""
    if name in KNOWN_EVENTS:
        return name
    try:
        channel = Channel(name)
    except ValueError:
        return name
    return Sent(channel) if channel.is_contact else STEP_EVENT_OF.get(channel, name)


def describe_mark(mark: Mark) -> str:
    """``the validation notice``, ``a letter to borrower``, ``summons_served``."""
    if isinstance(mark, Sent):
        return f"{mark.channel.article} {mark.channel} to {mark.target}"
    if mark in NOTICE_KINDS:
        return f"the {mark} notice"
    return mark


STEP_EVENT_OF: dict[Channel, str] = {channel: event for event, channel in STEP_EVENTS.items()}
