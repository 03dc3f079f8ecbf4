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
    # stdlib modules a plain check has no use for: a month's length, an unknown word's
    # suggestion, HTML escaping of Markdown (each 1-2 ms)
    "calendar",
    "difflib",
    "html",
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


FAMILY_MODULES = {
    "frequency",
    "timing",
    "escalation",
    "notices",
    "content",
    "required_words",
    "plan_words",
    "third_party",
    "handlers",
    "suppression",
}


def _families(loaded: set[str]) -> set[str]:
    prefix = "playbook_lint.checks."
    return {m.removeprefix(prefix) for m in loaded if m.startswith(prefix)} & FAMILY_MODULES


def test_a_check_imports_the_check_families_of_the_rules_that_apply_only() -> None:
    # ie-cca extends baseline: contact hours and days (timing) and the baseline's
    # families, but no notice (PB401-PB403) or required-words (PB502) rule; the
    # suppression checks are judged by the run from the catalogue, never imported.
    loaded, out = _modules(
        "check", "--no-cache", "--format", "concise", "examples/ie-credit-union.playbook"
    )
    assert "1 file" in out, out
    assert _families(loaded) == {
        "frequency",
        "timing",
        "escalation",
        "content",
        "plan_words",
        "third_party",
        "handlers",
    }


def test_a_company_ruleset_of_one_family_imports_that_family_alone(tmp_path: Path) -> None:
    ruleset = tmp_path / "acme.yaml"
    ruleset.write_text(
        "id: acme\nrules:\n  calls:\n    check: PB101\n    channels: [call]\n"
        "    max: 1\n    window: 7 days\n",
        encoding="utf-8",
    )
    playbook = tmp_path / "small.playbook"
    playbook.write_text(
        'playbook "small"\ntimezone America/New_York\n'
        "stage early days 1..30 {\n  call to borrower daily at 10:00 max 1 per day\n}\n"
        "on payment_received: stop all\n",
        encoding="utf-8",
    )
    loaded, out = _modules(
        "check",
        "--isolated",
        "--no-cache",
        "--format",
        "concise",
        "--ruleset",
        str(ruleset),
        str(playbook),
    )
    # The rule ran (it found the daily calls) and only its family was imported.
    assert "PB101" in out, out
    assert _families(loaded) == {"frequency"}
