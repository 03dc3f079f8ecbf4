"""Findings built by hand for the reporter, suppression and baseline tests."""

from __future__ import annotations

from playbook_lint.diagnostics import Finding, Severity


def finding(
    path: str = "examples/metro.playbook",
    line: int = 9,
    column: int = 3,
    code: str = "PB101",
    *,
    end_line: int | None = None,
    end_column: int = 40,
    check: str = "contact-frequency",
    severity: Severity = Severity.ERROR,
    message: str = "calls to borrower can reach 14 within 7 days (days 1-7); at most 7",
    rule: str | None = "us-regf/call-frequency",
    cite: str | None = "12 CFR 1006.14(b)(2)(i)",
    url: str | None = "https://www.ecfr.gov/current/title-12/part-1006/section-1006.14",
    why: str | None = "more than 7 calls within 7 consecutive days is presumed harassment",
    help: str | None = "cap the action, e.g. `max 1 per day`",
    anchor: str = "stage:early/action:call:0123456789ab",
    suppressed: str | None = None,
) -> Finding:
    return Finding(
        path=path,
        line=line,
        column=column,
        code=code,
        end_line=line if end_line is None else end_line,
        end_column=end_column,
        check=check,
        severity=severity,
        message=message,
        rule=rule,
        cite=cite,
        url=url,
        why=why,
        help=help,
        anchor=anchor,
        suppressed=suppressed,
    )


def structure(path: str = "examples/metro.playbook", line: int = 4, **kw: object) -> Finding:
    """An always-on structure finding: no rule, no citation."""
    values: dict[str, object] = {
        "code": "PB009",
        "check": "unused-template",
        "severity": Severity.WARNING,
        "message": "template `spring_offer` is never used",
        "rule": None,
        "cite": None,
        "url": None,
        "why": None,
        "help": None,
        "anchor": "template:spring_offer",
    }
    values.update(kw)
    return finding(path, line, 1, **values)  # type: ignore[arg-type]


MIXED = [
    finding(),
    finding(line=12, message="calls to borrower can reach 9 within 7 days (days 8-14); at most 7"),
    structure(),
    finding(
        "plans/uk, weird:name.playbook.yaml",
        3,
        5,
        "PB201",
        check="contact-hours",
        severity=Severity.WARNING,
        message="a call can land at 21:30 in Europe/London; allowed 08:00-21:00\n(100% sure)",
        rule="uk-cca/reasonable-hours",
        cite="CONC 7.9",
        url=None,
        anchor="stage:late/action:call:abc",
    ),
    finding(
        "plans/info.playbook",
        1,
        1,
        "PB012",
        check="unused-suppression",
        severity=Severity.INFO,
        message="`PB101` is suppressed but nothing on this line reports it",
        rule=None,
        cite=None,
        url=None,
        anchor="suppression:ignore[PB101]",
    ),
]


# A playbook with one error (PB008, line 9) and one warning (PB009, line 5).
BAD_PLAYBOOK = """\
playbook "reminders"
timezone America/New_York

template due_soon sms "Hi {name}, {amount} is due on {due_date}. Reply STOP to opt out."
template spring_offer sms "Pay {amount} by April. Reply STOP to opt out."

stage reminder days -3..0 {
  sms using due_soon on day -3, 0 at 10:00
  call using due_soon on day -1 at 10:00
}

on payment_received: stop all
"""

CLEAN_PLAYBOOK = """\
playbook "clean"
timezone America/New_York

template due_soon sms "Hi {name}, {amount} is due on {due_date}. Reply STOP to opt out."

stage reminder days -3..0 {
  sms using due_soon on day -3, 0 at 10:00
}

on payment_received: stop all
"""
