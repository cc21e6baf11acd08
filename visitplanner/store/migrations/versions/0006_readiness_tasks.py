"""readiness tasks: a checklist per visit, and the office's template (seeded with the usual tasks)

Revision ID: 0006_readiness_tasks
Revises: 0005_seating
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_readiness_tasks"
down_revision = "0005_seating"
branch_labels = None
depends_on = None

ANCHOR = sa.Enum("before_start", "after_end", name="dueanchor", native_enum=False, length=24)
WATCH = sa.Enum("nothing", "dietary", "programme", name="taskwatch", native_enum=False, length=24)
STATUS = sa.Enum("open", "in_progress", "done", "reopened", name="taskstatus", native_enum=False, length=24)

#: The office's first template (domain.values.DEFAULT_TASK_TEMPLATE when this was written).
TEMPLATE = [
    {
        "position": 1,
        "title": "Invitation letter sent",
        "owner": "Protocol",
        "due_days": 60,
        "due_anchor": "before_start",
        "watch": "nothing",
        "notes": "",
    },
    {
        "position": 2,
        "title": "Visa support letters sent",
        "owner": "Protocol",
        "due_days": 45,
        "due_anchor": "before_start",
        "watch": "nothing",
        "notes": "",
    },
    {
        "position": 3,
        "title": "Venues booked",
        "owner": "Events",
        "due_days": 30,
        "due_anchor": "before_start",
        "watch": "nothing",
        "notes": "",
    },
    {
        "position": 4,
        "title": "Interpreter booked",
        "owner": "Protocol",
        "due_days": 21,
        "due_anchor": "before_start",
        "watch": "nothing",
        "notes": "",
    },
    {
        "position": 5,
        "title": "Gifts bought",
        "owner": "Protocol",
        "due_days": 14,
        "due_anchor": "before_start",
        "watch": "nothing",
        "notes": "",
    },
    {
        "position": 6,
        "title": "Catering numbers and dietary list sent to the caterer",
        "owner": "Events",
        "due_days": 7,
        "due_anchor": "before_start",
        "watch": "dietary",
        "notes": "",
    },
    {
        "position": 7,
        "title": "Programme sent to the delegation",
        "owner": "Protocol",
        "due_days": 7,
        "due_anchor": "before_start",
        "watch": "programme",
        "notes": "",
    },
    {
        "position": 8,
        "title": "Flags ordered",
        "owner": "Events",
        "due_days": 7,
        "due_anchor": "before_start",
        "watch": "nothing",
        "notes": "",
    },
    {
        "position": 9,
        "title": "Security briefing held",
        "owner": "Security",
        "due_days": 3,
        "due_anchor": "before_start",
        "watch": "nothing",
        "notes": "",
    },
    {
        "position": 10,
        "title": "Press release approved",
        "owner": "Communications",
        "due_days": 2,
        "due_anchor": "before_start",
        "watch": "nothing",
        "notes": "",
    },
    {
        "position": 11,
        "title": "Thank-you letters sent",
        "owner": "Protocol",
        "due_days": 5,
        "due_anchor": "after_end",
        "watch": "nothing",
        "notes": "",
    },
]


def upgrade() -> None:
    op.create_table(
        "readiness_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("due_days", sa.Integer(), nullable=True),
        sa.Column("due_anchor", ANCHOR, nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("watch", WATCH, nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("done_on", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_readiness_task_visit_id_visit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_task")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_readiness_task_visit_id"), "readiness_task", ["visit_id"])
    template = op.create_table(
        "task_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_days", sa.Integer(), nullable=True),
        sa.Column("due_anchor", ANCHOR, nullable=False),
        sa.Column("watch", WATCH, nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_template")),
        sqlite_autoincrement=True,
    )
    op.bulk_insert(template, TEMPLATE)


def downgrade() -> None:
    op.drop_table("task_template")
    op.drop_table("readiness_task")
