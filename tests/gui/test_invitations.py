"""The Invitations tab: pending per recipient, the Send dialog and its one step, replies by drop with a
preview, undo; the issue's Done-when on the demo."""

from __future__ import annotations

import email
import io
from email.policy import default
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ErrorLog
from tests.itip import reply_eml, reply_ics
from visitplanner.cli import main
from visitplanner.domain.checks import KEY_PERSON_DECLINED
from visitplanner.domain.errors import UserError
from visitplanner.domain.invitations import PartStat, ReplyItem, ReplyOutcome, ReplyVerdict
from visitplanner.exporters.ical import Organiser, engagement_uid
from visitplanner.services import engagements
from visitplanner.services.checks import check_visit
from visitplanner.store.database import Database
from visitplanner.store.invitations import engagement_titles, sent_details
from visitplanner.ui.checks import ChecksPanel
from visitplanner.ui.invitations import (
    InvitationsTab,
    RecipientsModel,
    ReplyPreviewDialog,
    SendChoice,
    SendInvitationsDialog,
)
from visitplanner.ui.models.base import OBJECT_ROLE
from visitplanner.ui.tasks import BackgroundTask
from visitplanner.ui.workspace import Workspace

MAYOR = "mayor.office@busan.example"
MIF_TOUR = "Tour of the Materials Innovation Factory (MIF)"


@pytest.fixture
def tab(qtbot: QtBot, workspace: Workspace, demo_visit_id: int) -> InvitationsTab:
    page = InvitationsTab(workspace)
    qtbot.add_widget(page)
    page.set_visit(demo_visit_id)
    return page


def pending_by_address(tab: InvitationsTab) -> dict[str, str]:
    return {
        str(tab.model.index(n, RecipientsModel.COL_ADDRESS).data()): str(
            tab.model.index(n, RecipientsModel.COL_PENDING).data()
        )
        for n in range(tab.model.rowCount())
    }


def send_all(tab: InvitationsTab, qtbot: QtBot, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tab, "ask_send", lambda summary, organiser: SendChoice(folder, True, None))
    tab.send()
    qtbot.wait_until(lambda: tab.last_result is not None and not tab.last_task.is_running(), timeout=30_000)


def take_mayor_off_the_mif_tour(workspace: Workspace) -> None:
    from visitplanner.store.queries import attendees_of, engagements_of, find_visit

    def ids(session: object) -> tuple[int, int]:
        visit = find_visit(session, "busan-liverpool")  # type: ignore[arg-type]
        tour = next(e.id for e in engagements_of(session, visit.id) if e.title == MIF_TOUR)  # type: ignore[arg-type]
        mayor = next(a.id for a in attendees_of(session, visit.id) if a.person.email == MAYOR)  # type: ignore[arg-type]
        return tour, mayor

    tour, mayor = workspace.read(ids)  # type: ignore[arg-type]
    workspace.execute(lambda s: engagements.unassign_attendee(s, tour, mayor))


def test_the_tab_lists_every_recipient_with_what_is_pending(tab: InvitationsTab) -> None:
    pending = pending_by_address(tab)
    assert pending[MAYOR] == "18 new"
    assert len(pending) == 16 and all(text.endswith("new") for text in pending.values())
    assert tab.summary.text().startswith("16 recipients: ") and "new for 16 of them" in tab.summary.text()
    assert tab.send_button.isEnabled()
    tab.select_address(MAYOR)
    assert tab.detail_model.rowCount() == 18
    assert tab.detail_model.index(0, 0).data() == "Pending: new"


def test_send_then_the_done_when_on_the_demo(
    tab: InvitationsTab,
    qtbot: QtBot,
    workspace: Workspace,
    gui_db: Database,
    demo_visit_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
) -> None:
    panel = ChecksPanel(workspace)  # the window's Checks panel, on the same workspace
    qtbot.add_widget(panel)
    panel.set_visit(demo_visit_id, immediately=True)
    send_all(tab, qtbot, tmp_path / "sent", monkeypatch)
    assert errors == []
    assert set(pending_by_address(tab).values()) == {"nothing pending"}
    tab.select_address(MAYOR)
    assert "(18 messages)" in str(tab.view.currentIndex().siblingAtColumn(RecipientsModel.COL_SENT).data())
    assert not tab.send_button.isEnabled()
    # the .eml opens in Python's e-mail parser as an invitation
    message = email.message_from_bytes(
        (tmp_path / "sent" / "mayor-office-busan-example.eml").read_bytes(), policy=default
    )
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert parts and parts[0].get_param("method") == "REQUEST"

    take_mayor_off_the_mif_tour(workspace)
    pending = pending_by_address(tab)  # the tab refreshed from the change
    assert pending[MAYOR] == "1 cancellation"
    assert [a for a, text in pending.items() if text != "nothing pending"] == [MAYOR]
    tab.select_address(MAYOR)
    assert [tab.detail_model.index(0, c).data() for c in (0, 2)] == ["Pending: cancellation (taken off it)", MIF_TOUR]
    # the command line says the same
    out = io.StringIO()
    assert main(["--database", gui_db.url, "invitations", "busan-liverpool"], out=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[-1] == "busan-liverpool: 1 cancellation for 1 recipient"
    assert [line for line in lines if line.startswith("  ")] == [
        f"  cancellation Wed 12 May 10:40  {MIF_TOUR} (taken off it)"
    ]

    # a signatory declines the signing: shown as declined, and the check raises it
    signing_uid, sequence = workspace.read(
        lambda s: next(
            (r.uid, r.sequence)
            for r in sent_details(s, demo_visit_id)
            if r.address == MAYOR and r.title == "MOU signing ceremony"
        )
    )
    reply = tmp_path / "decline.eml"
    reply.write_bytes(reply_eml(reply_ics(engagement_uid(signing_uid), MAYOR, "DECLINED", sequence), sender=MAYOR))
    seen: list[list[ReplyOutcome]] = []

    def preview(verdicts: list[ReplyVerdict], titles: dict[str, str]) -> bool:
        seen.append([v.outcome for v in verdicts])
        return True

    monkeypatch.setattr(tab, "ask_preview", preview)
    assert KEY_PERSON_DECLINED not in {f.code for f in panel.findings}
    with qtbot.wait_signal(panel.findings_changed, timeout=10_000):  # the panel checks again
        assert tab.import_reply_files([reply])
    declined = [f for f in panel.findings if f.code == KEY_PERSON_DECLINED]
    assert len(declined) == 1 and "MOU signing ceremony" in declined[0].message
    assert panel.summary.text().startswith("1 error")
    assert seen == [[ReplyOutcome.APPLIED]]
    row = next(r for r in tab.rows() if r.status.address == MAYOR)
    assert row.status.replies == {signing_uid: PartStat.DECLINED}
    assert tab.model.index(row.id, RecipientsModel.COL_REPLIES).data() == "1 declined"
    findings = workspace.read(lambda s: check_visit(s, demo_visit_id))
    assert [f.code for f in findings if f.code == KEY_PERSON_DECLINED] == [KEY_PERSON_DECLINED]
    # one undo step takes the answer back
    with qtbot.wait_signal(panel.findings_changed, timeout=10_000):
        workspace.undo_stack.undo()
    row = next(r for r in tab.rows() if r.status.address == MAYOR)
    assert row.status.replies == {}
    assert KEY_PERSON_DECLINED not in {f.code for f in panel.findings}


def test_a_cancelled_send_writes_and_records_nothing(
    tab: InvitationsTab, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog
) -> None:
    start = BackgroundTask.start

    def cancelled_first(task: BackgroundTask[object]) -> None:
        task.cancel()
        start(task)

    monkeypatch.setattr(BackgroundTask, "start", cancelled_first)
    monkeypatch.setattr(tab, "ask_send", lambda summary, organiser: SendChoice(tmp_path / "out", True, None))
    tab.send()
    qtbot.wait_until(lambda: "cancelled" in tab.summary.text(), timeout=30_000)
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
    tab.reload()
    assert pending_by_address(tab)[MAYOR] == "18 new" and errors == []


def test_the_send_dialog_asks_folder_eml_and_organiser(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = SendInvitationsDialog(None, "3 new", tmp_path, Organiser("desk@lcr.example", "Visits Desk"))
    qtbot.add_widget(dialog)
    assert dialog.organiser_email.text() == "desk@lcr.example" and dialog.eml.isChecked()
    dialog.organiser_email.setText("not an address")
    with pytest.raises(UserError, match="organiser"):
        dialog.value()
    dialog.organiser_email.setText("")
    dialog.folder.setText(" ")
    with pytest.raises(UserError, match="folder"):
        dialog.value()
    dialog.ask_folder = lambda: str(tmp_path / "chosen")  # type: ignore[method-assign]
    dialog._browse()
    dialog.eml.setChecked(False)
    assert dialog.value() == SendChoice(tmp_path / "chosen", False, None)
    dialog.organiser_email.setText("x@y.example")
    dialog.organiser_name.setText("X")
    assert dialog.value().organiser == Organiser("x@y.example", "X")


def test_the_reply_preview_lists_unmatched_and_imports_only_what_applies(qtbot: QtBot) -> None:
    verdicts = [
        ReplyVerdict(ReplyItem("a@x.example", "u1", PartStat.ACCEPTED, 1, source="a.ics"), ReplyOutcome.APPLIED, 1),
        ReplyVerdict(ReplyItem("b@x.example", "zz", PartStat.DECLINED, 0, source="b.eml"), ReplyOutcome.UNKNOWN_UID),
        ReplyVerdict(ReplyItem("c@x.example", "u1", PartStat.ACCEPTED, 0, source="c.ics"), ReplyOutcome.STALE, 2),
    ]
    dialog = ReplyPreviewDialog(None, verdicts, {"u1": "Lunch"})
    qtbot.add_widget(dialog)
    rows = [[dialog.table.item(r, c).text() for c in range(5)] for r in range(3)]
    assert rows[0] == ["a.ics", "a@x.example", "Accepted", "Lunch", "Applied"]
    assert rows[1][3:] == ["zz", "Unmatched: no engagement of the visit has this UID"]
    assert "answers SEQUENCE 0; last sent 2" in rows[2][4]
    assert "1 answer to record; 1 for an older SEQUENCE (noted, not applied); 1 unmatched" in dialog.summary.text()
    assert dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    nothing = ReplyPreviewDialog(None, verdicts[1:], {})
    qtbot.add_widget(nothing)
    assert not nothing.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_dropping_reply_files_previews_and_unmatched_change_nothing(
    tab: InvitationsTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog, workspace: Workspace
) -> None:
    stranger = tmp_path / "stranger.ics"
    stranger.write_bytes(reply_ics("no-such@visitplanner", "someone@else.example", "ACCEPTED", 0))
    shown: list[list[ReplyOutcome]] = []
    monkeypatch.setattr(
        tab, "ask_preview", lambda verdicts, titles: shown.append([v.outcome for v in verdicts]) or True
    )
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(stranger))])
    event = QDropEvent(
        QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    tab.dropEvent(event)
    assert shown == [[ReplyOutcome.UNKNOWN_UID]]
    assert workspace.undo_stack.count() == 1  # the step ran, and changed nothing
    assert all(not r.status.replies for r in tab.rows())
    bad = tmp_path / "bad.ics"
    bad.write_text("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n")
    assert not tab.import_reply_files([bad])
    assert errors and "not REPLY" in str(errors[-1])


def test_titles_for_replies_name_deleted_engagements(workspace: Workspace, demo_visit_id: int) -> None:
    titles = workspace.read(lambda s: engagement_titles(s, demo_visit_id))
    assert "MOU signing ceremony" in titles.values()


def _send_and_decline(workspace: Workspace, visit_id: int, folder: Path) -> str:
    """Send everything, then record the Mayor declining the signing; the signing's uid."""
    from visitplanner.exporters.invitations import invitation_status, write_invitations
    from visitplanner.services.invitations import import_replies, record_sent

    now = workspace.clock()

    def send(session: object) -> object:
        status = invitation_status(session, visit_id, now=now, details=False)  # type: ignore[arg-type]
        write_invitations(
            session,  # type: ignore[arg-type]
            status,
            folder,
            now=now,
            record=lambda sent: record_sent(session, visit_id, sent, now=now),  # type: ignore[arg-type]
        )
        from visitplanner.domain.changes import Changes

        return Changes()

    workspace.execute(send)  # type: ignore[arg-type]
    uid, sequence = workspace.read(
        lambda s: next(
            (r.uid, r.sequence)
            for r in sent_details(s, visit_id)
            if r.address == MAYOR and r.title == "MOU signing ceremony"
        )
    )
    items = [ReplyItem(MAYOR, uid, PartStat.DECLINED, sequence)]
    workspace.execute(lambda s: import_replies(s, visit_id, items, now=now).changes)
    return uid


def test_the_attendees_tab_and_the_engagement_editor_show_replies(
    qtbot: QtBot, workspace: Workspace, demo_visit_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from visitplanner.ui.attendees import AttendeesTab
    from visitplanner.ui.dialogs.engagement import AttendeePicker, EngagementDialog
    from visitplanner.ui.itinerary import ItineraryTab
    from visitplanner.ui.models.attendees import AttendeesModel

    attendees = AttendeesTab(workspace)
    qtbot.add_widget(attendees)
    attendees.set_visit(demo_visit_id)
    _send_and_decline(workspace, demo_visit_id, tmp_path)
    replies = {
        attendees.model.index(r, 0).data(OBJECT_ROLE).person.email: attendees.model.index(
            r, AttendeesModel.COL_REPLIES
        ).data()
        for r in range(attendees.model.rowCount())
    }
    assert replies[MAYOR] == "1 declined"
    assert sum(1 for v in replies.values() if v) == 1

    itinerary = ItineraryTab(workspace)
    qtbot.add_widget(itinerary)
    itinerary.set_visit(demo_visit_id)
    qtbot.wait_until(lambda: itinerary.itinerary is not None, timeout=10_000)
    assert itinerary.itinerary is not None
    signing = next(r for r in itinerary.itinerary.rows if r.plan.data.title == "MOU signing ceremony")
    seen: list[object] = []

    def ask(
        cls: object, parent: object, choices: object, initial: object = None, check: object = None, **kwargs: object
    ) -> None:
        seen.append(kwargs.get("answers"))

    monkeypatch.setattr(EngagementDialog, "ask", classmethod(ask))
    itinerary.edit_engagement(signing)
    (answers,) = seen
    assert isinstance(answers, dict)
    assert PartStat.DECLINED in answers.values() and None in answers.values()  # the Mayor declined; others: no reply
    choices = itinerary.itinerary.choices
    picker = AttendeePicker(
        choices.attendees,
        {a.attendee_id: a.part for a in signing.plan.attendances},
        lambda: signing.plan.data.kind,
        answers=answers,
    )
    qtbot.add_widget(picker)
    shown = {
        picker.table.item(r, AttendeePicker.COL_NAME).text(): picker.table.item(r, AttendeePicker.COL_REPLY).text()
        for r in range(picker.table.rowCount())
    }
    assert "Declined" in shown.values() and "No reply" in shown.values() and "" in shown.values()
