"""the office's settings in the database

The limits the checks apply (interpreters, arrival and departure margins, pick-up wait, greeter
rank, gift declaration threshold and currency, travel buffer) were kept per computer; kept here,
every officer sharing the database gets the same findings, and the command line uses them too.

Revision ID: 0014_office_settings
Revises: 0013_caldav_copies
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_office_settings"
down_revision = "0013_caldav_copies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office_setting",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_office_setting")),
    )


def downgrade() -> None:
    op.drop_table("office_setting")
