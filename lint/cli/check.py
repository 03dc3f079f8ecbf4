"""``playbook-lint check``: argv into a ``CheckRequest``, its run with its reports
(``output/check_run.py``), the run's last lines and its exit status."""

from __future__ import annotations

from typing import Any

import click

from ..diagnostics import Severity
from ..output import FORMATS, check_run
from ..output.check_run import Fixer
from ..output.color import COLOR_CHOICES
from ..run.request import CheckRequest, FixMode
from .common import JOBS, LIMITS, STDIN, YEAR, console, finish, limits_of, opt

_SEVERITY, _SELECTOR = click.Choice([s.value for s in Severity]), "CODE|PREFIX|RULE"
# In the order of --help; each option fills the request's field of its name (request_of).
OPTIONS = (
    opt("--ruleset rulesets", "many", "ID|PATH",
        "Add a bundled ruleset or a ruleset file (repeatable)."),
    opt("--format formats", "many", "FORMAT[:FILE]", f"Report format ({', '.join(FORMATS)}); "
        "repeatable. FORMAT:FILE writes that report to FILE. Default: full on a terminal, "
        "concise otherwise."),
    opt("--output", None, "FILE", "Write the report to FILE instead of stdout."),
    opt("--fail-level", _SEVERITY, None,
        "Lowest severity that makes the exit status 1 (default: warning)."),
    opt("--exit-zero", "flag", None, "Exit 0 even when there are findings."),
    STDIN,
    opt("--select", "many", _SELECTOR,
        "Report only these (code PB101, prefix PB1, check name, rule id); repeatable."),
    opt("--ignore", "many", _SELECTOR, "Never report these."),
    opt("--extend-select", "many", _SELECTOR, "Report these too."),
    opt("--statistics", "flag", None, "Print counts per code instead of findings."),
    opt("--color", click.Choice(COLOR_CHOICES), None,
        "Colour; beats NO_COLOR and FORCE_COLOR, which beat terminal detection.", default="auto"),
    JOBS,
    opt("--config", None, "FILE", "Use this config file only."),
    opt("--isolated", "flag", None, "Ignore every config file."),
    opt("--show-settings", "flag", None, "Print the settings a run would use; exit."),
    opt("--no-suppressions suppressions", "off", None,
        "Ignore every `playbook-lint: ignore` comment."),
    YEAR,
    opt("--show-suppressed", "flag", None,
        "JSON and JSONL also list silenced findings, with their reason."),
    opt("--baseline", None, "FILE", "Report only findings not in this baseline."),
    opt("--write-baseline", None, "FILE", "Accept every current finding into FILE; exit 0."),
    *LIMITS,
    opt("--fix", "flag", None, "Apply the safe fixes, then report what is left."),
    opt("--unsafe-fixes", "flag", None, "With --fix or --diff: unsafe fixes too."),
    opt("--diff", "flag", None, "Print the fixes as a diff; change no file."),
    opt("--no-cache cache", "off", None,
        "Neither read nor write the result cache (config: cache)."),
)  # fmt: skip


@click.command(params=[click.Argument(["paths"], nargs=-1, default=(".",)), *OPTIONS])
def check(show_settings: bool, **options: Any) -> None:
    """Lint playbooks (PATHS default to '.'; '-' reads stdin)."""
    request = request_of(options)
    if show_settings:
        finish(check_run.show_settings(request, console()))
    finish(check_run.run_check(request, console(), fixer(request)))


def request_of(options: dict[str, Any]) -> CheckRequest:
    """``check``'s options as the one request the run reads: each fills the field of its
    name, but for the few that a conversion (or two options) make."""
    fix, diff, level = options.pop("fix"), options.pop("diff"), options.pop("fail_level")
    return CheckRequest(
        limits=limits_of(options),  # takes its two options out first
        fail_level=Severity(level) if level else None,
        fix=FixMode.DIFF if diff else FixMode.FIX if fix else FixMode.OFF,
        **options,
    )


def fixer(request: CheckRequest) -> Fixer | None:
    """--fix and --diff's editing tools, imported only then: check never pays for them."""
    if request.fix is FixMode.OFF:
        return None
    from ..editing.fix_files import fix_request

    return fix_request
