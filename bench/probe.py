"""In-process measurements for ``bench/run.py``, run in a fresh interpreter per variant.

``python bench/probe.py scale SEEDS``, ``floor DIR``, ``series`` and ``server`` print one
JSON object. Times are this process's CPU time (``time.process_time``): on a shared
machine, wall time measures the neighbours. Whatever ``playbook_lint`` is first on
``sys.path`` is measured, so ``run.py`` can put an older copy first (``PYTHONPATH``) and
measure both side by side.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate


def _warm(text: str, name: str) -> None:
    """Lint once (imports, grammar, rulesets), then freeze what that made, as the command
    line freezes its start-up (``gc.freeze`` in ``playbook_lint.cli``): what is measured
    after is what a run pays per playbook."""
    _lint(text, name)
    gc.freeze()


def _lint(text: str, name: str) -> float:
    from playbook_lint.run.engine import lint_text

    start = time.process_time()
    lint_text(text, name, ())
    return time.process_time() - start


def scale(seeds: list[int], big: int) -> dict[str, float]:
    """Seconds to lint 200-line and ``big``-line plans (10-year horizon), both forms."""
    _warm(generate.playbook(0, lines=20, horizon=90), "warm.playbook")
    out: dict[str, float] = {}
    for lines in (200, big):
        total = 0.0
        worst = 0.0
        for seed in seeds:
            for form, suffix in (("dsl", ".playbook"), ("yaml", ".playbook.yaml")):
                text = generate.playbook(seed, lines=lines, horizon=3650, form=form)
                runs = 3 if lines <= 200 else 1
                took = min(_lint(text, "p" + suffix) for _ in range(runs))
                total += took
                worst = max(worst, took)
        out[f"mean_{lines}"] = total / (2 * len(seeds))
        out[f"worst_{lines}"] = worst
    return out


def floor(directory: str) -> dict[str, float]:
    """Seconds for the full check of every file in ``directory`` against the bare parse
    (Lark LALR on the DSL with the shipped grammar, libyaml compose on the YAML)."""
    import yaml
    from lark import Lark

    from playbook_lint.resources import grammar_path
    from playbook_lint.run.engine import lint_text

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    lark = Lark.open(str(grammar_path()), parser="lalr", start="start")
    files = sorted(Path(directory).iterdir())
    texts = [(f.name, f.read_text(encoding="utf-8")) for f in files]
    _warm(texts[0][1], texts[0][0])

    def bare() -> None:
        for name, text in texts:
            if name.endswith(".yaml"):
                yaml.compose(text, Loader=loader)
            else:
                lark.parse(text)

    def full() -> None:
        for name, text in texts:
            lint_text(text, name, ())

    timings: dict[str, float] = {}
    for label, run in (("bare", bare), ("full", full)):
        best = float("inf")
        for _ in range(1):
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
        timings[label] = best
    timings["libyaml"] = float(loader is not yaml.SafeLoader)
    return timings


def breaches(actions: int, stages: int = 1) -> str:
    """``actions`` assorted actions over ``stages`` stages of 7 days, most of them in a
    breach (calls several times a day, texts every few days): the held-out kind of plan
    whose findings name other actions, not a clean generated one."""
    per_stage = max(1, actions // stages)
    out = [
        'playbook "series"',
        "jurisdiction us-regf",
        "timezone America/New_York",
        "borrowers in America/New_York, America/Los_Angeles",
        'template c call "This is an attempt to collect a debt."',
        'template t sms "Your payment is late. Reply STOP to opt out."',
        'template e email "Your payment is late. Unsubscribe: reply STOP."',
    ]
    for s in range(stages):
        out.append(f"stage s{s} days {1 + 7 * s}..{7 + 7 * s} {{")
        for i in range(per_stage):
            kind = (s * per_stage + i) % 4
            if kind == 0:
                out.append(f"  sms using t every {1 + i % 3} days at {9 + i % 10:02d}:00")
            elif kind == 1:
                out.append(f"  email using e on day {1 + 7 * s + i % 7}")
            else:
                out.append(f"  call to borrower using c daily at {8 + i % 12:02d}:{i % 60:02d}")
        out.append("}")
    out += ["on payment_received: stop all", "on conversation: pause call for 7 days"]
    return "\n".join(out) + "\n"


def series() -> dict[str, float]:
    """Seconds for 200 and 2,000 actions with breaches (one stage per 20 actions), and 200
    and 2,000 stages of one action each."""
    _warm(breaches(20, 2), "warm.playbook")
    out: dict[str, float] = {}
    for n in (200, 2000):
        # The best of a few runs: one run of the small case is noise on a busy machine.
        runs = 5 if n <= 200 else 2
        actions, stages = breaches(n, max(1, n // 20)), breaches(n, n)
        out[f"actions_{n}"] = min(_lint(actions, "a.playbook") for _ in range(runs))
        out[f"stages_{n}"] = min(_lint(stages, "s.playbook") for _ in range(runs))
    return out


def server() -> dict[str, float]:
    """Milliseconds for the language server to re-lint the 2,000-line ``letters`` plan of
    ``bench_server.py`` after one keystroke (median of 7)."""
    import statistics

    import bench_server

    from playbook_lint.server.analysis import Analysis, diagnostics

    text = bench_server.letters()
    uri = "file:///bench/letters.playbook"
    diagnostics(Analysis(uri, text))
    times = []
    for n in range(7):
        changed = bench_server.keystroke(text, n)
        start = time.process_time()
        diagnostics(Analysis(uri, changed))
        times.append((time.process_time() - start) * 1000)
    return {"relint_ms": statistics.median(times), "lines": float(text.count("\n"))}


def main() -> None:
    command = sys.argv[1]
    if command == "scale":
        big = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
        result = scale([int(s) for s in sys.argv[2].split(",")], big)
    elif command == "series":
        result = series()
    elif command == "server":
        result = server()
    else:
        result = floor(sys.argv[2])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
