"""When a message says a threatened step will come (checks.md v3 item 4): "within 10 days",
"tomorrow", "3天内", "dalam 3 hari", "sa loob ng 3 araw", "24 घंटे में".

PB505 compares that time with the plan: a threat sent on day 31 that says "within 10 days"
when the playbook's first lawsuit is on day 120 is a bluff, though the lawsuit is planned.
Only the sentence that holds the threat is read, so a deadline of another sentence ("Your
statement is due in 5 days.") is never borrowed; a date the words do not fix (a placeholder
such as {due_date}, "soon") fixes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# Where a sentence ends, in the five languages read.
_SENTENCE_END = re.compile(r"[.!?。！？；;\n]|\u0964")

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "twenty-one": 21,
    "thirty": 30,
    "forty-five": 45,
    "sixty": 60,
    "ninety": 90,
    # Indonesian and Filipino numbers as written in collection messages
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "tujuh": 7,
    "isa": 1,
    "dalawa": 2,
    "tatlo": 3,
    "pito": 7,
}
_CHINESE_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

_NUMBER = r"(\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
# "ten (10) days": the figure in brackets repeats the word.
_ECHO = r"(?:\s*\(\d{1,3}\))?"

_Patterns = tuple[
    tuple[re.Pattern[str], ...], re.Pattern[str], tuple[tuple[re.Pattern[str], int], ...]
]


@cache
def _patterns() -> _Patterns:
    """The deadline patterns, compiled on the first threat whose date is asked for (3.5 ms
    of a start that most checks never need)."""
    # Each pattern's groups: (number, unit); the unit decides the days.
    spans = (
        # en: within / in / in the next N days, hours, weeks, business days
        re.compile(
            r"\b(?:within|in|in the next|over the next|no later than)\s+(?:the\s+next\s+)?"
            + _NUMBER
            + _ECHO
            + r"\s*(business days?|working days?|days?|hours?|hrs?|weeks?|months?)\b",
            re.IGNORECASE,
        ),
        # en: N days from today / of this letter
        re.compile(
            _NUMBER
            + _ECHO
            + r"\s*(business days?|working days?|days?|hours?|hrs?)\s+(?:from|of|after)\s+"
            r"(?:today|now|the date of this|this (?:letter|notice|message)|receipt)",
            re.IGNORECASE,
        ),
        # id: dalam (waktu) N hari / jam / minggu; N x 24 jam
        re.compile(
            r"\bdalam(?:\s+waktu)?\s+" + _NUMBER + r"\s*(hari kerja|hari|jam|minggu|bulan)\b", re.I
        ),
        re.compile(r"\b" + _NUMBER + r"\s*[x×]\s*(24)\s*jam\b", re.I),
        # fil: sa loob ng N araw / oras / linggo
        re.compile(r"\bsa loob ng\s+" + _NUMBER + r"\s*(araw|oras|linggo|buwan)\b", re.I),
        # hi: N दिन में / दिनों के भीतर / घंटे में
        re.compile(r"(\d{1,3})\s*(दिनों|दिन|घंटों|घंटे)\s*(?:में|के\s*भीतर|के\s*अंदर|के\s*अन्दर)"),
        re.compile(
            r"\b(\d{1,3})\s*(din|dino|ghante|ghanton)\s+(?:mein|me|ke andar|ke bheetar)\b", re.I
        ),
    )
    # zh: N天内, 三日內, 24小时内, 7个工作日内 (only with 内/內: "逾期30天" is an age, not
    # a deadline)
    chinese_span = re.compile(
        r"(\d{1,3}|[一二两兩三四五六七八九十]{1,3})\s*"
        r"(个工作日|個工作日|工作日|天|日|小时|小時|个小时|個小時|周|週|个月|個月)\s*之?[内內]"
    )
    # Words that fix the day themselves. Urgency without a day ("immediately", 立即, "sekarang
    # juga") presses for payment; it does not date the step, so it is not read.
    day_words = (
        (
            re.compile(r"\b(?:today|tonight|this evening|end of (?:the )?day)\b", re.I),
            0,
        ),
        (re.compile(r"\b(?:tomorrow|within 24 hours)\b", re.I), 1),
        (re.compile(r"\b(?:hari ini|ngayong araw|aaj)\b", re.I), 0),
        (re.compile(r"\b(?:besok|bukas|kal)\b", re.I), 1),
        (re.compile(r"今天|今日|今晚|आज"), 0),
        (re.compile(r"明天|明日|कल"), 1),
    )
    return spans, chinese_span, day_words


@dataclass(frozen=True)
class Deadline:
    """The latest day, counted from the day the message is sent, that the words let the
    threatened step come; and where the words are."""

    days: int
    start: int
    end: int


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.lower() in _NUMBER_WORDS:
        return _NUMBER_WORDS[text.lower()]
    return _chinese_number(text)


def _chinese_number(text: str) -> int:
    """一 … 九十九 (十 alone is ten; 二十 twenty; 十五 fifteen)."""
    if "十" not in text:
        return _CHINESE_DIGITS.get(text, 0)
    tens, _, ones = text.partition("十")
    return _CHINESE_DIGITS.get(tens, 1) * 10 + _CHINESE_DIGITS.get(ones, 0)


def _days(count: int, unit: str) -> int:
    """Calendar days at most: hours round up to days; N business days span N plus the
    weekends between (two for each five)."""
    unit = unit.lower()
    if unit in ("24",):  # "3 x 24 jam"
        return count
    if any(w in unit for w in ("hour", "hr", "jam", "oras", "घंट", "ghant", "小时", "小時")):
        return -(-count // 24)
    if any(w in unit for w in ("business", "working", "kerja", "工作日")):
        return count + 2 * -(-count // 5)
    if any(w in unit for w in ("week", "minggu", "linggo", "周", "週")):
        return 7 * count
    if any(w in unit for w in ("month", "bulan", "buwan", "月")):
        return 31 * count
    return count


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence holding ``text[start:end]``."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def deadline(text: str, start: int, end: int) -> Deadline | None:
    """The tightest deadline in the sentence of ``text[start:end]`` (a threat's match), or
    None when that sentence fixes no time."""
    low, high = _sentence(text, start, end)
    sentence = text[low:high]
    spans, chinese_span, day_words = _patterns()
    found: list[Deadline] = []
    for pattern in spans:
        for m in pattern.finditer(sentence):
            days = _days(_number(m.group(1)), m.group(2))
            found.append(Deadline(days, low + m.start(), low + m.end()))
    for m in chinese_span.finditer(sentence):
        days = _days(_number(m.group(1)), m.group(2))
        found.append(Deadline(days, low + m.start(), low + m.end()))
    for pattern, days in day_words:
        for m in pattern.finditer(sentence):
            found.append(Deadline(days, low + m.start(), low + m.end()))
    return min(found, key=lambda d: (d.days, d.start)) if found else None
