"""The TextMate grammar of the DSL for editors' highlighting (VS Code's ``*.playbook``).

Generated from the Lark grammar's keyword terminals and the model's vocabularies, so a
new keyword or channel is highlighted without anyone retyping a list; the extension's
copy (``editors/vscode/syntaxes/playbook.tmLanguage.json``) is kept equal by a test.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..model import (
    KNOWN_EVENTS,
    AttachmentKind,
    Channel,
    Instalments,
    NoticeKind,
    Period,
    SkipKind,
    Target,
    Unit,
    Word,
)
from ..syntax.phrase_parser import dsl_parser
from ..syntax.phrase_reader import NOTICES_WORD

SCOPE = "source.playbook"


def keywords() -> list[str]:
    """The grammar's word terminals (``daily``, ``between``, ``stage`` …)."""
    found = {
        str(t.pattern.value)
        for t in dsl_parser().terminals
        # ``limited_content`` (v3) is one word with an underscore
        if t.pattern.type == "str" and re.fullmatch(r"[a-z][a-z_]*", str(t.pattern.value))
    }
    return sorted(found)


def _words(*enums: type[Word]) -> list[str]:
    return sorted({word for enum in enums for word in enum.all_words()})


def _alternation(words: list[str]) -> str:
    # Longest first, so `emergency_contact` is not read as a shorter word.
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return r"\b(?:" + "|".join(re.escape(w) for w in ordered) + r")\b"


def textmate_grammar() -> dict[str, Any]:
    return {
        "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
        "name": "Playbook",
        "scopeName": SCOPE,
        "fileTypes": ["playbook"],
        "patterns": [
            {"include": "#comment"},
            {"include": "#long-string"},
            {"include": "#string"},
            {"include": "#time"},
            {"include": "#number"},
            {"include": "#keyword"},
            {"include": "#vocabulary"},
            {"include": "#event"},
        ],
        "repository": {
            "comment": {
                "patterns": [
                    {
                        "name": "comment.line.directive.playbook",
                        "match": r"#\s*playbook-lint\s*:.*$",
                    },
                    {"name": "comment.line.number-sign.playbook", "match": r"#.*$"},
                ]
            },
            "long-string": {
                "name": "string.quoted.triple.playbook",
                "begin": '"""',
                "end": '"""',
                "patterns": [{"include": "#escape"}, {"include": "#placeholder"}],
            },
            "string": {
                "name": "string.quoted.double.playbook",
                "begin": '"',
                "end": '"|$',
                "patterns": [{"include": "#escape"}, {"include": "#placeholder"}],
            },
            "escape": {"name": "constant.character.escape.playbook", "match": r"\\."},
            "placeholder": {"name": "variable.other.placeholder.playbook", "match": r"\{\w+\}"},
            "time": {"name": "constant.numeric.time.playbook", "match": r"\b\d{1,2}:\d{2}\b"},
            "number": {"name": "constant.numeric.integer.playbook", "match": r"-?\b\d+\b"},
            "keyword": {"name": "keyword.control.playbook", "match": _alternation(keywords())},
            "vocabulary": {
                "name": "support.constant.playbook",
                # ``notices`` is a channel-set word (v2) the grammar reads as a NAME.
                "match": _alternation(
                    [
                        *_words(
                            Channel,
                            Target,
                            NoticeKind,
                            AttachmentKind,
                            SkipKind,
                            Period,
                            Unit,
                            Instalments,
                        ),
                        NOTICES_WORD,
                    ]
                ),
            },
            "event": {
                "name": "entity.name.tag.event.playbook",
                "match": _alternation(sorted(KNOWN_EVENTS)),
            },
        },
    }


def textmate_text() -> str:
    return json.dumps(textmate_grammar(), indent=2) + "\n"
