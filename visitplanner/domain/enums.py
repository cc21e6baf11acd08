"""The closed vocabularies of the protocol office: kinds, sides, roles and statuses."""

from __future__ import annotations

from enum import StrEnum


class Privacy(StrEnum):
    """Who may see a field: exports build each edition from these classes."""

    PUBLIC = "public"
    INTERNAL = "internal"
    RESTRICTED = "restricted"


class VisitStatus(StrEnum):
    DRAFT = "draft"
    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class OrganisationKind(StrEnum):
    GOVERNMENT = "government"
    UNIVERSITY = "university"
    COMPANY = "company"
    AGENCY = "agency"
    DIPLOMATIC = "diplomatic"
    OTHER = "other"


class NameOrder(StrEnum):
    """Whether a person's family name is written first (Korean, Chinese) or last."""

    FAMILY_FIRST = "family_first"
    GIVEN_FIRST = "given_first"


class Side(StrEnum):
    VISITING = "visiting"
    HOST = "host"
    STAFF = "staff"


class Role(StrEnum):
    PRINCIPAL = "principal"
    DELEGATE = "delegate"
    HOST = "host"
    INTERPRETER = "interpreter"
    DRIVER = "driver"
    PHOTOGRAPHER = "photographer"
    SECURITY = "security"
    LIAISON = "liaison"
    OTHER = "other"


class EngagementKind(StrEnum):
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

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class EngagementStatus(StrEnum):
    TENTATIVE = "tentative"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


class AttendancePart(StrEnum):
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


class TravelMode(StrEnum):
    CAR = "car"
    WALK = "walk"
    COACH = "coach"
    TRAIN = "train"
    FLIGHT = "flight"
    OTHER = "other"
