"""Pick the parser by file name: YAML for ``*.yaml``/``*.yml``, the DSL for everything else.

Both parsers lower into the one model (``model.Playbook``) and never raise: every
problem in the text comes back as a ``ParseDiagnostic`` (PB001 syntax, PB002 schema,
PB003 an unknown notice kind, PB007 a header statement or key given twice).
"""

from __future__ import annotations

import re

from ..diagnostics import ParseDiagnostic
from ..model import Span
from .parse_dsl import parse_dsl
from .parse_result import ParseResult
from .parse_yaml import parse_yaml

__all__ = ["ParseResult", "is_yaml_name", "parse_source"]


def is_yaml_name(filename: str) -> bool:
    """``*.yaml`` and ``*.yml`` (any case) are YAML playbooks."""
    return filename.lower().endswith((".yaml", ".yml"))


# One rule for both forms and every position table: a line ends at ``\n`` (``\r\n``
# counts as one). Other characters that some reader takes as a line break (a lone CR
# made a DSL file "one line", and YAML counted NEL and U+2028/2029 as breaks, putting
# positions outside the file) are refused with one finding, where they are.
_OTHER_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
_BREAK_NAMES = {
    "\r": "a carriage return (CR) without a newline",
    "\x85": "U+0085 NEXT LINE",
    "\u2028": "U+2028 LINE SEPARATOR",
    "\u2029": "U+2029 PARAGRAPH SEPARATOR",
}


def other_line_break(text: str) -> ParseDiagnostic | None:
    """PB001 at the first line break that is not ``\n`` or ``\r\n``, or None."""
    match = _OTHER_BREAKS.search(text)
    if match is None:
        return None
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    message = (
        f"{_BREAK_NAMES[match.group()]} breaks this line; playbooks end lines with a "
        "newline (LF or CRLF) only"
    )
    return ParseDiagnostic("PB001", Span(line, column, line, column + 1), message)


def parse_source(text: str, filename: str) -> ParseResult:
    """Parse a playbook in the form its name says. Never raises for any input."""
    odd = other_line_break(text)
    if odd is not None:
        return ParseResult(None, (odd,))
    try:
        if is_yaml_name(filename):
            return parse_yaml(text)
        return _yaml_read_as_dsl(parse_dsl(text), text)
    except RecursionError:
        message = "this file is nested too deeply to read"
    # A bug in a parser must cost one finding on this file, not the whole run.
    except Exception as error:
        message = f"internal parser error ({type(error).__name__}: {error}); please report it"
    return ParseResult(None, (ParseDiagnostic("PB001", Span(1, 1, 1, 2), message),))


_YAML_HEAD = re.compile(r"\A(?:\ufeff)?(?:[ \t]*(?:#[^\n]*)?\n)*(?:---[ \t]*\n)?playbook[ \t]*:")


def _yaml_read_as_dsl(result: ParseResult, text: str) -> ParseResult:
    """YAML given to the DSL parser (piped without ``--stdin-filename``, or a YAML file
    with another extension) fails on every line: one finding that says why instead."""
    if not any(d.code == "PB001" for d in result.diagnostics) or not _YAML_HEAD.match(text):
        return result
    message = (
        "this looks like a YAML playbook ('playbook:') but was read as the DSL; name it "
        "*.playbook.yaml, or give --stdin-filename NAME.playbook.yaml when piping it"
    )
    return ParseResult(None, (ParseDiagnostic("PB001", Span(1, 1, 1, 9), message),))
