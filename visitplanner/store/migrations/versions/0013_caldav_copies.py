"""copies of events published to CalDAV servers

Per visit, calendar collection and event UID: the resource URL, the server's ETag and the digest
of what was put, so a later publication replaces only what changed and reports what someone else
changed on the server instead of overwriting it.

Revision ID: 0013_caldav_copies
Revises: 0012_sheet_mappings
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_caldav_copies"
down_revision = "0012_sheet_mappings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "caldav_copy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("calendar", sa.String(length=1000), nullable=False),
        sa.Column("uid", sa.String(length=200), nullable=False),
        sa.Column("href", sa.String(length=1000), nullable=False),
        sa.Column("etag", sa.String(length=200), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_caldav_copy_visit_id_visit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_caldav_copy")),
        sa.UniqueConstraint("visit_id", "calendar", "uid", name=op.f("uq_caldav_copy_visit_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_caldav_copy_visit_id"), "caldav_copy", ["visit_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_caldav_copy_visit_id"), table_name="caldav_copy")
    op.drop_table("caldav_copy")
