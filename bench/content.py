"""The content checks measured on real collection messages (checks.md v3 item 7).

Every message of ``tests/data/real/*.yaml`` becomes the one template of a minimal playbook
(YAML form), sent in its channel to its addressee, and is linted with the rulesets of its
language. A message is *flagged* when a word check reports it: PB501 (prohibited content),
PB503 (disclosure to a third party) or PB507 (personal data to others). Recall is over the
abusive messages, false alarms over the lawful ones; both per language, category and tier,
and the veiled threats on their own; the tuning part and the held-out fifth separately.

The hold-out is never shown: ``--misses`` lists the tuning part's misses and false alarms
only; held-out entries appear in aggregate figures and nowhere else.

    .venv/bin/python bench/content.py            # the table
    .venv/bin/python bench/content.py --misses   # and the tuning part's misses, with text
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "real"

# Which rulesets judge a message of a language (the brief: English under Regulation F and
# the baseline; each other language under the jurisdiction where it is collected).
RULESETS: dict[str, tuple[str, ...]] = {
    "en": ("us-regf", "baseline"),
    "zh-Hans": ("cn-gbt45251",),
    "zh-Hant": ("tw-fsc",),
    "id": ("id-ojk",),
    "fil": ("ph-sec",),
    "hi": ("in-rbi",),
}
ZONES = {
    "en": "America/New_York",
    "zh-Hans": "Asia/Shanghai",
    "zh-Hant": "Asia/Taipei",
    "id": "Asia/Jakarta",
    "fil": "Asia/Manila",
    "hi": "Asia/Kolkata",
}
# A corpus channel as a playbook channel: a voicemail is a call; a banner, flyer or an
# unknown medium is judged as a letter (the words are what is measured).
CHANNELS = {
    "sms": "sms",
    "call": "call",
    "voicemail": "call",
    "email": "email",
    "letter": "letter",
    "im": "im",
    "unknown": "letter",
}
TARGETS = {"borrower": "borrower", "unknown": "borrower", "third-party": "third_party"}
WORD_CHECKS = frozenset({"PB501", "PB503", "PB507"})
SIGNAL = "reads like a threat"  # PB501's statistical signal (lint/rules/signal.py)
SHORTFALL = 20


@dataclass(frozen=True)
class Entry:
    id: str
    lang: str
    kind: str
    tier: str
    categories: tuple[str, ...]
    disclosure: bool
    addressee: str
    channel: str
    veiled: bool
    holdout: bool
    text: str


@dataclass(frozen=True)
class Outcome:
    entry: Entry
    codes: frozenset[str]
    categories: frozenset[str]  # PB501 categories that fired
    # flagged only by the statistical signal (an info finding, checks.md v3 item 8)
    by_signal: bool = False

    @property
    def flagged(self) -> bool:
        return bool(self.codes & WORD_CHECKS)


def load(folder: Path = REAL) -> list[Entry]:
    """Every corpus entry (held-out ones included: they are measured, never printed)."""
    entries: list[Entry] = []
    for path in sorted(folder.glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            entries.append(_entry(raw))
    return entries


def _entry(raw: dict[str, Any]) -> Entry:
    return Entry(
        id=str(raw["id"]),
        lang=str(raw["lang"]),
        kind=str(raw["kind"]),
        tier=str(raw["tier"]),
        categories=tuple(raw.get("categories") or ()),
        disclosure=bool(raw.get("disclosure")),
        addressee=str(raw.get("addressee", "borrower")),
        channel=str(raw.get("channel", "unknown")),
        veiled=bool(raw.get("veiled")),
        holdout=bool(raw.get("holdout")),
        text=str(raw["text"]),
    )


def playbook_for(entry: Entry) -> str:
    """The minimal playbook that sends ``entry`` once, in its channel, to its addressee."""
    channel = CHANNELS.get(entry.channel, "letter")
    target = TARGETS.get(entry.addressee, entry.addressee)
    after = " after unreachable" if target == "third_party" else ""
    # a letter is dated, not timed (PB004)
    at = "" if channel == "letter" else " at 11:00"
    document = {
        "playbook": f"corpus-{entry.id}",
        "timezone": ZONES.get(entry.lang, "UTC"),
        "templates": {"message": {"channel": channel, "text": entry.text}},
        "stages": {
            "late": {
                "days": "1..60",
                "actions": [f"{channel} to {target} using message on day 31{at}{after}"],
            }
        },
    }
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1_000_000)


def judge(entry: Entry) -> Outcome:
    """Lint ``entry``'s playbook with its language's rulesets."""
    from playbook_lint.rules.phrases import categories_for
    from playbook_lint.run.engine import lint_text

    labels = {c.label: c.name for c in categories_for("PB501")}
    result = lint_text(
        playbook_for(entry), f"{entry.id}.playbook.yaml", RULESETS.get(entry.lang, ("baseline",))
    )
    codes = frozenset(f.code for f in result.findings)
    words = [f for f in result.findings if f.code in WORD_CHECKS]
    by_signal = bool(words) and all(f.message.startswith(SIGNAL) for f in words)
    fired = frozenset(
        labels[label]
        for f in result.findings
        if f.code == "PB501"
        for label in labels
        if f.message.startswith(label + ":")
    )
    return Outcome(entry, codes, fired, by_signal)


def judge_all(entries: Iterable[Entry]) -> list[Outcome]:
    return [judge(e) for e in entries]


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Rate:
    hits: int
    total: int

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def __str__(self) -> str:
        if not self.total:
            return "     -    "
        return f"{self.hits:3d}/{self.total:<3d} {self.value:4.2f}"


def recall(outcomes: Sequence[Outcome]) -> Rate:
    abusive = [o for o in outcomes if o.entry.kind == "abusive"]
    return Rate(sum(o.flagged for o in abusive), len(abusive))


def false_alarms(outcomes: Sequence[Outcome]) -> Rate:
    lawful = [o for o in outcomes if o.entry.kind == "lawful"]
    return Rate(sum(o.flagged for o in lawful), len(lawful))


def language_of(entry: Entry) -> str:
    return entry.lang


def signal_out_of_fold(outcomes: Sequence[Outcome]) -> list[Outcome]:
    """The outcomes with the statistical signal judged as it would be on unseen text: each
    tuning message by a model trained without it (``train_signal.py``'s five folds, the
    shipped threshold), each held-out message by the shipped model (which never saw it).
    The frames' findings are kept as they are. An estimate: the rule's language gate is
    left out."""
    from playbook_lint.rules.signal import build, bundled_model, reading

    trainer = _trainer()
    shipped = bundled_model()
    if shipped is None:
        return list(outcomes)
    own = trainer.own_messages()
    tuning = [o for o in outcomes if not o.entry.holdout]
    data = own + [(o.entry.text, o.entry.kind == "abusive", o.entry.lang) for o in tuning]
    fold_of = {o.entry.id: (len(own) + i) % trainer.FOLDS for i, o in enumerate(tuning)}
    models = {}
    for fold in range(trainer.FOLDS):
        rest = [d for i, d in enumerate(data) if i % trainer.FOLDS != fold]
        models[fold] = build({**trainer.train(rest), "threshold": shipped.threshold})
    judged = []
    for o in outcomes:
        by_frames = o.flagged and not o.by_signal
        model = shipped if o.entry.holdout else models[fold_of[o.entry.id]]
        hit = by_frames or reading(o.entry.text, model) is not None
        judged.append(replace(o, codes=frozenset({"PB501"}) if hit else frozenset()))
    return judged


def _trainer() -> Any:
    spec = importlib.util.spec_from_file_location(
        "train_signal", ROOT / "bench" / "train_signal.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _table(title: str, outcomes: Sequence[Outcome], honest: Sequence[Outcome] = ()) -> list[str]:
    lines = [f"## {title}", "", f"{'':24} {'recall':>12}   {'false alarms':>12}"]
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[f"lang {o.entry.lang}"].append(o)
        groups[f"tier {o.entry.tier}"].append(o)
        for name in o.entry.categories:
            groups[f"category {name}"].append(o)
        if o.entry.disclosure:
            groups["category (disclosure)"].append(o)
        if o.entry.veiled:
            groups["veiled"].append(o)
            groups[f"veiled {o.entry.lang}"].append(o)
    for key in sorted(groups):
        rows = groups[key]
        lines.append(f"{key:24} {recall(rows)!s:>12}   {false_alarms(rows)!s:>12}")
    lines.append(f"{'ALL':24} {recall(outcomes)!s:>12}   {false_alarms(outcomes)!s:>12}")
    frames = [replace(o, codes=frozenset()) if o.by_signal else o for o in outcomes]
    lines.append(f"{'ALL, frames alone':24} {recall(frames)!s:>12}   {false_alarms(frames)!s:>12}")
    if honest:
        lines.append(
            f"{'ALL, signal out of fold':24} {recall(honest)!s:>12}   {false_alarms(honest)!s:>12}"
        )
    veiled = [o for o in outcomes if o.entry.veiled]
    lines.append(f"{'VEILED threats':24} {recall(veiled)!s:>12}")
    return [*lines, ""]


def shortfalls(entries: Sequence[Entry]) -> list[str]:
    """Languages with fewer than 20 real messages of a kind (checks.md v3 item 7)."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for e in entries:
        counts[(e.lang, e.kind)] += 1
    out = []
    for lang in RULESETS:
        for kind in ("abusive", "lawful"):
            n = counts[(lang, kind)]
            if n < SHORTFALL:
                out.append(f"shortfall: {lang} {kind}: {n} real messages (fewer than {SHORTFALL})")
    return out


def report(outcomes: Sequence[Outcome]) -> list[str]:
    tuning = [o for o in outcomes if not o.entry.holdout]
    held = [o for o in outcomes if o.entry.holdout]
    honest = signal_out_of_fold(outcomes)
    honest_tuning = [o for o in honest if not o.entry.holdout]
    return [
        *_table(f"Tuning part ({len(tuning)} messages)", tuning, honest_tuning),
        *_table(f"Held-out fifth ({len(held)} messages; never printed, never tuned on)", held),
        *_table(f"Whole corpus ({len(outcomes)} messages)", outcomes, honest),
        *shortfalls([o.entry for o in outcomes]),
    ]


def misses(outcomes: Sequence[Outcome]) -> list[str]:
    """The tuning part's misses and false alarms, with their text. Held-out entries are
    filtered out here, before anything is formatted."""
    lines = []
    for o in outcomes:
        if o.entry.holdout:
            continue
        wrong = (o.entry.kind == "abusive") != o.flagged
        if not wrong:
            continue
        what = "MISS" if o.entry.kind == "abusive" else "FALSE ALARM"
        cats = ",".join(o.entry.categories) or ("disclosure" if o.entry.disclosure else "-")
        codes = ",".join(sorted(o.codes & WORD_CHECKS)) or "-"
        text = " ".join(o.entry.text.split())
        lines.append(f"{what} {o.entry.id} [{cats}] to {o.entry.addressee} ({codes}): {text}")
    return lines


RATCHET = ROOT / "tests" / "data" / "content_ratchet.yaml"


def ratchet(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """What ``tests/test_content_real.py`` holds: the tuning entries judged right, by id, and
    the held-out fifth's right answers as counts only (never which ones); the
    whole-corpus recall and false-alarm rate reached."""
    right = [o for o in outcomes if (o.entry.kind == "abusive") == o.flagged]
    tuning = [o for o in right if not o.entry.holdout]
    held = [o for o in right if o.entry.holdout]
    return {
        "caught": sorted(o.entry.id for o in tuning if o.entry.kind == "abusive"),
        "silent": sorted(o.entry.id for o in tuning if o.entry.kind == "lawful"),
        "holdout_caught": sum(o.entry.kind == "abusive" for o in held),
        "holdout_silent": sum(o.entry.kind == "lawful" for o in held),
        "recall": round(recall(outcomes).value, 4),
        "false_alarms": round(false_alarms(outcomes).value, 4),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the tuning part's errors")
    parser.add_argument(
        "--ratchet", action="store_true", help=f"write what the tests hold to {RATCHET}"
    )
    args = parser.parse_args(argv)
    outcomes = judge_all(load())
    print("\n".join(report(outcomes)))
    if args.misses:
        print("\n".join(["", "## Tuning part: misses and false alarms", *misses(outcomes)]))
    if args.ratchet:
        header = "# Written by bench/content.py --ratchet; held by tests/test_content_real.py.\n"
        RATCHET.write_text(header + yaml.safe_dump(ratchet(outcomes), sort_keys=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
