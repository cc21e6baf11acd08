"""The Gifts tab: the register both ways, the gift editor, undo and the export."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import GiftStatus
from visitplanner.domain.errors import UserError
from visitplanner.domain.values import GiftData
from visitplanner.services.gifts import gift_choices
from visitplanner.ui import messages
from visitplanner.ui.gifts import GiftDialog, GiftsTab, parse_amount
from visitplanner.ui.workspace import Workspace


@pytest.fixture
def tab(qtbot: QtBot, workspace: Workspace, demo_visit_id: int) -> GiftsTab:
    page = GiftsTab(workspace)
    qtbot.add_widget(page)
    page.set_visit(demo_visit_id)
    return page


def cells(tab: GiftsTab) -> list[list[str]]:
    return [
        [str(tab.proxy.index(r, c).data()) for c in range(tab.model.columnCount())] for r in range(tab.proxy.rowCount())
    ]


def test_the_register_shows_the_mou_exchange_both_ways(tab: GiftsTab) -> None:
    assert cells(tab) == [
        [
            "MOU signing ceremony",
            "Park Heong-Joon (박형준)",
            "Steve Rotheram",
            "Celadon vase (Goryeo-style, in a paulownia box)",
            "KRW 450,000",
            "Planned",
        ],
        [
            "MOU signing ceremony",
            "Steve Rotheram",
            "Park Heong-Joon (박형준)",
            "Liver Bird sculpture (silver-plated, on a slate base)",
            "GBP 120.00",
            "Bought",
        ],
    ]
    assert tab.summary.text() == "2 gifts"


def test_the_dialog_gives_back_each_demo_gift_unchanged(
    qtbot: QtBot, tab: GiftsTab, workspace: Workspace, demo_visit_id: int
) -> None:
    choices = workspace.read(lambda s: gift_choices(s, demo_visit_id))
    for row in tab.model.rows():
        dialog = GiftDialog(None, choices, row.data)
        qtbot.add_widget(dialog)
        assert dialog.value() == row.data
    assert parse_amount("1,200.5", "GBP") == 120050 and parse_amount("450000", "KRW") == 450000
    with pytest.raises(UserError, match=r"value: '12\.345' is not an amount in GBP"):
        parse_amount("12.345", "GBP")


def test_new_edit_delete_and_undo(tab: GiftsTab, workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    park, rotheram = (
        r for r in tab.model.rows()[0:1] for r in (r.data.giver_attendee_id, r.data.recipient_attendee_id)
    )
    new = GiftData("Scarf", giver_attendee_id=rotheram, recipient_attendee_id=park, value=4500)
    monkeypatch.setattr(GiftDialog, "ask", classmethod(lambda cls, *a, **k: new))
    tab.new_button.click()
    assert [r.data.description for r in tab.model.rows()][-1] == "Scarf"
    scarf = next(r for r in tab.model.rows() if r.data.description == "Scarf")
    tab.select_gift(scarf.id)
    monkeypatch.setattr(
        GiftDialog,
        "ask",
        classmethod(lambda cls, parent, choices, initial, **k: replace(initial, status=GiftStatus.PRESENTED)),
    )
    tab.edit_button.click()
    assert next(r for r in tab.model.rows() if r.id == scarf.id).data.status is GiftStatus.PRESENTED
    monkeypatch.setattr(messages, "ask_yes_no", lambda *a, **k: True)
    tab.select_gift(scarf.id)
    tab.delete_button.click()
    assert tab.model.rowCount() == 2
    workspace.undo_stack.undo()
    assert tab.model.rowCount() == 3
    workspace.undo_stack.undo()
    workspace.undo_stack.undo()
    assert tab.model.rowCount() == 2


def test_export_writes_the_chosen_format(tab: GiftsTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "register.csv"
    monkeypatch.setattr(tab, "ask_export_path", lambda: target)
    assert tab.export_register() == target
    assert "Liver Bird" in target.read_text(encoding="utf-8-sig")


def test_undoing_an_attendees_removal_gives_back_their_gifts_and_flights(
    qtbot: QtBot, tab: GiftsTab, workspace: Workspace, demo_visit_id: int
) -> None:
    """Remove the Mayor of Busan from the visit and undo it: the register names him as the vase's
    giver and the book's recipient again, and he is back on both flights."""
    from sqlalchemy import select

    from visitplanner.services.reads.travel import read_legs
    from visitplanner.store.models import Attendee, Person
    from visitplanner.ui.commands.attendees import RemoveAttendeeCommand

    park = workspace.read(
        lambda s: s.scalars(
            select(Attendee.id).join(Person).where(Attendee.visit_id == demo_visit_id, Person.family_name == "Park")
        ).one()
    )

    def parties() -> set[tuple[str, str]]:
        return {(r.giver, r.recipient) for r in tab.model.rows()}

    def flights_of_park() -> list[str]:
        return [leg.data.number for leg in workspace.read(lambda s: read_legs(s, demo_visit_id, park))]

    before, flights = parties(), flights_of_park()
    assert any(giver.startswith("Park Heong-Joon") for giver, _ in before) and flights == ["KE 9021", "KE 9022"]
    assert workspace.push(RemoveAttendeeCommand(workspace, park, "Park Heong-Joon"))
    assert not any("Park" in giver + recipient for giver, recipient in parties())
    workspace.undo_stack.undo()
    assert parties() == before
    park = workspace.ids.resolve(Entity.ATTENDEE, park)
    assert flights_of_park() == flights


@pytest.mark.parametrize("save", [True, False])
def test_the_pdf_register_is_previewed_and_printed_before_it_is_saved(
    tab: GiftsTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, save: bool
) -> None:
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QDialog

    from visitplanner.ui.preview import PdfPreviewDialog

    target, printed = tmp_path / "register.pdf", tmp_path / "printed.pdf"

    def to_pdf(self: PdfPreviewDialog, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    shown: list[PdfPreviewDialog] = []

    def exec_(self: PdfPreviewDialog) -> int:
        shown.append(self)
        assert not target.exists()
        self.print_button.click()
        return QDialog.DialogCode.Accepted if save else QDialog.DialogCode.Rejected

    monkeypatch.setattr(tab, "ask_export_path", lambda: target)
    monkeypatch.setattr(PdfPreviewDialog, "choose_printer", to_pdf)
    monkeypatch.setattr(PdfPreviewDialog, "exec", exec_)
    assert tab.export_register() == (target if save else None)
    assert len(shown) == 1 and "Liver Bird" in PdfReader(io.BytesIO(shown[0].data)).pages[0].extract_text()
    assert shown[0].printed == len(PdfReader(printed).pages) >= 1
    assert target.exists() == save


def test_the_pdf_register_saved_is_the_one_previewed_built_once(
    tab: GiftsTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QDialog

    import visitplanner.exporters.gifts as gifts
    from visitplanner.ui.preview import PdfPreviewDialog

    target = tmp_path / "register.pdf"
    target.write_bytes(b"an older register")
    real, builds = gifts.register_pdf, []

    def counted(*args: object, **kwargs: object) -> object:
        builds.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    shown: list[bytes] = []

    def exec_(self: PdfPreviewDialog) -> int:
        shown.append(self.data)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(gifts, "register_pdf", counted)
    monkeypatch.setattr(tab, "ask_export_path", lambda: target)
    monkeypatch.setattr(PdfPreviewDialog, "exec", exec_)
    assert tab.export_register() == target
    assert len(shown) == 1 and len(builds) == 1
    assert target.read_bytes() == shown[0]
