"""Where a phrase written in a one-line YAML scalar points: a finding's span is worked out
by sums (``ShiftedPositions``), and must be the span the full table of positions gives,
for every range a reader may ask, out-of-range ones included (clamped to the scalar)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from playbook_lint.model import Position, Span
from playbook_lint.syntax.parse import parse_source
from playbook_lint.syntax.positions import ShiftedPositions, TableLocator


@given(
    line=st.integers(1, 10_000),
    column=st.integers(1, 500),
    length=st.integers(0, 40),
    start=st.integers(-3, 45),
    end=st.integers(-3, 45),
)
def test_a_one_line_scalars_spans_are_those_of_its_table(
    line: int, column: int, length: int, start: int, end: int
) -> None:
    shifted = ShiftedPositions(Position(line, column), length)
    table = tuple(shifted)
    assert TableLocator(shifted).span(start, end) == TableLocator(table).span(start, end)


def test_a_phrase_in_a_yaml_playbook_points_at_its_words() -> None:
    text = (
        "playbook: reminders\n"
        "timezone: Europe/London\n"
        "templates:\n"
        "  nudge: {channel: sms, text: Your payment is due. Reply STOP to opt out.}\n"
        "stages:\n"
        "  early:\n"
        "    days: 1..10\n"
        "    actions:\n"
        "      - sms using nudge on day 3 at 10:00\n"
    )
    parsed = parse_source(text, "reminders.playbook.yaml")
    assert parsed.playbook is not None
    (action,) = parsed.playbook.stages[0].actions
    assert action.template is not None
    # "nudge" is the 19th to 23rd characters of line 9.
    assert action.template.span == Span(9, 19, 9, 24)
