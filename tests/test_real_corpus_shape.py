"""Shape of the real-message corpus (tests/data/real/*.yaml), independent of any loader.

The corpus measures the content checks (checks.md v3 item 7), so a malformed entry would
silently drop out of the measurement or skew it. These tests read the files with plain
PyYAML and check what the bench relies on: the keys and their allowed values, ids that are
unique and stable, a source address for every message, and the hold-out rule (every id
whose number ends in 0 or 5), which was fixed before anyone tuned a check.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

REAL = Path(__file__).parent / "data" / "real"
FILES = sorted(REAL.glob("*.yaml"))

REQUIRED = {
    "id",
    "lang",
    "text",
    "source",
    "source_title",
    "tier",
    "kind",
    "categories",
    "disclosure",
    "addressee",
    "channel",
    "veiled",
    "holdout",
    "note",
}
OPTIONAL = {"script"}
CATEGORIES = {
    "violence",
    "arrest-or-jail",
    "impersonating-authority",
    "false-legal-threat",
    "public-shaming",
    "exposure",
    "obscenity",
}
ADDRESSEES = {"borrower", "third-party", "estate", "unknown"}
CHANNELS = {"sms", "call", "voicemail", "email", "letter", "im", "unknown"}
ID_RE = re.compile(r"^(?P<lang>[a-z]{2,3})-(?P<num>\d{3,})$")


def _entries(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, list), f"{path.name}: the file must be a YAML list"
    for item in data:
        assert isinstance(item, dict), f"{path.name}: every entry must be a mapping"
    return data


def _problems(entry: dict[str, Any], lang: str) -> list[str]:
    """Every way one entry breaks the schema (an empty list when it is well formed)."""
    out: list[str] = []
    keys = set(entry)
    out += [f"missing key {k}" for k in sorted(REQUIRED - keys)]
    out += [f"unknown key {k}" for k in sorted(keys - REQUIRED - OPTIONAL)]
    if out:
        return out
    match = ID_RE.match(str(entry["id"]))
    if not match or match["lang"] != lang:
        out.append(f"id {entry['id']!r} is not {lang}-NNN")
    # zh.yaml holds both scripts as zh-Hans / zh-Hant; every other file holds one language.
    if str(entry["lang"]).split("-")[0] != lang:
        out.append(f"lang {entry['lang']!r} in the {lang} file")
    if "script" in entry and not re.fullmatch(r"[a-z]{4}", str(entry["script"])):
        out.append(f"script {entry['script']!r} is not an ISO 15924 code in lower case")
    if not isinstance(entry["text"], str) or not entry["text"].strip():
        out.append("empty text")
    if not re.match(r"^https?://\S+$", str(entry["source"])):
        out.append(f"source {entry['source']!r} is not a URL")
    if not str(entry["source_title"]).strip() or not str(entry["note"]).strip():
        out.append("empty source_title or note")
    if entry["tier"] not in {"A", "B"}:
        out.append(f"tier {entry['tier']!r}")
    if entry["kind"] not in {"abusive", "lawful"}:
        out.append(f"kind {entry['kind']!r}")
    cats = entry["categories"]
    if not isinstance(cats, list) or not set(cats) <= CATEGORIES or len(set(cats)) != len(cats):
        out.append(f"categories {cats!r}")
    elif entry["kind"] == "lawful" and cats:
        out.append("a lawful message lists categories")
    elif entry["kind"] == "abusive" and not cats and entry["disclosure"] is not True:
        out.append("an abusive message with no category and no disclosure measures nothing")
    for flag in ("disclosure", "veiled", "holdout"):
        if not isinstance(entry[flag], bool):
            out.append(f"{flag} is not true/false")
    if entry["addressee"] not in ADDRESSEES:
        out.append(f"addressee {entry['addressee']!r}")
    if entry["channel"] not in CHANNELS:
        out.append(f"channel {entry['channel']!r}")
    return out


def test_the_corpus_has_files() -> None:
    assert FILES, "tests/data/real/ holds no *.yaml file"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_entry_follows_the_schema(path: Path) -> None:
    lang = path.stem
    bad = {
        str(e.get("id", f"#{i}")): p
        for i, e in enumerate(_entries(path))
        if (p := _problems(e, lang))
    }
    assert not bad, f"{path.name}: {bad}"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_holdout_is_every_fifth_id(path: Path) -> None:
    """Held out exactly when the id's number is a multiple of 5: fixed by id, not by choice."""
    entries = _entries(path)
    wrong = [
        e["id"]
        for e in entries
        if (m := ID_RE.match(str(e["id"]))) and e["holdout"] is not (int(m["num"]) % 5 == 0)
    ]
    assert not wrong, f"{path.name}: hold-out flag contradicts the id rule for {wrong}"
    if len(entries) >= 10:
        share = sum(e["holdout"] is True for e in entries) / len(entries)
        assert 0.15 <= share <= 0.25, f"{path.name}: {share:.0%} held out"


def test_ids_are_unique_across_files() -> None:
    seen: dict[str, str] = {}
    dupes: list[str] = []
    for path in FILES:
        for e in _entries(path):
            key = str(e.get("id"))
            if key in seen:
                dupes.append(f"{key} ({seen[key]}, {path.name})")
            seen[key] = path.name
    assert not dupes, f"duplicate ids: {dupes}"


def test_texts_are_not_repeated_within_a_file() -> None:
    """The same message entered twice would count twice in recall."""
    for path in FILES:
        texts = [" ".join(str(e["text"]).split()) for e in _entries(path)]
        repeated = {t[:60] for t in texts if texts.count(t) > 1}
        assert not repeated, f"{path.name}: repeated texts {sorted(repeated)}"
