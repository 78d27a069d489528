"""What a shared link previews (the Open Graph / Twitter card of a comparison page) and the
Atom feed of new listed comparisons.

Both need absolute addresses: the caller gives the origin (the public origin setting, else
the address the server answers on; never a request's Host header, which anyone can set and
which would then be cached into pages and the feed). Unlisted comparisons are never in the
feed: it reads the listing's condition.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from sqlalchemy import false, select

from app.config import app_version
from app.db import Database
from app.models import Comparison
from app.services.aligned_rows import counts
from app.services.collations import GridPage
from app.services.grid_exports import grid_counts, summary_line
from app.services.queries import LISTED
from app.services.shapes import ComparisonPage, Links

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
FEED_TITLE = "Readouts: new comparisons"


@dataclass(frozen=True)
class Card:
    """The preview of a shared comparison page."""

    title: str
    description: str
    url: str


def grid_card(page: GridPage, origin: str) -> Card:
    """Three to six accounts: "6 points made by all, 9 only by Kremlin, …, 2 by some, not all"."""
    when = f"{page.date.isoformat()}: " if page.date else ""
    labels = ", ".join(side.label for side in page.statements)
    description = (
        f"{when}{len(page.statements)} accounts side by side ({labels}). "
        f"{summary_line(grid_counts(page))}."
    )
    return Card(page.title, description, origin + page.url)


def card(page: ComparisonPage, origin: str) -> Card:
    """Title and counts: "13 points made by both, 4 only by White House, 6 only by Kremlin"."""
    c = counts(page)
    points = "point" if c.shared == 1 else "points"
    when = f"{page.date.isoformat()}: " if page.date else ""
    description = (
        f"{when}{page.left_label} and {page.right_label} readouts side by side. "
        f"{c.shared} {points} made by both, {c.left_only} only by {page.left_label}, "
        f"{c.right_only} only by {page.right_label}."
    )
    return Card(page.title, description, origin + page.url)


@dataclass(frozen=True)
class Entry:
    slug: str
    title: str
    date: dt.date | None
    left_label: str
    right_label: str
    left_coverage: float
    right_coverage: float
    created_at: dt.datetime
    updated_at: dt.datetime


def newest(db: Database, limit: int = FEED_SIZE) -> list[Entry]:
    """The listed comparisons stored last, newest first (unlisted ones never)."""
    query = (
        select(*LISTED, Comparison.created_at, Comparison.updated_at)
        .where(Comparison.unlisted == false())
        .order_by(Comparison.created_at.desc(), Comparison.id.desc())
        .limit(limit)
    )
    with db.reads.connect() as connection:
        return [Entry(*row) for row in connection.execute(query)]


def _utc(moment: dt.datetime) -> str:
    """RFC 3339 as Atom wants it (SQLite hands back naive datetimes; all stored are UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# Characters XML 1.0 cannot carry at all (a stored title should hold none; if one did, the
# feed would stop parsing for every reader, so they are dropped).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    kept = {name: _NOT_XML.sub("", value) for name, value in attrs.items()}
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", kept)
    element.text = None if text is None else _NOT_XML.sub("", text)
    return element


def feed(entries: list[Entry], links: Links, origin: str, self_path: str) -> bytes:
    """An Atom 1.0 document (RFC 4287): ids and links are the comparisons' permalinks."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    _sub(root, "title", FEED_TITLE)
    _sub(root, "subtitle", "Official readouts of the same event, aligned clause by clause.")
    _sub(root, "id", origin + self_path)
    _sub(root, "link", rel="self", type="application/atom+xml", href=origin + self_path)
    _sub(root, "link", rel="alternate", type="text/html", href=origin + links.home())
    newest_update = max((e.created_at for e in entries), default=None)
    # An empty feed still needs a date: a fixed one, so that its bytes do not change.
    _sub(root, "updated", _utc(newest_update or dt.datetime(2025, 1, 1, tzinfo=dt.UTC)))
    author = _sub(root, "author")
    _sub(author, "name", "Readouts")
    _sub(root, "generator", "Readouts", version=app_version())
    for e in entries:
        address = origin + links.comparison(e.slug)
        entry = _sub(root, "entry")
        _sub(entry, "title", e.title)
        _sub(entry, "id", address)
        _sub(entry, "link", rel="alternate", type="text/html", href=address)
        _sub(entry, "published", _utc(e.created_at))
        _sub(entry, "updated", _utc(e.created_at))
        for label in dict.fromkeys((e.left_label, e.right_label)):
            _sub(entry, "category", term=label)
        when = f"{e.date.isoformat()}. " if e.date else ""
        summary = (
            f"{when}{e.left_label} and {e.right_label} side by side: "
            f"{round(e.left_coverage * 100)}% of the {e.left_label} readout's clauses have a "
            f"counterpart, {round(e.right_coverage * 100)}% of the {e.right_label}'s."
        )
        _sub(entry, "summary", summary, type="text")
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body
