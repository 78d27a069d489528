"""Presentation helpers: cut texts into the pieces templates mark up (HTML only, no new facts)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from markupsafe import Markup, escape

from app.services.shapes import Alignment, FoundStatement, Span
from app.web.urls import Urls

SideName = Literal["left", "right"]


@dataclass(frozen=True)
class Piece:
    """A run of text; `kind` names its highlight ("" for plain text)."""

    text: str
    kind: str = ""
    ref: int | None = None
    note: str = ""  # what the other side says in its place ("30-day" against "30 days")


@dataclass(frozen=True)
class ClauseView:
    index: int
    anchor: str
    pieces: tuple[Piece, ...]
    links: tuple[int, ...]
    counterparts: tuple[str, ...]
    sentence: int
    new_paragraph: bool = False
    kind: str = ""
    markers: tuple[int, ...] = ()  # the links whose number this clause shows (its side's first)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    @cached_property
    def marked(self) -> Markup:
        """The clause as escaped HTML, differing and shared words in <mark>. Built here, not
        by a template macro: it runs for every clause of every page, and as a macro it was a
        sixth of an uncached comparison page's time. Kept: both views of a page show it."""
        return Markup("".join(map(_marked_piece, self.pieces)))


def _marked_piece(piece: Piece) -> str:
    text = escape(piece.text)
    if not piece.kind:
        return text
    note = escape(piece.note)
    vs = f' title="{note}" data-vs="{note}"' if note else ""
    return f'<mark class="w-{escape(piece.kind)}"{vs}>{text}</mark>'


@dataclass(frozen=True)
class SideView:
    name: SideName
    label: str
    clauses: tuple[ClauseView, ...]
    alone: tuple[ClauseView, ...] = field(default=())


Mark = tuple[int, int, str, int | None, str]


def cut(text: str, start: int, end: int, marks: Iterable[Mark]) -> list[Piece]:
    """Split text[start:end] into plain and marked pieces; overlapping marks keep the first."""
    pieces: list[Piece] = []
    pos = start
    for mark_start, mark_end, kind, ref, note in sorted(marks):
        mark_start, mark_end = max(mark_start, pos), min(mark_end, end)
        if mark_start >= mark_end:
            continue
        if mark_start > pos:
            pieces.append(Piece(text[pos:mark_start]))
        pieces.append(Piece(text[mark_start:mark_end], kind, ref, note))
        pos = mark_end
    if pos < end:
        pieces.append(Piece(text[pos:end]))
    return pieces


@dataclass(frozen=True)
class SideMaps:
    """What every clause view of a side needs, computed once per page."""

    links_of: dict[int, list[int]]
    spans_of: dict[int, list[Span]]


def side_maps(
    alignment: Alignment, name: SideName, numbers: Iterable[int] | None = None
) -> SideMaps:
    """Links and spans by clause, for the links `numbers` (all when None): a page that shows
    part of a huge pair reads only the links of that part."""
    links_of: dict[int, list[int]] = {}
    spans_of: dict[int, list[Span]] = {}
    chosen = range(len(alignment.links)) if numbers is None else sorted(numbers)
    for number in chosen:
        link = alignment.links[number]
        for index in getattr(link, name):
            links_of.setdefault(index, []).append(number)
        for span in getattr(link, f"{name}_spans"):
            spans_of.setdefault(number, []).append(span)
    return SideMaps(links_of, spans_of)


def clause_view(alignment: Alignment, name: SideName, index: int, maps: SideMaps) -> ClauseView:
    """One clause cut into pieces; only the clauses a page shows are ever cut."""
    side = alignment.left if name == "left" else alignment.right
    other: SideName = "right" if name == "left" else "left"
    clause = side.clauses[index]
    link_numbers = tuple(maps.links_of.get(index, ()))
    marks = [
        (s.start, s.end, s.kind, None, _counterpart_note(alignment, number, other, s))
        for number in link_numbers
        for s in maps.spans_of.get(number, ())
        if clause.start <= s.start and s.end <= clause.end
    ]
    counterparts = tuple(
        Urls.clause_anchor(other, j)
        for number in link_numbers
        for j in getattr(alignment.links[number], other)
    )
    previous_end = side.clauses[index - 1].end if index else 0
    return ClauseView(
        index=index,
        anchor=Urls.clause_anchor(name, index),
        pieces=tuple(cut(side.text, clause.start, clause.end, marks)),
        links=link_numbers,
        counterparts=tuple(dict.fromkeys(counterparts)),
        sentence=clause.sentence,
        new_paragraph="\n" in side.text[previous_end : clause.start],
        kind=_best_kind(alignment, link_numbers),
        markers=tuple(n for n in link_numbers if getattr(alignment.links[n], name)[0] == index),
    )


def side_view(alignment: Alignment, name: SideName, urls: Urls) -> SideView:
    side = alignment.left if name == "left" else alignment.right
    maps = side_maps(alignment, name)
    clauses = tuple(clause_view(alignment, name, i, maps) for i in range(len(side.clauses)))
    alone = tuple(c for c in clauses if not c.links)
    return SideView(name=name, label=side.label, clauses=clauses, alone=alone)


@dataclass(frozen=True)
class SideHead:
    name: SideName
    label: str


def side_head(alignment: Alignment, name: SideName) -> SideHead:
    return SideHead(name, (alignment.left if name == "left" else alignment.right).label)


@dataclass(frozen=True)
class AloneItem:
    anchor: str
    text: str
    part: int


@dataclass(frozen=True)
class AloneList:
    name: SideName
    label: str
    total: int
    items: tuple[AloneItem, ...]


def alone_lists(
    alignment: Alignment, where: dict[str, int], limit: int
) -> tuple[AloneList, AloneList]:
    """Each side's one-sided clauses for the summary, the first `limit` of them, with the
    part of the page each is shown in."""
    lists = []
    for name in ("left", "right"):
        side = alignment.left if name == "left" else alignment.right
        alone = alignment.unlinked(name)
        items = []
        for index in alone[:limit]:
            clause = side.clauses[index]
            anchor = Urls.clause_anchor(name, index)
            text = side.text[clause.start : clause.end].strip()
            if len(text) > 200:
                text = text[:199].rstrip() + "…"
            items.append(AloneItem(anchor, text, where.get(anchor, 1)))
        lists.append(AloneList(name, side.label, len(alone), tuple(items)))
    return lists[0], lists[1]


def _counterpart_note(alignment: Alignment, number: int, other: SideName, span: Span) -> str:
    """For numbers, dates and names: the other side's wording, shown against this one."""
    if span.kind not in ("number", "date", "name") or span.counterpart is None:
        return ""
    spans = getattr(alignment.links[number], f"{other}_spans")
    if not 0 <= span.counterpart < len(spans):
        return ""
    match = spans[span.counterpart]
    text = (alignment.right if other == "right" else alignment.left).text
    label = (alignment.right if other == "right" else alignment.left).label
    return f"{label}: {text[match.start : match.end]}"


def _best_kind(alignment: Alignment, link_numbers: Sequence[int]) -> str:
    order = {"same": 0, "similar": 1, "related": 2}
    kinds = [alignment.links[n].kind for n in link_numbers]
    return min(kinds, key=order.__getitem__) if kinds else ""


def marked_text(text: str, statements: Sequence[FoundStatement]) -> list[Piece]:
    """An article's cleaned text with each found statement marked (ref = its position)."""
    marks = [(s.start or 0, s.end or 0, "statement", i, "") for i, s in enumerate(statements)]
    return cut(text, 0, len(text), marks)
