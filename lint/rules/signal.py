"""The statistical signal (checks.md v3 item 8): how much a template reads like the abusive
messages the project knows, beside the frames and never instead of them.

The model is a table of weights, one per feature, shipped in the package
(``rulesets/phrases/threat-signal.json``) and written by ``bench/train_signal.py`` from the
project's own messages (``tests/fixtures/corpus``) and the real corpus's tuning part (never
its held-out fifth). A feature is a normalised word (a Han character is a word: the
tokens of ``patterns.py``) or two neighbouring words; its weight is the log-odds of being
present in an abusive message rather than a lawful one (Bernoulli naive Bayes, add-half
smoothing). A text's score is the sum of the weights of the features it holds, each once;
the threshold is the training script's, chosen by cross-validation on the training data
alone. No randomness, no download: the same text always scores the same.

Why a signal at all: a veiled threat ("we would hate for your employer to hear about this")
has no trigger word for a frame to hold on to, but it shares its words with threats the
project has seen. Why never an error: a score is evidence, not a reading; PB501 reports it
as ``info`` and quotes the closest known example, so a reviewer can judge it.

Cost: one pass over the tokens to collect the features (a set), then one lookup each;
the closest example is looked up through the few strongest features only, so a 1 MB
template costs a bounded number of steps per token.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from typing import Any

from ..resources import phrases_dir
from .phrase_data import shipped
from .phrases import tokenised

MODEL_FILE = "threat-signal.json"
# The closest example is looked up through this many of the text's strongest features.
_CLUES = 24
_QUOTE = 70


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    threshold: float
    # abusive training messages and their languages (en, zh, id, fil, hi)
    examples: tuple[tuple[str, str], ...]
    # feature -> indices of the examples holding it (positive features only)
    postings: dict[str, tuple[int, ...]]


@dataclass(frozen=True)
class Reading:
    """A text that reads like a threat: its score, the threshold, the closest example and
    its language (what a rule's ``languages`` are compared with)."""

    score: float
    threshold: float
    closest: str
    language: str


def features(text: str) -> frozenset[str]:
    """Normalised words and pairs of neighbouring words (within a sentence's run of words)."""
    _, toks = tokenised(text)
    words = [t.text for t in toks if any(ch.isalnum() for ch in t.text)]
    pairs = (f"{a} {b}" for a, b in pairwise(words))
    return frozenset(words).union(pairs)


def build(data: dict[str, Any], postings: dict[str, list[int]] | None = None) -> Model:
    """A model from its JSON form: ``{"threshold", "weights", "examples"}``; ``postings``
    as ``postings_of`` gives them, when known (the file made at packaging time,
    ``phrase_data``: finding them normalises every example, 80 ms a start)."""
    weights = {str(k): float(v) for k, v in dict(data["weights"]).items()}
    examples = tuple((str(lang), str(text)) for lang, text in data["examples"])
    found = postings_of(weights, examples) if postings is None else postings
    return Model(
        weights,
        float(data["threshold"]),
        examples,
        {f: tuple(ids) for f, ids in found.items()},
    )


def postings_of(
    weights: dict[str, float], examples: tuple[tuple[str, str], ...]
) -> dict[str, list[int]]:
    """Each positive feature's examples, by index."""
    postings: dict[str, list[int]] = {}
    for i, (_, example) in enumerate(examples):
        for feature in features(example):
            if weights.get(feature, 0.0) > 0:
                postings.setdefault(feature, []).append(i)
    return postings


@cache
def bundled_model() -> Model | None:
    """The shipped model, or None when the package has none (the signal is optional)."""
    path = phrases_dir() / MODEL_FILE
    if not path.is_file():
        return None
    compiled = shipped(phrases_dir())
    postings = compiled.get("signal_postings") if compiled is not None else None
    return build(json.loads(path.read_text(encoding="utf-8")), postings)


def score(model: Model, found: frozenset[str]) -> float:
    return sum(model.weights.get(f, 0.0) for f in found)


def reading(text: str, model: Model | None = None) -> Reading | None:
    """How ``text`` reads, when it reads like a threat and resembles a known one; None
    otherwise."""
    if model is None:
        return _bundled_reading(text)
    return _reading(text, model)


@lru_cache(maxsize=1024)
def _bundled_reading(text: str) -> Reading | None:
    """The shipped model's reading, once per text in a run: every main no-threats rule
    asks about each template nothing matched, and playbooks repeat their templates."""
    model = bundled_model()
    return None if model is None else _reading(text, model)


def _reading(text: str, model: Model) -> Reading | None:
    found = features(text)
    total = score(model, found)
    if total < model.threshold:
        return None
    closest = _closest(model, found)
    if closest is None:
        return None
    language, example = model.examples[closest]
    quoted = " ".join(example.split())
    if len(quoted) > _QUOTE:
        quoted = quoted[: _QUOTE - 1] + "…"
    return Reading(round(total, 1), model.threshold, quoted, language)


def _closest(model: Model, found: frozenset[str]) -> int | None:
    """The known abusive message that shares the most weight with the text's strongest
    features (ties: the first listed); None when it shares none."""
    clues = sorted((f for f in found if f in model.postings), key=lambda f: (-model.weights[f], f))[
        :_CLUES
    ]
    shared: dict[int, float] = {}
    for feature in clues:
        for i in model.postings[feature]:
            shared[i] = shared.get(i, 0.0) + model.weights[feature]
    if not shared:
        return None
    return min(shared, key=lambda i: (-shared[i], i))
