"""The visit's briefing-pack editions: the officer edits, adds, removes and orders them (audience,
marking, the classes each shows, its distribution list)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from visitplanner.domain.editions import DEFAULT_CLASSES, MAX_EDITIONS, Audience, EditionData
from visitplanner.domain.enums import Privacy
from visitplanner.domain.errors import UserError
from visitplanner.ui.dialogs.base import FormDialog

#: What each class brings, as the check boxes say it.
CLASS_LABELS = {
    Privacy.PUBLIC: "Public: engagements cleared for release, names and titles (always shown)",
    Privacy.INTERNAL: "Internal: the full programme and working details",
    Privacy.MOVEMENTS: "Movements: hotel, arrivals and departures, transfers, vehicles and drivers",
    Privacy.RESTRICTED: "Restricted: phones, dietary and access needs, restricted notes (numbered copies)",
}

AUDIENCE_LABELS = {
    Audience.HOST: "Host side only",
    Audience.DELEGATION: "Shared with the visiting delegation",
    Audience.PUBLIC: "Public (no marking, public information only)",
}


class EditionsDialog(FormDialog[list[EditionData]]):
    """Edits the list of a visit's editions; OK checks every edition (and, through `check`, that a
    host edition's list names nobody of the visiting side) before anything is saved.

    Attributes:
        editions: the editions as edited so far, in order.
        list: their names; the form below edits the one selected.
        add_button, remove_button, up_button, down_button: change the list (`add`, `remove`, `move_selected`).
        name, audience, marking, classes, distribution: the selected edition's fields.
    """

    text_rules = EditionData.TEXT

    def __init__(
        self,
        parent: QWidget | None,
        editions: Sequence[EditionData],
        check: Callable[[list[EditionData]], None] | None = None,
    ) -> None:
        def checked(value: list[EditionData]) -> None:
            try:
                if check is not None:
                    check(value)
            except UserError as exc:
                self._named_in(exc)
                raise

        super().__init__(parent, "Briefing editions", checked)
        self.editions = list(editions)
        self._current = -1
        intro = QLabel(
            "Each edition of the briefing pack has its audience, its protective marking, the classes of "
            "information it shows and who receives it. An edition showing restricted information numbers "
            "its copies, one per person on its list."
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)

        self.list = QListWidget()
        self.list.setMaximumHeight(110)
        self.add_button = QPushButton("&Add")
        self.remove_button = QPushButton("&Remove")
        self.up_button = QPushButton("Move &up")
        self.down_button = QPushButton("Move d&own")
        buttons = QVBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        box = QWidget()
        box.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        self.form.addRow("&Editions", box)
        self.fields["editions"] = self.list

        self.name = QLineEdit()
        self.audience = QComboBox()
        for audience in Audience:
            self.audience.addItem(AUDIENCE_LABELS[audience], audience.value)
        self.marking = QLineEdit()
        self.marking.setPlaceholderText("e.g. OFFICIAL-SENSITIVE; empty: no marking")
        self.classes: dict[Privacy, QCheckBox] = {}
        classes_box = QWidget()
        column = QVBoxLayout(classes_box)
        column.setContentsMargins(0, 0, 0, 0)
        for privacy in Privacy:
            check_box = QCheckBox(CLASS_LABELS[privacy])
            self.classes[privacy] = check_box
            column.addWidget(check_box)
        self.classes[Privacy.PUBLIC].setChecked(True)
        self.classes[Privacy.PUBLIC].setEnabled(False)
        self.distribution = QPlainTextEdit()
        self.distribution.setPlaceholderText(
            "One recipient per line, in copy order.\n"
            "Empty: the audience's attendees (host edition: hosts and staff; delegation: the visiting side)."
        )
        self.distribution.setMaximumHeight(120)
        self.form.addRow("&Name", self.name)
        self.form.addRow("A&udience", self.audience)
        self.form.addRow("&Marking", self.marking)
        self.form.addRow("Shows", classes_box)
        self.form.addRow("&Distribution", self.distribution)
        self.fields.update(
            {
                "name": self.name,
                "audience": self.audience,
                "marking": self.marking,
                "classes": classes_box,
                "distribution": self.distribution,
            }
        )

        self.list.currentRowChanged.connect(self._select)
        self.name.textEdited.connect(self._rename)
        self.audience.currentIndexChanged.connect(self._audience_changed)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self._fill_list(0 if self.editions else -1)
        self.resize(640, 0)

    # -- the list --------------------------------------------------------------------------------
    def _fill_list(self, select: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for edition in self.editions:
            self.list.addItem(edition.name or "(unnamed)")
        self.list.blockSignals(False)
        self._current = -1
        if select >= 0:
            self.list.setCurrentRow(select)  # loads it into the form
        self._follow()

    def _follow(self) -> None:
        row = self.list.currentRow()
        has = row >= 0
        for widget in (self.name, self.audience, self.marking, self.distribution, *self.classes.values()):
            widget.setEnabled(has)
        self.classes[Privacy.PUBLIC].setEnabled(False)
        self.remove_button.setEnabled(has and len(self.editions) > 1)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(has and row < len(self.editions) - 1)
        self.add_button.setEnabled(len(self.editions) < MAX_EDITIONS)
        if has:
            self._audience_follow()

    def _select(self, row: int) -> None:
        self._store()
        self._current = row
        if 0 <= row < len(self.editions):
            self._load(self.editions[row])
        self._follow()

    def _rename(self, text: str) -> None:
        item = self.list.currentItem()
        if item is not None:
            item.setText(text.strip() or "(unnamed)")

    def add(self) -> None:
        """A new edition (shared with the delegation, to start with) at the end, selected."""
        self._store()
        taken = {e.name.casefold() for e in self.editions}
        number = 1
        while f"new edition {number}" in taken:
            number += 1
        self.editions.append(
            EditionData(f"New edition {number}", Audience.DELEGATION, "OFFICIAL", DEFAULT_CLASSES[Audience.DELEGATION])
        )
        self._current = -1
        self._fill_list(len(self.editions) - 1)
        self.name.setFocus()
        self.name.selectAll()

    def remove(self) -> None:
        row = self.list.currentRow()
        if row < 0 or len(self.editions) <= 1:
            return
        del self.editions[row]
        self._current = -1
        self._fill_list(min(row, len(self.editions) - 1))

    def move_selected(self, step: int) -> None:
        row = self.list.currentRow()
        other = row + step
        if row < 0 or not 0 <= other < len(self.editions):
            return
        self._store()
        self.editions[row], self.editions[other] = self.editions[other], self.editions[row]
        self._current = -1
        self._fill_list(other)

    # -- the form --------------------------------------------------------------------------------
    def _load(self, edition: EditionData) -> None:
        self.name.setText(edition.name)
        self.audience.blockSignals(True)
        self.audience.setCurrentIndex(self.audience.findData(edition.audience.value))
        self.audience.blockSignals(False)
        self.marking.setText(edition.marking)
        for privacy, box in self.classes.items():
            box.setChecked(privacy in edition.classes or privacy is Privacy.PUBLIC)
        self.distribution.setPlainText("\n".join(edition.distribution))

    def _edited(self) -> EditionData:
        """The form as an edition (not yet checked)."""
        audience = Audience(self.audience.currentData())  # Qt hands the StrEnum back as its str
        lines = tuple(line.strip() for line in self.distribution.toPlainText().splitlines() if line.strip())
        classes = frozenset(p for p, box in self.classes.items() if box.isChecked()) | {Privacy.PUBLIC}
        return EditionData(self.name.text().strip(), audience, self.marking.text().strip(), classes, lines)

    def _store(self) -> None:
        if 0 <= self._current < len(self.editions):
            self.editions[self._current] = self._edited()

    def _audience_changed(self) -> None:
        if self.audience.currentData() == Audience.PUBLIC.value:  # a public edition: public information, no marking
            self.marking.clear()
            for privacy, box in self.classes.items():
                box.setChecked(privacy is Privacy.PUBLIC)
        self._audience_follow()

    def _audience_follow(self) -> None:
        public = self.audience.currentData() == Audience.PUBLIC.value
        self.marking.setEnabled(not public)
        for privacy, box in self.classes.items():
            box.setEnabled(privacy is not Privacy.PUBLIC and not public)

    # -- the value -------------------------------------------------------------------------------
    def value(self) -> list[EditionData]:
        """Every edition, each checked; the first refused is selected so its field can be shown."""
        self._store()
        for row, edition in enumerate(self.editions):
            try:
                edition.validate()
            except UserError:
                self._show_row(row)
                raise
        return list(self.editions)

    def _show_row(self, row: int) -> None:
        if self.list.currentRow() != row:
            self.list.setCurrentRow(row)

    def _named_in(self, exc: UserError) -> None:
        """Select the edition a refusal names ("... of the Host edition: ...", "two editions are called 'X'")."""
        for row, edition in enumerate(self.editions):
            if f"the {edition.name} edition" in str(exc) or repr(edition.name.strip()) in str(exc):
                self._show_row(row)
                return

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        editions: Sequence[EditionData],
        check: Callable[[list[EditionData]], None] | None = None,
    ) -> list[EditionData] | None:
        dialog = cls(parent, editions, check)
        dialog.list.setFocus(Qt.FocusReason.OtherFocusReason)
        return dialog.result_value() if dialog.exec() else None
