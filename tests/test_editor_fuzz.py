"""A CI-sized fuzz pass over format, convert and fixes, seeded with the examples in both
forms and mutated with what hostile files hold (triple quotes, backslashes, line breaks
of every kind, escape sequences, bidi controls, YAML syntax): formatting is idempotent
and keeps the model, a conversion reads back as the same model or is refused, a fix
never leaves a file that no longer parses, and the commands end with 0, 1 or 2."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook_lint.cli import main
from playbook_lint.editing.convert import ConvertError, convert
from playbook_lint.editing.fixes import fix_text
from playbook_lint.editing.format import format_file
from playbook_lint.run.engine import BLOCKING_CODES, lint_text
from playbook_lint.syntax.parse import parse_source

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.playbook*"))
SEEDS = [(p.name, p.read_text(encoding="utf-8")) for p in EXAMPLES]
PIECES = [
    '"""',
    '"',
    "'",
    "\\",
    '\\"',
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\x1b[2J",
    "\x1b]0;x\x07",
    "\u202e",
    "\u2028",
    "\x85",
    "\ufeff",
    "#",
    ": ",
    "- ",
    "{",
    "}",
    "|",
    "&a ",
    "*a",
    "é",
    "\U0001f600",
    " max 1 per day",
    "  # playbook-lint: ignore[PB101] -- x",
]


@st.composite
def mutant(draw: st.DrawFn) -> tuple[str, str]:
    name, text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        kind = draw(st.integers(0, 2))
        if kind == 0:
            text = text[:start] + draw(st.sampled_from(PIECES)) + text[start:]
        elif kind == 1:
            text = text[:start] + text[start + draw(st.integers(1, 30)) :]
        else:
            text = text[:start] + draw(st.text(max_size=4)) + text[start:]
    return name, text


def _other(name: str) -> str:
    return "dsl" if name.endswith((".yaml", ".yml")) else "yaml"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutant())
def test_format_is_idempotent_and_convert_round_trips_or_refuses(case: tuple[str, str]) -> None:
    name, text = case
    model = parse_source(text, name).playbook
    formatted = format_file(name, text)
    if formatted.after is not None and formatted.changed:
        again = format_file(name, formatted.after)
        assert again.error is None
        assert again.after == formatted.after
        assert parse_source(formatted.after, name).playbook == model
    form = _other(name)
    try:
        converted = convert(text, name, form)
    except ConvertError:
        return
    target = "back.playbook" + (".yaml" if form == "yaml" else "")
    back = parse_source(converted, target)
    assert not back.diagnostics
    assert back.playbook == model


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutant())
def test_a_fix_never_leaves_a_file_that_does_not_parse(case: tuple[str, str]) -> None:
    name, text = case

    def lint(source: str) -> list[str]:
        return [f.code for f in lint_text(source, name).findings]

    fixed = fix_text(text, name, lambda s: lint_text(s, name).findings, unsafe=True)
    broken_before = {c for c in lint(text) if c in BLOCKING_CODES}
    assert {c for c in lint(fixed.text) if c in BLOCKING_CODES} <= broken_before


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutant())
def test_the_commands_end_with_a_status_never_a_traceback(
    tmp_path_factory: object, case: tuple[str, str]
) -> None:
    name, text = case
    folder = Path(str(tmp_path_factory.mktemp("fuzz")))  # type: ignore[attr-defined]
    try:
        path = folder / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        runner = CliRunner()
        for args in (
            ["format", "--diff", str(path)],
            ["convert", str(path), "--to", _other(name)],
            ["check", "--fix", "--unsafe-fixes", "--format", "concise", str(path)],
            ["format", str(path)],
        ):
            result = runner.invoke(main, args)
            assert result.exit_code in (0, 1, 2), (args, result.output)
            assert result.exception is None or isinstance(result.exception, SystemExit), args
            assert "Traceback" not in result.output
    finally:
        shutil.rmtree(folder)
