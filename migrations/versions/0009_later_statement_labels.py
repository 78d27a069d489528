"""An index on comparison_statements (position, label): issuer pages find later statements

A comparison of three statements or more has its third and later issuers only in
comparison_statements. Browsing by issuer reads them through this index: `position >= 2`
is a range of it holding only those later statements (a few, next to one row per
statement of every comparison), so the issuer menu and issuer pages never scan the table.

Revision ID: 0009_later_statement_labels
Revises: 0007_comparison_statements
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009_later_statement_labels"
down_revision: str | None = "0007_comparison_statements"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_comparison_statements_position_label",
        "comparison_statements",
        ["position", "label"],
    )


def downgrade() -> None:
    op.drop_index("ix_comparison_statements_position_label", table_name="comparison_statements")
