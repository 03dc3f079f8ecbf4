"""The content checks on the real-message corpus (checks.md v3 item 7, issue 18 item 7).

The floors, held as floors: recall >= 0.90 on abusive messages and false alarms <= 0.02 on
lawful ones, across the whole corpus as it is (new corpus entries included). Beside them a
ratchet: no tuning message judged right may go wrong, and the number of held-out messages
judged right (counted, never named) may not fall. ``bench/content.py --ratchet`` rewrites
``tests/data/content_ratchet.yaml`` after an honest improvement.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from support import load_script

ROOT = Path(__file__).resolve().parent.parent
RECALL_FLOOR = 0.90
FALSE_ALARM_FLOOR = 0.02


@cache
def bench() -> ModuleType:
    return load_script(ROOT / "bench" / "content.py", "bench_content")


@cache
def outcomes() -> tuple[Any, ...]:
    return tuple(bench().judge_all(bench().load()))


@cache
def held() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "tests" / "data" / "content_ratchet.yaml").read_text())
    assert isinstance(data, dict)
    return data


def _by_id() -> dict[str, Any]:
    return {o.entry.id: o for o in outcomes()}


def test_false_alarms_stay_under_the_floor() -> None:
    rate = bench().false_alarms(outcomes())
    assert rate.value <= FALSE_ALARM_FLOOR, str(rate)


def test_recall_reaches_the_floor() -> None:
    rate = bench().recall(outcomes())
    assert rate.value >= RECALL_FLOOR, str(rate)


def test_the_floors_hold_with_the_signal_judged_on_unseen_text() -> None:
    # The statistical signal was trained on the tuning part: judged by models trained
    # without each message (bench/content.py's out-of-fold estimate), the floors still hold.
    honest = bench().signal_out_of_fold(outcomes())
    assert bench().recall(honest).value >= RECALL_FLOOR, str(bench().recall(honest))
    assert bench().false_alarms(honest).value <= FALSE_ALARM_FLOOR


def test_recall_does_not_go_down() -> None:
    # Counted, not a rate: new corpus entries may lower the rate without any regression;
    # the abusive messages caught can only grow.
    rate = bench().recall(outcomes())
    caught_when_written = len(held()["caught"]) + held()["holdout_caught"]
    assert rate.hits >= caught_when_written, str(rate)


@pytest.mark.parametrize("entry", held()["caught"])
def test_an_abusive_message_caught_stays_caught(entry: str) -> None:
    assert _by_id()[entry].flagged, entry


@pytest.mark.parametrize("entry", held()["silent"])
def test_a_lawful_message_left_alone_stays_alone(entry: str) -> None:
    assert not _by_id()[entry].flagged, entry


def test_the_held_out_fifth_does_not_get_worse() -> None:
    right = [o for o in outcomes() if o.entry.holdout and (o.entry.kind == "abusive") == o.flagged]
    caught = sum(o.entry.kind == "abusive" for o in right)
    silent = sum(o.entry.kind == "lawful" for o in right)
    # counts only: which held-out messages are right is never shown
    assert caught >= held()["holdout_caught"]
    assert silent >= held()["holdout_silent"]
