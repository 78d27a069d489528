"""Each side of a pair, cut and weighed for linking: clauses, tokens, term weights, concepts.

Weights are statistics of the pair as a whole: a term's rarity in English (a name or a rare
word says more than "agreed") times its rarity in the two texts (a term in every clause
says little about any one of them). Names that stand for the event rather than a point of
it (the participants, the country the call was about) count as no evidence. Questions (a
press conference's) are marked, so that they are never linked as statements.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from app.differ import similarity
from app.differ.budget import NO_DEADLINE, Deadline
from app.differ.segment import clauses as split_clauses
from app.differ.similarity import Token
from app.differ.types import Clause
from app.differ.variants import merge_variants

COMMON_SHARE = 0.15  # a term in this share of all clauses, on both sides, is the pair's topic
COMMON_MIN_DF = 4  # and in at least this many clauses (short texts repeat little)
# A paragraph that a journalist's question opens, as transcripts mark it: "Q", "Q:",
# "QUESTION:", "Question:".
_QUESTION_MARK = re.compile(r"[ \t]*(?:Q\b[:.]?|QUESTION\b:?|Question:)")
_CLOSERS = "\"'”’»)]"


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
    questions: tuple[bool, ...]  # whether each clause is part of a question


# Within `shared_cutting()`: each text's clauses and each clause text's tokens, by text.
_SHARED: ContextVar[dict[tuple[str, str], object] | None] = ContextVar("_SHARED", default=None)


@contextmanager
def shared_cutting() -> Iterator[None]:
    """Cut and tokenize each text once however many pairs it is in (points.py aligns every
    pair of up to six statements: each text is in five pairs). Both steps depend on the
    text alone, so sharing them changes nothing but the time: a third less for six texts."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def _clauses(text: str, deadline: Deadline) -> tuple[Clause, ...]:
    shared = _SHARED.get()
    if shared is None:
        return tuple(split_clauses(text, deadline))
    found = shared.get(("clauses", text))
    if found is None:
        found = shared[("clauses", text)] = tuple(split_clauses(text, deadline))
    return found  # type: ignore[return-value]


def _tokens(text: str, deadline: Deadline) -> tuple[Token, ...]:
    shared = _SHARED.get()
    if shared is None:
        return tuple(similarity.tokenize(text, deadline=deadline))
    found = shared.get(("tokens", text))
    if found is None:
        found = shared[("tokens", text)] = tuple(similarity.tokenize(text, deadline=deadline))
    return found  # type: ignore[return-value]


def prepare(left: str, right: str, deadline: Deadline = NO_DEADLINE) -> tuple[Prepared, Prepared]:
    """Cut both texts and weight their terms with statistics of the pair as a whole.

    Each distinct clause text is tokenized and weighted once, whatever its count: hostile or
    boilerplate-heavy input repeats one sentence thousands of times, and identical clauses
    share their tokens and vectors. Tokens are relative to their clause's start.
    """
    lc, rc = _clauses(left, deadline), _clauses(right, deadline)
    ids: dict[str, int] = {}
    lids = [ids.setdefault(left[c.start : c.end], len(ids)) for c in lc]
    rids = [ids.setdefault(right[c.start : c.end], len(ids)) for c in rc]
    unique: list[tuple[Token, ...]] = []
    for k, text in enumerate(ids):
        deadline.every(k, 63)
        unique.append(_tokens(text, deadline))
    merged = merge_variants(_terms(unique, lids), _terms(unique, rids), deadline)
    unique = [_remap(ts, merged) for ts in unique]
    deadline.check()  # each step below is linear: a look at the clock between them
    info, weights = _weights(unique, Counter(lids + rids), len(lids) + len(rids))
    deadline.check()
    common = _common_terms(unique, lids, rids) | _participants(unique, lc, lids, rc, rids)
    deadline.check()
    vectors = [_vector(t, weights) for t in unique]
    norms = [similarity.total(v) for v in vectors]
    concepts = [_concepts(t, weights, info, common) for t in unique]
    deadline.check()

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
            questions(text, clauses),
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


def _participants(
    unique: Sequence[Sequence[Token]],
    lc: Sequence[Clause],
    lids: Sequence[int],
    rc: Sequence[Clause],
    rids: Sequence[int],
) -> frozenset[str]:
    """Names that both opening sentences give: who spoke to whom ("President Niinistö had a
    phone call with President Putin" / "Putin had a telephone conversation with Niinistö").

    A readout opens by naming the participants; naming them again later says who acted, not
    which point is made, so two clauses that share only these names share no point. This
    matters most in short readouts, where no name recurs often enough to count as common.
    Only names named again after the opening: a name the opening alone gives is its topic.
    """
    found: list[set[str]] = []
    later: set[str] = set()
    for clauses, ids in ((lc, lids), (rc, rids)):
        terms: set[str] = set()
        for clause, k in zip(clauses, ids, strict=True):
            names = {t.term for t in unique[k] if t.term and (t.alias or t.surface[:1].isupper())}
            if clause.sentence == 0:
                terms |= names
            else:
                later |= names
        found.append(terms)
    return frozenset(found[0] & found[1] & later)


def _is_name(token: Token, clause: Sequence[Token]) -> bool:
    """A place or a person: an alias ("Kremlin", "U.S."), or a capital inside a clause."""
    if not token.term or token.number:
        return False
    return token.alias or (token.surface[:1].isupper() and token is not clause[0])


def _concepts(
    tokens: Sequence[Token],
    weights: dict[str, float],
    info: dict[str, float],
    common: frozenset[str],
) -> dict[str, tuple[float, float]]:
    """The concepts of a clause's words, each with the weight and the rarity (as evidence:
    none for a term common to the whole pair) of its heaviest word. A word takes the
    concept of its term, or the one its phrase gives it ("impose ... costs")."""
    found: dict[str, tuple[float, float]] = {}
    for t in tokens:
        c = t.concept or similarity.concept(t.term) if t.term else ""
        if not c:
            continue
        value = (weights[t.term], 0.0 if t.term in common else info[t.term])
        if c not in found or value > found[c]:
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


def questions(text: str, clauses: Sequence[Clause]) -> tuple[bool, ...]:
    """Which clauses belong to a question: a sentence ending in "?", or any sentence of a
    paragraph that a transcript's question marker opens ("Q", "QUESTION:"). A press
    conference's questions say what a journalist asked, not what either side said.

    Each paragraph start is found once, looking back only to the previous sentence, so
    the cost stays linear in the text.
    """
    asked: dict[int, bool] = {}
    para_start, last = 0, 0
    out: list[bool] = []
    ends: dict[int, int] = {}
    for c in clauses:
        ends[c.sentence] = c.end
    for c in clauses:
        if c.sentence not in asked:
            newline = text.rfind("\n", last, c.start)
            if newline >= 0:
                para_start = newline + 1
            last = c.start
            end = ends[c.sentence]
            marked = _QUESTION_MARK.match(text, para_start, min(end, para_start + 12))
            asked[c.sentence] = text[c.start : end].rstrip(_CLOSERS).endswith("?") or bool(marked)
        out.append(asked[c.sentence])
    return tuple(out)
