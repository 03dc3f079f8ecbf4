"""Where a command's text goes, and how it ends: a ``Console`` (stdout, stderr, whether
stdout is a terminal) and an ``Outcome`` (the exit status and the last lines on stderr).

The runs of ``check``, ``format`` and the other commands write through the console they
are given and return an outcome; the command line gives them one made of click's echo,
prints the outcome's lines and exits with its status; ``audit`` draws its progress bar on
the stream the command line names. Nothing here prints on its own or exits.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TextIO

import click

from .color import use_color
from .escape import safe


@dataclass(frozen=True)
class Console:
    """``write(text, color)``: stdout, as given (``color``: keep colour codes; False:
    strip them; None: keep them on a terminal only). ``say(text)``: stderr, as given.
    ``terminal``: is stdout a terminal (the default format and colour)."""

    write: Callable[[str, bool | None], None]
    say: Callable[[str], None]
    terminal: bool = False

    def color(self, choice: str = "auto") -> bool:
        """``--color`` beats the environment beats the terminal (``color.py``)."""
        return use_color(choice, os.environ, self.terminal)

    def warn(self, line: str) -> None:
        self.say(line + "\n")


@dataclass(frozen=True)
class Outcome:
    """How a run ends: its exit status and the lines it says last on stderr."""

    status: int
    lines: tuple[str, ...] = ()


def error_line(message: str) -> str:
    # Messages name files and quote config values: escaped, so none forges a line.
    return f"playbook-lint: error: {safe(message)}"


@contextmanager
def progress_bar(total: int, stream: TextIO) -> Iterator[Callable[[], None]]:
    """click's progress bar on ``stream`` (files done, rate, time left), drawn only on a
    terminal: the context's value is called once per file done."""
    if not stream.isatty() or not total:
        yield lambda: None
        return
    started, done = time.monotonic(), 0
    bar: Any = click.progressbar(
        length=total,
        label="Auditing",
        file=stream,
        show_pos=True,
        show_eta=True,
        item_show_func=lambda rate: rate,
    )
    with bar:

        def step() -> None:
            nonlocal done
            done += 1
            bar.update(1, f"{done / max(time.monotonic() - started, 1e-6):.1f} files/s")

        yield step
