"""From linked clause pairs to the links a reader sees: fragments joined, one-to-many
links merged, each with a score, a kind and a confidence; and the near misses of the
clauses left one-sided, so that a summary can say how sure it is that they are."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence

from app.differ import linking, similarity
from app.differ.budget import NO_DEADLINE, Deadline
from app.differ.evidence import overlap
from app.differ.linking import Group, Linked, Pair
from app.differ.params import Params
from app.differ.prepare import Prepared
from app.differ.types import Confidence, LinkKind

_RANK: dict[Confidence, int] = {"possible": 0, "likely": 1, "strong": 2}


def link(left: Prepared, right: Prepared, p: Params, deadline: Deadline = NO_DEADLINE) -> Linked:
    """All links between the two sides, before word-level spans, in left-text order."""
    exact = linking.exact_pairs(left, right)
    taken = ({i for i, _ in exact}, {j for _, j in exact})
    scored = linking.overlaps(
        left, right, linking.candidates(left, right, deadline, taken), p.concept_factor, deadline
    )
    deadline.check()
    chosen = linking.select(scored, p)
    for pair in linking.neighbours(chosen, left, right, taken, p):
        chosen.setdefault(pair, "possible")
    if 0 not in taken[0] and 0 not in taken[1]:
        for pair in linking.opening(left, right):
            chosen.setdefault(pair, "likely")
    for pair in linking.gaps(chosen.keys() | exact, scored):
        chosen.setdefault(pair, "possible")
    deadline.check()
    joined = fragments(left, right, chosen.keys() | exact)
    deadline.check()
    groups = [Group((i,), (j,), 1.0, "same", "strong") for i, j in sorted(exact)]
    groups.extend(_merge(chosen, joined, left, right, p))
    linked_l = {i for g in groups for i in g.left}
    linked_r = {j for g in groups for j in g.right}
    near_l: dict[int, tuple[int, float]] = {}
    near_r: dict[int, tuple[int, float]] = {}
    for (i, j), (s, o) in sorted(scored.items()):
        if not o.rarity:
            continue  # sharing only frame words or the event's names is no near miss
        if i not in linked_l and s > near_l.get(i, (0, 0.0))[1]:
            near_l[i] = (j, round(s, 3))
        if j not in linked_r and s > near_r.get(j, (0, 0.0))[1]:
            near_r[j] = (i, round(s, 3))
    return Linked(sorted(groups, key=lambda g: (g.left, g.right)), near_l, near_r)


def fragments(left: Prepared, right: Prepared, pairs: set[Pair]) -> set[Pair]:
    """Pairs that join a fragment of a sentence to the link of the rest of its sentence.

    Clause splitting cuts "They agreed to impose costs on X, and the U.S. will do so in
    close coordination with partners" in two; if the first part links and the second
    says nothing new (no rare word of its own: no name, no figure, no uncommon term), it
    is part of the same point, not a point only one side made.
    """
    found: set[Pair] = set()
    for mine, flip in ((left, False), (right, True)):
        links: dict[int, set[int]] = defaultdict(set)
        for i, j in pairs:
            a, b = (j, i) if flip else (i, j)
            links[a].add(b)
        linked_in: dict[int, list[int]] = defaultdict(list)  # sentence -> linked clauses
        for k in sorted(links):
            linked_in[mine.clauses[k].sentence].append(k)
        for k, clause in enumerate(mine.clauses):
            siblings = linked_in.get(clause.sentence)
            if not siblings or k in links:
                continue
            sibling = _nearest(siblings, k)
            if _says_something_new(mine, k, sibling):
                continue
            for b in links[sibling]:
                found.add((b, k) if flip else (k, b))
    return found


def _nearest(sorted_ks: list[int], k: int) -> int:
    """The member of `sorted_ks` nearest to k (the earlier one on a tie)."""
    at = bisect.bisect_left(sorted_ks, k)
    if at == 0:
        return sorted_ks[0]
    if at == len(sorted_ks):
        return sorted_ks[-1]
    before, after = sorted_ks[at - 1], sorted_ks[at]
    return before if k - before <= after - k else after


def _says_something_new(side: Prepared, k: int, sibling: int) -> bool:
    """Whether clause k has a rare word (not of the whole pair's topic) that its linked
    sibling does not have."""
    known = side.vectors[sibling]
    return any(
        side.info[t] >= linking.NEW_WORD and t not in known and t not in side.common
        for t in side.vectors[k]
    )


def _merge(
    chosen: dict[Pair, Confidence], joined: set[Pair], left: Prepared, right: Prepared, p: Params
) -> list[Group]:
    """Turn linked pairs into links: a clause linked to several clauses that link nowhere
    else becomes one one-to-many link; other pairs stay links of their own. A link is as
    sure as its surest pair; fragments joined to it do not change that."""
    pairs = set(chosen) | joined
    deg_l: dict[int, int] = defaultdict(int)
    deg_r: dict[int, int] = defaultdict(int)
    for i, j in pairs:
        deg_l[i] += 1
        deg_r[j] += 1
    fan_l: dict[int, list[int]] = defaultdict(list)
    fan_r: dict[int, list[int]] = defaultdict(list)
    single: list[Pair] = []
    for i, j in sorted(pairs):
        if deg_l[i] > 1 and deg_r[j] == 1:
            fan_l[i].append(j)
        elif deg_r[j] > 1 and deg_l[i] == 1:
            fan_r[j].append(i)
        else:
            single.append((i, j))
    shapes: list[tuple[tuple[int, ...], tuple[int, ...]]]
    shapes = [((i,), tuple(js)) for i, js in fan_l.items()]
    shapes += [(tuple(ls), (j,)) for j, ls in fan_r.items()]
    shapes += [((i,), (j,)) for i, j in single]
    out = []
    for ls, rs in shapes:
        own = [chosen[(i, j)] for i in ls for j in rs if (i, j) in chosen]
        confidence = max(own, key=_RANK.__getitem__) if own else "possible"
        out.append(_group(ls, rs, left, right, p, confidence))
    return out


def _group(
    ls: Sequence[int],
    rs: Sequence[int],
    left: Prepared,
    right: Prepared,
    p: Params,
    confidence: Confidence,
) -> Group:
    a: dict[str, float] = {}
    b: dict[str, float] = {}
    ca: dict[str, tuple[float, float]] = {}
    cb: dict[str, tuple[float, float]] = {}
    for i in ls:
        a.update(left.vectors[i])
        ca.update(left.concepts[i])
    for j in rs:
        b.update(right.vectors[j])
        cb.update(right.concepts[j])
    o = overlap(a, b, ca, cb, left, p.concept_factor)
    score = round(min(1.0, o.cosine(similarity.total(a), similarity.total(b))), 3)
    return Group(tuple(ls), tuple(rs), score, kind_of(score), confidence)


def kind_of(score: float) -> LinkKind:
    if score >= linking.SAME:
        return "same"
    return "similar" if score >= linking.SIMILAR else "related"
