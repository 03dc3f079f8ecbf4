"""A `check` of one file imports only what it needs (issue 24 item 5).

A pre-commit hook pays the start-up on every commit: the audit (Jinja2), the language
server (pygls), the holiday calendars, `explain`'s docs, `diff` and the editing tools
stay out of `sys.modules` until a command that uses them runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What a `check` never needs (holidays only when a playbook names a calendar).
NEVER_ON_CHECK = (
    "jinja2",
    "markupsafe",
    "pygls",
    "lsprotocol",
    "holidays",
    "playbook_lint.audit",
    "playbook_lint.server",
    "playbook_lint.diff",
    "playbook_lint.editing",
    "playbook_lint.output.docs",
    "playbook_lint.output.timeline_view",
    "playbook_lint.output.rules_json",
    # the other formats' writers (a check in `concise` imports only its own), JUnit's XML
    "playbook_lint.output.sarif",
    "playbook_lint.output.junit",
    "playbook_lint.output.gitlab",
    "playbook_lint.output.jsonl",
    "xml",
    # tzdata's files are read by path: importlib.resources brings zipfile (3 ms)
    "importlib.resources",
    "zipfile",
)

PROBE = """
import json, sys
from playbook_lint.cli import main
argv = sys.argv[1:]
try:
    if argv:
        main(argv, standalone_mode=False)
finally:
    sys.stdout.flush()
    sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""


def _modules(*argv: str) -> tuple[set[str], str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    marker = done.stderr.rsplit("MODULES ", 1)
    assert len(marker) == 2, done.stderr
    return set(json.loads(marker[1])), done.stdout


def _heavy(loaded: set[str]) -> list[str]:
    return sorted(
        name
        for name in loaded
        for never in NEVER_ON_CHECK
        if name == never or name.startswith(never + ".")
    )


def test_importing_the_cli_loads_no_subcommand_machinery() -> None:
    loaded, _ = _modules()
    assert "playbook_lint.cli" in loaded
    assert _heavy(loaded) == []


def test_checking_one_file_of_each_form_loads_no_subcommand_machinery() -> None:
    for name in ("sloppy-us-agency.playbook", "sloppy-us-agency.playbook.yaml"):
        loaded, out = _modules("check", "--no-cache", "--format", "concise", f"examples/{name}")
        # The check ran and found what the example is built to show.
        assert "PB101" in out, out
        assert _heavy(loaded) == [], name
        # one file is linted here: no worker pool, so no multiprocessing (13 ms)
        assert "multiprocessing" not in loaded, name
        assert "concurrent.futures.process" not in loaded, name


def test_a_playbook_that_names_holidays_is_answered_from_the_shipped_table() -> None:
    # The calendar's days come from rulesets/_holidays.txt (made by the installed
    # release), so the holidays package is not imported at all (about 60 ms).
    loaded, out = _modules(
        "check", "--no-cache", "--format", "concise", "examples/au-lender.playbook"
    )
    assert "1 file" in out
    assert _heavy(loaded) == []
