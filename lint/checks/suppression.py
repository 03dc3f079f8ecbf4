"""Checks PB010-PB012: suppression hygiene. Always on, no ruleset.

A suppression lives in a comment, and comments are not in the model (both parsers drop
them), so these checks cannot look at a ``Playbook``: their ``run`` yields nothing and
``playbook_lint.run.suppressions`` computes them from the raw text after every other check
has run (it must know which findings each comment silenced to call one unused). The
entries here give the three codes a name, a severity and a page for ``explain``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..rules.catalogue import PB010, PB011, PB012
from ..rules.params import NoParams
from .base import AnyCheck, Applicability, Check, CheckDoc, Context, FixDoc


def _from_comments(_ctx: Context, _params: NoParams) -> Iterator[Diagnostic]:
    """Nothing from the model: see the module docstring."""
    return iter(())


_HEADER = """\
playbook "spring-campaign"
timezone America/New_York

template due_soon sms "Hi {name}, {amount} is due on {due_date}. Reply STOP to opt out."
"""

_FOOTER = """
stage reminder days -3..0 {
  sms using due_soon on day -3, 0 at 10:00
}

on payment_received: stop all
"""

_OFFER = 'template spring_offer sms "Pay {amount} by April and save 5%. Reply STOP to opt out."'

SUPPRESSION_WITHOUT_REASON: Check[NoParams] = Check(
    spec=PB010,
    summary="a `playbook-lint: ignore[…]` with no `-- reason`",
    run=_from_comments,
    doc=CheckDoc(
        what=(
            "Finds a suppression comment that does not say why. It still silences what it "
            "names; it is reported so that the reason gets written down."
        ),
        why=(
            "A suppression waives a rule, often a legal one. An auditor reading the "
            "playbook later must be able to tell a reviewed exception (consent on file, an "
            "approved ticket) from a warning someone wanted gone. The reason is that record."
        ),
        example=_HEADER + _OFFER + "  # playbook-lint: ignore[PB009]\n" + _FOOTER,
        use_instead=(
            _HEADER
            + _OFFER
            + "  # playbook-lint: ignore[PB009] -- kept for the April campaign, CMP-42\n"
            + _FOOTER
        ),
    ),
)

BLANKET_SUPPRESSION: Check[NoParams] = Check(
    spec=PB011,
    summary="a suppression that names no code or rule",
    run=_from_comments,
    doc=CheckDoc(
        what=(
            "Finds a suppression that names nothing to silence (`ignore` with no brackets, "
            "`ignore[]`), or only a selector that covers every code (`PB`, `ALL`, `*`). "
            "Such a suppression silences nothing."
        ),
        why=(
            "A blanket suppression would hide every finding on its line, including ones "
            "added later by a new ruleset or a stricter rule, which nobody reviewed. Naming "
            "the code or rule (`ignore[PB101]`, `ignore[us-regf/call-frequency]`) keeps the "
            "waiver as narrow as the decision behind it."
        ),
        example=_HEADER + _OFFER + "  # playbook-lint: ignore -- kept for April\n" + _FOOTER,
        use_instead=(
            _HEADER + _OFFER + "  # playbook-lint: ignore[PB009] -- kept for April\n" + _FOOTER
        ),
    ),
)

UNUSED_SUPPRESSION: Check[NoParams] = Check(
    spec=PB012,
    summary="a suppression that silences nothing",
    run=_from_comments,
    doc=CheckDoc(
        what=(
            "Finds a code or rule in a suppression comment that silences nothing: nothing "
            "on that line (or, for `ignore-file`, in that file) reports it. Only in a file "
            "that parsed completely and whose every rule ran: after a syntax error the "
            "checks a waiver answers may not have run, so it is not called unused."
        ),
        why=(
            "Stale suppressions outlive the problem they waived. Left in place they would "
            "silently hide the same problem if it came back, and they make the register of "
            "waivers an auditor reads longer than the truth."
        ),
        example=(
            _HEADER.replace('opt out."\n', 'opt out."  # playbook-lint: ignore[PB009] -- CMP-42\n')
            + _FOOTER
        ),
        use_instead=_HEADER + _FOOTER,
        fix=FixDoc(
            Applicability.UNSAFE,
            "removes the selector that silences nothing, or the whole comment when none is used "
            "(unsafe: the comment's written reason goes with it; `--diff` shows it)",
        ),
    ),
)

CHECKS: tuple[AnyCheck, ...] = (
    SUPPRESSION_WITHOUT_REASON,
    BLANKET_SUPPRESSION,
    UNUSED_SUPPRESSION,
)
