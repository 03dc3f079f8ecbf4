"""The bundled phrase lists, scored on realistic collection messages in English and Chinese.

Every abusive message must be flagged with the baseline's categories; no lawful one may be
flagged by any bundled category (not even false-legal-threat, which the baseline leaves out).
And every bundled phrase, disguised (upper case, full width, Traditional characters, spaces
or zero-width characters inside, spelled out with dashes), is found exactly where it was
written.
"""

from __future__ import annotations

from functools import cache

import pytest
import yaml
from opencc import OpenCC  # type: ignore[import-untyped]

from playbook_lint.checks.content import prohibited_matches, prohibited_rules
from playbook_lint.checks.params import ProhibitedContent
from playbook_lint.normalise import is_han
from playbook_lint.phrases import PhraseMatcher, categories_for
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
    assert prohibited_matches(prohibited_rules(BASELINE), message), message


@pytest.mark.parametrize("message", CORPUS["lawful"])
def test_no_lawful_message_is_flagged(message: str) -> None:
    found = prohibited_matches(prohibited_rules(EVERY_CATEGORY), message)
    assert [message[m.start : m.end] for m in found] == []


# --------------------------------------------------------------------------- disguises


def _full_width(text: str) -> str:
    return "".join(
        "\u3000" if ch == " " else chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text
    )


_S2T = OpenCC("s2t")


@cache
def _traditional_char(ch: str) -> str:
    converted = _S2T.convert(ch)
    return converted if len(converted) == 1 else ch


def _traditional(text: str) -> str:
    return "".join(_traditional_char(ch) for ch in text)


def _spaced(text: str) -> str:
    out = ""
    for ch in text:
        if out and is_han(out[-1]) and is_han(ch):
            out += " "
        out += ch
    return out


def _spelled(text: str) -> str:
    words = text.split(" ")
    longest = max(words, key=len)
    if len(longest) < 3 or not longest.isalpha() or not longest.isascii():
        return text
    return " ".join("-".join(w) if w is longest else w for w in words)


DISGUISES = {
    "plain": lambda t: t,
    "upper": str.upper,
    "full-width": _full_width,
    "traditional": _traditional,
    "spaced": _spaced,
    "zero-width": lambda t: "\u200b".join(t),
    "spelled": _spelled,
}
BUNDLED = [p for c in categories_for("PB501") + categories_for("PB503") for p in c.phrases]
PHRASES = [p for p in BUNDLED if not p.pattern]
PATTERNS = [p for p in BUNDLED if p.pattern]


@pytest.mark.parametrize("disguise", DISGUISES)
def test_every_bundled_phrase_is_found_in_disguise_where_it_was_written(disguise: str) -> None:
    matcher = PhraseMatcher(PHRASES)
    missed = []
    for phrase in PHRASES:
        written = DISGUISES[disguise](phrase.text.removesuffix("*"))
        before = "您好。" if phrase.language == "zh" else "Dear customer! "
        message = f"{before}{written}! 谢谢。"
        spans = {(m.start, m.end) for m in matcher.find(message)}
        if (len(before), len(before) + len(written)) not in spans:
            missed.append(written)
    assert missed == []


@pytest.mark.parametrize("disguise", DISGUISES)
def test_every_pattern_example_is_found_in_disguise(disguise: str) -> None:
    missed = []
    for phrase in PATTERNS:
        written = DISGUISES[disguise](phrase.must_match)
        if not PhraseMatcher([phrase]).find(written):
            missed.append(written)
    assert missed == []
