"""Normalisation for phrase matching: evasions fold away, and every character maps back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from playbook_lint.rules.normalise import OPAQUE, find_placeholders, is_word_char, normalise


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("ＡＲＲＥＳＴ", "arrest"),  # full-width letters
        ("ＰＡＹ１００", "pay100"),  # full-width digits
        ("You WILL be Arrested", "you will be arrested"),
        ("殺了你", "杀了你"),  # Traditional becomes Simplified
        ("關進監獄", "关进监狱"),
        ("逮 捕", "逮捕"),  # spaces inside a Chinese word
        ("逮　捕", "逮捕"),  # an ideographic space
        ("逮-捕", "逮捕"),
        ("逮\u200b捕", "逮捕"),  # a zero-width space
        ("a-r-r-e-s-t", "arrest"),
        ("a.r.r.e.s.t", "arrest"),
        ("a r r e s t", "arrest"),
        ("a\u200brrest", "arrest"),
        ("we  may\n\tfile", "we may file"),  # whitespace collapses to one space
        ("son of a b-i-t-c-h", "son of a bitch"),  # one spelling, one separator
        ("A. R. R. E. S. T.", "arrest "),
        ("x y z-a-b-c", "xyz abc"),  # two spellings side by side stay two words
        ("file a lawsuit", "file a lawsuit"),  # one lone letter is a word, not a spelling
        ("Plan B a go", "plan b a go"),
        ("café", "cafe"),  # accents are dropped
        ("you’ll", "youll"),  # typographic and plain apostrophes alike
        ("you'll", "youll"),
        ("I'm a debt collector", "im a debt collector"),  # not a spelled-out "ima"
        ("\u0430rr\u0435st", "arrest"),  # Cyrillic а and е inside a Latin word
        ("Москва", "москва"),  # a wholly Cyrillic word stays Cyrillic
    ],
)
def test_evasions_fold_to_the_plain_spelling(written: str, normalised: str) -> None:
    assert normalise(written).text == normalised


def test_punctuation_between_chinese_words_stays_a_boundary() -> None:
    assert normalise("不还，捕").text == "不还,捕"


def test_a_placeholder_is_one_opaque_character() -> None:
    result = normalise("Hi {name}, pay")
    assert result.text == f"hi {OPAQUE}, pay"
    index = result.text.index(OPAQUE)
    assert result.source_range(index, index + 1) == (3, 9)


def test_match_ranges_map_back_to_the_original_characters() -> None:
    source = "我们马上逮 捕你"
    result = normalise(source)
    start = result.text.index("逮捕")
    lo, hi = result.source_range(start, start + 2)
    assert source[lo:hi] == "逮 捕"


def test_spelled_word_maps_back_to_its_whole_spelling() -> None:
    source = "we will have you a.r.r.e.s.t.e.d!"
    result = normalise(source)
    start = result.text.index("arrested")
    lo, hi = result.source_range(start, start + len("arrested"))
    assert source[lo:hi] == "a.r.r.e.s.t.e.d"


def test_placeholders_are_found_with_their_ranges() -> None:
    [first, second] = find_placeholders("Dear {name}, {amount}")
    assert (first.name, first.start, first.end) == ("name", 5, 11)
    assert (second.name, second.text) == ("amount", "{amount}")
    assert [p.name for p in find_placeholders("{ 42 } {} {账单} {a.b}")] == ["账单", "a.b"]


def test_the_polite_and_the_plain_you_are_one_pronoun() -> None:
    assert normalise("小心您的家人").text == normalise("小心妳的家人").text == "小心你的家人"


def test_devanagari_vowel_signs_stay_and_the_nukta_goes() -> None:
    # पुलिस keeps its vowel signs (they tell words apart: पुलिस is not पलिस) and is one word;
    # ज़ेल and जेल, पड़ोसी and पडोसी are the same words spelt with and without a nukta.
    assert normalise("पुलिस").text == "पुलिस"
    assert normalise("पुलिस").text != normalise("पलिस").text
    assert normalise("ज़ेल पड़ोसी").text == normalise("जेल पडोसी").text
    assert normalise("बताएँगे").text == normalise("बताएंगे").text
    assert all(is_word_char(ch) for ch in normalise("बताएंगे").text)


_TEXT = st.text(
    alphabet=st.sampled_from(list("arest ARR.-_*{}name逮捕殺你您　\u200bＡＲé\n,पुलिसज़ँ।")),
    max_size=60,
)


@given(_TEXT)
def test_every_normalised_character_comes_from_its_source_range(source: str) -> None:
    result = normalise(source)
    assert len(result.starts) == len(result.ends) == len(result.text)
    assert list(result.starts) == sorted(result.starts)
    assert list(result.ends) == sorted(result.ends)
    for i, ch in enumerate(result.text):
        lo, hi = result.starts[i], result.ends[i]
        assert 0 <= lo < hi <= len(source)
        if ch != " ":
            assert ch in normalise(source[lo:hi]).text
