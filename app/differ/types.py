"""The differ's value objects: the JSON contract of DESIGN.md, as frozen dataclasses.

Everything the web pages, the API and the CLI show about an alignment comes from these
objects, so `to_dict()` is the contract and `from_dict(to_dict(x)) == x` always holds:
a stored alignment can be loaded back without re-running the differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

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

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "sentence": self.sentence}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Clause:
        return cls(start=int(data["start"]), end=int(data["end"]), sentence=int(data["sentence"]))


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "counterpart": self.counterpart,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        counterpart = data.get("counterpart")
        return cls(
            start=int(data["start"]),
            end=int(data["end"]),
            kind=data["kind"],
            counterpart=None if counterpart is None else int(counterpart),
        )


@dataclass(frozen=True, slots=True)
class NearMiss:
    """A clause left one-sided, the clause of the other side it came closest to linking
    with, and that pair's score: how sure "said by one side only" is (no near miss, or a
    low score: sure)."""

    clause: int
    counterpart: int
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"clause": self.clause, "counterpart": self.counterpart, "score": self.score}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NearMiss:
        return cls(int(data["clause"]), int(data["counterpart"]), float(data["score"]))


@dataclass(frozen=True, slots=True)
class Side:
    """One statement as compared: its label, its exact text and its clauses in text order."""

    label: str
    text: str
    clauses: tuple[Clause, ...]
    near_misses: tuple[NearMiss, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "text": self.text,
            "clauses": [c.to_dict() for c in self.clauses],
            "near_misses": [m.to_dict() for m in self.near_misses],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Side:
        return cls(
            label=str(data["label"]),
            text=str(data["text"]),
            clauses=tuple(Clause.from_dict(c) for c in data["clauses"]),
            near_misses=tuple(NearMiss.from_dict(m) for m in data.get("near_misses", ())),
        )


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "left": list(self.left),
            "right": list(self.right),
            "score": self.score,
            "kind": self.kind,
            "left_spans": [s.to_dict() for s in self.left_spans],
            "right_spans": [s.to_dict() for s in self.right_spans],
            "confidence": self.confidence,
            "evidence": list(self.evidence),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Link:
        return cls(
            left=tuple(int(i) for i in data["left"]),
            right=tuple(int(i) for i in data["right"]),
            score=float(data["score"]),
            kind=data["kind"],
            left_spans=tuple(Span.from_dict(s) for s in data.get("left_spans", ())),
            right_spans=tuple(Span.from_dict(s) for s in data.get("right_spans", ())),
            confidence=data.get("confidence", "likely"),
            evidence=tuple(str(e) for e in data.get("evidence", ())),
        )


@dataclass(frozen=True, slots=True)
class Alignment:
    """Two sides and the links between their clauses; a clause in no link is one-sided."""

    differ_version: str
    left: Side
    right: Side
    links: tuple[Link, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "differ_version": self.differ_version,
            "left": self.left.to_dict(),
            "right": self.right.to_dict(),
            "links": [link.to_dict() for link in self.links],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Alignment:
        return cls(
            differ_version=str(data["differ_version"]),
            left=Side.from_dict(data["left"]),
            right=Side.from_dict(data["right"]),
            links=tuple(Link.from_dict(link) for link in data["links"]),
        )

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
