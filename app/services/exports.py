"""A comparison to take away: CSV for a spreadsheet, Markdown for an article, a standalone
HTML file that reads offline, and the JSON twin, all from the page data the comparison page
shows (`ComparisonPage`), so a download never says something the page does not; what a row
is (a link, or a clause only one side says) is app/services/aligned_rows.py.

The web (`/c/{slug}.csv`, `.md`, `.html`) and the CLI (`readouts export`) both call `export`
and so write the same bytes.
"""

from __future__ import annotations

import csv
import io
import re
from functools import cache
from typing import Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from app.config import PROJECT_ROOT
from app.services.aligned_rows import Passage, Row, counts, rows
from app.services.shapes import ComparisonPage, Summary, to_json

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


def permalink(page: Summary, origin: str | None, anchor: str = "") -> str:
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
