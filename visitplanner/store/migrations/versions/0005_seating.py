"""seating plans: tables of an engagement's plan and who sits where

Revision ID: 0005_seating
Revises: 0004_travel_legs
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_seating"
down_revision = "0004_travel_legs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seating_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column(
            "style",
            sa.Enum("centre", "ends", name="seatingstyle", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_seating_plan_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seating_plan")),
        sa.UniqueConstraint("engagement_id", name=op.f("uq_seating_plan_engagement_id")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "seating_table",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column(
            "shape",
            sa.Enum(
                "round",
                "banquet",
                "banquet_ends",
                "u_shape",
                "boardroom",
                "head_table",
                "signing",
                name="tableshape",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("x", sa.Double(), nullable=False),
        sa.Column("y", sa.Double(), nullable=False),
        sa.Column("rotation", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["seating_plan.id"], name=op.f("fk_seating_table_plan_id_seating_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seating_table")),
        sa.UniqueConstraint("plan_id", "number", name=op.f("uq_seating_table_plan_id")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "seat_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("table_id", sa.Integer(), nullable=False),
        sa.Column("seat", sa.Integer(), nullable=False),
        sa.Column("attendee_id", sa.Integer(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["seating_plan.id"], name=op.f("fk_seat_assignment_plan_id_seating_plan"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["table_id"],
            ["seating_table.id"],
            name=op.f("fk_seat_assignment_table_id_seating_table"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["attendee_id"], ["attendee.id"], name=op.f("fk_seat_assignment_attendee_id_attendee"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seat_assignment")),
        sa.UniqueConstraint("table_id", "seat", name=op.f("uq_seat_assignment_table_id")),
        sa.UniqueConstraint("plan_id", "attendee_id", name=op.f("uq_seat_assignment_plan_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_seat_assignment_attendee_id"), "seat_assignment", ["attendee_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_seat_assignment_attendee_id"), table_name="seat_assignment")
    op.drop_table("seat_assignment")
    op.drop_table("seating_table")
    op.drop_table("seating_plan")
