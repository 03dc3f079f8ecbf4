"""Seeded generator of realistic playbooks, in both forms, for the benchmarks.

``playbook(seed, lines=..., horizon=..., form=...)`` returns the text of one collection
plan shaped like the ones in ``examples/``: a header (jurisdiction, zones, holidays, a
horizon of 90 days to 10 years), templates (some multi-line, some notices), stages that
cover the horizon with a mix of one-off, repeating, hour-windowed, capped, skipping and
event-gated actions, and handlers. ``lines`` is a target: stages are added until the text
reaches it (within a stage's length). The same seed gives the same plan in both forms, so
``form="dsl"`` and ``form="yaml"`` are twins.

Not a test: the numbers the plans contain are plausible, not lawful; findings are expected.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

JURISDICTIONS = (
    ("us-regf", "America/New_York", ("America/Chicago", "America/Los_Angeles"), "US"),
    ("uk-cca", "Europe/London", ("Europe/London",), "GB"),
    ("au-accc-asic", "Australia/Sydney", ("Australia/Perth", "Australia/Brisbane"), "AU"),
    ("ie-cca", "Europe/Dublin", ("Europe/Dublin",), "IE"),
    ("in-rbi", "Asia/Kolkata", ("Asia/Kolkata",), "IN"),
)
NOTICES = ("default", "arrears", "final_demand", "pre_litigation")
SENTENCES = (
    "Your payment of {amount} is overdue.",
    "Please call us on {phone} if you need more time to pay.",
    "If you are in financial hardship, tell us and we will work through options with you.",
    "Free, independent debt advice is available from a money adviser.",
    "You can pay in the app or set up an arrangement online.",
    "This is an attempt to collect a debt.",
    "Reply STOP to opt out of these messages.",
)


@dataclass
class Template:
    name: str
    channel: str
    notice: str | None
    lines: list[str]


@dataclass
class Action:
    channel: str
    target: str | None
    template: str | None
    schedule: str  # "on day 4, 11" / "every 3 days" / "daily" / "weekly"
    start: int | None  # "from day N"
    timing: str | None  # "at 12:00" / "between 09:00 and 20:00"
    skip: str | None
    limits: list[str]
    after: str | None  # "default + 30 days"

    def dsl(self) -> str:
        words = [self.channel]
        if self.target:
            words.append(f"to {self.target}")
        if self.template:
            words.append(f"using {self.template}")
        words.append(self.schedule)
        if self.start is not None:
            words.append(f"from day {self.start}")
        if self.timing:
            words.append(self.timing)
        if self.skip:
            words.append(f"skip {self.skip}")
        if self.limits:
            words.append("max " + ", max ".join(self.limits))
        if self.after:
            words.append(f"after {self.after}")
        return " ".join(words)

    def yaml_mapping(self, indent: str) -> list[str]:
        out = [f"{indent}- channel: {self.channel}"]
        pad = indent + "  "
        if self.target:
            out.append(f"{pad}to: {self.target}")
        if self.template:
            out.append(f"{pad}using: {self.template}")
        out.append(f"{pad}schedule: {self.schedule}")
        if self.start is not None:
            out.append(f"{pad}from: {self.start}")
        if self.timing and self.timing.startswith("at "):
            out.append(f'{pad}at: "{self.timing[3:]}"')
        elif self.timing:
            first, last = self.timing.removeprefix("between ").split(" and ")
            out.append(f'{pad}between: ["{first}", "{last}"]')
        if self.skip:
            out.append(f"{pad}skip: {self.skip}")
        if self.limits:
            out.append(f"{pad}max: [{', '.join(self.limits)}]")
        if self.after:
            out.append(f"{pad}after: {self.after}")
        return out


@dataclass
class Stage:
    name: str
    first: int
    last: int | None
    actions: list[Action] = field(default_factory=list)


@dataclass
class Plan:
    name: str
    jurisdiction: str
    zone: str
    borrowers: tuple[str, ...]
    holidays: str
    horizon: int
    templates: list[Template]
    stages: list[Stage]
    handlers: list[str]


HANDLERS = (
    "on payment_received: stop all",
    "on hardship_declared: pause call, sms, email for 21 days",
    "on promise_to_pay: pause call, sms, email for 14 days",
    "on dispute_raised: pause all until dispute_verified",
    "on cease_requested: stop call, sms, email",
    "on bankruptcy_filed: stop all",
    "on deceased: stop all",
)


def _template(rng: random.Random, index: int, channel: str, notice: str | None) -> Template:
    count = rng.choice((1, 1, 2, 4)) if channel in ("letter", "email", "call") else 1
    text = [" ".join(rng.sample(SENTENCES, 2)) for _ in range(count)]
    return Template(f"t{index}_{channel}", channel, notice, text)


def _action(rng: random.Random, first: int, last: int, plan: Plan, stage_no: int) -> Action:
    kind = rng.random()
    templates = plan.templates
    span = max(1, last - first)
    if kind < 0.12 and stage_no > 1:
        notice = rng.choice([t for t in templates if t.notice] or templates)
        return Action(
            "letter", None, notice.name, f"on day {first + rng.randrange(span)}", None,
            None, "holidays", [], None,
        )  # fmt: skip
    if kind < 0.18 and stage_no > 2:
        notices = [t.notice for t in templates if t.notice]
        event = rng.choice(notices) if notices else "default"
        return Action(
            "lawsuit", None, None, f"on day {first + rng.randrange(span)}", None, None, None,
            [], f"{event} + {rng.choice((14, 28, 30))} days",
        )  # fmt: skip
    channel = rng.choice(("sms", "call", "call", "email", "letter", "push"))
    own = [t for t in templates if t.channel == channel and not t.notice]
    template = rng.choice(own).name if own and rng.random() < 0.8 else None
    target = "borrower" if channel == "call" else None
    shape = rng.random()
    start: int | None = None
    if shape < 0.45:
        pool = range(first, last + 1)
        picks = sorted(rng.sample(pool, min(len(pool), rng.randint(1, 5))))
        schedule = "on day " + ", ".join(map(str, picks))
    elif shape < 0.75:
        schedule = f"every {rng.choice((2, 3, 4, 7))} days"
        start = first + rng.randrange(min(span, 5) + 1)
    elif shape < 0.9:
        schedule = "weekly"
        start = first + rng.randrange(min(span, 6) + 1)
    else:
        schedule = "daily"
    if channel in ("letter",):
        timing = None
    elif rng.random() < 0.5:
        timing = f"between {rng.choice(('08:00', '09:00', '12:00'))} and 19:00"
    else:
        timing = f"at {rng.choice(('10:30', '12:00', '17:45'))}"
    skip = rng.choice((None, "holidays", "sundays", "weekends"))
    limits: list[str] = []
    if channel == "call":
        limits = rng.choice((["2 per day"], ["3 per day", "1 connected per day"], []))
    after = None
    if stage_no > 1 and rng.random() < 0.15:
        notices = [t.notice for t in templates if t.notice]
        after = f"{rng.choice(notices)} + {rng.choice((7, 14))} days" if notices else None
    return Action(channel, target, template, schedule, start, timing, skip, limits, after)


def make_plan(seed: int, lines: int, horizon: int) -> Plan:
    rng = random.Random(seed)
    jurisdiction, zone, borrowers, country = rng.choice(JURISDICTIONS)
    templates = [
        _template(rng, i, ch, None)
        for i, ch in enumerate(("sms", "call", "email", "letter", "push"))
    ]
    templates += [_template(rng, 10 + i, "letter", n) for i, n in enumerate(NOTICES)]
    plan = Plan(
        f"bench-{seed}", jurisdiction, zone, borrowers, country, horizon, templates, [],
        list(HANDLERS[: rng.randint(2, len(HANDLERS))]),
    )  # fmt: skip
    fixed = 12 + sum(2 + len(t.lines) for t in templates) + len(plan.handlers)
    # Stages of a few days to a few weeks; the last one open-ended to the horizon.
    per_stage = 4.5
    stages = max(1, round((lines - fixed) / (2 + per_stage)))
    stages = min(stages, max(1, horizon - 2))
    length = max(1, (horizon - 1) // stages)
    for s in range(stages):
        first = 1 + s * length
        last = None if s == stages - 1 else first + length - 1
        stage = Stage(f"s{s}", first, last)
        count = max(1, round(rng.gauss(per_stage, 1.5)))
        for _ in range(count):
            stage.actions.append(_action(rng, first, last or horizon, plan, s))
        plan.stages.append(stage)
    return plan


def render_dsl(plan: Plan) -> str:
    out = [
        "# Generated by bench/generate.py: a collection plan shaped like examples/.",
        f'playbook "{plan.name}"',
        'version "2026.1"',
        f"jurisdiction {plan.jurisdiction}",
        f"timezone {plan.zone}",
        f"borrowers in {', '.join(plan.borrowers)}",
        f"holidays {plan.holidays}",
        f"horizon {plan.horizon} days",
        "",
    ]
    for t in plan.templates:
        notice = f" notice {t.notice}" if t.notice else ""
        if len(t.lines) == 1:
            out.append(f'template {t.name} {t.channel}{notice} "{t.lines[0]}"')
        else:
            out.append(f'template {t.name} {t.channel}{notice} """')
            out.extend(f"  {line}" for line in t.lines)
            out.append('  """')
    for stage in plan.stages:
        days = f"{stage.first}..{stage.last if stage.last is not None else ''}"
        out.append("")
        out.append(f"stage {stage.name} days {days} {{")
        out.extend(f"  {a.dsl()}" for a in stage.actions)
        out.append("}")
    out.append("")
    out.extend(plan.handlers)
    return "\n".join(out) + "\n"


def render_yaml(plan: Plan) -> str:
    out = [
        "# Generated by bench/generate.py: a collection plan shaped like examples/.",
        f"playbook: {plan.name}",
        'version: "2026.1"',
        f"jurisdiction: [{plan.jurisdiction}]",
        f"timezone: {plan.zone}",
        f"borrowers_in: [{', '.join(plan.borrowers)}]",
        f"holidays: {plan.holidays}",
        f"horizon: {plan.horizon}",
        "",
        "templates:",
    ]
    for t in plan.templates:
        notice = f", notice: {t.notice}" if t.notice else ""
        if len(t.lines) == 1:
            out.append(f'  {t.name}: {{channel: {t.channel}{notice}, text: "{t.lines[0]}"}}')
        else:
            out.append(f"  {t.name}:")
            out.append(f"    channel: {t.channel}")
            if t.notice:
                out.append(f"    notice: {t.notice}")
            out.append("    text: |-")
            out.extend(f"      {line}" for line in t.lines)
    out += ["", "stages:"]
    for n, stage in enumerate(plan.stages):
        out.append(f"  {stage.name}:")
        out.append(f"    days: {stage.first}..{stage.last if stage.last is not None else ''}")
        out.append("    actions:")
        for i, a in enumerate(stage.actions):
            if (n + i) % 3 == 0:
                out.extend(a.yaml_mapping("      "))
            else:
                out.append(f"      - {a.dsl()}")
    out += ["", "handlers:"]
    out.extend(f"  - {h}" for h in plan.handlers)
    return "\n".join(out) + "\n"


def playbook(seed: int, *, lines: int = 200, horizon: int = 365, form: str = "dsl") -> str:
    """One generated playbook of about ``lines`` lines (the DSL form; the YAML twin is a
    little longer) over ``horizon`` days."""
    plan = make_plan(seed, lines, horizon)
    return render_yaml(plan) if form == "yaml" else render_dsl(plan)


def corpus(count: int, seed: int = 0, form: str = "dsl") -> list[tuple[str, str]]:
    """``count`` (name, text) pairs of assorted sizes (20 to 400 lines) and horizons
    (90 days to 10 years), as a repository of playbooks would hold."""
    rng = random.Random(seed)
    suffix = ".playbook.yaml" if form == "yaml" else ".playbook"
    out = []
    for i in range(count):
        lines = rng.choice((20, 40, 60, 80, 120, 160, 200, 400))
        horizon = rng.choice((90, 180, 365, 730, 1825, 3650))
        out.append(
            (
                f"p{i:05d}{suffix}",
                playbook(seed * 100_003 + i, lines=lines, horizon=horizon, form=form),
            )
        )
    return out
