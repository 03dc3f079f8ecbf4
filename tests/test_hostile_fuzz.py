"""Issue 15's CI-sized fuzz run: mutated real playbooks and grammar-built hostile ones,
both forms. No traceback (every internal error would be a PB000), every finding inside
its file. The long mode (>= 100,000 inputs) is bench/fuzz_long.py."""

from __future__ import annotations

import random

import pytest
from fuzz_commands import COMMANDS, examine_command
from fuzz_inputs import generate, mutate, problems
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SEEDS = st.integers(min_value=0, max_value=2**32 - 1)
_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(SEEDS)
def test_mutated_playbooks_never_crash_and_stay_inside_the_file(seed: int) -> None:
    name, text = mutate(random.Random(seed))
    assert problems(name, text) == [], (name, text)


@_SETTINGS
@given(SEEDS)
def test_grammar_built_hostile_playbooks_never_crash(seed: int) -> None:
    name, text = generate(random.Random(seed))
    assert problems(name, text) == [], (name, text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["x.playbook", "x.playbook.yaml"]))
def test_arbitrary_text_never_crashes(text: str, name: str) -> None:
    assert problems(name, text) == []


# Issue 23: a sample of bench/fuzz_long.py --commands, every command but check.
@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "check"])
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=SEEDS)
def test_every_command_survives_hostile_playbooks_within_its_bound(command: str, seed: int) -> None:
    rng = random.Random(seed)
    name, text = (mutate if seed % 2 else generate)(rng)
    outcome = examine_command(command, name, text, rng)
    assert outcome.problems == [], (command, name, text)
