"""PB003-PB009: structure checks fire on the annotated line, in both forms, and nowhere else."""

from __future__ import annotations

import pytest

from support import FIXTURES, lint_source

STRUCTURE = FIXTURES / "checks" / "structure"
# Its fixtures are run, with every other folder's, by test_fixtures.py.


def test_unknown_template_names_the_closest_one() -> None:
    text = (
        'playbook "p"\ntimezone Europe/London\n'
        'template reminder sms "Late. Reply STOP to opt out."\n'
        "stage s days 1..30 {\n  sms using remindr on day 2 at 10:00\n}\n"
    )
    [finding] = [f for f in lint_source(text) if f.code == "PB003"]
    assert finding.message == "unknown template 'remindr'"
    assert finding.help == "did you mean 'reminder'?"
    assert (finding.line, finding.column) == (5, 13)
    assert finding.end_column == 20


def test_overlap_message_names_both_stages_and_days() -> None:
    text = (
        'playbook "p"\nstage early days 1..30 {\n  letter on day 1\n}\n'
        "stage late days 20..60 {\n  letter on day 40\n}\non payment_received: stop all\n"
    )
    [finding] = [f for f in lint_source(text) if f.code == "PB005"]
    assert finding.message == "stage 'late' overlaps stage 'early' on days 20..30"
    assert finding.line == 5


def test_times_without_a_timezone_are_reported() -> None:
    text = 'playbook "p"\nstage s days 1..30 {\n  call on day 2 at 10:00\n}\n'
    codes = {(f.code, f.line) for f in lint_source(text)}
    assert ("PB003", 3) in codes


def test_structure_errors_stop_the_worst_case_analysis() -> None:
    # 24:61 makes hours meaningless: only the structure error is reported, not PB201 noise.
    text = (
        'playbook "p"\njurisdiction us-regf\ntimezone America/New_York\n'
        "stage s days 1..30 {\n  call daily at 24:61 max 1 per day\n}\n"
    )
    assert {f.code for f in lint_source(text)} == {"PB004"}


@pytest.mark.parametrize(
    ("line", "expected_line"),
    [
        ("horizon 99999999 days\nstage s days 1.. {\n  letter on day 5\n}", 1),
        ("stage s days 1..99999999 {\n  letter on day 5\n}", 3),
        ("stage s days 1..30 {\n  call every 99999 days at 10:00\n}", 4),
        ("stage s days 1..30 {\n  letter on day 5 after default + 40000 days\n}", 4),
    ],
)
def test_absurd_day_counts_are_invalid_and_stop_the_analysis(line: str, expected_line: int) -> None:
    text = f'playbook "p"\ntimezone Europe/London\n{line}\non payment_received: stop all\n'
    findings = lint_source(text)
    assert ("PB004", expected_line) in {(f.code, f.line) for f in findings}
    assert {f.code for f in findings} <= {"PB004", "PB006"}


def test_a_reversed_stage_is_reported_once_not_as_overlaps_and_stray_days() -> None:
    text = (
        'playbook "p"\nstage x days 1..30 {\n  letter on day 5\n}\n'
        "stage y days 20..10 {\n  letter on day 15\n}\non payment_received: stop all\n"
    )
    assert [(f.line, f.code) for f in lint_source(text)] == [(5, "PB004")]
