"""Token patterns: phrases with alternatives, optional words and bounded gaps, matched in
one linear pass over a normalised text.

A pattern is written as data (``rulesets/phrases/*.yaml``), never as a regular expression::

    (tell|inform|let) [all] your (employer|boss|family) ..2 (know|about)

* ``word``: one word of the text, compared after normalisation (``normalise.py``: case,
  width, Traditional/Simplified, 您/你). Chinese has no spaces, so every Han character is a
  token of its own: ``家人`` is the two tokens 家 人 and ``小心 你 [的] 家人`` matches both
  小心你家人 and 小心您的家人.
* ``word*``: a word that starts with ``word`` (``arrest*``: arrest, arrested, arresting).
* ``(a b|c)``: one of the alternatives, each a sequence of items.
* ``[a b|c]``: the same, optional.
* ``..N``: a gap of 0 to N tokens (N at most ``MAX_GAP``). A gap never crosses the end of a
  sentence or clause (``. ! ? 。 ; । ,``) and never skips a one-word negation of the
  pattern's language ("we will *not* tell your employer" is not "we will … tell your
  employer").

A pattern cannot begin or end with a gap, nor match nothing (checked when a list loads).

A literal phrase (a ruleset's own ``phrases:``) is the trivial pattern of its words.

Why this is linear: the patterns compile once into one Thompson automaton (a gap ``..N`` is
N optional any-token states, so bounded gaps add states, never loops) whose states each
consume at most one token; the epsilon closures are computed at compile time. Scanning
reads each token once and keeps the set of live states, each with the earliest start it
can have (a state reached twice keeps one start: both runs have the same future, so the
earlier one gives the leftmost match). Per token the work is at most (S + starting states)
× C, where S is the number of states, C the largest closure, and the starting states are
found by a dictionary lookup of the token and of its prefixes up to the longest prefix
pattern: all fixed by the data, none by the text. So a text of n tokens costs O(n) for a
given list, whatever the text: there is no backtracking to explode. A position ends at most
one hit per pattern, so the hits are O(n) too (sorted once to pick leftmost-longest).
``Scan.steps`` counts the work so a test can show it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from .normalise import Normalised, is_han, is_word_char, normalise

MAX_GAP = 8
# Tokens that end a sentence or a clause: a gap never spans them ("Jika ada yang mengaku
# petugas kami, segera laporkan ke polisi" is two clauses). "." is a separator in
# normalisation (a.r.r.e.s.t), so a full stop followed by a space comes back as a "."
# token (see tokens()); full-width marks are folded to these by then.
SENTENCE_ENDS = frozenset(".!?。;।,")
WORD, HAN, OTHER = "word", "han", "other"


class PatternError(ValueError):
    """A pattern that cannot be compiled, with why."""


# --------------------------------------------------------------------------- tokens


class Token(NamedTuple):
    """One token of a normalised text: ``norm.text[start:end]`` (a tuple: texts have
    many, and tuples are cheap to make)."""

    text: str
    start: int
    end: int
    kind: str


@lru_cache(maxsize=4096)
def _kind(ch: str) -> str:
    """WORD, HAN, OTHER, or " " for the one separator normalisation leaves (a space)."""
    if ch == " ":
        return " "
    if is_word_char(ch):
        return WORD
    return HAN if is_han(ch) else OTHER


def tokens(norm: Normalised) -> tuple[Token, ...]:
    """The tokens of a normalised text: words, single Han characters, single other marks.

    A space whose source holds a full stop and a space ("employer. Your") becomes a "."
    token, so gaps stop at sentence ends while "p.o.l.i.c.e" and "police.will.come" still
    read as words.
    """
    text = norm.text
    kinds = [_kind(ch) for ch in text]
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        kind = kinds[i]
        if kind == WORD:
            j = i + 1
            while j < n and kinds[j] == WORD:
                j += 1
            out.append(Token(text[i:j], i, j, WORD))
            i = j
            continue
        if kind != " ":
            out.append(Token(text[i], i, i + 1, kind))
        elif _ends_sentence(norm.source[norm.starts[i] : norm.ends[i]]):
            out.append(Token(".", i, i + 1, OTHER))
        i += 1
    return tuple(out)


def _ends_sentence(separators: str) -> bool:
    """A full stop with a space after it (any width): "employer. Your", "ｕ．ｓ．　ｍ"."""
    if "." not in separators and "\uff0e" not in separators:
        return False
    folded = unicodedata.normalize("NFKC", separators)
    dot = folded.find(".")
    return dot >= 0 and any(ch.isspace() for ch in folded[dot:])


def words_of(text: str) -> tuple[str, ...]:
    """The token texts of a literal piece of a pattern, normalised like any text."""
    return tuple(t.text for t in tokens(normalise(text)))


# --------------------------------------------------------------------------- syntax


@dataclass(frozen=True)
class Lit:
    word: str
    prefix: bool = False


@dataclass(frozen=True)
class Gap:
    most: int


@dataclass(frozen=True)
class Alt:
    options: tuple[tuple[Node, ...], ...]
    optional: bool


Node = Lit | Gap | Alt

_CLOSERS = {"(": ")", "[": "]"}


def _lex(source: str) -> list[str]:
    out: list[str] = []
    word = ""
    for ch in source:
        if ch in "()[]|" or ch.isspace():
            if word:
                out.append(word)
                word = ""
            if not ch.isspace():
                out.append(ch)
        else:
            word += ch
    if word:
        out.append(word)
    return out


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.items = _lex(source)
        self.at = 0

    def error(self, why: str) -> PatternError:
        return PatternError(f"pattern {self.source!r}: {why}")

    def sequence(self, closer: str | None) -> tuple[Node, ...]:
        nodes: list[Node] = []
        while self.at < len(self.items):
            item = self.items[self.at]
            if item in ")]|":
                if closer is None:
                    raise self.error(f"unexpected {item!r}")
                break
            self.at += 1
            if item in _CLOSERS:
                nodes.append(self.group(item))
            elif item.startswith(".."):
                nodes.append(self.gap(item))
            else:
                nodes.extend(self.literal(item))
        return tuple(nodes)

    def group(self, opener: str) -> Alt:
        closer = _CLOSERS[opener]
        options = [self.sequence(closer)]
        while self.at < len(self.items) and self.items[self.at] == "|":
            self.at += 1
            options.append(self.sequence(closer))
        if self.at >= len(self.items) or self.items[self.at] != closer:
            raise self.error(f"{opener!r} is not closed by {closer!r}")
        self.at += 1
        if any(not option for option in options):
            raise self.error(f"an empty alternative in {opener}…{closer}")
        return Alt(tuple(options), optional=opener == "[")

    def gap(self, item: str) -> Gap:
        count = item[2:]
        if not count.isdigit() or not 1 <= int(count) <= MAX_GAP:
            raise self.error(f"a gap is ..1 to ..{MAX_GAP}, not {item!r}")
        return Gap(int(count))

    def literal(self, item: str) -> list[Lit]:
        prefix = item.endswith("*")
        words = words_of(item.removesuffix("*") if prefix else item)
        if not words:
            raise self.error(f"{item!r} has no letters")
        if prefix and not is_word_char(words[-1][-1]):
            raise self.error(f"{item!r}: only a word of letters can be a prefix")
        lits = [Lit(w) for w in words]
        if prefix:
            lits[-1] = Lit(words[-1], prefix=True)
        return lits


def parse(source: str) -> tuple[Node, ...]:
    """The syntax tree of a pattern; ``PatternError`` says what is wrong."""
    parser = _Parser(source)
    nodes = parser.sequence(None)
    if not nodes:
        raise parser.error("it is empty")
    if _may_be_empty(nodes):
        raise parser.error("it can match nothing at all")
    if _edge_gap(nodes, 0) or _edge_gap(nodes, -1):
        raise parser.error("it cannot begin or end with a gap")
    return nodes


def literal(text: str) -> tuple[Node, ...]:
    """A literal phrase as a pattern: its words in order; a trailing ``*`` makes the last
    one a prefix (``motherfuck*``)."""
    prefix = text.rstrip().endswith("*")
    words = words_of(text.rstrip().removesuffix("*") if prefix else text)
    if not words:
        raise PatternError(f"phrase {text!r} has no letters")
    nodes = [Lit(w) for w in words]
    if prefix and is_word_char(words[-1][-1]):
        nodes[-1] = Lit(words[-1], prefix=True)
    return tuple(nodes)


def _may_be_empty(nodes: Sequence[Node]) -> bool:
    return all(
        isinstance(n, Gap)
        or (isinstance(n, Alt) and (n.optional or any(_may_be_empty(o) for o in n.options)))
        for n in nodes
    )


def _edge_gap(nodes: Sequence[Node], edge: int) -> bool:
    """Can the first (``edge`` 0) or last (``edge`` -1) token of a match be a gap's?"""
    for node in nodes if edge == 0 else reversed(nodes):
        if isinstance(node, Gap):
            return True
        if isinstance(node, Lit):
            return False
        if any(_edge_gap(option, edge) for option in node.options):
            return True
        if not (node.optional or any(_may_be_empty(o) for o in node.options)):
            return False
    return False


# --------------------------------------------------------------------------- automaton

_ANY = ""  # the predicate of a gap state: any token but a sentence end or a negation
# Token texts whose start states an automaton keeps (then it starts again).
_STARTS_KEPT = 20_000


@dataclass
class _State:
    """A consuming state (``word`` set), a split (``word`` None, several ``nexts``), or an
    accepting state (``accepts`` is a pattern index)."""

    word: str | None = None
    prefix: bool = False
    nexts: list[int] = field(default_factory=list)
    accepts: int = -1
    blockers: frozenset[str] = frozenset()  # a gap state: the tokens it may not skip


class Hit(NamedTuple):
    """Pattern ``pattern`` matched tokens ``[first, last]``."""

    pattern: int
    first: int
    last: int


@dataclass(frozen=True)
class Scan:
    hits: tuple[Hit, ...]
    steps: int  # state transitions examined: the work, for the linearity test


class Automaton:
    """Every pattern of a list, compiled once into one automaton over tokens."""

    def __init__(
        self,
        patterns: Sequence[tuple[Node, ...]],
        blockers: Sequence[Iterable[str]] = (),
    ) -> None:
        """``blockers[i]``: the words (negations) the gaps of pattern ``i`` may not skip,
        besides sentence ends."""
        self._states: list[_State] = []
        starts: list[int] = []
        for index, nodes in enumerate(patterns):
            # what the gaps of the pattern being built may not skip (read by _node)
            self._gap_blockers = SENTENCE_ENDS.union(*blockers[index : index + 1])
            accept = self._new(_State(accepts=index))
            starts.append(self._sequence(nodes, accept))
        # for every state, the consuming and accepting states reachable without a token
        self._closure = [self._close(s) for s in range(len(self._states))]
        self._start_exact: dict[str, list[int]] = {}
        self._start_prefix: dict[str, list[int]] = {}
        for start in starts:
            for s in self._closure[start]:
                state = self._states[s]
                assert state.word, "parse() rejects patterns that begin with a gap or nothing"
                table = self._start_prefix if state.prefix else self._start_exact
                table.setdefault(state.word, []).append(s)
        self._longest_prefix = max(map(len, self._start_prefix), default=0)
        # What a scan reads of each state, as flat lists (no attribute look-ups per step):
        # its word, whether a prefix, the tokens a gap may not skip, and for a consuming
        # state the states its token leads to (the closure of its one next state).
        states = self._states
        self._words = [state.word for state in states]
        self._prefixes = [state.prefix for state in states]
        self._blockers = [state.blockers for state in states]
        self._accepts = [state.accepts for state in states]
        self._follow = [
            self._closure[state.nexts[0]] if state.word is not None else () for state in states
        ]
        # The states a token starts, by its text (words and other tokens apart): texts
        # repeat their words, and a word's prefixes are each looked up once, not per token.
        self._starting: tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]] = ({}, {})

    def __len__(self) -> int:
        return len(self._states)

    def _new(self, state: _State) -> int:
        self._states.append(state)
        return len(self._states) - 1

    def _sequence(self, nodes: Sequence[Node], then: int) -> int:
        """Build ``nodes`` backwards so that they continue to state ``then``; return the entry."""
        entry = then
        for node in reversed(nodes):
            entry = self._node(node, entry)
        return entry

    def _node(self, node: Node, then: int) -> int:
        if isinstance(node, Lit):
            return self._new(_State(word=node.word, prefix=node.prefix, nexts=[then]))
        if isinstance(node, Gap):
            entry = then
            for _ in range(node.most):  # ..3 is: [any [any [any]]]
                skip = _State(word=_ANY, nexts=[entry], blockers=self._gap_blockers)
                entry = self._new(_State(nexts=[self._new(skip), then]))
            return entry
        nexts = [self._sequence(option, then) for option in node.options]
        if node.optional:
            nexts.append(then)
        return self._new(_State(nexts=nexts))

    def _close(self, state: int) -> tuple[int, ...]:
        seen: set[int] = set()
        out: list[int] = []
        stack = [state]
        while stack:
            s = stack.pop()
            if s in seen:
                continue
            seen.add(s)
            node = self._states[s]
            if node.word is not None or node.accepts >= 0:
                out.append(s)
            else:
                stack.extend(node.nexts)
        return tuple(out)

    def _starts(self, text: str, is_word: bool) -> tuple[int, ...]:
        """The start states ``text`` enters: those of its exact word, then (a word) those
        of its prefixes, shortest first."""
        known = self._starting[is_word]
        found = known.get(text)
        if found is not None:
            return found
        entering = list(self._start_exact.get(text, ()))
        if is_word and self._start_prefix:
            for length in range(1, min(len(text), self._longest_prefix) + 1):
                entering.extend(self._start_prefix.get(text[:length], ()))
        if len(known) >= _STARTS_KEPT:
            known.clear()  # bounded: a text of distinct words cannot grow it without end
        found = known[text] = tuple(entering)
        return found

    def scan(self, toks: Sequence[Token]) -> Scan:
        """Every (pattern, first token, last token) where a pattern matches, each end with
        its leftmost start; linear in ``len(toks)`` (see the module docstring)."""
        words, prefixes, blockers = self._words, self._prefixes, self._blockers
        accepts, follow = self._accepts, self._follow
        live: dict[int, int] = {}  # consuming state -> earliest first token
        hits: list[Hit] = []
        steps = 0
        for i, token in enumerate(toks):
            text, is_word = token.text, token.kind == WORD
            entering = [(s, i) for s in self._starts(text, is_word)]
            entering.extend(live.items())
            after: dict[int, int] = {}
            for s, first in entering:
                steps += 1
                word = words[s]
                if word == _ANY:
                    if text in blockers[s]:
                        continue
                elif prefixes[s]:
                    if not (is_word and text.startswith(word or "")):
                        continue
                elif text != word:
                    continue
                for t in follow[s]:
                    steps += 1
                    accepted = accepts[t]
                    if accepted >= 0:
                        hits.append(Hit(accepted, first, i))
                    elif first < after.get(t, i + 1):
                        after[t] = first
            live = after
        return Scan(tuple(hits), steps)
