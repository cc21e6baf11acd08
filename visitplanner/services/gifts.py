"""The gift register: gifts given and received at a visit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.errors import UserError
from visitplanner.domain.values import GiftData
from visitplanner.services.base import assign, check_version, get, service
from visitplanner.store.gifts import GiftRow as GiftRow  # the register's read lives in the store (exporters)
from visitplanner.store.gifts import gift_data as gift_data
from visitplanner.store.gifts import read_gifts as read_gifts
from visitplanner.store.models import Attendee, Engagement, Gift, Organisation, Visit


def _check(session: Session, visit_id: int, data: GiftData) -> None:
    data.validate()
    for field, ident in (("giver", data.giver_attendee_id), ("recipient", data.recipient_attendee_id)):
        if ident is not None:
            row = session.get(Attendee, ident)
            if row is None or row.visit_id != visit_id:
                raise UserError(f"{field}: attendee {ident} does not attend this visit", field=field)
    for field, ident in (("giver", data.giver_organisation_id), ("recipient", data.recipient_organisation_id)):
        if ident is not None:
            get(session, Organisation, ident, "organisation", field)
    if data.engagement_id is not None:
        engagement = session.get(Engagement, data.engagement_id)
        if engagement is None or engagement.visit_id != visit_id:
            raise UserError("engagement: not an engagement of this visit", field="engagement")


def _fields(data: GiftData) -> dict[str, object]:
    return {
        "description": data.description.strip(),
        "giver_attendee_id": data.giver_attendee_id,
        "giver_organisation_id": None if data.giver_attendee_id is not None else data.giver_organisation_id,
        "recipient_attendee_id": data.recipient_attendee_id,
        "recipient_organisation_id": None if data.recipient_attendee_id is not None else data.recipient_organisation_id,
        "engagement_id": data.engagement_id,
        "value": data.value,
        "currency": data.currency,
        "photo": data.photo.strip(),
        "status": data.status,
        "notes": data.notes,
    }


@service
def create_gift(session: Session, visit_id: int, data: GiftData) -> Changes:
    get(session, Visit, visit_id, "visit")
    _check(session, visit_id, data)
    gift = Gift(visit_id=visit_id, **_fields(data))
    session.add(gift)
    session.flush()
    return Changes.of_created(Entity.GIFT, gift.id)


@service
def update_gift(session: Session, gift_id: int, data: GiftData, expected_version: int | None = None) -> Changes:
    gift = get(session, Gift, gift_id, "gift")
    check_version(gift, expected_version, f"The gift {gift.description!r}")
    _check(session, gift.visit_id, data)
    return Changes.of_updated(Entity.GIFT, gift_id) if assign(gift, _fields(data)) else Changes()


@service
def delete_gift(session: Session, gift_id: int, expected_version: int | None = None) -> Changes:
    gift = get(session, Gift, gift_id, "gift")
    check_version(gift, expected_version, f"The gift {gift.description!r}")
    session.delete(gift)
    return Changes.of_deleted(Entity.GIFT, gift_id)


@service
def reattach_gift(session: Session, gift_id: int, engagement_id: int) -> Changes:
    """Put a gift back at its engagement (undo of the engagement's deletion), if it is at none now."""
    gift = session.get(Gift, gift_id)
    if gift is None or gift.engagement_id is not None:
        return Changes()
    gift.engagement_id = engagement_id
    return Changes.of_updated(Entity.GIFT, gift_id)


@service
def restore_party(session: Session, gift_id: int, attendee_id: int, role: str) -> Changes:
    """Give a gift back its giver or recipient ("giver"/"recipient"; undo of the attendee's removal)."""
    gift = session.get(Gift, gift_id)
    if gift is None:
        return Changes()
    column = f"{role}_attendee_id"
    if getattr(gift, column) is not None or getattr(gift, f"{role}_organisation_id") is not None:
        return Changes()
    setattr(gift, column, attendee_id)
    return Changes.of_updated(Entity.GIFT, gift_id)


@dataclass(frozen=True)
class GiftChoices:
    """What the gift editor offers: parties ("a:ID" attendees, "o:ID" organisations) and engagements.

    Attributes:
        parties: (key, name) of the visit's attendees (by side and precedence), then organisations.
        engagements: (id, "title (Tue 11 May 15:15)") in time order.
    """

    parties: tuple[tuple[str, str], ...]
    engagements: tuple[tuple[int, str], ...]


def gift_choices(session: Session, visit_id: int) -> GiftChoices:
    from visitplanner.domain.checks_text import Clock
    from visitplanner.domain.timerange import zone
    from visitplanner.store.queries import SIDE_ORDER

    visit = get(session, Visit, visit_id, "visit")
    attendees = sorted(
        session.scalars(select(Attendee).where(Attendee.visit_id == visit_id)),
        key=lambda a: (SIDE_ORDER[a.side], a.precedence, a.id),
    )
    organisations = session.scalars(select(Organisation).order_by(Organisation.name, Organisation.id)).all()
    clock = Clock(zone(visit.local_time_zone))
    engagements = session.scalars(
        select(Engagement).where(Engagement.visit_id == visit_id).order_by(Engagement.start_at, Engagement.id)
    ).all()
    return GiftChoices(
        (
            *((f"a:{a.id}", f"{a.person.name.display} · {a.side.label}") for a in attendees),
            *((f"o:{o.id}", f"{o.name} (organisation)") for o in organisations),
        ),
        tuple((e.id, f"{e.title} ({clock.at(e.start_at)})") for e in engagements),
    )
