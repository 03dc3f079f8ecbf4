"""Checks: PB2xx timing."""

from __future__ import annotations

from .base import AnyCheck

CHECKS: tuple[AnyCheck, ...] = ()
