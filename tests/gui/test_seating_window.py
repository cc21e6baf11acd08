"""The Seating window on the demo: reached from the engagement's menu, drawn to scale, drag to swap, Ctrl+Z."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QGraphicsItem
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ErrorLog
from visitplanner.domain.enums import EngagementKind
from visitplanner.domain.seating import TableShape, table_geometry
from visitplanner.services.reads.itinerary import EngagementRow
from visitplanner.store.seating import PlanSource
from visitplanner.ui.dialogs.engagement import EngagementDialog
from visitplanner.ui.dialogs.seating_export import SeatingExportDialog
from visitplanner.ui.itinerary import ItineraryTab
from visitplanner.ui.seating import MIME, SCALE, SeatingWindow, _attendee_mime
from visitplanner.ui.settings import Settings
from visitplanner.ui.workspace import Workspace


@pytest.fixture
def tab(qtbot: QtBot, workspace: Workspace, demo_visit_id: int, settings: Settings) -> ItineraryTab:
    page = ItineraryTab(workspace, settings=settings)
    qtbot.add_widget(page)
    page.resize(1200, 800)
    page.set_visit(demo_visit_id)
    return page


def row(tab: ItineraryTab, title: str) -> EngagementRow:
    assert tab.itinerary is not None
    return next(r for r in tab.itinerary.rows if r.title == title)


def open_window(qtbot: QtBot, tab: ItineraryTab, title: str) -> SeatingWindow:
    menu = tab.context_menu(row(tab, title), None, None)
    action = next(a for a in menu.actions() if a.text() == "&Seating plan…")
    action.trigger()
    window = next(w for w in tab.findChildren(SeatingWindow))
    qtbot.add_widget(window)
    qtbot.wait_exposed(window)
    return window


def seat_of(window: SeatingWindow, family_name: str) -> tuple[int, int]:
    assert window.view is not None
    return next(
        (p.table + 1, p.seat)
        for p in window.view.layout.placements
        if window.view.people[p.attendee_id].name.family_name == family_name
    )


def attendee(window: SeatingWindow, family_name: str) -> int:
    assert window.view is not None
    return next(a for a, p in window.view.people.items() if p.name.family_name == family_name)


def drop_on(window: SeatingWindow, item: QGraphicsItem, mime: QMimeData) -> None:
    """What Qt delivers when a drag ends over `item`: enter, move and drop on the canvas."""
    window.canvas.centerOn(item)
    at = QPointF(window.canvas.mapFromScene(item.scenePos()))
    viewport = window.canvas.viewport()
    move = Qt.DropAction.MoveAction
    buttons, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(viewport, QDragEnterEvent(at.toPoint(), move, mime, buttons, none))
    QApplication.sendEvent(viewport, QDragMoveEvent(at.toPoint(), move, mime, buttons, none))
    QApplication.sendEvent(viewport, QDropEvent(at, move, mime, buttons, none))


def test_the_menu_offers_a_seating_plan_only_where_people_sit(tab: ItineraryTab) -> None:
    for title, offered in (
        ("Welcome dinner", True),
        ("MOU signing ceremony", True),
        ("Transfer: hotel to Mann Island", False),
    ):
        texts = [a.text() for a in tab.context_menu(row(tab, title), None, None).actions()]
        assert ("&Seating plan…" in texts) is offered, title


def test_the_welcome_dinner_is_drawn_to_scale_with_everyone_seated(qtbot: QtBot, tab: ItineraryTab) -> None:
    window = open_window(qtbot, tab, "Welcome dinner")
    assert window.windowTitle() == "Seating — Welcome dinner"
    assert window.view is not None and not window.view.unseated and window.unseated.count() == 0
    table = window.view.layout.tables[0]
    geometry = table_geometry(table, window.view.layout.style)
    assert len(window.seat_items) == table.seats
    a, b = window.seat_items[0, 1].pos(), window.seat_items[0, 2].pos()
    assert abs((b - a).x()) == pytest.approx(0.6 * SCALE)  # one cover, 60 cm, to scale
    assert seat_of(window, "Rotheram") == (1, geometry.host_seat) and seat_of(window, "Park") == (
        1,
        geometry.guest_seat,
    )
    assert window.seat_items[0, geometry.guest_seat or 0].toolTip() == "Park Heong-Joon (박형준)"


def test_dropping_a_person_on_a_seat_swaps_and_ctrl_z_undoes_it(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, errors: ErrorLog
) -> None:
    window = open_window(qtbot, tab, "Welcome dinner")
    kim, lee = seat_of(window, "Kim"), seat_of(window, "Lee")
    target = window.seat_items[lee[0] - 1, lee[1]]
    table, untouched = window.table_items[0], window.seat_items[0, 3]
    drop_on(window, target, _attendee_mime(attendee(window, "Kim")))  # a drag from Kim's seat ends on Lee's
    assert (seat_of(window, "Kim"), seat_of(window, "Lee")) == (lee, kim)
    # only the two seats are drawn again: the table and the other seats stay as they were
    assert window.table_items[0] is table and window.seat_items[0, 3] is untouched
    assert window.seat_items[lee[0] - 1, lee[1]].person is not None
    assert window.seat_items[lee[0] - 1, lee[1]].toolTip() == "Kim Min-seo (김민서)"
    assert workspace.undo_stack.undoText() == "Seat Kim Min-seo at table 1, seat " + str(lee[1])
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)  # Ctrl+Z
    assert window.undo_action.text() == "&Undo Seat Kim Min-seo at table 1, seat " + str(lee[1])
    window.undo_action.trigger()
    assert (seat_of(window, "Kim"), seat_of(window, "Lee")) == (kim, lee)
    workspace.undo_stack.redo()
    assert seat_of(window, "Kim") == lee
    assert not errors


def test_a_drag_from_the_list_of_people_without_a_seat(qtbot: QtBot, tab: ItineraryTab, workspace: Workspace) -> None:
    window = open_window(qtbot, tab, "Welcome dinner")
    choi = attendee(window, "Choi")
    assert window.unseat(choi)
    assert window.unseated.count() == 1 and window.unseated.item(0).text() == "Choi Yu-na (최유나)"
    mime = window.unseated.mimeData([window.unseated.item(0)])
    assert bytes(mime.data(MIME).data()).decode() == str(choi)
    empty = next(n for (t, n), item in window.seat_items.items() if item.person is None)
    assert window.seat(choi, 1, empty)
    assert window.unseated.count() == 0 and seat_of(window, "Choi") == (1, empty)


def test_locked_seats_auto_seat_tables_and_their_undo(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, errors: ErrorLog
) -> None:
    window = open_window(qtbot, tab, "Welcome dinner")
    jung = attendee(window, "Jung")
    assert window.seat(jung, 1, 6) and window.lock(jung, True)
    assert window.seat_items[0, 6].locked
    assert window.auto_seat()
    assert seat_of(window, "Jung") == (1, 6)  # the locked seat stays
    window.seat(attendee(window, "Kim"), 1, 6)
    assert errors and "locked" in str(errors[-1])
    assert window.add_table(TableShape.ROUND, 8)
    assert window.view is not None and len(window.view.layout.tables) == 2
    assert window.move_table(2, 6.5, 1.0)
    assert window.view.layout.tables[1].x == 6.5
    item = next(i for i in window.scene.items() if getattr(i, "index", None) == 1)
    assert item.pos() == QPointF(6.5 * SCALE, 1.0 * SCALE)
    workspace.undo_stack.undo()
    workspace.undo_stack.undo()
    assert window.view is not None and len(window.view.layout.tables) == 1


def test_an_engagement_without_a_plan_gets_one_and_undo_takes_it_away(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace
) -> None:
    window = open_window(qtbot, tab, "MOU signing ceremony")
    assert window.view is not None and window.view.plan_id is None and window.create_button.isVisible()
    assert window.create_plan()
    assert window.view.plan_id is not None and window.view.layout.tables[0].shape is TableShape.SIGNING
    assert window.auto_seat()
    assert seat_of(window, "Park") == (1, 1) and seat_of(window, "Rotheram") == (1, 2)
    workspace.undo_stack.undo()
    workspace.undo_stack.undo()
    assert window.view.plan_id is None


def test_copy_plan_from_the_welcome_dinner_to_the_lunch_is_one_undo_step(
    qtbot: QtBot, tab: ItineraryTab, workspace: Workspace, monkeypatch: pytest.MonkeyPatch, errors: ErrorLog
) -> None:
    window = open_window(qtbot, tab, "Working lunch")
    assert window.view is not None and window.view.plan_id is None
    offered: list[str] = []

    def choose(sources: list[PlanSource]) -> PlanSource | None:
        offered.extend(s.title for s in sources)
        return next(s for s in sources if s.title == "Welcome dinner")

    monkeypatch.setattr(window, "choose_source", choose)
    qtbot.mouseClick(window.copy_button, Qt.MouseButton.LeftButton)
    assert offered == ["Welcome dinner"]
    assert window.view is not None and window.view.layout.tables[0].label == "Top table"
    assert workspace.undo_stack.undoText() == "Copy the seating plan of “Welcome dinner”"
    # those at both meals keep their dinner seats; Rotheram is not at the lunch, so his seat is empty
    assert seat_of(window, "Park")[1] == 9 and "Rotheram" not in {
        p.name.family_name for p in window.view.people.values()
    }
    window.undo_action.trigger()
    assert window.view.plan_id is None  # undone in one step: the lunch has no plan again
    workspace.undo_stack.redo()
    assert window.view.plan_id is not None
    assert not errors


def test_export_chart_place_cards_and_door_list_from_the_window(
    qtbot: QtBot, tab: ItineraryTab, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, errors: ErrorLog
) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    window = open_window(qtbot, tab, "Welcome dinner")
    menu = window.export_button.menu()
    assert [a.text() for a in menu.actions()] == [
        "Seating &chart…",
        "&Place cards in seat order…",
        "Table &list for the door…",
    ]
    asked: list[SeatingExportDialog] = []

    def answer(dialog: SeatingExportDialog) -> int:
        asked.append(dialog)
        assert dialog.preview.isChecked()  # previewed by default (see test_seating_export_previews…)
        dialog.preview.setChecked(False)
        dialog.file.edit.setText(str(out / dialog.file_name()))
        if dialog.kind.currentData() == "chart":
            dialog.restricted.setChecked(True)
            dialog.file.edit.setText(str(out / dialog.file_name()))  # the name follows the edition
        dialog.accept()  # OK
        return dialog.result()

    monkeypatch.setattr(SeatingExportDialog, "exec", answer)
    for action in menu.actions():
        action.trigger()
        task = window.last_task
        assert task is not None
        with qtbot.wait_signal(task.finished, timeout=30_000):
            pass
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "busan-liverpool-welcome-dinner-place-cards.pdf",
        "busan-liverpool-welcome-dinner-seating-chart-restricted.pdf",
        "busan-liverpool-welcome-dinner-table-list.pdf",
    ]
    assert not asked[1].paper.isEnabled() and not asked[1].restricted.isEnabled()  # only the chart has them
    cards = PdfReader(out / names[0])
    assert len(cards.pages) == 10  # one per seat taken
    assert "Top table · seat 1" in cards.pages[0].extract_text()
    assert "No pork" in PdfReader(out / names[1]).pages[0].extract_text()
    assert window.status.text().startswith("Wrote the table list to ")
    assert not errors


def test_the_window_shows_the_lines_and_the_engagement_editor_opens_it(
    qtbot: QtBot, tab: ItineraryTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    signing = open_window(qtbot, tab, "MOU signing ceremony")
    assert signing.lines.text().startswith("Receiving line: 1. Steve Rotheram, 2. Park Heong-Joon (박형준)")
    assert "Signing order: 1. Park Heong-Joon (박형준) signs the Busan Metropolitan City copy" in signing.lines.text()
    signing.close()

    opened: list[SeatingWindow] = []

    def edit(dialog: EngagementDialog) -> int:
        assert dialog.seating_button is not None and dialog.seating_button.isEnabled()
        qtbot.mouseClick(dialog.seating_button, Qt.MouseButton.LeftButton)
        opened.extend(dialog.findChildren(SeatingWindow))
        dialog.kind.setCurrentIndex(dialog.kind.findData(EngagementKind.TRANSFER))
        assert not dialog.seating_button.isEnabled()  # a transfer has no seats
        return 0

    monkeypatch.setattr(EngagementDialog, "exec", edit)
    tab.edit_engagement(row(tab, "Welcome dinner"))
    assert len(opened) == 1 and opened[0].windowTitle() == "Seating — Welcome dinner"


@pytest.mark.parametrize("save", [True, False])
def test_seating_export_previews_and_prints_before_saving(
    qtbot: QtBot, tab: ItineraryTab, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, errors: ErrorLog, save: bool
) -> None:
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QDialog

    from visitplanner.ui.preview import PdfPreviewDialog

    window = open_window(qtbot, tab, "Welcome dinner")
    target, printed = tmp_path / "chart.pdf", tmp_path / "printed.pdf"

    def answer(dialog: SeatingExportDialog) -> int:
        dialog.file.edit.setText(str(target))
        dialog.accept()
        return dialog.result()

    def to_pdf(self: PdfPreviewDialog, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    shown: list[PdfPreviewDialog] = []

    def exec_(self: PdfPreviewDialog) -> int:
        shown.append(self)
        assert not target.exists()  # nothing written while the officer looks
        self.print_button.click()
        return QDialog.DialogCode.Accepted if save else QDialog.DialogCode.Rejected

    monkeypatch.setattr(SeatingExportDialog, "exec", answer)
    monkeypatch.setattr(PdfPreviewDialog, "choose_printer", to_pdf)
    monkeypatch.setattr(PdfPreviewDialog, "exec", exec_)
    window.export_button.menu().actions()[0].trigger()  # Seating chart…
    preview_task = window.last_task
    assert preview_task is not None
    qtbot.wait_until(lambda: bool(shown), timeout=30_000)
    if save:
        assert window.last_task is not preview_task  # the write that follows Save
        with qtbot.wait_signal(window.last_task.finished, timeout=30_000):
            pass
    assert not errors and len(shown) == 1 and shown[0].printed == len(PdfReader(printed).pages) == 1
    assert target.exists() == save


@pytest.mark.parametrize("kind", ["chart", "placecards"])
def test_seating_export_saves_the_pdf_previewed_built_once(
    qtbot: QtBot, tab: ItineraryTab, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, errors: ErrorLog, kind: str
) -> None:
    """Save in the preview writes the very bytes shown: the chart or the cards are not built again."""
    from PySide6.QtWidgets import QDialog

    import visitplanner.exporters.seating as chart
    import visitplanner.exporters.seating_lists as lists
    from visitplanner.ui.preview import PdfPreviewDialog

    module, name = (chart, "build_seating_chart") if kind == "chart" else (lists, "build_seating_list")
    real, builds = getattr(module, name), []

    def counted(*args: object, **kwargs: object) -> object:
        builds.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    window = open_window(qtbot, tab, "Welcome dinner")
    target = tmp_path / f"{kind}.pdf"

    def answer(dialog: SeatingExportDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        dialog.file.edit.setText(str(target))
        dialog.accept()
        return dialog.result()

    shown: list[bytes] = []

    def exec_(self: PdfPreviewDialog) -> int:
        shown.append(self.data)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SeatingExportDialog, "exec", answer)
    monkeypatch.setattr(PdfPreviewDialog, "exec", exec_)
    window.export_button.menu().actions()[0].trigger()
    preview_task = window.last_task
    assert preview_task is not None
    qtbot.wait_until(lambda: bool(shown) and window.last_task is not preview_task, timeout=30_000)
    assert window.last_task is not None
    qtbot.wait_until(lambda: not window.last_task.is_running(), timeout=30_000)  # type: ignore[union-attr]
    qtbot.wait_until(lambda: window.status.text().startswith("Wrote"))
    assert not errors and len(shown) == 1 and len(builds) == 1
    assert target.read_bytes() == shown[0]
