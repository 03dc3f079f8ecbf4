"""The commands that work on one playbook's text: ``timeline``, ``format`` and ``convert``
(the editing tools are imported when the command runs: ``check`` never pays for them)."""

from __future__ import annotations

from typing import Any

import click

from ..run.check import read_one
from ..run.guard import bounded
from .common import LIMITS, STDIN, console, finish, limits_of, opt, step, write_given

_SVG = opt("--svg svg_file", None, "OUT.svg", "Write the intensity chart as SVG.")


@click.command(params=[click.Argument(["path"]), STDIN, _SVG, *LIMITS])
def timeline(path: str, stdin_filename: str | None, svg_file: str | None, **limits: Any) -> None:
    """Draw the worst-case contact calendar of one playbook ('-' reads stdin)."""
    from ..output.timeline_view import drawable, render_timeline

    bound = limits_of(limits)
    path, text = step(lambda: read_one(path, stdin_filename))
    playbook, color = step(lambda: drawable(path, text, bound)), console().color()
    if svg_file:
        from ..audit.charts import intensity_svg

        write_given(svg_file, step(lambda: bounded(path, bound, lambda: intensity_svg(playbook))))
        return
    drawn = step(lambda: bounded(path, bound, lambda: render_timeline(playbook, color=color)))
    click.echo(drawn, nl=False)


_FORMAT_OPTIONS = (
    opt("--check", "flag", None, "Write nothing; exit 1 if a file would change."),
    opt("--diff", "flag", None, "Write nothing; print what would change."),
    STDIN,
    *LIMITS,
)


@click.command(name="format", params=[click.Argument(["paths"], nargs=-1), *_FORMAT_OPTIONS])
def format_command(**options: Any) -> None:
    """Rewrite DSL playbooks in the canonical layout (PATHS default to '.'; '-': stdin to
    stdout). YAML files are never rewritten."""
    from ..editing.format_files import FormatRequest, format_files

    request = FormatRequest(limits=limits_of(options), **options)
    finish(step(lambda: format_files(request, console())))


_TO = opt("--to form", click.Choice(["dsl", "yaml"]), None, None, required=True)


@click.command(params=[click.Argument(["path"]), _TO, STDIN, *LIMITS])
def convert(path: str, form: str, stdin_filename: str | None, **limits: Any) -> None:
    """Print a playbook in the other surface form (DSL <-> YAML), comments carried."""
    from ..editing.convert import convert as convert_text

    bound = limits_of(limits)
    name, text = step(lambda: read_one(path, stdin_filename))
    click.echo(step(lambda: bounded(name, bound, lambda: convert_text(text, name, form))), nl=False)
