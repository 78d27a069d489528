"""unlisted_namespace: pair_hash unique among listed comparisons only

An unlisted comparison is a row of its own each time a pair is submitted unlisted, so the
same pair may now be stored several times: once listed, any number of times unlisted.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LISTED = sa.text("unlisted = false")


def upgrade() -> None:
    with op.batch_alter_table("comparisons") as batch_op:
        batch_op.drop_constraint("uq_comparisons_pair_hash", type_="unique")
        batch_op.create_index(
            "uq_comparisons_listed_pair",
            ["pair_hash"],
            unique=True,
            sqlite_where=LISTED,
            postgresql_where=LISTED,
        )


def downgrade() -> None:
    """Back to one row per pair_hash, keeping every row.

    Copies of a pair beyond the first (the listed one if there is one, else the oldest)
    get a pair_hash of their own, derived from the true one and their id: their texts,
    slugs and alignments stay as they are; only deduplication no longer finds them.
    """
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, pair_hash FROM comparisons ORDER BY unlisted, id")
    ).all()
    seen: set[str] = set()
    for row_id, digest in rows:
        if digest in seen:
            own = hashlib.sha256(f"{digest}:{row_id}".encode()).hexdigest()
            connection.execute(
                sa.text("UPDATE comparisons SET pair_hash = :own WHERE id = :id"),
                {"own": own, "id": row_id},
            )
        seen.add(digest)
    with op.batch_alter_table("comparisons") as batch_op:
        batch_op.drop_index("uq_comparisons_listed_pair")
        batch_op.create_unique_constraint("uq_comparisons_pair_hash", ["pair_hash"])
