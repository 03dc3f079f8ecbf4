"""Issue 15 item 6 remainder: nested phrases against a 1 MB text (killed at 60 s once)
cost work linear in the text, counted in automaton steps rather than timed."""

from __future__ import annotations

import pytest

from playbook_lint.rules.normalise import normalise
from playbook_lint.rules.patterns import Automaton, parse, tokens

# Two-letter words: three one-letter words in a row would read as one spelled-out word.
NESTED = [
    "((an|(an an))|(an [an (an|an an)])) ..8 ((an|(an an))|[an]) ..8 (an|(an (an|(an an)))) be",
    "[an] [an] [an] [an] [an] [an] (an|(an an)|(an an an)) ..8 an ..8 an ..8 be",
    "(an ..8 (an ..8 (an ..8 (an ..8 an)))) ce",
]


@pytest.mark.slow
def test_nested_phrases_on_a_megabyte_of_text_cost_a_bounded_number_of_steps() -> None:
    automaton = Automaton([parse(p) for p in NESTED])
    words = 340_000
    text = "an " * words  # 1 MB of the one word every state wants, and never the end
    assert len(text) > 1_000_000
    toks = tokens(normalise(text))
    assert len(toks) == words
    scan = automaton.scan(toks)
    assert scan.hits == ()
    # A bounded cost per token, fixed by the patterns (live states × their closures, about
    # 2.1 × the automaton's size here), whatever the text: no backtracking, no blow-up.
    # Measured: 150,278,492 steps for 340,000 tokens (442 per token, 213 states).
    assert scan.steps <= words * 3 * len(automaton)
