"""Reading what is stored: browse and search comparisons, list and show articles.

Each entry point opens its session or connection, reads, and closes it in the calling
thread, and returns page objects (`app.services.shapes`), never ORM rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, Text, bindparam, cast, false, func, or_, select, text
from sqlalchemy.orm import Session, aliased

from app.db import Database
from app.models import (
    Article,
    Comparison,
    ComparisonStatement,
    ListingState,
    Revision,
    Statement,
    StoredAlignment,
)
from app.search import query_terms
from app.services.listing import LATER, capped_count, issuers, page_ids
from app.services.search_index import index_words as index_words  # stores call it from here
from app.services.shapes import (
    ArticlePage,
    ArticleRow,
    ArticlesPage,
    BrowsePage,
    Coverage,
    Filters,
    FoundStatement,
    Links,
    Listed,
    Removal,
    Summary,
)

MAX_ID = 2**31 - 1  # ids past the database's integer range cannot exist (and would overflow)


@dataclass(frozen=True)
class Listing:
    """What a browse asks for: the same parameters on /, /.json and /api/comparisons."""

    q: str = ""
    issuer: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    page: int = 1


# What a list shows of a comparison, in the order `summary` takes it.
LISTED = (
    Comparison.slug,
    Comparison.title,
    Comparison.date,
    Comparison.left_label,
    Comparison.right_label,
    Comparison.left_coverage,
    Comparison.right_coverage,
)


def summary(values: Sequence[Any], links: Links) -> Summary:
    """A Summary from the LISTED columns' values (a row, or a comparison's attributes)."""
    slug, title, date, left_label, right_label, left_coverage, right_coverage = values
    return Summary(
        slug=slug,
        title=title,
        date=date,
        left_label=left_label,
        right_label=right_label,
        coverage=Coverage(left_coverage, right_coverage),
        url=links.comparison(slug),
        json_url=links.comparison(slug, "json"),
    )


def _summaries(ids: Sequence[int]) -> Select[*tuple[Any, ...]]:
    """The LISTED columns (and the id, last) of the comparisons of a page."""
    return select(*LISTED, Comparison.id).where(Comparison.id.in_(ids))


def summary_of(comparison: Comparison, links: Links) -> Summary:
    return summary([getattr(comparison, column.key) for column in LISTED], links)


@cache
def page_query() -> Select[*tuple[Any, ...]]:
    """One row with all a comparison page shows, the alignment as its JSON text (packed:
    the texts, which it leaves out, come with it; see app/packing.py), then how many
    statements it holds and whether it was ever corrected: asked here, not in queries of
    their own, because every uncached page and JSON twin asks."""
    left, right = aliased(Statement), aliased(Statement)
    columns = (Comparison.pair_hash, Comparison.updated_at, Comparison.differ_version)
    statements = (
        select(func.count(ComparisonStatement.position))
        .where(ComparisonStatement.comparison_id == Comparison.id)
        .scalar_subquery()
    )
    corrected = select(Revision.number).where(Revision.comparison_id == Comparison.id).exists()
    return (
        select(*LISTED, *columns, left.source, right.source, left.text, right.text)
        .add_columns(cast(StoredAlignment.data, Text), statements, corrected)
        .join(left, left.id == Comparison.left_statement_id)
        .join(right, right.id == Comparison.right_statement_id)
        .join(StoredAlignment, StoredAlignment.comparison_id == Comparison.id)
        .where(Comparison.slug == bindparam("slug"))
    )


@cache
def validators_query() -> Select[str, dt.datetime, str]:
    """Three columns by slug, no ORM: the query every reader of a shared link makes.

    Built once: statement construction is a real share of a cache hit's cost."""
    columns = (Comparison.pair_hash, Comparison.updated_at, Comparison.differ_version)
    return select(*columns).where(Comparison.slug == bindparam("slug"))


def _later_labels(connection: Connection, ids: Sequence[int]) -> dict[int, list[str]]:
    """The issuers of the third and later statements of these comparisons, in order."""
    query = (
        select(ComparisonStatement.comparison_id, ComparisonStatement.label)
        .where(ComparisonStatement.comparison_id.in_(ids), ComparisonStatement.position >= LATER)
        .order_by(ComparisonStatement.comparison_id, ComparisonStatement.position)
    )
    found: dict[int, list[str]] = {}
    for comparison_id, label in connection.execute(query):
        found.setdefault(comparison_id, []).append(label)
    return found


def browse_page(connection: Connection, links: Links, query: Listing, page_size: int) -> BrowsePage:
    """One page of the listing, in O(page): the page's ids, a count that stops at
    COUNT_CAP, and the issuer labels by a walk over their indexes that skips repeats."""
    terms = query_terms(query.q)
    offset = (query.page - 1) * page_size
    if query.q and not terms:
        ids, total, capped = [], 0, False
    else:
        ids = page_ids(connection, query, terms, page_size + 1, offset)
        total, capped = capped_count(connection, query, terms)
    more = len(ids) > page_size
    by_id = {row[-1]: row for row in connection.execute(_summaries(ids[:page_size]))}
    later = _later_labels(connection, ids[:page_size])
    filters = Filters(query.q, query.issuer, query.since, query.until)
    number = query.page
    pages = None if capped else max(1, -(-total // page_size))
    return BrowsePage(
        comparisons=[
            Listed(**vars(summary(by_id[i][:-1], links)), later_labels=tuple(later.get(i, ())))
            for i in ids[:page_size]
            if i in by_id
        ],
        filters=filters,
        issuers=issuers(connection),
        total=total,
        total_capped=capped,
        page=number,
        pages=pages,
        next_url=page_url(links, filters, number + 1) if more else None,
        prev_url=page_url(links, filters, number - 1) if number > 1 else None,
    )


def page_url(links: Links, filters: Filters, page: int | None, fmt: str | None = None) -> str:
    """A browse page with the same filters."""
    return links.home(
        fmt,
        q=filters.q,
        issuer=filters.issuer,
        since=filters.since.isoformat() if filters.since else None,
        until=filters.until.isoformat() if filters.until else None,
        page=page,
    )


@cache
def generation_query() -> Select[int]:
    return select(ListingState.generation).where(ListingState.id == 1)


def listing_generation(db: Database) -> int:
    """Goes up whenever any comparison is added, changed or removed (see ListingState)."""
    with db.reads.connect() as connection:
        return connection.scalar(generation_query()) or 0


def browse(db: Database, links: Links, query: Listing, page_size: int) -> BrowsePage:
    with db.reads.connect() as connection:
        return browse_page(connection, links, query, page_size)


# ---------------------------------------------------------------------------------------------
# Articles


def _head(article: Article, links: Links) -> dict[str, Any]:
    return {
        "id": article.id,
        "name": article.name,
        "title": article.title or article.name,
        "outlet": article.outlet,
        "author": article.author,
        "date": article.published,
        "event_date": article.event_date,
        "source_url": article.url,
        "url": links.article(article.id),
        "json_url": links.article(article.id, "json"),
    }


def articles(db: Database, links: Links) -> ArticlesPage:
    with db.sessions() as session:
        per_article = select(Statement.article_id, func.count(Statement.id))
        counts: dict[int | None, int] = {
            article_id: n
            for article_id, n in session.execute(per_article.group_by(Statement.article_id))
        }
        found = session.scalars(select(Article).order_by(Article.published.desc(), Article.name))
        return ArticlesPage(
            [ArticleRow(**_head(a, links), statements=counts.get(a.id, 0)) for a in found]
        )


def article(db: Database, links: Links, article_id: int) -> ArticlePage | None:
    if not 0 < article_id <= MAX_ID:
        return None
    with db.sessions() as session:
        found = session.get(Article, article_id)
        return None if found is None else _article_page(session, links, found)


def _article_page(session: Session, links: Links, article: Article) -> ArticlePage:
    statement_ids = [s.id for s in article.statements]
    compared = session.scalars(
        select(Comparison).where(
            Comparison.unlisted == false(),
            or_(
                Comparison.left_statement_id.in_(statement_ids),
                Comparison.right_statement_id.in_(statement_ids),
            ),
        )
    )
    return ArticlePage(
        **_head(article, links),
        clean_text=article.clean_text,
        statements=[
            FoundStatement(s.id, s.issuer, s.kind, s.start, s.end, s.text)
            for s in article.statements
        ],
        removals=[Removal(**removal) for removal in article.removals],
        comparisons=[summary_of(c, links) for c in compared],
    )


# ---------------------------------------------------------------------------------------------
# System


def database_reachable(db: Database) -> bool:
    try:
        with db.reads.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True
