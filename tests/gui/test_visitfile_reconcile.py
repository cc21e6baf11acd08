"""Import visit file with differences: the dialog lists each item and field (database / file),
per-item keep or replace, and the import from the File menu does what was chosen."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.gui.conftest import ErrorLog
from tests.gui.waiting import settle
from visitplanner.domain.changes import Entity
from visitplanner.services import venues
from visitplanner.services.visitfile_reconcile import FieldDifference, ItemDifference
from visitplanner.store.models import Room, Venue
from visitplanner.ui import messages
from visitplanner.ui.dialogs.visitfile_reconcile import COL_DATABASE, COL_FILE, COL_ITEM, ReconcileDialog
from visitplanner.ui.mainwindow import MainWindow

ROOM = ItemDifference(
    Entity.ROOM,
    "$.venues[0].rooms[1]",
    7,
    "room Immersive Lab of DIF",
    (FieldDifference("capacity", "capacity", "16", "8"),),
)
VENUE = ItemDifference(
    Entity.VENUE,
    "$.venues[0]",
    3,
    "venue DIF (Our name)",
    (
        FieldDifference("name", "name", "Our name", "Digital Innovation Facility"),
        FieldDifference("address", "address", "", "1 Quay <b>St</b>"),
    ),
)


def test_the_dialog_lists_items_and_fields_and_gives_the_choices(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ReconcileDialog(None, "busan.json", [ROOM, VENUE])
    qtbot.add_widget(dialog)
    tree = dialog.tree
    assert tree.topLevelItemCount() == 2
    room = tree.topLevelItem(0)
    assert room is not None and room.text(COL_ITEM) == "room Immersive Lab of DIF"
    capacity = room.child(0)
    assert (capacity.text(COL_ITEM), capacity.text(COL_DATABASE), capacity.text(COL_FILE)) == ("capacity", "16", "8")
    venue = tree.topLevelItem(1)
    assert venue is not None and venue.childCount() == 2
    assert venue.child(1).text(COL_DATABASE) == "(empty)" and venue.child(1).text(COL_FILE) == "1 Quay <b>St</b>"
    assert dialog.choices == {ROOM.key: False, VENUE.key: False}  # the database's, unless chosen
    dialog.choose(ROOM.key, True)
    assert dialog.choices == {ROOM.key: True, VENUE.key: False}
    dialog.choose_all(True)
    assert set(dialog.choices.values()) == {True}
    dialog.choose_all(False)
    assert set(dialog.choices.values()) == {False}
    dialog.show()
    assert dialog.grab().save(str(tmp_path / "reconcile.png"))


def test_ask_gives_none_when_cancelled(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ReconcileDialog, "exec", lambda self: 0)
    assert ReconcileDialog.ask(None, "busan.json", [ROOM]) is None
    monkeypatch.setattr(ReconcileDialog, "exec", lambda self: 1)
    assert ReconcileDialog.ask(None, "busan.json", [ROOM]) == {ROOM.key: False}


def _capacity_and_name(window: MainWindow) -> tuple[int | None, str]:
    def read(session: object) -> tuple[int | None, str]:
        lab = session.scalars(  # type: ignore[attr-defined]
            select(Room).join(Venue).where(Venue.code == "DIF", Room.name == "Immersive Lab")
        ).one()
        dif = session.scalars(select(Venue).where(Venue.code == "DIF")).one()  # type: ignore[attr-defined]
        return lab.capacity, dif.name

    return window.workspace.read(read)


def test_the_file_menu_import_shows_the_differences_and_does_what_was_chosen(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
    demo_visit_id: int,
) -> None:
    from visitplanner.exporters.visitfile import write_visit_file

    path = tmp_path / "busan.json"
    window.workspace.read(lambda s: write_visit_file(s, demo_visit_id, path))
    document = json.loads(path.read_text(encoding="utf-8"))
    dif = next(v for v in document["venues"] if v["code"] == "DIF")
    lab = next(r for r in dif["rooms"] if r["name"] == "Immersive Lab")
    lab["capacity"] = 8  # the file says 8 where the database says 15
    dif["name"] = "DIF as the file calls it"
    path.write_text(json.dumps(document), encoding="utf-8")
    shown: list[list[ItemDifference]] = []

    def ask(cls: type, parent: object, name: str, differences: list[ItemDifference]) -> dict[str, bool]:
        shown.append(list(differences))
        room = next(d for d in differences if d.entity is Entity.ROOM)
        return {room.key: True}  # the room's capacity from the file; the venue's name kept

    monkeypatch.setattr(ReconcileDialog, "ask", classmethod(ask))
    monkeypatch.setattr(messages, "ask_yes_no", lambda *a: True)  # replace the demo visit of that slug
    window.exports.import_visit_file(path)
    assert settle(qtbot, window.exports)
    assert errors == []
    (differences,) = shown
    assert {d.name for d in differences} == {"room Immersive Lab of DIF", "venue DIF (Digital Innovation Facility)"}
    room = next(d for d in differences if d.entity is Entity.ROOM)
    assert [(f.field, f.database, f.file) for f in room.fields] == [("capacity", "15", "8")]
    assert _capacity_and_name(window) == (8, "Digital Innovation Facility")


def test_cancelling_the_differences_imports_nothing(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
    demo_visit_id: int,
) -> None:
    from visitplanner.exporters.visitfile import write_visit_file

    path = tmp_path / "busan.json"
    window.workspace.read(lambda s: write_visit_file(s, demo_visit_id, path))
    window.workspace.execute(
        lambda s: venues.update_room(
            s,
            (lab := s.scalars(select(Room).where(Room.name == "Immersive Lab")).one()).id,
            replace(venues.room_data(lab), capacity=16),
        )
    )
    asked: list[str] = []
    monkeypatch.setattr(ReconcileDialog, "ask", classmethod(lambda cls, *a: None))
    monkeypatch.setattr(messages, "ask_yes_no", lambda *a: asked.append("replace?") or True)
    window.exports.import_visit_file(path)
    settle(qtbot, window.exports)
    assert errors == [] and asked == []  # stopped before the import: no question about the slug either
    assert _capacity_and_name(window)[0] == 16
    assert "nothing was imported" in window.statusBar().currentMessage()
