"""The one place where values that came from a linted file are made safe to print.

A message quotes playbook text, a path is whatever the repository named its files, and
``--stdin-filename`` is whatever CI passed: a raw newline in any of them forges
"All checks passed" or a fake finding, and an escape sequence (CSI, OSC) reaches the
terminal (issue 15). ``visible`` turns every control character, line or paragraph
separator, bidi control and lone surrogate into a visible escape (``\\n``, ``\\x1b``,
``\\u202e``); every format then applies its own syntax escaping on top (XML, JSON and
GitHub's ``%0A`` are done by their reporters). ``escaped`` applies it to every text field
of a finding, and bounds each value, so that one file cannot make the report huge.

This is the one rule of "make text printable" for every front end: ``check``, ``diff``
(``one_line`` for its text and Markdown lines, ``visible_but_breaks`` where the format
encodes line breaks itself), ``audit`` and ``format --diff``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

from ..diagnostics import Finding

# C0 and C1 controls and DEL; the line and paragraph separators; bidi embeddings,
# overrides and isolates and the marks (a reversed threat, "Trojan Source"); the byte
# order mark; every surrogate (only lone ones reach a str: a bad YAML escape or an
# undecodable file name, which os gives back as U+DC80-U+DCFF).
_REST = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff"
_UNSAFE = re.compile(f"[\x00-\x1f{_REST}]")
# The same without tab, LF and CR: for a format that encodes those itself (JSON's
# ``\\n``, GitHub's ``%0A``), where a template's line breaks are content.
_UNSAFE_BUT_BREAKS = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_REST}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# A message or path longer than this is cut: a 100 KB line quoted in each of a thousand
# findings was 627 MB of output (issue 15 item 8).
MAX_VALUE_CHARS = 2000


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every character that could forge a line or drive a terminal escaped."""
    return _UNSAFE.sub(_escape, text)


def visible_but_breaks(text: str) -> str:
    """``text`` escaped as by ``visible``, keeping tab, LF and CR for a format that
    encodes them itself (JSON strings, GitHub's ``%0A``)."""
    return _UNSAFE_BUT_BREAKS.sub(_escape, text)


def one_line(text: str) -> str:
    """``text`` on one printable line: runs of whitespace (line breaks included) become
    one space, every other unsafe character is escaped."""
    return visible(" ".join(text.split()))


_UNSAFE_AFTER_JSON = re.compile(f"[{_REST}]")


def json_escaped(document: str) -> str:
    """A JSON document (``json.dumps(..., ensure_ascii=False)``) with every unsafe
    character its strings still hold (C1 controls, bidi controls, separators, lone
    surrogates; ``json.dumps`` escapes C0 itself) written as a ``\\uXXXX`` escape: printable,
    and lossless for a reader, so a path ``--verify`` matches again is kept exactly."""
    return _UNSAFE_AFTER_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def bounded(text: str, limit: int = MAX_VALUE_CHARS) -> str:
    """At most ``limit`` characters, saying how many more there were."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit} more characters)"


def safe(text: str) -> str:
    """Escaped and bounded: what a report may print of a value from a file."""
    return bounded(visible(text))


def _optional(text: str | None) -> str | None:
    return None if text is None else safe(text)


def escaped(finding: Finding) -> Finding:
    """The finding with every text field a report prints escaped and bounded."""
    return replace(
        finding,
        path=safe(finding.path),
        message=safe(finding.message),
        rule=_optional(finding.rule),
        cite=_optional(finding.cite),
        url=_optional(finding.url),
        why=_optional(finding.why),
        help=_optional(finding.help),
        basis=_optional(finding.basis),
        anchor=safe(finding.anchor),
        # The fingerprint's message: escaped too, or a lone surrogate breaks its hash.
        identity=(finding.identity[0], safe(finding.identity[1])),
        related=tuple(replace(r, message=safe(r.message)) for r in finding.related),
    )


# A link a report or an editor will follow: longer ones are not real rule pages.
MAX_LINK_CHARS = 2000
_LINK_SCHEMES = ("http", "https")


def safe_link(url: str | None) -> str | None:
    """``url`` when it is a plain ``http(s)`` URL with a host, else None: a ruleset's
    ``url`` becomes a link in the editor (``codeDescription.href``), SARIF and the audit
    report, and ``command:``, ``javascript:`` or ``file:`` there would run or open
    something on a click (issue 23 item 7)."""
    if url is None or len(url) > MAX_LINK_CHARS or visible(url) != url:
        return None
    if any(ch.isspace() or ch in "<>\"'`" for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _LINK_SCHEMES or not parts.hostname:
        return None
    return url


def markdown_text(text: str) -> str:
    """``text`` as inert Markdown on one line, for a table cell: no HTML or autolink
    (``<`` is ``&lt;``), no link or image (``[`` is escaped), no emphasis, no code-span
    break-out and no table break. ``diff --format markdown`` and the GitHub step
    summary both use it."""
    # html.escape(…, quote=False), without importing html (1.5 ms of every start)
    escaped = one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join("\\" + ch if ch in "\\|`*_[]#" else ch for ch in escaped)
