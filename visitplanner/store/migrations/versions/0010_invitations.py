"""invitations sent and replies received (iTIP)

The last message sent per visit, recipient address and engagement UID (method, SEQUENCE, digest
of what the recipient saw, what it showed and when it went), and the recipients' answers.

Revision ID: 0010_invitations
Revises: 0009_document_language
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_invitations"
down_revision = "0009_document_language"
branch_labels = None
depends_on = None


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "invitation_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column(
            "method", sa.Enum("request", "cancel", name="sentmethod", native_enum=False, length=24), nullable=False
        ),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("start_at", _utc(), nullable=False),
        sa.Column("end_at", _utc(), nullable=False),
        sa.Column("sent_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_invitation_sent_visit_id_visit"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_invitation_sent_person_id_person"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation_sent")),
        sa.UniqueConstraint("visit_id", "address", "uid", name=op.f("uq_invitation_sent_visit_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_invitation_sent_visit_id"), "invitation_sent", ["visit_id"], unique=False)
    op.create_index(op.f("ix_invitation_sent_person_id"), "invitation_sent", ["person_id"], unique=False)
    op.create_table(
        "invitation_reply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column(
            "partstat",
            sa.Enum(
                "needs_action",
                "accepted",
                "declined",
                "tentative",
                "delegated",
                name="partstat",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("received_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_invitation_reply_visit_id_visit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation_reply")),
        sa.UniqueConstraint("visit_id", "address", "uid", name=op.f("uq_invitation_reply_visit_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_invitation_reply_visit_id"), "invitation_reply", ["visit_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_invitation_reply_visit_id"), table_name="invitation_reply")
    op.drop_table("invitation_reply")
    op.drop_index(op.f("ix_invitation_sent_person_id"), table_name="invitation_sent")
    op.drop_index(op.f("ix_invitation_sent_visit_id"), table_name="invitation_sent")
    op.drop_table("invitation_sent")
