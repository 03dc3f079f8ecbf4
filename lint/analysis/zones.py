"""Time zones from the bundled tzdata package only, never the host's.

``ZoneInfo("localtime")``, ``posixrules``, ``Factory`` and ``right/…`` resolved on some
machines and not others, and the host's zone files may be another tzdata release: the
same playbook got another verdict on another machine (issue 15 item 10). A zone is a
canonical IANA name listed by the bundled tzdata (``Factory``, a placeholder zone, is
not one), and it is always loaded from that package.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

# In tzdata's list, but a placeholder ("Local time zone must be set"), not a place.
_NOT_PLACES = frozenset({"Factory"})


@cache
def zone_names() -> frozenset[str]:
    """Every zone name the bundled tzdata lists."""
    listed = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    return frozenset(listed.split()) - _NOT_PLACES


@cache
def load_zone(name: str) -> ZoneInfo | None:
    """The zone from the bundled tzdata, or None for a name that is not one of its zones."""
    if name not in zone_names():
        return None
    folder = resources.files("tzdata").joinpath("zoneinfo")
    with folder.joinpath(*name.split("/")).open("rb") as stream:
        return ZoneInfo.from_file(stream, key=name)
