"""What a check is: a code, a name, typed parameters, a pure function, and its documentation."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ..analysis.events import analyse_events
from ..analysis.holds import HeldAnalysis
from ..analysis.timeline import analyse_timeline
from ..analysis.year import default_year
from ..diagnostics import Diagnostic, Severity
from ..model import Playbook, Word
from ..rules.catalogue import CheckSpec

if TYPE_CHECKING:
    from ..analysis.events import EventAnalysis
    from ..analysis.holds import HeldAnalysis
    from ..analysis.timeline import Timeline

P = TypeVar("P")


class Applicability(Word):
    """Whether a fix may apply unasked (``check --fix``) or only with ``--unsafe-fixes``."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True)
class FixDoc:
    """That a check's findings have a fix, and what it does: declared with the check, so
    ``explain`` reads it from the registry; ``editing/fixes.py`` makes the edits."""

    applicability: Applicability
    does: str


@dataclass(frozen=True)
class CheckDoc:
    """A check's page, in ruff's sections. ``example`` must fire, ``use_instead`` must not.

    Both are whole DSL playbooks, so ``explain`` can print them and a test can lint them.
    """

    what: str
    why: str
    example: str
    use_instead: str
    # Parameters the test lints the two examples with (YAML of a rule body), when needed.
    example_params: str = ""
    # A titled section computed when the page is shown (data read from bundled files).
    appendix: tuple[str, Callable[[], str]] | None = None
    # The "Fix" section: None when the change needs a person's judgement.
    fix: FixDoc | None = None


class Context:
    """The playbook under check plus the analyses, each computed once and only when asked for."""

    def __init__(
        self,
        playbook: Playbook,
        required_notices: frozenset[str] = frozenset(),
        year: int | None = None,
    ) -> None:
        self.playbook = playbook
        # The analysed year (hours, DST, holidays): a parameter, never read from elsewhere.
        self.year = default_year() if year is None else year
        # The notice kinds the applied rulesets require (PB401-PB403): what the channel-set
        # word `notices` means (language.md v2 precisions). The engine sets it.
        self.required_notices = required_notices
        self._held: dict[frozenset[str], HeldAnalysis] = {}

    def adopt(self, other: Context) -> None:
        """Take ``other``'s analyses (those it has made) as this context's own: the caller
        vouches that they analysed the same stages, actions, handlers and limits, at the
        same places, with the same templates' channels and notices (``run/reuse.py``)."""
        for name in ("events", "timeline"):
            if name in other.__dict__:
                self.__dict__[name] = other.__dict__[name]
        self._held = other._held

    @cached_property
    def timeline(self) -> Timeline:
        # The timeline needs each action's first day; share the one event analysis.
        return analyse_timeline(self.playbook, events=self.events)

    @cached_property
    def events(self) -> EventAnalysis:
        return analyse_events(self.playbook, self.year)

    def held(self, kinds: frozenset[str] = frozenset()) -> HeldAnalysis:
        """What is certain before each action once handlers may hold notices back, with
        ``kinds`` counted as required too (the rule asking requires its own kind)."""
        required = self.required_notices | kinds
        if required not in self._held:
            self._held[required] = HeldAnalysis(self.events, required)
        return self._held[required]


@dataclass(frozen=True)
class Check(Generic[P]):
    """A check: knows no law; a ruleset rule supplies its parameters, severity and citation.

    What rulesets know of it (code, name, family, default severity, parameters) is its
    catalogue entry (``rules/catalogue.py``); the check adds its summary, its function
    and its documentation."""

    spec: CheckSpec[P]
    summary: str
    run: Callable[[Context, P], Iterable[Diagnostic]]
    doc: CheckDoc

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def severity(self) -> Severity:
        return self.spec.severity

    @property
    def params(self) -> type[P]:
        return self.spec.params


AnyCheck = Check[Any]
