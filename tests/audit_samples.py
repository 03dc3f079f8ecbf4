"""Submissions for the audit tests: a hostile one (markup and script in its name, its
template text and a suppression's reason) in both forms, and lawful and unlawful ones."""

from __future__ import annotations

from pathlib import Path

# Each payload, if it ever ran, would leave a mark the test can see (an attribute, a
# changed title) or a request on the test's own server ({leak}).
NAME = '<script>alert(1)</script>"><img src=x onerror=alert(2)><img src="{leak}/name">'
TEXT = (
    "Hi {{name}} \"><img src=x onerror=document.body.setAttribute('data-pwned','3')>"
    " <script>document.title='pwned'</script> pay now; a debt collector."
)
REASON = '<script>alert(5)</script><img src="{leak}/reason">'


def hostile_dsl(leak: str) -> str:
    name = NAME.format(leak=leak).replace('"', '\\"')
    text = TEXT.format(leak=leak).replace('"', '\\"')
    return f'''playbook "{name}"
jurisdiction us-regf
timezone America/New_York
template nudge sms "{text}"  # playbook-lint: ignore[PB502] -- {REASON.format(leak=leak)}
stage early days 1..30 {{
  sms using nudge daily at 10:00
  call to borrower daily between 09:00 and 20:00 max 3 per day
}}
on opt_out: stop sms
'''


def hostile_yaml(leak: str) -> str:
    import json

    name = json.dumps(NAME.format(leak=leak))
    text = json.dumps(TEXT.format(leak=leak))
    reason = REASON.format(leak=leak)
    return f"""playbook: {name}
jurisdiction: [us-regf]
timezone: America/New_York
templates:
  nudge: {{channel: sms, text: {text}}}  # playbook-lint: ignore[PB502] -- {reason}
stages:
  early:
    days: 1..30
    actions:
      - sms using nudge daily at 10:00
      - call to borrower daily between 09:00 and 20:00 max 3 per day
handlers:
  - on opt_out: stop sms
"""


LAWFUL = """playbook "quiet-reminders"
jurisdiction us-regf
timezone America/New_York
template validation_notice letter notice validation \"\"\"
  This is a debt collector attempting to collect a debt; information obtained will be
  used for that purpose. You owe {amount} to {creditor}; dispute it by {due_date}.
  \"\"\"
template nudge sms \"\"\"
  From a debt collector: your {creditor} account is past due; pay at {payment_link}.
  Reply STOP to opt out.
  \"\"\"
stage early days 1..60 {
  letter using validation_notice once
  sms using nudge on day 10, 20 at 12:00
}
on dispute_raised: pause all except notices until dispute_verified
on cease_requested: stop all except letter
on represented: stop all to borrower
on opt_out: stop sms, email
on conversation: pause call for 7 days
on payment_received: stop all
on represented: stop all to borrower
"""


def write_batch(folder: Path, leak: str) -> Path:
    """A submissions folder: two hostile, one lawful, one that does not parse."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile.playbook").write_text(hostile_dsl(leak), encoding="utf-8")
    (folder / "hostile.playbook.yaml").write_text(hostile_yaml(leak), encoding="utf-8")
    (folder / "quiet.playbook").write_text(LAWFUL, encoding="utf-8")
    (folder / "broken.playbook").write_text('playbook "x"\nstage {', encoding="utf-8")
    return folder
