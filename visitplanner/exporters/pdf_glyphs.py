"""Warnings for characters a printed document could not draw, naming the person and the field they came from."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from visitplanner.exporters.pdf_plan import PersonView, Plan
from visitplanner.exporters.pdf_text import clean, collecting_missing, missing_glyphs, plain

#: Called with one warning line per field that printed incompletely.
Warn = Callable[[str], None]


def _fields(person: PersonView) -> Iterator[tuple[str, str]]:
    name = person.name
    yield from (
        ("family name", name.family_name),
        ("given names", name.given_names),
        ("native name", name.native_name),
        ("romanised name", name.romanised_name),
        ("honorific", name.honorific),
        ("form of address", name.form_of_address),
        ("title", person.title),
    )
    if person.organisation is not None:
        yield "organisation", person.organisation.name
        yield "organisation's native name", person.organisation.native_name
    yield from (
        ("languages", person.languages),
        ("dietary requirements", person.dietary),
        ("access needs", person.access_needs),
        ("biography", person.biography),
        ("notes", person.notes),
        ("arrival", person.arrival),
        ("departure", person.departure),
    )


def _people(plan: Plan) -> list[PersonView]:
    people = {p.key: p for p in plan.attendees}
    for vehicle in plan.vehicles:
        if vehicle.driver is not None:
            people.setdefault(vehicle.driver.key, vehicle.driver)
    return list(people.values())


def _describe(chars: frozenset[str]) -> str:
    return ", ".join(f"U+{ord(c):04X} {c}" for c in sorted(chars))


def glyph_warnings(plan: Plan, printed: Mapping[str, frozenset[str]]) -> list[str]:
    """One line per person's field printed with characters no embedded font has (`printed`: each
    line set in print with such characters, as `collecting_missing` gathers them), then one per other
    text (a visit, venue or engagement field) with such characters."""
    if not printed:
        return []
    warnings: list[str] = []
    explained: set[str] = set()
    for person in _people(plan):
        for field, value in _fields(person):
            chars = missing_glyphs(value)
            if not chars:
                continue
            lines = [line for line in (plain(part) for part in clean(value).split("\n")) if line]
            hits = {text for text in printed for line in lines if line in text}
            if not hits:
                continue  # this document does not print the field
            explained |= hits
            warnings.append(
                f"{plain(person.name.display)}: the {field} has characters no font can print ({_describe(chars)})"
            )
    for text, chars in printed.items():
        if text not in explained and not any(text in other for other in explained):
            shown = text if len(text) <= 60 else text[:59] + "…"
            warnings.append(f"“{shown}” has characters no font can print ({_describe(chars)})")
    return warnings


@contextmanager
def warning_of_missing_glyphs(plan: Plan, warn: Warn | None) -> Iterator[None]:
    """Around the building of a document from `plan`: when it is built, call `warn` with each
    field it printed with characters no font has."""
    with collecting_missing() as printed:
        yield
    if warn is not None:
        for line in glyph_warnings(plan, printed):
            warn(line)
