"""The vehicle editor: label, seats, driver (an attendee), registration and notes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from visitplanner.domain.enums import Role
from visitplanner.domain.values import VehicleData
from visitplanner.services.reads.venues import DriverChoice
from visitplanner.ui.dialogs.base import FormDialog


class VehicleDialog(FormDialog[VehicleData]):
    """Edits a vehicle of the visit.

    Attributes:
        driver_combo: "(no driver)", then the visit's drivers, then its other attendees.
    """

    text_rules = VehicleData.TEXT

    def __init__(
        self,
        parent: QWidget | None,
        initial: VehicleData | None,
        drivers: Sequence[DriverChoice],
        check: Callable[[VehicleData], None] | None = None,
    ) -> None:
        super().__init__(parent, "New vehicle" if initial is None else "Edit vehicle", check)
        initial = initial or VehicleData("", 4)
        self.label_edit = QLineEdit(initial.label)
        self.label_edit.setPlaceholderText("e.g. Car 1 (Mayor)")
        self.capacity_spin = QSpinBox()
        self.capacity_spin.setRange(0, 999)
        self.capacity_spin.setSuffix(" seats")
        self.capacity_spin.setValue(initial.capacity)
        self.capacity_spin.setToolTip("Passenger seats, not counting the driver")
        self.driver_combo = QComboBox()
        self.driver_combo.addItem("(no driver)", None)
        others = [d for d in drivers if d.role is not Role.DRIVER]
        for choice in (d for d in drivers if d.role is Role.DRIVER):
            self.driver_combo.addItem(choice.name, choice.id)
        if others:
            self.driver_combo.insertSeparator(self.driver_combo.count())
            for choice in others:
                self.driver_combo.addItem(f"{choice.name} ({choice.role.label.lower()})", choice.id)
        self.driver_combo.setCurrentIndex(max(0, self.driver_combo.findData(initial.driver_attendee_id)))
        self.driver_combo.setToolTip("An attendee of the visit; those with the role driver are listed first")
        self.registration_edit = QLineEdit(initial.registration)
        self.registration_edit.setPlaceholderText("e.g. LV27 ABC")
        self.notes_edit = QPlainTextEdit(initial.notes)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMinimumHeight(70)
        for name, label, widget in (
            ("label", "&Label", self.label_edit),
            ("capacity", "&Capacity", self.capacity_spin),
            ("driver", "&Driver", self.driver_combo),
            ("registration", "&Registration", self.registration_edit),
            ("notes", "N&otes", self.notes_edit),
        ):
            self.form.addRow(label, widget)
            self.fields[name] = widget
        self.resize(440, 300)

    def value(self) -> VehicleData:
        return VehicleData(
            self.label_edit.text().strip(),
            self.capacity_spin.value(),
            self.driver_combo.currentData(),
            self.registration_edit.text().strip(),
            self.notes_edit.toPlainText().strip(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        initial: VehicleData | None,
        drivers: Sequence[DriverChoice],
        check: Callable[[VehicleData], None] | None = None,
    ) -> VehicleData | None:
        dialog = cls(parent, initial, drivers, check)
        return dialog.result_value() if dialog.exec() else None
