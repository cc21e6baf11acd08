"""The closed vocabularies of the protocol office: kinds, sides, roles and statuses."""

from __future__ import annotations

from enum import StrEnum


class Vocabulary(StrEnum):
    """A closed vocabulary whose members officers read: `label` is how each is written everywhere."""

    @property
    def label(self) -> str:
        """ "free_time" -> "Free time"."""
        return self.value.replace("_", " ").capitalize()


class Privacy(Vocabulary):
    """The class of information a field holds: each edition of an export names the classes it shows.

    `movements` are where the principals are and how they travel: arrival and departure times,
    transfers (their routes and times), vehicles and drivers, and so the hotel.
    """

    PUBLIC = "public"
    INTERNAL = "internal"
    MOVEMENTS = "movements"
    RESTRICTED = "restricted"


class VisitStatus(Vocabulary):
    DRAFT = "draft"
    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class OrganisationKind(Vocabulary):
    GOVERNMENT = "government"
    UNIVERSITY = "university"
    COMPANY = "company"
    AGENCY = "agency"
    DIPLOMATIC = "diplomatic"
    OTHER = "other"


class NameOrder(Vocabulary):
    """Whether a person's family name is written first (Korean, Chinese) or last."""

    FAMILY_FIRST = "family_first"
    GIVEN_FIRST = "given_first"


class Side(Vocabulary):
    VISITING = "visiting"
    HOST = "host"
    STAFF = "staff"

    @property
    def group(self) -> str:
        """The side's people as a group: "Delegation", "Hosts", "Support"."""
        return _SIDE_GROUPS[self]


_SIDE_GROUPS = {Side.VISITING: "Delegation", Side.HOST: "Hosts", Side.STAFF: "Support"}


class Role(Vocabulary):
    PRINCIPAL = "principal"
    DELEGATE = "delegate"
    HOST = "host"
    INTERPRETER = "interpreter"
    DRIVER = "driver"
    PHOTOGRAPHER = "photographer"
    SECURITY = "security"
    LIAISON = "liaison"
    OTHER = "other"


class EngagementKind(Vocabulary):
    MEETING = "meeting"
    TOUR = "tour"
    CEREMONY = "ceremony"
    MEAL = "meal"
    TRANSFER = "transfer"
    BRIEFING = "briefing"
    PRESS = "press"
    RECEPTION = "reception"
    FREE_TIME = "free_time"
    OTHER = "other"


class EngagementStatus(Vocabulary):
    TENTATIVE = "tentative"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


class AttendancePart(Vocabulary):
    """What an attendee does at one engagement."""

    PARTICIPANT = "participant"
    SIGNATORY = "signatory"
    SPEAKER = "speaker"
    PRESENTER = "presenter"
    CHAIR = "chair"
    WITNESS = "witness"
    GUIDE = "guide"
    INTERPRETER = "interpreter"
    DRIVER = "driver"
    PASSENGER = "passenger"
    SUPPORT = "support"


class TravelMode(Vocabulary):
    CAR = "car"
    WALK = "walk"
    COACH = "coach"
    TRAIN = "train"
    FLIGHT = "flight"
    OTHER = "other"


class InterpretationMode(Vocabulary):
    """How an engagement is interpreted when an interpreter attends it."""

    CONSECUTIVE = "consecutive"
    SIMULTANEOUS = "simultaneous"


class LegDirection(Vocabulary):
    """Whether a journey brings people to the visit or takes them home."""

    ARRIVAL = "arrival"
    DEPARTURE = "departure"


class JourneyMode(Vocabulary):
    """How people arrive or leave."""

    FLIGHT = "flight"
    TRAIN = "train"
    CAR = "car"
    OTHER = "other"


class TaskStatus(Vocabulary):
    """Where a readiness task stands; "reopened" is a done task whose subject has changed since."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    REOPENED = "reopened"


class DueAnchor(Vocabulary):
    """What a relative due date counts from."""

    BEFORE_START = "before_start"
    AFTER_END = "after_end"

    @property
    def label(self) -> str:
        """ "Before the visit", "After the visit"."""
        return "Before the visit" if self is DueAnchor.BEFORE_START else "After the visit"


class TaskWatch(Vocabulary):
    """What part of the plan a task is about: when it changes, a done task reopens."""

    NOTHING = "nothing"
    DIETARY = "dietary"
    PROGRAMME = "programme"

    @property
    def label(self) -> str:
        return _WATCH_LABELS[self]


_WATCH_LABELS = {
    TaskWatch.NOTHING: "Nothing (stays done)",
    TaskWatch.DIETARY: "Dietary needs and meal attendance",
    TaskWatch.PROGRAMME: "The programme (a new briefing issue due)",
}


class GiftStatus(Vocabulary):
    """Where a gift stands in the register."""

    PLANNED = "planned"
    BOUGHT = "bought"
    PRESENTED = "presented"
    RECEIVED = "received"
    DECLARED = "declared"
