"""Three to six accounts of one event: every pair aligned, the links joined into points.

A *point* is a set of clauses, at most a few per statement, that report the same thing; it
says which statements made it (`said_by`). Every clause of every statement is in exactly
one point, so a clause no link touches is a point said by its statement only.

How the links are joined, and why it does not depend on the order of the statements:
1. Each unordered pair of statements is aligned once, always with the two statements in
   one *canonical* order (by text, then label), because the two-statement differ need not
   be symmetric; the result is mirrored back when the caller gave them the other way round.
2. All links of all pairs are taken strongest first (score, then kind), ties broken by
   the canonical identities of their clauses, and each joins the points of its clauses,
   unless that would put more than `MAX_PER_STATEMENT` clauses of one statement in a
   point, or the two points' accounts are not linked to each other for the most part
   (`_agreed`): a weak link cannot chain two topics into one row.
3. Points are numbered by the first clause they hold in the order the statements were given.
Steps 1 and 2 see only canonical identities, so permuting the statements permutes the
columns and renumbers the rows but yields the same sets of clauses (tested with Hypothesis).

Pure, like the rest of the differ: the whole N-statement alignment runs under one Deadline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations
from typing import Any

from pydantic import TypeAdapter

from app.differ.budget import Deadline
from app.differ.types import Alignment, Link, NearMiss, Side

MIN_STATEMENTS = 2
MAX_STATEMENTS = 6
# "At most a few clauses per statement": a point with more would no longer be one thing.
MAX_PER_STATEMENT = 3
_KIND_RANK = {"same": 0, "similar": 1, "related": 2}

Node = tuple[int, int]  # (statement, clause)


@dataclass(frozen=True, slots=True)
class PairLinks:
    """The two-statement alignment of statements `a` < `b` (positions as given): its links
    (`left` = a, `right` = b) and each side's near misses, which belong to the pair."""

    a: int
    b: int
    links: tuple[Link, ...]
    near_a: tuple[NearMiss, ...] = field(default=())
    near_b: tuple[NearMiss, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Point:
    """Clauses (by statement position) that report one thing, and who said it."""

    clauses: dict[int, tuple[int, ...]]
    said_by: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Collation:
    """N statements, their pairwise alignments and the points joined from them."""

    differ_version: str
    statements: tuple[Side, ...]
    pairs: tuple[PairLinks, ...]
    points: tuple[Point, ...]

    def pair(self, a: int, b: int) -> Alignment:
        """The two-sided alignment of statements a and b (either order), as `align` gives it."""
        if a == b or not (0 <= a < len(self.statements) and 0 <= b < len(self.statements)):
            raise IndexError((a, b))
        low, high = sorted((a, b))
        found = next(p for p in self.pairs if (p.a, p.b) == (low, high))
        left, right = self.statements[low], self.statements[high]
        alignment = Alignment(
            differ_version=self.differ_version,
            left=Side(left.label, left.text, left.clauses, found.near_a),
            right=Side(right.label, right.text, right.clauses, found.near_b),
            links=found.links,
        )
        return alignment if a < b else alignment.mirrored()


def collate(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    deadline: Deadline | None = None,
    align: Callable[..., Alignment],
) -> Collation:
    """Align every pair of 2..6 statements and join the links into points.

    `align` is the two-statement differ (`app.differ.align`; `app.differ.collate` passes
    it), taken as an argument so that this module and the package do not import each other.
    """
    n = len(texts)
    if not MIN_STATEMENTS <= n <= MAX_STATEMENTS or len(labels) != n:
        raise ValueError(f"a collation holds {MIN_STATEMENTS} to {MAX_STATEMENTS} statements")
    deadline = deadline or Deadline()
    order = sorted(range(n), key=lambda i: (texts[i], labels[i], i))
    rank = {position: r for r, position in enumerate(order)}
    pairs: list[PairLinks] = []
    sides: dict[int, Side] = {}
    for a, b in combinations(range(n), 2):
        first, second = (a, b) if rank[a] < rank[b] else (b, a)
        made = align(
            texts[first],
            texts[second],
            left_label=labels[first],
            right_label=labels[second],
            deadline=deadline,
        )
        if first != a:
            made = made.mirrored()
        sides.setdefault(a, made.left)
        sides.setdefault(b, made.right)
        pairs.append(PairLinks(a, b, made.links, made.left.near_misses, made.right.near_misses))
    statements = tuple(Side(sides[i].label, sides[i].text, sides[i].clauses) for i in range(n))
    points = join(statements, pairs, rank)
    return Collation(made.differ_version, statements, tuple(pairs), points)


def join(
    statements: Sequence[Side], pairs: Sequence[PairLinks], rank: dict[int, int]
) -> tuple[Point, ...]:
    """Union the clauses of every link, strongest first, within MAX_PER_STATEMENT."""

    def canonical(node: Node) -> tuple[int, int]:
        return (rank[node[0]], node[1])

    ordered = []
    for pair in pairs:
        for link in pair.links:
            nodes = [(pair.a, i) for i in link.left] + [(pair.b, j) for j in link.right]
            key = tuple(sorted(canonical(node) for node in nodes))
            nodes.sort(key=canonical)
            ordered.append((-link.score, _KIND_RANK.get(link.kind, 9), key, nodes))
    ordered.sort(key=lambda entry: entry[:3])
    parent: dict[Node, Node] = {}
    members: dict[Node, dict[int, set[int]]] = {}
    for s, side in enumerate(statements):
        for c in range(len(side.clauses)):
            parent[(s, c)] = (s, c)
            members[(s, c)] = {s: {c}}

    def root(node: Node) -> Node:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    linked: set[frozenset[Node]] = set()
    for *_, nodes in ordered:
        linked.update(frozenset((u, v)) for u in nodes for v in nodes if u[0] != v[0])
    for _score, kind, _key, nodes in ordered:
        for node in nodes[1:]:
            x, y = root(nodes[0]), root(node)
            if x == y or not _fits(members[x], members[y]):
                continue
            if not _agreed(members[x], members[y], linked, strong=kind < _KIND_RANK["related"]):
                continue
            # The canonically smaller root stays, so the forest is the same in any order.
            keep, gone = sorted((x, y), key=canonical)
            parent[gone] = keep
            for s, clauses in members.pop(gone).items():
                members[keep].setdefault(s, set()).update(clauses)
    found = [{s: tuple(sorted(c)) for s, c in sorted(group.items())} for group in members.values()]
    found.sort(key=lambda clauses: min((s, c[0]) for s, c in clauses.items()))
    return tuple(Point(clauses, tuple(clauses)) for clauses in found)


def _agreed(
    x: dict[int, set[int]], y: dict[int, set[int]], linked: set[frozenset[Node]], strong: bool
) -> bool:
    """Whether two groups are one point: links join most of their statements' pairs.

    Of the pairs (statement of x, statement of y), at least half must have a link between
    their clauses here; exactly half only through a "same" or "similar" link. So a clause
    linked to one account of a point, and by a loose "related" link, does not join a point
    that the other accounts make without it (the chaining of single-link clustering).
    """
    pairs = [(s, t) for s in x for t in y if s != t]
    if not pairs:
        return True
    joined = sum(
        any(frozenset(((s, c), (t, d))) in linked for c in x[s] for d in y[t]) for s, t in pairs
    )
    return 2 * joined > len(pairs) or (2 * joined == len(pairs) and strong)


def _fits(x: dict[int, set[int]], y: dict[int, set[int]]) -> bool:
    return all(len(x.get(s, ())) + len(c) <= MAX_PER_STATEMENT for s, c in y.items())


@cache
def contract() -> TypeAdapter[Collation]:
    """The stored shape of a collation (JSON keys of `clauses` are statement positions)."""
    return TypeAdapter(Collation)


def dump(collation: Collation) -> dict[str, Any]:
    data: dict[str, Any] = contract().dump_python(collation, mode="json")
    return data


def load(data: Any) -> Collation:
    return contract().validate_python(data)


def load_json(data: str | bytes) -> Collation:
    return contract().validate_json(data)
