"""The grid of a comparison of three statements or more: one row per point, one column per
issuer, each cell that issuer's clauses with their words marked against the other cells.

Presentation only (no new facts): the points, statements and pairs come from the page
object (`GridPage`); this cuts the texts into pieces the template marks up, and counts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

from fastapi import Request
from fastapi.responses import Response

from app.services import sharing
from app.services.collations import GridPage
from app.services.shapes import Span
from app.web.deps import Context
from app.web.present import Mark, Piece, cut
from app.web.render import page
from app.web.security import public_origin
from app.web.urls import Urls

Said = Literal["all", "some", "one"]


@dataclass(frozen=True)
class CellClause:
    anchor: str  # S2.4
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class Cell:
    statement: int
    label: str
    clauses: tuple[CellClause, ...]  # empty: not mentioned


@dataclass(frozen=True)
class Row:
    number: int  # 1-based
    anchor: str  # point-5
    said: Said
    said_by: str  # "White House, Kremlin", for people
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Tally:
    what: str
    count: int
    said: Said


@dataclass(frozen=True)
class PairLink:
    url: str
    text: str


@dataclass(frozen=True)
class Grid:
    labels: tuple[str, ...]
    rows: tuple[Row, ...]
    tallies: tuple[Tally, ...]
    counts: dict[str, int]
    pairs: tuple[PairLink, ...]


def render(
    request: Request, ctx: Context, data: GridPage, fmt: str | None, extra: dict[str, Any]
) -> Response:
    """The grid page (templates/grid.html), or its JSON twin."""
    if fmt != "json":
        origin = public_origin(request.scope, ctx.settings.public_origin)
        extra = {**extra, "grid": grid(data, ctx.urls), "card": sharing.grid_card(data, origin)}
    json_url = ctx.urls.comparison(data.slug, "json")
    return page(request, "grid.html", data, fmt=fmt, json_url=json_url, extra=extra)


def said(count: int, total: int) -> Said:
    return "all" if count == total else "one" if count == 1 else "some"


def grid(page: GridPage, links: Urls) -> Grid:
    """The rows and the summary: each issuer's own points, then the points all made."""
    statements = page.statements
    labels = tuple(s.label for s in statements)
    n = len(statements)
    spans = _spans_by_clause(page)
    rows = []
    for k, point in enumerate(page.points):
        cells = []
        for s, side in enumerate(statements):
            held = point.clauses.get(s, ())
            clauses = tuple(
                CellClause(
                    Urls.clause_in(s, c),
                    tuple(
                        cut(
                            side.text,
                            side.clauses[c].start,
                            side.clauses[c].end,
                            spans.get((s, c, k), ()),
                        )
                    ),
                )
                for c in held
            )
            cells.append(Cell(s, side.label, clauses))
        rows.append(
            Row(
                number=k + 1,
                anchor=Urls.point_anchor(k),
                said=said(len(point.said_by), n),
                said_by=", ".join(labels[s] for s in point.said_by),
                cells=tuple(cells),
            )
        )
    counts: Counter[str] = Counter(row.said for row in rows)
    own = Counter(point.said_by[0] for point in page.points if len(point.said_by) == 1)
    tallies = [Tally(f"Only {label}", own[s], "one") for s, label in enumerate(labels)]
    tallies.append(Tally(f"All {_number(n)}", counts["all"], "all"))
    tallies.append(Tally("Some, not all", counts["some"], "some"))
    pairs = tuple(
        PairLink(ref.url, f"{labels[ref.a - 1]} and {labels[ref.b - 1]}") for ref in page.pairs
    )
    return Grid(labels, tuple(rows), tuple(tallies), dict(counts), pairs)


def _spans_by_clause(page: GridPage) -> dict[tuple[int, int, int], list[Mark]]:
    """Word marks for each (statement, clause, point): from the links of every pair whose
    clauses on both ends fall in the same point, so the words are set against that row."""
    point_of = {
        (s, c): k for k, p in enumerate(page.points) for s, cs in p.clauses.items() for c in cs
    }
    marks: dict[tuple[int, int, int], list[Mark]] = {}
    for pair in page.pairs:
        a, b = pair.a - 1, pair.b - 1
        for link in pair.links:
            for s, own, other, found in (
                (a, link.left, link.right, link.left_spans),
                (b, link.right, link.left, link.right_spans),
            ):
                t = b if s == a else a
                if not own or not other:
                    continue
                k = point_of.get((s, own[0]))
                if k is None or point_of.get((t, other[0])) != k:
                    continue
                _add_marks(page, marks, s, own, k, found)
    return marks


def _add_marks(
    page: GridPage,
    marks: dict[tuple[int, int, int], list[Mark]],
    s: int,
    own: tuple[int, ...],
    k: int,
    found: tuple[Span, ...],
) -> None:
    clauses = page.statements[s].clauses
    for c in own:
        clause = clauses[c]
        for span in found:
            if clause.start <= span.start and span.end <= clause.end:
                marks.setdefault((s, c, k), []).append((span.start, span.end, span.kind, None, ""))


def _number(n: int) -> str:
    return {3: "three", 4: "four", 5: "five", 6: "six"}.get(n, str(n))
