"""``playbook-lint diff OLD NEW``: what a policy change does, and whether to let it through.

Per playbook: the findings added, fixed and changed (``matching``: a line move is not a
change, nor is an edit of an action that leaves its finding standing), and what changed
in its worst case — contacts per
day, 7 days and 30 days per channel and target; the earliest day of each channel, notice
and legal step; the hours a contact can land per borrower zone; handlers, notices,
channels and template texts — each classed ``loosens`` (more or earlier contact, wider
hours, a handler or notice removed), ``tightens`` or ``neutral``, and placed on the NEW
line of the action an edit touched. A playbook on one side only is added or removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..analysis.events import analyse_events
from ..analysis.timeline import DAY_MINUTES, Count, Timeline, analyse_timeline
from ..diagnostics import Finding
from ..editing.format import channel_set, targets_text
from ..model import Channel, Handler, Playbook, Target
from ..run.engine import BLOCKING_CODES, LintResult, lint_bytes
from ..run.guard import Limits, guarded
from .matching import edited_lines, match_findings
from .revisions import Side

LOOSENS, TIGHTENS, NEUTRAL = "loosens", "tightens", "neutral"
_WINDOWS = (("day", 1), ("7 days", 7), ("30 days", 30))


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new playbook."""

    aspect: str  # intensity, first day, hours, handler, notice, channel, template, playbook
    subject: str
    old: str
    new: str
    effect: str  # loosens, tightens, neutral
    line: int  # where in NEW it is (the playbook statement when it is gone from NEW)

    def describe(self) -> str:
        return f"{self.aspect}: {self.subject}: {self.old} → {self.new}"


@dataclass(frozen=True)
class PlaybookDiff:
    name: str
    old: str | None  # how the old file is named (None: added)
    new: str | None  # how the new file is named (None: removed)
    new_findings: tuple[Finding, ...]
    fixed_findings: tuple[Finding, ...]
    unchanged_findings: int
    changes: tuple[Change, ...]
    # The same finding on both sides with other numbers: (old, new).
    changed_findings: tuple[tuple[Finding, Finding], ...] = ()

    @property
    def status(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        moved = self.new_findings or self.fixed_findings or self.changed_findings
        return "changed" if self.changes or moved else "same"


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class Facts:
    """What a diff compares of one playbook's worst case."""

    counts: dict[str, tuple[Count, ...]]  # "call to borrower" -> per day, 7 days, 30 days
    first_days: dict[str, int | None]  # channel or step -> earliest day (None: never)
    notices: dict[str, int | None]  # notice kind -> earliest day sent (None: never)
    hours: dict[str, tuple[int, int]]  # zone -> earliest, latest local minute in the week
    handlers: dict[str, int]  # handler as words -> line
    templates: dict[str, tuple[str, int]]  # name -> text, line
    lines: dict[str, int]  # subject -> line of the first action about it
    playbook_line: int
    # subject -> the line of every action about it (a change lands on an edited one)
    action_lines: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # "call to borrower in stage early: max per day" -> the lowest such cap there
    caps: dict[str, int] = field(default_factory=dict)


def _handler_words(handler: Handler) -> str:
    covered = handler.channels.covers()
    if handler.channels.channels is None and not handler.channels.excepted:
        what = "all"
    elif handler.channels.channels is None:
        what = "all except " + ", ".join(sorted(str(c) for c in handler.channels.excepted))
    else:
        what = ", ".join(sorted(str(c) for c in covered))
    words = f"on {handler.event.text}: {handler.verb} {what}"
    if handler.until is not None:
        words += f" until {handler.until.text}"
    if handler.for_days is not None:
        words += f" for {handler.for_days} days"
    return words


def _subject(channel: Channel, target: Target) -> str:
    return f"{channel} to {target}" if channel.is_contact else str(channel)


def facts_of(playbook: Playbook, year: int | None = None) -> Facts:
    events = analyse_events(playbook, year)
    timeline: Timeline = analyse_timeline(playbook, events=events)
    counts: dict[str, tuple[Count, ...]] = {}
    first_days: dict[str, int | None] = {}
    lines: dict[str, int] = {}
    caps: dict[str, int] = {}
    action_lines: dict[str, list[int]] = {}

    def about(subject: str, line: int) -> None:
        lines.setdefault(subject, line)
        action_lines.setdefault(subject, []).append(line)

    for stage, action in playbook.actions():
        subject = _subject(action.channel, action.target)
        about(subject, action.span.line)
        if action.channel.is_contact and action.channel.takes_timing:
            about("hours", action.span.line)
        for limit in action.limits:
            kind = " connected" if limit.connected else ""
            key = f"{subject} in stage {stage.name.text}: max{kind} per {limit.per}"
            caps[key] = min(caps.get(key, limit.count), limit.count)
            about(key, action.span.line)
        earliest = events.earliest_day(stage, action)
        if subject not in first_days or _earlier(earliest, first_days[subject]):
            first_days[subject] = earliest
    # Playbook-wide limits (language.md v3 item 1) are caps too: raised or removed loosens.
    for account in playbook.limits:
        scope = channel_set(account.channels)
        if account.targets is not None:
            scope += f" to {targets_text(account.targets)}"
        for limit in account.limits:
            kind = " connected" if limit.connected else ""
            key = f"limit {scope}: max{kind} per {limit.per}"
            caps[key] = min(caps.get(key, limit.count), limit.count)
            about(key, account.span.line)
    for plan in timeline.live():
        subject = _subject(plan.channel, plan.target)
        if plan.channel.is_contact and subject not in counts:
            counts[subject] = tuple(
                _count(timeline, plan.channel, plan.target, days) for _, days in _WINDOWS
            )
    notices = {}
    for template in playbook.templates:
        if template.notice is not None:
            days = events.notice_days(template.notice.value)
            notices[str(template.notice)] = days[0] if days else None
            lines.setdefault(f"{template.notice} notice", template.span.line)
    hours: dict[str, tuple[int, int]] = {}
    timed = [p for p in timeline.live() if p.channel.is_contact and p.channel.takes_timing]
    for zone in timeline.zones:
        reach = [r for p in timed for r in timeline.local_reach(p, zone)]
        if reach:
            name = zone or "playbook clock"
            hours[name] = (min(r.earliest for r in reach), max(r.latest for r in reach))
    return Facts(
        counts=counts,
        first_days=first_days,
        notices=notices,
        hours=hours,
        handlers={_handler_words(h): h.span.line for h in playbook.handlers},
        templates={t.name.text: (t.text.value, t.span.line) for t in playbook.templates},
        lines=lines,
        caps=caps,
        playbook_line=playbook.span.line,
        action_lines={k: tuple(v) for k, v in action_lines.items()},
    )


def _count(timeline: Timeline, channel: Channel, target: Target, days: int) -> Count:
    found = timeline.busiest([channel], target, days * DAY_MINUTES)
    return 0 if found is None else found.count


def _earlier(a: int | None, b: int | None) -> bool:
    """Is day ``a`` earlier than ``b``, where None is never?"""
    return a is not None and (b is None or a < b)


def _more(a: Count, b: Count) -> bool:
    """Is count ``a`` more than ``b``, where None is unbounded?"""
    if a is None:
        return b is not None
    return b is not None and a > b


def _show_count(count: Count) -> str:
    return "unbounded" if count is None else str(count)


def _show_day(day: int | None) -> str:
    return "never" if day is None else f"day {day}"


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# --------------------------------------------------------------------------- comparing


def compare_facts(old: Facts, new: Facts, edited: frozenset[int] = frozenset()) -> list[Change]:
    """Every change from ``old`` to ``new``, classed. ``edited``: the NEW lines of the
    actions an edit touched; a change about a subject is placed on the first of them
    about it (else on the subject's first action)."""
    changes: list[Change] = []

    def where(subject: str) -> int:
        touched = [line for line in new.action_lines.get(subject, ()) if line in edited]
        return touched[0] if touched else new.lines.get(subject, new.playbook_line)

    for subject in dict.fromkeys([*old.counts, *new.counts]):
        if subject not in new.counts:
            changes.append(Change("channel", subject, "used", "removed", TIGHTENS, where(subject)))
            continue
        if subject not in old.counts:
            changes.append(Change("channel", subject, "not used", "added", LOOSENS, where(subject)))
            continue
        for (window, _), a, b in zip(
            _WINDOWS, old.counts[subject], new.counts[subject], strict=True
        ):
            if a != b:
                effect = LOOSENS if _more(b, a) else TIGHTENS
                changes.append(
                    Change(
                        "intensity",
                        f"{subject} per {window}",
                        _show_count(a),
                        _show_count(b),
                        effect,
                        where(subject),
                    )
                )
    for subject in dict.fromkeys([*old.first_days, *new.first_days]):
        a, b = old.first_days.get(subject), new.first_days.get(subject)
        counted = subject in old.counts or subject in new.counts
        if subject not in new.first_days and not counted:
            changes.append(
                Change("step", subject, _show_day(a), "removed", TIGHTENS, new.playbook_line)
            )
        elif subject not in old.first_days and not counted:
            changes.append(Change("step", subject, "none", _show_day(b), LOOSENS, where(subject)))
        elif a != b and subject in old.first_days and subject in new.first_days:
            effect = LOOSENS if _earlier(b, a) else TIGHTENS
            changes.append(
                Change("first day", subject, _show_day(a), _show_day(b), effect, where(subject))
            )
    for kind in dict.fromkeys([*old.notices, *new.notices]):
        subject = f"{kind} notice"
        if kind not in new.notices:
            changes.append(
                Change(
                    "notice",
                    subject,
                    _show_day(old.notices[kind]),
                    "removed",
                    LOOSENS,
                    new.playbook_line,
                )
            )
        elif kind not in old.notices:
            changes.append(
                Change(
                    "notice",
                    subject,
                    "none",
                    _show_day(new.notices[kind]),
                    TIGHTENS,
                    where(subject),
                )
            )
        elif old.notices[kind] != new.notices[kind]:
            later = _earlier(old.notices[kind], new.notices[kind])
            changes.append(
                Change(
                    "notice",
                    subject,
                    _show_day(old.notices[kind]),
                    _show_day(new.notices[kind]),
                    LOOSENS if later else TIGHTENS,
                    where(subject),
                )
            )
    for zone in dict.fromkeys([*old.hours, *new.hours]):
        a_span, b_span = old.hours.get(zone), new.hours.get(zone)
        if a_span == b_span or a_span is None or b_span is None:
            continue
        wider = b_span[0] < a_span[0] or b_span[1] > a_span[1]
        changes.append(
            Change(
                "hours",
                zone,
                f"{_clock(a_span[0])}-{_clock(a_span[1])}",
                f"{_clock(b_span[0])}-{_clock(b_span[1])}",
                LOOSENS if wider else TIGHTENS,
                where("hours"),
            )
        )
    for key in dict.fromkeys([*old.caps, *new.caps]):
        a_cap, b_cap = old.caps.get(key), new.caps.get(key)
        if a_cap == b_cap:
            continue
        raised = b_cap is None or (a_cap is not None and b_cap > a_cap)  # or removed
        effect = LOOSENS if raised else TIGHTENS
        shown = ("none" if a_cap is None else str(a_cap), "none" if b_cap is None else str(b_cap))
        changes.append(Change("cap", key, *shown, effect, where(key)))
    for words in old.handlers:
        if words not in new.handlers:
            changes.append(
                Change("handler", words, "present", "removed", LOOSENS, new.playbook_line)
            )
    for words, line in new.handlers.items():
        if words not in old.handlers:
            changes.append(Change("handler", words, "absent", "added", TIGHTENS, line))
    for name in dict.fromkeys([*old.templates, *new.templates]):
        if name not in new.templates:
            changes.append(
                Change("template", name, "present", "removed", NEUTRAL, new.playbook_line)
            )
        elif name not in old.templates:
            changes.append(
                Change("template", name, "absent", "added", NEUTRAL, new.templates[name][1])
            )
        elif old.templates[name][0] != new.templates[name][0]:
            changes.append(
                Change("template", name, "text", "text changed", NEUTRAL, new.templates[name][1])
            )
    return changes


# --------------------------------------------------------------------------- sides


def _lint(label: str, data: bytes, rulesets: Sequence[str], year: int | None) -> LintResult:
    return lint_bytes(data, label, rulesets, suppressions=True, year=year)


def _judgeable(result: LintResult) -> Playbook | None:
    if result.playbook is None or any(f.code in BLOCKING_CODES for f in result.findings):
        return None
    return result.playbook


def diff_pair(
    name: str,
    old: tuple[str, bytes] | None,
    new: tuple[str, bytes] | None,
    rulesets: Sequence[str],
    year: int | None = None,
    limits: Limits | None = None,
) -> PlaybookDiff:
    """One playbook's diff; ``old``/``new`` are (label, bytes), None when absent. Under
    ``limits`` (the per-file bound, both sides together), a pair past it or failing is
    one PB000 new finding, as ``check`` reports it, and the other pairs are still done."""
    if limits is None:
        return _diff_pair(name, old, new, rulesets, year)
    label = new[0] if new else old[0] if old else name
    done = guarded(label, limits, lambda: _diff_pair(name, old, new, rulesets, year))
    if isinstance(done, Finding):
        return PlaybookDiff(
            name, old[0] if old else None, new[0] if new else None, (done,), (), 0, ()
        )
    return done


def _diff_pair(
    name: str,
    old: tuple[str, bytes] | None,
    new: tuple[str, bytes] | None,
    rulesets: Sequence[str],
    year: int | None,
) -> PlaybookDiff:
    before = _lint(*old, rulesets, year) if old else None
    after = _lint(*new, rulesets, year) if new else None
    matched = match_findings(
        before.findings if before else (),
        after.findings if after else (),
        before.playbook if before else None,
        after.playbook if after else None,
    )
    changes: list[Change] = []
    if before is None and after is not None:
        line = after.playbook.span.line if after.playbook else 1
        changes.append(Change("playbook", name, "absent", "added", LOOSENS, line))
    elif after is None:
        changes.append(Change("playbook", name, "present", "removed", TIGHTENS, 1))
    else:
        assert before is not None
        old_playbook, new_playbook = _judgeable(before), _judgeable(after)
        if old_playbook is not None and new_playbook is not None:
            edited = edited_lines(old_playbook, new_playbook)
            old_facts, new_facts = facts_of(old_playbook, year), facts_of(new_playbook, year)
            changes = compare_facts(old_facts, new_facts, edited)
    return PlaybookDiff(
        name,
        old[0] if old else None,
        new[0] if new else None,
        matched.new,
        matched.fixed,
        matched.unchanged,
        tuple(changes),
        matched.changed,
    )


def diff_sides(
    old: Side,
    new: Side,
    rulesets: Sequence[str],
    year: int | None = None,
    *,
    limits: Limits | None = None,
) -> list[PlaybookDiff]:
    """Two files, or two directories paired by relative path; ``year`` is the analysed
    calendar year (None: the current one). A side that is not there (``Side.present``)
    takes the other's shape: every playbook of the other side is added or removed."""
    if not old.present and not new.present:
        raise ValueError(f"neither side exists: {old.label}, {new.label}")
    if old.present and new.present and old.is_dir != new.is_dir:
        raise ValueError(f"cannot compare a folder with a file: {old.label}, {new.label}")
    if not (old.is_dir or new.is_dir):
        name = new.label if new.present else old.label
        return [
            diff_pair(
                name,
                (old.label, old.files[""]) if old.present else None,
                (new.label, new.files[""]) if new.present else None,
                rulesets,
                year,
                limits,
            )
        ]
    names = sorted(set(old.files) | set(new.files))
    return [
        diff_pair(
            name,
            (old.display(name), old.files[name]) if name in old.files else None,
            (new.display(name), new.files[name]) if name in new.files else None,
            rulesets,
            year,
            limits,
        )
        for name in names
    ]


def gate(diffs: Sequence[PlaybookDiff], fail_on: str) -> bool:
    """Does ``--fail-on`` fail this diff?"""
    if fail_on == "none":
        return False
    if any(d.new_findings for d in diffs):
        return True
    return fail_on == "loosens" and any(c.effect == LOOSENS for d in diffs for c in d.changes)
