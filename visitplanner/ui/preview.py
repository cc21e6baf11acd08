"""See a PDF before saving it, and print it from there.

Qt's own PDF module (QtPdf, QPdfView) is not used: the PySide6-Essentials wheel ships only its type
stubs, and the PySide6-Pdf wheel exists only for Qt 6.12, which the project cannot take yet (see
pyproject.toml). Pages are rendered with PDFium (`pypdfium2`, a dependency whose wheel carries
the library) and shown as images; printing paints the same pages, rendered at the printer's
resolution, through QPrinter.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

#: Resolution of the pages shown on screen, and the most a print is rendered at.
SCREEN_DPI = 96
PRINT_DPI = 300


def page_count(data: bytes) -> int:
    import pypdfium2  # type: ignore[import-untyped]  # (no stubs or py.typed)

    document = pypdfium2.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def render_pages(data: bytes, dpi: float = SCREEN_DPI, first: int = 0, last: int | None = None) -> list[QImage]:
    """Pages `first`..`last` (all by default) of a PDF as images at `dpi`."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    images: list[QImage] = []
    try:
        stop = len(document) if last is None else min(last + 1, len(document))
        for index in range(first, stop):
            page = document[index]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True, prefer_bgrx=True)
            image = QImage(
                bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888
            ).copy()  # own the pixels: the bitmap's buffer goes with it
            images.append(image)
            bitmap.close()
            page.close()
    finally:
        document.close()
    return images


def print_pdf(data: bytes, printer: QPrinter) -> int:
    """Print every page of the PDF on `printer` (each page rendered at the printer's resolution, at
    most `PRINT_DPI`, and fitted to the printable area); returns the number of pages printed."""
    dpi = min(printer.resolution(), PRINT_DPI)
    total = page_count(data)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    try:
        for index in range(total):
            if index:
                printer.newPage()
            (image,) = render_pages(data, dpi, index, index)
            area = painter.viewport()
            scale = min(area.width() / image.width(), area.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            target = QRectF((area.width() - width) / 2, (area.height() - height) / 2, width, height)
            painter.drawImage(target, image)
    finally:
        painter.end()
    return total


class PdfPreviewDialog(QDialog):
    """A PDF shown page by page before it is saved, with Print… and Save.

    Attributes:
        data: the PDF.
        pages: the page images shown.
        print_button, save_button: Save accepts the dialog (the caller writes the file).
        printed: pages printed from here so far.
    """

    def __init__(self, parent: QWidget | None, title: str, data: bytes, save_text: str = "&Save") -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Preview: {title}")
        self.data = data
        self.printed = 0
        self.pages = render_pages(data)
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setSpacing(12)
        for number, image in enumerate(self.pages, start=1):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setAccessibleName(f"Page {number} of {len(self.pages)}")
            layout.addWidget(label)
        self.pages_area = QScrollArea()
        self.pages_area.setWidget(column)
        self.pages_area.setWidgetResizable(True)
        self.pages_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.summary = QLabel(f"{len(self.pages)} page{'' if len(self.pages) == 1 else 's'}")
        buttons = QDialogButtonBox()
        self.print_button = QPushButton("&Print…")
        self.save_button = QPushButton(save_text)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_)
        outer = QVBoxLayout(self)
        outer.addWidget(self.summary)
        outer.addWidget(self.pages_area, 1)
        outer.addWidget(buttons)
        width = self.pages[0].width() + 60 if self.pages else 600
        self.resize(min(width, 900), 760)

    def choose_printer(self, printer: QPrinter) -> bool:
        """The system's print dialog (tests replace this method)."""
        return QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted

    def print_(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        if self.choose_printer(printer):
            self.printed += print_pdf(self.data, printer)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, data: bytes, save_text: str = "&Save") -> bool:
        """Show the preview; True when the officer chose to save."""
        return cls(parent, title, data, save_text).exec() == QDialog.DialogCode.Accepted
