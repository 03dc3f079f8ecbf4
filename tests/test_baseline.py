"""Baselines: keyed on what a finding is about, not where; stale entries are reported."""

from __future__ import annotations

import dataclasses
import json

import pytest
from report_samples import finding, structure

from playbook_lint.baseline import (
    BaselineError,
    apply_baseline,
    describe_stale,
    read_baseline,
    write_baseline,
)
from playbook_lint.reporters.common import BASELINE_REASON

TODAY = [finding(), structure(), finding("b.playbook", 3)]


def test_round_trip_silences_everything_it_was_written_from() -> None:
    result = apply_baseline(TODAY, write_baseline(TODAY))
    assert result.kept == ()
    assert result.stale == ()
    assert {f.suppressed for f in result.baselined} == {BASELINE_REASON}


def test_moving_a_violating_action_down_keeps_it_baselined() -> None:
    moved = [dataclasses.replace(f, line=f.line + 10, end_line=f.end_line + 10) for f in TODAY]
    result = apply_baseline(moved, write_baseline(TODAY))
    assert result.kept == ()


def test_changing_its_numbers_unbaselines_it() -> None:
    worse = dataclasses.replace(TODAY[0], message=TODAY[0].message.replace("14", "21"))
    result = apply_baseline([worse, *TODAY[1:]], write_baseline(TODAY))
    assert result.kept == (worse,)
    assert [e.message for e in result.stale] == [TODAY[0].message]


def test_a_second_copy_of_a_baselined_problem_is_new() -> None:
    copy = dataclasses.replace(TODAY[0], line=50, end_line=50)
    result = apply_baseline([*TODAY, copy], write_baseline(TODAY))
    assert len(result.kept) == 1


def test_fixed_findings_become_stale_entries() -> None:
    result = apply_baseline(TODAY[:1], write_baseline(TODAY))
    assert result.kept == ()
    assert {e.rule for e in result.stale} == {"PB009", "us-regf/call-frequency"}
    note = describe_stale(result.stale)
    assert note.startswith("2 baseline entries no longer match any finding")
    assert "b.playbook" in note


def test_file_is_deterministic_json_without_lines() -> None:
    text = write_baseline(list(reversed(TODAY)))
    assert text == write_baseline(TODAY)
    document = json.loads(text)
    assert document["playbook-lint-baseline"] == 1
    for entry in document["findings"]:
        assert set(entry) == {"path", "rule", "code", "anchor", "message", "count"}
    assert '"line"' not in text


def test_suppressed_findings_are_not_written() -> None:
    assert json.loads(write_baseline([finding(suppressed="ok")]))["findings"] == []


def test_paths_compare_normalised() -> None:
    entries = write_baseline([finding("./plans\\a.playbook")])
    assert apply_baseline([finding("plans/a.playbook")], entries).kept == ()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{", "not valid JSON"),
        ("[]", "not a playbook-lint baseline"),
        ('{"playbook-lint-baseline": 1, "findings": {}}', "must be a list"),
        ('{"playbook-lint-baseline": 1, "findings": [{"path": "a"}]}', "findings[0]"),
    ],
)
def test_bad_files_raise(text: str, words: str) -> None:
    with pytest.raises(BaselineError, match=words.replace("[", r"\[").replace("]", r"\]")):
        read_baseline(text)
