"""Comparisons: store a pair (listed once, unlisted anew), find it, show its current
alignment, delete it.

Web pages, the API, the CLI and ingestion all store through `store_comparison`, so
deduplication, the differ run and the differ-version check happen the same way whoever
asks. The functions that take a `Database` are the web's entry points: each opens its
session, does its work and closes it in the one thread that calls it, so no connection is
held while the event loop waits. (They make the module pass 350 lines; apart from the
storing and showing they wrap, they would be a module of imports.)
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db import Database
from app.differ import DIFFER_VERSION as DIFFER_VERSION  # re-exported for the web
from app.differ import AlignmentTimeout as AlignmentTimeout  # re-exported for the web
from app.differ import Deadline, align
from app.differ.types import Alignment, dump, load
from app.differ.types import dump_json as dump_json  # re-exported for the web
from app.models import Comparison, ComparisonStatement, Proposal, Revision, Statement, utcnow
from app.packing import unpack
from app.services import history
from app.services.naming import pair_hash, text_hash
from app.services.naming import plausible_slug as plausible_slug  # used as pairs.plausible_slug
from app.services.naming import token_digest as token_digest  # used as pairs.token_digest
from app.services.naming import unlisted_slug as unlisted_slug  # used as pairs.unlisted_slug
from app.services.naming import upload_slug as upload_slug  # used as pairs.upload_slug
from app.services.queries import index_words, page_query, summary, summary_of, validators_query
from app.services.shapes import (
    AlignedPair,
    ComparisonPage,
    Created,
    Downloads,
    Links,
    OneSided,
    RevisionLine,
    Shown,
    Summary,
    Validators,
    sourced,
)

R = TypeVar("R")


@dataclass(frozen=True)
class SideInput:
    """One side of a pair as a person or a manifest gives it."""

    label: str
    text: str
    source: str | None = None


def coverage(alignment: Alignment) -> tuple[float, float]:
    """Share of each side's clauses that have a counterpart on the other side."""

    def share(total: int, alone: int) -> float:
        return round((total - alone) / total, 3) if total else 0.0

    return (
        share(len(alignment.left.clauses), len(alignment.unlinked("left"))),
        share(len(alignment.right.clauses), len(alignment.unlinked("right"))),
    )


def run_differ(
    left: SideInput,
    right: SideInput,
    budget: float | None = None,
    deadline: Deadline | None = None,
) -> Alignment:
    """Align two sides; with a budget (seconds) or a running deadline, raise AlignmentTimeout
    past it."""
    return align(
        left.text,
        right.text,
        left_label=left.label,
        right_label=right.label,
        budget_seconds=budget,
        deadline=deadline,
    )


def aligned(
    left: SideInput, right: SideInput, budget: float | None, answer: Callable[[AlignedPair], R]
) -> R:
    """Two sides aligned, with their sources, for a caller who stores nothing, and the answer
    made of them (`answer`, e.g. the JSON), under one budget.

    At 100,000 words a side serialising costs a tenth of aligning; it is counted, so that
    the budget bounds all the work a request causes.
    """
    deadline = Deadline(budget)
    alignment = run_differ(left, right, deadline=deadline)
    pair = AlignedPair(
        differ_version=alignment.differ_version,
        left=sourced(alignment.left, left.source),
        right=sourced(alignment.right, right.source),
        links=alignment.links,
    )
    result = answer(pair)
    deadline.check()
    return result


def by_pair_hash(session: Session, digest: str) -> Comparison | None:
    """The listed comparison of this pair, if any: unlisted ones are never found by their texts."""
    query = select(Comparison).where(Comparison.pair_hash == digest, LISTED)
    return session.scalar(query)


def find_by_slug(session: Session, slug: str) -> Comparison | None:
    if not plausible_slug(slug):
        return None
    return session.scalar(select(Comparison).where(Comparison.slug == slug))


def find_pair_by_slug(session: Session, slug: str) -> Comparison | None:
    """A comparison of two statements (None for one of three or more): what corrections,
    revisions and the editor work on."""
    comparison = find_by_slug(session, slug)
    return comparison if comparison is not None and len(comparison.members) <= 2 else None


def current_alignment(session: Session, comparison: Comparison) -> Alignment:
    """The stored alignment, recomputed and saved once when a newer differ made it stale.

    One corrected by hand keeps its links: the newer differ's alignment is stored beside
    it as a proposal for an editor to accept or not (see history.py, corrections.py).
    """
    if comparison.differ_version == DIFFER_VERSION:
        return load(comparison.alignment)
    left = SideInput(comparison.left_label, comparison.left_statement.text)
    right = SideInput(comparison.right_label, comparison.right_statement.text)
    fresh = run_differ(left, right)
    last = history.latest(session, comparison.id)
    if last is not None and last.kind == "hand":
        kept = load(comparison.alignment)
        proposal = session.get(Proposal, comparison.id) or Proposal(comparison_id=comparison.id)
        proposal.data, proposal.differ_version = dump(fresh), fresh.differ_version
        session.add(proposal)
        comparison.differ_version = fresh.differ_version  # checked against it: not again
        comparison.updated_at = utcnow()
        session.commit()
        return kept
    set_alignment(comparison, fresh)
    if last is not None:  # corrected once, then back to the differ's: the history goes on
        session.add(
            Revision(
                comparison_id=comparison.id,
                number=last.number + 1,
                kind="auto",
                data=comparison.alignment,
                changed=0,
                differ_version=fresh.differ_version,
            )
        )
    session.commit()
    return fresh


def set_alignment(comparison: Comparison, alignment: Alignment) -> None:
    comparison.alignment = dump(alignment)
    comparison.differ_version = alignment.differ_version
    comparison.left_coverage, comparison.right_coverage = coverage(alignment)


def set_members(
    comparison: Comparison, statements: Sequence[Statement], labels: Sequence[str]
) -> None:
    """All statements in order (comparison_statements); the first two mirrored in the
    left/right columns, which two-statement pages and lists read."""
    comparison.left_statement, comparison.right_statement = statements[0], statements[1]
    comparison.left_label, comparison.right_label = labels[0], labels[1]
    comparison.members = [
        ComparisonStatement(position=k, statement=statement, label=label)
        for k, (statement, label) in enumerate(zip(statements, labels, strict=True))
    ]


def _unique_slug(session: Session, base: str) -> str:
    slug, n = base, 1
    while find_by_slug(session, slug) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


@dataclass(frozen=True)
class Stored:
    comparison: Comparison
    created: bool
    delete_token: str | None = None  # given once, to whoever created an uploaded comparison
    alignment: Alignment | None = None  # when just made: no need to read it back


# As the partial unique index on pair_hash says it (models.py), so that it can be used.
LISTED = text("comparisons.unlisted = false")


def store_comparison(
    session: Session,
    *,
    title: str,
    left: SideInput | Statement,
    right: SideInput | Statement,
    date: dt.date | None = None,
    slug: str | None = None,
    origin: str = "upload",
    unlisted: bool = False,
    budget: float | None = None,
    deadline: Deadline | None = None,
    commit: bool = True,
) -> Stored:
    """Store a pair: listed, once (the same two texts come back as the same comparison);
    unlisted, anew each time, with a secret slug and a delete token of its own.

    Listed and unlisted comparisons are separate namespaces: an unlisted one is never
    returned for a pair's texts, and a listed one never in place of an unlisted one.
    With a `deadline`, aligning and serialising the stored copy are under it; with
    `commit=False` the caller commits (after more work under the same deadline).
    """
    left_side, right_side = side_input(left), side_input(right)
    digest = pair_hash(left_side.text, right_side.text)
    if unlisted:
        slug = unlisted_slug()
    elif (existing := by_pair_hash(session, digest)) is not None:
        return Stored(existing, created=False)
    delete_token = secrets.token_urlsafe(24) if origin == "upload" else None
    comparison = Comparison(
        slug=_unique_slug(session, slug or upload_slug(title, digest)),
        delete_token_hash=token_digest(delete_token) if delete_token else None,
        title=title,
        date=date,
        origin=origin,
        unlisted=unlisted,
        pair_hash=digest,
    )
    set_members(
        comparison,
        [_statement_for(left, "upload"), _statement_for(right, "upload")],
        [left_side.label, right_side.label],
    )
    alignment = run_differ(left_side, right_side, budget, deadline)
    set_alignment(comparison, alignment)
    if deadline is not None:
        deadline.check()
    session.add(comparison)
    try:
        index_words(
            session,
            comparison,
            [title, left_side.label, right_side.label, left_side.text, right_side.text],
        )
        session.flush()
        if commit:
            session.commit()
    except IntegrityError:
        # Another writer stored the same listed pair (or took the slug) first: theirs is ours.
        session.rollback()
        again = None if unlisted else by_pair_hash(session, digest)
        if again is None:
            raise
        return Stored(again, created=False)
    return Stored(comparison, created=True, delete_token=delete_token, alignment=alignment)


def delete_comparison(session: Session, comparison: Comparison, token: str) -> bool:
    """Delete with the uploader's secret; curated comparisons have none and stay."""
    expected = comparison.delete_token_hash
    if not expected or not hmac.compare_digest(expected, token_digest(token)):
        return False
    statements = [member.statement for member in comparison.members] or [
        comparison.left_statement,
        comparison.right_statement,
    ]
    session.delete(comparison)
    session.flush()
    for statement in statements:
        if statement.article_id is None and not statement_in_use(session, statement):
            session.delete(statement)
    session.commit()
    return True


def statement_in_use(session: Session, statement: Statement) -> bool:
    """Whether any comparison still shows this statement (then it must stay)."""
    if statement.id is None:
        return False
    query = select(Comparison.id).where(
        (Comparison.left_statement_id == statement.id)
        | (Comparison.right_statement_id == statement.id)
    )
    if session.scalar(query.limit(1)) is not None:
        return True
    member = select(ComparisonStatement.comparison_id).where(
        ComparisonStatement.statement_id == statement.id
    )
    return session.scalar(member.limit(1)) is not None


def side_input(side: SideInput | Statement) -> SideInput:
    if isinstance(side, Statement):
        return SideInput(side.issuer, side.text, side.source)
    return side


def _statement_for(side: SideInput | Statement, kind: str) -> Statement:
    if isinstance(side, Statement):
        return side
    return Statement(
        issuer=side.label,
        text=side.text,
        kind=kind,
        source=side.source,
        text_hash=text_hash(side.text),
    )


# ---------------------------------------------------------------------------------------------
# Entry points for the web: one session each, opened and closed in the calling thread


def _shown(
    listed: Summary,
    alignment: Alignment,
    sources: Sequence[str | None],
    current: Validators,
    revision: RevisionLine | None = None,
    links: Links | None = None,
) -> Shown:
    page = ComparisonPage(
        **vars(listed),
        differ_version=alignment.differ_version,
        left=sourced(alignment.left, sources[0]),
        right=sourced(alignment.right, sources[1]),
        links=alignment.links,
        one_sided=OneSided(alignment.unlinked("left"), alignment.unlinked("right")),
        revision=revision,
        downloads=downloads(listed.slug, links) if links else None,
    )
    return Shown(page, current)


def downloads(slug: str, links: Links) -> Downloads:
    return Downloads(
        links.comparison(slug, "csv"), links.comparison(slug, "md"), links.comparison(slug, "html")
    )


def _shown_of(
    session: Session, comparison: Comparison, links: Links, alignment: Alignment | None = None
) -> Shown:
    """From the ORM: after storing (with the alignment just made, not read back and
    validated again), or to recompute a stale alignment first."""
    if alignment is None:
        alignment = current_alignment(session, comparison)
    sources = (comparison.left_statement.source, comparison.right_statement.source)
    current = Validators(comparison.pair_hash, comparison.updated_at, comparison.differ_version)
    revision = history.line(session.connection(), comparison.slug, links)
    return _shown(summary_of(comparison, links), alignment, sources, current, revision, links)


def validators(db: Database, slug: str) -> Validators | None:
    """What a cached page is checked against, on a plain connection (the hot path)."""
    if not plausible_slug(slug):
        return None
    with db.reads.connect() as connection:
        row = connection.execute(validators_query(), {"slug": slug}).first()
    return None if row is None else Validators(row[0], row[1], row[2])


def show(db: Database, links: Links, slug: str) -> Shown | None:
    """The comparison with its current alignment (recomputed once if the differ is newer).

    Two statements only: None for one of three or more, whose page `collations.show_any`
    gives (the comparison page calls that, for any number of statements)."""
    from app.services.collations import is_collation

    if not plausible_slug(slug):
        return None
    with db.reads.connect() as connection:
        row = connection.execute(page_query(), {"slug": slug}).first()
        if row is None:
            return None
        *page, statements, corrected = row
        revision = history.line(connection, slug, links) if corrected else None
    *listed, pair, updated_at, differ_version, left_source, right_source, left, right, data = page
    if statements > 2 or is_collation(data):
        return None
    if differ_version != DIFFER_VERSION:
        with db.sessions() as session:
            comparison = find_by_slug(session, slug)
            return None if comparison is None else _shown_of(session, comparison, links)
    current = Validators(pair, updated_at, differ_version)
    sources = (left_source, right_source)
    alignment = load(unpack(json.loads(data), (left, right)))
    return _shown(summary(listed, links), alignment, sources, current, revision, links)


def title_of(db: Database, slug: str) -> str | None:
    with db.sessions() as session:
        comparison = find_by_slug(session, slug)
        return None if comparison is None else comparison.title


def create(
    db: Database,
    links: Links,
    *,
    title: str,
    left: SideInput,
    right: SideInput,
    date: dt.date | None,
    unlisted: bool,
    budget: float | None,
    answer: Callable[[Created], R],
) -> R:
    """Store a pair sent by a person (the form or the API) and make the answer to it.

    Aligning, the stored copy and the answer (`answer`, e.g. the page as JSON) are all
    made under the one budget, before the commit: a pair that takes the budget past its
    end, however late, is refused with AlignmentTimeout and nothing is stored.
    """
    deadline = Deadline(budget)
    with db.sessions() as session:
        stored = store_comparison(
            session,
            title=title,
            left=left,
            right=right,
            date=date,
            unlisted=unlisted,
            deadline=deadline,
            commit=False,
        )
        shown = _shown_of(session, stored.comparison, links, stored.alignment)
        result = answer(Created(shown, stored.created, stored.delete_token))
        deadline.check()
        session.commit()
        return result


def remove(db: Database, slug: str, token: str) -> str | None:
    """Delete with the creator's token; the deleted comparison's title, or None if refused.

    Raises LookupError when there is no such comparison.
    """
    with db.sessions() as session:
        comparison = find_by_slug(session, slug)
        if comparison is None:
            raise LookupError(slug)
        title = comparison.title
        return title if delete_comparison(session, comparison, token) else None
