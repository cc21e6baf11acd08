"""initial schema

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("native_name", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=80), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "government",
                "university",
                "company",
                "agency",
                "diplomatic",
                "other",
                name="organisationkind",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("name", name=op.f("uq_organisation_name")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "venue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("opening_hours", sa.JSON(), nullable=True),
        sa.Column("access_notes", sa.Text(), nullable=False),
        sa.Column("site_contact", sa.String(length=200), nullable=False),
        sa.Column("site_contact_phone", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_venue")),
        sa.UniqueConstraint("code", name=op.f("uq_venue_code")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_name", sa.String(length=200), nullable=False),
        sa.Column("given_names", sa.String(length=200), nullable=False),
        sa.Column("native_name", sa.String(length=200), nullable=False),
        sa.Column("romanised_name", sa.String(length=200), nullable=False),
        sa.Column(
            "name_order",
            sa.Enum("family_first", "given_first", name="nameorder", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("honorific", sa.String(length=200), nullable=False),
        sa.Column("form_of_address", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=200), nullable=False),
        sa.Column("languages", sa.String(length=200), nullable=False),
        sa.Column("dietary", sa.String(length=200), nullable=False),
        sa.Column("access_needs", sa.String(length=200), nullable=False),
        sa.Column("biography", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_person_organisation_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "room",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("venue_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["venue_id"], ["venue.id"], name=op.f("fk_room_venue_id_venue"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_room")),
        sa.UniqueConstraint("venue_id", "name", name=op.f("uq_room_venue_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("room", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_room_venue_id"), ["venue_id"], unique=False)

    op.create_table(
        "travel_time",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_venue_id", sa.Integer(), nullable=False),
        sa.Column("to_venue_id", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column(
            "mode",
            sa.Enum(
                "car", "walk", "coach", "train", "flight", "other", name="travelmode", native_enum=False, length=24
            ),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_venue_id"], ["venue.id"], name=op.f("fk_travel_time_from_venue_id_venue"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["to_venue_id"], ["venue.id"], name=op.f("fk_travel_time_to_venue_id_venue"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_travel_time")),
        sa.UniqueConstraint("from_venue_id", "to_venue_id", name=op.f("uq_travel_time_from_venue_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("travel_time", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_travel_time_to_venue_id"), ["to_venue_id"], unique=False)

    op.create_table(
        "visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("visiting_organisation_id", sa.Integer(), nullable=True),
        sa.Column("host_organisation_id", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("local_time_zone", sa.String(length=64), nullable=False),
        sa.Column("home_time_zone", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("objectives", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("draft", "confirmed", "completed", "cancelled", name="visitstatus", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("marking", sa.String(length=80), nullable=False),
        sa.Column("issue_number", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["host_organisation_id"],
            ["organisation.id"],
            name=op.f("fk_visit_host_organisation_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["visiting_organisation_id"],
            ["organisation.id"],
            name=op.f("fk_visit_visiting_organisation_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit")),
        sa.UniqueConstraint("slug", name=op.f("uq_visit_slug")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "attendee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "side", sa.Enum("visiting", "host", "staff", name="side", native_enum=False, length=24), nullable=False
        ),
        sa.Column(
            "role",
            sa.Enum(
                "principal",
                "delegate",
                "host",
                "interpreter",
                "driver",
                "photographer",
                "security",
                "liaison",
                "other",
                name="role",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("precedence", sa.Integer(), nullable=False),
        sa.Column("arrival", sa.Text(), nullable=False),
        sa.Column("departure", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_attendee_person_id_person"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_attendee_visit_id_visit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendee")),
        sa.UniqueConstraint("visit_id", "person_id", name=op.f("uq_attendee_visit_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("attendee", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendee_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendee_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "vehicle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("driver_attendee_id", sa.Integer(), nullable=True),
        sa.Column("registration", sa.String(length=40), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["driver_attendee_id"],
            ["attendee.id"],
            name=op.f("fk_vehicle_driver_attendee_id_attendee"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"], name=op.f("fk_vehicle_visit_id_visit"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vehicle")),
        sa.UniqueConstraint("visit_id", "label", name=op.f("uq_vehicle_visit_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("vehicle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vehicle_driver_attendee_id"), ["driver_attendee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vehicle_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "engagement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "meeting",
                "tour",
                "ceremony",
                "meal",
                "transfer",
                "briefing",
                "press",
                "reception",
                "free_time",
                "other",
                name="engagementkind",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("start_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("venue_id", sa.Integer(), nullable=True),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("origin_venue_id", sa.Integer(), nullable=True),
        sa.Column("vehicle_id", sa.Integer(), nullable=True),
        sa.Column("public_notes", sa.Text(), nullable=False),
        sa.Column("restricted_notes", sa.Text(), nullable=False),
        sa.Column("dress_code", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            sa.Enum("tentative", "confirmed", "cancelled", name="engagementstatus", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["origin_venue_id"], ["venue.id"], name=op.f("fk_engagement_origin_venue_id_venue"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(["room_id"], ["room.id"], name=op.f("fk_engagement_room_id_room"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["vehicle_id"], ["vehicle.id"], name=op.f("fk_engagement_vehicle_id_vehicle"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venue.id"], name=op.f("fk_engagement_venue_id_venue"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_engagement_visit_id_visit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagement")),
        sa.UniqueConstraint("uuid", name=op.f("uq_engagement_uuid")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("engagement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_engagement_origin_venue_id"), ["origin_venue_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_engagement_room_id"), ["room_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_engagement_vehicle_id"), ["vehicle_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_engagement_venue_id"), ["venue_id"], unique=False)
        batch_op.create_index("ix_engagement_visit_time", ["visit_id", "start_at", "end_at"], unique=False)

    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("attendee_id", sa.Integer(), nullable=False),
        sa.Column(
            "part",
            sa.Enum(
                "participant",
                "signatory",
                "speaker",
                "presenter",
                "chair",
                "witness",
                "guide",
                "interpreter",
                "driver",
                "passenger",
                "support",
                name="attendancepart",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["attendee_id"], ["attendee.id"], name=op.f("fk_attendance_attendee_id_attendee"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_attendance_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint("engagement_id", "attendee_id", name=op.f("uq_attendance_engagement_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_attendee_id"), ["attendee_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_attendee_id"))

    op.drop_table("attendance")
    with op.batch_alter_table("engagement", schema=None) as batch_op:
        batch_op.drop_index("ix_engagement_visit_time")
        batch_op.drop_index(batch_op.f("ix_engagement_venue_id"))
        batch_op.drop_index(batch_op.f("ix_engagement_vehicle_id"))
        batch_op.drop_index(batch_op.f("ix_engagement_room_id"))
        batch_op.drop_index(batch_op.f("ix_engagement_origin_venue_id"))

    op.drop_table("engagement")
    with op.batch_alter_table("vehicle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vehicle_visit_id"))
        batch_op.drop_index(batch_op.f("ix_vehicle_driver_attendee_id"))

    op.drop_table("vehicle")
    with op.batch_alter_table("attendee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendee_visit_id"))
        batch_op.drop_index(batch_op.f("ix_attendee_person_id"))

    op.drop_table("attendee")
    op.drop_table("visit")
    with op.batch_alter_table("travel_time", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_travel_time_to_venue_id"))

    op.drop_table("travel_time")
    with op.batch_alter_table("room", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_room_venue_id"))

    op.drop_table("room")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_organisation_id"))

    op.drop_table("person")
    op.drop_table("venue")
    op.drop_table("organisation")
