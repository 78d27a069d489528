"""The full-text index of listed comparisons, in each database's own engine.

SQLite: an FTS5 table `search_index` whose rowid is the comparison's place in the listing
(`listing_key`: its date's day number, then its id), so that a search walks the index in
the order a page shows and stops when the page is full, however many comparisons match.
Triggers made by migration 0006 move a row when its comparison's date changes and drop it
when the comparison goes.

PostgreSQL: a table `search_documents` (comparison_id, tsvector) with a GIN index, whose
rows go with their comparison (ON DELETE CASCADE).

Both hold the words of `app.search.document_of` (folded in Python), and both are asked the
terms of `app.search.query_terms`, written out here in each engine's syntax from words only.
Unlisted comparisons are not indexed: no search can reach them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Protocol

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from app.search import Term, document_of

DAY_SHIFT = 31  # ids below 2**31 (MAX_ID), so a day number shifted past them orders first
ID_MASK = 2**DAY_SHIFT - 1
JULIAN_OFFSET = 1721424  # julianday('0001-01-01') is 1721425.5; date.toordinal() is 1 then

# The same key in SQL, for rows and triggers: NULL dates (0) come last in a descending walk.
SQLITE_KEY = "((COALESCE(CAST(julianday({t}date) AS INTEGER), 0) << 31) + {t}id)"


class Indexed(Protocol):
    """What indexing needs of a comparison: its id (an ORM row, or a bulk-inserted id)."""

    @property
    def id(self) -> int: ...


def listing_key(date: dt.date | None, comparison_id: int = 0) -> int:
    """A comparison's FTS5 rowid on SQLite: the order of the listing, as one integer."""
    day = date.toordinal() + JULIAN_OFFSET if date is not None else 0
    return (day << DAY_SHIFT) + comparison_id


def index_words(session: Session, comparison: Indexed, texts: Sequence[str]) -> None:
    """Keep the comparison's entry in the search index in step with its title, labels and
    texts: call it whenever a comparison is stored or any of those change.

    Flushes first, so that the comparison has its id, date and listing state in the
    database; unlisted comparisons get no entry."""
    session.flush()
    index_many(session.connection(), [(comparison.id, texts)])


def index_many(connection: Connection, entries: Iterable[tuple[int, Sequence[str]]]) -> None:
    """Index many comparisons at once (stored already): one statement per kind of work."""
    rows = [{"id": cid, "body": document_of(texts)} for cid, texts in entries]
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        connection.execute(
            text(
                "INSERT INTO search_documents (comparison_id, document) "
                "SELECT id, to_tsvector('simple', :body) FROM comparisons "
                "WHERE id = :id AND NOT unlisted "
                "ON CONFLICT (comparison_id) DO UPDATE SET document = excluded.document"
            ),
            rows,
        )
        connection.execute(
            text(
                "DELETE FROM search_documents WHERE comparison_id = :id AND comparison_id IN "
                "(SELECT id FROM comparisons WHERE unlisted)"
            ),
            [{"id": row["id"]} for row in rows],
        )
        return
    key = SQLITE_KEY.format(t="")
    connection.execute(
        text(
            f"DELETE FROM search_index WHERE rowid = (SELECT {key} FROM comparisons WHERE id = :id)"
        ),
        [{"id": row["id"]} for row in rows],
    )
    connection.execute(
        text(
            f"INSERT INTO search_index (rowid, body) SELECT {key}, :body FROM comparisons "
            "WHERE id = :id AND NOT unlisted"
        ),
        rows,
    )


def fts5_query(terms: Sequence[Term]) -> str:
    """FTS5 syntax: every term quoted (so no word is an operator), single words as prefixes."""
    parts = []
    for term in terms:
        quoted = '"' + " ".join(term.words) + '"'
        parts.append(quoted if term.phrase else quoted + " *")
    return " AND ".join(parts)


def tsquery(terms: Sequence[Term]) -> str:
    """to_tsquery syntax: every word single-quoted, phrases joined by <->, words as prefixes."""
    parts = []
    for term in terms:
        quoted = [f"'{word}'" for word in term.words]
        parts.append("(" + " <-> ".join(quoted) + ")" if term.phrase else quoted[0] + ":*")
    return " & ".join(parts)
