"""Hostile inputs for the fuzz test and its long mode (bench/fuzz_long.py).

Two generators over the same checker: **mutation** (real playbooks of both forms,
bytes deleted, repeated, swapped, and hostile tokens inserted: control characters,
line breaks of every kind, bidi overrides, lone surrogates, huge numbers, aliases) and
**grammar-aware** (playbooks assembled from the language's own clauses with hostile
values in every slot, in both forms). ``problems`` lints one input under the per-file
guard and says what is wrong: a traceback (PB000 internal error), a finding outside
its file, or a finding with a raw control character in what a reporter prints.
"""

from __future__ import annotations

import random
from pathlib import Path

from playbook_lint.diagnostics import Finding, Severity
from playbook_lint.run.check import lint_one
from playbook_lint.run.guard import Limits, guarded

REPO = Path(__file__).parent.parent
SEEDS = sorted(
    [
        *(REPO / "examples").glob("*.playbook"),
        *(REPO / "examples").glob("*.playbook.yaml"),
        *(REPO / "tests" / "fixtures" / "parity").glob("*.playbook*"),
        *(REPO / "tests" / "fixtures" / "language").glob("*.playbook*"),
    ]
)

HOSTILE_TOKENS = [
    "\n",
    "\r",
    "\r\n",
    "\x85",
    "\u2028",
    "\u2029",
    "\x0b",
    "\x0c",
    "\x00",
    "\x1b[2J",
    "\x1b]0;x\x07",
    "\u202e",
    "\u200d",
    "\ufeff",
    "\t",
    "\ud800",
    "\udcff",
    "999999999",
    "-999999999",
    "9" * 60,
    "0",
    "１２",
    "٣",
    "1_000",
    "+5",
    "24:61",
    "&a",
    "*a",
    "<<: *a",
    "!!python/object:os.system",
    "!!int",
    "{",
    "}",
    "[",
    "]",
    ":",
    '"',
    "'",
    "#",
    "- ",
    "..",
    "{name}",
    "{{",
    "  ",
    "playbook-lint: ignore",
    "ठीक",
    "สวัสดี",
    "e\u0301",
]

CHANNELS = ["sms", "call", "email", "letter", "push", "im", "visit", "lawsuit", "fax"]
EVENTS = ["payment_received", "dispute_raised", "deceased", "promise_to_pay", "bogus"]
ZONES = ["America/New_York", "Asia/Shanghai", "UTC", "localtime", "Mars/Base", "Factory"]


def _seed_texts() -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in SEEDS]


SEED_TEXTS = _seed_texts()


def mutate(rng: random.Random) -> tuple[str, str]:
    """A real playbook with a few random edits; the name keeps its form."""
    name, text = rng.choice(SEED_TEXTS)
    for _ in range(rng.randint(1, 6)):
        if not text:
            text = rng.choice(HOSTILE_TOKENS)
            continue
        at = rng.randrange(len(text) + 1)
        span = rng.randint(1, 40)
        operation = rng.randrange(5)
        if operation == 0:
            text = text[:at] + text[at + span :]
        elif operation == 1:
            text = text[:at] + text[at : at + span] * rng.randint(2, 20) + text[at:]
        elif operation == 2:
            text = text[:at] + rng.choice(HOSTILE_TOKENS) + text[at:]
        elif operation == 3:
            lines = text.split("\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        else:
            text = text[:at] + rng.choice(HOSTILE_TOKENS) + text[at + span :]
    return name, text


def _value(rng: random.Random, normal: list[str]) -> str:
    return rng.choice(HOSTILE_TOKENS) if rng.random() < 0.15 else rng.choice(normal)


def _number(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return rng.choice(["999999999", "-999999999", "0", "9" * 30, "٣"])
    return str(rng.randint(-10, 120))


def generate(rng: random.Random) -> tuple[str, str]:
    """A playbook assembled from the grammar's clauses, DSL or YAML, hostile values in
    some slots."""
    zone = _value(rng, ZONES)
    stages = []
    for s in range(rng.randint(0, 3)):
        first, last = _number(rng), _number(rng)
        actions = []
        for _ in range(rng.randint(0, 4)):
            channel = _value(rng, CHANNELS)
            when = rng.choice(
                [
                    f"on day {_number(rng)}",
                    "daily",
                    f"every {_number(rng)} days",
                    f"every {_number(rng)} hours",
                ]
            )
            at = rng.choice(["at 10:00", "at 07:00", "between 09:00 and 20:00", "at 25:99"])
            limit = rng.choice(["", f" max {_number(rng)} per day", " skip weekends, holidays"])
            actions.append((channel, when, at, limit))
        stages.append((f"s{s}", first, last, actions))
    handlers = [(_value(rng, EVENTS), rng.choice(["stop all", "pause sms for 3 days"]))]
    if rng.random() < 0.5:
        lines = [f'playbook "{_value(rng, ["fuzz", "p"])}"', f"timezone {zone}", ""]
        lines.append('template t sms "Hi {name}, please pay. Reply STOP to opt out."')
        for name, first, last, actions in stages:
            lines.append(f"stage {name} days {first}..{last} {{")
            for channel, when, at, limit in actions:
                target = "using t" if channel == "sms" else "to borrower"
                lines.append(f"  {channel} {target} {when} {at}{limit}")
            lines.append("}")
        lines += [f"on {event}: {verb}" for event, verb in handlers]
        return "gen.playbook", "\n".join(lines) + "\n"
    out = [f"playbook: {_value(rng, ['fuzz', 'p'])}", f"timezone: {zone}"]
    out += ["templates:", '  t: {channel: sms, text: "Hi {name}, pay. Reply STOP to opt out."}']
    out.append("stages:" if stages else "stages: {}")
    for name, first, last, actions in stages:
        out += [f"  {name}:", f"    days: {first}..{last}", "    actions:"]
        for channel, when, at, _ in actions:
            out.append(f'      - {{channel: {channel}, schedule: "{when}", at: "{at[3:]}"}}')
    out.append("handlers:")
    out += [f"  - {{on: {event}, {verb.split()[0]}: all}}" for event, verb in handlers]
    return "gen.playbook.yaml", "\n".join(out) + "\n"


def problems(name: str, text: str) -> list[str]:
    """What is wrong with linting this input: nothing, for every input."""
    return examine(name, text)[0]


def examine(name: str, text: str) -> tuple[list[str], int]:
    """Lint one input once: what is wrong with it, and the exit status ``check`` would
    give this one file (2 for an internal error, 1 for findings above info, else 0)."""
    data = text.encode("utf-8", "surrogatepass")
    report = guarded(name, Limits(seconds=60), lambda: lint_one(name, data, ()))
    if isinstance(report, Finding):
        return [f"{report.check}: {report.message}"], 2
    found = []
    lines = text.split("\n")
    for f in report.findings:
        if f.code == "PB000":
            found.append(f"PB000 {f.message}")
        if not 1 <= f.line <= len(lines):
            found.append(f"{f.code} at line {f.line} of {len(lines)}: {f.message[:80]!r}")
        else:
            width = len(lines[f.line - 1])
            end_past = f.end_line == f.line and f.end_column > width + 1
            if not 1 <= f.column <= width + 1 or end_past:
                where = f"{f.line}:{f.column}-{f.end_column}"
                found.append(f"{f.code} at {where} past {width}: {f.message[:80]!r}")
    if any(f.code == "PB000" for f in report.findings):
        return found, 2
    return found, 1 if any(f.severity is not Severity.INFO for f in report.findings) else 0
