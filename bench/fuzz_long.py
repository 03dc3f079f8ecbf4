"""Issue 15's long fuzz mode: at least 100,000 hostile inputs, both generators.

    .venv/bin/python bench/fuzz_long.py [COUNT] [SEED]
    .venv/bin/python bench/fuzz_long.py --commands [COUNT] [SEED]

from the repository root (COUNT defaults to 100,000). Prints one line per 1,000
inputs and a summary: inputs run, tracebacks (PB000 internal errors), findings outside
their file, the exit status of every input (each must be 0, 1 or 2). Every failing
input is written to bench/fuzz-failures/ for replay. Not a test: the CI-sized run is
tests/test_hostile_fuzz.py.

``--commands`` (issue 23): each input goes through one of the other commands instead
(``diff``, ``format``, ``convert``, ``check --fix``, ``audit``, the server's features),
drawn by ``WEIGHTS`` (the cheap commands more often, so the run fits a shared machine),
each under ``fuzz_commands.BOUND``; the summary gives, per command, inputs, inputs per
second, tracebacks, runs past the bound and the slowest input.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

from fuzz_commands import BOUND, examine_command
from fuzz_inputs import examine, generate, mutate

STATUSES = {0, 1, 2}
WEIGHTS = {"format": 45, "convert": 40, "audit": 5, "server": 4, "fix": 3, "diff": 3}


def main() -> int:
    if sys.argv[1:2] == ["--commands"]:
        return commands(sys.argv[2:])
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    rng = random.Random(seed)
    failures = Path(__file__).parent / "fuzz-failures"
    statuses: Counter[int] = Counter()
    bad = 0
    started = time.perf_counter()
    for n in range(1, count + 1):
        name, text = (mutate if n % 2 else generate)(rng)
        # One lint per input gives both the problems and the exit status: every input's
        # status is checked, none sampled.
        found, status = examine(name, text)
        statuses[status] += 1
        if status not in STATUSES:
            found.append(f"exit status {status}")
        if found:
            bad += 1
            failures.mkdir(exist_ok=True)
            (failures / f"{n}-{name}").write_text(text, encoding="utf-8", errors="surrogatepass")
            print(f"input {n} ({name}): {found[0]}", flush=True)
        if n % 1_000 == 0:
            seen = dict(sorted(statuses.items()))
            elapsed = time.perf_counter() - started
            print(f"{n} inputs, {bad} failing, statuses {seen}, {elapsed:.0f} s", flush=True)
    print(
        f"done: {count} inputs (seed {seed}), {bad} failing, exit statuses of every input "
        f"{dict(sorted(statuses.items()))}, {time.perf_counter() - started:.0f} s"
    )
    return 1 if bad else 0


def commands(args: list[str]) -> int:
    count = int(args[0]) if args else 100_000
    seed = int(args[1]) if len(args) > 1 else 23
    rng = random.Random(seed)
    failures = Path(__file__).parent / "fuzz-failures"
    names, weights = list(WEIGHTS), list(WEIGHTS.values())
    runs: Counter[str] = Counter()
    spent: Counter[str] = Counter()
    slowest: dict[str, float] = {}
    tracebacks: Counter[str] = Counter()
    past: Counter[str] = Counter()
    started = time.perf_counter()
    for n in range(1, count + 1):
        command = rng.choices(names, weights)[0]
        name, text = (mutate if n % 2 else generate)(rng)
        before = time.perf_counter()
        outcome = examine_command(command, name, text, rng)
        took = time.perf_counter() - before
        runs[command] += 1
        spent[command] += took
        slowest[command] = max(slowest.get(command, 0.0), took)
        if outcome.problems:
            (past if outcome.past_bound else tracebacks)[command] += 1
            failures.mkdir(exist_ok=True)
            where = failures / f"{command}-{seed}-{n}-{name}"
            where.write_text(text, encoding="utf-8", errors="surrogatepass")
            print(f"input {n} ({command} {name}): {outcome.problems[0][:200]}", flush=True)
        if n % 1_000 == 0:
            elapsed = time.perf_counter() - started
            bad = sum(tracebacks.values()) + sum(past.values())
            print(f"{n} inputs, {bad} failing, {n / elapsed:.1f} inputs/s", flush=True)
    elapsed = time.perf_counter() - started
    print(f"done: {count} inputs (seed {seed}, bound {BOUND.seconds:g} s) in {elapsed:.0f} s,")
    print(f"  {count / elapsed:.1f} inputs/s; per command:")
    for command in names:
        rate = runs[command] / spent[command] if spent[command] else 0.0
        print(
            f"  {command}: {runs[command]} inputs, {rate:.1f} inputs/s, "
            f"{tracebacks[command]} tracebacks, {past[command]} past the bound, "
            f"slowest {slowest.get(command, 0.0):.2f} s"
        )
    return 1 if tracebacks or past else 0


if __name__ == "__main__":
    raise SystemExit(main())
