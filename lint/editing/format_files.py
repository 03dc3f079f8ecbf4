"""``playbook-lint format`` over files: each DSL playbook rewritten in the canonical
layout (``format.py``), or with ``check``/``diff`` only said what would change; stdin
to stdout. Writes through the ``Console`` it is given and returns the ``Outcome``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from ..output.console import Console, Outcome, error_line
from ..output.escape import safe
from ..run.check import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, bytes_of, read_named
from ..run.discovery import Unreadable, decode
from ..run.guard import Limits, PastBound, bounded
from .format import format_file
from .rewrite import rewrite_or_why


@dataclass(frozen=True)
class FormatRequest:
    """One ``format``: the paths ('-': stdin), whether to write nothing and only say
    (``check``: which would change; ``diff``: how), stdin's name, the per-file bound."""

    paths: tuple[str, ...] = ()  # none: '.'
    check: bool = False
    diff: bool = False
    stdin_filename: str | None = None
    limits: Limits = Limits()


def format_files(request: FormatRequest, console: Console) -> Outcome:
    """Format every file the request names; what cannot be formatted or written is an
    error line (exit 2), else exit 1 when ``check``/``diff`` found a file to change.
    A path that cannot be found is a ``RunError``."""
    paths, only_say = request.paths or (".",), request.check or request.diff
    inputs, errors = read_named(paths, request.stdin_filename)
    changed = 0
    for path, given in inputs:
        data = bytes_of(path, given)
        if data is None:
            errors.append(f"cannot read {path}")
            continue
        text = decode(data)
        if isinstance(text, Unreadable):
            errors.append(f"{path}: {text.message}")
            continue
        try:
            result = bounded(path, request.limits, partial(format_file, path, text))
        except PastBound as past:
            errors.append(str(past))
            continue
        if result.error:
            errors.append(result.error)
        elif path == (request.stdin_filename or "-") and "-" in request.paths and not only_say:
            console.write(result.after if result.after is not None else text, None)
        elif result.changed:
            changed += 1
            if request.diff:
                console.write(result.diff(), None)
            elif request.check:
                console.write(f"would reformat {safe(path)}\n", None)
            elif result.after is not None:
                refused = rewrite_or_why(path, data, result.after, paths)
                if refused:
                    errors.append(refused)
                    changed -= 1
    verb = "would be reformatted" if only_say else "reformatted"
    summary = f"{changed} file{'s' if changed != 1 else ''} {verb}"
    status = EXIT_ERROR if errors else EXIT_FINDINGS if changed and only_say else EXIT_OK
    return Outcome(status, (*(error_line(message) for message in errors), summary))
