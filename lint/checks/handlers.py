"""Checks: PB7xx event handlers: what must stop or pause when something happens."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..analysis.events import HandlerEffect
from ..diagnostics import Diagnostic
from ..model import Channel, HandlerVerb, Target
from ..rules.catalogue import PB701
from ..rules.params import MissingHandler, Must
from .base import AnyCheck, Applicability, Check, CheckDoc, Context, FixDoc


def missing_handler(context: Context, params: MissingHandler) -> Iterator[Diagnostic]:
    playbook, events = context.playbook, context.events
    # checks.md v2: only the targets the rule names that the playbook contacts count, and a
    # handler scoped `to TARGETS` satisfies the rule only if it reaches all of them.
    named_targets = frozenset(params.targets) if params.targets else frozenset(Target)
    reached = frozenset(a.target for _, a in playbook.actions()) & named_targets
    if not reached:
        return
    # Only channels the playbook uses can "continue": a rule about visits says nothing to
    # a playbook that never visits.
    used = frozenset(a.channel for _, a in playbook.actions() if a.target in reached)
    named = frozenset(params.channels) if params.channels else frozenset(Channel)
    required = named & used
    effects = events.handlers_for(params.event)
    reaching = [e for e in effects if e.handler.targets is None or reached <= e.handler.targets]
    covered = _covered(reaching, params)
    missing = _ordered(required - covered)
    if not missing:
        return
    listed = ", ".join(missing)
    goes_on = f"{listed} {'continues' if len(missing) == 1 else 'continue'} after {params.event}"
    if params.must is Must.PAUSE and params.until:
        goes_on += f" before {params.until}"
    fix = f"on {params.event}: {params.must} {listed}"
    if params.must is Must.PAUSE and params.until:
        fix += f" until {params.until}"
    if params.targets:
        fix += " to " + ", ".join(str(t) for t in Target if t in reached)
    if not effects:
        yield Diagnostic(
            playbook.span,
            f"{goes_on}: no handler for {params.event}",
            f"add `{fix}`",
            anchor=f"handler:{params.event}",
        )
        return
    what = "; ".join(_describe(e, required) for e in effects)
    yield Diagnostic(
        effects[0].handler.span,
        f"{goes_on}: the {'handler' if len(effects) == 1 else 'handlers'} {what}",
        f"add `{fix}`",
        anchor=f"handler:{params.event}",
    )


def _covered(effects: Iterable[HandlerEffect], params: MissingHandler) -> frozenset[Channel]:
    """The channels the effects stop (``must: stop``), or stop or pause (``must: pause``;
    with ``until``, only pauses that last until that event)."""
    covered: set[Channel] = set()
    for effect in effects:
        if effect.verb is HandlerVerb.STOP or (
            params.must is Must.PAUSE and (params.until is None or effect.until == params.until)
        ):
            covered |= effect.channels
    return frozenset(covered)


def _ordered(channels: Iterable[Channel]) -> list[str]:
    """Channels in the order the language lists them, for stable messages."""
    chosen = set(channels)
    return [str(c) for c in Channel if c in chosen]


def _describe(effect: HandlerEffect, required: frozenset[Channel]) -> str:
    """``pauses only call``, ``stops all except letter``, ``pauses all for 7 days``."""
    written = effect.handler.channels
    channels = "all" if written.channels is None else ", ".join(_ordered(written.channels))
    if written.excepted:
        channels += " except " + ", ".join(_ordered(written.excepted))
    only = "only " if written.channels is not None and not required <= effect.channels else ""
    if effect.handler.targets is not None:
        channels += " to " + ", ".join(str(t) for t in Target if t in effect.handler.targets)
    verb = "stops" if effect.verb is HandlerVerb.STOP else "pauses"
    if effect.until is not None:
        suffix = f" until {effect.until}"
    elif effect.for_days is not None:
        suffix = f" for {effect.for_days} days"
    else:
        suffix = ""
    return f"{verb} {only}{channels}{suffix}"


_EXAMPLE = """playbook "demo"
timezone America/New_York
template reminder sms "Your payment is late. Reply STOP to opt out."
stage early days 1..30 {
  call to borrower daily between 09:00 and 18:00 max 1 per day
  sms using reminder every 3 days at 10:00
}
on dispute_raised: pause call until dispute_verified
"""

_USE_INSTEAD = """playbook "demo"
timezone America/New_York
template reminder sms "Your payment is late. Reply STOP to opt out."
stage early days 1..30 {
  call to borrower daily between 09:00 and 18:00 max 1 per day
  sms using reminder every 3 days at 10:00
}
on dispute_raised: pause all until dispute_verified
"""

CHECKS: tuple[AnyCheck, ...] = (
    Check(
        spec=PB701,
        summary="no handler stops or pauses the named channels on an event",
        run=missing_handler,
        doc=CheckDoc(
            what=(
                "Finds channels the playbook uses that go on after `event`: no handler stops "
                "them (`must: stop`), or stops or pauses them (`must: pause`; with `until`, the "
                "pause must last until that event). `stop` satisfies `pause`; `channels` empty "
                "means every channel. The finding names the channels left uncovered."
            ),
            why=(
                "Some events oblige the collector to stop or pause: a dispute until it is "
                "verified, a written request to cease, an opt-out from a channel, a payment. "
                "A plan that does not say so keeps contacting the borrower unlawfully."
            ),
            example=_EXAMPLE,
            use_instead=_USE_INSTEAD,
            example_params="event: dispute_raised\nmust: pause\nuntil: dispute_verified\n",
            fix=FixDoc(
                Applicability.UNSAFE,
                "adds the handler the finding names (e.g. `on payment_received: stop all`)",
            ),
        ),
    ),
)
