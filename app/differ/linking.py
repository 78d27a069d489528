"""Out-of-order, many-to-many linking of the clauses of two statements.

Two readouts of one call tell the same points in another order and other words, so every
clause may pair with any clause of the other side. To keep the cost far below
len(left) * len(right), candidates come from an inverted index on each clause's rarest terms
and concepts (very frequent ones are left out of the index), and only candidates are
scored. A pair is linked when its score is high on its own, or fairly high and the best
either clause has; links that share a clause are merged into one-to-many links. Every step
treats the two sides alike, so swapping them mirrors the result. The thresholds are
trained (params.py); the rules are these, each for a reason a careful reader would accept:

- one shared word links only if it is rare ("Kursk", not "allies"), and only clauses that
  have nothing better; such a link is shown as "possible";
- the two opening overviews of the call ("X and Y spoke about ...") link when they name
  something in common;
- a clause that opens with "This", "These", "For this purpose" goes on with the point of
  the clause before it, and may link where that one links on less evidence;
- a question (a journalist's, in a press conference) never links to a statement;
- a fragment of a sentence whose other part is linked, and that brings no rare word of its
  own ("and will do so in close coordination with partners"), joins that link rather than
  standing as said by one side only.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.differ.budget import NO_DEADLINE, Deadline
from app.differ.evidence import Overlap, pair_overlap
from app.differ.params import Params
from app.differ.prepare import Prepared
from app.differ.types import Confidence, LinkKind

SAME, SIMILAR = 0.8, 0.35  # kind thresholds on a link's score (what it looks like)
LINK_NEIGHBOUR = 0.1  # a pair this similar links if it continues a link on both sides
NEIGHBOUR_SHARED = 1.0  # and shares at least this much weight
NEW_WORD = 4.0  # a fragment with a word this rare (a name, a figure) has a point of its own
INDEX_TERMS = 6  # rarest terms of a clause looked up in the other side's index
CANDIDATES = 12  # best candidates per clause, by summed weight of shared index terms
_SPACE = re.compile(r"\s+")
# An opening that reports the conversation itself: "X and Y spoke about", "held talks",
# "a detailed exchange of views", "during the call".
_EVENT = re.compile(
    r"\b(?:spoke|speak|talked|talks|discuss\w*|conversation|call|phone|exchange[sd]? of views|"
    r"met|meeting|held|hosted)\b",
    re.IGNORECASE,
)
_ANAPHORA = re.compile(
    r"(?:this|these|that|those|such|it|they|he|she|the latter|the former|in addition|"
    r"also|for this purpose|in this context|to this end|as well as|in turn)\b"
)

Pair = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Group:
    """A link before its spans: clause indexes on each side, score, kind and confidence."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    score: float
    kind: LinkKind
    confidence: Confidence


@dataclass(frozen=True, slots=True)
class Linked:
    """The links of a pair, and for each clause left one-sided, its nearest miss: the
    clause of the other side it came closest to, and that pair's score."""

    groups: list[Group]
    near_left: dict[int, tuple[int, float]]
    near_right: dict[int, tuple[int, float]]


def candidates(
    left: Prepared,
    right: Prepared,
    deadline: Deadline = NO_DEADLINE,
    taken: tuple[set[int], set[int]] = (set(), set()),
) -> set[Pair]:
    """Pairs worth scoring: clauses that share one of their rarest terms or concepts, from
    both sides. Clauses already `taken` (written identically on the other side) are left
    out, and so are a question and a statement."""
    ls = [k for k in range(len(left.vectors)) if k not in taken[0]]
    rs = [k for k in range(len(right.vectors)) if k not in taken[1]]
    lkeys, rkeys = _keys(left), _keys(right)
    pairs = set(_lookup(lkeys, ls, rkeys, rs, deadline))
    pairs.update((i, j) for j, i in _lookup(rkeys, rs, lkeys, ls, deadline))
    return {(i, j) for i, j in pairs if left.questions[i] == right.questions[j]}


def _keys(side: Prepared) -> list[dict[str, float]]:
    """Each clause's index keys: its terms, and its concepts (at a discount)."""
    return [
        v | {c: 0.5 * w for c, (w, _) in cs.items() if c not in v}
        for v, cs in zip(side.vectors, side.concepts, strict=True)
    ]


def _lookup(
    queries: Sequence[dict[str, float]],
    query_ids: Sequence[int],
    targets: Sequence[dict[str, float]],
    target_ids: Sequence[int],
    deadline: Deadline = NO_DEADLINE,
) -> list[Pair]:
    """For each query clause, the target clauses sharing most weight among its rarest keys.

    Keys found in very many target clauses are skipped: they cannot single out a clause,
    and their posting lists would make the cost quadratic.
    """
    index: dict[str, list[int]] = defaultdict(list)
    for j in target_ids:
        for term in targets[j]:
            index[term].append(j)
    cap = max(24, int(2 * math.sqrt(len(target_ids))))
    found: list[Pair] = []
    for step, i in enumerate(query_ids):
        deadline.every(step)
        vec = queries[i]
        rare = heapq.nsmallest(INDEX_TERMS, vec, key=lambda t: (-vec[t], t))
        acc: dict[int, float] = {}
        for term in rare:
            posting = index.get(term, ())
            if len(posting) > cap:
                continue
            w = vec[term]
            for j in posting:
                acc[j] = acc.get(j, 0.0) + w
        if len(acc) > CANDIDATES:
            best = heapq.nsmallest(CANDIDATES, acc, key=lambda j: (-acc[j], j))
        else:
            best = list(acc)
        found.extend((i, j) for j in best)
    return found


def overlaps(
    left: Prepared,
    right: Prepared,
    pairs: Iterable[Pair],
    factor: float,
    deadline: Deadline = NO_DEADLINE,
) -> dict[Pair, tuple[float, Overlap]]:
    """Score (cosine) and overlap of each candidate pair; equal clause texts once."""
    found: dict[Pair, tuple[float, Overlap]] = {}
    seen: dict[Pair, tuple[float, Overlap]] = {}  # by the two clause texts
    for k, (i, j) in enumerate(sorted(pairs)):
        deadline.every(k)
        key = (left.ids[i], right.ids[j])
        if key not in seen:
            o = pair_overlap(left, right, i, j, factor)
            seen[key] = (o.cosine(left.norms[i], right.norms[j]), o)
        found[(i, j)] = seen[key]
    return found


def select(scored: dict[Pair, tuple[float, Overlap]], p: Params) -> dict[Pair, Confidence]:
    """Pairs that are strong on their own, or fairly strong and (nearly) one clause's best,
    or weaker but each clause's best match: two readouts mostly tell the same points, so a
    clause and its best counterpart that choose each other are likely one point.

    A pair sharing a single word ("the Middle East", "bilateral") is thin evidence: two
    points can share a topic word. It links only if the word is rare, as the best match
    of one clause whose counterpart has nothing better, and is shown as "possible".
    """
    scores = {
        pair: s
        for pair, (s, o) in scored.items()
        if o.rarity >= p.min_shared and (o.words >= 2 or o.top >= p.min_single)
    }
    best_l: dict[int, float] = defaultdict(float)
    best_r: dict[int, float] = defaultdict(float)
    for (i, j), s in scores.items():
        best_l[i] = max(best_l[i], s)
        best_r[j] = max(best_r[j], s)
    chosen: dict[Pair, Confidence] = {}
    for (i, j), s in scores.items():
        near_best = s >= p.best_share * best_l[i] or s >= p.best_share * best_r[j]
        mutual = s >= best_l[i] and s >= best_r[j]
        if scored[(i, j)][1].words < 2:
            free = (s >= best_l[i] and best_r[j] < p.link_best) or (
                s >= best_r[j] and best_l[i] < p.link_best
            )
            if s >= p.link_mutual and (mutual or free):
                chosen[(i, j)] = "possible"
        elif s >= p.link_alone:
            chosen[(i, j)] = "strong"
        elif (s >= p.link_best and near_best) or (s >= p.link_mutual and mutual):
            chosen[(i, j)] = "likely"
    return chosen


def neighbours(
    chosen: Iterable[Pair],
    left: Prepared,
    right: Prepared,
    taken: tuple[set[int], set[int]],
    p: Params,
) -> set[Pair]:
    """Weaker pairs that continue a link: a clause opening with "This", "These", "It was
    agreed", "For this purpose" goes on with the point of the clause before it, so it may
    link where that clause links, on less evidence of its own."""
    chosen = set(chosen)
    found: set[Pair] = set()
    for i, j in sorted(chosen):
        for a, b in ((i, j + 1), (i + 1, j)):
            if (a, b) in chosen or a in taken[0] or b in taken[1]:
                continue
            if a >= len(left.clauses) or b >= len(right.clauses):
                continue
            if left.questions[a] != right.questions[b]:
                continue
            if not _continues(*((right, b) if b != j else (left, a))):
                continue
            o = pair_overlap(left, right, a, b, p.concept_factor)
            if (
                o.shared >= NEIGHBOUR_SHARED
                and o.cosine(left.norms[a], right.norms[b]) >= LINK_NEIGHBOUR
            ):
                found.add((a, b))
    return found


def gaps(chosen: Iterable[Pair], scored: dict[Pair, tuple[float, Overlap]]) -> set[Pair]:
    """Pairs that fill a gap in the order of the links: two readouts of one call mostly
    tell their points in the same order, so a clause found between two linked points on
    one side, whose best unlinked counterpart lies between the same two points on the
    other side and chooses it in return, likely makes the same point, on less evidence
    than a pair out of order would need: any shared weight, if the two choose each other
    ("underscored their support for Ukraine" between the briefing on the Putin call and
    "stay in close contact", on both sides). Only a gap between two links: before the
    first link or after the last, a readout is free to add what the other left out (a
    closing "they agreed to stay in touch", a point of its own leader's)."""
    linked = sorted(set(chosen))
    if not linked:
        return set()
    lmap: dict[int, list[int]] = defaultdict(list)
    rmap: dict[int, list[int]] = defaultdict(list)
    for i, j in linked:
        lmap[i].append(j)
        rmap[j].append(i)
    free = {
        (i, j): s
        for (i, j), (s, o) in scored.items()
        if i not in lmap and j not in rmap and o.shared > 0
    }
    best_l: dict[int, float] = defaultdict(float)
    best_r: dict[int, float] = defaultdict(float)
    for (i, j), s in free.items():
        best_l[i] = max(best_l[i], s)
        best_r[j] = max(best_r[j], s)
    lkeys, rkeys = sorted(lmap), sorted(rmap)
    return {
        (i, j)
        for (i, j), s in free.items()
        if s >= best_l[i]
        and s >= best_r[j]
        and _between(i, j, lkeys, lmap)
        and _between(j, i, rkeys, rmap)
    }


def _between(k: int, other: int, keys: list[int], partners: dict[int, list[int]]) -> bool:
    """Whether the linked clauses nearest before and after clause k have all their partners
    before and after `other`, respectively."""
    at = bisect.bisect_left(keys, k)
    before = keys[at - 1] if at > 0 else None
    after = keys[at] if at < len(keys) else None
    if before is None or after is None:
        return False  # before the first link or after the last: no gap, an open end
    return max(partners[before]) < other < min(partners[after])


def _continues(side: Prepared, k: int) -> bool:
    """Whether clause k leans on the one before it (an anaphoric opening)."""
    if k == 0:
        return False
    clause = side.clauses[k]
    opening = side.text[clause.start : min(clause.end, clause.start + 40)].lower()
    return _ANAPHORA.match(opening) is not None


def opening(left: Prepared, right: Prepared) -> set[Pair]:
    """The two first clauses, when both report the conversation itself and name something
    in common ("Trump and Putin spoke about ... Ukraine" / "a frank exchange of views on
    ... Ukraine"): readouts open with an overview of the call, which is one point even
    when it shares nothing but the event and its topic."""
    if not left.clauses or not right.clauses:
        return set()
    if not all(_EVENT.search(_opening_text(side)) for side in (left, right)):
        return set()
    a, b = left.vectors[0], right.vectors[0]
    shared = any(t in b for t in a) or any(c in right.concepts[0] for c in left.concepts[0])
    return {(0, 0)} if shared else set()


def _opening_text(side: Prepared) -> str:
    clause = side.clauses[0]
    return side.text[clause.start : min(clause.end, clause.start + 400)]


def exact_pairs(left: Prepared, right: Prepared) -> set[Pair]:
    """Clauses written identically on both sides, paired in order of occurrence."""
    by_text: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    keys: dict[int, str] = {}  # a clause text met again is not normalised again
    for side, prepared in ((0, left), (1, right)):
        for k, (c, text_id) in enumerate(zip(prepared.clauses, prepared.ids, strict=True)):
            key = keys.get(text_id)
            if key is None:
                key = _SPACE.sub(" ", prepared.text[c.start : c.end]).casefold()
                keys[text_id] = key
            by_text[key][side].append(k)
    return {p for ls, rs in by_text.values() for p in zip(ls, rs, strict=False)}
