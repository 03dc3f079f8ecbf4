"""Train the statistical signal (checks.md v3 item 8) and write it into the package.

    .venv/bin/python bench/train_signal.py           # write rulesets/phrases/threat-signal.json
    .venv/bin/python bench/train_signal.py --check   # only print the cross-validated figures

Training data: the project's own messages (``tests/fixtures/corpus/*.yaml``, lawful and
abusive) and the real corpus's tuning part (``tests/data/real``, ``holdout: false``). The
held-out fifth is never read here. The model (``lint/rules/signal.py``): Bernoulli naive
Bayes over normalised words and word pairs; a feature seen once in all the data is left
out (it would only memorise one message).

The threshold is chosen by five-fold cross-validation on the training data alone (folds by
position in a fixed order: no randomness): the lowest score at which the lawful messages
judged out of fold are flagged at most ``LAWFUL_BUDGET`` of the time. The held-out fifth's
figures are for ``bench/content.py`` to print afterwards, never an input here.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import content  # noqa: E402

from playbook_lint.rules.signal import MODEL_FILE, build, features, score  # noqa: E402

OUT = ROOT / "rulesets" / "phrases" / MODEL_FILE
OWN = ROOT / "tests" / "fixtures" / "corpus"
FOLDS = 5
LAWFUL_BUDGET = 0.01
MIN_COUNT = 2
CANDIDATES = tuple(x / 2 for x in range(-4, 41))  # -2.0 … 20.0

Example = tuple[str, bool, str]  # text, abusive, language (en, zh, id, fil, hi)


def own_messages() -> list[Example]:
    out: list[Example] = []
    for path in sorted(OWN.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for kind in ("lawful", "abusive"):
            for item in data.get(kind) or []:
                text = item.get("text", "") if isinstance(item, dict) else item
                out.append((str(text), kind == "abusive", path.stem))
    return out


def real_tuning() -> list[Example]:
    return [
        (e.text, e.kind == "abusive", e.lang.split("-")[0]) for e in content.load() if not e.holdout
    ]


def train(data: Sequence[Example], threshold: float = 0.0) -> dict[str, object]:
    present: list[Counter[str]] = [Counter(), Counter()]
    counts = [0, 0]
    for text, abusive, _ in data:
        counts[abusive] += 1
        present[abusive].update(features(text))
    weights: dict[str, float] = {}
    for feature in sorted(set(present[0]) | set(present[1])):
        bad, good = present[1][feature], present[0][feature]
        if bad + good < MIN_COUNT:
            continue
        p_bad = (bad + 0.5) / (counts[1] + 1)
        p_good = (good + 0.5) / (counts[0] + 1)
        weights[feature] = round(math.log(p_bad / p_good), 3)
    examples = [[lang, " ".join(text.split())] for text, abusive, lang in data if abusive]
    return {"threshold": threshold, "weights": weights, "examples": examples}


def out_of_fold(data: Sequence[Example]) -> list[float]:
    """Every message's score from a model trained without its fold."""
    scores = [0.0] * len(data)
    for fold in range(FOLDS):
        rest = [d for i, d in enumerate(data) if i % FOLDS != fold]
        model = build(train(rest))
        for i in range(fold, len(data), FOLDS):
            scores[i] = score(model, features(data[i][0]))
    return scores


def choose(data: Sequence[Example], scores: Sequence[float]) -> float:
    lawful = [s for s, (_, abusive, _) in zip(scores, data, strict=True) if not abusive]
    for threshold in CANDIDATES:
        if sum(s >= threshold for s in lawful) <= LAWFUL_BUDGET * len(lawful):
            return threshold
    return CANDIDATES[-1]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="print figures, write nothing")
    args = parser.parse_args(argv)
    data = own_messages() + real_tuning()
    scores = out_of_fold(data)
    threshold = choose(data, scores)
    abusive = [s for s, (_, bad, _) in zip(scores, data, strict=True) if bad]
    lawful = [s for s, (_, bad, _) in zip(scores, data, strict=True) if not bad]
    print(
        f"{len(data)} training messages; threshold {threshold}; out of fold: "
        f"abusive {sum(s >= threshold for s in abusive)}/{len(abusive)} above it, "
        f"lawful {sum(s >= threshold for s in lawful)}/{len(lawful)} above it"
    )
    if not args.check:
        model = train(data, threshold)
        OUT.write_text(
            json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
            encoding="utf-8",
        )
        print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
