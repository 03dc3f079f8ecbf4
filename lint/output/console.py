"""Where a command's text goes, and how it ends: a ``Console`` (stdout, stderr, whether
stdout is a terminal) and an ``Outcome`` (the exit status and the last lines on stderr).

The runs of ``check``, ``format`` and the other commands write through the console they
are given and return an outcome; the command line gives them one made of click's echo,
prints the outcome's lines and exits with its status. Nothing here prints or exits.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

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
