"""PB501's statistical signal (checks.md v3 item 8): a veiled threat that no frame holds is
reported as info with the closest known example; never an error, never for a rule of
other languages or narrower categories; the shipped model is small, deterministic and was
trained without the held-out fifth."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from types import ModuleType

from playbook_lint.diagnostics import Severity
from playbook_lint.resources import phrases_dir
from playbook_lint.rules.signal import MODEL_FILE, bundled_model, reading
from playbook_lint.run.engine import lint_text
from support import load_script

ROOT = Path(__file__).resolve().parent.parent
VEILED = "Your kids walk home alone, right? Just pay and we are good."


@cache
def trainer() -> ModuleType:
    return load_script(ROOT / "bench" / "train_signal.py", "train_signal")


def _playbook(text: str, form: str) -> tuple[str, str]:
    if form == "dsl":
        return (
            'playbook "veiled"\ntimezone America/New_York\n'
            f'template t sms "{text}"\n'
            "stage late days 1..30 {\n  sms using t on day 3 at 10:00\n}\n"
            "on payment_received: stop all\n",
            "veiled.playbook",
        )
    return (
        "playbook: veiled\ntimezone: America/New_York\ntemplates:\n  t:\n    channel: sms\n"
        f'    text: "{text}"\n'
        'stages:\n  late:\n    days: 1..30\n    actions: ["sms using t on day 3 at 10:00"]\n'
        "handlers:\n  - on payment_received: stop all\n",
        "veiled.playbook.yaml",
    )


def _pb501(text: str, form: str, rulesets: tuple[str, ...] = ("us-regf",)) -> list[object]:
    source, name = _playbook(text, form)
    return [f for f in lint_text(source, name, rulesets).findings if f.code == "PB501"]


def test_a_veiled_threat_without_a_trigger_word_is_info_with_the_closest_example() -> None:
    for form in ("dsl", "yaml"):
        found = _pb501(VEILED, form)
        assert len(found) == 1, found
        finding = found[0]
        assert finding.severity is Severity.INFO  # type: ignore[attr-defined]
        assert "reads like a threat" in finding.message  # type: ignore[attr-defined]
        assert "closest known example" in finding.message  # type: ignore[attr-defined]


def test_a_lawful_reminder_gets_no_signal() -> None:
    text = "Hi, your payment of 120 dollars is due on Friday. Call us to set up a plan."
    assert _pb501(text, "dsl") == []


def test_a_frame_match_is_reported_alone_as_an_error() -> None:
    found = _pb501("We will break your legs if you do not pay.", "yaml")
    assert [f.severity for f in found] == [Severity.ERROR]  # type: ignore[attr-defined]


def test_a_rule_in_other_languages_stays_silent() -> None:
    # cn-gbt45251's rules judge Chinese and English; an Indonesian veiled threat is not theirs
    text = "Hati-hati ya, anak kamu pulang sekolah jam berapa? Kami cuma mengingatkan."
    assert reading(text) is not None
    assert reading(text).language == "id"  # type: ignore[union-attr]
    assert _pb501(text, "dsl", ("cn-gbt45251",)) == []
    assert len(_pb501(text, "dsl", ("id-ojk",))) == 1


def test_the_shipped_model_is_small_and_never_saw_the_held_out_fifth() -> None:
    path = phrases_dir() / MODEL_FILE
    assert path.stat().st_size <= 5 * 1024 * 1024
    model = bundled_model()
    assert model is not None
    known = {" ".join(text.split()) for _, text in model.examples}
    held_out = [e for e in trainer().content.load() if e.holdout and e.kind == "abusive"]
    assert held_out
    assert not [e.id for e in held_out if " ".join(e.text.split()) in known]


def test_training_is_deterministic() -> None:
    data = trainer().own_messages()[::3]
    first = json.dumps(trainer().train(data, 1.0), sort_keys=True)
    assert first == json.dumps(trainer().train(list(data), 1.0), sort_keys=True)


def test_a_reassurance_whose_threat_words_are_negated_gets_no_signal() -> None:
    # "We will not tell your employer", in Filipino: the words read like a threat to the
    # signal, but the frames see the negation, and so the template is left alone
    text = "Hindi namin sasabihin sa employer mo ang tungkol dito."
    assert reading(text) is not None
    assert _pb501(text, "dsl", ("ph-sec",)) == []
    assert len(_pb501("Sasabihin namin sa employer mo ang tungkol dito.", "dsl", ("ph-sec",))) == 1
