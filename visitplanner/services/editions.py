"""A visit's briefing-pack editions: the defaults every visit starts with, and the officer's own list."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.editions import MAX_EDITIONS, Audience, EditionData, default_editions, order_classes
from visitplanner.domain.enums import Side
from visitplanner.domain.errors import UserError
from visitplanner.services.base import get, service
from visitplanner.store.editions import distribution_of, edition_data, editions_of, find_edition, mentions
from visitplanner.store.models import BriefingEdition, Visit
from visitplanner.store.queries import attendees_of

__all__ = [
    "add_default_editions",
    "check_distribution",
    "distribution_of",
    "edition_data",
    "editions_of",
    "find_edition",
    "set_editions",
]


def check_distribution(session: Session, visit_id: int, edition: EditionData) -> None:
    """A host edition's list never names anyone of the visiting side (a `UserError` names the line)."""
    if edition.audience is not Audience.HOST:
        return
    visiting = [a for a in attendees_of(session, visit_id) if a.side is Side.VISITING]
    for n, line in enumerate(edition.distribution, start=1):
        for attendee in visiting:
            if mentions(line, attendee):
                raise UserError(
                    f"distribution line {n} of the {edition.name} edition: {attendee.person.name.display} is of the "
                    "visiting side; a host edition goes to host staff only",
                    field="distribution",
                )


def _store(session: Session, visit_id: int, editions: Sequence[EditionData]) -> None:
    for position, edition in enumerate(editions):
        session.add(
            BriefingEdition(
                visit_id=visit_id,
                position=position,
                name=edition.name.strip(),
                audience=edition.audience,
                marking=edition.marking.strip(),
                classes=",".join(c.value for c in order_classes(edition.classes)),
                distribution="\n".join(line.strip() for line in edition.distribution),
            )
        )


def add_default_editions(session: Session, visit_id: int) -> None:
    """Give a new visit the Host, Delegation and Public editions (called by the visit's creation)."""
    visit = get(session, Visit, visit_id, "visit")
    _store(session, visit_id, default_editions(visit.marking))


@service
def set_editions(session: Session, visit_id: int, editions: Iterable[EditionData]) -> Changes:
    """Replace the visit's editions with `editions`, in that order (undo passes the old list back).

    Refused: no edition, more than `MAX_EDITIONS`, two with one name, an invalid edition, a host
    edition listing someone of the visiting side.
    """
    visit = get(session, Visit, visit_id, "visit")
    chosen = list(editions)
    if not chosen:
        raise UserError("editions: a visit needs at least one edition", field="editions")
    if len(chosen) > MAX_EDITIONS:
        raise UserError(f"editions: at most {MAX_EDITIONS} editions", field="editions")
    seen: set[str] = set()
    for edition in chosen:
        edition.validate()
        key = edition.name.strip().casefold()
        if key in seen:
            raise UserError(f"name: two editions are called {edition.name.strip()!r}", field="name")
        seen.add(key)
        check_distribution(session, visit_id, edition)
    if [*map(_normal, chosen)] == [*map(_normal, editions_of(session, visit_id))]:
        return Changes()
    for row in session.scalars(select(BriefingEdition).where(BriefingEdition.visit_id == visit_id)):
        session.delete(row)
    session.flush()
    _store(session, visit_id, chosen)
    session.flush()
    return Changes.of_updated(Entity.VISIT, visit.id)


def _normal(edition: EditionData) -> EditionData:
    return EditionData(
        edition.name.strip(),
        edition.audience,
        edition.marking.strip(),
        frozenset(edition.classes),
        tuple(line.strip() for line in edition.distribution),
    )
