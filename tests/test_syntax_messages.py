"""Syntax messages name only words the grammar and the enums know: keyword lists are
held to the grammar's terminals, value lists come from the enums."""

from __future__ import annotations

from playbook_lint.model import Channel, Instalments, NoticeKind, Period, SkipKind, Target
from playbook_lint.syntax import syntax_messages
from playbook_lint.syntax.phrase_parser import dsl_parser


def test_every_keyword_named_in_a_message_is_a_grammar_terminal() -> None:
    terminals = {t.name for t in dsl_parser().terminals}
    named = (*syntax_messages.CLAUSE_KEYWORDS, *syntax_messages.STATEMENT_KEYWORDS)
    assert not [k for k in named if k not in terminals]
    assert not [t for t in syntax_messages._TERMINALS if t not in terminals | {"$END"}]


def test_value_lists_in_messages_come_from_the_enums() -> None:
    after = syntax_messages._NAME_AFTER
    assert all(t.value in after["to"] for t in Target)
    assert all(p.value in after["per"] for p in Period)
    assert all(k.value in after["skip"] for k in SkipKind)
    assert all(i.value in after["instalments"] for i in Instalments)
    assert after["notice"].startswith(f"a notice kind ({next(iter(NoticeKind)).value}, ")
    assert after["{"].startswith(f"a channel ({next(iter(Channel)).value}, ")
