"""The editor integrations stay in step with the language: the VS Code extension's
TextMate grammar is generated from the grammar and the enums, and its YAML schema
association ships the schema `playbook-lint schema` prints."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playbook_lint.editing.textmate import keywords, textmate_text
from playbook_lint.model import KNOWN_EVENTS, Channel, NoticeKind, Target

VSCODE = Path(__file__).parent.parent / "editors" / "vscode"


def test_the_committed_textmate_grammar_is_the_generated_one() -> None:
    committed = (VSCODE / "syntaxes" / "playbook.tmLanguage.json").read_text(encoding="utf-8")
    assert committed == textmate_text(), (
        "run: python -c 'from playbook_lint.editing.textmate import textmate_text; "
        'print(textmate_text(), end="")\' > editors/vscode/syntaxes/playbook.tmLanguage.json'
    )


def test_every_keyword_and_word_of_the_language_is_highlighted() -> None:
    grammar = json.loads(textmate_text())["repository"]
    keyword = re.compile(grammar["keyword"]["match"])
    vocabulary = re.compile(grammar["vocabulary"]["match"])
    assert {"stage", "daily", "between", "max", "after", "pause"} <= set(keywords())
    for word in keywords():
        assert keyword.fullmatch(word), word
    for member in [*Channel, *Target, *NoticeKind]:
        assert vocabulary.fullmatch(member.value), member


def test_the_v2_words_are_highlighted() -> None:
    """`placeholders`, `notices`, handler `to` and the v2 events, as an editor colours the
    line `on incapacitated: pause all except notices to borrower until dispute_verified`."""
    grammar = json.loads(textmate_text())["repository"]
    keyword = re.compile(grammar["keyword"]["match"])
    vocabulary = re.compile(grammar["vocabulary"]["match"])
    event = re.compile(grammar["event"]["match"])
    assert keyword.fullmatch("placeholders")
    assert keyword.fullmatch("to")
    assert vocabulary.fullmatch("notices")
    for name in KNOWN_EVENTS:
        assert event.fullmatch(name), name
    line = "on incapacitated: pause all except notices to borrower until contact_refused"
    assert [m.group() for m in event.finditer(line)] == ["incapacitated", "contact_refused"]


def test_the_extension_declares_the_language_the_grammar_and_the_schema() -> None:
    package = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    contributes = package["contributes"]
    assert contributes["languages"][0]["extensions"] == [".playbook"]
    grammar = contributes["grammars"][0]
    assert (VSCODE / grammar["path"]).exists()
    assert grammar["scopeName"] == json.loads(textmate_text())["scopeName"]
    validation = contributes["yamlValidation"][0]
    assert validation["fileMatch"] == ["*.playbook.yaml", "*.playbook.yml"]
    # The schema is copied in from schema/ when the extension is packaged.
    assert "../../schema/playbook.schema.json" in package["scripts"]["vscode:prepublish"]
    assert validation["url"] == "./playbook.schema.json"
    assert "vscode-languageclient" in package["dependencies"]


def test_the_v3_words_are_highlighted() -> None:
    """Language v3 items 2, 4, 5: `limited_content` and `attach` are keywords, the
    attachment kinds, `estate` and `post` are the language's words."""
    grammar = json.loads(textmate_text())["repository"]
    keyword = re.compile(grammar["keyword"]["match"])
    vocabulary = re.compile(grammar["vocabulary"]["match"])
    line = 'template wall post limited_content attach photo, id_document "x"'
    assert [m.group() for m in keyword.finditer(line)] == [
        "template",
        "limited_content",
        "attach",
    ]
    assert [m.group() for m in vocabulary.finditer(line)] == ["post", "photo", "id_document"]
    assert vocabulary.fullmatch("estate")
    assert vocabulary.fullmatch("contact_list")
