"""A comparison to take away: CSV for a spreadsheet, Markdown for an article, a standalone
HTML file that reads offline, and the JSON twin, all from the page data the comparison page
shows (`ComparisonPage`), so a download never says something the page does not.

The web (`/c/{slug}.csv`, `.md`, `.html`) and the CLI (`readouts export`) both call `export`
and so write the same bytes. What a row is (`rows`) is worked out once here: a link, or a
clause said by one side only, in the order a reader meets them.
"""

from __future__ import annotations

import csv
import io
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app.config import PROJECT_ROOT
from app.differ.types import Clause, Confidence, LinkKind, Side, Span
from app.services.shapes import ComparisonPage, to_json

Format = Literal["csv", "md", "html", "json"]
FORMATS: tuple[Format, ...] = ("csv", "md", "html", "json")
MEDIA_TYPES: dict[Format, str] = {
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}
# Nothing in the standalone file may load or run anything: it is read offline, anywhere.
STANDALONE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
)
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
class Counts:
    """What the summary line, the Markdown header and the share card say."""

    shared: int
    left_only: int
    right_only: int


def counts(page: ComparisonPage) -> Counts:
    return Counts(len(page.links), len(page.one_sided.left), len(page.one_sided.right))


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


def permalink(page: ComparisonPage, origin: str | None, anchor: str = "") -> str:
    """The comparison's address: absolute when the public origin is known, else its path."""
    return (origin or "") + page.url + (f"#{anchor}" if anchor else "")


# ---------------------------------------------------------------------------------------------
# CSV

CSV_COLUMNS = (
    "row",
    "said by",
    "link",
    "strength",
    "confidence",
    "score",
    "left issuer",
    "left clauses",
    "left text",
    "left start",
    "left end",
    "right issuer",
    "right clauses",
    "right text",
    "right start",
    "right end",
    "permalink",
)
# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
# (tab and carriage return too, which some of them skip first): OWASP's advice is a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The cell as text that a spreadsheet shows and never runs."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(page: ComparisonPage, origin: str | None) -> bytes:
    """One row per link or one-sided clause; UTF-8 with a byte-order mark, for Excel."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    both = f"both ({page.left_label} and {page.right_label})"
    said_by = {"both": both, "left only": page.left_label, "right only": page.right_label}
    for number, row in enumerate(rows(page), start=1):
        anchor = f"link-{row.link}" if row.link else _alone(row).anchors[0]
        cells: list[object] = [
            number,
            said_by[row.kind],
            row.link,
            row.strength,
            row.confidence,
            f"{row.score:.3f}" if row.score is not None else None,
            *_csv_side(page.left_label, row.left),
            *_csv_side(page.right_label, row.right),
            permalink(page, origin, anchor),
        ]
        writer.writerow([safe_cell(cell) for cell in cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _alone(row: Row) -> Passage:
    part = row.left or row.right
    assert part is not None  # every row has at least one side
    return part


def _csv_side(label: str, part: Passage | None) -> list[object]:
    """Issuer, clause anchors, text, and offsets (several clauses: space-separated)."""
    if part is None:
        return [label, None, None, None, None]
    starts = " ".join(str(start) for start, _ in part.offsets)
    ends = " ".join(str(end) for _, end in part.offsets)
    return [label, " ".join(part.anchors), part.text, starts, ends]


# ---------------------------------------------------------------------------------------------
# Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|~#!<>])")
_MD_BLOCK_START = re.compile(r"^(\s*)([-+>]|\d+[.)])(?=\s|$)")


def md_escape(text: str) -> str:
    """Text that Markdown shows as written: no emphasis, link, table cell break or HTML.

    `&` becomes `&amp;` so that an entity in the text is shown, not decoded; `<` and `>`
    become entities so that no tag (`<script>`) or autolink survives; punctuation that
    Markdown reads is backslash-escaped; a line that would start a list or a quote is
    escaped at its start. Line breaks become spaces: every value sits in one line or cell.
    """
    text = " ".join(text.split())
    text = text.replace("&", "&amp;")
    text = _MD_SPECIAL.sub(lambda m: {"<": "&lt;", ">": "&gt;"}.get(m[1], "\\" + m[1]), text)
    return _MD_BLOCK_START.sub(lambda m: m[1] + "\\" + m[2], text)


def to_markdown(page: ComparisonPage, origin: str | None) -> bytes:
    """A title, who said what and how much, and a two-column table to paste into an article."""
    c = counts(page)
    left, right = md_escape(page.left_label), md_escape(page.right_label)
    lines = [f"# {md_escape(page.title)}", ""]
    facts = [page.date.isoformat()] if page.date else []
    facts += [_md_side(page.left_label, page.left.source)]
    facts += [_md_side(page.right_label, page.right.source)]
    lines += [" · ".join(facts), ""]
    address = permalink(page, origin)
    shown = f"<{address}>" if origin else md_escape(address)
    lines += [
        f"{c.shared} {_points(c.shared)} made by both, {c.left_only} only by {left}, "
        f"{c.right_only} only by {right}. Aligned clause by clause by Readouts: {shown}",
        "",
        f"| {left} | {right} |",
        "| --- | --- |",
    ]
    for row in rows(page):
        lines.append(
            f"| {_md_cell(row.left, page.left_label)} | {_md_cell(row.right, page.right_label)} |"
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def _points(n: int) -> str:
    return "point" if n == 1 else "points"


def _md_side(label: str, source: str | None) -> str:
    if source and re.fullmatch(r"https?://[^\s<>]+", source):
        return f"{md_escape(label)} (<{source}>)"
    return md_escape(label)


def _md_cell(part: Passage | None, label: str) -> str:
    if part is None:
        return f"*Not in the {md_escape(label)} readout*"
    return part.joined(md_escape)


# ---------------------------------------------------------------------------------------------
# The standalone HTML file


@cache
def _templates() -> Environment:
    """Its own environment: the CLI renders it too, without the web app."""
    return Environment(
        loader=FileSystemLoader(PROJECT_ROOT / "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def to_html(page: ComparisonPage, origin: str | None) -> bytes:
    """The aligned rows with their styles inlined: opens offline, runs no script."""
    template = _templates().get_template("export.html")
    body = template.render(
        data=page,
        rows=rows(page),
        counts=counts(page),
        permalink=permalink(page, origin),
        policy=STANDALONE_POLICY,
    )
    return body.encode("utf-8")


def export(page: ComparisonPage, fmt: Format, origin: str | None) -> bytes:
    """The comparison in one of FORMATS; `origin` makes its addresses absolute."""
    if fmt == "csv":
        return to_csv(page, origin)
    if fmt == "md":
        return to_markdown(page, origin)
    if fmt == "html":
        return to_html(page, origin)
    return to_json(page)


def filename(slug: str, fmt: Format) -> str:
    """The download's name: the slug, in characters every file system and header takes."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", slug).strip(".-") or "comparison"
    return f"readouts-{safe[:120]}.{fmt}"
