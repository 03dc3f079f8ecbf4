"""The text of syntax errors: what Lark expected, in words a compliance officer can act on.

Shared by both forms (the YAML form parses its phrases with the same grammar).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from lark import Lark
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
)

from ..diagnostics import PlaybookSyntaxError
from ..model import AttachmentKind, Channel, Instalments, NoticeKind, Period, SkipKind, Target
from ..suggest import osa_distance
from .positions import Locator
from .yaml_values import unknown_word_message

# --------------------------------------------------------------------------- syntax errors

_TERMINALS = {
    "NAME": "a name",
    "WORD": "a name",
    "CLOCK": "a time like 09:30",
    "INT": "a number",
    "LONG_STRING": 'a text in quotes like "…"',
    "SHORT_STRING": 'a text in quotes like "…"',
    "_COMMA": "','",
    "_DOTDOT": "'..'",
    "_COLON": "':'",
    "_PLUS": "'+'",
    "_LBRACE": "'{'",
    "RBRACE": "'}'",
    "$END": "the end of the line",
}


def _first(words: list[str], shown: int) -> list[str]:
    """The first ``shown`` words, then ``…`` when there are more."""
    return words if shown >= len(words) else [*words[:shown], "…"]


def _either(words: list[str]) -> str:
    """``a, b or c``; a list cut short with ``…`` stays a list."""
    if words[-1] == "…" or len(words) < 2:
        return ", ".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


# What a NAME or WORD means right after a given word; the lists come from the enums.
_NAME_AFTER = {
    "to": f"a target ({', '.join(Target.all_words())})",
    "using": "a template name",
    "per": _either(Period.all_words()),
    "skip": _either(SkipKind.all_words()),
    "after": "an event such as default or summons_served",
    "until": "an event such as dispute_verified",
    "on": "an event such as payment_received",
    "stage": "a stage name",
    "template": "a template name",
    "notice": f"a notice kind ({', '.join(_first(NoticeKind.all_words(), 3))})",
    "attach": f"an attachment kind ({', '.join(_first(AttachmentKind.all_words(), 3))})",
    "instalments": _either(Instalments.all_words()),
    "placeholders": "a placeholder name like amount",
    "timezone": "a time zone like America/New_York",
    "in": "a time zone like America/New_York",
    "jurisdiction": "a ruleset id like us-regf",
    "holidays": "a country code like US",
    "stop": f"a list of channels ({', '.join(_first(Channel.all_words(), 2))})",
    "pause": f"a list of channels ({', '.join(_first(Channel.all_words(), 2))})",
    "except": f"a channel ({', '.join(_first(Channel.all_words(), 3))})",
    "{": f"a channel ({', '.join(_first(Channel.all_words(), 4))})",
}
# The keyword terminals (grammar/playbook.lark) that open an action's clauses and a
# file's statements; a test holds them to the grammar.
CLAUSE_KEYWORDS = (
    "TO",
    "USING",
    "ON",
    "ONCE",
    "DAILY",
    "WEEKLY",
    "EVERY",
    "FROM",
    "UNTIL",
    "AT",
    "BETWEEN",
    "SKIP",
    "BY",
    "MAX",
    "AFTER",
)
STATEMENT_KEYWORDS = (
    "PLAYBOOK",
    "VERSION",
    "JURISDICTION",
    "TIMEZONE",
    "BORROWERS",
    "HORIZON",
    "INSTALMENTS",
    "HOLIDAYS",
    "PLACEHOLDERS",
    "TEMPLATE",
    "STAGE",
    "ON",
)
# How a keyword is written where it needs the word after it.
_WRITTEN = {"ON": "on day", "FROM": "from day", "UNTIL": "until day"}
_STATEMENT_WRITTEN = {"BORROWERS": "borrowers in"}
_ANOTHER_CLAUSE = (
    "another clause (" + ", ".join(_WRITTEN.get(k, k.lower()) for k in CLAUSE_KEYWORDS) + ")"
)
_A_STATEMENT = (
    "a statement ("
    + ", ".join(_STATEMENT_WRITTEN.get(k, k.lower()) for k in STATEMENT_KEYWORDS if k != "ON")
    + ", or a handler 'on EVENT: …')"
)


def _keyword(terminal: str) -> str | None:
    """The word a keyword terminal stands for (``DAILY`` -> ``daily``), else None."""
    if terminal in _TERMINALS or not terminal.isupper() or terminal.startswith("_"):
        return None
    return terminal.lower()


def _describe(expected: Iterable[str], previous: str) -> str:
    """``a time like 09:30``, ``'daily', 'weekly' or a number``: what would have fitted."""
    names = set(expected)
    clause_words = {k for k in CLAUSE_KEYWORDS if k in names}
    parts: list[str] = []
    if len(clause_words) >= 8:
        names -= set(CLAUSE_KEYWORDS)
        parts.append(_ANOTHER_CLAUSE)
    if len({k for k in STATEMENT_KEYWORDS if k in names}) >= 6:
        names -= set(STATEMENT_KEYWORDS)
        parts.append(_A_STATEMENT)
    for terminal in sorted(names, key=lambda t: (t == "$END", t)):
        keyword = _keyword(terminal)
        if keyword is not None:
            parts.append(f"'{keyword}'")
        elif terminal in ("NAME", "WORD") and previous in _NAME_AFTER:
            parts.append(_NAME_AFTER[previous])
        elif terminal in _TERMINALS:
            parts.append(_TERMINALS[terminal])
    unique = list(dict.fromkeys(parts))
    if not unique:
        return "something else"
    if len(unique) == 1:
        return unique[0]
    return ", ".join(unique[:-1]) + " or " + unique[-1]


def _previous_word(text: str, offset: int) -> str:
    """The word (or punctuation) just before ``offset``, for "after 'between'"."""
    head = text[:offset].rstrip()
    match = re.search(r"(\d+:\d+|\w[\w.\-/+]*|[^\w\s])$", head)
    return match.group(1) if match else ""


def found_word(text: str, offset: int) -> str:
    """The whole word the parser stumbled on (``9am``, not just ``9``), shortened."""
    match = re.match(r'[^\s,{}:"]+|\S', text[offset:])
    word = match.group(0) if match else ""
    return word if len(word) <= 30 else word[:29] + "…"


def _show(word: str) -> str:
    return repr(word)[1:-1] if not word.isprintable() else word


def _accepted(
    parser: Lark, text: str, offset: int, start: str, fallback: Iterable[str]
) -> set[str]:
    """The terminals the parser would take at ``offset``.

    Lark's own ``expected`` is computed after LALR default reductions (and the contextual
    lexer adds every terminal of its state), so for ``sms dayly`` it is empty; replaying
    the text before the error and asking the parser is exact.
    """
    try:
        interactive = parser.parse_interactive(text[:offset], start=start)
        interactive.exhaust_lexer()
        accepted: set[str] = interactive.accepts()  # type: ignore[no-untyped-call]
        return accepted
    except Exception:
        return set(fallback)


def _keyword_typo(word: str, keywords: Sequence[str]) -> str | None:
    """A keyword one edit away (``stgae`` -> ``stage``: a swap is one edit), else a close
    spelling by difflib's ratio."""
    near = [k for k in keywords if len(word) >= 3 and osa_distance(word, k) == 1]
    if near:
        return near[0]
    import difflib  # only for a syntax error's suggestion (1 ms of every start otherwise)

    close = difflib.get_close_matches(word, keywords, n=1, cutoff=0.7)
    return close[0] if close else None


def syntax_message(parser: Lark, error: UnexpectedInput, text: str, start: str) -> tuple[int, str]:
    """The offset of a Lark error (from ``parser``) and a sentence a compliance officer
    can act on."""
    if isinstance(error, UnexpectedCharacters):
        offset = error.pos_in_stream or 0
        char = text[offset : offset + 1]
        if char == '"' and text[max(0, offset - 2) : offset] == '""':
            # `"""` never closed: the lexer read `""` as an empty string first.
            offset -= 2
        if char == '"':
            if text.startswith('"""', offset):
                return offset, 'this text is never closed: a closing \'"""\' is missing'
            return offset, "this text is never closed: a closing '\"' is missing on this line"
        previous = _previous_word(text, offset)
        expected = _describe(_accepted(parser, text, offset, start, error.allowed or ()), previous)
        return offset, f"unexpected character '{_show(char)}'; expected {expected}"
    if isinstance(error, UnexpectedToken):
        token = error.token
        at_end = token.type == "$END"
        offset = len(text.rstrip()) if at_end else (token.start_pos or 0)
        previous = _previous_word(text, offset)
        accepted = _accepted(parser, text, offset, start, error.expected)
        expected = _describe(accepted, previous)
        after = f" after '{previous}'" if previous else ""
        if at_end:
            return offset, f"expected {expected}{after}, but the line ends here"
        word = found_word(text, offset)
        keywords = [k for k in (_keyword(t) for t in accepted) if k is not None]
        if token.type == "NAME" and keywords:
            close = _keyword_typo(str(token).lower(), keywords)
            if close:
                return offset, f"unknown word '{_show(word)}'; did you mean '{close}'?"
        return offset, f"expected {expected}{after}, found '{_show(word)}'"
    if isinstance(error, UnexpectedEOF):
        offset = len(text.rstrip())
        return offset, f"expected {_describe(error.expected, _previous_word(text, offset))}"
    return 0, "this line cannot be read"


_CHANNELS = Channel.all_words()


def check_channel_first(text: str, locator: Locator) -> None:
    """An action starts with its channel: say so before the parser trips further on
    (``to borrower sms daily`` would otherwise fail at ``borrower``)."""
    match = re.match(r"\s*(\w+)", text)
    if match and match.group(1) not in _CHANNELS:
        word = match.group(1)
        raise PlaybookSyntaxError(
            locator.span(match.start(1), match.end(1)),
            _action_start_message(word),
        )


def _action_start_message(word: str) -> str:
    message = unknown_word_message("channel", word, _CHANNELS)
    if "did you mean" in message:
        return message
    return f"an action starts with its channel; {message}"
