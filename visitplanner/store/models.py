"""SQLAlchemy 2 typed models: every column declares its privacy class in `info`."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, object_session, relationship

from visitplanner.domain import limits
from visitplanner.domain.editions import Audience
from visitplanner.domain.enums import (
    AttendancePart,
    DueAnchor,
    EngagementKind,
    EngagementStatus,
    GiftStatus,
    InterpretationMode,
    JourneyMode,
    LegDirection,
    NameOrder,
    OrganisationKind,
    Role,
    Side,
    TaskStatus,
    TaskWatch,
    TravelMode,
    VisitStatus,
)
from visitplanner.domain.invitations import PartStat, SentMethod
from visitplanner.domain.names import PersonName
from visitplanner.domain.seating import SeatingStyle, TableShape
from visitplanner.store.types import INTERNAL, MOVEMENTS, PUBLIC, RESTRICTED, UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Ids are never reused (SQLite would reuse the highest freed id): undo and open
#: windows refer to rows by id.
NO_ID_REUSE: dict[str, Any] = {"sqlite_autoincrement": True}


def enum_column(enum: type[StrEnum]) -> Enum:
    """A portable string column holding one of `enum`'s values."""
    return Enum(
        enum,
        native_enum=False,
        length=limits.ENUM,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
        name=enum.__name__.lower(),
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), str: String(limits.LINE)}


def _id() -> Mapped[int]:
    return mapped_column(primary_key=True, info=INTERNAL)


def _version() -> Mapped[int]:
    return mapped_column(nullable=False, default=1, info=INTERNAL)


class Organisation(Base):
    """A government, university, company or agency taking part in visits."""

    __tablename__ = "organisation"
    __table_args__ = (NO_ID_REUSE,)
    id: Mapped[int] = _id()
    name: Mapped[str] = mapped_column(unique=True, info=PUBLIC)
    native_name: Mapped[str] = mapped_column(default="", info=PUBLIC)
    country: Mapped[str] = mapped_column(String(limits.COUNTRY), default="", info=PUBLIC)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind), info=PUBLIC)
    version: Mapped[int] = _version()
    __mapper_args__: dict[str, Any] = {"version_id_col": version}


class Person(Base):
    """An address-book entry, reused across visits."""

    __tablename__ = "person"
    __table_args__ = (NO_ID_REUSE,)
    id: Mapped[int] = _id()
    family_name: Mapped[str] = mapped_column(info=PUBLIC)
    given_names: Mapped[str] = mapped_column(default="", info=PUBLIC)
    native_name: Mapped[str] = mapped_column(default="", info=PUBLIC)
    romanised_name: Mapped[str] = mapped_column(default="", info=PUBLIC)
    name_order: Mapped[NameOrder] = mapped_column(enum_column(NameOrder), info=PUBLIC)
    honorific: Mapped[str] = mapped_column(default="", info=PUBLIC)
    form_of_address: Mapped[str] = mapped_column(default="", info=PUBLIC)
    title: Mapped[str] = mapped_column(default="", info=PUBLIC)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True, info=PUBLIC
    )
    email: Mapped[str] = mapped_column(default="", info=INTERNAL)
    phone: Mapped[str] = mapped_column(default="", info=RESTRICTED)
    languages: Mapped[str] = mapped_column(default="", info=INTERNAL)
    dietary: Mapped[str] = mapped_column(default="", info=RESTRICTED)
    access_needs: Mapped[str] = mapped_column(default="", info=RESTRICTED)
    biography: Mapped[str] = mapped_column(Text, default="", info=PUBLIC)
    notes: Mapped[str] = mapped_column(Text, default="", info=RESTRICTED)
    version: Mapped[int] = _version()
    __mapper_args__: dict[str, Any] = {"version_id_col": version}

    organisation: Mapped[Organisation | None] = relationship(lazy="joined")

    @property
    def name(self) -> PersonName:
        return PersonName(
            self.family_name,
            self.given_names,
            self.native_name,
            self.romanised_name,
            self.name_order,
            self.honorific,
            self.form_of_address,
        )


class Visit(Base):
    """One official visit: dates, zones, organisations and its briefing-pack issue number."""

    __tablename__ = "visit"
    __table_args__ = (NO_ID_REUSE,)
    id: Mapped[int] = _id()
    title: Mapped[str] = mapped_column(info=PUBLIC)
    slug: Mapped[str] = mapped_column(String(limits.SLUG), unique=True, info=PUBLIC)
    visiting_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), info=PUBLIC
    )
    host_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), info=PUBLIC
    )
    start_date: Mapped[date] = mapped_column(info=PUBLIC)
    end_date: Mapped[date] = mapped_column(info=PUBLIC)
    local_time_zone: Mapped[str] = mapped_column(String(limits.ZONE), info=PUBLIC)
    home_time_zone: Mapped[str] = mapped_column(String(limits.ZONE), info=PUBLIC)
    purpose: Mapped[str] = mapped_column(Text, default="", info=PUBLIC)
    objectives: Mapped[str] = mapped_column(Text, default="", info=PUBLIC)
    status: Mapped[VisitStatus] = mapped_column(enum_column(VisitStatus), info=PUBLIC)
    marking: Mapped[str] = mapped_column(String(limits.MARKING), default="OFFICIAL", info=PUBLIC)
    issue_number: Mapped[int] = mapped_column(default=0, info=PUBLIC)
    version: Mapped[int] = _version()
    __mapper_args__: dict[str, Any] = {"version_id_col": version}

    visiting_organisation: Mapped[Organisation | None] = relationship(
        foreign_keys=[visiting_organisation_id], lazy="joined"
    )
    host_organisation: Mapped[Organisation | None] = relationship(foreign_keys=[host_organisation_id], lazy="joined")
    attendees: Mapped[list[Attendee]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", passive_deletes=True, order_by="Attendee.precedence"
    )
    engagements: Mapped[list[Engagement]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", passive_deletes=True, order_by="Engagement.start_at"
    )
    vehicles: Mapped[list[Vehicle]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", passive_deletes=True, order_by="Vehicle.label"
    )
    editions: Mapped[list[BriefingEdition]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", passive_deletes=True, order_by="BriefingEdition.position"
    )


class Attendee(Base):
    """A person's part in one visit: side, role, precedence and travel details."""

    __tablename__ = "attendee"
    __table_args__ = (UniqueConstraint("visit_id", "person_id"), NO_ID_REUSE)
    id: Mapped[int] = _id()
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True, info=INTERNAL)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True, info=INTERNAL)
    side: Mapped[Side] = mapped_column(enum_column(Side), info=PUBLIC)
    role: Mapped[Role] = mapped_column(enum_column(Role), info=PUBLIC)
    precedence: Mapped[int] = mapped_column(info=PUBLIC)
    arrival: Mapped[str] = mapped_column(Text, default="", info=MOVEMENTS)
    departure: Mapped[str] = mapped_column(Text, default="", info=MOVEMENTS)
    #: The language of their documents ("ko"); "" : the usual one for their person's languages.
    document_language: Mapped[str] = mapped_column(
        String(limits.LANGUAGE_CODE), default="", server_default="", info=INTERNAL
    )
    version: Mapped[int] = _version()
    __mapper_args__: dict[str, Any] = {"version_id_col": version}

    visit: Mapped[Visit] = relationship(back_populates="attendees")
    person: Mapped[Person] = relationship(lazy="joined")


class Venue(Base):
    """A facility in the office's venue book, with rooms, hours and a site contact."""

    __tablename__ = "venue"
    __table_args__ = (NO_ID_REUSE,)
    id: Mapped[int] = _id()
    name: Mapped[str] = mapped_column(info=PUBLIC)
    code: Mapped[str] = mapped_column(String(limits.VENUE_CODE), unique=True, info=PUBLIC)
    address: Mapped[str] = mapped_column(Text, default="", info=PUBLIC)
    latitude: Mapped[float | None] = mapped_column(info=PUBLIC)
    longitude: Mapped[float | None] = mapped_column(info=PUBLIC)
    time_zone: Mapped[str] = mapped_column(String(limits.ZONE), default="", info=PUBLIC)
    capacity: Mapped[int | None] = mapped_column(info=PUBLIC)
    opening_hours: Mapped[dict[str, list[list[str]]] | None] = mapped_column(JSON, info=PUBLIC)
    access_notes: Mapped[str] = mapped_column(Text, default="", info=INTERNAL)
    site_contact: Mapped[str] = mapped_column(default="", info=INTERNAL)
    site_contact_phone: Mapped[str] = mapped_column(default="", info=RESTRICTED)
    description: Mapped[str] = mapped_column(Text, default="", info=PUBLIC)
    #: The name in another script (e.g. Hangul: "리버풀 시청"), "" when none is given.
    native_name: Mapped[str] = mapped_column(default="", server_default="", info=PUBLIC)
    version: Mapped[int] = _version()
    __mapper_args__: dict[str, Any] = {"version_id_col": version}

    rooms: Mapped[list[Room]] = relationship(
        back_populates="venue", cascade="all, delete-orphan", passive_deletes=True, order_by="Room.name"
    )


class Room(Base):
    """A room within a venue."""

    __tablename__ = "room"
    __table_args__ = (UniqueConstraint("venue_id", "name"), NO_ID_REUSE)
    id: Mapped[int] = _id()
    venue_id: Mapped[int] = mapped_column(ForeignKey("venue.id", ondelete="CASCADE"), index=True, info=INTERNAL)
    name: Mapped[str] = mapped_column(info=PUBLIC)
    capacity: Mapped[int | None] = mapped_column(info=PUBLIC)
    notes: Mapped[str] = mapped_column(Text, default="", info=INTERNAL)
    #: The name in another script, "" when none is given.
    native_name: Mapped[str] = mapped_column(default="", server_default="", info=PUBLIC)
    version: Mapped[int] = _version()
    __mapper_args__: dict[str, Any] = {"version_id_col": version}

    venue: Mapped[Venue] = relationship(back_populates="rooms")


class TravelTime(Base):
    """Minutes from one venue to another by one mode (looked up both ways)."""

    __tablename__ = "travel_time"
    __table_args__ = (UniqueConstraint("from_venue_id", "to_venue_id"), NO_ID_REUSE)
    id: Mapped[int] = _id()
    from_venue_id: Mapped[int] = mapped_column(ForeignKey("venue.id", ondelete="CASCADE"), info=INTERNAL)
    to_venue_id: Mapped[int] = mapped_column(ForeignKey("venue.id", ondelete="CASCADE"), index=True, info=INTERNAL)
    minutes: Mapped[int] = mapped_column(info=PUBLIC)
    mode: Mapped[TravelMode] = mapped_column(enum_column(TravelMode), info=PUBLIC)
    version: Mapped[int] = _version()
    __mapper_args__: dict[str, Any] = {"version_id_col": version}


class Vehicle(Base):
    """A car or coach at one visit's disposal, with its driver (an attendee)."""

    __tablename__ = "vehicle"
    __table_args__ = (UniqueConstraint("visit_id", "label"), NO_ID_REUSE)
    id: Mapped[int] = _id()
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True, info=INTERNAL)
    label: Mapped[str] = mapped_column(info=MOVEMENTS)
    capacity: Mapped[int] = mapped_column(info=MOVEMENTS)
    driver_attendee_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendee.id", ondelete="SET NULL"), index=True, info=MOVEMENTS
    )
    registration: Mapped[str] = mapped_column(String(limits.REGISTRATION), default="", info=MOVEMENTS)
    notes: Mapped[str] = mapped_column(Text, default="", info=MOVEMENTS)
    version: Mapped[int] = _version()
    __mapper_args__: dict[str, Any] = {"version_id_col": version}

    visit: Mapped[Visit] = relationship(back_populates="vehicles")
    driver: Mapped[Attendee | None] = relationship()


class Engagement(Base):
    """An itinerary item; `uuid` is its calendar UID and `sequence` its calendar revision."""

    __tablename__ = "engagement"
    __table_args__ = (Index("ix_engagement_visit_time", "visit_id", "start_at", "end_at"), NO_ID_REUSE)
    id: Mapped[int] = _id()
    uuid: Mapped[str] = mapped_column(String(limits.UUID), unique=True, default=lambda: str(uuid.uuid4()), info=PUBLIC)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), info=INTERNAL)
    kind: Mapped[EngagementKind] = mapped_column(enum_column(EngagementKind), info=PUBLIC)
    title: Mapped[str] = mapped_column(info=PUBLIC)
    start_at: Mapped[datetime] = mapped_column(info=PUBLIC)
    end_at: Mapped[datetime] = mapped_column(info=PUBLIC)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venue.id", ondelete="RESTRICT"), index=True, info=PUBLIC)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id", ondelete="SET NULL"), index=True, info=PUBLIC)
    origin_venue_id: Mapped[int | None] = mapped_column(
        ForeignKey("venue.id", ondelete="RESTRICT"), index=True, info=MOVEMENTS
    )
    vehicle_id: Mapped[int | None] = mapped_column(
        ForeignKey("vehicle.id", ondelete="SET NULL"), index=True, info=MOVEMENTS
    )
    public_notes: Mapped[str] = mapped_column(Text, default="", info=PUBLIC)
    restricted_notes: Mapped[str] = mapped_column(Text, default="", info=RESTRICTED)
    dress_code: Mapped[str] = mapped_column(default="", info=PUBLIC)
    interpretation: Mapped[InterpretationMode] = mapped_column(
        enum_column(InterpretationMode), default=InterpretationMode.CONSECUTIVE, info=PUBLIC
    )
    status: Mapped[EngagementStatus] = mapped_column(enum_column(EngagementStatus), info=PUBLIC)
    #: Whether the engagement may be printed in a public edition (a transfer never is).
    is_public: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), info=PUBLIC)
    #: Unnamed guests beyond the attendees ("+3 guests"), and who they are ("spouses", "press").
    guest_count: Mapped[int] = mapped_column(default=0, server_default="0", info=INTERNAL)
    guest_label: Mapped[str] = mapped_column(String(limits.LINE), default="", server_default="", info=INTERNAL)
    sequence: Mapped[int] = mapped_column(default=0, info=PUBLIC)
    created_at: Mapped[datetime] = mapped_column(info=INTERNAL)
    modified_at: Mapped[datetime] = mapped_column(info=INTERNAL)
    version: Mapped[int] = _version()
    __mapper_args__: dict[str, Any] = {"version_id_col": version}

    visit: Mapped[Visit] = relationship(back_populates="engagements")
    venue: Mapped[Venue | None] = relationship(foreign_keys=[venue_id])
    room: Mapped[Room | None] = relationship()
    origin_venue: Mapped[Venue | None] = relationship(foreign_keys=[origin_venue_id])
    vehicle: Mapped[Vehicle | None] = relationship()
    attendances: Mapped[list[Attendance]] = relationship(
        back_populates="engagement", cascade="all, delete-orphan", passive_deletes=True
    )
    guests: Mapped[list[EngagementGuest]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="EngagementGuest.number"
    )


class EngagementGuest(Base):
    """One of an engagement's unnamed guests with something particular: its own label ("spouse"),
    the attendee it accompanies (seated beside them), or the side it seats with."""

    __tablename__ = "engagement_guest"
    __table_args__ = (UniqueConstraint("engagement_id", "number"), NO_ID_REUSE)
    id: Mapped[int] = _id()
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"), info=INTERNAL)
    number: Mapped[int] = mapped_column(info=INTERNAL)
    label: Mapped[str] = mapped_column(String(limits.LINE), default="", info=INTERNAL)
    accompanies_attendee_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendee.id", ondelete="SET NULL"), index=True, info=INTERNAL
    )
    side: Mapped[Side] = mapped_column(enum_column(Side), default=Side.HOST, info=INTERNAL)


class Attendance(Base):
    """An attendee taking part in an engagement, with their part (e.g. signatory)."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("engagement_id", "attendee_id"), NO_ID_REUSE)
    id: Mapped[int] = _id()
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"), info=INTERNAL)
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendee.id", ondelete="CASCADE"), index=True, info=INTERNAL)
    part: Mapped[AttendancePart] = mapped_column(enum_column(AttendancePart), info=PUBLIC)

    engagement: Mapped[Engagement] = relationship(back_populates="attendances")
    attendee: Mapped[Attendee] = relationship(lazy="joined")


#: Travel details (flights, trains, who meets whom) are movements: shown only in editions that
#: show movements (Host, Delegation), never in a public one.
LEG = MOVEMENTS


class TravelLeg(Base):
    """A journey bringing attendees to the visit or taking them home (a flight, train or car),
    shared by everyone on it; times are stored in UTC with the zone each end is written in."""

    __tablename__ = "travel_leg"
    __table_args__ = (Index("ix_travel_leg_visit_time", "visit_id", "arrives_at"), NO_ID_REUSE)
    id: Mapped[int] = _id()
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), info=INTERNAL)
    direction: Mapped[LegDirection] = mapped_column(enum_column(LegDirection), info=LEG)
    mode: Mapped[JourneyMode] = mapped_column(enum_column(JourneyMode), info=LEG)
    carrier: Mapped[str] = mapped_column(default="", info=LEG)
    number: Mapped[str] = mapped_column(String(limits.LEG_NUMBER), default="", info=LEG)
    from_place: Mapped[str] = mapped_column(default="", info=LEG)
    from_terminal: Mapped[str] = mapped_column(String(limits.TERMINAL), default="", info=LEG)
    to_place: Mapped[str] = mapped_column(default="", info=LEG)
    to_terminal: Mapped[str] = mapped_column(String(limits.TERMINAL), default="", info=LEG)
    departs_at: Mapped[datetime] = mapped_column(info=LEG)
    departs_zone: Mapped[str] = mapped_column(String(limits.ZONE), info=LEG)
    arrives_at: Mapped[datetime] = mapped_column(info=LEG)
    arrives_zone: Mapped[str] = mapped_column(String(limits.ZONE), info=LEG)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venue.id", ondelete="RESTRICT"), index=True, info=LEG)
    met_by_attendee_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendee.id", ondelete="SET NULL"), index=True, info=LEG
    )
    notes: Mapped[str] = mapped_column(Text, default="", info=LEG)
    version: Mapped[int] = _version()
    __mapper_args__: dict[str, Any] = {"version_id_col": version}

    travellers: Mapped[list[TravelLegTraveller]] = relationship(
        back_populates="leg", cascade="all, delete-orphan", passive_deletes=True
    )


class TravelLegTraveller(Base):
    """An attendee on a travel leg."""

    __tablename__ = "travel_leg_traveller"
    __table_args__ = (UniqueConstraint("leg_id", "attendee_id"), NO_ID_REUSE)
    id: Mapped[int] = _id()
    leg_id: Mapped[int] = mapped_column(ForeignKey("travel_leg.id", ondelete="CASCADE"), info=INTERNAL)
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendee.id", ondelete="CASCADE"), index=True, info=INTERNAL)

    leg: Mapped[TravelLeg] = relationship(back_populates="travellers")


class SeatingPlan(Base):
    """The seating plan of one engagement: its convention, tables and who sits where.

    Tables and seats carry no version of their own: every change to them touches the plan
    (`modified_at`), so the plan's version guards the whole plan.
    """

    __tablename__ = "seating_plan"
    __table_args__ = (NO_ID_REUSE,)
    id: Mapped[int] = _id()
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagement.id", ondelete="CASCADE"), unique=True, info=INTERNAL
    )
    style: Mapped[SeatingStyle] = mapped_column(enum_column(SeatingStyle), info=PUBLIC)
    modified_at: Mapped[datetime] = mapped_column(info=INTERNAL)
    version: Mapped[int] = _version()
    __mapper_args__: dict[str, Any] = {"version_id_col": version}

    tables: Mapped[list[SeatingTable]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", passive_deletes=True, order_by="SeatingTable.number"
    )


class SeatingTable(Base):
    """A table of a seating plan: numbered from 1 in the plan, its shape, seats and place in the room (metres)."""

    __tablename__ = "seating_table"
    __table_args__ = (UniqueConstraint("plan_id", "number"), NO_ID_REUSE)
    id: Mapped[int] = _id()
    plan_id: Mapped[int] = mapped_column(ForeignKey("seating_plan.id", ondelete="CASCADE"), info=INTERNAL)
    number: Mapped[int] = mapped_column(info=PUBLIC)
    label: Mapped[str] = mapped_column(info=PUBLIC)
    shape: Mapped[TableShape] = mapped_column(enum_column(TableShape), info=PUBLIC)
    seats: Mapped[int] = mapped_column(info=PUBLIC)
    x: Mapped[float] = mapped_column(info=PUBLIC)
    y: Mapped[float] = mapped_column(info=PUBLIC)
    rotation: Mapped[int] = mapped_column(default=0, info=PUBLIC)

    plan: Mapped[SeatingPlan] = relationship(back_populates="tables")


class SeatAssignment(Base):
    """An attendee, or one of the engagement's unnamed guests (by number), in a seat of a plan's
    table; a locked seat keeps its sitter when auto-seating."""

    __tablename__ = "seat_assignment"
    __table_args__ = (
        UniqueConstraint("table_id", "seat"),
        UniqueConstraint("plan_id", "attendee_id"),
        UniqueConstraint("plan_id", "guest", name="uq_seat_assignment_plan_id_guest"),
        CheckConstraint("(attendee_id IS NULL) <> (guest IS NULL)", name="attendee_or_guest"),
        NO_ID_REUSE,
    )
    id: Mapped[int] = _id()
    plan_id: Mapped[int] = mapped_column(ForeignKey("seating_plan.id", ondelete="CASCADE"), info=INTERNAL)
    table_id: Mapped[int] = mapped_column(ForeignKey("seating_table.id", ondelete="CASCADE"), info=INTERNAL)
    seat: Mapped[int] = mapped_column(info=PUBLIC)
    attendee_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendee.id", ondelete="CASCADE"), index=True, info=INTERNAL
    )
    #: An unnamed guest of the engagement (1 to its `guest_count`) when no attendee sits here.
    guest: Mapped[int | None] = mapped_column(info=INTERNAL)
    locked: Mapped[bool] = mapped_column(default=False, info=INTERNAL)


class ReadinessTask(Base):
    """A task of a visit's readiness checklist: owner, due date (absolute or relative), status.

    `done_on` is what the task's `watch` looked like when it was done: when the plan no longer
    matches it, the task reads as reopened.
    """

    __tablename__ = "readiness_task"
    __table_args__ = (NO_ID_REUSE,)
    id: Mapped[int] = _id()
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True, info=INTERNAL)
    title: Mapped[str] = mapped_column(info=INTERNAL)
    owner: Mapped[str] = mapped_column(default="", info=INTERNAL)
    due_date: Mapped[date | None] = mapped_column(info=INTERNAL)
    due_days: Mapped[int | None] = mapped_column(info=INTERNAL)
    due_anchor: Mapped[DueAnchor] = mapped_column(enum_column(DueAnchor), info=INTERNAL)
    status: Mapped[TaskStatus] = mapped_column(enum_column(TaskStatus), info=INTERNAL)
    watch: Mapped[TaskWatch] = mapped_column(enum_column(TaskWatch), info=INTERNAL)
    notes: Mapped[str] = mapped_column(Text, default="", info=INTERNAL)
    done_on: Mapped[str] = mapped_column(String(limits.FINGERPRINT), default="", info=INTERNAL)
    version: Mapped[int] = _version()
    __mapper_args__: dict[str, Any] = {"version_id_col": version}


class TaskTemplateItem(Base):
    """A line of the office's readiness template, copied into a visit's checklist on request."""

    __tablename__ = "task_template"
    __table_args__ = (NO_ID_REUSE,)
    id: Mapped[int] = _id()
    position: Mapped[int] = mapped_column(info=INTERNAL)
    title: Mapped[str] = mapped_column(info=INTERNAL)
    owner: Mapped[str] = mapped_column(default="", info=INTERNAL)
    due_days: Mapped[int | None] = mapped_column(info=INTERNAL)
    due_anchor: Mapped[DueAnchor] = mapped_column(enum_column(DueAnchor), info=INTERNAL)
    watch: Mapped[TaskWatch] = mapped_column(enum_column(TaskWatch), info=INTERNAL)
    notes: Mapped[str] = mapped_column(Text, default="", info=INTERNAL)


class Gift(Base):
    """A gift in a visit's register: giver and recipient (an attendee or an organisation), the
    engagement where it is presented, estimated value (minor units) and currency, photo, status."""

    __tablename__ = "gift"
    __table_args__ = (NO_ID_REUSE,)
    id: Mapped[int] = _id()
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True, info=INTERNAL)
    description: Mapped[str] = mapped_column(info=INTERNAL)
    giver_attendee_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendee.id", ondelete="SET NULL"), index=True, info=INTERNAL
    )
    giver_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), info=INTERNAL
    )
    recipient_attendee_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendee.id", ondelete="SET NULL"), index=True, info=INTERNAL
    )
    recipient_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), info=INTERNAL
    )
    engagement_id: Mapped[int | None] = mapped_column(
        ForeignKey("engagement.id", ondelete="SET NULL"), index=True, info=INTERNAL
    )
    value: Mapped[int | None] = mapped_column(info=RESTRICTED)
    currency: Mapped[str] = mapped_column(String(limits.CURRENCY), default="GBP", info=RESTRICTED)
    photo: Mapped[str] = mapped_column(Text, default="", info=INTERNAL)
    status: Mapped[GiftStatus] = mapped_column(enum_column(GiftStatus), info=INTERNAL)
    notes: Mapped[str] = mapped_column(Text, default="", info=RESTRICTED)
    version: Mapped[int] = _version()
    __mapper_args__: dict[str, Any] = {"version_id_col": version}


class BriefingEdition(Base):
    """One edition of a visit's briefing pack: audience, marking, classes shown and distribution list.

    `classes` holds the `Privacy` values shown, comma-separated in `Privacy`'s order;
    `distribution` one recipient per line in copy order ("" : the audience's attendees).
    """

    __tablename__ = "briefing_edition"
    __table_args__ = (UniqueConstraint("visit_id", "name"), NO_ID_REUSE)
    id: Mapped[int] = _id()
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True, info=INTERNAL)
    position: Mapped[int] = mapped_column(default=0, info=INTERNAL)
    name: Mapped[str] = mapped_column(String(limits.EDITION_NAME), info=PUBLIC)
    audience: Mapped[Audience] = mapped_column(enum_column(Audience), info=PUBLIC)
    marking: Mapped[str] = mapped_column(String(limits.MARKING), default="", info=PUBLIC)
    classes: Mapped[str] = mapped_column(default="public", info=INTERNAL)
    distribution: Mapped[str] = mapped_column(Text, default="", info=INTERNAL)
    version: Mapped[int] = _version()
    __mapper_args__: dict[str, Any] = {"version_id_col": version}

    visit: Mapped[Visit] = relationship(back_populates="editions")


class BriefingIssue(Base):
    """A recorded issue of a visit's briefing pack: its number and a snapshot of the plan it showed.

    The next issue's "changes since the previous issue" compares the plan with this snapshot.
    `snapshot_of` builds a snapshot; `SNAPSHOT_SOURCES` names the column each snapshot field is
    copied from, so an edition shows a change only if it may see the field that changed.
    """

    __tablename__ = "briefing_issue"
    __table_args__ = (UniqueConstraint("visit_id", "number"), NO_ID_REUSE)
    id: Mapped[int] = _id()
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), info=INTERNAL)
    number: Mapped[int] = mapped_column(info=PUBLIC)
    issued_at: Mapped[datetime] = mapped_column(info=PUBLIC)
    issued_by: Mapped[str] = mapped_column(default="", info=INTERNAL)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, info=INTERNAL)
    #: The numbered copies issued: edition name -> the distribution list, in copy order.
    copies: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict, info=INTERNAL)

    #: The version of the snapshot layout written by `snapshot_of`.
    SNAPSHOT_FORMAT = 1
    #: Snapshot field of an engagement -> the column ("table.column") it is copied from.
    SNAPSHOT_SOURCES = {
        "title": "engagement.title",
        "kind": "engagement.kind",
        "status": "engagement.status",
        "start": "engagement.start_at",
        "end": "engagement.end_at",
        "venue": "engagement.venue_id",
        "room": "engagement.room_id",
        "origin": "engagement.origin_venue_id",
        "vehicle": "engagement.vehicle_id",
        "attendances": "attendance.part",
    }

    @staticmethod
    def snapshot_of(attendees: Iterable[Attendee], engagements: Iterable[Engagement]) -> dict[str, Any]:
        """The plan as the changes section compares it (JSON-ready; instants in UTC ISO 8601).

        Attendees and attendances are keyed by attendee id (ids are never reused). Places and
        vehicles are looked up by their ids, so a relationship loaded before a service changed the
        id cannot leave a stale name in the snapshot.
        """

        def get(row: Engagement, model: type[Base], ident: int | None) -> Any:
            session = object_session(row)
            return session.get(model, ident) if ident is not None and session is not None else None

        def place(row: Engagement, ident: int | None) -> str | None:
            venue: Venue | None = get(row, Venue, ident)
            return f"{venue.name} ({venue.code})" if venue is not None else None

        engagements_doc: dict[str, Any] = {}
        for row in engagements:
            room: Room | None = get(row, Room, row.room_id)
            vehicle: Vehicle | None = get(row, Vehicle, row.vehicle_id)
            engagements_doc[row.uuid] = {
                "title": row.title,
                "kind": row.kind.value,
                "status": row.status.value,
                "start": row.start_at.isoformat(),
                "end": row.end_at.isoformat(),
                "venue": place(row, row.venue_id),
                "room": room.name if room is not None else None,
                "origin": place(row, row.origin_venue_id),
                "vehicle": vehicle.label if vehicle is not None else None,
                "attendances": {str(a.attendee_id): a.part.value for a in row.attendances},
            }
        return {
            "format": BriefingIssue.SNAPSHOT_FORMAT,
            "attendees": {str(a.id): a.person.name.display for a in attendees},
            "engagements": engagements_doc,
        }


class InvitationSent(Base):
    """The last iTIP message sent to one recipient (a calendar address) about one engagement UID.

    Kept when the engagement is deleted or the person leaves the visit (they are still owed, or
    were sent, its cancellation): `uid` and `address` are plain values, not foreign keys.
    `digest` is of the event as the recipient saw it ("" for a cancellation); `title`, `start_at`
    and `end_at` are what it showed, so a cancellation can name the engagement after it is gone.
    """

    __tablename__ = "invitation_sent"
    __table_args__ = (UniqueConstraint("visit_id", "address", "uid"), NO_ID_REUSE)
    id: Mapped[int] = _id()
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True, info=INTERNAL)
    address: Mapped[str] = mapped_column(info=INTERNAL)
    name: Mapped[str] = mapped_column(default="", info=INTERNAL)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True, info=INTERNAL
    )
    uid: Mapped[str] = mapped_column(String(limits.UUID), info=PUBLIC)
    method: Mapped[SentMethod] = mapped_column(enum_column(SentMethod), info=INTERNAL)
    sequence: Mapped[int] = mapped_column(info=PUBLIC)
    digest: Mapped[str] = mapped_column(String(limits.FINGERPRINT), default="", info=INTERNAL)
    title: Mapped[str] = mapped_column(default="", info=PUBLIC)
    start_at: Mapped[datetime] = mapped_column(info=PUBLIC)
    end_at: Mapped[datetime] = mapped_column(info=PUBLIC)
    sent_at: Mapped[datetime] = mapped_column(info=INTERNAL)


class InvitationReply(Base):
    """A recipient's answer (PARTSTAT) to the invitation for one engagement UID, from an iTIP REPLY."""

    __tablename__ = "invitation_reply"
    __table_args__ = (UniqueConstraint("visit_id", "address", "uid"), NO_ID_REUSE)
    id: Mapped[int] = _id()
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True, info=INTERNAL)
    address: Mapped[str] = mapped_column(info=INTERNAL)
    uid: Mapped[str] = mapped_column(String(limits.UUID), info=PUBLIC)
    partstat: Mapped[PartStat] = mapped_column(enum_column(PartStat), info=INTERNAL)
    sequence: Mapped[int] = mapped_column(info=INTERNAL)
    received_at: Mapped[datetime] = mapped_column(info=INTERNAL)


class SheetMapping(Base):
    """The column mapping an officer last chose for spreadsheets with one set of headers, shared by
    the import dialog and `visitplanner import attendees` (and by every officer of the database).

    `key` identifies the headers (`importers.attendee_sheet.mapping_key`); `targets` holds one field
    per column, comma-separated ("full_name,ignore,email")."""

    __tablename__ = "sheet_mapping"
    __table_args__ = (NO_ID_REUSE,)
    id: Mapped[int] = _id()
    key: Mapped[str] = mapped_column(String(64), unique=True, info=INTERNAL)
    targets: Mapped[str] = mapped_column(Text, info=INTERNAL)
    used_at: Mapped[datetime] = mapped_column(info=INTERNAL)


class CalDavCopy(Base):
    """An event as this database last put it on a CalDAV server (see `visitplanner/exporters/caldav.py`).

    Bookkeeping of the server's state, not part of the plan: `etag` is the server's tag for what
    was put (a change by anyone else changes it: reported, not overwritten) and `digest` that of
    the event put (an unchanged event is not sent again). No password is ever kept here.
    """

    __tablename__ = "caldav_copy"
    __table_args__ = (UniqueConstraint("visit_id", "calendar", "uid"), NO_ID_REUSE)
    id: Mapped[int] = _id()
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True, info=INTERNAL)
    calendar: Mapped[str] = mapped_column(String(limits.ADDRESS), info=INTERNAL)
    uid: Mapped[str] = mapped_column(info=PUBLIC)
    href: Mapped[str] = mapped_column(String(limits.ADDRESS), info=INTERNAL)
    etag: Mapped[str] = mapped_column(default="", info=INTERNAL)
    digest: Mapped[str] = mapped_column(String(limits.FINGERPRINT), default="", info=INTERNAL)
    published_at: Mapped[datetime] = mapped_column(info=INTERNAL)


class OfficeSetting(Base):
    """One of the office's settings, shared by every officer of the database: for now the limits
    the checks apply (`visitplanner.domain.office.LIMITS`; `name` is the limit's, `value` its text).

    Office-wide, not a visit's data: not in the visit file (a visit moved to another office is
    checked against that office's limits). Internal: the office's working rules, no one's
    personal data."""

    __tablename__ = "office_setting"
    name: Mapped[str] = mapped_column(String(64), primary_key=True, info=INTERNAL)
    value: Mapped[str] = mapped_column(info=INTERNAL)
