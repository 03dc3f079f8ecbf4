"""Where the shipped data lives: the grammar and the bundled rulesets.

In a wheel they sit inside the package (``playbook_lint/grammar``); in a source
checkout or an editable install they are the top-level ``grammar/`` and
``rulesets/`` folders next to ``lint/``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The folder of shipped data called ``name`` (``grammar`` or ``rulesets``)."""
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"playbook-lint is installed without its {name}/ folder")


def grammar_path() -> Path:
    """The Lark grammar of the DSL."""
    return data_dir("grammar") / "playbook.lark"


def rulesets_dir() -> Path:
    """The folder of bundled ``*.yaml`` rulesets."""
    return data_dir("rulesets")


def phrases_dir() -> Path:
    """The folder of bundled phrase lists used by the content checks."""
    return data_dir("rulesets") / "phrases"


# The ruleset that applies when none is named.
DEFAULT_RULESET = "baseline"


def bundled_ruleset_ids() -> tuple[str, ...]:
    """The bundled ruleset ids: ``baseline`` first, then alphabetical."""
    return _ruleset_ids(rulesets_dir())


@cache
def _ruleset_ids(folder: Path) -> tuple[str, ...]:
    """Listed once per folder in a process: every linted playbook asks (is each of its
    jurisdictions a bundled id?), and the shipped folder does not change during a run."""
    ids = sorted(path.stem for path in folder.glob("*.yaml"))
    return tuple(sorted(ids, key=lambda i: (i != DEFAULT_RULESET, i)))


def is_bundled(ruleset_id: str) -> bool:
    return ruleset_id in bundled_ruleset_ids()


def bundled_path(ruleset_id: str) -> Path:
    return rulesets_dir() / f"{ruleset_id}.yaml"
