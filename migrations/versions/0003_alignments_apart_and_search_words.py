"""Alignments in a table of their own (lists never read them); a word index for search

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "alignments",
        sa.Column("comparison_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comparison_id"],
            ["comparisons.id"],
            name=op.f("fk_alignments_comparison_id_comparisons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("comparison_id", name=op.f("pk_alignments")),
    )
    op.create_table(
        "search_words",
        sa.Column("word", sa.String(length=64), nullable=False),
        sa.Column("comparison_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comparison_id"],
            ["comparisons.id"],
            name=op.f("fk_search_words_comparison_id_comparisons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("word", "comparison_id", name=op.f("pk_search_words")),
    )
    with op.batch_alter_table("search_words") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_search_words_comparison_id"), ["comparison_id"], unique=False
        )
    op.execute("INSERT INTO alignments (comparison_id, data) SELECT id, alignment FROM comparisons")
    _index_existing()
    with op.batch_alter_table("comparisons") as batch_op:
        batch_op.drop_index("ix_comparisons_date")
        batch_op.create_index("ix_comparisons_listing", ["unlisted", "date", "id"], unique=False)
        batch_op.create_index("ix_comparisons_left_label", ["unlisted", "left_label"], unique=False)
        batch_op.create_index(
            "ix_comparisons_right_label", ["unlisted", "right_label"], unique=False
        )
        batch_op.create_index("ix_comparisons_updated", ["unlisted", "updated_at"], unique=False)
        batch_op.drop_column("alignment")


# The words of a text as app/search.py made them when this revision was written: a
# revision must give the same result whatever the app's code later becomes.
_WORD = re.compile(r"\w+")
_MAX_WORD = 64


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_of(texts: Iterable[str]) -> set[str]:
    return {word[:_MAX_WORD] for text in texts for word in _WORD.findall(_fold(text))}


def _index_existing() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT c.id, c.title, c.left_label, c.right_label, l.text, r.text "
            "FROM comparisons c JOIN statements l ON l.id = c.left_statement_id "
            "JOIN statements r ON r.id = c.right_statement_id"
        )
    ).all()
    insert = sa.text("INSERT INTO search_words (word, comparison_id) VALUES (:word, :id)")
    for comparison_id, *texts in rows:
        words = [{"word": w, "id": comparison_id} for w in sorted(words_of(texts))]
        if words:
            connection.execute(insert, words)


def downgrade() -> None:
    with op.batch_alter_table("comparisons") as batch_op:
        batch_op.add_column(sa.Column("alignment", sa.JSON(), nullable=True))
    op.execute(
        "UPDATE comparisons SET alignment = "
        "(SELECT data FROM alignments WHERE alignments.comparison_id = comparisons.id)"
    )
    with op.batch_alter_table("comparisons") as batch_op:
        batch_op.alter_column("alignment", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_index("ix_comparisons_updated")
        batch_op.drop_index("ix_comparisons_right_label")
        batch_op.drop_index("ix_comparisons_left_label")
        batch_op.drop_index("ix_comparisons_listing")
        batch_op.create_index("ix_comparisons_date", ["date"], unique=False)
    with op.batch_alter_table("search_words") as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_words_comparison_id"))
    op.drop_table("search_words")
    op.drop_table("alignments")
