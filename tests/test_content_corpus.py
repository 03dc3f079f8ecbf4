"""The bundled phrase lists, scored on realistic collection messages in English and Chinese.

Every abusive message must be flagged with the baseline's categories; no lawful one may be
flagged by any bundled category (not even false-legal-threat, which the baseline leaves out).
"""

from __future__ import annotations

import pytest
import yaml

from playbook_lint.checks.content import prohibited_rules
from playbook_lint.checks.params import ProhibitedContent
from support import FIXTURES

CORPUS = yaml.safe_load((FIXTURES / "corpus" / "messages.yaml").read_text(encoding="utf-8"))
BASELINE = ProhibitedContent(
    categories=(
        "violence",
        "arrest-or-jail",
        "impersonating-authority",
        "public-shaming",
        "obscenity",
    )
)
EVERY_CATEGORY = ProhibitedContent()


def test_the_corpus_is_large_and_bilingual() -> None:
    for kind in ("lawful", "abusive"):
        messages = CORPUS[kind]
        assert len(messages) >= 40, kind
        chinese = [m for m in messages if any("\u4e00" <= ch <= "\u9fff" for ch in m)]
        assert 15 <= len(chinese) <= len(messages) - 15, kind


@pytest.mark.parametrize("message", CORPUS["abusive"])
def test_every_abusive_message_is_flagged(message: str) -> None:
    assert prohibited_rules(BASELINE).matcher.find(message), message


@pytest.mark.parametrize("message", CORPUS["lawful"])
def test_no_lawful_message_is_flagged(message: str) -> None:
    found = prohibited_rules(EVERY_CATEGORY).matcher.find(message)
    assert [message[m.start : m.end] for m in found] == []
