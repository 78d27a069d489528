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
Unlisted comparisons are not indexed: no search can reach them. On SQLite, `search_terms`
lists every word indexed (never pruned: a word no comparison has any more matches nothing),
so that a prefix is expanded to whole words before FTS5 is asked (see `fts5_query`).
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
MAX_EXPANSION = 512  # words a prefix may stand for (past them, the first 512 in order)
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
    vocabulary = {word for row in rows for word in str(row["body"]).split()}
    connection.execute(
        text("INSERT OR IGNORE INTO search_terms (term) VALUES (:term)"),
        [{"term": word} for word in sorted(vocabulary)],
    )
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


def fts5_query(connection: Connection, terms: Sequence[Term]) -> str | None:
    """FTS5 syntax: every word quoted (so none is an operator); a single word becomes the
    words it begins (from `search_terms`), or'ed; None when one of them begins no word.

    FTS5's own prefix queries (`"russia" *`) gather every match of every such word before
    giving the first, which at 100,000 comparisons takes seconds for a short prefix; an OR
    of whole words is walked in order and stops when the page is full."""
    parts = []
    for term in terms:
        if term.phrase:
            parts.append('"' + " ".join(term.words) + '"')
            continue
        words = prefixed(connection, term.words[0])
        if not words:
            return None
        parts.append("(" + " OR ".join(f'"{word}"' for word in words) + ")")
    return " AND ".join(parts)


def prefixed(connection: Connection, prefix: str) -> list[str]:
    """The indexed words that begin with `prefix`, the first MAX_EXPANSION alphabetically."""
    found = connection.scalars(
        text(
            "SELECT term FROM search_terms WHERE term >= :prefix AND term < :beyond "
            "ORDER BY term LIMIT :most"
        ),
        {"prefix": prefix, "beyond": prefix + "\U0010ffff", "most": MAX_EXPANSION},
    )
    return list(found)


def tsquery(terms: Sequence[Term]) -> str:
    """to_tsquery syntax: every word single-quoted, phrases joined by <->, words as prefixes."""
    parts = []
    for term in terms:
        quoted = [f"'{word}'" for word in term.words]
        parts.append("(" + " <-> ".join(quoted) + ")" if term.phrase else quoted[0] + ":*")
    return " & ".join(parts)
