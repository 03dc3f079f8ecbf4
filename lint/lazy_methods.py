"""This package's dataclass methods compiled when first called, not when each class is made.

On Python 3.11 and 3.12, ``@dataclass`` writes the source of every method it adds
(``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, a frozen class's ``__setattr__`` and
``__delattr__``, ``order``'s four comparisons) and compiles each with its own ``exec``:
about 0.5 ms a frozen class. Importing the command line makes 160 classes and compiled
973 methods, 90 of the 145 ms the import took (issue 24 item 5), while a ``check`` of one
file calls about a dozen of them besides ``__init__``.

``install`` (run by the package's ``__init__``) has dataclasses make each of those methods,
for a class of this package only, as a stand-in: the first call compiles the method just
as dataclasses would have, puts it on its class in the stand-in's place, and calls it; every
later call goes straight to it. ``__init__`` too: a check of one file makes objects of about
90 of the 160 classes. Until a class's first object is made, ``inspect.signature`` of it
reads ``(*args, **kwargs)`` (dataclasses' docstring of a class without one says so too).
Classes of other packages are untouched, and so is a Python whose ``dataclasses`` compiles
a class's methods in one go (3.13 on: it has no ``_create_fn``).
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from typing import Any

_PACKAGE = __name__.rpartition(".")[0]
_MARK = "_playbook_lint_lazy"


def install() -> None:
    """Have ``dataclasses`` make this package's methods (``__init__`` aside) on first call.
    Idempotent; does nothing where ``dataclasses`` has no per-method ``_create_fn``."""
    create = getattr(dataclasses, "_create_fn", None)
    if create is None or getattr(create, _MARK, False) or sys.version_info >= (3, 13):
        return

    def create_lazily(name: str, args: Any, body: Any, **options: Any) -> Any:
        module = str((options.get("globals") or {}).get("__name__", ""))
        ours = module == _PACKAGE or module.startswith(_PACKAGE + ".")
        if not ours:
            return create(name, args, body, **options)
        return stand_in(name, lambda: create(name, args, body, **options))

    setattr(create_lazily, _MARK, True)
    setattr(dataclasses, "_create_fn", create_lazily)  # noqa: B010 - a private name


def stand_in(name: str, build: Callable[[], Callable[..., Any]]) -> Callable[..., Any]:
    """A method called ``name`` that, on its first call, has ``build`` make the real one,
    puts that on the class that holds the stand-in, and from then on calls it."""
    made: list[Callable[..., Any]] = []

    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not made:
            real = build()
            real.__qualname__ = method.__qualname__  # dataclasses named the stand-in
            made.append(real)
            for owner in type(self).__mro__:
                # (a __repr__ is held through its recursion guard: it stays this stand-in)
                if owner.__dict__.get(name) is method:
                    setattr(owner, name, real)
                    break
        return made[0](self, *args, **kwargs)

    method.__name__ = name
    return method
