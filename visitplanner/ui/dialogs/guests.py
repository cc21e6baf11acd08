"""The engagement's unnamed guests one by one: whom each accompanies (seated beside them), its own label and side."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain import limits
from visitplanner.domain.enums import Side
from visitplanner.domain.values import GuestData
from visitplanner.services.reads.itinerary import AttendeeChoice

#: The most guests listed one by one; the others seat with the host side under the engagement's label.
LISTED = 200
COL_GUEST, COL_LABEL, COL_ACCOMPANIES, COL_SIDE = range(4)


class GuestsDialog(QDialog):
    """One row per unnamed guest (up to `LISTED`): label, whom they accompany, their side.

    Attributes:
        table: the rows; each row's widgets are a `QLineEdit` (label) and two `QComboBox`es.
    """

    def __init__(
        self,
        parent: QWidget | None,
        count: int,
        label: str,
        guests: Sequence[GuestData],
        companions: Sequence[AttendeeChoice],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unnamed guests")
        self.count = count
        described = {g.number: g for g in guests}
        shown = min(count, LISTED)
        intro = QLabel(
            "Say whom each guest accompanies: auto-seat puts them beside that attendee and the seating "
            "chart writes “Guest of …”. Guests who accompany nobody sit together at the end of their side."
            + (
                f" The first {LISTED} of {count} are listed; the others seat with the host side."
                if count > LISTED
                else ""
            )
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(shown, 4)
        self.table.setHorizontalHeaderLabels(["Guest", "Label", "Accompanies", "Side"])
        self.table.setAccessibleName("Unnamed guests")
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_LABEL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_ACCOMPANIES, QHeaderView.ResizeMode.Stretch)
        for row in range(shown):
            number = row + 1
            guest = described.get(number, GuestData(number))
            number_label = QLabel(f" {number}")
            self.table.setCellWidget(row, COL_GUEST, number_label)
            edit = QLineEdit(guest.label)
            edit.setMaxLength(limits.LINE)
            edit.setPlaceholderText(label.strip() or "e.g. spouse, press")
            edit.setAccessibleName(f"Label of guest {number}")
            self.table.setCellWidget(row, COL_LABEL, edit)
            whom = QComboBox()
            whom.addItem("(nobody)", None)
            for attendee in companions:
                whom.addItem(attendee.name, attendee.id)
            if guest.accompanies_attendee_id is not None and whom.findData(guest.accompanies_attendee_id) < 0:
                whom.addItem(f"attendee {guest.accompanies_attendee_id} (not attending)", guest.accompanies_attendee_id)
            whom.setCurrentIndex(max(0, whom.findData(guest.accompanies_attendee_id)))
            whom.setAccessibleName(f"Whom guest {number} accompanies")
            self.table.setCellWidget(row, COL_ACCOMPANIES, whom)
            side = QComboBox()
            for choice in (Side.HOST, Side.VISITING):
                side.addItem(choice.label, choice)
            side.setCurrentIndex(max(0, side.findData(guest.side)))
            side.setAccessibleName(f"Side of guest {number}")
            side.setToolTip("The side a guest who accompanies nobody seats with (else their companion's)")
            side.setEnabled(guest.accompanies_attendee_id is None)
            whom.currentIndexChanged.connect(lambda _i, w=whom, s=side: s.setEnabled(w.currentData() is None))
            self.table.setCellWidget(row, COL_SIDE, side)
        self.table.resizeColumnToContents(COL_GUEST)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)
        self._beyond = tuple(g for g in guests if g.number > shown)

    def row(self, number: int) -> tuple[QLineEdit, QComboBox, QComboBox]:
        """The label, companion and side widgets of guest `number`."""
        r = number - 1
        label, whom, side = (self.table.cellWidget(r, c) for c in (COL_LABEL, COL_ACCOMPANIES, COL_SIDE))
        assert isinstance(label, QLineEdit) and isinstance(whom, QComboBox) and isinstance(side, QComboBox)
        return label, whom, side

    def value(self) -> tuple[GuestData, ...]:
        """The guests with something particular (the others are left out), by number."""
        found: list[GuestData] = []
        for number in range(1, self.table.rowCount() + 1):
            label, whom, side = self.row(number)
            companion = whom.currentData()
            guest = GuestData(
                number, label.text().strip(), companion, side.currentData() if companion is None else Side.HOST
            )
            if guest != GuestData(number):
                found.append(guest)
        return (*found, *self._beyond)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        count: int,
        label: str,
        guests: Sequence[GuestData],
        companions: Sequence[AttendeeChoice],
    ) -> tuple[GuestData, ...] | None:
        """The described guests after editing, or None when cancelled."""
        dialog = cls(parent, count, label, guests, companions)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


__all__ = ["LISTED", "GuestsDialog"]
