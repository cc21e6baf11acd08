"""The gift register as plain rows (read by the Gifts tab, the checks and the register's exports)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.enums import Side
from visitplanner.domain.values import GiftData, money
from visitplanner.store.models import Attendee, Engagement, Gift, Organisation, Visit


def gift_data(gift: Gift) -> GiftData:
    """The gift as the plain value its editor and undo work with."""
    return GiftData(
        gift.description,
        gift.giver_attendee_id,
        gift.giver_organisation_id,
        gift.recipient_attendee_id,
        gift.recipient_organisation_id,
        gift.engagement_id,
        gift.value,
        gift.currency,
        gift.photo,
        gift.status,
        gift.notes,
    )


@dataclass(frozen=True)
class GiftRow:
    """A gift as the register shows it.

    Attributes:
        id, version: the gift's id and row version.
        data: its values.
        giver, recipient: names ("Park Heong-Joon (박형준)", or the organisation's name).
        giver_side, recipient_side: the side of an attendee, or the side of the visit an
            organisation is on (its visiting or host organisation), else None.
        engagement: the title of the engagement, or "".
        value_text: "GBP 150.00", or "".
    """

    id: int
    version: int
    data: GiftData
    giver: str
    recipient: str
    giver_side: Side | None
    recipient_side: Side | None
    engagement: str
    value_text: str


def read_gifts(session: Session, visit_id: int) -> list[GiftRow]:
    """The register, by engagement time (gifts at no engagement last), then description."""
    visit = session.get(Visit, visit_id)
    if visit is None:
        return []
    gifts = list(session.scalars(select(Gift).where(Gift.visit_id == visit_id)))
    if not gifts:  # the checks read this on every run: a visit without gifts costs one query
        return []
    # only the attendees and engagements the gifts name, not the whole visit's
    attendee_ids = {i for g in gifts for i in (g.giver_attendee_id, g.recipient_attendee_id) if i is not None}
    engagement_ids = {g.engagement_id for g in gifts if g.engagement_id is not None}
    attendees = (
        {a.id: a for a in session.scalars(select(Attendee).where(Attendee.id.in_(attendee_ids)))}
        if attendee_ids
        else {}
    )
    org_sides = {visit.visiting_organisation_id: Side.VISITING, visit.host_organisation_id: Side.HOST}
    engagements = (
        {e.id: e for e in session.scalars(select(Engagement).where(Engagement.id.in_(engagement_ids)))}
        if engagement_ids
        else {}
    )

    def party(attendee_id: int | None, organisation_id: int | None) -> tuple[str, Side | None]:
        if attendee_id is not None and attendee_id in attendees:
            a = attendees[attendee_id]
            return a.person.name.display, a.side
        if organisation_id is not None:
            org = session.get(Organisation, organisation_id)
            return (org.name if org is not None else ""), org_sides.get(organisation_id)
        return "", None

    rows = []
    for gift in gifts:
        data = gift_data(gift)
        giver, giver_side = party(gift.giver_attendee_id, gift.giver_organisation_id)
        recipient, recipient_side = party(gift.recipient_attendee_id, gift.recipient_organisation_id)
        engagement = engagements.get(gift.engagement_id) if gift.engagement_id is not None else None
        rows.append(
            GiftRow(
                gift.id,
                gift.version,
                data,
                giver,
                recipient,
                giver_side,
                recipient_side,
                engagement.title if engagement is not None else "",
                money(gift.value, gift.currency),
            )
        )
    start = {e.id: e.start_at for e in engagements.values()}
    rows.sort(
        key=lambda r: (
            r.data.engagement_id is None,
            start.get(r.data.engagement_id or 0, _EARLIEST),
            r.data.description.casefold(),
            r.id,
        )
    )
    return rows


_EARLIEST = datetime.min.replace(tzinfo=UTC)
