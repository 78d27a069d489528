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

from sqlalchemy import (
    ColumnElement,
    Select,
    Text,
    bindparam,
    cast,
    delete,
    false,
    func,
    insert,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.orm import Session, aliased

from app.db import Database
from app.models import Article, Comparison, ListingState, SearchWord, Statement, StoredAlignment
from app.search import query_words, words_of
from app.services.shapes import (
    ArticlePage,
    ArticleRow,
    ArticlesPage,
    BrowsePage,
    Coverage,
    Filters,
    FoundStatement,
    Links,
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


def summary_of(comparison: Comparison, links: Links) -> Summary:
    return summary([getattr(comparison, column.key) for column in LISTED], links)


@cache
def page_query() -> Select[*tuple[Any, ...]]:
    """One row with all a comparison page shows, the alignment as its JSON text."""
    left, right = aliased(Statement), aliased(Statement)
    columns = (Comparison.pair_hash, Comparison.updated_at, Comparison.differ_version)
    return (
        select(*LISTED, *columns, left.source, right.source, cast(StoredAlignment.data, Text))
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


def index_words(session: Session, comparison: Comparison, texts: Sequence[str]) -> None:
    """Keep the comparison's search words in step with its title, labels and texts.

    Written with one multi-row statement: a readout has hundreds of distinct words, and
    the ORM's row-by-row unit of work would triple the time to store a new pair.
    """
    session.flush()
    session.execute(delete(SearchWord).where(SearchWord.comparison_id == comparison.id))
    rows = [{"word": w, "comparison_id": comparison.id} for w in sorted(words_of(texts))]
    if rows:
        session.execute(insert(SearchWord), rows)


def listing_conditions(query: Listing) -> list[ColumnElement[bool]]:
    """What a browse query asks for, as conditions on comparisons (all of them indexed)."""
    conditions: list[ColumnElement[bool]] = [Comparison.unlisted.is_(False)]
    if query.q:
        words = query_words(query.q)
        conditions.append(false() if not words else true())
        for word in words:
            matching = select(SearchWord.comparison_id).where(
                SearchWord.word >= word, SearchWord.word < word + "\U0010ffff"
            )
            conditions.append(Comparison.id.in_(matching))
    if query.issuer:
        conditions.append(
            or_(Comparison.left_label == query.issuer, Comparison.right_label == query.issuer)
        )
    if query.since:
        conditions.append(Comparison.date >= query.since)
    if query.until:
        conditions.append(Comparison.date <= query.until)
    return conditions


def browse_page(session: Session, links: Links, query: Listing, page_size: int) -> BrowsePage:
    conditions = listing_conditions(query)
    total = session.scalar(select(func.count(Comparison.id)).where(*conditions)) or 0
    rows = session.scalars(
        select(Comparison)
        .where(*conditions)
        .order_by(Comparison.date.desc().nulls_last(), Comparison.id.desc())
        .offset((query.page - 1) * page_size)
        .limit(page_size)
    )
    filters = Filters(query.q, query.issuer, query.since, query.until)
    pages = max(1, -(-total // page_size))
    number = query.page
    return BrowsePage(
        comparisons=[summary_of(c, links) for c in rows],
        filters=filters,
        issuers=_issuers(session),
        total=total,
        page=number,
        pages=pages,
        next_url=page_url(links, filters, number + 1) if number < pages else None,
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


def _issuers(session: Session) -> list[str]:
    """Each side's labels walked in order along its (unlisted, label) index."""
    listed = Comparison.unlisted.is_(False)
    lefts = session.scalars(select(Comparison.left_label).where(listed).distinct())
    rights = session.scalars(select(Comparison.right_label).where(listed).distinct())
    return sorted({*lefts, *rights})


@cache
def generation_query() -> Select[int]:
    return select(ListingState.generation).where(ListingState.id == 1)


def listing_generation(db: Database) -> int:
    """Goes up whenever any comparison is added, changed or removed (see ListingState)."""
    with db.engine.connect() as connection:
        return connection.scalar(generation_query()) or 0


def browse(db: Database, links: Links, query: Listing, page_size: int) -> BrowsePage:
    with db.sessions() as session:
        return browse_page(session, links, query, page_size)


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
            Comparison.unlisted.is_(False),
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
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True
