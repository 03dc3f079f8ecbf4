"""The bundled phrase lists, scored on realistic collection messages in English, Chinese,
Indonesian, Filipino (with Taglish) and Hindi (Devanagari and Latin script).

Every abusive message must be flagged with the baseline's categories in its language and
English; no lawful one may be flagged by any bundled category in any language (not even
false-legal-threat, which the baseline leaves out).
And every bundled phrase, disguised (upper case, full width, Traditional characters, spaces
or zero-width characters inside, spelled out with dashes), is found exactly where it was
written.
"""

from __future__ import annotations

from functools import cache

import pytest
import yaml
from opencc import OpenCC  # type: ignore[import-untyped]

from playbook_lint.checks.content import debt_rules, prohibited_matches, prohibited_rules
from playbook_lint.rules.normalise import is_han
from playbook_lint.rules.params import ProhibitedContent
from playbook_lint.rules.phrases import PhraseMatcher, categories_for
from support import FIXTURES

LANGUAGES = ("en", "zh", "id", "fil", "hi")
CORPORA = {
    language: yaml.safe_load((FIXTURES / "corpus" / f"{language}.yaml").read_text(encoding="utf-8"))
    for language in LANGUAGES
}
# Ruleset languages as rulesets.md v2 pairs them: every new language with English.
RULESET_LANGUAGES = {"en": ("en", "zh"), "zh": ("en", "zh")} | {
    language: (language, "en") for language in ("id", "fil", "hi")
}
BASELINE_CATEGORIES = (
    "violence",
    "arrest-or-jail",
    "impersonating-authority",
    "public-shaming",
    "obscenity",
)
# Lawful messages must stay quiet under every category in every language at once.
EVERY_CATEGORY = ProhibitedContent(languages=LANGUAGES)


def _messages(kind: str) -> list[tuple[str, str]]:
    return [(language, m) for language in LANGUAGES for m in CORPORA[language][kind]]


@pytest.mark.parametrize(
    ("language", "least"), [("en", 100), ("zh", 100), ("id", 25), ("fil", 25), ("hi", 25)]
)
def test_every_corpus_is_large_enough(language: str, least: int) -> None:
    for kind in ("lawful", "abusive"):
        messages = CORPORA[language][kind]
        assert len(messages) >= least, (language, kind)
        assert len(set(messages)) == len(messages), (language, kind)


@pytest.mark.parametrize(("language", "message"), _messages("abusive"))
def test_every_abusive_message_is_flagged(language: str, message: str) -> None:
    params = ProhibitedContent(
        categories=BASELINE_CATEGORIES, languages=RULESET_LANGUAGES[language]
    )
    assert prohibited_matches(prohibited_rules(params), message), message


@pytest.mark.parametrize(("language", "message"), _messages("lawful"))
def test_no_lawful_message_is_flagged(language: str, message: str) -> None:
    found = prohibited_matches(prohibited_rules(EVERY_CATEGORY), message)
    assert [message[m.start : m.end] for m in found] == []


def _third_party(kind: str) -> list[tuple[str, str]]:
    return [
        (language, m)
        for language in LANGUAGES
        for m in CORPORA[language].get("third_party", {}).get(kind, [])
    ]


@pytest.mark.parametrize(("language", "message"), _third_party("mentions_debt"))
def test_a_message_to_a_third_party_that_names_the_debt_is_found(
    language: str, message: str
) -> None:
    assert debt_rules(()).matcher.find(message), message


@pytest.mark.parametrize(("language", "message"), _third_party("silent"))
def test_a_location_message_to_a_third_party_names_no_debt(language: str, message: str) -> None:
    found = debt_rules(()).matcher.find(message)
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
