"""travel legs: arrivals and departures (flight, train, car) shared by the attendees on them

Revision ID: 0004_travel_legs
Revises: 0003_interpretation
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_travel_legs"
down_revision = "0003_interpretation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "travel_leg",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column(
            "direction",
            sa.Enum("arrival", "departure", name="legdirection", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column(
            "mode",
            sa.Enum("flight", "train", "car", "other", name="journeymode", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("carrier", sa.String(length=200), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("from_place", sa.String(length=200), nullable=False),
        sa.Column("from_terminal", sa.String(length=40), nullable=False),
        sa.Column("to_place", sa.String(length=200), nullable=False),
        sa.Column("to_terminal", sa.String(length=40), nullable=False),
        sa.Column("departs_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("departs_zone", sa.String(length=64), nullable=False),
        sa.Column("arrives_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("arrives_zone", sa.String(length=64), nullable=False),
        sa.Column("venue_id", sa.Integer(), nullable=True),
        sa.Column("met_by_attendee_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_travel_leg_visit_id_visit"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venue.id"], name=op.f("fk_travel_leg_venue_id_venue"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["met_by_attendee_id"],
            ["attendee.id"],
            name=op.f("fk_travel_leg_met_by_attendee_id_attendee"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_travel_leg")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_travel_leg_visit_time", "travel_leg", ["visit_id", "arrives_at"])
    op.create_index(op.f("ix_travel_leg_venue_id"), "travel_leg", ["venue_id"])
    op.create_index(op.f("ix_travel_leg_met_by_attendee_id"), "travel_leg", ["met_by_attendee_id"])
    op.create_table(
        "travel_leg_traveller",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("leg_id", sa.Integer(), nullable=False),
        sa.Column("attendee_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["leg_id"], ["travel_leg.id"], name=op.f("fk_travel_leg_traveller_leg_id_travel_leg"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["attendee_id"],
            ["attendee.id"],
            name=op.f("fk_travel_leg_traveller_attendee_id_attendee"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_travel_leg_traveller")),
        sa.UniqueConstraint("leg_id", "attendee_id", name=op.f("uq_travel_leg_traveller_leg_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_travel_leg_traveller_attendee_id"), "travel_leg_traveller", ["attendee_id"])


def downgrade() -> None:
    op.drop_table("travel_leg_traveller")
    op.drop_table("travel_leg")
