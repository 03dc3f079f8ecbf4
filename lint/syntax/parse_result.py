"""What a parser of either form returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..diagnostics import ParseDiagnostic
from ..model import (
    Playbook,
)


@dataclass(frozen=True)
class ParseResult:
    """What a parser made of a file: the playbook (None if nothing usable) and its problems."""

    playbook: Playbook | None
    diagnostics: tuple[ParseDiagnostic, ...]
    # The text of each statement that failed to parse: names written there explain later
    # "unknown" and "never used" findings (cascades, left out by the engine).
    failed: tuple[str, ...] = ()
    # YAML: the file's comments, (line, column of ``#``, text after it), taken from the
    # tree the parser composed, on demand (only a file with a directive asks); None from
    # the call when the tree cannot say, and then the comments are scanned for.
    comments: Callable[[], tuple[tuple[int, int, str], ...] | None] | None = field(
        default=None, compare=False
    )
