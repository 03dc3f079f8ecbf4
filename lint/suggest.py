""" "Did you mean …?": the one fuzzy match every unknown-name message uses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# What people write for a time zone when they mean an IANA name: abbreviations are
# ambiguous (CST is also China Standard Time), so every zone they commonly mean is named.
ZONE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "EST": ("America/New_York",),
    "EDT": ("America/New_York",),
    "ET": ("America/New_York",),
    "CST": ("America/Chicago", "Asia/Shanghai"),
    "CDT": ("America/Chicago",),
    "CT": ("America/Chicago",),
    "MST": ("America/Denver", "America/Phoenix"),
    "MDT": ("America/Denver",),
    "MT": ("America/Denver",),
    "PST": ("America/Los_Angeles",),
    "PDT": ("America/Los_Angeles",),
    "PT": ("America/Los_Angeles",),
    "AKST": ("America/Anchorage",),
    "HST": ("Pacific/Honolulu",),
    "GMT": ("Europe/London", "UTC"),
    "BST": ("Europe/London",),
    "IST": ("Asia/Kolkata", "Europe/Dublin"),
    "CET": ("Europe/Paris", "Europe/Berlin"),
    "CEST": ("Europe/Paris", "Europe/Berlin"),
    "WIB": ("Asia/Jakarta",),
    "WITA": ("Asia/Makassar",),
    "WIT": ("Asia/Jayapura",),
    "PHT": ("Asia/Manila",),
    "SGT": ("Asia/Singapore",),
    "HKT": ("Asia/Hong_Kong",),
    "JST": ("Asia/Tokyo",),
    "KST": ("Asia/Seoul",),
    "AEST": ("Australia/Sydney",),
    "AEDT": ("Australia/Sydney",),
    "ACST": ("Australia/Adelaide",),
    "AWST": ("Australia/Perth",),
    "NZST": ("Pacific/Auckland",),
    "BEIJING": ("Asia/Shanghai",),
    "CHINA": ("Asia/Shanghai",),
}


def osa_distance(a: str, b: str, limit: int | None = None) -> int:
    """Optimal string alignment distance: edits (insert, delete, substitute), with a swap of
    two neighbours as one (``stgae`` is one edit from ``stage``, which a ratio of matching
    blocks misses). With a ``limit``, any distance above it is returned as ``limit + 1``, so
    the count can stop early."""
    cap = max(len(a), len(b)) if limit is None else limit
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    previous: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        before, previous, row = previous, row, [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], before[j - 2] + 1)
        if min(row) > cap:
            return cap + 1
    return min(row[len(b)], cap + 1)


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like ``word``, if any is close enough to be a likely typo: the same
    but for case, else difflib's best, else one edit away (a swap counts as one)."""
    options = list(choices)
    lower = word.lower()
    for choice in options:
        if choice.lower() == lower:
            return choice
    import difflib  # only for a word that is not known (1 ms of every start otherwise)

    found = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if found:
        return found[0]
    if 3 <= len(word) <= 40:
        near = [c for c in options if abs(len(c) - len(word)) <= 1]
        one = [c for c in near if osa_distance(lower, c.lower()) == 1]
        if one:
            return one[0]
    return None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` to append to a message, or ``""``."""
    match = closest(word, choices)
    return f"; did you mean '{match}'?" if match else ""


def zones_meant(word: str) -> Sequence[str]:
    """The IANA zones an abbreviation such as ``CST`` usually means (empty if none)."""
    return ZONE_ABBREVIATIONS.get(word.strip().upper(), ())
