"""Token patterns (alternatives, optional words, bounded gaps): syntax, meaning, the map
back to the source, linear work on texts built to explode a backtracking matcher, and the
example every bundled pattern carries."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook_lint.rules.normalise import normalise
from playbook_lint.rules.patterns import Automaton, Gap, PatternError, parse, tokens
from playbook_lint.rules.phrases import Phrase, PhraseMatcher, bundled_categories


def found(pattern: str, text: str) -> list[str]:
    """What a finding would quote: the reported matches, reassurances left out."""
    matcher = PhraseMatcher([Phrase(pattern, "c", "en", pattern=True)])
    return [text[m.start : m.end] for m in matcher.find_unnegated(text)]


@pytest.mark.parametrize(
    ("pattern", "error"),
    [
        ("(tell|inform your boss", "not closed"),
        ("tell your boss)", "unexpected"),
        ("tell (|your) boss", "empty alternative"),
        ("[tell] [boss]", "match nothing"),
        ("..2 boss", "begin or end with a gap"),
        ("tell ..2", "begin or end with a gap"),
        ("tell ..9 boss", "1 to"),
        ("tell ..x boss", "1 to"),
        ("tell 逮*", "prefix"),
        ("tell ,,, boss", None),
    ],
)
def test_a_malformed_pattern_says_what_is_wrong(pattern: str, error: str | None) -> None:
    if error is None:
        parse(pattern)
        return
    with pytest.raises(PatternError, match=error):
        parse(pattern)


@pytest.mark.parametrize(
    ("pattern", "text", "quoted"),
    [
        # alternatives, optional words, other verbs and orders
        (
            "(let|make) your (employer|boss) (know|hear about)",
            "We will let your employer hear about this.",
            ["let your employer hear about"],
        ),
        ("[we will] tell your boss", "ok, tell your boss", ["tell your boss"]),
        ("[we will] tell your boss", "We will tell your boss", ["We will tell your boss"]),
        # bounded gaps: up to N words, no more
        (
            "referred to ..2 police",
            "It has been referred to the local police.",
            ["referred to the local police"],
        ),
        ("referred to ..2 police", "referred to our very nice local police", []),
        # prefixes
        ("arrest* you", "We are arresting you", ["arresting you"]),
        ("arrest* you", "Interest arrears: you owe", []),
        # Chinese: one token per character; 您/你 alike; Traditional folds to Simplified
        ("小心 你 [的] 家人", "小心你家人", ["小心你家人"]),
        ("小心 你 [的] 家人", "請小心您的家人！", ["小心您的家人"]),
        ("(移送|移交) (警方|警察|公安)", "您的案件已移送警方處理", ["移送警方"]),
        # a gap stops at a sentence end and at a negation
        ("tell ..3 employer", "Pay or we tell your employer.", ["tell your employer"]),
        ("tell ..3 employer", "We will tell you. Your employer is not involved.", []),
        ("tell ..3 employer", "We will tell no one at your employer.", []),
        # a directly negated match is a reassurance
        ("tell your (employer|boss)", "We will never tell your employer.", []),
        ("tell your (employer|boss)", "We won't tell your boss.", []),
    ],
)
def test_patterns_match_rephrasings_and_quote_the_source(
    pattern: str, text: str, quoted: list[str]
) -> None:
    assert found(pattern, text) == quoted


def test_a_match_maps_back_to_the_disguised_source() -> None:
    text = "Dear {name}, ＷＥ will l-e-t your\u200b BOSS know."
    assert found("(let|make) your (employer|boss) know", text) == ["l-e-t your\u200b BOSS know"]


def test_a_literal_phrase_is_a_trivial_pattern() -> None:
    # Brackets in a ruleset's own phrase are literal characters, not syntax.
    matcher = PhraseMatcher([Phrase("final (last) notice", "house", "custom")])
    text = "This is your FINAL (LAST) NOTICE"
    [match] = matcher.find(text)
    assert text[match.start : match.end] == "FINAL (LAST) NOTICE"
    assert matcher.find("final last notice") == ()


# --------------------------------------------------------------------------- linearity

ADVERSARIAL = [
    # each gap could take any of the words: a backtracking matcher tries them all
    "(tell|inform) ..8 (tell|inform) ..8 (tell|inform) ..8 (tell|inform) ..8 employer",
    "[an] [an] [an] [an] [an] [an] [an] [an] an ..8 an ..8 an ..8 be",
    "an ..8 an ..8 an ..8 an ..8 an ..8 an ..8 be",
]


def _work(words: int) -> int:
    automaton = Automaton([parse(p) for p in ADVERSARIAL])
    text = " ".join(["tell", "an", "inform", "an"] * (words // 4))
    return automaton.scan(tokens(normalise(text))).steps


def test_the_work_is_linear_in_the_text_on_inputs_that_explode_backtracking() -> None:
    automaton = Automaton([parse(p) for p in ADVERSARIAL])
    small, large = _work(5_000), _work(50_000)
    # ten times the text is ten times the work (give or take the edges), and each token
    # costs at most a bounded number of steps: the size of the automaton, twice.
    assert large <= 10.1 * small
    assert large <= 50_000 * 2 * len(automaton)
    # and nothing matched: there is no "employer" and no "be"
    text = " ".join(["tell", "an", "inform", "an"] * 10_000)
    assert automaton.scan(tokens(normalise(text))).hits == ()


# --------------------------------------------------------------------------- reference

_WORDS = ["ab", "cd", "ef"]  # two letters: three one-letter words would read as spelled out
_pattern_item = st.one_of(
    st.sampled_from(_WORDS),
    st.builds(lambda w, v: f"({w}|{v})", st.sampled_from(_WORDS), st.sampled_from(_WORDS)),
    st.builds(lambda w: f"[{w}]", st.sampled_from(_WORDS)),
    st.builds(lambda n: f"..{n}", st.integers(1, 3)),
)


def _expansions(nodes: tuple[object, ...]) -> set[tuple[str, ...]]:
    """Every token sequence a pattern of words, (x|y), [x] and ..N accepts ("?" = any)."""
    out: set[tuple[str, ...]] = {()}
    for node in nodes:
        if isinstance(node, Gap):
            choices = {("?",) * k for k in range(node.most + 1)}
        elif hasattr(node, "options"):
            choices = set().union(*(_expansions(o) for o in node.options))  # type: ignore[attr-defined]
            if node.optional:  # type: ignore[attr-defined]
                choices.add(())
        else:
            choices = {(node.word,)}  # type: ignore[attr-defined]
        out = {a + b for a, b in itertools.product(out, choices)}
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_pattern_item, min_size=1, max_size=5),
    st.lists(st.sampled_from(_WORDS), max_size=12),
)
def test_the_automaton_agrees_with_brute_force(items: list[str], words: list[str]) -> None:
    source = " ".join(["ab", *items, "cd"])  # never begins or ends with a gap
    nodes = parse(source)
    expected: dict[int, int] = {}
    for sequence in _expansions(nodes):
        for first in range(len(words) - len(sequence) + 1):
            window = words[first : first + len(sequence)]
            if all(s in ("?", w) for s, w in zip(sequence, window, strict=True)):
                last = first + len(sequence) - 1
                expected[last] = min(expected.get(last, first), first)
    hits = Automaton([nodes]).scan(tokens(normalise(" ".join(words)))).hits
    got: dict[int, int] = {}
    for hit in hits:
        got[hit.last] = min(got.get(hit.last, hit.first), hit.first)
    assert got == expected


# --------------------------------------------------------------------------- bundled examples

PATTERNS = [p for c in bundled_categories() for p in c.phrases if p.pattern]


def test_there_are_patterns_in_every_language() -> None:
    assert {p.language for p in PATTERNS} >= {"en", "zh", "id", "fil", "hi"}


@pytest.mark.parametrize("phrase", PATTERNS, ids=lambda p: f"{p.category}:{p.text}")
def test_every_bundled_pattern_matches_its_example_and_not_its_counterexample(
    phrase: Phrase,
) -> None:
    matcher = PhraseMatcher([phrase])
    assert matcher.find_unnegated(phrase.must_match), phrase.must_match
    assert matcher.find_unnegated(phrase.must_not) == (), phrase.must_not
