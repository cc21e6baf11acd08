"""editions as data, the movements class and public engagements

Each visit gets the three default editions (Host with the visit's marking, Delegation, Public);
engagements gain `is_public` (false: an officer clears each engagement for the public edition);
issues record their numbered copies.

Revision ID: 0008_editions_movements
Revises: 0007_gifts
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_editions_movements"
down_revision = "0007_gifts"
branch_labels = None
depends_on = None

#: The default editions as they were when this migration was written (never import the app's).
DEFAULTS = (
    ("Host", "host", None, "public,internal,movements,restricted"),
    ("Delegation", "delegation", "OFFICIAL", "public,internal,movements"),
    ("Public", "public", "", "public"),
)


def upgrade() -> None:
    op.create_table(
        "briefing_edition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column(
            "audience",
            sa.Enum("host", "delegation", "public", name="audience", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("marking", sa.String(length=80), nullable=False),
        sa.Column("classes", sa.String(length=200), nullable=False),
        sa.Column("distribution", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_briefing_edition_visit_id_visit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_briefing_edition")),
        sa.UniqueConstraint("visit_id", "name", name=op.f("uq_briefing_edition_visit_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_briefing_edition_visit_id"), "briefing_edition", ["visit_id"], unique=False)
    # Plain ADD COLUMN (no batch copy of the table: on SQLite that would lose AUTOINCREMENT, and
    # ids must never be reused).
    op.add_column("engagement", sa.Column("is_public", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("briefing_issue", sa.Column("copies", sa.JSON(), server_default="{}", nullable=False))
    bind = op.get_bind()
    edition = sa.table(
        "briefing_edition",
        sa.column("visit_id", sa.Integer()),
        sa.column("position", sa.Integer()),
        sa.column("name", sa.String()),
        sa.column("audience", sa.String()),
        sa.column("marking", sa.String()),
        sa.column("classes", sa.String()),
        sa.column("distribution", sa.Text()),
        sa.column("version", sa.Integer()),
    )
    rows = []
    for visit_id, marking in bind.execute(sa.text("SELECT id, marking FROM visit ORDER BY id")):
        for position, (name, audience, default_marking, classes) in enumerate(DEFAULTS):
            chosen = (marking or "").strip() or "OFFICIAL-SENSITIVE" if default_marking is None else default_marking
            rows.append(
                {
                    "visit_id": visit_id,
                    "position": position,
                    "name": name,
                    "audience": audience,
                    "marking": chosen,
                    "classes": classes,
                    "distribution": "",
                    "version": 1,
                }
            )
    if rows:
        op.bulk_insert(edition, rows)


def downgrade() -> None:
    op.drop_column("briefing_issue", "copies")
    op.drop_column("engagement", "is_public")
    op.drop_index(op.f("ix_briefing_edition_visit_id"), table_name="briefing_edition")
    op.drop_table("briefing_edition")
