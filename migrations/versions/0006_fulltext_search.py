"""fulltext_search: the databases' own full-text engines instead of the search_words table

SQLite: an FTS5 table `search_index` (rowid: the comparison's place in the listing, its
date's julian day shifted past the id, plus the id), `search_terms` (every word indexed, to
expand a prefix into words) and two triggers on comparisons: one
drops a comparison's row when it is deleted, one moves it when its date changes.
PostgreSQL: `search_documents` (comparison_id, tsvector) with a GIN index, rows deleted with
their comparison. Both are filled from the listed comparisons already stored, with the
words folded as app/search.py folds them (a copy below: a revision never imports app code).

The label indexes gain (date, id), so that an issuer's page walks its label in listing order.

SQLite drops a table's triggers when a batch migration rebuilds it: a later revision that
rebuilds `comparisons` must create the two triggers again (tests/test_migrations.py checks
they exist at head).

Revision ID: 0006_fulltext_search
Revises: 0008_revisions
Create Date: 2026-12-01
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_fulltext_search"
down_revision: str | None = "0008_revisions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEY = "((COALESCE(CAST(julianday({t}.date) AS INTEGER), 0) << 31) + {t}.id)"

SQLITE_TRIGGERS = (
    f"""
    CREATE TRIGGER search_index_comparison_deleted AFTER DELETE ON comparisons BEGIN
      DELETE FROM search_index WHERE rowid = {_KEY.format(t="old")};
    END
    """,
    f"""
    CREATE TRIGGER search_index_comparison_dated AFTER UPDATE OF date ON comparisons
    WHEN old.date IS NOT new.date BEGIN
      INSERT INTO search_index (rowid, body)
        SELECT {_KEY.format(t="new")}, body FROM search_index
        WHERE rowid = {_KEY.format(t="old")};
      DELETE FROM search_index WHERE rowid = {_KEY.format(t="old")};
    END
    """,
)

_SOURCES = (
    "SELECT c.id, c.title, c.left_label, c.right_label, l.text, r.text "
    "FROM comparisons c JOIN statements l ON l.id = c.left_statement_id "
    "JOIN statements r ON r.id = c.right_statement_id"
)
_BATCH = 500


def upgrade() -> None:
    _label_indexes(
        ["unlisted", "left_label", "date", "id"], ["unlisted", "right_label", "date", "id"]
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE search_index USING fts5(body, columnsize=0, "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute("CREATE TABLE search_terms (term TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID")
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)
        insert = (
            f"INSERT INTO search_index (rowid, body) SELECT {_KEY.format(t='comparisons')}, :body "
            "FROM comparisons WHERE id = :id"
        )
    else:
        op.execute(
            "CREATE TABLE search_documents ("
            "comparison_id INTEGER NOT NULL, document TSVECTOR NOT NULL, "
            "CONSTRAINT pk_search_documents PRIMARY KEY (comparison_id), "
            "CONSTRAINT fk_search_documents_comparison_id_comparisons FOREIGN KEY "
            "(comparison_id) REFERENCES comparisons (id) ON DELETE CASCADE)"
        )
        op.execute(
            "CREATE INDEX ix_search_documents_document ON search_documents USING gin (document)"
        )
        insert = (
            "INSERT INTO search_documents (comparison_id, document) "
            "VALUES (:id, to_tsvector('simple', :body))"
        )
    connection = op.get_bind()
    rows = connection.execute(sa.text(_SOURCES + " WHERE NOT c.unlisted")).all()
    for start in range(0, len(rows), _BATCH):
        batch = [
            {"id": cid, "body": _document(texts)} for cid, *texts in rows[start : start + _BATCH]
        ]
        connection.execute(sa.text(insert), batch)
        if connection.dialect.name == "sqlite":
            terms = sorted({word for row in batch for word in row["body"].split()})
            connection.execute(
                sa.text("INSERT OR IGNORE INTO search_terms (term) VALUES (:term)"),
                [{"term": term} for term in terms],
            )
    op.drop_index("ix_search_words_comparison_id", table_name="search_words")
    op.drop_table("search_words")


def downgrade() -> None:
    op.create_table(
        "search_words",
        sa.Column("word", sa.String(length=64), nullable=False),
        sa.Column("comparison_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comparison_id"],
            ["comparisons.id"],
            name="fk_search_words_comparison_id_comparisons",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("word", "comparison_id", name="pk_search_words"),
    )
    op.create_index("ix_search_words_comparison_id", "search_words", ["comparison_id"])
    connection = op.get_bind()
    insert = sa.text("INSERT INTO search_words (word, comparison_id) VALUES (:word, :id)")
    for comparison_id, *texts in connection.execute(sa.text(_SOURCES)).all():
        words = [{"word": w, "id": comparison_id} for w in sorted(_words_0003(texts))]
        if words:
            connection.execute(insert, words)
    if connection.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS search_index_comparison_dated")
        op.execute("DROP TRIGGER IF EXISTS search_index_comparison_deleted")
        op.execute("DROP TABLE search_index")
        op.execute("DROP TABLE search_terms")
    else:
        op.execute("DROP TABLE search_documents")
    _label_indexes(["unlisted", "left_label"], ["unlisted", "right_label"])


def _label_indexes(left: list[str], right: list[str]) -> None:
    for name, columns in (
        ("ix_comparisons_left_label", left),
        ("ix_comparisons_right_label", right),
    ):
        op.drop_index(name, table_name="comparisons")
        op.create_index(name, "comparisons", columns)


# The words as app/search.py made them when this revision was written (and, for the
# downgrade, as revision 0003 did): a revision gives the same result whatever the app becomes.
_WORD = re.compile(r"[^\W_]+")
_WORD_0003 = re.compile(r"\w+")
_MAX_WORD = 64


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _document(texts: Iterable[str]) -> str:
    return "\n".join(" ".join(w[:_MAX_WORD] for w in _WORD.findall(_fold(t))) for t in texts)


def _words_0003(texts: Iterable[str]) -> set[str]:
    return {word[:_MAX_WORD] for text in texts for word in _WORD_0003.findall(_fold(text))}
