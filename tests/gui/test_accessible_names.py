"""Every input, table, search field and button has a name a screen reader can announce: the test
walks the main window (each tab, each itinerary view, each sub-tab, the Checks dock) and every
dialog, and names each widget an officer could reach but not hear."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QTabWidget, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.test_dialog_focus import DIALOGS
from visitplanner.domain.enums import Role, Side
from visitplanner.services.reads.itinerary import AttendeeChoice, EngagementChoices, VenueChoice
from visitplanner.ui.accessibility import (
    accessible_name,
    describe,
    interactive_widgets,
    label_words,
    name_from_labels,
    name_search_field,
    unnamed_widgets,
)
from visitplanner.ui.caldav import CalDavPublishDialog
from visitplanner.ui.dialogs.engagement import EngagementDialog
from visitplanner.ui.dialogs.organisation import OrganisationsDialog
from visitplanner.ui.exports import CalendarImportDialog, CalendarPreview
from visitplanner.ui.itinerary.bars import VIEWS
from visitplanner.ui.mainwindow import MainWindow
from visitplanner.ui.tasks import BackgroundTask
from visitplanner.ui.workspace import Workspace


def _unnamed(where: str, root: QWidget) -> list[str]:
    return [f"{where}: {describe(widget)}" for widget in unnamed_widgets(root)]


def _each_sub_tab(qtbot: QtBot, where: str, page: QWidget) -> list[str]:
    """The unnamed widgets of `page` with each of its sub-tabs shown in turn."""
    problems = _unnamed(where, page)
    for tabs in page.findChildren(QTabWidget):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            qtbot.wait_until(lambda tabs=tabs, index=index: tabs.widget(index).isVisible())  # type: ignore[misc]
            problems += _unnamed(f"{where} › {tabs.tabText(index)}", page)
    return problems


def test_every_widget_of_the_main_window_has_a_name(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    qtbot.wait_exposed(window)
    problems = _unnamed("main window", window)  # the visit list, the toolbar, the Checks dock
    assert window.checks.isVisible()
    for slot in window.slots:
        window.tabs.setCurrentWidget(slot)
        page = slot.page()
        qtbot.wait_until(page.isVisible)
        show_view = getattr(page, "show_view", None)
        if callable(show_view):  # the itinerary: Day, Whole visit, Table
            for view in VIEWS:
                show_view(view)
                qtbot.wait(10)
                problems += _unnamed(f"{slot.title} tab ({view})", page)
        else:
            problems += _each_sub_tab(qtbot, f"{slot.title} tab", page)
    assert not problems, "widgets without an accessible name:\n" + "\n".join(dict.fromkeys(problems))


def _organisations(workspace: Workspace) -> QDialog:
    return OrganisationsDialog(workspace)


def _no_preview(path: Path) -> BackgroundTask[CalendarPreview]:
    raise AssertionError("the dialog previews only when asked")


MORE_DIALOGS: dict[str, Callable[[Workspace], QDialog]] = {
    "organisations": _organisations,
    "calendar import": lambda workspace: CalendarImportDialog(
        None, lambda path: pytest.fail("no preview"), Path("v.ics")
    ),
    "publish to caldav": lambda workspace: CalDavPublishDialog(None, lambda request: pytest.fail("no publish")),
    "engagement with attendees": lambda workspace: EngagementDialog(
        None,
        EngagementChoices(
            "Europe/London",
            "Asia/Seoul",
            date(2027, 5, 11),
            date(2027, 5, 12),
            (VenueChoice(1, "Town Hall"),),
            attendees=(
                AttendeeChoice(1, "Park Heong-Joon", Side.VISITING, Role.PRINCIPAL),
                AttendeeChoice(2, "Anna Smith"),
            ),
        ),
    ),
}


@pytest.mark.parametrize("name", [*DIALOGS, *MORE_DIALOGS])
def test_every_widget_of_each_dialog_has_a_name(qtbot: QtBot, workspace: Workspace, name: str) -> None:
    dialog = DIALOGS[name]() if name in DIALOGS else MORE_DIALOGS[name](workspace)
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.wait_exposed(dialog)
    assert interactive_widgets(dialog), name
    problems = _each_sub_tab(qtbot, f"{name} dialog", dialog)
    assert not problems, "widgets without an accessible name:\n" + "\n".join(problems)
    # and no two say the same (seven check boxes all called "Open" cannot be told apart)
    names = Counter(accessible_name(widget) for widget in interactive_widgets(dialog))
    assert [text for text, count in names.items() if count > 1] == [], name


def test_the_judge_hears_what_a_screen_reader_hears(qtbot: QtBot) -> None:
    """A combo box's current item, a symbol, or a label's markup is not a name (positive controls)."""
    root = QWidget()
    qtbot.add_widget(root)
    form = QFormLayout(root)
    labelled, bare = QComboBox(), QComboBox()
    for combo in (labelled, bare):
        combo.addItem("Any status")
    form.addRow("&Status", labelled)
    form.addRow("", bare)
    plus, zoom = QToolButton(), QToolButton()
    plus.setText("+")
    zoom.setText("+")
    zoom.setAccessibleName("Zoom in")
    rich, plain = QLineEdit(), QLineEdit()
    form.addRow("Restricted notes <span style='color:red'>&nbsp;RESTRICTED&nbsp;</span>", rich)
    form.addRow(QLabel("no buddy"), plain)
    form.addRow(plus, zoom)
    root.show()
    assert accessible_name(labelled) == "Status"
    assert set(unnamed_widgets(root)) == {bare, plus, rich, plain}
    name_from_labels(root)
    assert accessible_name(rich) == "Restricted notes"
    assert rich.accessibleDescription() == "Restricted notes RESTRICTED"
    assert set(unnamed_widgets(root)) == {bare, plus, plain}


def test_a_labels_words_leave_out_mnemonics_and_markup() -> None:
    assert label_words("Res&tricted notes <b>now</b>") == "Restricted notes now"
    assert label_words("&Fish &amp; chips:") == "Fish & chips"
    assert label_words("R&&D") == "R&D"


def test_a_search_field_is_named_by_its_placeholder(qtbot: QtBot) -> None:
    search = QLineEdit()
    qtbot.add_widget(search)
    search.setPlaceholderText("Search people: name, native script, title, organisation, email")
    name_search_field(search)
    assert accessible_name(search) == "Search people"
    assert search.accessibleDescription() == search.placeholderText()


def test_a_table_cells_editor_is_named_after_its_column(qtbot: QtBot, window: MainWindow) -> None:
    """Editing in the itinerary table or the travel-time matrix: the editor says what it edits."""
    itinerary = window.itinerary_tab()
    itinerary.show_view("table")  # type: ignore[attr-defined]
    table = itinerary.table  # type: ignore[attr-defined]
    model = table.model()
    named: dict[str, str] = {}
    for column in range(model.columnCount()):
        index = model.index(0, column)
        if not model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            continue
        table.openPersistentEditor(index)
        editor = table.indexWidget(index)
        heading = str(model.headerData(column, Qt.Orientation.Horizontal))
        if editor is not None:
            named[heading] = accessible_name(editor)
        table.closePersistentEditor(index)
    assert named and all(name == heading for heading, name in named.items()), named
    venues = window.slots[3].page()
    matrix = venues.matrix  # type: ignore[attr-defined]
    index = matrix.model.index(0, 1)
    matrix.view.openPersistentEditor(index)
    editor = matrix.view.indexWidget(index)
    assert editor is not None
    origin, destination = matrix.model.venue_at(0).name, matrix.model.venue_at(1).name
    assert accessible_name(editor) == f"Minutes from {origin} to {destination}"


def test_restricted_fields_say_their_label_and_that_they_are_restricted(qtbot: QtBot) -> None:
    person = DIALOGS["person"]()
    engagement = DIALOGS["engagement"]()
    for dialog in (person, engagement):
        qtbot.add_widget(dialog)
        dialog.show()
        qtbot.wait_exposed(dialog)
    phone = person.fields["phone"]
    assert (accessible_name(phone), phone.accessibleDescription()) == (
        "Phone",
        "Restricted: left out of public editions of exports",
    )
    notes = engagement.fields["restricted_notes"]
    assert accessible_name(notes) == "Restricted notes"
    assert notes.accessibleDescription() == "Restricted notes RESTRICTED not in public exports"
