"""The differ's value objects: the JSON contract of DESIGN.md, as frozen dataclasses.

Everything the web pages, the API and the CLI show about an alignment comes from these
objects. One pydantic TypeAdapter over them is the contract's only description: it writes
the JSON (straight from the objects, without re-validating the differ's own output), loads
a stored alignment back (`load(dump(x)) == x`, no re-run of the differ) and gives the
OpenAPI schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from pydantic import TypeAdapter

LinkKind = Literal["same", "similar", "related"]
# How sure the differ is that a link's clauses make one point, from the evidence: strong
# (much shared, or rare words), likely (a best match on more than one shared word), possible
# (one shared word, or a link inferred from a neighbouring one).
Confidence = Literal["strong", "likely", "possible"]
SpanKind = Literal["shared", "changed", "number", "date", "name"]


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause: `text[start:end]` of its side, inside sentence number `sentence`."""

    start: int
    end: int
    sentence: int


@dataclass(frozen=True, slots=True)
class Span:
    """A word-level highlight inside a linked clause, with offsets into its side's whole text.

    `counterpart` is the index of the matching span on the other side of the same link
    (for shared words and for numbers, dates and names set against each other), or None.
    """

    start: int
    end: int
    kind: SpanKind
    counterpart: int | None = None


@dataclass(frozen=True, slots=True)
class NearMiss:
    """A clause left one-sided, the clause of the other side it came closest to linking
    with, and that pair's score: how sure "said by one side only" is (no near miss, or a
    low score: sure)."""

    clause: int
    counterpart: int
    score: float


@dataclass(frozen=True, slots=True)
class Side:
    """One statement as compared: its label, its exact text and its clauses in text order."""

    label: str
    text: str
    clauses: tuple[Clause, ...]
    near_misses: tuple[NearMiss, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Link:
    """Clauses of the left side that say what clauses of the right side say.

    `left` and `right` are clause indexes, sorted; `left_spans`/`right_spans` are the
    word-level highlights inside those clauses.
    """

    left: tuple[int, ...]
    right: tuple[int, ...]
    score: float
    kind: LinkKind
    left_spans: tuple[Span, ...] = field(default=())
    right_spans: tuple[Span, ...] = field(default=())
    confidence: Confidence = "likely"
    evidence: tuple[str, ...] = field(default=())  # shared words and matched concepts, to show


@dataclass(frozen=True, slots=True)
class Alignment:
    """Two sides and the links between their clauses; a clause in no link is one-sided."""

    differ_version: str
    left: Side
    right: Side
    links: tuple[Link, ...]

    def unlinked(self, side: Literal["left", "right"]) -> tuple[int, ...]:
        """Indexes of the clauses of `side` that no link touches: said by that side only."""
        clauses = self.left.clauses if side == "left" else self.right.clauses
        linked = {i for link in self.links for i in getattr(link, side)}
        return tuple(i for i in range(len(clauses)) if i not in linked)

    def mirrored(self) -> Alignment:
        """The same alignment with the sides swapped."""
        return Alignment(
            differ_version=self.differ_version,
            left=self.right,
            right=self.left,
            links=tuple(
                Link(
                    left=link.right,
                    right=link.left,
                    score=link.score,
                    kind=link.kind,
                    left_spans=link.right_spans,
                    right_spans=link.left_spans,
                    confidence=link.confidence,
                    evidence=link.evidence,
                )
                for link in self.links
            ),
        )


@cache
def contract() -> TypeAdapter[Alignment]:
    """Built on first use (about 0.1 s), not when the differ is imported."""
    return TypeAdapter(Alignment)


def dump_json(alignment: Alignment, indent: int | None = None) -> bytes:
    """The contract as JSON bytes (UTF-8, not escaped), serialised straight from the objects."""
    return contract().dump_json(alignment, indent=indent)


def dump(alignment: Alignment) -> dict[str, Any]:
    """The contract as plain JSON data (for a JSON column)."""
    data: dict[str, Any] = contract().dump_python(alignment, mode="json")
    return data


def load_json(data: str | bytes) -> Alignment:
    """A stored alignment straight from its JSON text (parsed and checked in one pass)."""
    return contract().validate_json(data)


def load(data: Any) -> Alignment:
    """A stored alignment back as objects; data that does not fit the contract is refused."""
    return contract().validate_python(data)
