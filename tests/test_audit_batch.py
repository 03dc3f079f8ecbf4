"""``audit`` over a batch of 500 generated submissions: a progress bar on a terminal,
none in a pipe, and the same verdicts as ``check``."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

COUNT = 500
_JURISDICTIONS = ("us-regf", "uk-cca", "au-accc-asic", "baseline")


def _playbook(i: int) -> str:
    """A lender's plan; every few a busier dialer, a missing handler, or a broken line."""
    calls = 1 + i % 3
    jurisdiction = _JURISDICTIONS[i % len(_JURISDICTIONS)]
    handler = "" if i % 5 == 0 else "on payment_received: stop all\n"
    broken = "stage {\n" if i % 50 == 7 else ""
    return f"""playbook "lender-{i:03d}"
jurisdiction {jurisdiction}
timezone Europe/London
template nudge sms "Your account is past due. Pay at {{payment_link}}. Reply STOP to opt out."
stage early days 1..60 {{
  sms using nudge on day {1 + i % 9}, {20 + i % 7} at 11:00
  call to borrower daily between 10:00 and 18:00 {calls} times skip sundays
}}
{handler}{broken}on dispute_raised: pause all until dispute_verified
on cease_requested: stop all except letter
on represented: stop all to borrower
"""


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("batch")
    for i in range(COUNT):
        lender = root / f"lender-{i % 40:02d}"
        lender.mkdir(exist_ok=True)
        suffix = ".playbook"
        (lender / f"plan-{i:03d}{suffix}").write_text(_playbook(i), encoding="utf-8")
    return root


def _cli() -> list[str]:
    return [sys.executable, "-m", "playbook_lint"]


def test_progress_bar_on_a_terminal(batch: Path, tmp_path: Path) -> None:
    primary, secondary = pty.openpty()
    out = tmp_path / "audit.json"
    process = subprocess.Popen(
        [*_cli(), "audit", str(batch), "--format", f"json:{out}", "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=secondary,
        env={**os.environ, "COLUMNS": "100"},
    )
    os.close(secondary)
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(primary, 4096)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    assert process.wait(timeout=600) == 1
    reader.join(timeout=10)
    os.close(primary)
    seen = b"".join(chunks).decode("utf-8", "replace")
    assert "Auditing" in seen
    assert f"{COUNT}/{COUNT}" in seen
    assert "files/s" in seen


def test_no_progress_in_a_pipe_and_the_same_verdicts_as_check(batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit.json"
    audited = subprocess.run(
        [*_cli(), "audit", str(batch), "--format", f"json:{out}", "--jobs", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert audited.returncode == 1
    assert audited.stderr == ""
    checked = subprocess.run(
        [
            *_cli(),
            "check",
            "--isolated",
            "--no-suppressions",
            "--format",
            "json",
            "--jobs",
            "2",
            str(batch),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    failing = {f["path"] for f in json.loads(checked.stdout) if f["severity"] != "info"}
    report = json.loads(out.read_text(encoding="utf-8"))
    assert len(report["playbooks"]) == COUNT
    verdicts = {p["path"]: p["verdict"] for p in report["playbooks"]}
    assert {p for p, v in verdicts.items() if v != "pass"} == failing
    # The batch holds each kind of verdict, so the comparison means something.
    assert set(verdicts.values()) >= {"pass", "fail", "invalid"}
