"""comparison_statements: every statement of a comparison, two to six, in order

A comparison held exactly two statements (its left_/right_ columns). This table holds all of
them, positions 0..n-1, each with its issuer label; positions 0 and 1 stay mirrored in the
left_/right_ columns, so two-statement comparisons, their URLs and their JSON are unchanged.
Existing comparisons are copied in as positions 0 and 1.

Revision ID: 0007_comparison_statements
Revises: 0006_fulltext_search
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_comparison_statements"
down_revision: str | None = "0006_fulltext_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "comparison_statements",
        sa.Column("comparison_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["comparison_id"],
            ["comparisons.id"],
            name="fk_comparison_statements_comparison_id_comparisons",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statements.id"],
            name="fk_comparison_statements_statement_id_statements",
        ),
        sa.PrimaryKeyConstraint("comparison_id", "position", name="pk_comparison_statements"),
    )
    op.create_index(
        "ix_comparison_statements_statement_id", "comparison_statements", ["statement_id"]
    )
    op.execute(
        "INSERT INTO comparison_statements (comparison_id, position, statement_id, label) "
        "SELECT id, 0, left_statement_id, left_label FROM comparisons"
    )
    op.execute(
        "INSERT INTO comparison_statements (comparison_id, position, statement_id, label) "
        "SELECT id, 1, right_statement_id, right_label FROM comparisons"
    )


def downgrade() -> None:
    """Back to two statements a comparison, keeping every row.

    A comparison of three statements or more keeps its first two (the left_/right_
    columns); its stored alignment has the many-statement shape, so it is marked stale and
    the older app recomputes a two-statement alignment from those two when it is shown.
    """
    op.execute(
        "UPDATE comparisons SET differ_version = 'stale' WHERE id IN "
        "(SELECT comparison_id FROM comparison_statements WHERE position >= 2)"
    )
    op.drop_index("ix_comparison_statements_statement_id", table_name="comparison_statements")
    op.drop_table("comparison_statements")
