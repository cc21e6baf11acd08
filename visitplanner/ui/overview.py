"""The Overview tab: the visit's details, organisations, dates, zones, purpose and marking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.formatting import date_range
from visitplanner.domain.timerange import zone
from visitplanner.domain.values import VisitData
from visitplanner.services.visits import visit_data
from visitplanner.store.models import Attendee, Engagement, Visit
from visitplanner.store.queries import all_organisations
from visitplanner.ui.tabs import VisitTab
from visitplanner.ui.workspace import Workspace


@dataclass(frozen=True)
class VisitSummary:
    """What the Overview shows of a visit."""

    id: int
    version: int
    data: VisitData
    visiting: str
    host: str
    engagements: int
    attendees: int
    issue_number: int


def read_summary(session: Session, visit_id: int) -> VisitSummary | None:
    visit = session.get(Visit, visit_id)
    if visit is None:
        return None
    engagements = session.scalar(select(func.count()).where(Engagement.visit_id == visit_id)) or 0
    attendees = session.scalar(select(func.count()).where(Attendee.visit_id == visit_id)) or 0
    return VisitSummary(visit.id, visit.version, visit_data(visit),
                        visit.visiting_organisation.name if visit.visiting_organisation else "—",
                        visit.host_organisation.name if visit.host_organisation else "—",
                        engagements, attendees, visit.issue_number)


def offset_text(zone_name: str, day: date) -> str:
    instant = datetime(day.year, day.month, day.day, 12, tzinfo=UTC).astimezone(zone(zone_name))
    offset = instant.utcoffset()
    assert offset is not None
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


class OverviewTab(VisitTab):
    """Shows the visit's details with an Edit button."""

    title = "Overview"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.summary: VisitSummary | None = None
        self.details = QLabel()
        self.details.setObjectName("overviewDetails")
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMargin(16)
        self.edit_button = QPushButton("&Edit details…")
        self.edit_button.clicked.connect(self.edit_details)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.details)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addLayout(buttons)

    def reload(self) -> None:
        visit_id = self.visit_id
        self.summary = self.workspace.read(lambda s: read_summary(s, visit_id)) if visit_id else None
        self.edit_button.setEnabled(self.summary is not None)
        self.details.setText(self._html(self.summary) if self.summary else
                             "<p style='color:#666'>Choose a visit on the left, or create one with "
                             "<b>File → New visit</b>.</p>")

    def on_changed(self, changes: Changes, initiator: object) -> None:
        if changes.touches(Entity.VISIT, Entity.ORGANISATION, Entity.ENGAGEMENT, Entity.ATTENDEE):
            self.reload()

    @staticmethod
    def _html(s: VisitSummary) -> str:
        d = s.data

        def row(label: str, value: str) -> str:
            return (f"<tr><td style='color:#555;padding:3px 16px 3px 0;vertical-align:top'>{label}</td>"
                    f"<td style='padding:3px 0'>{value}</td></tr>")

        def paragraphs(text: str) -> str:
            return "<br>".join(escape(line) for line in text.splitlines()) or "<i>—</i>"

        marking = (f"<div style='background:#263238;color:white;padding:4px 8px;font-weight:bold'>"
                   f"{escape(d.marking)}</div>" if d.marking else "")
        return (
            f"{marking}<h2>{escape(d.title)}</h2>"
            "<table>"
            + row("Dates", escape(date_range(d.start_date, d.end_date)))
            + row("Status", escape(d.status.value.capitalize()))
            + row("Visiting", escape(s.visiting))
            + row("Host", escape(s.host))
            + row("Local time", f"{escape(d.local_time_zone)} ({offset_text(d.local_time_zone, d.start_date)})")
            + row("Home time", f"{escape(d.home_time_zone)} ({offset_text(d.home_time_zone, d.start_date)})")
            + row("Programme", f"{s.engagements} engagements, {s.attendees} attendees")
            + row("Briefing pack", f"issue {s.issue_number}" if s.issue_number else "not issued yet")
            + row("Slug", f"<code>{escape(d.slug)}</code>")
            + "</table>"
            f"<h3>Purpose</h3><p>{paragraphs(d.purpose)}</p>"
            f"<h3>Objectives</h3><p>{paragraphs(d.objectives)}</p>")

    def edit_details(self) -> None:
        summary = self.summary
        if summary is None:
            return
        from visitplanner.services.visits import update_visit
        from visitplanner.ui.commands.visits import EditVisitCommand
        from visitplanner.ui.dialogs.visit import VisitDialog

        organisations = self.workspace.read(lambda s: [(o.id, o.name) for o in all_organisations(s)])
        new = VisitDialog.ask(self, summary.data, organisations,
                              check=lambda v: self.workspace.check(lambda s: update_visit(s, summary.id, v)))
        if new is not None and new != summary.data:
            self.workspace.push(EditVisitCommand(self.workspace, summary.id, summary.data, new, summary.version,
                                                 initiator=self), self)
