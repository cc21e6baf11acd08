"""A PDF written from the GUI, with or without a preview: built once in the background, shown page
by page when the officer asked for a preview, and on Save the very bytes shown written to the file
(atomically) — never built a second time, so the file is the document the officer looked at.

Each export (itinerary, programme, sheets, briefing pack, seating chart and lists) states only what
differs, as a `PdfExport`; `export_pdf` does the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtWidgets import QWidget

from visitplanner.domain.work import Cancelled, Progress
from visitplanner.ui.tasks import BackgroundTask, Unit

if TYPE_CHECKING:
    from visitplanner.exporters.pdf_page import PreparedPdf
    from visitplanner.store.database import Session

#: Told of each field printed with gaps (characters no font has, names missing in a language).
Warn = Callable[[str], None]
#: Runs a unit of work in the background: (progress title, work, done, unit) -> the task.
Runner = Callable[
    [str, Callable[["Session", Progress, Cancelled], Any], Callable[[Any], None], Unit], BackgroundTask[Any]
]


class Prepare(Protocol):
    """Builds the PDF to be written to `target` (refused before the build if it must not be
    replaced): `prepare_itinerary` and the like, given the export's choices."""

    def __call__(
        self, session: Session, *, target: Path, progress: Progress, cancelled: Cancelled, warn: Warn
    ) -> PreparedPdf: ...


@dataclass(frozen=True)
class PdfExport:
    """What one PDF export states; the rest is `export_pdf`'s.

    Attributes:
        what: the document in messages ("the itinerary": "Writing the itinerary…", "Wrote the itinerary to …").
        path: the file it goes to.
        prepare: builds it (`prepare_itinerary` and the like, given the export's choices).
        preview: show it before it is written (Save writes it; Cancel writes nothing).
        title: the preview's title (empty: the file's name).
        save_text: the preview's Save button.
        record: a record kept with the file (the briefing pack's issue), or None. Called in the unit
            of work the file is written in (a write: rolled back if the file cannot be written), and
            before a preview in a dry run (rolled back), as `record(session, previewed)`: `previewed`
            is None, or on Save what the preview's call returned first, which the record must still
            match (else it raises a `UserError`: another officer changed the visit meanwhile). It
            returns (what the document shows of the record, what `done` is given).
    """

    what: str
    path: Path
    prepare: Prepare
    preview: bool = False
    title: str = ""
    save_text: str = "&Save"
    record: Callable[[Session, object | None], tuple[object, Any]] | None = None


def export_pdf(
    job: PdfExport,
    parent: QWidget,
    run: Runner,
    done: Callable[[Any, list[str]], None],
) -> BackgroundTask[Any]:
    """Build `job`'s PDF in the background with `run`; with a preview, show it and on Save write
    those bytes (in the background too); without, write it at once. `done(result, warnings)` once
    the file is written (`result`: the record's, else None; `warnings`: what the build reported).
    Returns the first task `run` started."""
    warnings: list[str] = []
    unit: Unit = "writes" if job.record is not None else "reads"

    def build(session: Session, progress: Progress, cancelled: Cancelled) -> tuple[object, Any, PreparedPdf]:
        shows, result = job.record(session, None) if job.record is not None else (None, None)
        pdf = job.prepare(session, target=job.path, progress=progress, cancelled=cancelled, warn=warnings.append)
        return shows, result, pdf

    def written(result: Any) -> None:
        done(result, warnings)

    if not job.preview:

        def work(session: Session, progress: Progress, cancelled: Cancelled) -> Any:
            _shows, result, pdf = build(session, progress, cancelled)
            pdf.write(job.path)
            return result

        return run(f"Writing {job.what}…", work, written, unit)

    def show(built: tuple[object, Any, PreparedPdf]) -> None:
        from visitplanner.ui.preview import PdfPreviewDialog

        shows, _result, pdf = built
        if not PdfPreviewDialog.ask(parent, job.title or job.path.name, pdf.data, job.save_text):
            return  # the officer cancelled: nothing is written

        def save(session: Session, progress: Progress, cancelled: Cancelled) -> Any:
            result = job.record(session, shows)[1] if job.record is not None else None
            pdf.write(job.path)  # the bytes previewed, not a second build
            return result

        run(f"Saving {job.what}…", save, written, unit)

    return run("Preparing the preview…", build, show, "dry run" if job.record is not None else "reads")
