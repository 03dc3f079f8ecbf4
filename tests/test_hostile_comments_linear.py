"""Issue 23 item 6: ``format``, ``convert`` and the server's formatting gave each comment
to its statement by searching every statement, and dealt the comments out again for
every statement: work in comments × statements (20,000 comments took minutes). Both
attachments are linear now; the work is counted in executed Python lines, never timed
(timings: bench/)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import pytest

import playbook_lint.editing.convert as convert_module
import playbook_lint.editing.format as format_module
from playbook_lint.editing.convert import convert
from playbook_lint.editing.format import format_dsl

# Measured: about 45 lines a comment for the DSL, lexer included (the server's formatting
# is format_dsl too). The old code needed thousands a comment at this size, so the budget
# stops it in seconds, not minutes.
LINES_PER_COMMENT = 100


class _OverBudget(Exception):
    pass


def _commented_dsl(actions: int) -> str:
    """``actions`` letters, each with a comment above it and one after it, and as many
    comments after the last statement: 3 × ``actions`` comments."""
    lines = [
        'playbook "p"',
        "timezone UTC",
        'template t sms "Hi {name}. Reply STOP to opt out."',
        "stage s days 1..30 {",
    ]
    for i in range(actions):
        lines += [f"  # why the letter of day {i % 30 + 1}", f"  letter on day {i % 30 + 1}  # {i}"]
    lines += ["}", "on payment_received: stop all"]
    lines += [f"# closing note {i}" for i in range(actions)]
    return "\n".join(lines) + "\n"


def _commented_yaml(actions: int) -> str:
    return convert(_commented_dsl(actions), "p.playbook", "yaml")


@contextmanager
def _counting(module: Any, name: str, budget: int) -> Iterator[list[int]]:
    """Count the Python lines ``module.name`` executes (and everything it calls) while it
    runs; past ``budget``, stop it with ``_OverBudget``."""
    real: Callable[..., Any] = getattr(module, name)
    count = [0]

    def local(frame: FrameType, event: str, arg: object) -> Any:
        if event == "line":
            count[0] += 1
            if count[0] > budget:
                raise _OverBudget(f"{name} ran more than {budget} lines")
        return local

    def counted(*args: Any, **kwargs: Any) -> Any:
        previous = sys.gettrace()
        sys.settrace(lambda frame, event, arg: local)
        try:
            return real(*args, **kwargs)
        finally:
            sys.settrace(previous)

    setattr(module, name, counted)
    try:
        yield count
    finally:
        setattr(module, name, real)


def test_formatting_20000_comments_is_linear_work() -> None:
    actions = 6_667  # 20,001 comments
    text = _commented_dsl(actions)
    with _counting(format_module, "_attach_comments", LINES_PER_COMMENT * 3 * actions) as count:
        formatted = format_dsl(text)
    assert formatted.count("#") == 3 * actions  # every comment kept
    assert "  letter on day 7  # 6\n" in formatted
    assert count[0] > 3 * actions  # the counter saw the attachment


def test_converting_20000_comments_is_linear_work() -> None:
    actions = 6_667
    text = _commented_dsl(actions)
    budget = LINES_PER_COMMENT * 3 * actions
    with _counting(convert_module, "attach_comments", budget) as count:
        converted = convert(text, "p.playbook", "yaml")
    assert converted.count("# closing note") == actions
    assert count[0] > 3 * actions


@pytest.mark.parametrize(
    ("module", "name", "run", "build"),
    [
        (format_module, "_attach_comments", format_dsl, _commented_dsl),
        (
            convert_module,
            "attach_comments",
            lambda text: convert(text, "p.playbook", "yaml"),
            _commented_dsl,
        ),
        (
            convert_module,
            "attach_comments",
            lambda text: convert(text, "p.playbook.yaml", "dsl"),
            _commented_yaml,
        ),
    ],
    ids=["format", "convert-dsl", "convert-yaml"],
)
def test_twice_the_comments_is_twice_the_work(
    module: Any, name: str, run: Callable[[str], str], build: Callable[[int], str]
) -> None:
    """Quadratic work quadruples when the input doubles; linear work doubles."""
    counts = []
    for actions in (500, 1_000):
        text = build(actions)
        with _counting(module, name, 10**9) as count:
            run(text)
        counts.append(count[0])
    assert counts[1] / counts[0] < 2.3, counts
