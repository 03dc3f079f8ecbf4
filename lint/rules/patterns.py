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

_ANY = ""  # the word of a gap state: any token but a sentence end or a negation
# Token texts whose start states an automaton keeps (then it starts again).
_STARTS_KEPT = 20_000


@dataclass
class _State:
    """While compiling: a consuming state (``word`` set), a split (``word`` None, several
    ``nexts``), or the accepting state (``accepts``)."""

    word: str | None = None
    prefix: bool = False
    nexts: list[int] = field(default_factory=list)
    accepts: bool = False


class Fragment(NamedTuple):
    """One pattern compiled on its own, splits already closed over: consuming states
    ``0..k-1`` (each the word it reads, ``_ANY`` for a gap's, and whether that word is a
    prefix), then state ``k``, the accepting one. ``follows[s]``: the consuming or
    accepting states reached after state ``s`` reads its token, each as its distance from
    ``s`` (so a fragment means the same wherever it is put); ``entry``: where a match
    starts; ``size``: how many states the construction made, splits included
    (``len(Automaton)``)."""

    words: tuple[str, ...]
    prefixes: tuple[bool, ...]
    follows: tuple[tuple[int, ...], ...]
    entry: tuple[int, ...]
    size: int


class _Builder:
    """Thompson's construction of one pattern (a gap ``..N`` is N optional any-token
    states, so bounded gaps add states, never loops)."""

    def __init__(self) -> None:
        self.states: list[_State] = []

    def new(self, state: _State) -> int:
        self.states.append(state)
        return len(self.states) - 1

    def sequence(self, nodes: Sequence[Node], then: int) -> int:
        """Build ``nodes`` backwards so that they continue to state ``then``; return the entry."""
        entry = then
        for node in reversed(nodes):
            entry = self.node(node, entry)
        return entry

    def node(self, node: Node, then: int) -> int:
        if isinstance(node, Lit):
            return self.new(_State(word=node.word, prefix=node.prefix, nexts=[then]))
        if isinstance(node, Gap):
            entry = then
            for _ in range(node.most):  # ..3 is: [any [any [any]]]
                skip = self.new(_State(word=_ANY, nexts=[entry]))
                entry = self.new(_State(nexts=[skip, then]))
            return entry
        nexts = [self.sequence(option, then) for option in node.options]
        if node.optional:
            nexts.append(then)
        return self.new(_State(nexts=nexts))

    def close(self, state: int) -> list[int]:
        """The consuming and accepting states reachable from ``state`` without a token."""
        seen: set[int] = set()
        out: list[int] = []
        stack = [state]
        while stack:
            s = stack.pop()
            if s in seen:
                continue
            seen.add(s)
            node = self.states[s]
            if node.word is not None or node.accepts:
                out.append(s)
            else:
                stack.extend(node.nexts)
        return out


def fragment(nodes: Sequence[Node]) -> Fragment:
    """A pattern's states, its splits closed over (the epsilon closures computed now),
    numbered from the entry on (a sequence of words is states 0, 1, 2 …, each followed by
    the next)."""
    builder = _Builder()
    accept = builder.new(_State(accepts=True))
    entry = builder.sequence(nodes, accept)
    states = builder.states
    # built backwards: the last made comes first
    kept = [s for s in reversed(range(len(states))) if states[s].word is not None]
    local = {s: i for i, s in enumerate(kept)}
    local[accept] = len(kept)
    return Fragment(
        words=tuple(states[s].word or _ANY for s in kept),
        prefixes=tuple(states[s].prefix for s in kept),
        follows=tuple(
            tuple(local[t] - i for t in builder.close(states[s].nexts[0]))
            for i, s in enumerate(kept)
        ),
        entry=tuple(local[t] for t in builder.close(entry)),
        size=len(states),
    )


class Hit(NamedTuple):
    """Pattern ``pattern`` matched tokens ``[first, last]``."""

    pattern: int
    first: int
    last: int


@dataclass(frozen=True)
class Scan:
    hits: tuple[Hit, ...]
    steps: int  # state transitions examined: the work, for the linearity test


class Compiled(NamedTuple):
    """Patterns' fragments side by side, each state numbered once: a consuming state's
    word (``_ANY`` for a gap's; None for an accepting state), whether it is a prefix, the
    states it leads to (each as its distance); and per pattern, where its states begin,
    its start states (from there), its accepting state and its construction's size.
    Every bundled phrase's are made at packaging time (``phrase_data``); a matcher picks
    the patterns it wants from them."""

    words: list[str | None]
    prefixes: list[bool]
    follows: list[Sequence[int]]
    firsts: list[int]
    entries: list[Sequence[int]]
    accepts: list[int]
    sizes: list[int]


def join(fragments: Iterable[Fragment], onto: Compiled | None = None) -> Compiled:
    """``onto``'s patterns (copied, never changed) followed by ``fragments``."""
    base = onto or Compiled([], [], [], [], [], [], [])
    out = Compiled(
        list(base.words),
        list(base.prefixes),
        list(base.follows),
        list(base.firsts),
        list(base.entries),
        list(base.accepts),
        list(base.sizes),
    )
    for part in fragments:
        first = len(out.words)
        out.words.extend(part.words)
        out.words.append(None)
        out.prefixes.extend(part.prefixes)
        out.prefixes.append(False)
        out.follows.extend(part.follows)
        out.follows.append(())
        out.firsts.append(first)
        out.entries.append(part.entry)
        out.accepts.append(first + len(part.words))
        out.sizes.append(part.size)
    return out


class Automaton:
    """Some patterns of a ``Compiled`` as one automaton over tokens: a state reads one
    token, and ``follows`` says where it leads, the splits between already closed over.
    Only the chosen patterns' start states are entered, so the others' states, shared,
    stay unreached."""

    def __init__(
        self,
        patterns: Sequence[tuple[Node, ...]],
        blockers: Sequence[Iterable[str]] = (),
    ) -> None:
        """``blockers[i]``: the words (negations) the gaps of pattern ``i`` may not skip,
        besides sentence ends."""
        compiled = join(fragment(nodes) for nodes in patterns)
        self._choose(compiled, range(len(patterns)), blockers)

    @classmethod
    def choosing(
        cls, compiled: Compiled, chosen: Sequence[int], blockers: Sequence[Iterable[str]] = ()
    ) -> Automaton:
        """The automaton of ``compiled``'s patterns ``chosen`` (a hit names the position in
        ``chosen``: of a pattern chosen twice, the first)."""
        automaton = cls.__new__(cls)
        automaton._choose(compiled, chosen, blockers)
        return automaton

    def _choose(
        self, compiled: Compiled, chosen: Sequence[int], blockers: Sequence[Iterable[str]]
    ) -> None:
        words, prefixes = compiled.words, compiled.prefixes
        accepts = [-1] * len(words)  # the chosen pattern a state accepts, else -1
        # a gap state's: the tokens it may not skip (its own pattern's)
        blocks: list[frozenset[str]] = [SENTENCE_ENDS] * len(words)
        start_exact: dict[str, list[int]] = {}
        start_prefix: dict[str, list[int]] = {}
        unions: dict[int, frozenset[str]] = {}
        size = 0
        for index, pattern in enumerate(chosen):
            accept = compiled.accepts[pattern]
            if accepts[accept] >= 0:
                continue
            accepts[accept] = index
            first = compiled.firsts[pattern]
            if index < len(blockers):
                blocked = blockers[index]
                gap = unions.get(id(blocked))
                if gap is None:  # the same set for every phrase of a language
                    gap = unions[id(blocked)] = SENTENCE_ENDS.union(blocked)
                blocks[first:accept] = [gap] * (accept - first)
            size += compiled.sizes[pattern]
            for entry in compiled.entries[pattern]:
                s = first + entry
                word = words[s]
                assert word, "parse() rejects patterns that begin with a gap or nothing"
                table = start_prefix if prefixes[s] else start_exact
                table.setdefault(word, []).append(s)
        self._words, self._prefixes, self._follows = words, prefixes, compiled.follows
        self._accepts, self._blocks, self._size = accepts, blocks, size
        self._start_exact, self._start_prefix = start_exact, start_prefix
        self._longest_prefix = max(map(len, start_prefix), default=0)
        # The states a token starts, by its text (words and other tokens apart): texts
        # repeat their words, and a word's prefixes are each looked up once, not per token.
        self._starting: tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]] = ({}, {})

    def __len__(self) -> int:
        """The states of the construction, splits included (what bounds a scan's work)."""
        return self._size

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
        words, prefixes, follows = self._words, self._prefixes, self._follows
        accepts, blocks = self._accepts, self._blocks
        live: dict[int, int] = {}  # consuming state -> earliest first token
        hits: list[Hit] = []
        steps = 0
        last = len(toks) - 1
        for i, token in enumerate(toks):
            text, is_word = token.text, token.kind == WORD
            starting = self._starts(text, is_word)
            after: dict[int, int] = {}
            # A state that waits for one word joins the live set only when the next token
            # is that word (the test it would fail there, made once here): most do not.
            ahead = toks[i + 1].text if i < last else None
            # A start state reads this token by how it was found (its word is the token,
            # or a prefix of this word), and every match it begins starts here.
            for s in starting:
                steps += 1
                for distance in follows[s]:
                    steps += 1
                    t = s + distance
                    accepted = accepts[t]
                    if accepted >= 0:
                        hits.append(Hit(accepted, i, i))
                    elif t not in after:
                        word = words[t]
                        if word and not prefixes[t] and word != ahead:
                            continue
                        after[t] = i
            for s, first in live.items():
                steps += 1
                word = words[s]
                if word == _ANY:
                    if text in blocks[s]:
                        continue
                elif prefixes[s] and not (is_word and text.startswith(word or "")):
                    continue
                # (a one-word state is live only because this token is its word)
                for distance in follows[s]:
                    steps += 1
                    t = s + distance
                    accepted = accepts[t]
                    if accepted >= 0:
                        hits.append(Hit(accepted, first, i))
                    elif first < after.get(t, i + 1):
                        word = words[t]
                        if word and not prefixes[t] and word != ahead:
                            continue
                        after[t] = first
            live = after
        return Scan(tuple(hits), steps)
