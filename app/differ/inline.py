"""Word-level spans inside a link: what both sides say, and what only one side says.

Within one link the reader wants to see at a glance which words the two accounts share,
which words are one side's own, and how the hard facts compare: numbers ("30 days" against
"30-day"), dates ("March 19") and names ("Kyiv" against "Kiev"). Stop words are left
unmarked, so the highlights stay on the words that carry the meaning.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.differ.prepare import Prepared
from app.differ.similarity import Token
from app.differ.types import Span, SpanKind

_PAIRED: tuple[SpanKind, ...] = ("number", "date")  # facts set against unequal ones


def names(*sides: Prepared) -> frozenset[str]:
    """Words written with a capital inside a sentence somewhere in the texts: names, even
    where they open a sentence ("Putin said" after "President Putin")."""
    found: set[str] = set()
    for side in sides:
        for clause, tokens in zip(side.clauses, side.tokens, strict=True):
            for t in tokens:
                if t.surface in found or not t.term or not t.surface[:1].isupper():
                    continue
                if not _opens_sentence(side, clause.start + t.start):
                    found.add(t.surface)
    return frozenset(found)


_Relative = tuple[tuple[int, int, SpanKind, int | None], ...]


class SpanCache:
    """Spans of one-to-one links, remembered by the texts of the two clauses.

    A text that repeats one sentence thousands of times (boilerplate, or a hostile upload)
    links thousands of identical pairs; their spans differ only by offsets. The key holds
    the few characters before each clause too, since they decide whether its first word
    opens a sentence (and so whether a capital marks a name).
    """

    def __init__(self, left: Prepared, right: Prepared, known_names: frozenset[str]) -> None:
        self.left, self.right, self.known_names = left, right, known_names
        self._seen: dict[tuple[object, ...], tuple[_Relative, _Relative]] = {}
        self._repeated = (_repeated(left.ids), _repeated(right.ids))

    def spans(
        self, ls: Sequence[int], rs: Sequence[int]
    ) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
        """Spans of the left clauses `ls` and the right clauses `rs` of one link."""
        if len(ls) != 1 or len(rs) != 1:
            return spans(self.left, self.right, ls, rs, self.known_names)
        i, j = ls[0], rs[0]
        if self.left.ids[i] not in self._repeated[0] and self.right.ids[j] not in self._repeated[1]:
            return spans(self.left, self.right, ls, rs, self.known_names)  # cannot come again
        a, b = self.left.clauses[i].start, self.right.clauses[j].start
        key = (self.left.ids[i], self.right.ids[j], _context(self.left, a), _context(self.right, b))
        seen = self._seen.get(key)
        if seen is None:
            left_spans, right_spans = spans(self.left, self.right, ls, rs, self.known_names)
            seen = (_relative(left_spans, a), _relative(right_spans, b))
            self._seen[key] = seen
        return _absolute(seen[0], a), _absolute(seen[1], b)


def _repeated(ids: Sequence[int]) -> frozenset[int]:
    """Clause texts found more than once on a side."""
    seen: set[int] = set()
    again: set[int] = set()
    for k in ids:
        (again if k in seen else seen).add(k)
    return frozenset(again)


def _context(side: Prepared, start: int) -> tuple[str, int]:
    return side.text[max(0, start - 8) : start], min(start, 9)


def _relative(spans: tuple[Span, ...], base: int) -> _Relative:
    return tuple((s.start - base, s.end - base, s.kind, s.counterpart) for s in spans)


def _absolute(spans: _Relative, base: int) -> tuple[Span, ...]:
    return tuple(Span(base + a, base + b, kind, other) for a, b, kind, other in spans)


def spans(
    left: Prepared,
    right: Prepared,
    ls: Sequence[int],
    rs: Sequence[int],
    known_names: frozenset[str] = frozenset(),
) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """Spans of the left clauses `ls` and of the right clauses `rs` of one link."""
    a, a_bases = _content(left, ls)
    b, b_bases = _content(right, rs)
    a_kinds = [_fact(left, t, k + t.start, known_names) for t, k in zip(a, a_bases, strict=True)]
    b_kinds = [_fact(right, t, k + t.start, known_names) for t, k in zip(b, b_bases, strict=True)]
    a_to_b = _counterparts(a, a_kinds, b, b_kinds)
    b_to_a = _counterparts(b, b_kinds, a, a_kinds)
    return _spans(a, a_bases, a_kinds, a_to_b), _spans(b, b_bases, b_kinds, b_to_a)


def _content(side: Prepared, indexes: Sequence[int]) -> tuple[list[Token], list[int]]:
    """The content words of some clauses, and for each the offset of its clause (tokens are
    relative to their clause)."""
    tokens: list[Token] = []
    bases: list[int] = []
    for i in sorted(indexes):
        words = [t for t in side.tokens[i] if t.term]
        tokens.extend(words)
        bases.extend([side.clauses[i].start] * len(words))
    return tokens, bases


def _fact(side: Prepared, token: Token, start: int, known_names: frozenset[str]) -> SpanKind | None:
    """Which kind of hard fact a word (at `start` in the whole text) is, if any."""
    if token.date:
        return "date"
    if token.number:
        return "number"
    if token.surface[:1].isupper() and (
        token.alias or token.surface in known_names or not _opens_sentence(side, start)
    ):
        return "name"
    return None


def _opens_sentence(side: Prepared, start: int) -> bool:
    """A capital at the start of a sentence says nothing about being a name."""
    before = side.text[max(0, start - 8) : start].rstrip(" \t\"'“‘([")
    if not before and start > 8:
        return False
    return not before or before[-1] in ".!?:;\n" or before.endswith(("—", "–", "-"))


def _counterparts(
    mine: Sequence[Token],
    my_kinds: Sequence[SpanKind | None],
    theirs: Sequence[Token],
    their_kinds: Sequence[SpanKind | None],
) -> list[int | None]:
    """For each of my words, the index of the word it is set against on the other side.

    Equal terms pair first, the k-th occurrence with the k-th (or the last there is); numbers
    and dates left without an equal then pair, in order, with leftover ones of the same kind
    ("March 19" against "March 20"). Unequal names are not paired: Putin is not Trump.
    """
    where: dict[str, list[int]] = {}
    for k, t in enumerate(theirs):
        where.setdefault(t.term, []).append(k)
    seen: dict[str, int] = {}
    result: list[int | None] = []
    append = result.append
    for t in mine:
        term = t.term
        places = where.get(term)
        if places:
            n = seen.get(term, 0)
            append(places[n] if n < len(places) else places[-1])
            seen[term] = n + 1
        else:
            append(None)
    if any(kind in _PAIRED for kind in my_kinds):
        _pair_leftover_facts(mine, my_kinds, theirs, their_kinds, result)
    return result


def _pair_leftover_facts(
    mine: Sequence[Token],
    my_kinds: Sequence[SpanKind | None],
    theirs: Sequence[Token],
    their_kinds: Sequence[SpanKind | None],
    result: list[int | None],
) -> None:
    lone = [k for k, kind in enumerate(my_kinds) if kind in _PAIRED and result[k] is None]
    if not lone:
        return
    my_terms = {t.term for t in mine}
    for kind in _PAIRED:
        lone_mine = [k for k in lone if my_kinds[k] == kind]
        lone_theirs = [
            k for k, t in enumerate(theirs) if their_kinds[k] == kind and t.term not in my_terms
        ]
        for k, other in zip(lone_mine, lone_theirs, strict=False):
            result[k] = other


def _spans(
    tokens: Sequence[Token],
    bases: Sequence[int],
    kinds: Sequence[SpanKind | None],
    counterparts: Sequence[int | None],
) -> tuple[Span, ...]:
    out: list[Span] = []
    for t, base, kind, other in zip(tokens, bases, kinds, counterparts, strict=True):
        if kind is None:
            kind = "shared" if other is not None else "changed"
        out.append(Span(base + t.start, base + t.end, kind, other))
    return tuple(out)
