"""In-process measurements for ``bench/run.py``, run in a fresh interpreter per variant.

``python bench/probe.py scale SEEDS`` and ``python bench/probe.py floor DIR`` print one JSON
object. Whatever ``playbook_lint`` is first on ``sys.path`` is measured, so ``run.py`` can
put an older copy first (``PYTHONPATH``) and measure both side by side.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate


def _lint(text: str, name: str) -> float:
    from playbook_lint.run.engine import lint_text

    start = time.perf_counter()
    lint_text(text, name, ())
    return time.perf_counter() - start


def scale(seeds: list[int], big: int) -> dict[str, float]:
    """Seconds to lint 200-line and ``big``-line plans (10-year horizon), both forms."""
    _lint(generate.playbook(0, lines=20, horizon=90), "warm.playbook")  # imports, grammar
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
    lint_text(texts[0][1], texts[0][0], ())  # imports, grammar

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
            start = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - start)
        timings[label] = best
    timings["libyaml"] = float(loader is not yaml.SafeLoader)
    return timings


def main() -> None:
    command, argument = sys.argv[1], sys.argv[2]
    if command == "scale":
        big = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
        result = scale([int(s) for s in argument.split(",")], big)
    else:
        result = floor(argument)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
