"""gift register: gifts given and received at a visit, with value, currency, photo and status

Revision ID: 0007_gifts
Revises: 0006_readiness_tasks
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_gifts"
down_revision = "0006_readiness_tasks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("giver_attendee_id", sa.Integer(), nullable=True),
        sa.Column("giver_organisation_id", sa.Integer(), nullable=True),
        sa.Column("recipient_attendee_id", sa.Integer(), nullable=True),
        sa.Column("recipient_organisation_id", sa.Integer(), nullable=True),
        sa.Column("engagement_id", sa.Integer(), nullable=True),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("photo", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "bought",
                "presented",
                "received",
                "declared",
                name="giftstatus",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"], name=op.f("fk_gift_visit_id_visit"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["giver_attendee_id"], ["attendee.id"], name=op.f("fk_gift_giver_attendee_id_attendee"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["giver_organisation_id"],
            ["organisation.id"],
            name=op.f("fk_gift_giver_organisation_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_attendee_id"],
            ["attendee.id"],
            name=op.f("fk_gift_recipient_attendee_id_attendee"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_organisation_id"],
            ["organisation.id"],
            name=op.f("fk_gift_recipient_organisation_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["engagement_id"], ["engagement.id"], name=op.f("fk_gift_engagement_id_engagement"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gift")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_gift_visit_id"), "gift", ["visit_id"])
    op.create_index(op.f("ix_gift_giver_attendee_id"), "gift", ["giver_attendee_id"])
    op.create_index(op.f("ix_gift_recipient_attendee_id"), "gift", ["recipient_attendee_id"])
    op.create_index(op.f("ix_gift_engagement_id"), "gift", ["engagement_id"])


def downgrade() -> None:
    op.drop_table("gift")
