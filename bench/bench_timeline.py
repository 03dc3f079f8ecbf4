"""How long the worst-case analysis takes, and how much memory it peaks at.

Run from the repository root: ``.venv/bin/python bench/bench_timeline.py``. Each case
lints a generated playbook the way ``playbook-lint check`` does (parse, structure checks,
the rules of ``au-accc-asic`` and ``cn-cba2026``, which count windows of 1, 7 and 30 days
and judge hours and days), and reports the best wall time of a few runs and the peak
traced memory of one run. Nothing here is a test: numbers depend on the machine.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable

from playbook_lint.analysis import local_hours
from playbook_lint.checks.base import Context
from playbook_lint.run.engine import applicable_rules, lint_text
from playbook_lint.syntax.parse import parse_source

RULESETS = ("au-accc-asic", "cn-cba2026")
HEADER = """playbook "bench"
timezone Australia/Sydney
borrowers in Australia/Sydney, Australia/Perth, Pacific/Auckland
horizon {horizon} days
holidays AU
template ping sms "Your payment is late. Reply STOP to opt out."
"""


def every_minute(horizon: int) -> str:
    """One sms every minute of every day, open-ended: 1,440 attempts a day for years."""
    return HEADER.format(horizon=horizon) + (
        "stage forever days 1.. {\n  sms using ping every 1 minutes\n}\n"
    )


def many_actions(count: int = 200) -> str:
    """``count`` assorted actions over 20 stages of 18 days, plus an open-ended one."""
    kinds = [
        "call to borrower daily between 09:00 and 20:00 max 2 per day, max 5 per week",
        "sms using ping every 3 days at 10:30 skip weekends",
        "call to borrower on day {d} at 11:00",
        "email to borrower weekly",
        "call to guarantor weekly between 10:00 and 18:00 max 1 per week skip sundays",
        "sms using ping every 2 hours between 08:00 and 20:00 max 3 per day",
        "letter to borrower on day {d}",
        "call to borrower daily at 09:15, 17:45 max 1 connected per day skip holidays",
        "push to borrower every 4 days at 12:00",
        "im to borrower daily between 10:00 and 19:00 3 times max 10 per week",
    ]
    per_stage = count // 20
    stages = []
    for s in range(20):
        first, last = s * 18 + 1, s * 18 + 18
        body = "\n".join(
            "  " + kinds[(s + i) % len(kinds)].format(d=first + i % 18) for i in range(per_stage)
        )
        stages.append(f"stage s{s} days {first}..{last} {{\n{body}\n}}")
    return HEADER.format(horizon=3650) + "\n".join(stages) + "\n"


def _clear_caches() -> None:
    """Forget what earlier runs cached, so every run pays for its own local clocks."""
    for cached in (local_hours._local_reach, local_hours._date_offsets, local_hours.holiday_dates):
        cached.cache_clear()


def _timeline_rules(text: str) -> Callable[[], int]:
    """Only the worst-case part: the timeline and the PB1xx/PB2xx rules, on a parsed
    playbook whose event analysis is already done."""
    playbook = parse_source(text, "bench.playbook").playbook
    assert playbook is not None
    rules = [r for r in applicable_rules(playbook, RULESETS) if r.check.code[:3] in ("PB1", "PB2")]
    events = Context(playbook).events

    def run() -> int:
        ctx = Context(playbook)
        ctx.__dict__["events"] = events  # share the analysis made outside the measurement
        return sum(len(list(r.check.run(ctx, r.params))) for r in rules)

    return run


def _time_and_peak(run: Callable[[], object], runs: int) -> tuple[float, float]:
    best = float("inf")
    for _ in range(runs):
        _clear_caches()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    _clear_caches()
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak


def measure(name: str, make: Callable[[], str], runs: int = 3) -> None:
    text = make()
    whole, whole_peak = _time_and_peak(lambda: lint_text(text, "bench.playbook", RULESETS), runs)
    part, part_peak = _time_and_peak(_timeline_rules(text), runs)
    findings = lint_text(text, "bench.playbook", RULESETS).findings
    print(
        f"{name:<26} lint {whole * 1000:7.1f} ms, peak {whole_peak / 1024:6.0f} KiB | "
        f"timeline+PB1/PB2 {part * 1000:7.1f} ms, peak {part_peak / 1024:6.0f} KiB | "
        f"{len(findings)} findings"
    )


def main() -> None:
    measure("every 1 minutes, 1 year", lambda: every_minute(365))
    measure("every 1 minutes, 10 years", lambda: every_minute(3650))
    measure("200 actions, 10 years", many_actions)


if __name__ == "__main__":
    main()
