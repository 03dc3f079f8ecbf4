"""Analyses kept from one lint of a document to the next (issue 24 item 7).

The language server lints a document again after every pause in typing. When only the
texts of its templates changed (or nothing the model holds: a trailing space), the event
analysis and the worst-case timeline are those of the previous lint, and so is every
answer the PB1xx/PB2xx rules already read from them (windows, plans alone, local hours):
they depend on the stages, actions, handlers, limits and settings, and on each
template's name, channel and notice kind, never on its words.

"The same" is strict: the model equal with the template texts left out, and every
place outside the templates (each statement's span) equal, because findings of the kept
analyses point at those places. The new model then takes the previous model's stages,
handlers and limits (equal, at the same places), so the kept analyses and the checks see
the same objects. Off unless a front end that lints one document again and again turns
it on (``keeping_analyses``): ``check`` lints each file once. (The templates a keystroke
in an action left alone are not read again either: the phrase matchers keep what they
found in each text, for every front end, ``rules.phrases``.)
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from ..checks.base import Context
from ..model import Playbook, Span, Text

# Documents kept per process (each a whole analysed playbook): the few open at once.
MAX_KEPT = 4
_NO_TEXT = Text("")


@dataclass(frozen=True)
class _Kept:
    skeleton: Playbook
    places: tuple[Span, ...]
    context: Context


class _Store:
    def __init__(self) -> None:
        self.enabled = False
        self.kept: OrderedDict[tuple[str, int], _Kept] = OrderedDict()


_STORE = _Store()


@contextmanager
def keeping_analyses() -> Iterator[None]:
    """Within: each document's analyses are kept for its next lint in this process, and
    taken from its last one (the language server's lints; never ``check``'s)."""
    before = _STORE.enabled
    _STORE.enabled = True
    try:
        yield
    finally:
        _STORE.enabled = before


def _skeleton(playbook: Playbook) -> Playbook:
    """The model without its template texts (spans are not compared: see ``_places``)."""
    return replace(playbook, templates=tuple(replace(t, text=_NO_TEXT) for t in playbook.templates))


def _places(playbook: Playbook) -> tuple[Span, ...]:
    """Every span in the model outside the templates, in a fixed order."""
    found: list[Span] = []

    def walk(value: object) -> None:
        if isinstance(value, Span):
            found.append(value)
        elif isinstance(value, tuple | list):
            for item in value:
                walk(item)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for item in dataclasses.fields(value):
                walk(getattr(value, item.name))

    for item in dataclasses.fields(playbook):
        if item.name != "templates":
            walk(getattr(playbook, item.name))
    return tuple(found)


def context_for(playbook: Playbook, path: str, year: int) -> Context:
    """The analyses' context for ``playbook`` (the lint of ``path`` in ``year``): the one
    kept from the last lint of that document when only template texts changed, else new.
    Its ``playbook`` is the one to check (the previous stages, handlers and limits)."""
    if not _STORE.enabled:
        return Context(playbook, year=year)
    key = (path, year)
    skeleton, places = _skeleton(playbook), _places(playbook)
    before = _STORE.kept.get(key)
    if before is not None and before.skeleton == skeleton and before.places == places:
        old = before.context.playbook
        merged = replace(playbook, stages=old.stages, handlers=old.handlers, limits=old.limits)
        context = Context(merged, year=year)
        context.adopt(before.context)
    else:
        context = Context(playbook, year=year)
    _STORE.kept[key] = _Kept(skeleton, places, context)
    _STORE.kept.move_to_end(key)
    while len(_STORE.kept) > MAX_KEPT:
        _STORE.kept.popitem(last=False)
    return context
