"""Whether to colour terminal output: ``--color`` beats the environment beats the terminal."""

from __future__ import annotations

from collections.abc import Mapping

COLOR_CHOICES = ("auto", "always", "never")


def use_color(choice: str, env: Mapping[str, str], isatty: bool) -> bool:
    """Decide colour.

    ``--color always|never`` wins. With ``auto``: ``FORCE_COLOR`` (non-empty, not ``0``)
    turns it on, then ``NO_COLOR`` (non-empty, per no-color.org) turns it off, and only
    then does the terminal decide. ``FORCE_COLOR`` beats ``NO_COLOR`` because it is the
    more specific request (ruff's order).
    """
    if choice == "always":
        return True
    if choice == "never":
        return False
    if choice != "auto":
        raise ValueError(f"unknown color choice {choice!r}; use one of {', '.join(COLOR_CHOICES)}")
    force = env.get("FORCE_COLOR", "")
    if force and force != "0":
        return True
    if env.get("NO_COLOR", ""):
        return False
    return isatty
