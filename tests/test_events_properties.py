"""Properties of the event analysis on random playbooks: what it claims is never impossible."""

from __future__ import annotations

from events_support import act, after, book, notice, on, stage
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook_lint.analysis.events import analyse_events
from playbook_lint.model import Action, Channel, Condition, NoticeKind, Playbook

KINDS = (NoticeKind.DEFAULT, NoticeKind.ARREARS, NoticeKind.FINAL_DEMAND)
TEMPLATES = tuple(notice(kind.value, kind) for kind in KINDS)
EVENTS = (
    *(k.value for k in KINDS),
    "unreachable",
    "lawsuit_filed",
    "summons_served",
    "judgment_entered",
)

conditions = st.lists(
    st.builds(after, st.sampled_from(EVENTS), st.integers(0, 20)), max_size=2
).map(tuple)


@st.composite
def actions(draw: st.DrawFn) -> Action:
    channel = draw(st.sampled_from((Channel.LETTER, Channel.SMS, Channel.LAWSUIT, Channel.VISIT)))
    days = draw(st.lists(st.integers(1, 60), min_size=1, max_size=4, unique=True))
    using = (
        draw(st.sampled_from([None, *(k.value for k in KINDS)]))
        if channel is Channel.LETTER
        else None
    )
    found: tuple[Condition, ...] = draw(conditions)
    return act(channel, on(*days), *found, using=using)


playbooks = st.lists(actions(), min_size=1, max_size=6).map(
    lambda found: book(stage("s", 1, 60, *found), templates=TEMPLATES)
)


@settings(max_examples=150, deadline=None)
@given(playbooks)
def test_claims_are_possible(playbook: Playbook) -> None:
    analysis = analyse_events(playbook)
    for facts in analysis.actions():
        if facts.earliest is None:
            assert facts.guaranteed is None
            continue
        assert facts.earliest in facts.days
        if facts.guaranteed is not None:
            assert facts.earliest <= facts.guaranteed
        for condition in facts.action.conditions:
            start = analysis.event_earliest_day(condition.event.text)
            assert start is not None
            assert facts.earliest >= start + condition.delay_days
        for mark, lead in facts.leads.items():
            if isinstance(mark, str):
                start = analysis.event_earliest_day(mark)
                assert start is not None
                # Certain `lead.days` before the earliest firing: it must be able to happen then.
                assert facts.earliest - lead.days >= start


@settings(max_examples=100, deadline=None)
@given(playbooks)
def test_a_step_that_always_runs_first_is_certain(playbook: Playbook) -> None:
    analysis = analyse_events(playbook)
    sure = [f for f in analysis.actions() if f.guaranteed is not None]
    for facts in analysis.actions():
        if facts.earliest is None:
            continue
        for other in sure:
            assert other.guaranteed is not None
            if other is not facts and other.guaranteed < facts.earliest:
                for event in ("lawsuit_filed",) if other.action.channel is Channel.LAWSUIT else ():
                    lead = facts.leads.get(event)
                    assert lead is not None
                    assert lead.days >= facts.earliest - other.guaranteed
