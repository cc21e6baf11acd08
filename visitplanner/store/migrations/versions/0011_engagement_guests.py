"""unnamed guests: an engagement's "+3 guests (spouses)"

Engagements gain `guest_count` (0: nobody beyond the attendees) and `guest_label` (who they are,
e.g. "spouses", "press", "security"; empty when not said).

Revision ID: 0011_engagement_guests
Revises: 0010_invitations
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_engagement_guests"
down_revision = "0010_invitations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy of the table: on SQLite that would lose AUTOINCREMENT, and
    # ids must never be reused).
    op.add_column("engagement", sa.Column("guest_count", sa.Integer(), server_default="0", nullable=False))
    op.add_column("engagement", sa.Column("guest_label", sa.String(length=200), server_default="", nullable=False))


def downgrade() -> None:
    op.drop_column("engagement", "guest_label")
    op.drop_column("engagement", "guest_count")
