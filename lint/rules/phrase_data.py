"""The bundled phrase lists, read and compiled when the package is made instead of on
every start.

Reading ``rulesets/phrases/*.yaml`` costs about 90 ms a process: every literal phrase is
normalised to check it, every pattern and frame parsed (normalising each word), and a
matcher compiles them all again. None of it depends on the playbook, so the result —
each category with its phrases; every phrase's pattern compiled into automaton states,
side by side, so a matcher only picks the phrases it wants (35 ms -> 4 ms for PB501's);
the negations and placeholders — is saved as plain JSON next to the lists
(``_compiled.json``, shipped in the wheel) with a digest of what made it: the list files,
the source of the modules that read and normalise them, and the Unicode version. At
start-up the file is used when the digest still matches, and the lists are read as before
otherwise (a test fails until the file is rebuilt). Nothing is written at run time.

Rebuild after editing a phrase list or ``normalise``/``patterns``/``frames``/``phrases``::

    .venv/bin/python -m playbook_lint.rules.build_phrase_data
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from ..canonical import FileRead
from ..resources import phrases_dir
from .patterns import Compiled

# Bumped when the layout of the file changes.
FORMAT = 2
DATA_NAME = "_compiled.json"
# The modules whose code decides what the lists compile to (``signal``: the postings of
# the statistical signal's examples, ``signal.bundled_model``).
_SOURCES = ("normalise.py", "patterns.py", "frames.py", "phrases.py", "phrase_data.py", "signal.py")
# The statistical signal's model (``signal.MODEL_FILE``), whose examples' postings the
# shipped file holds.
_MODEL_FILE = "threat-signal.json"
_HERE = Path(__file__).resolve().parent

# negation.yaml read: negations by language (each as its words), the clitics that may
# stand between, conditions and negative subjects by language
ByLanguage = dict[str, tuple[tuple[str, ...], ...]]
Negations = tuple[ByLanguage, frozenset[str], ByLanguage, ByLanguage]

# Every list file read in this process, with the digest of the bytes read (here, to see
# whether the shipped file is current, or by ``phrases`` when it is not): what the result
# cache keys on (``phrases.bundled_lists_read``), never read again by the cache.
READ: dict[Path, FileRead] = {}


def data_path(folder: Path | None = None) -> Path:
    return (folder or phrases_dir()) / DATA_NAME


def lists_digest(folder: Path | None = None) -> str:
    """What the shipped file was made from: every list file's name and bytes, the signal's
    model, the sources of the modules that read them, the Unicode version and the file's
    format."""
    folder = folder or phrases_dir()
    digest = hashlib.sha256(f"{FORMAT}\0{unicodedata.unidata_version}\0".encode())
    for path in sorted(folder.glob("*.yaml")):
        data = path.read_bytes()
        READ[path] = FileRead.of(path, data)
        digest.update(path.name.encode() + b"\0" + data + b"\0")
    model = folder / _MODEL_FILE
    if model.is_file():
        digest.update(model.name.encode() + b"\0" + model.read_bytes() + b"\0")
    for name in _SOURCES:
        digest.update(name.encode() + b"\0" + (_HERE / name).read_bytes() + b"\0")
    return digest.hexdigest()


@cache
def shipped(folder: Path) -> dict[str, Any] | None:
    """The shipped file's content when it was made from the lists in ``folder`` as they
    are now, else None (read once per folder)."""
    try:
        data = json.loads(data_path(folder).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("digest") != lists_digest(folder):
            return None
    except (OSError, ValueError):
        return None
    return data


# --------------------------------------------------------------------------- automaton
# Every bundled phrase's compiled pattern, side by side in the order of the categories'
# phrases (``patterns.Compiled``), as JSON columns: the prefix flags as the states that
# have one, and each state's follows as an index into the few distinct ones (distances
# repeat from pattern to pattern: a JSON list per state took 5-10 ms to read).


def encode_compiled(compiled: Compiled) -> dict[str, Any]:
    distinct: dict[tuple[int, ...], int] = {}
    follow_of = [distinct.setdefault(tuple(f), len(distinct)) for f in compiled.follows]
    return {
        "words": compiled.words,
        "prefixed": [s for s, prefix in enumerate(compiled.prefixes) if prefix],
        "follow_sets": [list(f) for f in distinct],
        "follow_of": follow_of,
        "firsts": compiled.firsts,
        "entries": [list(e) for e in compiled.entries],
        "accepts": compiled.accepts,
        "sizes": compiled.sizes,
    }


def decode_compiled(data: dict[str, Any]) -> Compiled:
    prefixes = [False] * len(data["words"])
    for s in data["prefixed"]:
        prefixes[s] = True
    sets = [tuple(f) for f in data["follow_sets"]]
    return Compiled(
        data["words"],
        prefixes,
        [sets[k] for k in data["follow_of"]],
        data["firsts"],
        [tuple(e) for e in data["entries"]],
        data["accepts"],
        data["sizes"],
    )


# --------------------------------------------------------------------------- negations


def encode_negations(found: Negations) -> list[Any]:
    """The negation data as the shipped file holds it (``decode_negations`` reads it back)."""
    by_language, clitics, conditions, subjects = found
    return [by_language, sorted(clitics), conditions, subjects]


def decode_negations(row: list[Any]) -> Negations:
    def by_language(table: dict[str, Any]) -> ByLanguage:
        return {language: tuple(map(tuple, lists)) for language, lists in table.items()}

    return (by_language(row[0]), frozenset(row[1]), by_language(row[2]), by_language(row[3]))
