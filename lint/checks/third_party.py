"""Checks: PB6xx third parties."""

from __future__ import annotations

from .base import AnyCheck

CHECKS: tuple[AnyCheck, ...] = ()
