"""Checks: PB7xx event handlers."""

from __future__ import annotations

from .base import AnyCheck

CHECKS: tuple[AnyCheck, ...] = ()
