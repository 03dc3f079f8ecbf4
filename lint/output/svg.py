"""Small SVG primitives: every chart of the audit report and ``timeline --svg`` is made of these.

Each function returns one element as text. Every piece of text and every attribute value
goes through ``escape``, so a name from a submitted playbook cannot close an element or
open a script. Colours are presentation attributes rather than a stylesheet, so a chart
looks the same inline in the report, opened on its own, or printed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from html import escape as _html_escape

INK = "#1f2933"
MUTED = "#7b8794"
GRID = "#e4e7eb"
BAR = "#3e6fb0"
ALLOWED = "#c6ecd0"
DANGER = "#c62828"
UNBOUNDED = "#8e24aa"


def escape(text: object) -> str:
    """Text safe inside an element or a double-quoted attribute."""
    return _html_escape(str(text), quote=True)


def number(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros (stable output)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _attrs(attributes: dict[str, object]) -> str:
    parts = []
    for key, value in attributes.items():
        if value is None:
            continue
        shown = number(value) if isinstance(value, float | int) else value
        parts.append(f' {key.rstrip("_").replace("_", "-")}="{escape(shown)}"')
    return "".join(parts)


def element(name: str, body: str = "", /, **attributes: object) -> str:
    """``<name attrs>body</name>``; ``class_`` is ``class``, ``stroke_width`` ``stroke-width``."""
    return f"<{name}{_attrs(attributes)}>{body}</{name}>"


def title(text: str) -> str:
    """A tooltip (and an accessible name) for the enclosing element."""
    return element("title", escape(text))


def rect(x: float, y: float, width: float, height: float, **attributes: object) -> str:
    tip = attributes.pop("tip", None)
    body = title(str(tip)) if tip else ""
    return element("rect", body, x=x, y=y, width=max(width, 0), height=max(height, 0), **attributes)


def line(x1: float, y1: float, x2: float, y2: float, **attributes: object) -> str:
    tip = attributes.pop("tip", None)
    body = title(str(tip)) if tip else ""
    return element("line", body, x1=x1, y1=y1, x2=x2, y2=y2, **attributes)


def circle(cx: float, cy: float, r: float, **attributes: object) -> str:
    tip = attributes.pop("tip", None)
    body = title(str(tip)) if tip else ""
    return element("circle", body, cx=cx, cy=cy, r=r, **attributes)


def text(x: float, y: float, content: str, **attributes: object) -> str:
    attributes.setdefault("font_size", 11)
    attributes.setdefault("fill", INK)
    return element("text", escape(content), x=x, y=y, **attributes)


def group(children: Iterable[str], **attributes: object) -> str:
    return element("g", "".join(children), **attributes)


def document(
    width: float, height: float, label: str, children: Iterable[str], **attrs: object
) -> str:
    """A standalone ``<svg>`` with a title for screen readers and a font that prints."""
    body = title(label) + "".join(children)
    return element(
        "svg",
        body,
        xmlns="http://www.w3.org/2000/svg",
        width=width,
        height=height,
        viewBox=f"0 0 {number(width)} {number(height)}",
        role="img",
        font_family="system-ui, -apple-system, 'Segoe UI', sans-serif",
        **attrs,
    )


def linear(lo: float, hi: float, out_lo: float, out_hi: float) -> Callable[[float], float]:
    """A linear scale from ``lo..hi`` onto ``out_lo..out_hi`` (a flat domain maps to out_lo)."""
    span = hi - lo
    if span == 0:
        return lambda _value: out_lo
    return lambda value: out_lo + (value - lo) * (out_hi - out_lo) / span


def nice_ticks(top: float, count: int = 4) -> list[int]:
    """Whole-number axis ticks from 0 to at least ``top``: 0, 5, 10, 15 rather than 0, 3.7…"""
    if top <= 0:
        return [0, 1]
    raw = top / count
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        step = candidate
        if candidate >= raw:
            break
    else:
        step = int(raw) + 1
    last = int(-(-top // step)) * step
    return list(range(0, last + 1, step))


def spans_of(flags: Sequence[bool]) -> list[tuple[int, int]]:
    """Runs of True as (first index, last index): days to mark as one band, not many."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for index, flag in enumerate(flags):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            runs.append((start, index - 1))
            start = None
    if start is not None:
        runs.append((start, len(flags) - 1))
    return runs
