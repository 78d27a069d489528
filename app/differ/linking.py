"""Out-of-order, many-to-many linking of the clauses of two statements.

Two readouts of one call tell the same points in another order and other words, so every
clause may pair with any clause of the other side. To keep the cost far below
len(left) * len(right), candidates come from an inverted index on each clause's rarest terms
(very frequent terms are left out of the index), and only candidates are scored. A pair is
linked when its score is high on its own, or fairly high and the best either clause has;
links that share a clause are merged into one-to-many links. Every step treats the two
sides alike, so swapping them mirrors the result.

What counts as evidence is what a careful reader would accept in any pair of readouts:
near-synonyms of the genre ("economic"/"trade", "lasting"/"durable") match at a discount;
names that run through both texts (the principals, the country the call was about) are
the event, not a point, and prove nothing; one shared word links only clauses that have
nothing better; and the two opening overviews of the call ("X and Y spoke about ...")
link when they name something in common.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from app.differ import similarity
from app.differ.budget import NO_DEADLINE, Deadline
from app.differ.segment import clauses as split_clauses
from app.differ.similarity import Token
from app.differ.types import Clause, LinkKind

# Scores are cosines of weighted term sets, in [0, 1].
LINK_ALONE = 0.4  # a pair this similar links whatever else either clause matches
LINK_BEST = 0.18  # a pair this similar links if it is (nearly) the best match of one clause
BEST_SHARE = 0.7  # "nearly": within this fraction of that clause's best score
LINK_MUTUAL = 0.1  # a pair this similar links if each clause is the other's best match
LINK_NEIGHBOUR = 0.1  # a pair this similar links if it is next to a link on both sides
NEIGHBOUR_SHARED = 1.0  # and shares at least this much weight
MIN_SHARED = 2.5  # least English rarity of the shared words: one rare word, or two ordinary
SAME, SIMILAR = 0.8, 0.35  # kind thresholds on a link's score
CONCEPT_FACTOR = 0.4  # two words of one concept count this much of the same word
COMMON_SHARE = 0.15  # a term in this share of all clauses, on both sides, is the pair's topic
COMMON_MIN_DF = 4  # and in at least this many clauses (short texts repeat little)

INDEX_TERMS = 6  # rarest terms of a clause looked up in the other side's index
CANDIDATES = 12  # best candidates per clause, by summed weight of shared index terms
_SPACE = re.compile(r"\s+")
# An opening that reports the conversation itself: "X and Y spoke about", "held talks",
# "a detailed exchange of views", "during the call".
_EVENT = re.compile(
    r"\b(?:spoke|speak|talked|talks|discuss\w*|conversation|call|phone|exchange[sd]? of views|"
    r"met|meeting|held)\b",
    re.IGNORECASE,
)
_ANAPHORA = re.compile(
    r"(?:this|these|that|those|such|it|they|he|she|the latter|the former|in addition|"
    r"also|for this purpose|in this context|to this end|as well as|in turn)\b"
)


@dataclass(frozen=True, slots=True)
class Prepared:
    """One side, cut and tokenized: clauses, their tokens, and their weighted term sets."""

    text: str
    clauses: tuple[Clause, ...]
    tokens: tuple[tuple[Token, ...], ...]
    vectors: tuple[dict[str, float], ...]
    norms: tuple[float, ...]  # each clause's total weight
    info: dict[str, float]  # English rarity of each term of the pair (shared by both sides)
    concepts: tuple[dict[str, tuple[float, float]], ...]  # concept -> (weight, rarity)
    common: frozenset[str]  # terms found throughout both texts: the topic of the whole pair
    ids: tuple[int, ...]  # each clause's text, numbered: equal numbers, equal texts (both sides)


@dataclass(frozen=True, slots=True)
class Group:
    """A link before its spans: clause indexes on each side, a score and a kind."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    score: float
    kind: LinkKind


def prepare(left: str, right: str, deadline: Deadline = NO_DEADLINE) -> tuple[Prepared, Prepared]:
    """Cut both texts and weight their terms with statistics of the pair as a whole.

    Each distinct clause text is tokenized and weighted once, whatever its count: hostile or
    boilerplate-heavy input repeats one sentence thousands of times, and identical clauses
    share their tokens and vectors. Tokens are relative to their clause's start.
    """
    lc, rc = split_clauses(left, deadline), split_clauses(right, deadline)
    ids: dict[str, int] = {}
    lids = [ids.setdefault(left[c.start : c.end], len(ids)) for c in lc]
    rids = [ids.setdefault(right[c.start : c.end], len(ids)) for c in rc]
    unique: list[tuple[Token, ...]] = []
    for k, text in enumerate(ids):
        deadline.every(k, 63)
        unique.append(tuple(similarity.tokenize(text, deadline=deadline)))
    merged = similarity.merge_variants(_terms(unique, lids), _terms(unique, rids), deadline)
    unique = [_remap(ts, merged) for ts in unique]
    info, weights = _weights(unique, Counter(lids + rids), len(lids) + len(rids))
    common = _common_terms(unique, lids, rids)
    vectors = [_vector(t, weights) for t in unique]
    norms = [similarity.total(v) for v in vectors]
    concepts = [_concepts(v, info, common) for v in vectors]

    def side(text: str, clauses: tuple[Clause, ...], k: list[int]) -> Prepared:
        return Prepared(
            text,
            clauses,
            tuple(unique[i] for i in k),
            tuple(vectors[i] for i in k),
            tuple(norms[i] for i in k),
            info,
            tuple(concepts[i] for i in k),
            common,
            tuple(k),
        )

    return side(left, lc, lids), side(right, rc, rids)


def _common_terms(
    unique: Sequence[Sequence[Token]], left: Sequence[int], right: Sequence[int]
) -> frozenset[str]:
    """Names that recur through both texts: the principals, the country the call was about.

    They identify the event, not a point of it, so sharing only them says nothing about
    which clauses tell the same thing. Only names: a recurring word such as "peace" is
    what the call was about, yet "a lasting peace" and "a peaceful resolution" are one point.
    """
    names = [{t.term for t in tokens if _is_name(t, tokens)} for tokens in unique]
    df: dict[str, int] = defaultdict(int)
    sides: list[set[str]] = []
    for ids in (left, right):
        seen: set[str] = set()
        for k, count in Counter(ids).items():
            for term in names[k]:
                df[term] += count
                seen.add(term)
        sides.append(seen)
    floor = max(COMMON_MIN_DF, COMMON_SHARE * (len(left) + len(right)))
    return frozenset(t for t in sides[0] & sides[1] if df[t] >= floor)


def _is_name(token: Token, clause: Sequence[Token]) -> bool:
    """A place or a person: an alias ("Kremlin", "U.S."), or a capital inside a clause."""
    if not token.term or token.number:
        return False
    return token.alias or (token.surface[:1].isupper() and token is not clause[0])


def _concepts(
    vector: dict[str, float], info: dict[str, float], common: frozenset[str]
) -> dict[str, tuple[float, float]]:
    """The concepts of a clause's terms, each with the weight and the rarity (as evidence:
    none for a term common to the whole pair) of its heaviest term."""
    found: dict[str, tuple[float, float]] = {}
    for term, weight in vector.items():
        c = similarity.concept(term)
        value = (weight, 0.0 if term in common else info[term])
        if c and (c not in found or value > found[c]):
            found[c] = value
    return found


def _terms(unique: Sequence[Sequence[Token]], ids: Sequence[int]) -> set[str]:
    return {t.term for k in set(ids) for t in unique[k] if t.term}


def _remap(tokens: tuple[Token, ...], merged: dict[str, str]) -> tuple[Token, ...]:
    if not merged:
        return tokens
    return tuple(t._replace(term=merged[t.term]) if t.term in merged else t for t in tokens)


def _weights(
    unique: Sequence[Sequence[Token]], counts: Counter[int], n: int
) -> tuple[dict[str, float], dict[str, float]]:
    """English rarity of each term, and that times its rarity within the pair: a term found
    in every clause says little about any one of them. `counts` says how many clauses of
    the pair each distinct clause text stands for; n is their total."""
    surfaces: dict[str, set[str]] = defaultdict(set)
    df: dict[str, int] = defaultdict(int)
    for k, tokens in enumerate(unique):
        for term in {t.term for t in tokens if t.term}:
            df[term] += counts[k]
        for t in tokens:
            if t.term:
                surfaces[t.term].add(t.surface)
    n = max(2, n)
    scale = math.log(1 + n)
    info = {term: similarity.information(term, sorted(surfaces[term])) for term in sorted(df)}
    weights = {term: info[term] * math.log(1 + n / df[term]) / scale for term in info}
    return info, weights


def _vector(tokens: Sequence[Token], weights: dict[str, float]) -> dict[str, float]:
    return {t.term: weights[t.term] for t in tokens if t.term}


def candidates(
    left: Prepared,
    right: Prepared,
    deadline: Deadline = NO_DEADLINE,
    taken: tuple[set[int], set[int]] = (set(), set()),
) -> set[tuple[int, int]]:
    """Pairs worth scoring: clauses that share one of their rarest terms, from both sides.
    Clauses already `taken` (written identically on the other side) are left out."""
    ls = [k for k in range(len(left.vectors)) if k not in taken[0]]
    rs = [k for k in range(len(right.vectors)) if k not in taken[1]]
    pairs: set[tuple[int, int]] = set()
    for i, j in _lookup(left.vectors, ls, right.vectors, rs, deadline):
        pairs.add((i, j))
    for j, i in _lookup(right.vectors, rs, left.vectors, ls, deadline):
        pairs.add((i, j))
    return pairs


def _lookup(
    queries: Sequence[dict[str, float]],
    query_ids: Sequence[int],
    targets: Sequence[dict[str, float]],
    target_ids: Sequence[int],
    deadline: Deadline = NO_DEADLINE,
) -> list[tuple[int, int]]:
    """For each query clause, the target clauses sharing most weight among its rarest terms.

    Terms found in very many target clauses are skipped: they cannot single out a clause,
    and their posting lists would make the cost quadratic.
    """
    index: dict[str, list[int]] = defaultdict(list)
    for j in target_ids:
        for term in targets[j]:
            index[term].append(j)
    cap = max(24, int(2 * math.sqrt(len(target_ids))))
    found: list[tuple[int, int]] = []
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


def score_pairs(
    left: Prepared,
    right: Prepared,
    pairs: set[tuple[int, int]],
    deadline: Deadline = NO_DEADLINE,
) -> tuple[dict[tuple[int, int], float], set[tuple[int, int]]]:
    """Cosine of each candidate pair whose shared words are rare enough to mean something,
    and the pairs among them that rest on a single shared word."""
    scores: dict[tuple[int, int], float] = {}
    thin: set[tuple[int, int]] = set()
    seen: dict[tuple[int, int], tuple[float, float, int]] = {}  # by the two clause texts
    for k, (i, j) in enumerate(sorted(pairs)):
        deadline.every(k)
        key = (left.ids[i], right.ids[j])
        if key not in seen:
            seen[key] = pair_overlap(left, right, i, j)
        both, evidence, count = seen[key]
        if evidence >= MIN_SHARED:
            scores[(i, j)] = both / math.sqrt(left.norms[i] * right.norms[j])
            if count < 2:
                thin.add((i, j))
    return scores, thin


def pair_overlap(left: Prepared, right: Prepared, i: int, j: int) -> tuple[float, float, int]:
    """Shared weight and evidence of left clause i and right clause j (see `overlap`)."""
    return overlap(left.vectors[i], right.vectors[j], left.concepts[i], right.concepts[j], left)


def overlap(
    a: dict[str, float],
    b: dict[str, float],
    ca: dict[str, tuple[float, float]],
    cb: dict[str, tuple[float, float]],
    side: Prepared,
) -> tuple[float, float, int]:
    """The weight two clauses share, how rare in English the shared words are, and how
    many shared words (or concepts) count as evidence.

    The same term counts fully; two words of one concept ("economic", "trade") count at
    CONCEPT_FACTOR of the lighter one, unless the clauses already share a word of that
    concept. Evidence is rarity, whatever the count in this pair: one name ("Taiwan",
    "Kursk") is evidence enough, "agreed" and "leaders" together are not, and terms common
    to the whole pair are none.
    """
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
        weights.append(CONCEPT_FACTOR * min(w, w2))
        evidence.append(CONCEPT_FACTOR * min(r, r2))
    count = sum(1 for e in evidence if e > 0)
    return math.fsum(sorted(weights)), math.fsum(sorted(evidence)), count


def select(
    scores: dict[tuple[int, int], float], thin: set[tuple[int, int]] | None = None
) -> set[tuple[int, int]]:
    """Pairs that are strong on their own, or fairly strong and (nearly) one clause's best,
    or weaker but each clause's best match: two readouts mostly tell the same points, so a
    clause and its best counterpart that choose each other are likely one point.

    A pair sharing a single word ("the Middle East", "bilateral") is thin evidence: two
    points can share a topic word. It links only as the best match of one clause whose
    counterpart has nothing better, or no confident link of its own.
    """
    thin = thin or set()
    best_l: dict[int, float] = defaultdict(float)
    best_r: dict[int, float] = defaultdict(float)
    for (i, j), s in scores.items():
        best_l[i] = max(best_l[i], s)
        best_r[j] = max(best_r[j], s)
    chosen: set[tuple[int, int]] = set()
    for (i, j), s in scores.items():
        near_best = s >= BEST_SHARE * best_l[i] or s >= BEST_SHARE * best_r[j]
        mutual = s >= best_l[i] and s >= best_r[j]
        if (i, j) in thin:
            free = (s >= best_l[i] and best_r[j] < LINK_BEST) or (
                s >= best_r[j] and best_l[i] < LINK_BEST
            )
            if s >= LINK_MUTUAL and (mutual or free):
                chosen.add((i, j))
        elif s >= LINK_ALONE or (s >= LINK_BEST and near_best) or (s >= LINK_MUTUAL and mutual):
            chosen.add((i, j))
    return chosen


def neighbours(
    chosen: set[tuple[int, int]],
    left: Prepared,
    right: Prepared,
    taken_l: set[int],
    taken_r: set[int],
) -> set[tuple[int, int]]:
    """Weaker pairs that continue a link: a clause opening with "This", "These", "It was
    agreed", "For this purpose" goes on with the point of the clause before it, so it may
    link where that clause links, on less evidence of its own."""
    found: set[tuple[int, int]] = set()
    for i, j in sorted(chosen):
        for a, b in ((i, j + 1), (i + 1, j)):
            if (a, b) in chosen or a in taken_l or b in taken_r:
                continue
            if a >= len(left.clauses) or b >= len(right.clauses):
                continue
            follower = (right, b) if b != j else (left, a)
            if not _continues(*follower):
                continue
            both, _, _ = pair_overlap(left, right, a, b)
            score = both / math.sqrt(left.norms[a] * right.norms[b]) if both else 0.0
            if both >= NEIGHBOUR_SHARED and score >= LINK_NEIGHBOUR:
                found.add((a, b))
    return found


def _continues(side: Prepared, k: int) -> bool:
    """Whether clause k leans on the one before it (an anaphoric opening)."""
    if k == 0:
        return False
    clause = side.clauses[k]
    opening = side.text[clause.start : min(clause.end, clause.start + 40)].lower()
    return _ANAPHORA.match(opening) is not None


def opening(left: Prepared, right: Prepared) -> set[tuple[int, int]]:
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
    return side.text[clause.start : clause.end]


def exact_pairs(left: Prepared, right: Prepared) -> set[tuple[int, int]]:
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


def groups(left: Prepared, right: Prepared, deadline: Deadline = NO_DEADLINE) -> list[Group]:
    """All links between the two sides, before word-level spans, in left-text order."""
    exact = exact_pairs(left, right)
    taken_l = {i for i, _ in exact}
    taken_r = {j for _, j in exact}
    pairs = candidates(left, right, deadline, (taken_l, taken_r))
    scores, thin = score_pairs(left, right, pairs, deadline)
    deadline.check()
    chosen = select(scores, thin)
    chosen |= neighbours(chosen, left, right, taken_l, taken_r)
    if 0 not in taken_l and 0 not in taken_r:
        chosen |= opening(left, right)
    result = [Group((i,), (j,), 1.0, "same") for i, j in sorted(exact)]
    result.extend(_merge(chosen, left, right))
    return sorted(result, key=lambda g: (g.left, g.right))


def _merge(pairs: set[tuple[int, int]], left: Prepared, right: Prepared) -> list[Group]:
    """Turn linked pairs into links: a clause linked to several clauses that link nowhere
    else becomes one one-to-many link; other pairs stay links of their own."""
    deg_l: dict[int, int] = defaultdict(int)
    deg_r: dict[int, int] = defaultdict(int)
    for i, j in pairs:
        deg_l[i] += 1
        deg_r[j] += 1
    fan_l: dict[int, list[int]] = defaultdict(list)
    fan_r: dict[int, list[int]] = defaultdict(list)
    single: list[tuple[int, int]] = []
    for i, j in sorted(pairs):
        if deg_l[i] > 1 and deg_r[j] == 1:
            fan_l[i].append(j)
        elif deg_r[j] > 1 and deg_l[i] == 1:
            fan_r[j].append(i)
        else:
            single.append((i, j))
    out = [_group((i,), tuple(js), left, right) for i, js in fan_l.items()]
    out.extend(_group(tuple(ls), (j,), left, right) for j, ls in fan_r.items())
    out.extend(_group((i,), (j,), left, right) for i, j in single)
    return out


def _group(ls: tuple[int, ...], rs: tuple[int, ...], left: Prepared, right: Prepared) -> Group:
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
    both, _, _ = overlap(a, b, ca, cb, left)
    norms = similarity.total(a) * similarity.total(b)
    score = round(min(1.0, both / math.sqrt(norms)), 3) if both else 0.0
    return Group(ls, rs, score, kind_of(score))


def kind_of(score: float) -> LinkKind:
    if score >= SAME:
        return "same"
    return "similar" if score >= SIMILAR else "related"
