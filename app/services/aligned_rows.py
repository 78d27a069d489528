"""A comparison as rows of counterparts: each link, and each clause said by one side only,
in the order a reader meets them. Worked out once from the page data (`ComparisonPage`) and
used by every download (app/services/exports.py) and the share card's counts.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from app.differ.types import Clause, Confidence, Link, LinkKind, Side, Span
from app.services.shapes import ComparisonPage

GAP = " […] "  # between clauses of one link that are not next to each other in the text
RowKind = Literal["both", "left only", "right only"]


@dataclass(frozen=True)
class Piece:
    """A run of a clause's text; `kind` names its word-level mark ("" for plain text)."""

    text: str
    kind: str = ""


@dataclass(frozen=True)
class Passage:
    """One side's part of a row: its clauses, quoted as they stand in the text."""

    label: str
    clauses: tuple[int, ...]
    anchors: tuple[str, ...]  # "L4", "R7": as the page's permalinks name them
    offsets: tuple[tuple[int, int], ...]  # text[start:end] of each clause
    quotes: tuple[str, ...]  # each clause's text, on one line
    joins: tuple[str, ...]  # between clauses: a space, or GAP where they are apart
    pieces: tuple[Piece, ...]  # the clauses' text cut at its word-level marks

    def joined(self, escape: Callable[[str], str] = str) -> str:
        """The clauses' text (each escaped for its destination), joined as they stand."""
        out = [escape(self.quotes[0])]
        for join, quote in zip(self.joins, self.quotes[1:], strict=True):
            out += [join, escape(quote)]
        return "".join(out)

    @property
    def text(self) -> str:
        return self.joined()


@dataclass(frozen=True)
class Row:
    """A link between the two sides, or a clause only one side says."""

    kind: RowKind
    left: Passage | None
    right: Passage | None
    link: int | None = None  # 1-based, as the page numbers links
    strength: LinkKind | None = None
    confidence: Confidence | None = None
    score: float | None = None


@dataclass(frozen=True)
class LinkGroup:
    """The clauses of one point both sides made, and the links (0-based) that join them."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    links: tuple[int, ...]


@dataclass(frozen=True)
class Counts:
    """What the summary line, the Markdown header and the share card say."""

    shared: int
    left_only: int
    right_only: int


def counts(page: ComparisonPage) -> Counts:
    """Points, not links: links that share a clause report one point, as the page's rows do
    (one-to-many links of one sentence would otherwise count as several points)."""
    return Counts(points_both_made(page.links), len(page.one_sided.left), len(page.one_sided.right))


def points_both_made(links: Sequence[Link]) -> int:
    return len(link_groups(links))


def link_groups(links: Sequence[Link]) -> list[LinkGroup]:
    """Clauses the links join, directly or through a shared clause: one group per point,
    each with its clauses and link numbers (0-based) sorted, in the order of their first link."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for link in links:
        nodes = [("left", i) for i in link.left] + [("right", j) for j in link.right]
        for node in nodes[1:]:
            parent[find(node)] = find(nodes[0])
    members: dict[tuple[str, int], tuple[set[int], set[int], list[int]]] = {}
    for number, link in enumerate(links):
        root = find(("left", link.left[0]) if link.left else ("right", link.right[0]))
        left, right, numbers = members.setdefault(root, (set(), set(), []))
        left.update(link.left)
        right.update(link.right)
        numbers.append(number)
    return [
        LinkGroup(tuple(sorted(left)), tuple(sorted(right)), tuple(numbers))
        for left, right, numbers in members.values()
    ]


def rows(page: ComparisonPage) -> list[Row]:
    """Every link and every one-sided clause once, in the left side's reading order; a
    clause only the right side says comes after the row of the right clause before it."""
    keyed: list[tuple[tuple[int, int, int], Row]] = []
    right_row_of: dict[int, int] = {}  # right clause -> its link's place in the left's order
    for number, link in enumerate(page.links):
        place = min(link.left)
        keyed.append(
            (
                (place, 0, 0),
                Row(
                    kind="both",
                    left=passage(page.left, "left", link.left, link.left_spans),
                    right=passage(page.right, "right", link.right, link.right_spans),
                    link=number + 1,
                    strength=link.kind,
                    confidence=link.confidence,
                    score=link.score,
                ),
            )
        )
        for j in link.right:
            right_row_of[j] = min(place, right_row_of.get(j, place))
    for i in page.one_sided.left:
        keyed.append(((i, 0, 0), Row("left only", passage(page.left, "left", (i,)), None)))
    linked_right = sorted(right_row_of)
    for j in page.one_sided.right:
        k = bisect_left(linked_right, j) - 1
        place = right_row_of[linked_right[k]] if k >= 0 else -1
        keyed.append(((place, 1, j), Row("right only", None, passage(page.right, "right", (j,)))))
    keyed.sort(key=lambda item: item[0])
    return [row for _, row in keyed]


def passage(
    side: Side,
    name: Literal["left", "right"],
    indexes: tuple[int, ...],
    spans: tuple[Span, ...] = (),
) -> Passage:
    clauses = [side.clauses[i] for i in sorted(indexes)]
    prefix = "L" if name == "left" else "R"
    joins: list[str] = []
    pieces: list[Piece] = []
    for number, clause in enumerate(clauses):
        if number:
            joined = _adjacent(side.text, clauses[number - 1], clause)
            joins.append(" " if joined else GAP)
            pieces.append(Piece(joins[-1]))
        pieces.extend(_cut(side.text, clause, spans))
    return Passage(
        label=side.label,
        clauses=tuple(sorted(indexes)),
        anchors=tuple(f"{prefix}{i + 1}" for i in sorted(indexes)),
        offsets=tuple((c.start, c.end) for c in clauses),
        quotes=tuple(_squeezed(side.text[c.start : c.end]) for c in clauses),
        joins=tuple(joins),
        pieces=tuple(pieces),
    )


def _adjacent(text: str, before: Clause, after: Clause) -> bool:
    return not text[before.end : after.start].strip()


def _squeezed(text: str) -> str:
    """A clause on one line: line breaks inside it become spaces (cells and table rows)."""
    return re.sub(r"\s*\n\s*", " ", text)


def _cut(text: str, clause: Clause, spans: tuple[Span, ...]) -> list[Piece]:
    """The clause's text in plain and marked pieces; of overlapping marks the first wins."""
    pieces: list[Piece] = []
    pos = clause.start
    inside = sorted(
        (s for s in spans if clause.start <= s.start and s.end <= clause.end),
        key=lambda s: (s.start, s.end),
    )
    for span in inside:
        start, end = max(span.start, pos), span.end
        if start >= end:
            continue
        if start > pos:
            pieces.append(Piece(_squeezed(text[pos:start])))
        pieces.append(Piece(_squeezed(text[start:end]), span.kind))
        pos = end
    if pos < clause.end:
        pieces.append(Piece(_squeezed(text[pos : clause.end])))
    return pieces
