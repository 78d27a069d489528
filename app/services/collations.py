"""Comparisons of three to six statements: store them, show them as points, open a pair.

A comparison of three statements or more keeps its first two in the left/right columns (as
every comparison does) and all of them in `comparison_statements`; its `alignments` row
holds the differ's `Collation` (every pair's links and the points joined from them), where a
two-statement comparison holds an `Alignment`. Two-statement comparisons go through
`comparisons.store_comparison` unchanged, so their JSON and URLs stay as they were.

(Past 350 lines for the same reason as comparisons.py: besides storing and showing, it holds
the `Database` entry points the web calls, which apart would be a module of wrappers.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db import Database
from app.differ import DIFFER_VERSION, Deadline, collate
from app.differ.points import Collation, Point, dump, load, load_json
from app.differ.types import Alignment, Link
from app.differ.types import load as load_alignment
from app.models import Comparison, ComparisonStatement, Statement
from app.packing import unpack
from app.services import comparisons as pairs
from app.services.comparisons import SideInput, Stored
from app.services.queries import index_words, page_query, summary, summary_of
from app.services.shapes import (
    ComparisonPage,
    Downloads,
    Links,
    OneSided,
    Shown,
    SourcedSide,
    Summary,
    Validators,
    sourced,
)
from app.text import normalise

R = TypeVar("R")
MIN_STATEMENTS, MAX_STATEMENTS = 2, 6


@dataclass(frozen=True)
class PairRef:
    """A pair of statements inside a comparison (1-based, as a reader counts), its two-sided
    view, and its links (`left` = statement a, `right` = statement b), as in the contract."""

    a: int
    b: int
    url: str
    json_url: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class GridPage(Summary):
    """The JSON contract for three statements or more: `statements` and `points`, plus the
    pairs' own two-sided views."""

    differ_version: str
    statements: tuple[SourcedSide, ...]
    points: tuple[Point, ...]
    pairs: tuple[PairRef, ...]
    delete_url: str | None = None
    # Where it can be downloaded (app/services/grid_exports.py), as a two-statement page.
    downloads: Downloads | None = None


@dataclass(frozen=True)
class Collated:
    """Statements collated and not stored (the API's align, the CLI)."""

    differ_version: str
    statements: tuple[SourcedSide, ...]
    points: tuple[Point, ...]


@dataclass(frozen=True)
class ShownGrid:
    page: GridPage
    validators: Validators


def texts_hash(texts: Sequence[str]) -> str:
    """As `comparisons.pair_hash` for two texts, so a pair keeps its hash and its link."""
    joined = "\x00".join(normalise(t) for t in texts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def run_collation(sides: Sequence[SideInput], deadline: Deadline | None = None) -> Collation:
    return collate(
        [s.text for s in sides], [s.label for s in sides], deadline=deadline or Deadline()
    )


def collated(
    sides: Sequence[SideInput], budget: float | None, answer: Callable[[Collated], R]
) -> R:
    """Collate without storing, and make the answer, under one budget."""
    deadline = Deadline(budget)
    collation = run_collation(sides, deadline)
    made = Collated(
        collation.differ_version,
        tuple(sourced(side, s.source) for side, s in zip(collation.statements, sides, strict=True)),
        collation.points,
    )
    result = answer(made)
    deadline.check()
    return result


def coverage(collation: Collation) -> tuple[float, float]:
    """Share of the first and second statements' clauses in points someone else made too."""

    def share(position: int) -> float:
        total = len(collation.statements[position].clauses)
        shared = sum(
            len(p.clauses.get(position, ())) for p in collation.points if len(p.said_by) > 1
        )
        return round(shared / total, 3) if total else 0.0

    return share(0), share(1)


def set_collation(comparison: Comparison, collation: Collation) -> None:
    comparison.alignment = dump(collation)
    comparison.differ_version = collation.differ_version
    comparison.left_coverage, comparison.right_coverage = coverage(collation)


def store_many(
    session: Session,
    *,
    title: str,
    statements: Sequence[SideInput | Statement],
    date: dt.date | None = None,
    slug: str | None = None,
    origin: str = "upload",
    unlisted: bool = False,
    deadline: Deadline | None = None,
    commit: bool = True,
) -> Stored:
    """Store 2..6 statements: two as `store_comparison` does; more as a collation (listed
    once for the same texts in the same order, unlisted anew each time)."""
    if not MIN_STATEMENTS <= len(statements) <= MAX_STATEMENTS:
        raise ValueError(f"a comparison holds {MIN_STATEMENTS} to {MAX_STATEMENTS} statements")
    if len(statements) == 2:
        return pairs.store_comparison(
            session,
            title=title,
            left=statements[0],
            right=statements[1],
            date=date,
            slug=slug,
            origin=origin,
            unlisted=unlisted,
            deadline=deadline,
            commit=commit,
        )
    sides = [pairs.side_input(s) for s in statements]
    digest = texts_hash([s.text for s in sides])
    if unlisted:
        slug = pairs.unlisted_slug()
    elif (existing := pairs.by_pair_hash(session, digest)) is not None:
        return Stored(existing, created=False)
    delete_token = secrets.token_urlsafe(24) if origin == "upload" else None
    comparison = Comparison(
        slug=pairs._unique_slug(session, slug or pairs.upload_slug(title, digest)),
        delete_token_hash=pairs.token_digest(delete_token) if delete_token else None,
        title=title,
        date=date,
        origin=origin,
        unlisted=unlisted,
        pair_hash=digest,
    )
    pairs.set_members(
        comparison,
        [pairs._statement_for(s, "upload") for s in statements],
        [s.label for s in sides],
    )
    collation = run_collation(sides, deadline)
    set_collation(comparison, collation)
    if deadline is not None:
        deadline.check()
    session.add(comparison)
    try:
        index_words(
            session, comparison, [title, *(s.label for s in sides), *(s.text for s in sides)]
        )
        session.flush()
        if commit:
            session.commit()
    except IntegrityError:
        session.rollback()
        again = None if unlisted else pairs.by_pair_hash(session, digest)
        if again is None:
            raise
        return Stored(again, created=False)
    return Stored(comparison, created=True, delete_token=delete_token, alignment=None)


def current_collation(session: Session, comparison: Comparison) -> Collation:
    """The stored collation, recomputed and saved once when a newer differ made it stale."""
    if comparison.differ_version == DIFFER_VERSION:
        return load(comparison.alignment)
    sides = [SideInput(m.label, m.statement.text, m.statement.source) for m in comparison.members]
    collation = run_collation(sides)
    set_collation(comparison, collation)
    session.commit()
    return collation


def current_any(session: Session, comparison: Comparison) -> Alignment | Collation:
    """The current alignment of any comparison (recomputed when stale): `readouts realign`."""
    if len(comparison.members) > 2:
        return current_collation(session, comparison)
    return pairs.current_alignment(session, comparison)


# ---------------------------------------------------------------------------------------------
# Pages


_COLLATION = re.compile(r'^\s*\{\s*"differ_version"\s*:\s*"[^"]*"\s*,\s*"statements"\s*:')


def is_collation(data: str) -> bool:
    """Whether stored alignment JSON is a collation (its second key is `statements`)."""
    return _COLLATION.match(data[:120]) is not None


def grid_page(
    listed: Summary,
    collation: Collation,
    sources: Sequence[str | None],
    links: Links,
    delete_url: str | None = None,
) -> GridPage:
    refs = tuple(
        PairRef(
            p.a + 1,
            p.b + 1,
            pair_url(links, listed.slug, p.a, p.b),
            pair_url(links, listed.slug, p.a, p.b, "json"),
            p.links,
        )
        for p in collation.pairs
    )
    return GridPage(
        **vars(listed),
        differ_version=collation.differ_version,
        statements=tuple(
            sourced(side, source)
            for side, source in zip(collation.statements, sources, strict=True)
        ),
        points=collation.points,
        pairs=refs,
        delete_url=delete_url,
        downloads=pairs.downloads(listed.slug, links),
    )


def pair_url(links: Links, slug: str, a: int, b: int, fmt: str | None = None) -> str:
    return links.pair(slug, a + 1, b + 1, fmt)


def _members(session: Session, comparison_id: int) -> list[tuple[str, str | None]]:
    rows = session.execute(
        select(ComparisonStatement.label, Statement.source)
        .join(Statement, Statement.id == ComparisonStatement.statement_id)
        .where(ComparisonStatement.comparison_id == comparison_id)
        .order_by(ComparisonStatement.position)
    )
    return [(label, source) for label, source in rows]


def loaded(
    db: Database, links: Links, slug: str
) -> tuple[Summary, Alignment | Collation, list[str | None], Validators] | None:
    """What a comparison page shows, read once: two statements' Alignment or a Collation."""
    if not pairs.plausible_slug(slug):
        return None
    with db.reads.connect() as connection:
        row = connection.execute(page_query(), {"slug": slug}).first()
    if row is None:
        return None
    *page, _statements, _corrected = row  # the two last: read anew for a grid or an old pair
    *listed, pair, updated_at, differ_version, left_source, right_source, left, right, data = page
    if differ_version == DIFFER_VERSION and not is_collation(data):
        current = Validators(pair, updated_at, differ_version)
        alignment = load_alignment(unpack(json.loads(data), (left, right)))
        return summary(listed, links), alignment, [left_source, right_source], current
    with db.sessions() as session:
        comparison = pairs.find_by_slug(session, slug)
        if comparison is None:
            return None
        current = Validators(comparison.pair_hash, comparison.updated_at, differ_version)
        sources = [source for _, source in _members(session, comparison.id)]
        made: Alignment | Collation
        if is_collation(data) or len(comparison.members) > 2:
            made = current_collation(session, comparison)
        else:
            made = pairs.current_alignment(session, comparison)
        current = Validators(comparison.pair_hash, comparison.updated_at, comparison.differ_version)
        return summary_of(comparison, links), made, sources, current


def show_any(db: Database, links: Links, slug: str) -> Shown | ShownGrid | None:
    """A comparison page's data: two statements' as `comparisons.show` gives it (with its
    revision line), or the grid of three or more."""
    if not pairs.plausible_slug(slug):
        return None
    two = pairs.show(db, links, slug)  # None for three statements or more (or none at all)
    if two is not None:
        return two
    found = loaded(db, links, slug)
    if found is None:
        return None
    listed, made, sources, current = found
    if isinstance(made, Collation):
        return ShownGrid(grid_page(listed, made, sources, links), current)
    return pairs._shown(listed, made, sources, current)


def show_pair(
    db: Database, links: Links, slug: str, a: int, b: int
) -> tuple[ComparisonPage, Validators] | None:
    """Statements a and b (0-based, either order) of any comparison, as the two-sided page."""
    found = loaded(db, links, slug)
    if found is None:
        return None
    listed, made, sources, current = found
    count = len(made.statements) if isinstance(made, Collation) else 2
    if a == b or not (0 <= a < count and 0 <= b < count):
        return None
    if isinstance(made, Collation):
        alignment = made.pair(a, b)
    else:
        alignment = made if (a, b) == (0, 1) else made.mirrored()
    page = ComparisonPage(
        **{
            **vars(listed),
            "left_label": alignment.left.label,
            "right_label": alignment.right.label,
        },
        differ_version=alignment.differ_version,
        left=sourced(alignment.left, sources[a]),
        right=sourced(alignment.right, sources[b]),
        links=alignment.links,
        one_sided=OneSided(alignment.unlinked("left"), alignment.unlinked("right")),
    )
    return page, current


def create_many(
    db: Database,
    links: Links,
    *,
    title: str,
    statements: Sequence[SideInput],
    date: dt.date | None,
    unlisted: bool,
    budget: float | None,
    answer: Callable[[GridPage, bool, str | None], R],
) -> R:
    """Store three to six statements sent by a person and make the answer, under one budget
    (aligning every pair, joining, storing, serialising); nothing is stored past it."""
    deadline = Deadline(budget)
    with db.sessions() as session:
        stored = store_many(
            session,
            title=title,
            statements=statements,
            date=date,
            unlisted=unlisted,
            deadline=deadline,
            commit=False,
        )
        comparison = stored.comparison
        collation = (
            current_collation(session, comparison)
            if not stored.created
            else load(comparison.alignment)
        )
        sources = (
            [s.source for s in statements]
            if stored.created
            else [source for _, source in _members(session, comparison.id)]
        )
        page = grid_page(summary_of(comparison, links), collation, sources, links)
        result = answer(page, stored.created, stored.delete_token)
        deadline.check()
        session.commit()
        return result


__all__ = ["Collated", "GridPage", "PairRef", "ShownGrid", "load_json"]
