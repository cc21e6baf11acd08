"""remembered spreadsheet mappings, shared by the import dialog and the command line

Revision ID: 0012_sheet_mappings
Revises: 0011_engagement_guests
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_sheet_mappings"
down_revision = "0011_engagement_guests"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sheet_mapping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("targets", sa.Text(), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sheet_mapping")),
        sa.UniqueConstraint("key", name=op.f("uq_sheet_mapping_key")),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("sheet_mapping")
