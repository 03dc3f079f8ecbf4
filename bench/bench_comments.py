"""Comment attachment in ``format`` and ``convert`` (issue 23 item 6): wall time for a DSL
playbook with N letters, each with a comment above and after it, and N closing comments
(3 × N comments), at two sizes; linear work takes about twice as long at twice the size.

    .venv/bin/python bench/bench_comments.py [N]

from the repository root (N defaults to 3,334: 10,002 comments, then 20,004).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

from test_hostile_comments_linear import _commented_dsl

from playbook_lint.editing.convert import convert
from playbook_lint.editing.format import format_dsl


def main() -> None:
    base = int(sys.argv[1]) if len(sys.argv) > 1 else 3_334
    for actions in (base, 2 * base):
        text = _commented_dsl(actions)
        started = time.perf_counter()
        format_dsl(text)
        formatted = time.perf_counter() - started
        started = time.perf_counter()
        yaml_text = convert(text, "p.playbook", "yaml")
        to_yaml = time.perf_counter() - started
        started = time.perf_counter()
        convert(yaml_text, "p.playbook.yaml", "dsl")
        to_dsl = time.perf_counter() - started
        print(
            f"{3 * actions} comments: format {formatted:.2f} s, convert to YAML "
            f"{to_yaml:.2f} s, back to DSL {to_dsl:.2f} s",
            flush=True,
        )


if __name__ == "__main__":
    main()
