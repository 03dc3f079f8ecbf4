"""The package's dataclass methods are compiled on first call (``lint/lazy_methods.py``,
issue 24 item 5), and behave exactly as dataclasses makes them."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import playbook_lint  # noqa: F401 - installs the stand-ins before the model is made
from playbook_lint.model import ClockTime, Position, Span

ROOT = Path(__file__).resolve().parent.parent


def test_a_frozen_model_object_behaves_as_dataclasses_make_it() -> None:
    here, there = Span(3, 1, 3, 9), Span(3, 1, 3, 9)
    assert here == there
    assert here is not there
    assert hash(here) == hash(there)
    assert here != Span(4, 1, 4, 2)
    assert repr(here) == "Span(line=3, column=1, end_line=3, end_column=9)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        here.line = 4  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del here.line  # type: ignore[misc]
    assert sorted([Position(2, 1), Position(1, 5), Position(1, 2)]) == [
        Position(1, 2),
        Position(1, 5),
        Position(2, 1),
    ]
    # spans are left out of a model value's equality (both forms give equal models)
    assert ClockTime(9, 30, Span(1, 1, 1, 6)) == ClockTime(9, 30, Span(7, 3, 7, 8))
    assert dataclasses.replace(here, line=5) == Span(5, 1, 3, 9)
    assert pickle.loads(pickle.dumps(here)) == here
    assert copy.deepcopy(here) == here


def test_a_method_is_compiled_once_and_then_called_directly() -> None:
    @dataclasses.dataclass(frozen=True)
    class Probe:
        value: int

    # made in this test module: dataclasses' own methods, compiled at once
    assert Probe.__eq__.__code__.co_varnames[:2] == ("self", "other")
    first = Position(8, 8)
    assert first == Position(8, 8)
    # after its first call the package's __eq__ is the compiled one, on the class itself
    assert Position.__dict__["__eq__"].__code__.co_varnames[:2] == ("self", "other")
    assert Position.__eq__.__qualname__ == "Position.__eq__"
    # and so is __init__, with dataclasses' own signature
    assert Position.__dict__["__init__"].__code__.co_varnames[:3] == ("self", "line", "column")


def test_importing_the_command_line_compiles_few_dataclass_methods() -> None:
    # 160 classes make 973 methods; only those of objects made at import are compiled.
    probe = (
        "import dataclasses, collections\n"
        "made = collections.Counter()\n"
        "original = dataclasses._create_fn\n"
        "def counting(name, *args, **kwargs):\n"
        "    made[name] += 1\n"
        "    return original(name, *args, **kwargs)\n"
        "dataclasses._create_fn = counting\n"
        "import playbook_lint.cli\n"
        "print(sum(made.values()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert int(done.stdout) < 60, done.stdout  # those of objects made at import
