"""Import visit file: the organisations, people, venues and rooms the database already has with
other values, listed field by field; per item, keep the database's values or take the file's."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from visitplanner.services.visitfile_reconcile import ItemDifference

#: Columns of the list.
COL_ITEM, COL_DATABASE, COL_FILE = 0, 1, 2


class ReconcileDialog(QDialog):
    """One line per item that differs (ticked: the file's values replace the database's), with a
    line per differing field beneath it showing both values.

    Attributes:
        differences: the items, in the order listed.
        tree: the list.
    """

    def __init__(self, parent: QWidget | None, file_name: str, differences: Sequence[ItemDifference]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import visit file: differences")
        self.differences = tuple(differences)
        count = len(self.differences)
        intro = QLabel(
            f"{count} item{'s' if count != 1 else ''} of {file_name} {'are' if count != 1 else 'is'} already in the "
            "database with other values. Tick an item to replace the database's values by the file's; "
            "unticked items keep the database's. The rest of the file is imported either way."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Item and field", "In the database", "In the file"])
        self.tree.setAccessibleName("Differences between the file and the database")
        self.tree.setUniformRowHeights(True)
        for item in self.differences:
            top = QTreeWidgetItem([item.name, "", ""])
            top.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            top.setCheckState(COL_ITEM, Qt.CheckState.Unchecked)
            top.setToolTip(COL_ITEM, f"{item.name} ({item.key} in the file)")
            for field in item.fields:
                child = QTreeWidgetItem([field.label, field.database or "(empty)", field.file or "(empty)"])
                child.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                for column, text in ((COL_DATABASE, field.database), (COL_FILE, field.file)):
                    child.setToolTip(column, text)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
        self.tree.expandAll()
        for column in range(3):
            self.tree.resizeColumnToContents(column)

        keep_all = QPushButton("&Keep all the database's")
        keep_all.setAutoDefault(False)
        keep_all.clicked.connect(lambda: self.choose_all(False))
        take_all = QPushButton("&Take all the file's")
        take_all.setAutoDefault(False)
        take_all.clicked.connect(lambda: self.choose_all(True))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(keep_all)
        row.addWidget(take_all)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        self.resize(820, 520)

    def _top(self, index: int) -> QTreeWidgetItem:
        item = self.tree.topLevelItem(index)
        assert item is not None
        return item

    def choose(self, key: str, take_file: bool) -> None:
        """Keep the database's values for the item `key` (its JSON path), or take the file's."""
        index = next(i for i, d in enumerate(self.differences) if d.key == key)
        self._top(index).setCheckState(COL_ITEM, Qt.CheckState.Checked if take_file else Qt.CheckState.Unchecked)

    def choose_all(self, take_file: bool) -> None:
        for item in self.differences:
            self.choose(item.key, take_file)

    @property
    def choices(self) -> dict[str, bool]:
        """Item key -> True where the file's values replace the database's."""
        return {
            d.key: self._top(i).checkState(COL_ITEM) == Qt.CheckState.Checked for i, d in enumerate(self.differences)
        }

    @classmethod
    def ask(
        cls, parent: QWidget | None, file_name: str, differences: Sequence[ItemDifference]
    ) -> dict[str, bool] | None:
        """The choices, or None when the officer cancels the import."""
        dialog = cls(parent, file_name, differences)
        return dialog.choices if dialog.exec() == QDialog.DialogCode.Accepted else None
