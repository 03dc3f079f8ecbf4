"""Issue 9, item 5: messages that fix the problem (suggestions, YAML indentation, forms)."""

from __future__ import annotations

from support import lint_source


def _first(text: str, code: str, name: str = "t.playbook") -> tuple[int, str, str | None]:
    [finding] = [f for f in lint_source(text, name) if f.code == code][:1]
    return finding.line, finding.message, finding.help


def test_a_swapped_keyword_is_suggested_and_its_stage_makes_no_cascade() -> None:
    text = (
        'playbook "p"\ntimezone America/New_York\n'
        "stgae s days 1..30 {\n  sms on day 1 at 10:00\n}\n"
    )
    found = [(f.line, f.code, f.message) for f in lint_source(text)]
    # The stage's action and closing brace are read as the stage's, not as stray lines.
    assert [(line, code) for line, code, _ in found if code == "PB001"] == [(3, "PB001")]
    assert found[0][2] == "unknown word 'stgae'; did you mean 'stage'?"


def test_a_zone_abbreviation_suggests_the_zones_people_mean() -> None:
    _, message, help_text = _first('playbook "p"\ntimezone CST\n', "PB003")
    assert message == "unknown time zone 'CST'"
    assert help_text is not None
    assert "'America/Chicago'" in help_text
    assert "UCT" not in help_text


def test_a_country_as_jurisdiction_lists_its_rulesets() -> None:
    text = 'playbook "p"\njurisdiction US\ntimezone America/New_York\n'
    _, message, help_text = _first(text, "PB003")
    assert message == "unknown ruleset 'US'"
    assert help_text == "did you mean 'us-ma' or 'us-regf'?"


def test_a_yaml_indentation_error_points_at_the_misindented_line() -> None:
    text = (
        "playbook: p\ntimezone: America/New_York\nstages:\n  early:\n    days: 1..30\n"
        "    actions:\n      - sms on day 1 at 10:00\n     - sms on day 2 at 10:00\n"
    )
    line, message, _ = _first(text, "PB001", "t.playbook.yaml")
    assert line == 8
    assert message.startswith("YAML indentation: this line is indented 5 spaces")


def test_yaml_read_as_the_dsl_says_it_looks_like_yaml() -> None:
    text = "# piped\nplaybook: p\ntimezone: America/New_York\nstages: {}\n"
    found = [f for f in lint_source(text, "-") if f.code == "PB001"]
    assert len(found) == 1
    assert "looks like a YAML playbook" in found[0].message
    assert "--stdin-filename" in found[0].message
