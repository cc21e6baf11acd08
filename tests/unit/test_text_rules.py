"""The text rules: one source for the checks and the columns, and text made safe for a terminal."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date
from typing import Any

import pytest
from sqlalchemy import String, Text

from tests.hostile import CHARACTERS
from visitplanner.domain import limits
from visitplanner.domain.enums import Role, Side
from visitplanner.domain.errors import UserError
from visitplanner.domain.formatting import fit, printable
from visitplanner.domain.values import (
    AttendeeData,
    EngagementData,
    GiftData,
    OrganisationData,
    PersonData,
    RoomData,
    TaskData,
    TravelLegData,
    VehicleData,
    VenueData,
    VisitData,
)
from visitplanner.store.models import (
    Attendee,
    Base,
    Engagement,
    Gift,
    Organisation,
    Person,
    ReadinessTask,
    Room,
    TravelLeg,
    Vehicle,
    Venue,
    Visit,
)

DAY = date(2027, 5, 11)
#: Explicit bidi embeddings, overrides and isolates: they reorder the text that follows them.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
PAIRS: list[tuple[Any, type[Base]]] = [
    (OrganisationData, Organisation),
    (VisitData, Visit),
    (PersonData, Person),
    (AttendeeData, Attendee),
    (VenueData, Venue),
    (RoomData, Room),
    (VehicleData, Vehicle),
    (EngagementData, Engagement),
    (TravelLegData, TravelLeg),
    (TaskData, ReadinessTask),
    (GiftData, Gift),
]


@pytest.mark.parametrize(("values", "model"), PAIRS, ids=[m.__name__ for _, m in PAIRS])
def test_every_text_field_has_a_rule_its_column_can_hold(values: Any, model: type[Base]) -> None:
    """A String(n) column is exactly as long as its field's limit; longer text goes in Text."""
    text_fields = {f.name for f in fields(values) if f.type in ("str", str)}
    assert set(values.TEXT) == text_fields, "every text field of the value needs a rule"
    columns = model.__table__.columns  # type: ignore[attr-defined]
    for name, rule in values.TEXT.items():
        column_type = columns[name].type
        if isinstance(column_type, Text):
            continue
        assert isinstance(column_type, String), name
        assert column_type.length == rule.limit, f"{model.__name__}.{name}: column {column_type.length}, rule {rule}"
        assert not rule.multiline, f"{model.__name__}.{name}: a multi-line field in a one-line column"


def test_the_issue_recorder_column_holds_a_line() -> None:
    from visitplanner.store.models import BriefingIssue

    assert BriefingIssue.__table__.columns["issued_by"].type.length == limits.LINE  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("value", "multiline", "fragment"),
    [
        ("a\x00b", True, "a control character (U+0000) at character 2"),
        ("a\x1b[2J", False, "a control character (U+001B)"),
        ("a\x7f", False, "U+007F"),
        ("a\x85", True, "U+0085"),
        ("a\nb", False, "a line break (U+000A) at character 2 (it must be one line)"),
        ("a\tb", False, "a tab (U+0009)"),
        ("a\u2028b", False, "a line break (U+2028)"),
        ("a\ud800", True, "an unpaired surrogate (U+D800)"),
    ],
)
def test_refused_characters_are_named(value: str, multiline: bool, fragment: str) -> None:
    with pytest.raises(UserError) as info:
        limits.check_text(value, "email", 200, multiline=multiline)
    assert info.value.field == "email"
    assert info.value.message.startswith("email: ")
    assert fragment in info.value.message


@pytest.mark.parametrize("value", ["a\nb", "a\r\nb", "a\tb", "a\u2029b", "\u202eabc", "😀" * 5, "e\u0301"])
def test_multiline_text_keeps_line_breaks_and_tabs(value: str) -> None:
    assert limits.check_text(value, "notes", 10, multiline=True) == value


def test_length_is_counted_in_characters() -> None:
    assert limits.check_text("😀" * 80, "country", limits.COUNTRY) == "😀" * 80
    with pytest.raises(UserError, match="country: is 81 characters long, at most 80"):
        OrganisationData("Busan", country="x" * 81).validate()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (PersonData("Park", email="x" * 190 + "@example.org"), "email"),
        (PersonData("Park", email="mayor\x00@busan.example"), "email"),
        (PersonData("Park", email="mayor@busan.example\n"), "email"),
        (PersonData("Park", phone="+44\x1b[8m 151"), "phone"),
        (PersonData("Park", phone="1" * 201), "phone"),
        (PersonData("Park", languages=",".join(f"l{i:02}" for i in range(60))), "languages"),
        (VenueData("Hall", "H", site_contact="x" * 201), "site_contact"),
        (VenueData("Hall", "H\n"), "code"),
        (VisitData("Visit", "busan\n", DAY, DAY), "slug"),
        (
            VisitData("Visit", "busan", date(2027, 5, 11), date(2027, 5, 11), local_time_zone="😀" * 64),
            "local_time_zone",
        ),
        (AttendeeData(1, Side.HOST, Role.HOST, precedence=2**31), "precedence"),
    ],
)
def test_values_refuse_what_a_database_could_not_hold(data: Any, field: str) -> None:
    with pytest.raises(UserError) as info:
        data.validate()
    assert info.value.field == field


# --- printing to a terminal ----------------------------------------------------------------------


@pytest.mark.parametrize("label", sorted(CHARACTERS))
def test_printable_text_holds_nothing_a_terminal_obeys(label: str) -> None:
    shown = printable(CHARACTERS[label])
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in shown)
    assert not any(ch in BIDI_CONTROLS or ch in "\u2028\u2029" for ch in shown)
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in shown)
    shown.encode("utf-8")  # printable on any UTF-8 terminal


def test_printable_escapes_as_json_does() -> None:
    assert printable("abc\u202edcba") == "abc\\u202edcba"
    assert printable("\x1b[31mred") == "\\u001b[31mred"
    assert printable("a\nb") == "a\\u000ab"
    assert printable("a\nb\tc\rd", multiline=True) == "a\nb\tc\\u000dd"
    assert printable("박형준 محمد 😀 e\u0301") == "박형준 محمد 😀 e\u0301"  # scripts and emoji as they are
    document = json.dumps({"name": "\u202e\x85\x7f\ud800"}, ensure_ascii=False)
    assert json.loads(printable(document, multiline=True)) == json.loads(document)


def test_escaped_names_still_fit_their_column() -> None:
    assert len(fit(printable("\u202eevil\u202c"), 20)) == 20
