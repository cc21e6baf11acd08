"""A visit's briefing-pack editions as stored, read as values; who receives each."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.editions import LEGACY_NAMES, EditionData, parse_classes
from visitplanner.domain.enums import Role
from visitplanner.domain.errors import UserError
from visitplanner.store.models import Attendee, BriefingEdition
from visitplanner.store.queries import attendees_of


def edition_data(row: BriefingEdition) -> EditionData:
    """The stored edition as a value."""
    lines = tuple(line for line in row.distribution.split("\n") if line.strip())
    return EditionData(row.name, row.audience, row.marking, parse_classes(row.classes), lines)


def editions_of(session: Session, visit_id: int) -> list[EditionData]:
    """The visit's editions in the officer's order."""
    rows = session.scalars(
        select(BriefingEdition).where(BriefingEdition.visit_id == visit_id).order_by(BriefingEdition.position)
    )
    return [edition_data(row) for row in rows]


def find_edition(session: Session, visit_id: int, name: str) -> EditionData:
    """The edition called `name` (case and the old names "restricted" and "public" understood);
    a `UserError` lists the visit's editions otherwise."""
    editions = editions_of(session, visit_id)
    wanted = name.strip().casefold()
    for candidate in (wanted, LEGACY_NAMES.get(wanted, "").casefold()):
        for edition in editions:
            if edition.name.casefold() == candidate:
                return edition
    names = ", ".join(e.name for e in editions) or "none"
    raise UserError(f"edition: the visit has no edition called {name!r} (it has: {names})", field="edition")


def mentions(line: str, attendee: Attendee) -> bool:
    """True when a distribution line names the attendee (romanised, native or family-and-given name)."""
    text = " ".join(line.casefold().split())
    name = attendee.person.name
    forms = {name.romanised, name.native_name, name.display, f"{name.given_names} {name.family_name}"}
    return any(len(f.strip()) > 2 and " ".join(f.casefold().split()) in text for f in forms)


def distribution_of(session: Session, visit_id: int, edition: EditionData) -> list[str]:
    """Who receives the edition, in copy order: its own list, or else the attendees of its
    audience's sides by side and precedence (drivers get driver sheets instead)."""
    if edition.distribution:
        return list(edition.distribution)
    people = [
        a for a in attendees_of(session, visit_id) if a.side in edition.audience.sides and a.role is not Role.DRIVER
    ]
    return [", ".join(x for x in (a.person.name.display, a.person.title) if x) for a in people]
