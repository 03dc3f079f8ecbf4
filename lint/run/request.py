"""What a ``check`` is asked to do: one frozen ``CheckRequest``.

The command line turns argv into one, the language server builds one for the document
it lints, and both hand it to the same run (``check.py``): none of them assembles
settings, rulesets, the selection or the year for itself. An option left out is empty
(or None), and then the config's value applies.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from ..diagnostics import Severity
from .config import Settings
from .guard import Limits


class FixMode(enum.Enum):
    """``--fix`` (apply the fixes, then report what is left), ``--diff`` (print them,
    change no file) or neither."""

    OFF = "off"
    FIX = "fix"
    DIFF = "diff"


def selectors(values: tuple[str, ...]) -> tuple[str, ...]:
    """Repeatable options that also take comma-separated lists: ``--ignore PB1,PB2``."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class CheckRequest:
    """One ``check``: its inputs, the settings the command line puts on top of each
    file's config, and what to do with the findings."""

    paths: tuple[str, ...] = (".",)
    # The name (and so the form) of what '-' reads from stdin.
    stdin_filename: str | None = None
    # Documents given as bytes instead of read from disk (the editor's unsaved buffer),
    # linted under their path's config; with these, ``paths`` is not read.
    given: tuple[tuple[str, bytes], ...] = ()
    config: str | None = None  # this config file only
    isolated: bool = False  # no config file at all
    rulesets: tuple[str, ...] = ()  # added to the config's
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    fail_level: Severity | None = None
    year: int | None = None
    baseline: str | None = None
    write_baseline: str | None = None
    formats: tuple[str, ...] = ()  # FORMAT[:FILE], replacing the config's
    output: str | None = None
    statistics: bool = False
    show_suppressed: bool = False
    color: str = "auto"
    exit_zero: bool = False
    suppressions: bool = True
    fix: FixMode = FixMode.OFF
    unsafe_fixes: bool = False
    jobs: int | None = None  # None: the free cores
    cache: bool = True  # False: neither read nor write the result cache
    # The per-file bound; None: the caller bounds each file itself (``audit`` judges one
    # file with several runs and its charts under one bound, so the run adds none).
    limits: Limits | None = Limits()
    # False: judge against ``rulesets`` only, not also the rulesets the playbook's own
    # ``jurisdiction`` lines name (an audit's column: the auditor's yardstick).
    own_jurisdiction: bool = True
    # Hand back each file's parsed playbook and its text on its report (``audit`` names,
    # charts and reads the suppressions of what it judged); the cache, which keeps only
    # findings, is then not used.
    keep_model: bool = False

    def overlay(self, settings: Settings) -> Settings:
        """The request's options on top of a config's settings: an option given replaces
        the config's key; ``rulesets`` adds to the config's."""
        return replace(
            settings,
            rulesets=tuple(dict.fromkeys([*settings.rulesets, *self.rulesets])),
            select=selectors(self.select) if self.select else settings.select,
            ignore=selectors(self.ignore) if self.ignore else settings.ignore,
            extend_select=(
                selectors(self.extend_select) if self.extend_select else settings.extend_select
            ),
            fail_level=self.fail_level if self.fail_level else settings.fail_level,
            format=self.formats if self.formats else settings.format,
            baseline=self.baseline if self.baseline else settings.baseline,
            year=self.year if self.year is not None else settings.year,
        )
