"""Checks: PB5xx template and script content."""

from __future__ import annotations

from .base import AnyCheck

CHECKS: tuple[AnyCheck, ...] = ()
