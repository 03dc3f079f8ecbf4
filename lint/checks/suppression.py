"""Checks: PB010–PB012 suppression hygiene."""

from __future__ import annotations

from .base import AnyCheck

CHECKS: tuple[AnyCheck, ...] = ()
