"""What a ruleset says about a rule besides its check's parameters (checks.md v2).

* ``basis``: whether the rule rests on law, guidance or practice; it sets the rule's default
  severity and is shown wherever the rule is (``rules``, ``explain``, JSON, SARIF);
* ``when``: the playbooks the rule applies to (today: by their ``instalments`` period,
  defaults included);
* the honest citation of a company override (``house policy <id>, based on <cite>``);
* the neutral citation of a baseline rule a jurisdiction inherits (``practice (baseline)``).

Pure values and functions; ``rulesets`` reads the YAML and calls them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import Severity
from ..model import Instalments, Playbook, Word


class Basis(Word):
    LAW = "law"
    GUIDANCE = "guidance"
    PRACTICE = "practice"

    @property
    def severity(self) -> Severity:
        """The default severity: law is an error; guidance and practice are warnings."""
        return Severity.ERROR if self is Basis.LAW else Severity.WARNING

    @property
    def words(self) -> str:
        """How ``explain`` and ``rules`` say it."""
        return {
            Basis.LAW: "law (a statute or binding regulation)",
            Basis.GUIDANCE: "guidance (a regulator's guidance, a standard or an industry code)",
            Basis.PRACTICE: "practice (good practice with no legal force)",
        }[self]


# The keys a `when:` mapping may have, and what each one accepts.
WHEN_KEYS: dict[str, tuple[str, ...]] = {"instalments": tuple(Instalments.all_words())}


@dataclass(frozen=True)
class When:
    """``when: {instalments: [weekly]}``: the rule applies only to playbooks so written."""

    instalments: frozenset[Instalments] = frozenset()

    def applies(self, playbook: Playbook) -> bool:
        """Whether the playbook's effective header (defaults included) matches."""
        return not self.instalments or playbook.instalments in self.instalments

    def __str__(self) -> str:
        periods = ", ".join(i.value for i in Instalments if i in self.instalments)
        return f"instalments {periods}" if periods else "always"


def house_cite(ruleset_id: str, inherited: str | None) -> str:
    """checks.md v2 item 5: a company that changes an inherited rule's numbers and gives no
    citation of its own cites its own policy, based on the law it refines."""
    if inherited:
        return f"house policy {ruleset_id}, based on {inherited}"
    return f"house policy {ruleset_id}"


# The ruleset every jurisdiction extends: its rules are shared practice, not one country's law.
SHARED_RULESET = "baseline"


def inherited_cite(basis: Basis | None) -> str:
    """rulesets.md v3: a baseline rule that a jurisdiction inherits without citing its own
    law is cited as shared practice; baseline's own sources (an Australian guideline, an
    Indian circular) would name another jurisdiction's text in, say, a Taiwanese finding."""
    return f"{basis or Basis.PRACTICE} ({SHARED_RULESET})"
