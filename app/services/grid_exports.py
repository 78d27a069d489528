"""A comparison of three to six statements to take away: CSV, Markdown and a standalone
HTML file of its grid (one row per point, one column per issuer), from the page data the
grid page shows (`GridPage`), so a download never says something the page does not.

The two-statement downloads are app/services/exports.py; its cell and Markdown escaping,
its templates and its file policy are reused here, and `export_any` picks either, for the
web (`/c/{slug}.csv`, `.md`, `.html`) and the CLI (`readouts export`) alike.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from app.services import exports
from app.services.aligned_rows import GAP
from app.services.collations import GridPage
from app.services.exports import Format, md_escape, safe_cell
from app.services.shapes import ComparisonPage, SourcedSide, to_json


@dataclass(frozen=True)
class Said:
    """One issuer's part of a point: its clauses (none: not mentioned)."""

    label: str
    anchors: tuple[str, ...]  # "S2.4": clause 4 of statement 2, as the grid page names it
    quotes: tuple[str, ...]  # each clause's text, on one line
    offsets: tuple[tuple[int, int], ...]  # text[start:end] of each clause

    @property
    def text(self) -> str:
        return GAP.join(self.quotes)


@dataclass(frozen=True)
class PointRow:
    number: int  # 1-based, as the grid page numbers points
    said_by: tuple[str, ...]  # the labels of the issuers who made it
    cells: tuple[Said, ...]  # one per statement, in the comparison's order


@dataclass(frozen=True)
class GridCounts:
    """What the summary line, the Markdown header and the share card say."""

    by_all: int
    by_some: int
    only: tuple[tuple[str, int], ...]  # (label, points only that issuer made), every issuer


def point_rows(page: GridPage) -> list[PointRow]:
    """Every point once, in the grid page's order, with every issuer's clauses."""
    labels = tuple(s.label for s in page.statements)
    return [
        PointRow(
            number=k + 1,
            said_by=tuple(labels[s] for s in point.said_by),
            cells=tuple(
                _said(s, side, point.clauses.get(s, ())) for s, side in enumerate(page.statements)
            ),
        )
        for k, point in enumerate(page.points)
    ]


def _said(position: int, side: SourcedSide, held: tuple[int, ...]) -> Said:
    clauses = [side.clauses[c] for c in sorted(held)]
    return Said(
        label=side.label,
        anchors=tuple(f"S{position + 1}.{c + 1}" for c in sorted(held)),
        quotes=tuple(" ".join(side.text[c.start : c.end].split()) for c in clauses),
        offsets=tuple((c.start, c.end) for c in clauses),
    )


def grid_counts(page: GridPage) -> GridCounts:
    n = len(page.statements)
    made = [len(point.said_by) for point in page.points]
    only = [
        (side.label, sum(1 for p in page.points if p.said_by == (s,)))
        for s, side in enumerate(page.statements)
    ]
    return GridCounts(
        by_all=made.count(n), by_some=sum(1 for m in made if 1 < m < n), only=tuple(only)
    )


def summary_line(c: GridCounts, label: Callable[[str], str] = str) -> str:
    """ "6 points made by all, 9 only by Kremlin, …, 2 by some": `label` escapes the names."""
    parts = [f"{c.by_all} {_points(c.by_all)} made by all"]
    parts += [f"{count} only by {label(name)}" for name, count in c.only]
    parts.append(f"{c.by_some} by some, not all")
    return ", ".join(parts)


def _points(n: int) -> str:
    return "point" if n == 1 else "points"


# ---------------------------------------------------------------------------------------------
# CSV


def csv_columns(page: GridPage) -> list[str]:
    columns = ["point", "said by"]
    for side in page.statements:
        columns += [f"{side.label} ({name})" for name in ("clauses", "text", "start", "end")]
    return [*columns, "permalink"]


def to_csv(page: GridPage, origin: str | None) -> bytes:
    """One row per point; per issuer its clause anchors, text and offsets (several clauses:
    space-separated); UTF-8 with a byte-order mark, for Excel; no cell is a formula."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(c) for c in csv_columns(page)])
    for row in point_rows(page):
        cells: list[object] = [row.number, ", ".join(row.said_by)]
        for said in row.cells:
            cells += [
                " ".join(said.anchors),
                said.text,
                " ".join(str(start) for start, _ in said.offsets),
                " ".join(str(end) for _, end in said.offsets),
            ]
        cells.append(exports.permalink(page, origin, f"point-{row.number}"))
        writer.writerow([safe_cell(cell) for cell in cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# ---------------------------------------------------------------------------------------------
# Markdown


def to_markdown(page: GridPage, origin: str | None) -> bytes:
    """A title, the counts, and a table with one column per issuer, to paste into an article."""
    lines = [f"# {md_escape(page.title)}", ""]
    facts = [page.date.isoformat()] if page.date else []
    facts += [exports._md_side(side.label, side.source) for side in page.statements]
    lines += [" · ".join(facts), ""]
    address = exports.permalink(page, origin)
    shown = f"<{address}>" if origin else md_escape(address)
    lines += [
        f"{summary_line(grid_counts(page), md_escape)}. "
        f"Aligned clause by clause by Readouts: {shown}",
        "",
        "| Point | " + " | ".join(md_escape(s.label) for s in page.statements) + " |",
        "| --- |" + " --- |" * len(page.statements),
    ]
    for row in point_rows(page):
        cells = [
            GAP.join(md_escape(q) for q in said.quotes) if said.quotes else "*not mentioned*"
            for said in row.cells
        ]
        lines.append(f"| {row.number} | " + " | ".join(cells) + " |")
    return ("\n".join(lines) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------------
# The standalone HTML file


def to_html(page: GridPage, origin: str | None) -> bytes:
    """The grid with its styles inlined: opens offline, runs no script."""
    template = exports._templates().get_template("export_grid.html")
    body = template.render(
        data=page,
        rows=point_rows(page),
        summary=summary_line(grid_counts(page)),
        permalink=exports.permalink(page, origin),
        policy=exports.STANDALONE_POLICY,
    )
    return body.encode("utf-8")


def export_any(page: ComparisonPage | GridPage, fmt: Format, origin: str | None) -> bytes:
    """A comparison of any number of statements in one of `exports.FORMATS`."""
    if not isinstance(page, GridPage):
        return exports.export(page, fmt, origin)
    if fmt == "csv":
        return to_csv(page, origin)
    if fmt == "md":
        return to_markdown(page, origin)
    if fmt == "html":
        return to_html(page, origin)
    return to_json(page)
