"""The phrase lists compiled at packaging time (``rulesets/phrases/_compiled.json``) are the
lists as they are now, and read exactly as the lists themselves (issue 24 item 5)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from playbook_lint.resources import phrases_dir
from playbook_lint.rules import phrase_data, phrases, signal
from playbook_lint.rules.build_phrase_data import build
from playbook_lint.rules.phrases import (
    PhraseMatcher,
    bundled_categories,
    compile_bundled,
    read_categories,
)

REBUILD = "the phrase lists changed: run `python -m playbook_lint.rules.build_phrase_data`"


def test_the_shipped_file_was_made_from_the_lists_as_they_are() -> None:
    shipped = json.loads(phrase_data.data_path().read_text(encoding="utf-8"))
    assert shipped["digest"] == phrase_data.lists_digest(), REBUILD
    assert phrase_data.shipped(phrases_dir()) is not None


def test_the_shipped_lists_are_the_lists_read_now(monkeypatch: pytest.MonkeyPatch) -> None:
    from_file = bundled_categories()
    from_lists = read_categories(phrases_dir())
    assert from_file == from_lists
    # every phrase's states in the file are those its text compiles to now
    shipped = phrase_data.shipped(phrases_dir())
    assert shipped is not None
    from_file_states = phrase_data.decode_compiled(shipped["automaton"])
    assert from_file_states == compile_bundled(from_lists)
    # and so are the negations and placeholders
    assert phrases._negation_data() == phrases.read_negations(phrases_dir())
    assert phrases.known_placeholders() == phrases.read_placeholders(phrases_dir())


def test_a_threat_is_found_alike_with_and_without_the_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    every = tuple(p for c in bundled_categories() for p in c.phrases)
    text = "Pay today or the police will come to your house tonight; 我们会上门找你的家人."
    found = PhraseMatcher(every).find(text)
    assert found
    monkeypatch.setattr(phrases, "shipped", lambda folder: None)
    phrases._bundled_compiled.cache_clear()
    try:
        assert PhraseMatcher(every).find(text) == found
    finally:
        phrases._bundled_compiled.cache_clear()


def test_a_stale_file_is_not_used(tmp_path: Path) -> None:
    folder = tmp_path / "phrases"
    shutil.copytree(phrases_dir(), folder)
    assert phrase_data.shipped(folder) is not None
    listed = folder / "arrest-or-jail.yaml"
    listed.write_text(listed.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    phrase_data.shipped.cache_clear()
    assert phrase_data.shipped(folder) is None
    # and what the build writes for the edited lists is current again
    (folder / phrase_data.DATA_NAME).write_text(json.dumps(build(folder)), encoding="utf-8")
    phrase_data.shipped.cache_clear()
    assert phrase_data.shipped(folder) is not None


def test_the_signals_shipped_postings_are_the_examples_own() -> None:
    # PB501's statistical signal finds its closest example through these postings; made
    # at packaging time they must be what normalising every example gives now.
    path = phrases_dir() / signal.MODEL_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    signal.bundled_model.cache_clear()
    shipped_model = signal.bundled_model()
    assert shipped_model is not None
    assert shipped_model.postings == signal.build(data).postings
    assert shipped_model == signal.build(data)


def test_some_bundled_phrases_with_a_rulesets_own_are_found_as_compiled_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A matcher takes the bundled phrases' states from the shipped file and compiles a
    # ruleset's own beside them; the findings are those of every phrase compiled now.
    bundled = [p for c in bundled_categories() for p in c.phrases if c.name == "violence"]
    own = phrases.Phrase("pay now (or|and) ..2 regret", "house", "custom", pattern=True)
    chosen = (bundled[3], own, *bundled[:40], bundled[3])
    text = "Pay now or you will regret it. We will break your legs; pay now and you regret."
    found = PhraseMatcher(chosen).find(text)
    assert {m.phrase.category for m in found} == {"violence", "house"}
    monkeypatch.setattr(phrases, "shipped", lambda folder: None)
    phrases._bundled_compiled.cache_clear()
    try:
        assert PhraseMatcher(chosen).find(text) == found
    finally:
        phrases._bundled_compiled.cache_clear()
