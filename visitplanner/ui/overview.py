"""The Overview tab: the visit's details, organisations, dates, zones, purpose and marking."""

from __future__ import annotations

from datetime import UTC, date, datetime
from html import escape

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.enums import Side
from visitplanner.domain.formatting import date_range
from visitplanner.domain.timerange import zone
from visitplanner.store.queries import VisitSummary, visit_summary
from visitplanner.ui.style import MARKING, MUTED, ON_DARK, css
from visitplanner.ui.tabs import VisitTab
from visitplanner.ui.workspace import Workspace


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
        # a read-only text view lays the details out once for its width (a word-wrapped rich-text
        # label inside a scroll area lays them out several times over to find its height)
        self.details = QTextBrowser()
        self.details.setObjectName("overviewDetails")
        self.details.setAccessibleName("Visit details")
        self.details.setOpenLinks(False)
        self.details.document().setDocumentMargin(16)
        self.edit_button = QPushButton("&Edit details…")
        self.edit_button.clicked.connect(self.edit_details)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.details)
        layout.addLayout(buttons)

    def reload(self) -> None:
        visit_id = self.visit_id
        self.summary = self.workspace.read(lambda s: visit_summary(s, visit_id)) if visit_id else None
        self.edit_button.setEnabled(self.summary is not None)
        self.details.setHtml(
            self._html(self.summary)
            if self.summary
            else f"<p style='color:{css(MUTED)}'>Choose a visit on the left, or create one with "
            "<b>File → New visit</b>.</p>"
        )

    def on_changed(self, changes: Changes, initiator: object) -> None:
        # of the engagements it shows only how many there are: an edit of one changes nothing here
        counted = any(entity is Entity.ENGAGEMENT for entity, _ in changes.created | changes.deleted)
        if counted or changes.touches(Entity.VISIT, Entity.ORGANISATION, Entity.ATTENDEE):
            self.reload()

    @staticmethod
    def _html(s: VisitSummary) -> str:
        d = s

        def row(label: str, value: str) -> str:
            return (
                f"<tr><td style='color:{css(MUTED)};padding:3px 16px 3px 0;vertical-align:top'>{label}</td>"
                f"<td style='padding:3px 0'>{value}</td></tr>"
            )

        def paragraphs(text: str) -> str:
            return "<br>".join(escape(line) for line in text.splitlines()) or "<i>—</i>"

        marking = (
            f"<div style='background:{css(MARKING)};color:{css(ON_DARK)};padding:4px 8px;font-weight:bold'>"
            f"{escape(d.marking)}</div>"
            if d.marking
            else ""
        )
        return (
            f"{marking}<h2>{escape(d.title)}</h2>"
            "<table>"
            + row("Dates", escape(date_range(d.start_date, d.end_date)))
            + row("Status", escape(d.status.label))
            + row(Side.VISITING.label, escape(s.visiting or "—"))
            + row(Side.HOST.label, escape(s.host or "—"))
            + row("Local time", f"{escape(d.local_time_zone)} ({offset_text(d.local_time_zone, d.start_date)})")
            + row("Home time", f"{escape(d.home_time_zone)} ({offset_text(d.home_time_zone, d.start_date)})")
            + row("Programme", f"{s.engagements} engagements, {s.attendees} attendees")
            + row("Briefing pack", f"issue {s.issue_number}" if s.issue_number else "not issued yet")
            + row("Slug", f"<code>{escape(d.slug)}</code>")
            + "</table>"
            f"<h3>Purpose</h3><p>{paragraphs(d.purpose)}</p>"
            f"<h3>Objectives</h3><p>{paragraphs(d.objectives)}</p>"
        )

    def edit_details(self) -> None:
        summary = self.summary
        if summary is None:
            return
        from visitplanner.services.reads.people import read_organisation_names
        from visitplanner.services.reads.visits import read_visit_data
        from visitplanner.services.visits import update_visit
        from visitplanner.ui.commands.visits import EditVisitCommand
        from visitplanner.ui.dialogs.visit import VisitDialog

        current = self.workspace.read(lambda s: read_visit_data(s, summary.id))
        if current is None:
            self.reload()
            return
        old, version = current
        if version != summary.version:  # changed elsewhere since shown: show what the dialog edits
            self.reload()
        organisations = self.workspace.read(read_organisation_names)
        new = VisitDialog.ask(
            self, old, organisations, check=lambda v: self.workspace.check(lambda s: update_visit(s, summary.id, v))
        )
        if new is not None and new != old:
            self.workspace.push(EditVisitCommand(self.workspace, summary.id, old, new, version, initiator=self), self)
