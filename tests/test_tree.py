"""The tree's shape: no module in ``lint/`` is over 700 lines (style.md, "The house at
25,000 lines"); the whole command line (``lint/cli/``) within 400 lines, as it only turns
argv into a request, prints and exits (issue 20 item 2); every package ships in the wheel."""

from __future__ import annotations

import tomllib
from pathlib import Path

LINT = Path(__file__).resolve().parent.parent / "lint"
HOUSE_LIMIT = 700
CLI_LIMIT = 400


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_is_over_the_house_limit() -> None:
    over = {
        str(path.relative_to(LINT)): _lines(path)
        for path in sorted(LINT.rglob("*.py"))
        if _lines(path) > HOUSE_LIMIT
    }
    assert over == {}


def test_the_command_line_stays_within_its_limit() -> None:
    # All of it, as `wc -l lint/cli/*.py` counts: the runs live in their rooms (issue 20).
    sizes = {path.name: _lines(path) for path in sorted((LINT / "cli").glob("*.py"))}
    assert "check.py" in sizes
    assert sum(sizes.values()) <= CLI_LIMIT, sizes


def test_every_package_of_the_tree_ships_in_the_wheel() -> None:
    # The wheel lists its packages by name: a new room missing there installs a console
    # script that cannot import its command line (lint/cli/ once did).
    config = tomllib.loads((LINT.parent / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    rooms = {
        ".".join(("playbook_lint", *init.parent.relative_to(LINT).parts))
        for init in LINT.rglob("__init__.py")
    }
    assert rooms - listed == set()
