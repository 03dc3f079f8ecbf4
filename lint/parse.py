"""Pick the parser by file name: YAML for ``*.yaml``/``*.yml``, the DSL for everything else.

Both parsers lower into the one model (``model.Playbook``) and never raise: every
problem in the text comes back as a ``ParseDiagnostic`` (PB001 syntax, PB002 schema,
PB003 an unknown notice kind, PB007 a header statement or key given twice).
"""

from __future__ import annotations

import re

from .diagnostics import ParseDiagnostic
from .model import Span
from .parse_dsl import parse_dsl
from .parse_result import ParseResult
from .parse_yaml import parse_yaml

__all__ = ["ParseResult", "is_yaml_name", "parse_source"]


def is_yaml_name(filename: str) -> bool:
    """``*.yaml`` and ``*.yml`` (any case) are YAML playbooks."""
    return filename.lower().endswith((".yaml", ".yml"))


def parse_source(text: str, filename: str) -> ParseResult:
    """Parse a playbook in the form its name says. Never raises for any input."""
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
