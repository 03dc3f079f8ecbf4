"""Issue 20 item 3: one reading of typed YAML values. A playbook, a ruleset and a config
read null, whole numbers, true/false and words from a list by the same rules
(``yaml_values``), so the same value written in each means the same thing, and the same
hostile value (a huge number, a tag, an alias, a key that is not text) fails the same
way, at its line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook_lint.rules.rulesets import RulesetError, load_ruleset
from playbook_lint.run.config import ConfigError, load_config
from playbook_lint.syntax.parse_dsl import parse_dsl
from playbook_lint.syntax.parse_yaml import parse_yaml
from playbook_lint.syntax.yaml_values import MAX_DIGITS

# --------------------------------------------------------------------------- the readers


def _playbook_agents(value: str) -> tuple[int | None, list[str]]:
    """``agents: VALUE`` on a visit in a YAML playbook: the number read, and the messages."""
    text = (
        "playbook: p\ntimezone: America/New_York\nstages:\n  s:\n    days: 1..30\n"
        f"    actions:\n      - {{channel: visit, schedule: once, from: day 5, agents: {value}}}\n"
    )
    result = parse_yaml(text)
    messages = [d.message for d in result.diagnostics]
    if result.playbook is None or not result.playbook.stages[0].actions:
        return None, messages
    return result.playbook.stages[0].actions[0].agents, messages


def _ruleset(tmp_path: Path, rule_body: str) -> Path:
    path = tmp_path / "house.yaml"
    path.write_text(f"id: house\nextends: [baseline]\nrules:\n  visit-staff:\n{rule_body}")
    return path


def _ruleset_min_agents(tmp_path: Path, value: str) -> int | str:
    """``min_agents: VALUE`` of PB305 in a ruleset: the number read, or the error."""
    path = _ruleset(tmp_path, f"    check: PB305\n    min_agents: {value}\n")
    try:
        rule = load_ruleset(str(path)).rule("visit-staff")
    except RulesetError as error:
        return str(error)
    assert rule is not None
    return int(rule.params.min_agents)


def _config(tmp_path: Path, text: str) -> object:
    """The settings of a YAML config, or the error."""
    path = tmp_path / ".playbook-lint.yaml"
    path.write_text(text)
    try:
        return load_config(path)
    except ConfigError as error:
        return error


def _no_number_in_a_ruleset_or_a_config(tmp_path: Path, written: str) -> None:
    """``written`` is refused as PB305's ``min_agents`` and as a config's ``year``."""
    error = _ruleset_min_agents(tmp_path, written)
    assert isinstance(error, str)
    assert "expected a whole number" in error
    config = _config(tmp_path, f"year: {written}\n")
    assert isinstance(config, ConfigError)
    assert "must be a year such as 2026" in str(config)


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("written", ["3", '"3"', "'3'", "!!int 3", "!!str 3"])
def test_a_whole_number_is_its_digits_quoted_or_tagged_in_playbooks_and_rulesets(
    tmp_path: Path, written: str
) -> None:
    assert _playbook_agents(written) == (3, [])
    assert _ruleset_min_agents(tmp_path, written) == 3


@pytest.mark.parametrize("written", ["1_000", "+5", "0x1F", "1:30", "٣", "2.0", "!!int abc"])
def test_yaml_1_1_numbers_are_no_whole_numbers_anywhere(tmp_path: Path, written: str) -> None:
    agents, messages = _playbook_agents(written)
    assert agents is None
    assert messages == [f"'agents' must be a whole number, found '{written.split()[-1]}'"]
    _no_number_in_a_ruleset_or_a_config(tmp_path, written)


def test_one_digit_limit_for_playbooks_in_both_forms_rulesets_and_configs(tmp_path: Path) -> None:
    longest, too_long = "9" * MAX_DIGITS, "9" * (MAX_DIGITS + 1)
    assert MAX_DIGITS == 9
    assert _playbook_agents(longest) == (int(longest), [])
    assert _ruleset_min_agents(tmp_path, longest) == int(longest)

    agents, messages = _playbook_agents(too_long)
    assert agents is None
    assert messages == ["'agents': the number 9999999999… is too long (at most 9 digits)"]
    dsl = parse_dsl(
        'playbook "p"\ntimezone America/New_York\n'
        f"stage s days 1..30 {{\n  visit to borrower once from day 5 by {too_long} agents\n}}\n"
    )
    assert [d.message for d in dsl.diagnostics] == [
        "the number 9999999999… is too long (at most 9 digits)"
    ]
    # A config's year is a whole number first, then a year: ten digits are no year.
    _no_number_in_a_ruleset_or_a_config(tmp_path, too_long)


def test_a_huge_number_is_one_finding_not_a_traceback(tmp_path: Path) -> None:
    huge = "9" * 5000  # int() of it raises past 4,300 digits
    assert _playbook_agents(huge)[0] is None
    _no_number_in_a_ruleset_or_a_config(tmp_path, huge)


# --------------------------------------------------------------------------- true / false


@pytest.mark.parametrize(("written", "meant"), [("true", True), ("False", False), ('"TRUE"', True)])
def test_true_and_false_read_alike_in_all_three(tmp_path: Path, written: str, meant: bool) -> None:
    playbook = parse_yaml(
        f"playbook: p\ntemplates:\n  t: {{channel: sms, text: hi, limited_content: {written}}}\n"
    )
    assert playbook.diagnostics == ()
    assert playbook.playbook is not None
    assert playbook.playbook.templates[0].limited_content is meant

    path = _ruleset(
        tmp_path,
        f"    check: PB502\n    channels: [sms]\n    any_of: [hello]\n    first_only: {written}\n",
    )
    rule = load_ruleset(str(path)).rule("visit-staff")
    assert rule is not None
    assert rule.params.first_only is meant

    settings = _config(tmp_path, f"cache: {written}\n")
    assert getattr(settings, "cache", None) is meant


@pytest.mark.parametrize("written", ["yes", "on", "1", "!!bool maybe"])
def test_yaml_1_1_booleans_are_words_in_all_three(tmp_path: Path, written: str) -> None:
    playbook = parse_yaml(
        f"playbook: p\ntemplates:\n  t: {{channel: sms, text: hi, limited_content: {written}}}\n"
    )
    assert [d.message for d in playbook.diagnostics] == ["'limited_content' is true or false"]

    path = _ruleset(tmp_path, f"    disabled: {written}\n")
    with pytest.raises(
        RulesetError, match="'disabled' of rule 'visit-staff' must be true or false"
    ):
        load_ruleset(str(path))

    config = _config(tmp_path, f"cache: {written}\n")
    assert isinstance(config, ConfigError)
    assert "cache: must be true or false" in str(config)


# --------------------------------------------------------------------------- null


@pytest.mark.parametrize("written", ["", "~", "null", "Null", "NULL"])
def test_null_is_an_unquoted_null_word_in_all_three(tmp_path: Path, written: str) -> None:
    # A playbook: an empty section.
    result = parse_yaml(f"playbook: p\ntemplates: {written}\nhandlers: {written}\n")
    assert result.diagnostics == ()
    # A ruleset: an optional parameter set to nothing, and no parents.
    path = _ruleset(tmp_path, f"    check: PB302\n    min_day: {written}\n")
    path.write_text(path.read_text().replace("extends: [baseline]", f"extends: {written}"))
    rule = load_ruleset(str(path)).rule("visit-staff")
    assert rule is not None
    assert rule.params.min_day is None
    # A config: a key with nothing is not a list of strings, nor the text "null".
    config = _config(tmp_path, f"select: {written}\n")
    assert isinstance(config, ConfigError)
    assert "must be a list of strings, not null" in str(config)


@pytest.mark.parametrize("written", ['"null"', "'~'", '""', "!!null nothing"])
def test_quoted_or_tagged_it_is_text_in_all_three(tmp_path: Path, written: str) -> None:
    result = parse_yaml(f"playbook: p\ntemplates: {written}\n")
    assert [d.message for d in result.diagnostics] == [
        f"'templates' must be a mapping, found {_found(written)}"
    ]
    path = _ruleset(tmp_path, f"    check: PB302\n    min_day: {written}\n")
    with pytest.raises(RulesetError, match="for parameter 'min_day'"):
        load_ruleset(str(path))
    settings = _config(tmp_path, f"select: {written}\n")
    text = written.split()[-1].strip("\"'")
    assert getattr(settings, "select", None) == ((text,) if text else ())


def _found(written: str) -> str:
    text = written.split()[-1].strip("\"'")
    return f"'{text}'" if text else "nothing"


# --------------------------------------------------------------------------- words


def test_an_unknown_word_lists_the_choices_in_all_three(tmp_path: Path) -> None:
    result = parse_yaml(
        "playbook: p\ntimezone: UTC\nstages:\n  s:\n    days: 1..3\n"
        "    actions:\n      - {channel: smss, schedule: daily}\n"
    )
    (message,) = [d.message for d in result.diagnostics]
    assert message.startswith("unknown channel 'smss'; did you mean 'sms'? (expected one of ")
    assert message.endswith(
        "(expected one of sms, call, email, letter, push, im, visit, lawsuit, credit_report, "
        "agency, post)"
    )

    path = _ruleset(tmp_path, "    check: PB305\n    severity: eror\n")
    with pytest.raises(RulesetError) as raised:
        load_ruleset(str(path))
    assert raised.value.message == (
        "invalid severity 'eror' for rule 'visit-staff'; did you mean 'error'?"
        " (one of error, warning, info)"
    )
    assert (raised.value.line, raised.value.column) == (6, 15)

    path = _ruleset(
        tmp_path, "    check: PB101\n    max: 3\n    window: 7 days\n    count: atempts\n"
    )
    with pytest.raises(
        RulesetError,
        match=r":8:12: invalid ruleset: unknown value 'atempts' for parameter 'count' of rule "
        r"'visit-staff' \(check PB101\); did you mean 'attempts'\? \(one of attempts, connected\)",
    ):
        load_ruleset(str(path))

    config = _config(tmp_path, "fail-level: eror\n")
    assert str(config).endswith("fail-level: is 'eror'; use one of error, warning, info")


# --------------------------------------------------------------------------- hostile YAML


def test_tags_are_never_constructed_anywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tag = "!!python/object/apply:os.system ['touch pwned']"
    monkeypatch.chdir(tmp_path)
    result = parse_yaml(f"playbook: p\ntemplates: {tag}\n")
    assert [d.message for d in result.diagnostics] == [
        "'templates' must be a mapping, found a list"
    ]
    with pytest.raises(RulesetError):
        load_ruleset(str(_ruleset(tmp_path, f"    disabled: {tag}\n")))
    assert isinstance(_config(tmp_path, f"cache: {tag}\n"), ConfigError)
    assert not (tmp_path / "pwned").exists()


def test_aliases_carry_their_values_alike(tmp_path: Path) -> None:
    playbook = parse_yaml(
        "playbook: p\ntimezone: UTC\ntemplates:\n"
        "  a: {channel: sms, text: hi, limited_content: &flag true}\n"
        "  b: {channel: sms, text: ho, limited_content: *flag}\n"
    )
    assert playbook.playbook is not None
    assert [t.limited_content for t in playbook.playbook.templates] == [True, True]
    path = _ruleset(tmp_path, "    check: PB305\n    min_agents: &n 4\n    why: *n\n")
    rule = load_ruleset(str(path)).rule("visit-staff")
    assert rule is not None
    assert (rule.params.min_agents, rule.why) == (4, "4")
    settings = _config(tmp_path, "cache: &off false\nselect: [PB1]\n")
    assert getattr(settings, "cache", None) is False


def test_a_key_that_is_not_text_is_an_error_at_its_place_in_all_three(tmp_path: Path) -> None:
    result = parse_yaml("playbook: p\n[a, b]: 1\n")
    assert [(d.code, d.span.line, d.span.column) for d in result.diagnostics] == [("PB002", 2, 1)]
    assert result.diagnostics[0].message == "a key in the playbook must be a word"

    path = tmp_path / "house.yaml"
    path.write_text("id: house\nrules:\n  ? [a, b]\n  : {check: PB305}\n")
    with pytest.raises(RulesetError) as raised:
        load_ruleset(str(path))
    assert (raised.value.line, raised.value.column) == (3, 5)
    assert raised.value.message == "'rules' has a key that is not text"

    config = _config(tmp_path, "select: [PB1]\n{a: 1}: x\n")
    assert isinstance(config, ConfigError)
    assert (config.line, config.column) == (2, 1)
    assert "a key must be text" in str(config)
