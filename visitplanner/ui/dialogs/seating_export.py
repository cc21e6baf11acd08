"""Seating window → Export…: the seating chart, place cards in seat order or the table list for the door."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from visitplanner.ui.exports import ExportDialog

#: What the Seating window exports: (key, label).
SEATING_EXPORTS = [
    ("chart", "Seating chart (the room to scale, for the easel)"),
    ("placecards", "Place cards in seat order (folded tent cards)"),
    ("doorlist", "Table list for the door (alphabetical: name → table)"),
]


@dataclass(frozen=True)
class SeatingExportRequest:
    """What to write: `kind` (chart, placecards, doorlist), the chart's paper and edition, the file."""

    kind: str
    paper: str
    restricted: bool
    path: Path
    preview: bool = False  # see the pages (and print them) before the file is written


class SeatingExportDialog(ExportDialog[SeatingExportRequest]):
    """Choose what to export for one engagement's plan, and where.

    Attributes:
        kind: chart, place cards or door list.
        paper: A4 or A3 (the chart only).
        restricted: the chart's restricted edition, with dietary needs marked at seats.
    """

    def __init__(self, parent: QWidget | None, folder: Path, slug: str, title: str, kind: str = "chart") -> None:
        super().__init__(parent, f"Export seating — {title}", folder, slug, "pdf")
        self._title = title
        self.kind = QComboBox()
        for key, label in SEATING_EXPORTS:
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.paper = QComboBox()
        self.paper.addItem("A4 landscape", "a4")
        self.paper.addItem("A3 landscape", "a3")
        self.restricted = QCheckBox("Mark dietary needs at seats (restricted edition)")
        self.file_field("PDF files (*.pdf)")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.paper.currentIndexChanged.connect(self.follow_choices)
        self.restricted.toggled.connect(self.follow_choices)
        self.form.addRow("&Export", self.kind)
        self.form.addRow("&Paper", self.paper)
        self.form.addRow("", self.restricted)
        self.form.addRow("", self.preview_field())
        self.form.addRow("&File", self.file)
        self.fields.update({"kind": self.kind, "file": self.file.edit})
        self._kind_changed()
        self.resize(560, 0)

    def _is_chart(self) -> bool:
        return bool(self.kind.currentData() == "chart")

    def _kind_changed(self) -> None:
        for widget in (self.paper, self.restricted):
            widget.setEnabled(self._is_chart())
        self.follow_choices()

    def name_parts(self) -> list[str]:
        kind = str(self.kind.currentData())
        words = {"chart": "seating-chart", "placecards": "place-cards", "doorlist": "table-list"}[kind]
        chart = self._is_chart()
        return [
            self._title,
            words,
            str(self.paper.currentData()) if chart and self.paper.currentData() != "a4" else "",
            "restricted" if chart and self.restricted.isChecked() else "",
        ]

    def value(self) -> SeatingExportRequest:
        chart = self._is_chart()
        return SeatingExportRequest(
            str(self.kind.currentData()),
            str(self.paper.currentData()) if chart else "a4",
            chart and self.restricted.isChecked(),
            self.file.path(),
            self.preview.isChecked(),
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None, folder: Path, slug: str, title: str, kind: str = "chart"
    ) -> SeatingExportRequest | None:
        dialog = cls(parent, folder, slug, title, kind)
        return dialog.result_value() if dialog.exec() else None
