"""The one rule for template and stage names, in both forms (issue 15 item 11).

language.md: names are "identifiers of letters in any script, digits and `_`, not
starting with a digit". That is Unicode's identifier rule (XID_Start, then XID_Continue,
with `_` allowed first), which ``str.isidentifier`` implements, applied to the name in
NFC so that a precomposed ``é`` and ``e`` + combining acute are one name. Format
characters (Unicode category Cf: zero-width joiner, bidi controls, BOM…) are refused
outright: they are invisible, so two names that look identical could differ.

The DSL grammar lexes a broad NAME (any non-ASCII, non-space character may continue
it) because a regular expression cannot express XID cheaply; this function decides.
"""

from __future__ import annotations

import unicodedata


def canonical_name(raw: str) -> str:
    """The name as compared and stored: NFC."""
    return unicodedata.normalize("NFC", raw)


def name_problem(raw: str) -> str | None:
    """Why ``raw`` is not a valid template or stage name, or None when it is."""
    for char in raw:
        if unicodedata.category(char) == "Cf":
            label = unicodedata.name(char, "format character")
            return (
                f"the name contains an invisible format character U+{ord(char):04X} "
                f"({label}); names are letters, digits and '_'"
            )
    name = canonical_name(raw)
    if not name:
        return "the name is empty"
    if name.isidentifier():
        return None
    if name[0].isdigit():
        return f"the name '{_shown(name)}' starts with a digit; names start with a letter or '_'"
    return (
        f"'{_shown(name)}' is not a name: names are letters in any script, digits and '_', "
        "not starting with a digit"
    )


def _shown(name: str) -> str:
    """The name for a message: bounded (escaping is the reporters' job)."""
    return name if len(name) <= 40 else name[:40] + "…"
