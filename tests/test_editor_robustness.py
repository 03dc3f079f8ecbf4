"""Hostile text never makes the editor tools raise: format, convert, fixes and every
language-server feature either answer or decline (an error, None, an empty list)."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types

from playbook_lint.editing.convert import ConvertError, convert
from playbook_lint.editing.fixes import apply_edits, fixes_for
from playbook_lint.editing.format import FormatError, format_dsl
from playbook_lint.run.engine import lint_text
from playbook_lint.server.analysis import Analysis, code_actions, diagnostics, formatting
from playbook_lint.server.complete import completion
from playbook_lint.server.navigate import definition, hover, references, symbols
from playbook_lint.syntax.parse import parse_source

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = [
    p.read_text(encoding="utf-8")
    for folder in ("language", "parity", "syntax", "suppression")
    for p in sorted((FIXTURES / folder).iterdir())
]


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 3))):
        if not text:
            break
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start, min(len(text), start + 10)))
        text = text[:start] + draw(st.text(max_size=5)) + text[end:]
    return text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(max_size=120), _mutated()), yaml_form=st.booleans())
def test_format_convert_and_fixes_never_raise(text: str, yaml_form: bool) -> None:
    name = "x.playbook.yaml" if yaml_form else "x.playbook"
    if not yaml_form:
        try:
            formatted = format_dsl(text)
        except FormatError:
            pass
        else:
            assert parse_source(formatted, name).playbook == parse_source(text, name).playbook
    with contextlib.suppress(ConvertError):
        convert(text, name, "dsl" if yaml_form else "yaml")
    findings = lint_text(text, name).findings
    for fix in fixes_for(text, name, findings):
        apply_edits(text, fix.edits)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=_mutated(),
    yaml_form=st.booleans(),
    line=st.integers(0, 40),
    character=st.integers(0, 90),
)
def test_server_features_never_raise(text: str, yaml_form: bool, line: int, character: int) -> None:
    uri = "file:///nowhere/x.playbook" + (".yaml" if yaml_form else "")
    analysis = Analysis(uri, text)
    position = types.Position(line=line, character=character)
    diagnostics(analysis)
    hover(analysis, position)
    completion(analysis, position)
    definition(analysis, position)
    references(analysis, position, include_declaration=True)
    symbols(analysis)
    code_actions(analysis, types.Range(start=position, end=position))
    formatting(analysis)
