"""Issue 15's long fuzz mode: at least 100,000 hostile inputs, both generators.

    .venv/bin/python bench/fuzz_long.py [COUNT] [SEED]

from the repository root (COUNT defaults to 100,000). Prints one line per 10,000
inputs and a summary: inputs run, tracebacks (PB000 internal errors), findings outside
their file, exit statuses seen. Every failing input is written to bench/fuzz-failures/
for replay. Not a test: the CI-sized run is tests/test_hostile_fuzz.py.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

from fuzz_inputs import generate, mutate, problems

from playbook_lint.diagnostics import Severity
from playbook_lint.guard import Limits, guarded
from playbook_lint.run import lint_one


def _status(name: str, text: str) -> int:
    """The exit status ``check`` would give this one file (0, 1, or 2 for PB000)."""
    data = text.encode("utf-8", "surrogatepass")
    report = guarded(name, Limits(seconds=60), lambda: lint_one(name, data, ()))
    findings = (report,) if not hasattr(report, "findings") else report.findings  # type: ignore[union-attr]
    if any(f.code == "PB000" for f in findings):
        return 2
    return 1 if any(f.severity is not Severity.INFO for f in findings) else 0


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
        found = problems(name, text)
        statuses[_status(name, text) if n % 10 == 0 else -1] += 1
        if found:
            bad += 1
            failures.mkdir(exist_ok=True)
            (failures / f"{n}-{name}").write_text(text, encoding="utf-8", errors="surrogatepass")
            print(f"input {n} ({name}): {found[0]}", flush=True)
        if n % 10_000 == 0:
            print(f"{n} inputs, {bad} failing, {time.perf_counter() - started:.0f} s", flush=True)
    seen = {k: v for k, v in sorted(statuses.items()) if k >= 0}
    print(
        f"done: {count} inputs (seed {seed}), {bad} failing, exit statuses of every 10th "
        f"input {seen}, {time.perf_counter() - started:.0f} s"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
