"""Word-level spans inside a link: what both sides say, and what only one side says.

Within one link the reader wants to see at a glance which words the two accounts share,
which words are one side's own, and how the hard facts compare: numbers ("30 days" against
"30-day"), dates ("March 19") and names ("Kyiv" against "Kiev"). Stop words are left
unmarked, so the highlights stay on the words that carry the meaning.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from app.differ.align import Prepared
from app.differ.similarity import Token
from app.differ.types import Span, SpanKind

_PAIRED: tuple[SpanKind, ...] = ("number", "date")  # facts set against unequal ones


def names(*sides: Prepared) -> frozenset[str]:
    """Words written with a capital inside a sentence somewhere in the texts: names, even
    where they open a sentence ("Putin said" after "President Putin")."""
    return frozenset(
        t.surface
        for side in sides
        for tokens in side.tokens
        for t in tokens
        if t.term and t.surface[:1].isupper() and not _opens_sentence(side, t)
    )


def spans(
    left: Prepared,
    right: Prepared,
    ls: Sequence[int],
    rs: Sequence[int],
    known_names: frozenset[str] = frozenset(),
) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """Spans of the left clauses `ls` and of the right clauses `rs` of one link."""
    a = _content(left, ls)
    b = _content(right, rs)
    a_kinds = [_fact(left, t, known_names) for t in a]
    b_kinds = [_fact(right, t, known_names) for t in b]
    a_to_b = _counterparts(a, a_kinds, b, b_kinds)
    b_to_a = _counterparts(b, b_kinds, a, a_kinds)
    return _spans(a, a_kinds, a_to_b), _spans(b, b_kinds, b_to_a)


def _content(side: Prepared, indexes: Sequence[int]) -> list[Token]:
    return [t for i in sorted(indexes) for t in side.tokens[i] if t.term]


def _fact(side: Prepared, token: Token, known_names: frozenset[str]) -> SpanKind | None:
    """Which kind of hard fact a word is, if any."""
    if token.date:
        return "date"
    if token.number:
        return "number"
    if token.surface[:1].isupper() and (
        token.alias or token.surface in known_names or not _opens_sentence(side, token)
    ):
        return "name"
    return None


def _opens_sentence(side: Prepared, token: Token) -> bool:
    """A capital at the start of a sentence says nothing about being a name."""
    before = side.text[max(0, token.start - 8) : token.start].rstrip(" \t\"'“‘([")
    if not before and token.start > 8:
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
    where: dict[str, list[int]] = defaultdict(list)
    for k, t in enumerate(theirs):
        where[t.term].append(k)
    seen: dict[str, int] = defaultdict(int)
    result: list[int | None] = []
    for t in mine:
        places = where.get(t.term)
        if places:
            result.append(places[min(seen[t.term], len(places) - 1)])
            seen[t.term] += 1
        else:
            result.append(None)
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
    tokens: Sequence[Token], kinds: Sequence[SpanKind | None], counterparts: Sequence[int | None]
) -> tuple[Span, ...]:
    out: list[Span] = []
    for t, kind, other in zip(tokens, kinds, counterparts, strict=True):
        if kind is None:
            kind = "shared" if other is not None else "changed"
        out.append(Span(t.start, t.end, kind, other))
    return tuple(out)
