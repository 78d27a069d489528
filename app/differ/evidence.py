"""What two clauses share, as evidence that they make one point, and as words to show.

The same term counts fully; two words of one concept ("economic", "trade") count at a
discount, unless the clauses already share a word of that concept. Evidence is English
rarity: one name ("Taiwan", "Kursk") is evidence enough, "agreed" and "leaders" together
are not, and names that stand for the whole event (see prepare.py) are none.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from app.differ import similarity
from app.differ.prepare import Prepared


class Overlap(NamedTuple):
    shared: float  # weight the two clauses share
    rarity: float  # summed English rarity of the shared words (and concepts) that count
    words: int  # how many shared words (or concepts) count as evidence
    top: float  # rarity of the rarest of them

    def cosine(self, norm_a: float, norm_b: float) -> float:
        return self.shared / math.sqrt(norm_a * norm_b) if self.shared else 0.0


SHOWN = 1.0  # least rarity of a shared word shown as evidence: not "leaders", "agreed"


def overlap(
    a: dict[str, float],
    b: dict[str, float],
    ca: dict[str, tuple[float, float]],
    cb: dict[str, tuple[float, float]],
    side: Prepared,
    factor: float,
) -> Overlap:
    """The overlap of two clauses (term weights `a`, `b`; concepts `ca`, `cb`)."""
    if len(a) > len(b):
        a, b, ca, cb = b, a, cb, ca
    exact = [t for t in a if t in b]
    weights = [a[t] for t in exact]
    evidence = [side.info[t] for t in exact if t not in side.common]
    both = ca.keys() & cb.keys() if ca and cb else set()
    if both:
        both -= {similarity.concept(t) for t in exact}
    for c in both:
        (w, r), (w2, r2) = ca[c], cb[c]
        weights.append(factor * min(w, w2))
        evidence.append(factor * min(r, r2))
    counted = [e for e in evidence if e > 0]
    return Overlap(
        math.fsum(sorted(weights)),
        math.fsum(sorted(counted)),
        len(counted),
        max(counted, default=0.0),
    )


def pair_overlap(left: Prepared, right: Prepared, i: int, j: int, factor: float) -> Overlap:
    """The overlap of left clause i and right clause j."""
    return overlap(
        left.vectors[i], right.vectors[j], left.concepts[i], right.concepts[j], left, factor
    )


def shown(
    left: Prepared, right: Prepared, ls: Sequence[int], rs: Sequence[int], limit: int = 8
) -> tuple[str, ...]:
    """The evidence of a link as a reader can be shown it: the shared words that count,
    rarest first, then the concepts matched in other words ("economic ~ trade"). Either
    side's spelling may be shown ("Kiev" for "Kyiv"): the one that sorts first, so that
    swapping the sides shows the same words."""
    a = _surfaces(left, ls)
    b = _surfaces(right, rs)
    both = [t for t in a if t in b]
    exact = [t for t in both if t not in left.common and left.info[t] >= SHOWN]
    exact.sort(key=lambda t: (-left.info[t], t))
    words = [min(a[t] | b[t]) for t in exact]
    matched = {similarity.concept(t) for t in both}
    ca = _concept_words(left, ls)
    cb = _concept_words(right, rs)
    for c in sorted(ca.keys() & cb.keys() - matched):
        words.append(" ~ ".join(sorted((ca[c], cb[c]))))
    return tuple(words[:limit])


def _surfaces(side: Prepared, indexes: Sequence[int]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for i in indexes:
        for t in side.tokens[i]:
            if t.term:
                found.setdefault(t.term, set()).add(t.surface)
    return found


def _concept_words(side: Prepared, indexes: Sequence[int]) -> dict[str, str]:
    """Each concept of the clauses, with the first word (in sorted order) that gives it."""
    found: dict[str, str] = {}
    for i in indexes:
        for t in side.tokens[i]:
            c = t.concept or (similarity.concept(t.term) if t.term else "")
            if c and t.term not in side.common and (c not in found or t.surface < found[c]):
                found[c] = t.surface
    return found
