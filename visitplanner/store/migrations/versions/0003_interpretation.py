"""interpretation: whether an engagement is interpreted consecutively or simultaneously

Revision ID: 0003_interpretation
Revises: 0002_briefing_issues
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_interpretation"
down_revision = "0002_briefing_issues"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("engagement") as batch:
        batch.add_column(
            sa.Column(
                "interpretation",
                sa.Enum("consecutive", "simultaneous", name="interpretationmode", native_enum=False, length=24),
                nullable=False,
                server_default="consecutive",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("engagement") as batch:
        batch.drop_column("interpretation")
