"""The one registry of checks' implementations, each imported on first use.

The catalogue (``rules/catalogue.py``) says what every check is and which module of this
package implements it; each family module ends with an explicit ``CHECKS`` tuple of its
``Check`` records. A module is imported when the run asks for one of its checks
(``implementation``), not when a ruleset names them, so a ``check`` of one playbook
under a ruleset that uses few families imports those families only. The pages
(``explain``, ``rules``, SARIF's rule help) ask for every check (``known_checks``).
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import TypeVar, cast

from ..rules.catalogue import BY_CODE, CATALOGUE, CheckSpec, spec_for
from .base import AnyCheck, Check

P = TypeVar("P")

# Every check imported so far, by code.
_IMPORTED: dict[str, AnyCheck] = {}


def _import_family(module: str) -> None:
    for check in import_module(f"{__name__}.{module}").CHECKS:
        if not isinstance(check, Check) or check.spec is not BY_CODE.get(check.code):
            raise TypeError(f"{module}.CHECKS holds {check!r}, which is not in the catalogue")
        _IMPORTED[check.code] = check


def implementation(spec: CheckSpec[P]) -> Check[P]:
    """The check of a catalogue entry, its family's module imported on first use."""
    if spec.code not in _IMPORTED:
        _import_family(spec.module)
    found = _IMPORTED.get(spec.code)
    if found is None or found.spec is not spec:
        raise TypeError(f"{spec.module}.CHECKS has no check {spec.code}")
    return cast(Check[P], found)


def check_for(code_or_name: str) -> AnyCheck | None:
    """The check with this code (``PB101``, any case) or name (``contact-frequency``)."""
    spec = spec_for(code_or_name)
    return implementation(spec) if spec else None


@cache
def all_checks() -> tuple[AnyCheck, ...]:
    """Every check, in the catalogue's order (the order they run and are listed); imports
    every family."""
    return tuple(implementation(spec) for spec in CATALOGUE)


@cache
def known_checks() -> tuple[AnyCheck, ...]:
    """Every check by code, for the lists of checks; imports every family."""
    return tuple(sorted(all_checks(), key=lambda c: c.code))


@cache
def model_checks() -> tuple[AnyCheck, ...]:
    """The always-on checks that run on the model (PB001-PB009; PB001/PB002 come from the
    parsers and yield nothing here), in the catalogue's order."""
    on_model = (s for s in CATALOGUE if s.family.always_on and not s.family.on_comments)
    return tuple(implementation(spec) for spec in on_model)
