"""The person editor: every field, the live name preview, restricted tags and refusals."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import NameOrder
from visitplanner.domain.values import PersonData
from visitplanner.services.people import create_person, update_person
from visitplanner.store.models import Person
from visitplanner.ui.dialogs.person import PersonDialog
from visitplanner.ui.workspace import Workspace

ORGANISATIONS = [(1, "Busan Metropolitan City"), (2, "University of Liverpool")]


def dialog_for(qtbot: QtBot, initial: PersonData | None = None, **kwargs: object) -> PersonDialog:
    dialog = PersonDialog(None, initial, ORGANISATIONS, **kwargs)  # type: ignore[arg-type]
    qtbot.add_widget(dialog)
    return dialog


def test_live_name_preview(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    assert "Type a family name" in dialog.preview_text()
    qtbot.keyClicks(dialog.family_name, "Park")
    qtbot.keyClicks(dialog.given_names, "Heong-Joon")
    assert "In lists: Heong-Joon Park" in dialog.preview_text()
    dialog.name_order.setCurrentIndex(dialog.name_order.findData(NameOrder.FAMILY_FIRST))
    dialog.native_name.setText("박형준")
    assert "In lists: Park Heong-Joon (박형준)" in dialog.preview_text()
    qtbot.keyClicks(dialog.honorific, "Mayor")
    qtbot.keyClicks(dialog.form_of_address, "His Honour")
    text = dialog.preview_text()
    assert "Formally: Mayor Park Heong-Joon" in text and "Addressed as: His Honour" in text
    assert "Park Heong-Joon" in dialog.romanised_name.placeholderText()
    qtbot.keyClicks(dialog.romanised_name, "Pak Hyeong-jun")
    assert "Formally: Mayor Pak Hyeong-jun" in dialog.preview_text()


def test_preview_escapes_markup(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    dialog.family_name.setText("<b>Smith</b> & Sons")
    assert "In lists: <b>Smith</b> & Sons" in dialog.preview_text()


def test_every_field_reaches_the_value(qtbot: QtBot) -> None:
    data = PersonData(
        "Kim",
        "Min-seo",
        "김민서",
        "Kim Minseo",
        NameOrder.FAMILY_FIRST,
        "Ms",
        "Madam",
        "Director-General",
        2,
        "ms.kim@busan.example",
        "+82 51 000 0002",
        "ko, en",
        "No pork",
        "Step-free routes",
        "Leads innovation policy.",
        "Prefers morning meetings.",
    )
    dialog = dialog_for(qtbot, data)
    assert dialog.windowTitle() == "Edit person"
    assert dialog.value() == data
    assert dialog.value().name_order is NameOrder.FAMILY_FIRST  # an enum member, not Qt's plain string
    dialog.accept()
    assert dialog.result_value() == data


def test_restricted_fields_are_tagged(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    tagged = {label.parentWidget().findChild(QLabel).buddy() for label in dialog.findChildren(QLabel, "restrictedTag")}
    assert tagged == {dialog.phone, dialog.dietary, dialog.access_needs, dialog.notes}
    assert "never the reason" in dialog.dietary.placeholderText()


def test_bad_email_is_refused_with_the_field_highlighted(qtbot: QtBot, workspace: Workspace) -> None:
    def count() -> int:
        return workspace.read(lambda s: s.scalar(select(func.count()).select_from(Person)) or 0)

    before = count()
    dialog = dialog_for(qtbot, check=lambda v: workspace.check(lambda s: create_person(s, v)))
    qtbot.keyClicks(dialog.family_name, "Yoon")
    qtbot.keyClicks(dialog.email, "yoon-at-example")
    dialog.accept()
    assert dialog.result_value() is None
    assert dialog.invalid_field() == "email"
    assert dialog.error_label.text().startswith("Email: ") and not dialog.error_label.isHidden()
    assert count() == before
    dialog.email.setText("yoon@example.org")
    dialog.accept()
    assert dialog.result_value() is not None
    assert count() == before  # the dialog only dry-runs the service


def test_empty_family_name_is_refused(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot)
    qtbot.keyClicks(dialog.given_names, "Aisha")
    dialog.accept()
    assert dialog.result_value() is None
    assert dialog.invalid_field() == "family_name"


def test_the_services_refusal_shows_in_the_banner(qtbot: QtBot, workspace: Workspace) -> None:
    person_id = workspace.execute(lambda s: create_person(s, PersonData("Yoon"))).created_id(Entity.PERSON)
    stale_version = 0
    dialog = dialog_for(
        qtbot,
        PersonData("Yoon"),
        check=lambda v: workspace.check(lambda s: update_person(s, person_id, v, expected_version=stale_version)),
    )
    dialog.accept()
    assert dialog.result_value() is None
    assert "changed by someone else" in dialog.error_label.text()


def test_line_edits_take_the_domain_limits_in_characters(qtbot: QtBot) -> None:
    """Typing stops at the field's limit, counted in characters as the domain and the database
    count them: a stored name of emoji or rare CJK is not cut when the dialog opens."""
    astral = "\U00020000" * 150  # 150 characters, 300 UTF-16 units
    dialog = dialog_for(qtbot, PersonData("Park", native_name=astral))
    dialog.show()
    qtbot.wait_exposed(dialog)
    assert dialog.native_name.text() == astral
    dialog.native_name.end(False)
    for _ in range(60):  # typed one at a time (QTest.keyClicks takes Latin-1 only)
        dialog.native_name.insert("\U0001f600")
    assert len(dialog.native_name.text()) == PersonData.TEXT["native_name"].limit == 200
    dialog.email.setText("")
    qtbot.keyClicks(dialog.email, "x" * 250)
    assert len(dialog.email.text()) == PersonData.TEXT["email"].limit
    assert dialog.value().native_name.startswith(astral)
