"""Arrivals and departures in the attendee editor: the journey dialog, a group leg, edits and undo."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from pytestqt.qtbot import QtBot

from visitplanner.domain.enums import JourneyMode, LegDirection, Side
from visitplanner.domain.values import TravelLegData
from visitplanner.services.reads.travel import TravelChoices, read_legs, read_travel_choices
from visitplanner.ui import messages
from visitplanner.ui.attendees import AttendeesTab
from visitplanner.ui.dialogs.attendee import AttendeeDialog
from visitplanner.ui.dialogs.travel import TravelLegDialog, new_leg
from visitplanner.ui.travel import AttendeeJourneys, JourneysBox
from visitplanner.ui.workspace import Workspace


def choices(workspace: Workspace, visit_id: int) -> TravelChoices:
    found = workspace.read(lambda s: read_travel_choices(s, visit_id))
    assert found is not None
    return found


def attendee(workspace: Workspace, visit_id: int, name: str) -> int:
    return next(a.id for a in choices(workspace, visit_id).attendees if name in a.name)


def test_the_demo_flights_open_unchanged_in_the_dialog(qtbot: QtBot, workspace: Workspace, demo_visit_id: int) -> None:
    rows = workspace.read(lambda s: read_legs(s, demo_visit_id))
    assert [r.data.number for r in rows] == ["KE 9021", "KE 9022"]
    assert rows[0].summary == (
        "Arrival · KE 9021 · Seoul Incheon (ICN) T2 → Manchester Airport (MAN) T2 · "
        "Tue 11 May 01:45 Seoul – Tue 11 May 08:15 London"
    )
    for row in rows:
        dialog = TravelLegDialog(None, choices(workspace, demo_visit_id), row.data)
        qtbot.add_widget(dialog)
        assert dialog.value() == row.data
        assert dialog.travellers.count() == 16 and len(dialog.ticked()) == 5


def test_times_are_read_in_each_ends_own_zone(qtbot: QtBot, workspace: Workspace, demo_visit_id: int) -> None:
    options = choices(workspace, demo_visit_id)
    dialog = TravelLegDialog(None, options, new_leg(options, LegDirection.ARRIVAL, ()), new=True)
    qtbot.add_widget(dialog)
    dialog.tick_side(Side.VISITING)
    dialog.number.setText("OZ 521")
    utc = QTimeZone.utc()
    dialog.departs.setDateTime(QDateTime(QDate(2027, 5, 10), QTime(21, 0), utc))
    dialog.arrives.setDateTime(QDateTime(QDate(2027, 5, 11), QTime(7, 40), utc))
    value = dialog.value()
    assert value.departs == datetime(2027, 5, 10, 12, 0, tzinfo=UTC)  # 21:00 in Seoul
    assert value.arrives == datetime(2027, 5, 11, 6, 40, tzinfo=UTC)  # 07:40 in London (BST)
    assert len(value.traveller_ids) == 5 and value.mode is JourneyMode.FLIGHT


def test_bad_input_is_refused_in_place(qtbot: QtBot, workspace: Workspace, demo_visit_id: int) -> None:
    options = choices(workspace, demo_visit_id)
    dialog = TravelLegDialog(None, options, new_leg(options, LegDirection.ARRIVAL, ()), new=True)
    qtbot.add_widget(dialog)
    dialog.number.setText("KE 1")
    dialog.accept()
    assert dialog.error_label.text().startswith("Who travels: choose at least one")
    dialog.tick_side(Side.VISITING)
    dialog.arrives_zone.setCurrentText("Atlantis/Capital")
    dialog.accept()
    assert "unknown time zone" in dialog.error_label.text()
    assert dialog.result() == 0


def test_a_group_leg_from_the_attendee_editor_with_undo(
    qtbot: QtBot, workspace: Workspace, demo_visit_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rotheram = attendee(workspace, demo_visit_id, "Rotheram")
    box = JourneysBox(AttendeeJourneys(workspace, demo_visit_id, rotheram))
    qtbot.add_widget(box)
    assert box.view.count() == 0 and not box.edit_button.isEnabled()
    hosts = tuple(a.id for a in choices(workspace, demo_visit_id).attendees if a.side is Side.HOST)[:3]

    def ask(cls: type, parent: object, options: TravelChoices, initial: TravelLegData, **kw: object) -> TravelLegData:
        assert initial.traveller_ids == (rotheram,) and kw.get("new")
        return replace(initial, mode=JourneyMode.TRAIN, carrier="Avanti West Coast", traveller_ids=hosts)

    monkeypatch.setattr(TravelLegDialog, "ask", classmethod(ask))
    box.add_arrival.click()
    assert (
        box.view.count() == 1
        and "Avanti West Coast" in box.view.item(0).text()
        and "with 2 others" in (box.view.item(0).text())
    )
    marsh = attendee(workspace, demo_visit_id, "Marsh")
    assert len(workspace.read(lambda s: read_legs(s, demo_visit_id, marsh))) == 1  # the group's (she meets KE 9021)
    workspace.undo_stack.undo()
    box.refresh()
    assert box.view.count() == 0
    workspace.undo_stack.redo()
    box.refresh()
    assert box.view.count() == 1

    monkeypatch.setattr(messages, "ask_yes_no", lambda *a, **k: True)
    box.view.setCurrentRow(0)
    box.remove_button.click()  # a group's journey: only Rotheram comes off it
    assert box.view.count() == 0
    [left] = [r for r in workspace.read(lambda s: read_legs(s, demo_visit_id)) if r.data.carrier == "Avanti West Coast"]
    assert rotheram not in left.data.traveller_ids and len(left.data.traveller_ids) == 2
    workspace.undo_stack.undo()
    box.refresh()
    assert box.view.count() == 1


def test_the_attendee_editor_shows_the_journeys(
    qtbot: QtBot, workspace: Workspace, demo_visit_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = AttendeesTab(workspace)
    qtbot.add_widget(page)
    page.set_visit(demo_visit_id)
    park = next(r for r in page.model.rows() if r.person.family_name == "Park")
    seen: dict[str, object] = {}

    def ask(cls: type, parent: object, initial: object, name: str, **kwargs: object) -> None:
        box = kwargs.get("journeys")
        assert isinstance(box, JourneysBox)
        seen["lines"] = [box.view.item(i).text() for i in range(box.view.count())]
        dialog = AttendeeDialog(None, initial, name, journeys=box)  # type: ignore[arg-type]
        qtbot.add_widget(dialog)
        seen["in_form"] = dialog.fields["journeys"] is box

    monkeypatch.setattr(AttendeeDialog, "ask", classmethod(ask))
    page.select_attendees([park.id])
    page.edit_attendee()
    lines = seen["lines"]
    assert isinstance(lines, list) and len(lines) == 2
    assert lines[0].startswith("Arrival · KE 9021") and lines[0].endswith("with 4 others · met by Helen Marsh")
    assert lines[1].startswith("Departure · KE 9022") and "met by" not in lines[1]
    assert seen["in_form"]
    assert Qt.ItemDataRole.UserRole  # the rows carry their LegRow
