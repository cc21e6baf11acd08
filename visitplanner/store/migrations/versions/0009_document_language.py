"""document languages and names in another script

Attendees gain the language of their documents ("" : the usual one for their languages); venues
and rooms a name in another script (organisations have had one since the first release).

Revision ID: 0009_document_language
Revises: 0008_editions_movements
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_document_language"
down_revision = "0008_editions_movements"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy of the table: on SQLite that would lose AUTOINCREMENT, and
    # ids must never be reused).
    op.add_column("attendee", sa.Column("document_language", sa.String(length=16), server_default="", nullable=False))
    op.add_column("venue", sa.Column("native_name", sa.String(length=200), server_default="", nullable=False))
    op.add_column("room", sa.Column("native_name", sa.String(length=200), server_default="", nullable=False))


def downgrade() -> None:
    op.drop_column("room", "native_name")
    op.drop_column("venue", "native_name")
    op.drop_column("attendee", "document_language")
