"""``check --fix`` and ``check --diff`` over a run's inputs: each file's fixes, judged by
the very run ``check`` makes, then written in place or kept as a diff.

Prints nothing: the caller gets the new inputs, the diffs and a note on what was done.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

from ..diagnostics import Finding
from ..run.check import bytes_of, collect_run, stream_run
from ..run.config import Settings
from ..run.discovery import Unreadable, decode
from ..run.guard import PB000, Limits, guarded
from ..run.request import CheckRequest, FixMode
from .fixes import fix_text
from .format import Formatted
from .rewrite import rewrite_or_why

Inputs = list[tuple[str, bytes | None]]


@dataclass
class FixedFiles:
    """What ``--fix`` (or ``--diff``) did: the inputs to lint now (fixed bytes in place
    of the old), the diffs (``--diff``), why some files were left as they were, and how
    many fixes were applied and how many unsafe ones are left."""

    inputs: Inputs = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    applied: int = 0
    unsafe_left: int = 0

    def note(self, would: bool) -> str:
        """``Fixed 3 findings; 1 more fix is available with --unsafe-fixes.``"""
        noun = "finding" if self.applied == 1 else "findings"
        note = f"{'Would fix' if would else 'Fixed'} {self.applied} {noun}"
        if self.unsafe_left:
            more = "fix is" if self.unsafe_left == 1 else "fixes are"
            note += f"; {self.unsafe_left} more {more} available with --unsafe-fixes"
        return note + "."


def fix_request(
    request: CheckRequest,
    inputs: Sequence[tuple[str, bytes | None]],
    settings_of: Mapping[str, Settings],
) -> FixedFiles:
    """``fix_files`` as a ``check`` request asks: --diff or --fix, its unsafe fixes, its
    suppressions, the paths it names and its per-file bound."""
    return fix_files(
        inputs,
        settings_of,
        unsafe=request.unsafe_fixes,
        diff=request.fix is FixMode.DIFF,
        suppressions=request.suppressions,
        named=request.paths,
        limits=request.limits,
    )


def fix_files(
    inputs: Sequence[tuple[str, bytes | None]],
    settings_of: Mapping[str, Settings],
    *,
    unsafe: bool,
    diff: bool,
    suppressions: bool,
    named: Sequence[str],
    limits: Limits | None,
) -> FixedFiles:
    """Apply the fixes to each file (stdin is left alone): rewrite it, or with ``diff``
    keep the diff and change nothing. A file that may not be rewritten is kept as it was
    and its reason added to ``errors``. The whole fix loop of one file runs under one
    per-file bound (``limits``); past it, the file is left as it was and its PB000 is an
    error."""
    done = FixedFiles()
    for path, given in inputs:
        data = bytes_of(path, given)
        text = decode(data) if data is not None else None
        if (
            data is None
            or text is None
            or path == "-"
            or isinstance(text, Unreadable)
            or path not in settings_of
        ):
            done.inputs.append((path, data))
            continue

        def lint(source: str, path: str = path) -> Sequence[Finding]:
            # The very run `check` makes, so a fix is judged by what check reports; no
            # bound of its own: the fix loop's one bound (below) covers every re-lint.
            # A failure is the loop's PB000 below, and the file is left as it was.
            one = [(path, source.encode("utf-8"))]
            run = stream_run(
                one, settings_of, suppressions=suppressions, jobs=1, ordered=False, limits=None
            )
            return collect_run(run, settings_of).findings

        outcome = guarded(path, limits, partial(fix_text, text, path, lint, unsafe=unsafe))
        if isinstance(outcome, Finding):
            done.errors.append(f"{PB000} {path}: {outcome.message} (--fix left it as it was)")
            done.inputs.append((path, data))
            continue
        done.unsafe_left += outcome.unsafe_left
        if outcome.applied and diff:
            done.diffs.append(Formatted(path, text, outcome.text).diff())
        elif outcome.applied:
            refused = rewrite_or_why(path, data, outcome.text, named)
            if refused:
                done.errors.append(refused)
                done.inputs.append((path, data))
                continue
            data = outcome.text.encode("utf-8")
        done.applied += len(outcome.applied)
        done.inputs.append((path, data))
    return done
