"""Issue 15's long fuzz mode: at least 100,000 hostile inputs, both generators.

    .venv/bin/python bench/fuzz_long.py [COUNT] [SEED]

from the repository root (COUNT defaults to 100,000). Prints one line per 1,000
inputs and a summary: inputs run, tracebacks (PB000 internal errors), findings outside
their file, the exit status of every input (each must be 0, 1 or 2). Every failing
input is written to bench/fuzz-failures/ for replay. Not a test: the CI-sized run is
tests/test_hostile_fuzz.py.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

from fuzz_inputs import examine, generate, mutate

STATUSES = {0, 1, 2}


def main() -> int:
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


if __name__ == "__main__":
    raise SystemExit(main())
