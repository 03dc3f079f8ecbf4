"""Every check, by family. Each family module ends with an explicit ``CHECKS`` tuple."""

from __future__ import annotations

from . import (
    content,
    escalation,
    frequency,
    handlers,
    notices,
    reachability,
    structure,
    suppression,
    third_party,
    timing,
)
from .base import AnyCheck

ALL_CHECKS: tuple[AnyCheck, ...] = (
    *structure.CHECKS,
    *reachability.CHECKS,
    *suppression.CHECKS,
    *frequency.CHECKS,
    *timing.CHECKS,
    *escalation.CHECKS,
    *notices.CHECKS,
    *content.CHECKS,
    *third_party.CHECKS,
    *handlers.CHECKS,
)

BY_CODE: dict[str, AnyCheck] = {check.code: check for check in ALL_CHECKS}
BY_NAME: dict[str, AnyCheck] = {check.name: check for check in ALL_CHECKS}


def check_for(code_or_name: str) -> AnyCheck | None:
    """The check with this code (``PB101``) or name (``contact-frequency``)."""
    return BY_CODE.get(code_or_name.upper()) or BY_NAME.get(code_or_name)
