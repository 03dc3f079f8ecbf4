"""Pick the parser by file name: YAML for ``*.yaml``/``*.yml``, the DSL for everything else.

Both parsers lower into the one model (``model.Playbook``) and never raise: every
problem in the text comes back as a ``ParseDiagnostic`` (PB001 syntax, PB002 schema,
PB003 an unknown notice kind, PB007 a header statement or key given twice).
"""

from __future__ import annotations

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
        return parse_yaml(text) if is_yaml_name(filename) else parse_dsl(text)
    except RecursionError:
        message = "this file is nested too deeply to read"
    # A bug in a parser must cost one finding on this file, not the whole run.
    except Exception as error:
        message = f"internal parser error ({type(error).__name__}: {error}); please report it"
    return ParseResult(None, (ParseDiagnostic("PB001", Span(1, 1, 1, 2), message),))
