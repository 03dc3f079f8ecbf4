"""Time zones from the bundled tzdata package only, never the host's.

``ZoneInfo("localtime")``, ``posixrules``, ``Factory`` and ``right/…`` resolved on some
machines and not others, and the host's zone files may be another tzdata release: the
same playbook got another verdict on another machine (issue 15 item 10). A zone is a
canonical IANA name listed by the bundled tzdata (``Factory``, a placeholder zone, is
not one), and it is always loaded from that package.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

# In tzdata's list, but a placeholder ("Local time zone must be set"), not a place.
_NOT_PLACES = frozenset({"Factory"})


@cache
def zone_names() -> frozenset[str]:
    """Every zone name the bundled tzdata lists."""
    with _open("zones") as stream:
        listed = stream.read().decode("utf-8")
    return frozenset(listed.split()) - _NOT_PLACES


@cache
def load_zone(name: str) -> ZoneInfo | None:
    """The zone from the bundled tzdata, or None for a name that is not one of its zones."""
    if name not in zone_names():
        return None
    with _open("zoneinfo", *name.split("/")) as stream:
        return ZoneInfo.from_file(stream, key=name)


def _open(*parts: str) -> IO[bytes]:
    """A file of the tzdata package, by path when it is a folder on disk (importing
    ``importlib.resources`` costs 3 ms a start, ``zipfile`` and ``tempfile`` with it), by
    its resources otherwise (a zipped install)."""
    spec = importlib.util.find_spec("tzdata")  # finds, does not import
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        path = Path(folder).joinpath(*parts)
        if path.is_file():
            return path.open("rb")
    from importlib import resources

    return resources.files("tzdata").joinpath(*parts).open("rb")
