"""Baselines: keyed on what a finding is about, not where; stale entries are reported."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from report_samples import finding, structure

from playbook_lint.diagnostics import BASELINE_REASON
from playbook_lint.run.baseline import (
    BaselineError,
    apply_baseline,
    describe_stale,
    read_baseline,
    write_baseline,
)

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
    assert document["playbook-lint-baseline"] == 2
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
        ('{"playbook-lint-baseline": true, "findings": []}', "not a playbook-lint baseline"),
        ('{"playbook-lint-baseline": 3, "findings": []}', "version 3 is not one this"),
    ],
)
def test_bad_files_raise(text: str, words: str) -> None:
    with pytest.raises(BaselineError, match=words.replace("[", r"\[").replace("]", r"\]")):
        read_baseline(text)


def test_paths_are_stored_relative_to_the_baseline_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    today = [finding("plans/a.playbook"), finding(str(tmp_path / "plans" / "b.playbook"))]
    text = write_baseline(today, base_dir="ci")
    assert [e["path"] for e in json.loads(text)["findings"]] == [
        "../plans/a.playbook",
        "../plans/b.playbook",
    ]
    # The same findings seen from another directory: still accepted.
    (tmp_path / "plans").mkdir()
    monkeypatch.chdir(tmp_path / "plans")
    seen_from_plans = [finding("a.playbook"), finding("b.playbook")]
    result = apply_baseline(seen_from_plans, text, base_dir="../ci")
    assert result.kept == ()
    assert result.stale == ()
    # A file of the same name elsewhere is not.
    other = finding(str(tmp_path / "other" / "a.playbook"))
    assert apply_baseline([other], text, base_dir="../ci").kept == (other,)


def test_version_1_paths_are_relative_to_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = json.loads(write_baseline(TODAY))
    old["playbook-lint-baseline"] = 1
    text = json.dumps(old)
    monkeypatch.chdir(tmp_path)
    # Written by 0.1 from this directory, kept in ci/: matches as it did then.
    result = apply_baseline(TODAY, text, base_dir="ci")
    assert result.kept == ()
    assert result.stale == ()
    assert {e.path for e in read_baseline(text, base_dir="ci")} == {
        "../examples/metro.playbook",
        "../b.playbook",
    }
