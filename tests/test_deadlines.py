"""The date a threat's sentence gives (PB505's timing side, checks.md v3 item 4): read in
the five languages, only from the sentence of the threat, never from an age or a
placeholder."""

from __future__ import annotations

import pytest

from playbook_lint.rules.deadlines import deadline


def _days(text: str, threat: str) -> int | None:
    at = text.index(threat)
    found = deadline(text, at, at + len(threat))
    return None if found is None else found.days


@pytest.mark.parametrize(
    ("text", "threat", "days"),
    [
        ("Pay within 10 days or we will file a lawsuit.", "file a lawsuit", 10),
        ("If you do not pay within ten (10) days, we will sue you.", "sue you", 10),
        ("We will report you to the credit bureaus within 7 business days.", "credit bureaus", 11),
        ("Pay in the next 48 hours or we will take legal action.", "legal action", 2),
        ("Pay today or we will file a lawsuit.", "file a lawsuit", 0),
        ("Our field agent will visit your home tomorrow.", "visit your home", 1),
        ("如不在3天内还款，我们将起诉你。", "起诉", 3),
        ("請於七日內還款，否則將移交催收公司。", "催收公司", 7),
        ("明天我们就上门。", "上门", 1),
        (
            "Jika tidak dibayar dalam 2 x 24 jam, kami akan melakukan langkah hukum.",
            "langkah hukum",
            2,
        ),
        ("Bayar dalam 3 hari atau kami datangi rumah Anda.", "datangi rumah", 3),
        ("Pupuntahan ka namin bukas.", "Pupuntahan ka", 1),
        ("Magbayad sa loob ng 5 araw o sasampahan ka ng kaso.", "kaso", 5),
        ("24 घंटे में भुगतान करें वरना कानूनी कार्रवाई होगी।", "कानूनी कार्रवाई", 1),
    ],
)
def test_the_date_in_the_sentence_of_the_threat(text: str, threat: str, days: int) -> None:
    assert _days(text, threat) == days


@pytest.mark.parametrize(
    ("text", "threat"),
    [
        # another sentence's date is not the threat's
        ("Your statement is due in 5 days. We may take legal action.", "legal action"),
        # an age is not a deadline
        ("您已逾期30天，我们将起诉你。", "起诉"),
        (
            "Your account is 30 days past due and may be sent to a collection agency.",
            "collection agency",
        ),
        # a date the words do not fix
        ("Pay by {due_date} or we will file a lawsuit.", "file a lawsuit"),
        ("We will visit your home soon.", "visit your home"),
    ],
)
def test_no_date_where_the_sentence_fixes_none(text: str, threat: str) -> None:
    assert _days(text, threat) is None


def test_urgency_without_a_day_dates_nothing() -> None:
    # "immediately" presses for payment; it gives the lawsuit no date.
    assert _days("Contact us immediately to avoid legal action.", "legal action") is None
    assert _days("请立即还款，否则我们将起诉你。", "起诉") is None
