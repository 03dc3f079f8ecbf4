"""What a parser of either form returns."""

from __future__ import annotations

from dataclasses import dataclass

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
