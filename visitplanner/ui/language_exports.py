"""Choosing the language of a document in the export dialogs, and Export → Programme…."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from visitplanner.domain.languages import DocumentLanguage
from visitplanner.ui.exports import ExportDialog, _combo


def language_combo(chosen: str = DocumentLanguage.EN.value) -> QComboBox:
    """The languages documents are written in ("English", "Korean (한국어)"), `chosen` selected;
    `currentData()` is the language's code."""
    combo = QComboBox()
    for language in DocumentLanguage:
        combo.addItem(language.label, language.value)
    combo.setCurrentIndex(max(combo.findData(chosen), 0))
    return combo


def language_part(code: str) -> str:
    """The part of a file name that says the language: none for English, else its code ("ko")."""
    return "" if code in ("", DocumentLanguage.EN.value) else code


@dataclass(frozen=True)
class ProgrammeExportRequest:
    """The programme to write: the edition it shows, its language, bilingual or not, the file."""

    edition: str
    language: str
    bilingual: bool
    path: Path
    preview: bool = False  # see the pages (and print them) before the file is written


class ProgrammeExportDialog(ExportDialog[ProgrammeExportRequest]):
    """Export → Programme…: the visit's programme day by day, in English or Korean, or in both
    side by side, showing what the chosen edition may show.

    Attributes:
        edition: the editions of the visit (the Delegation edition first chosen).
        language: the document's language.
        bilingual: English and Korean side by side.
    """

    def __init__(self, parent: QWidget | None, editions: list[str], folder: Path, slug: str) -> None:
        super().__init__(parent, "Export programme", folder, slug, "pdf")
        self.edition = _combo([(name, name) for name in editions])
        self.edition.setCurrentIndex(max(self.edition.findData("Delegation"), 0))
        self.language = language_combo()
        self.bilingual = QCheckBox("&Bilingual: English and Korean side by side")
        self.file_field("PDF files (*.pdf)")
        self.form.addRow("&Edition", self.edition)
        self.form.addRow("&Language", self.language)
        self.form.addRow("", self.bilingual)
        self.form.addRow("", self.preview_field())
        self.form.addRow("&File", self.file)
        self.fields.update({"edition": self.edition, "lang": self.language, "file": self.file.edit})
        for combo in (self.edition, self.language):
            combo.currentIndexChanged.connect(self.follow_choices)
        self.bilingual.toggled.connect(self._bilingual_toggled)
        self.resize(520, 0)

    def _bilingual_toggled(self, on: bool) -> None:
        if on and self.language.currentData() == DocumentLanguage.EN.value:
            self.language.setCurrentIndex(self.language.findData(DocumentLanguage.KO.value))
        self.follow_choices()

    def name_parts(self) -> list[str]:
        language = "en-ko" if self.bilingual.isChecked() else language_part(str(self.language.currentData()))
        edition = str(self.edition.currentData() or "")
        return ["programme", "" if edition == "Delegation" else edition, language]

    def value(self) -> ProgrammeExportRequest:
        return ProgrammeExportRequest(
            str(self.edition.currentData()),
            str(self.language.currentData()),
            self.bilingual.isChecked(),
            self.file.path(),
            self.preview.isChecked(),
        )

    @classmethod
    def ask(cls, parent: QWidget | None, editions: list[str], folder: Path, slug: str) -> ProgrammeExportRequest | None:
        dialog = cls(parent, editions, folder, slug)
        return dialog.result_value() if dialog.exec() else None
