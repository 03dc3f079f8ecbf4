"""Channel classes (issue 20 item 6, style.md 20): rulesets name classes, so a channel
added to a class is judged by every rule written for that class.

The main test adds made-up channels to a copy of the package, each one line on
``Channel`` with the classes of a real twin, and runs both through every bundled ruleset:
the made-up channel must be in every channel list its twin is in, and get the same
findings from those rules, except where a rule names specific channels on purpose
(listed below with the reason).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest

from playbook_lint.model import CONTACT_CHANNELS, Channel, ChannelClass, channels_of
from playbook_lint.output.docs import channel_classes_table
from playbook_lint.rules.rulesets import RulesetError, load_ruleset

REPO = Path(__file__).resolve().parent.parent

# made-up channel -> its real twin (same classes); together they cover every class.
TWINS = {
    "robocall": Channel.CALL,
    "whatsapp": Channel.IM,
    "portal": Channel.EMAIL,
    "courier": Channel.LETTER,
    "doorstep": Channel.VISIT,
    "billboard": Channel.POST,
}

# Rules that list specific channels on purpose, so a made-up twin is not in them.
_PINNED_V2 = "rulesets.md pins the list (v2)"
EXCEPTIONS = {
    # 1006.18(e)(2) speaks of every subsequent communication; rulesets.md v2 pins
    # [call, letter, email, sms].
    ("robocall", "us-regf/subsequent-disclosure"): _PINNED_V2,
    ("portal", "us-regf/subsequent-disclosure"): _PINNED_V2,
    ("courier", "us-regf/subsequent-disclosure"): _PINNED_V2,
    # 1006.6(e) speaks of electronic communications; rulesets.md pins [sms, email].
    ("portal", "us-regf/electronic-opt-out"): _PINNED_V2,
    ("portal", "us-regf/electronic-opt-out-honoured"): _PINNED_V2,
    # Practice: "reminders by SMS, phone, e-mail or letter"; a visit, lawsuit or agency.
    ("portal", "baseline/contact-before-escalation"): "names e-mail and letter",
    ("courier", "baseline/contact-before-escalation"): "names e-mail and letter",
    ("doorstep", "baseline/contact-before-escalation"): "names a visit",
    # ACCC/ASIC s7: "only after phone, e-mail and letters have failed".
    ("portal", "au-accc-asic/visit-last-resort"): "names e-mail and letters",
    ("courier", "au-accc-asic/visit-last-resort"): "names e-mail and letters",
}


def _with_made_up_channels(into: Path) -> Path:
    """A copy of the package with one line on ``Channel`` per made-up channel."""
    package = into / "playbook_lint"
    shutil.copytree(REPO / "lint", package, ignore=shutil.ignore_patterns("__pycache__"))
    for data in ("grammar", "rulesets"):
        shutil.copytree(REPO / data, package / data)
    model = package / "model.py"
    lines = [
        f'    {word.upper()} = "{word}", "{word}s", "a", '
        f'"{" ".join(sorted(str(k) for k in twin.classes))}"\n'
        for word, twin in TWINS.items()
    ]
    text, count = re.subn(
        r"(\n    POST = [^\n]*\n)", lambda m: m.group(1) + "".join(lines), model.read_text()
    )
    assert count == 1, "the POST line of Channel moved: update this test"
    model.write_text(text)
    return into


def test_the_made_up_channels_cover_every_class() -> None:
    covered = {k for twin in TWINS.values() for k in twin.classes}
    assert covered == set(ChannelClass)


@pytest.fixture(scope="module")
def twins_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[object]]]:
    root = _with_made_up_channels(tmp_path_factory.mktemp("made-up"))
    pairs = [f"{word}={twin}" for word, twin in TWINS.items()]
    run = subprocess.run(
        [sys.executable, str(REPO / "tests" / "channel_twins.py"), *pairs],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        cwd=root,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    report: dict[str, dict[str, list[object]]] = json.loads(run.stdout)
    return report


@pytest.mark.parametrize("word", list(TWINS))
def test_a_made_up_channel_is_judged_by_every_rule_its_class_falls_under(
    word: str, twins_report: dict[str, dict[str, list[object]]]
) -> None:
    rules = twins_report[word]
    missed, extra, differ = [], [], []
    for rule_id, (twin_judged, judged, twin_found, found) in rules.items():
        pinned = (word, rule_id) in EXCEPTIONS
        if twin_judged and not judged and not pinned:
            missed.append(rule_id)
        if judged and not twin_judged:
            extra.append(rule_id)
        # Every rule, with a channel list or not (PB301 and PB305 judge face to face).
        if not pinned and found != twin_found:
            differ.append(f"{rule_id}: {twin_found} != {found}")
        if pinned:
            assert twin_judged, f"{rule_id} no longer judges {TWINS[word]}"
            assert not judged, f"{rule_id} no longer pins its list"
    assert not missed, f"{word} escapes rules that judge {TWINS[word]}: {missed}"
    assert not extra, f"{word} is judged where {TWINS[word]} is not: {extra}"
    assert not differ, f"{word} gets other findings than {TWINS[word]}: {differ}"
    # The playbook gives the rules something to judge: they do fire, for both.
    fired = [r for r, (judged, _, _, found) in rules.items() if judged and found]
    assert len(fired) >= (3 if TWINS[word].is_contact else 1), fired


# --------------------------------------------------------------------------- the classes


def test_the_classes_nest_as_their_meanings_say() -> None:
    members = {k: frozenset(k.channels) for k in ChannelClass}
    assert all(members.values()), "a class with no channel"
    contact = members[ChannelClass.CONTACT]
    assert members[ChannelClass.REMOTE] | members[ChannelClass.IN_PERSON] == contact
    assert not members[ChannelClass.REMOTE] & members[ChannelClass.IN_PERSON]
    assert members[ChannelClass.TIMED] <= contact
    for remote in (ChannelClass.VOICE, ChannelClass.MESSAGING, ChannelClass.ELECTRONIC):
        assert members[remote] <= members[ChannelClass.REMOTE]
    assert members[ChannelClass.MESSAGING] <= members[ChannelClass.ELECTRONIC]
    assert not members[ChannelClass.VOICE] & members[ChannelClass.ELECTRONIC]
    assert not members[ChannelClass.PUBLIC] & contact
    assert contact == CONTACT_CHANNELS
    # A class word never shadows a channel word or a list keyword.
    words = {str(k) for k in ChannelClass}
    assert not words & ({c.value for c in Channel} | {"all", "notices"})


def test_a_list_of_channels_and_classes_reads_in_the_order_written() -> None:
    assert channels_of(ChannelClass.VOICE, Channel.SMS) == (Channel.CALL, Channel.SMS)
    assert channels_of(Channel.CALL, ChannelClass.CONTACT)[:2] == (Channel.CALL, Channel.SMS)
    assert channels_of(ChannelClass.REMOTE, ChannelClass.IN_PERSON) == tuple(
        c for c in Channel if c in CONTACT_CHANNELS
    )


def _ruleset(tmp_path: Path, channels: str) -> Path:
    path = tmp_path / "acme.yaml"
    path.write_text(
        dedent(
            f"""\
            id: acme
            rules:
              phone-hours:
                check: PB201
                channels: {channels}
                weekdays: 08:00-21:00
                weekends: 09:00-21:00
                cite: Acme policy
            """
        ),
        encoding="utf-8",
    )
    return path


def test_a_company_ruleset_names_classes(tmp_path: Path) -> None:
    rule = load_ruleset(str(_ruleset(tmp_path, "[voice, messaging, visit]"))).rule("phone-hours")
    assert rule is not None
    channels = rule.params.channels
    assert {Channel.CALL, Channel.SMS, Channel.PUSH, Channel.IM, Channel.VISIT} <= set(channels)
    assert channels == (
        *ChannelClass.VOICE.channels,
        *ChannelClass.MESSAGING.channels,
        Channel.VISIT,
    )
    # A class that overlaps a channel named beside it counts it once.
    rule = load_ruleset(str(_ruleset(tmp_path, "[voice, call]"))).rule("phone-hours")
    assert rule is not None
    assert rule.params.channels == (Channel.CALL,)


def test_an_unknown_class_names_file_line_column_and_the_choices(tmp_path: Path) -> None:
    path = _ruleset(tmp_path, "[voice, mesaging]")
    with pytest.raises(RulesetError) as error:
        load_ruleset(str(path))
    message = str(error.value)
    assert message.startswith(f"{path}:5:23: ") or ":5:23: " in message
    assert "unknown channel or class 'mesaging'" in message
    assert "did you mean 'messaging'?" in message
    assert "classes: contact, timed, remote, in_person, voice, messaging, electronic, public" in (
        message
    )


def test_a_class_named_twice_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RulesetError, match="'voice' listed twice"):
        load_ruleset(str(_ruleset(tmp_path, "[voice, sms, voice]")))


# --------------------------------------------------------------------------- the docs page

RULESETS_DOC = REPO / "docs" / "rulesets.md"
_TABLE = re.compile(
    r"(<!-- channel classes: [^\n]*-->\n)(.*?)(<!-- end of channel classes -->)", re.S
)


def test_docs_rulesets_md_shows_the_classes_channel_declares() -> None:
    text = RULESETS_DOC.read_text(encoding="utf-8")
    match = _TABLE.search(text)
    assert match, "docs/rulesets.md lost its channel-classes markers"
    expected = _TABLE.sub(lambda m: m.group(1) + channel_classes_table() + m.group(3), text)
    if os.environ.get("UPDATE_SNAPSHOTS"):
        RULESETS_DOC.write_text(expected, encoding="utf-8")
    assert RULESETS_DOC.read_text(encoding="utf-8") == expected, "regenerate: UPDATE_SNAPSHOTS=1"
    for klass in ChannelClass:
        assert f"| `{klass}` |" in expected
