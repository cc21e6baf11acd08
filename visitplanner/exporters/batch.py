"""Many documents in one step into a folder: every personal itinerary, or every driver sheet, one
file per person (or vehicle), named safely; all names are checked before anything is written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from visitplanner.domain.enums import Role
from visitplanner.domain.errors import UserError
from visitplanner.domain.filenames import export_file_name
from visitplanner.domain.work import WorkCancelled
from visitplanner.exporters.files import check_export_target, sqlite_files
from visitplanner.exporters.pdf_glyphs import Warn
from visitplanner.exporters.pdf_page import write_pdf
from visitplanner.store.models import Visit
from visitplanner.store.queries import attendees_of


@dataclass(frozen=True)
class BatchFile:
    """One file of a batch: whom it is for, where it went, how many pages."""

    who: str
    path: Path
    pages: int


def _folder(folder: Path | str) -> Path:
    path = Path(folder)
    if path.exists() and not path.is_dir():
        raise UserError(f"folder: {path} is a file, not a folder", field="folder")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _unique(names: list[str]) -> list[str]:
    """File names made unique ("-2", "-3" before the extension) where two people share one."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        key = name.casefold()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            stem, dot, ext = name.rpartition(".")
            name = f"{stem}-{seen[key]}{dot}{ext}"
        out.append(name)
    return out


def _check_targets(session: Session, paths: list[Path], force: bool) -> None:
    keep = sqlite_files(session)
    for path in paths:
        check_export_target(path, keep)
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        names = ", ".join(p.name for p in existing[:3]) + (" …" if len(existing) > 3 else "")
        raise UserError(
            f"folder: {len(existing)} of the files already exist ({names}): choose another folder or replace them",
            field="folder",
        )


def write_itineraries(
    session: Session,
    visit_id: int,
    folder: Path | str,
    *,
    now: datetime,
    force: bool = False,
    language: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    warn: Warn | None = None,
) -> list[BatchFile]:
    """Every attendee's personal itinerary (each in `language`, "en" or "ko"; None: each attendee's
    own document language) (drivers have driver sheets instead), one file each:
    "busan-liverpool-itinerary-park-heong-joon.pdf". Existing files are refused unless `force`."""
    from visitplanner.exporters.itinerary import build_itinerary

    visit = session.get(Visit, visit_id)
    if visit is None:
        raise UserError(f"visit: there is no visit with id {visit_id}", field="visit")
    people = [a for a in attendees_of(session, visit_id) if a.role is not Role.DRIVER]
    target = _folder(folder)
    names = _unique(
        [
            export_file_name(
                visit.slug, "itinerary", a.person.name.romanised or a.person.name.native_name, extension="pdf"
            )
            for a in people
        ]
    )
    paths = [target / name for name in names]
    _check_targets(session, paths, force)
    written: list[BatchFile] = []
    for index, (attendee, path) in enumerate(zip(people, paths, strict=True)):
        if cancelled is not None and cancelled():
            raise WorkCancelled("the export was cancelled")
        if progress is not None:
            progress(index, len(people))
        data = build_itinerary(
            session, visit_id, attendee.id, now=now, cancelled=cancelled, warn=warn, language=language
        )
        write_pdf(path, data, private=True, keep=sqlite_files(session))
        written.append(BatchFile(attendee.person.name.display, path, _pages(data)))
    if progress is not None:
        progress(len(people), len(people))
    return written


def write_driver_sheets(
    session: Session,
    visit_id: int,
    folder: Path | str,
    *,
    now: datetime,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    warn: Warn | None = None,
) -> list[BatchFile]:
    """One driver sheet per vehicle, named after its driver (or the vehicle when it has none)."""
    from visitplanner.exporters.sheets import build_driver_sheets_each

    visit = session.get(Visit, visit_id)
    if visit is None:
        raise UserError(f"visit: there is no visit with id {visit_id}", field="visit")
    sheets = build_driver_sheets_each(session, visit_id, now=now, cancelled=cancelled, warn=warn)
    target = _folder(folder)
    names = _unique(
        [
            export_file_name(visit.slug, "driver-sheet", driver or vehicle, extension="pdf")
            for vehicle, driver, _, _ in sheets
        ]
    )
    paths = [target / name for name in names]
    _check_targets(session, paths, force)
    written: list[BatchFile] = []
    for index, ((vehicle, driver, data, pages), path) in enumerate(zip(sheets, paths, strict=True)):
        if progress is not None:
            progress(index, len(sheets))
        write_pdf(path, data, private=True, keep=sqlite_files(session))
        written.append(BatchFile(f"{driver} ({vehicle})" if driver else vehicle, path, pages))
    if progress is not None:
        progress(len(sheets), len(sheets))
    return written


def _pages(data: bytes) -> int:
    """The page count reportlab wrote into the PDF's page tree."""
    import re

    found = re.search(rb"/Count (\d+) /Kids \[[^\]]*\] /Type /Pages", data)
    return int(found.group(1)) if found else 0
