"""unnamed guests in seating plans, and whom each guest accompanies

`engagement_guest` describes those of an engagement's unnamed guests ("+3 guests") that have
something particular: their own label ("spouse"), the attendee they accompany (auto-seat puts
them beside that attendee) or the side they seat with. A seat of a plan now holds an attendee
or one of the engagement's guests (`guest`, its number), never both.

Revision ID: 0015_seated_guests
Revises: 0014_office_settings
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_seated_guests"
down_revision = "0014_office_settings"
branch_labels = None
depends_on = None


def _sequence(table: str) -> int | None:
    """SQLite: the highest id ever given in `table` (a rebuilt table must not hand out freed ids again)."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return None
    return bind.execute(sa.text("SELECT seq FROM sqlite_sequence WHERE name = :t"), {"t": table}).scalar()


def _restore_sequence(table: str, seq: int | None) -> None:
    if seq is None:
        return
    bind = op.get_bind()
    bind.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = :t"), {"t": table})
    bind.execute(sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES (:t, :s)"), {"t": table, "s": seq})


def upgrade() -> None:
    op.create_table(
        "engagement_guest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("accompanies_attendee_id", sa.Integer(), nullable=True),
        sa.Column(
            "side", sa.Enum("visiting", "host", "staff", name="side", native_enum=False, length=24), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_engagement_guest_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["accompanies_attendee_id"],
            ["attendee.id"],
            name=op.f("fk_engagement_guest_accompanies_attendee_id_attendee"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagement_guest")),
        sa.UniqueConstraint("engagement_id", "number", name=op.f("uq_engagement_guest_engagement_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_engagement_guest_accompanies_attendee_id"),
        "engagement_guest",
        ["accompanies_attendee_id"],
        unique=False,
    )
    seq = _sequence("seat_assignment")
    with op.batch_alter_table("seat_assignment", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.alter_column("attendee_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("guest", sa.Integer(), nullable=True))
        batch.create_unique_constraint("uq_seat_assignment_plan_id_guest", ["plan_id", "guest"])
        batch.create_check_constraint(
            op.f("ck_seat_assignment_attendee_or_guest"), "(attendee_id IS NULL) <> (guest IS NULL)"
        )
    _restore_sequence("seat_assignment", seq)


def downgrade() -> None:
    seq = _sequence("seat_assignment")
    op.execute("DELETE FROM seat_assignment WHERE attendee_id IS NULL")
    with op.batch_alter_table("seat_assignment", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_constraint(op.f("ck_seat_assignment_attendee_or_guest"), type_="check")
        batch.drop_constraint("uq_seat_assignment_plan_id_guest", type_="unique")
        batch.drop_column("guest")
        batch.alter_column("attendee_id", existing_type=sa.Integer(), nullable=False)
    _restore_sequence("seat_assignment", seq)
    op.drop_index(op.f("ix_engagement_guest_accompanies_attendee_id"), table_name="engagement_guest")
    op.drop_table("engagement_guest")
