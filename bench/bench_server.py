"""How long the language server takes to re-lint a 2,000-line playbook after a keystroke.

Run from the repository root: ``.venv/bin/python bench/bench_server.py``. Two generated
playbooks of about 2,000 lines, linted with ``us-regf`` as their jurisdiction says:

* ``letters``: what a large real plan looks like: 72 templates of multi-line letters and
  call scripts (about 1,500 lines of text), 20 stages of 12 actions, comments;
* ``actions``: a stress case: 95 stages of 18 actions (1,700 actions).

Each run types one character into an action line and does what the server does on
``didChange`` once the debounce has passed: lint the new text as ``check`` would and turn
the findings into LSP diagnostics. The target is under 300 ms. Nothing here is a test:
numbers depend on the machine (and on how many other processes share it).
"""

from __future__ import annotations

import statistics
import time

from playbook_lint.server.analysis import Analysis, diagnostics

ACTIONS = [
    "call to borrower using script daily between 09:00 and 20:00 max 2 per day, max 7 per week",
    "sms using reminder{t} every 3 days at 10:30 skip sundays",
    "email using statement{t} weekly at 09:00",
    "letter using letter{t} on day {d}",
    "call to borrower on day {d} at 11:00",
    "push using reminder{t} every 4 days at 12:00",
    "im using reminder{t} daily between 10:00 and 19:00 1 time max 1 per day",
]


def playbook(stages: int = 95, per_stage: int = 18, templates: int = 100) -> str:
    lines = [
        "# Generated for bench_server.py: a large, lawful-looking collection plan.",
        'playbook "bench-2000"',
        'version "1"',
        "jurisdiction us-regf",
        "timezone America/New_York",
        "borrowers in America/New_York, America/Chicago, America/Los_Angeles",
        "horizon 2000 days",
        "",
        'template script call "This is Acme. This is an attempt to collect a debt."',
    ]
    for t in range(templates // 3):
        lines += [
            f'template reminder{t} sms "Hi {{name}}, {{amount}} is due. Reply STOP to opt out."',
            f'template statement{t} email "Balance {{amount}}. To stop, reply UNSUBSCRIBE."',
            f'template letter{t} letter "Dear {{name}}, your balance is {{amount}}."',
        ]
    for s in range(stages):
        first = s * 20 + 1
        lines += [
            "",
            f"# Stage {s}: days {first}-{first + 19}",
            f"stage s{s} days {first}..{first + 19} {{",
        ]
        for a in range(per_stage):
            action = ACTIONS[(s + a) % len(ACTIONS)].format(t=a % (templates // 3), d=first + a)
            lines.append("  " + action)
        lines.append("}")
    lines += [
        "",
        "on payment_received: stop all",
        "on dispute_raised: pause all until dispute_verified",
    ]
    lines += [
        "on cease_requested: stop all except letter",
        "on conversation: pause call for 7 days",
    ]
    return "\n".join(lines) + "\n"


def letters(stages: int = 20, per_stage: int = 12, templates: int = 72) -> str:
    """A plan whose length is mostly template text, as real plans' is."""
    paragraph = [
        "  Dear {name},",
        "",
        "  We wrote to you about your account {account_number}. The balance is {amount}.",
        "  If you are having difficulty paying, please call us on {phone}; we can agree a",
        "  plan you can afford. Free and independent advice is available from the",
        "  organisations listed overleaf. This is an attempt to collect a debt, and any",
        "  information obtained will be used for that purpose.",
    ]
    lines = [
        "# Generated for bench_server.py: a large plan, mostly letters and scripts.",
        'playbook "bench-letters"',
        "jurisdiction us-regf",
        "timezone America/New_York",
        "borrowers in America/New_York, America/Chicago, America/Los_Angeles",
        "",
        'template script call "This is Acme. This is an attempt to collect a debt."',
    ]
    for t in range(templates):
        lines.append(f'template letter{t} letter """')
        lines += paragraph * 3
        lines.append('  """')
    for s in range(stages):
        first = s * 20 + 1
        lines += ["", f"# Stage {s}", f"stage s{s} days {first}..{first + 19} {{"]
        for a in range(per_stage):
            if a % 3 == 0:
                lines.append(
                    f"  letter using letter{(s * per_stage + a) % templates} on day {first + a}"
                )
            else:
                lines.append("  " + ACTIONS[(s + a) % 2 * 4].format(t=0, d=first + a))
        lines.append("}")
    lines += ["", "on payment_received: stop all", "on conversation: pause call for 7 days"]
    return "\n".join(lines) + "\n"


def keystroke(text: str, n: int) -> str:
    """The text with one more character typed at the end of an action line."""
    marker = "at 11:00\n" if "at 11:00\n" in text else "\n}"
    index = text.index(marker) + len(marker) - 1
    return text[:index] + (" " if n % 2 else "") + text[index:]


def measure(name: str, text: str, runs: int) -> None:
    uri = f"file:///bench/{name}.playbook"
    print(f"{name}: {text.count(chr(10))} lines, {len(text):,} characters")
    first = time.perf_counter()
    found = diagnostics(Analysis(uri, text))
    elapsed = (time.perf_counter() - first) * 1000
    print(f"  first lint (parser and rulesets built): {elapsed:.0f} ms, {len(found)} diagnostics")
    times = []
    for n in range(runs):
        changed = keystroke(text, n)
        start = time.perf_counter()
        diagnostics(Analysis(uri, changed))
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"  re-lint on a keystroke: median {statistics.median(times):.0f} ms, "
        f"best {min(times):.0f} ms, worst {max(times):.0f} ms (target < 300 ms)"
    )


def main() -> None:
    measure("letters", letters(), runs=10)
    measure("actions", playbook(), runs=1)


if __name__ == "__main__":
    main()
